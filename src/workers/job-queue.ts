/**
 * SBOM ingestion through a PostgreSQL job queue (pg-boss), so that several instances on one database share the
 * work and an upload survives the death of the instance that accepted it. SQLite keeps the in-process pool.
 *
 * An upload's path:
 * 1. The accepting instance stores the bytes (job input table, under the SBOM record id chosen now) and sends a
 *    job naming that id to the bulk or the small queue, by size, as the worker pool's lanes do.
 * 2. Every instance runs pg-boss workers, as many per queue as its pool has workers in that lane; the one that
 *    fetches the job hands it to its worker pool, whose worker reads the bytes, validates and stores.
 * 3. The HTTP request waits for the job's end (at once when its own instance ran it, else by polling), so the
 *    API stays synchronous: 201 with the stored SBOM, 422 with the issues, or a fault once the retries are spent.
 *
 * Never applied twice: the record id is fixed in step 1 and the repository stores one id once (a second
 * attempt, even a concurrent one, gets the first attempt's record), and the client's Idempotency-Key is
 * unique per product in the database.
 *
 * A job whose instance dies is retried elsewhere, soon: each instance holds a session advisory lock per job it
 * runs, on a connection of its own, which PostgreSQL releases when the instance's connection drops. Every
 * instance sweeps the running jobs regularly, and one whose lock is free (its instance is gone) is failed, so
 * pg-boss retries it after the retry delay. pg-boss's expiry is the backstop (a job that hangs with its instance
 * alive): it must stay longer than the slowest legitimate ingest, or a healthy attempt would be retried while
 * it runs (harmless, see above, but wasted work).
 */

import type pg from "pg";
import type PgBoss from "pg-boss";
import { DatabaseOpenError, redactDbTarget } from "../db/open.js";
import {
  type JobExecutor,
  JobFailedError,
  type SbomStoreRequest,
  type SbomSubmitOutcome,
} from "../services/job-executor.js";
import { deleteEndedJobInputs, deleteJobInput, type Execute, JOB_INPUT_SETUP, stageJobInput } from "./job-input.js";
import { BULK_LANE_BYTES, type StagedRunner } from "./pool-executor.js";
import type { StagedSubmitTask } from "./tasks.js";

export const SBOM_QUEUES = { bulk: "sbom-ingest-bulk", small: "sbom-ingest-small" } as const;

export interface JobQueueOptions {
  /** Seconds one attempt may run before pg-boss counts it as lost (the backstop; instance death is faster). */
  expireSeconds: number;
  /** Attempts after the first one. */
  retryLimit: number;
  /** Delay before the first retry; doubled (with jitter) for each further one. */
  retryDelaySeconds: number;
  /** How often an instance looks for jobs of dead instances, polls for results, and pg-boss maintains. */
  sweepSeconds: number;
}

export const DEFAULT_JOB_QUEUE_OPTIONS: JobQueueOptions = {
  expireSeconds: 900,
  retryLimit: 3,
  retryDelaySeconds: 5,
  sweepSeconds: 5,
};

/** A job that just started may not hold its lock yet: the sweep leaves jobs younger than this alone. */
const LOCK_GRACE_SECONDS = 10;

interface IngestJobData {
  task: StagedSubmitTask;
  sizeBytes: number;
}

interface Waiter {
  queue: string;
  inputId: string;
  resolve: (outcome: SbomSubmitOutcome) => void;
  reject: (error: Error) => void;
}

const CLOSE_WAIT_MS = 30_000;

const lockKey = (jobId: string) => `cra-job ${jobId}`;
const QUEUE_SETUP_LOCK = "cra-queue setup";

export interface QueueExecutor extends JobExecutor {
  readonly boss: PgBoss;
}

async function loadPgBoss(): Promise<typeof PgBoss> {
  try {
    return (await import("pg-boss")).default;
  } catch (error) {
    if ((error as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND") {
      throw new DatabaseOpenError(
        "The service on PostgreSQL queues SBOM uploads with the optional package `pg-boss`, which is not installed: npm install pg-boss",
      );
    }
    throw error;
  }
}

/**
 * Wraps an executor: SBOM uploads go through the queue and are run by `runStaged` (the worker pool's lanes, or
 * inline); assessments store nothing in the worker and stay with `inner`. `bulkSlots` and `smallSlots` are the
 * jobs this instance runs at once per queue.
 */
export async function createQueueExecutor(options: {
  database: string;
  inner: JobExecutor;
  runStaged: StagedRunner;
  bulkSlots: number;
  smallSlots: number;
  queue?: Partial<JobQueueOptions>;
  onError?: (error: unknown) => void;
}): Promise<QueueExecutor> {
  const settings: JobQueueOptions = { ...DEFAULT_JOB_QUEUE_OPTIONS, ...options.queue };
  const [PgBossClass, { default: pgDriver }] = await Promise.all([loadPgBoss(), import("pg")]);
  const report = (error: unknown) => options.onError?.(error);
  const boss = new PgBossClass({
    connectionString: options.database,
    max: 4,
    schema: "pgboss",
    maintenanceIntervalSeconds: settings.sweepSeconds,
    monitorStateIntervalSeconds: Math.max(settings.sweepSeconds, 60),
  });
  boss.on("error", report);
  try {
    await boss.start();
  } catch (error) {
    throw new DatabaseOpenError(
      `cannot start the job queue on ${redactDbTarget(options.database)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const db = boss.getDb();
  const execute: Execute = (text, values = []) => db.executeSql(text, values);
  // The connection whose session holds this instance's job locks: when the instance dies, so do the locks. A
  // connection lost while the instance lives (a database restart) is replaced at the next job; the locks it held
  // are gone, so other instances may retry those jobs, which the store's once-per-record-id rule makes harmless.
  const connectLiveness = async (): Promise<pg.Client> => {
    const client = new pgDriver.Client({ connectionString: options.database });
    client.on("error", (error) => {
      if (liveness === connected) liveness = undefined;
      report(error);
    });
    client.on("end", () => {
      if (liveness === connected) liveness = undefined;
    });
    const connected = client.connect().then(() => client);
    liveness = connected;
    connected.catch(() => {
      if (liveness === connected) liveness = undefined;
    });
    return connected;
  };
  let liveness: Promise<pg.Client> | undefined;
  const livenessClient = () => liveness ?? connectLiveness();
  const endLiveness = async () => {
    const current = liveness;
    liveness = undefined;
    await current?.then((client) => client.end()).catch(() => {});
  };
  const waiters = new Map<string, Waiter>();
  const sendOptions = {
    retryLimit: settings.retryLimit,
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: settings.expireSeconds,
  };
  const workerIds: string[] = [];
  try {
    const client = await livenessClient();
    // Instances starting at once on a fresh database each create the input table and the queues; pg-boss's queue
    // creation run concurrently ended in "deadlock detected" and one instance exited (seen in CI with two servers
    // started together). One instance at a time, on a session lock of this connection.
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [QUEUE_SETUP_LOCK]);
    try {
      await execute(JOB_INPUT_SETUP);
      for (const queue of Object.values(SBOM_QUEUES)) {
        if (await boss.getQueue(queue)) continue;
        await boss.createQueue(queue, { name: queue, ...sendOptions });
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [QUEUE_SETUP_LOCK]).catch(report);
    }
  } catch (error) {
    await endLiveness();
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw error;
  }

  const handler = async (jobs: PgBoss.Job<IngestJobData>[]) => {
    const [job] = jobs;
    if (!job) return undefined;
    const locks = await livenessClient();
    await locks.query("SELECT pg_advisory_lock(hashtext($1))", [lockKey(job.id)]);
    try {
      const outcome = await options.runStaged(job.data.task, job.data.sizeBytes);
      // The job is done; its waiter (when on this instance) need not wait for the next poll.
      const waiter = waiters.get(job.id);
      if (waiter) {
        waiters.delete(job.id);
        await finish(waiter, outcome);
      }
      return outcome;
    } finally {
      await locks.query("SELECT pg_advisory_unlock(hashtext($1))", [lockKey(job.id)]).catch(report);
    }
  };
  for (const [queue, slots] of [
    [SBOM_QUEUES.bulk, options.bulkSlots],
    [SBOM_QUEUES.small, options.smallSlots],
  ] as const) {
    for (let i = 0; i < Math.max(1, slots); i++) {
      workerIds.push(await boss.work<IngestJobData>(queue, { batchSize: 1, pollingIntervalSeconds: 1 }, handler));
    }
  }

  /** The job has ended: its bytes go, then its request gets the answer. */
  async function finish(waiter: Waiter, outcome: SbomSubmitOutcome | JobFailedError): Promise<void> {
    await deleteJobInput(execute, waiter.inputId).catch(report);
    if (outcome instanceof JobFailedError) waiter.reject(outcome);
    else waiter.resolve(outcome);
  }

  /**
   * Jobs whose instance died: running, old enough to hold their lock, and nobody holds it. Then the inputs of
   * jobs that ended with nobody waiting for them.
   */
  async function sweepOrphans(): Promise<void> {
    for (const queue of Object.values(SBOM_QUEUES)) {
      const { rows } = await execute(
        `SELECT id FROM pgboss.job WHERE name = $1 AND state = 'active'
           AND started_on < now() - make_interval(secs => $2)
           AND pg_try_advisory_xact_lock(hashtext('cra-job ' || id::text))`,
        [queue, LOCK_GRACE_SECONDS],
      );
      for (const row of rows) {
        await boss.fail(queue, String(row.id), { message: "the instance running this job stopped" });
      }
    }
    await deleteEndedJobInputs(execute, Object.values(SBOM_QUEUES));
  }

  /** Jobs this instance waits for that another instance ran (or that ended for good). */
  async function pollWaiters(): Promise<void> {
    for (const [id, waiter] of [...waiters]) {
      const job = await boss.getJobById<IngestJobData>(waiter.queue, id);
      if (!job || !waiters.has(id)) continue;
      if (job.state === "completed") {
        waiters.delete(id);
        await finish(waiter, job.output as unknown as SbomSubmitOutcome);
      } else if (job.state === "failed" || job.state === "cancelled") {
        waiters.delete(id);
        const output = job.output as { message?: unknown } | null;
        const failure = new JobFailedError(
          `SBOM ingest job ${id} ${job.state} after ${job.retryCount + 1} attempt(s)` +
            (typeof output?.message === "string" ? `: ${output.message}` : ""),
        );
        await finish(waiter, failure);
      }
    }
  }

  /**
   * A job not yet ended for the same product and Idempotency-Key: the client retries an upload whose answer it
   * lost (its instance died, say) before the job was run again. The retry waits for that job instead of queueing
   * a second one; the service then compares the bodies' digests as for a stored upload.
   */
  async function pendingJobFor(request: SbomStoreRequest): Promise<{ queue: string; id: string } | null> {
    if (request.idempotencyKey === undefined) return null;
    const { rows } = await execute(
      `SELECT name, id FROM pgboss.job WHERE name = ANY($1) AND state < 'completed'
         AND data->'task'->'request'->'record'->>'productId' = $2
         AND data->'task'->'request'->>'idempotencyKey' = $3
       ORDER BY created_on LIMIT 1`,
      [Object.values(SBOM_QUEUES), request.record.productId, request.idempotencyKey],
    );
    const [row] = rows;
    return row ? { queue: String(row.name), id: String(row.id) } : null;
  }

  /** Waits for a job another request queued; its stored SBOM is this request's answer, as a replay. */
  async function joinJob(queue: string, id: string): Promise<SbomSubmitOutcome> {
    for (;;) {
      const job = await boss.getJobById<IngestJobData>(queue, id);
      if (!job) throw new Error(`SBOM ingest job ${id} is gone`);
      if (job.state === "completed") {
        const outcome = job.output as unknown as SbomSubmitOutcome;
        return outcome.ok ? { ...outcome, replayed: true } : outcome;
      }
      if (job.state === "failed" || job.state === "cancelled") {
        throw new JobFailedError(`SBOM ingest job ${id} ${job.state} after ${job.retryCount + 1} attempt(s)`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  // Results are polled often (a waiting request), dead instances' jobs looked for every `sweepSeconds`.
  const guarded = (task: () => Promise<void>) => {
    let running = false;
    return () => {
      if (running) return;
      running = true;
      void task()
        .catch(report)
        .finally(() => {
          running = false;
        });
    };
  };
  const timers = [
    setInterval(guarded(pollWaiters), Math.min(500, settings.sweepSeconds * 1000)),
    setInterval(guarded(sweepOrphans), settings.sweepSeconds * 1000),
  ];
  for (const timer of timers) timer.unref();

  return {
    boss,
    assess: (task) => options.inner.assess(task),
    readAssessRequest: (bytes, today) => options.inner.readAssessRequest(bytes, today),
    submitSbom: async (bytes, request) => {
      const pending = await pendingJobFor(request);
      if (pending) return joinJob(pending.queue, pending.id);
      const inputId = request.record.id;
      await stageJobInput(execute, inputId, bytes);
      const queue = bytes.byteLength >= BULK_LANE_BYTES ? SBOM_QUEUES.bulk : SBOM_QUEUES.small;
      const data: IngestJobData = { task: { request, database: options.database }, sizeBytes: bytes.byteLength };
      const jobId = await boss.send(queue, data as unknown as object, sendOptions);
      if (!jobId) throw new Error(`the job queue refused SBOM ${inputId}`);
      const done = new Promise<SbomSubmitOutcome>((resolve, reject) =>
        waiters.set(jobId, { queue, inputId, resolve, reject }),
      );
      // A worker of this instance may be idle: wake it instead of waiting for its next poll.
      for (const id of workerIds) boss.notifyWorker(id);
      return done;
    },
    close: async () => {
      // Requests in flight wait for their jobs: give them time to end, then stop taking jobs. A job still
      // queued or running after that stays in the queue and another instance (or the next start) runs it.
      for (let waited = 0; waiters.size > 0 && waited < CLOSE_WAIT_MS; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      for (const timer of timers) clearInterval(timer);
      for (const waiter of waiters.values()) waiter.reject(new Error("the service stopped before the job ended"));
      waiters.clear();
      await boss.stop({ graceful: true, wait: true, timeout: CLOSE_WAIT_MS });
      await endLiveness();
      await options.inner.close();
    },
  };
}
