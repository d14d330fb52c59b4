/**
 * Wiring of the running service: the database (a SQLite file or a PostgreSQL URL), its repositories, the job executor (inline or a worker pool) and `newApp`.
 * Used by `cra-assessor serve`, the integration tests and the HTTP benchmark, so all three run the same thing.
 */
import { type OpenedDatabase, openDatabase } from "../db/open.js";
import type { Repositories } from "../db/port.js";
import { newId } from "../services/ids.js";
import type { JobExecutor } from "../services/job-executor.js";
import type { JobQueueOptions } from "../workers/job-queue.js";
import type { WorkerKind } from "../workers/pool.js";
import { createPoolExecutor, type StagedRunner } from "../workers/pool-executor.js";
import { newApp } from "./app.js";
import { type ApiApp, type AppDeps, InFlightRequests } from "./env.js";

const EVENT_LOOP_BUSY_TIMEOUT_MS = 50;

export interface ServiceRuntime {
  app: ApiApp;
  deps: AppDeps;
  repos: Repositories;
  database: OpenedDatabase;
  work: JobExecutor;
  /**
   * After the HTTP server stopped: waits for handlers still running (up to `graceMs`), stops the workers once
   * their accepted jobs are done, and closes the database.
   */
  close(graceMs?: number): Promise<void>;
}

export async function createServiceRuntime(options: {
  /** A SQLite file, or a postgres:// URL. */
  db: string;
  /** Workers for SBOM validation and assessments, or `inline` to run them on the event loop. */
  workers: number | "inline";
  workerKind?: WorkerKind;
  bodyLimitBytes: number;
  version: string;
  /** PostgreSQL: the SBOM job queue's timings (defaults in job-queue.ts). */
  queue?: Partial<JobQueueOptions>;
  now?: () => Date;
  onError?: (error: unknown) => void;
}): Promise<ServiceRuntime> {
  // The event loop must not sleep inside SQLite while a worker holds the write lock for a large SBOM: a short
  // busy timeout there (readers in WAL mode rarely wait at all), and writes retry asynchronously in the repository.
  const database = await openDatabase(options.db, { sqliteBusyTimeoutMs: EVENT_LOOP_BUSY_TIMEOUT_MS });
  const { repos } = database;
  // The inline executor is imported only when asked for, so a pooled service never loads the task code
  // (and libxmljs2 with it) on its own event-loop thread.
  let work: JobExecutor;
  try {
    let runStaged: StagedRunner;
    let bulkSlots = 1;
    if (options.workers === "inline") {
      work = (await import("../workers/inline-executor.js")).createInlineExecutor(repos);
      const { runStagedSubmitTask } = await import("../workers/tasks.js");
      runStaged = (task) => runStagedSubmitTask(task);
    } else {
      const pooled = createPoolExecutor(options.workers, {
        database: options.db,
        ...(options.workerKind ? { kind: options.workerKind } : {}),
      });
      work = pooled;
      runStaged = pooled.runStaged;
      bulkSlots = pooled.pool.size;
    }
    // On PostgreSQL, SBOM uploads go through the job queue shared by every instance (job-queue.ts); pg-boss is an
    // optional dependency, loaded only here.
    if (database.dialect === "postgresql") {
      const inner = work;
      try {
        const { createQueueExecutor } = await import("../workers/job-queue.js");
        work = await createQueueExecutor({
          database: options.db,
          inner,
          runStaged,
          bulkSlots,
          smallSlots: 1,
          ...(options.queue ? { queue: options.queue } : {}),
          ...(options.onError ? { onError: options.onError } : {}),
        });
      } catch (error) {
        await inner.close();
        throw error;
      }
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  const deps: AppDeps = {
    repos,
    work,
    now: options.now ?? (() => new Date()),
    newId,
    bodyLimitBytes: options.bodyLimitBytes,
    version: options.version,
    ...(options.onError ? { onError: options.onError } : {}),
    inFlight: new InFlightRequests(),
  };
  return {
    app: newApp(deps),
    deps,
    repos,
    database,
    work,
    close: async (graceMs = 10_000) => {
      await deps.inFlight?.idle(graceMs);
      await work.close();
      await database.close();
    },
  };
}
