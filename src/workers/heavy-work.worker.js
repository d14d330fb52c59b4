// Entry of each worker thread: register tsx's loader in this thread (module hooks are per thread), then load the
// TypeScript task module. Kept as .js on purpose, see src/workers/pool.ts.
import { register } from "tsx/esm/api";

register();
await import("./heavy-work.worker-main.ts");
