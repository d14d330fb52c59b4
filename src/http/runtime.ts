/**
 * Wiring of the running service: the SQLite database, its repositories, the heavy-work executor and `newApp`.
 * Used by `cra-assessor serve`, the integration tests and the HTTP benchmark, so all three run the same thing.
 */
import type { Repositories } from "../db/port.js";
import { createAdvisoryStore, createArt14EventStore } from "../db/sqlite/advisory-repository.js";
import { openSqlite, type SqliteDatabase } from "../db/sqlite/open.js";
import { createSqliteRepositories } from "../db/sqlite/repository.js";
import type { HeavyWork } from "../services/heavy-work.js";
import { newId } from "../services/ids.js";
import type { WorkerKind } from "../workers/pool.js";
import { createWorkerPoolWork } from "../workers/pool-work.js";
import { newApp } from "./app.js";
import { type ApiApp, type AppDeps, InFlightRequests } from "./env.js";
import type { AdvisoryDeps } from "./routes/events/deps.js";

const EVENT_LOOP_BUSY_TIMEOUT_MS = 50;

export interface ServiceRuntime {
  app: ApiApp;
  deps: AppDeps;
  repos: Repositories;
  database: SqliteDatabase;
  work: HeavyWork;
  /**
   * After the HTTP server stopped: waits for handlers still running (up to `graceMs`), stops the workers once
   * their accepted jobs are done, and closes the database.
   */
  close(graceMs?: number): Promise<void>;
}

export async function createServiceRuntime(options: {
  db: string;
  /** Workers for SBOM validation and assessments, or `inline` to run them on the event loop. */
  workers: number | "inline";
  workerKind?: WorkerKind;
  bodyLimitBytes: number;
  version: string;
  now?: () => Date;
  onError?: (error: unknown) => void;
}): Promise<ServiceRuntime> {
  const database = openSqlite(options.db);
  // The event loop must not sleep inside SQLite while a worker holds the write lock for a large SBOM: a short
  // busy timeout here (readers in WAL mode rarely wait at all), and writes retry asynchronously in the repository.
  database.sqlite.pragma(`busy_timeout = ${EVENT_LOOP_BUSY_TIMEOUT_MS}`);
  const repos = createSqliteRepositories(database);
  // Issue 6's stores (advisories, Article 14 events) live in the same database file.
  const advisoryStore = createAdvisoryStore(database);
  // The inline executor is imported only when asked for, so a pooled service never loads the task code
  // (and libxmljs2 with it) on its own event-loop thread.
  const work =
    options.workers === "inline"
      ? (await import("../workers/inline.js")).createInlineWork(repos, advisoryStore)
      : createWorkerPoolWork(options.workers, {
          database: options.db,
          ...(options.workerKind ? { kind: options.workerKind } : {}),
        });
  const deps: AppDeps & AdvisoryDeps = {
    repos,
    advisoryStore,
    art14Events: createArt14EventStore(database),
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
      database.close();
    },
  };
}
