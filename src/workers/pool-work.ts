import type { AssessOutcome, HeavyWork, SbomSubmitOutcome } from "../services/heavy-work.js";
import { type WorkerKind, WorkerPool } from "./pool.js";
import type { AssessJob, SubmitTask } from "./tasks.js";

/**
 * The worker's entry point sits beside this module. Compiled (dist/, what the bin runs) it is the task loop
 * itself. From the sources (vitest, tsx) it is a small JavaScript file that registers tsx in the new thread or
 * process before loading the TypeScript task loop: neither inherits the parent's module hooks.
 */
const WORKER_ENTRY = import.meta.url.endsWith(".ts")
  ? new URL("./heavy-work.worker.js", import.meta.url)
  : new URL("./heavy-work.worker-main.js", import.meta.url);

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
