/**
 * The bytes of a queued SBOM upload, kept in PostgreSQL until its job has finished. A job's payload in pg-boss is
 * JSON, which would mean a hex or base64 copy of up to 100 MiB in every row read; a `bytea` column of a table of
 * its own holds the bytes once and travels in the driver's binary form.
 *
 * The table belongs to the job queue, not to the repository: like pg-boss's own schema it is created by the
 * queue at start (idempotently, under a lock), on PostgreSQL only; the SQLite service has no queue.
 */
import type pg from "pg";

export const JOB_INPUT_SCHEMA = "cra_queue";
export const JOB_INPUT_TABLE = `${JOB_INPUT_SCHEMA}.job_input`;

/** Arbitrary constant naming the lock under which instances starting at once create the table. */
const SETUP_LOCK = 0x63726a71;

/** How the queue runs SQL: pg-boss's `executeSql`, or a pool of the worker process. */
export type Execute = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export const JOB_INPUT_SETUP = `DO $$ BEGIN
  PERFORM pg_advisory_xact_lock(${SETUP_LOCK});
  CREATE SCHEMA IF NOT EXISTS ${JOB_INPUT_SCHEMA};
  CREATE TABLE IF NOT EXISTS ${JOB_INPUT_TABLE} (
    id text PRIMARY KEY,
    content bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
END $$`;

export async function stageJobInput(execute: Execute, id: string, bytes: Uint8Array): Promise<void> {
  await execute(`INSERT INTO ${JOB_INPUT_TABLE} (id, content) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [
    id,
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  ]);
}

export async function deleteJobInput(execute: Execute, id: string): Promise<void> {
  await execute(`DELETE FROM ${JOB_INPUT_TABLE} WHERE id = $1`, [id]);
}

/**
 * Inputs whose job has ended while no instance waited for it (the accepting instance died, another ran the job),
 * and inputs staged by an instance that died before it could enqueue them (their client saw a reset). A minute's
 * grace covers an input staged but not yet enqueued. Reads pg-boss's job table, whose version is pinned.
 */
export async function deleteEndedJobInputs(execute: Execute, queues: readonly string[]): Promise<void> {
  await execute(
    `DELETE FROM ${JOB_INPUT_TABLE} i WHERE i.created_at < now() - interval '1 minute' AND NOT EXISTS (
       SELECT 1 FROM pgboss.job j WHERE j.name = ANY($1) AND j.state < 'completed'
         AND j.data->'task'->'request'->'record'->>'id' = i.id)`,
    [queues],
  );
}

// One small pool per database in a worker process, opened at first use.
const pools = new Map<string, Promise<pg.Pool>>();

function poolFor(database: string): Promise<pg.Pool> {
  let pool = pools.get(database);
  if (!pool) {
    pool = import("pg").then(({ default: driver }) => {
      const created = new driver.Pool({ connectionString: database, max: 1 });
      created.on("error", () => {});
      return created;
    });
    pool.catch(() => pools.delete(database));
    pools.set(database, pool);
  }
  return pool;
}

/** Read in the worker process that runs the job, on its own connection: the bytes never cross the event loop. */
export async function readJobInput(database: string, id: string): Promise<Uint8Array | null> {
  const pool = await poolFor(database);
  const { rows } = await pool.query<{ content: Buffer }>(`SELECT content FROM ${JOB_INPUT_TABLE} WHERE id = $1`, [id]);
  const content = rows[0]?.content;
  return content ? new Uint8Array(content.buffer, content.byteOffset, content.byteLength) : null;
}
