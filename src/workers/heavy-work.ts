import type { AssessOutcome, AssessTask, HeavyWork, SbomIngestOutcome } from "../services/heavy-work.js";
import { WorkerPool } from "./pool.js";
import { runAssessTask, runIngestTask } from "./tasks.js";

const WORKER_ENTRY = new URL("./heavy-work.worker.js", import.meta.url);

/** Runs the heavy steps in `size` worker threads (the HTTP service). */
export function createWorkerPoolWork(size: number): HeavyWork & { pool: WorkerPool } {
  const pool = new WorkerPool(WORKER_ENTRY, size);
  return {
    pool,
    ingestSbom: (bytes) => pool.run<SbomIngestOutcome>("ingest", bytes),
    assess: (task) => pool.run<AssessOutcome>("assess", task),
    close: () => pool.close(),
  };
}

/** Runs the heavy steps on the calling thread (CLI, unit tests with `app.request`). */
export function createInlineWork(): HeavyWork {
  return {
    ingestSbom: async (bytes) => runIngestTask(bytes),
    assess: (task: AssessTask) => runAssessTask(task),
    close: async () => {},
  };
}
