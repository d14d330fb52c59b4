import type { AssessTask, HeavyWork } from "../services/heavy-work.js";
import { runAssessTask, runIngestTask } from "./tasks.js";

/** Runs the heavy steps on the calling thread (CLI commands, `app.request` tests). */
export function createInlineWork(): HeavyWork {
  return {
    ingestSbom: async (bytes) => runIngestTask(bytes),
    assess: (task: AssessTask) => runAssessTask(task),
    close: async () => {},
  };
}
