import type { AssessOutcome, HeavyWork, SbomIngestOutcome } from "../services/heavy-work.js";
import { type WorkerKind, WorkerPool } from "./pool.js";

const WORKER_ENTRY = new URL("./heavy-work.worker.js", import.meta.url);

/**
 * Runs the heavy steps in `size` workers (the HTTP service). This module does not import the task code, so the
 * calling thread never loads libxmljs2 or the rules because of it.
 */
export function createWorkerPoolWork(size: number, kind: WorkerKind = "process"): HeavyWork & { pool: WorkerPool } {
  const pool = new WorkerPool(WORKER_ENTRY, size, kind);
  return {
    pool,
    ingestSbom: (bytes) => pool.run<SbomIngestOutcome>("ingest", bytes),
    assess: (task) => pool.run<AssessOutcome>("assess", task),
    close: () => pool.close(),
  };
}
