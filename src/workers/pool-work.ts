import type { AssessOutcome, HeavyWork, SbomSubmitOutcome } from "../services/heavy-work.js";
import { type WorkerKind, WorkerPool } from "./pool.js";
import type { AssessJob, SubmitTask } from "./tasks.js";

const WORKER_ENTRY = new URL("./heavy-work.worker.js", import.meta.url);

/**
 * Runs the heavy steps in `size` workers (the HTTP service); SBOMs are stored by the worker on its own
 * connection to `database`. This module does not import the task code, so the calling thread never loads
 * libxmljs2 or the rules because of it.
 */
export function createWorkerPoolWork(
  size: number,
  options: { database: string; kind?: WorkerKind },
): HeavyWork & { pool: WorkerPool } {
  const pool = new WorkerPool(WORKER_ENTRY, size, options.kind ?? "process");
  return {
    pool,
    submitSbom: (bytes, request) =>
      pool.run<SbomSubmitOutcome>("submit-sbom", { bytes, request, database: options.database } satisfies SubmitTask),
    assess: (task) => pool.run<AssessOutcome>("assess", { task, database: options.database } satisfies AssessJob),
    close: () => pool.close(),
  };
}
