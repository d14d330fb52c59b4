// Entry of each worker when the pool runs from the TypeScript sources (vitest, tsx): register tsx's loader in
// this thread or process (module hooks are not inherited), then load the task loop. The compiled package (dist/)
// starts workers on dist/workers/task-loop.js directly and never loads this file; tsx is a
// development dependency only.
import { register } from "tsx/esm/api";

register();
await import("./task-loop.ts");
