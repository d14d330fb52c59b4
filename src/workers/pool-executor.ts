import type { AssessRequestRead } from "../services/assess-request.js";
import type { AssessOutcome, AssessTask, JobExecutor, SbomSubmitOutcome } from "../services/job-executor.js";
import { type WorkerKind, WorkerPool } from "./pool.js";
import type { AssessJob, ReadAssessRequestTask, StagedSubmitTask, SubmitTask } from "./tasks.js";

/**
 * The worker's entry point sits beside this module. Compiled (dist/, what the bin runs) it is the task loop
 * itself. From the sources (vitest, tsx) it is a small JavaScript file that registers tsx in the new thread or
 * process before loading the TypeScript task loop: neither inherits the parent's module hooks.
 */
const WORKER_ENTRY = import.meta.url.endsWith(".ts")
  ? new URL("./task-loop.from-source.js", import.meta.url)
  : new URL("./task-loop.js", import.meta.url);

/** Runs one attempt of a queued SBOM upload whose bytes (`sizeBytes` of them) wait in the job input table. */
export type StagedRunner = (task: StagedSubmitTask, sizeBytes: number) => Promise<SbomSubmitOutcome>;

/**
 * Inputs from this size up go to the bulk lane. A 1 MiB CycloneDX JSON document holds about 1,500 components and
 * takes well under 100 ms to validate; a 50k-component one takes seconds. Small jobs never wait behind those.
 */
export const BULK_LANE_BYTES = 1024 * 1024;

const assessBytes = (task: AssessTask): number =>
  (task.sbom?.bytes.byteLength ?? 0) +
  (task.declaration && "text" in task.declaration ? task.declaration.text.length : 0);

/**
 * Runs the heavy steps in worker processes (the HTTP service); SBOMs are stored by the worker on its own
 * connection to `database`. Two lanes: `size` workers take large inputs (the bulk lane), and one more worker
 * takes the small ones (assessments of ordinary products, small SBOMs), so a burst of 50k-component uploads
 * cannot queue a CI pipeline's assessment for tens of seconds: measured before the lanes, four concurrent 50k
 * uploads on two cores held small jobs back by up to 12.9 s at the 99th percentile. Threads (`kind: "thread"`) keep
 * a single pool: libxmljs2 loads in only one thread per process. This module does not import the task code, so
 * the calling thread never loads libxmljs2 or the rules because of it.
 */
export function createPoolExecutor(
  size: number,
  options: { database: string; kind?: WorkerKind },
): JobExecutor & { pool: WorkerPool; interactive: WorkerPool; runStaged: StagedRunner } {
  const kind = options.kind ?? "process";
  const pool = new WorkerPool(WORKER_ENTRY, size, kind);
  const interactive = kind === "process" ? new WorkerPool(WORKER_ENTRY, 1, kind) : pool;
  const lane = (bytes: number) => (bytes >= BULK_LANE_BYTES ? pool : interactive);
  return {
    pool,
    interactive,
    submitSbom: (bytes, request) =>
      lane(bytes.byteLength).run<SbomSubmitOutcome>("submit-sbom", {
        bytes,
        request,
        database: options.database,
      } satisfies SubmitTask),
    runStaged: (task, sizeBytes) => lane(sizeBytes).run<SbomSubmitOutcome>("submit-staged-sbom", task),
    assess: (task) =>
      lane(assessBytes(task)).run<AssessOutcome>("assess", { task, database: options.database } satisfies AssessJob),
    readAssessRequest: (bytes, today) =>
      lane(bytes.byteLength).run<AssessRequestRead>("read-assess-request", {
        bytes,
        today,
      } satisfies ReadAssessRequestTask),
    close: async () => {
      await Promise.all(interactive === pool ? [pool.close()] : [pool.close(), interactive.close()]);
    },
  };
}
