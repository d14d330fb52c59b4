/**
 * The service's configuration in one place: command-line flags over environment variables over defaults,
 * validated with zod. Pure: the CLI passes in the flags, the environment and the machine's CPU count.
 *
 * Environment: CRA_ASSESSOR_PORT (or PORT), CRA_ASSESSOR_HOST, CRA_ASSESSOR_DB, CRA_ASSESSOR_BODY_LIMIT (bytes),
 * CRA_ASSESSOR_WORKERS, CRA_ASSESSOR_SHUTDOWN_TIMEOUT_MS, CRA_ASSESSOR_HEADERS_TIMEOUT_MS,
 * CRA_ASSESSOR_REQUEST_TIMEOUT_MS; on PostgreSQL, the SBOM job queue's CRA_ASSESSOR_JOB_EXPIRE_SECONDS,
 * CRA_ASSESSOR_JOB_RETRIES, CRA_ASSESSOR_JOB_RETRY_DELAY_SECONDS, CRA_ASSESSOR_JOB_SWEEP_SECONDS.
 */
import { z } from "zod";
import { DatabaseOpenError, DEFAULT_DB_FILE, resolveDbTarget } from "./db/open.js";
import type { Parsed } from "./domain/input-issue.js";
import { zodIssues } from "./services/input.js";

export { DEFAULT_DB_FILE } from "./db/open.js";
export const DEFAULT_BODY_LIMIT_BYTES = 100 * 1024 * 1024;

/** Whole decimal numbers only: "0x10", "1e3", " 80" or "abc" are not a setting anyone meant. */
const integer = (min: number, max: number, what?: string) => {
  const message = what ?? `A whole number from ${min} to ${max}.`;
  return z
    .union([z.number(), z.string().regex(/^\d+$/, { message })])
    .transform(Number)
    .pipe(z.number().int({ message }).min(min, { message }).max(max, { message }));
};

export const serviceConfigSchema = z.strictObject({
  port: integer(0, 65535, "A port is a whole number from 0 to 65535 (0: any free port), e.g. --port 8080."),
  host: z.string().min(1).max(255),
  db: z.string().min(1),
  bodyLimitBytes: integer(1024, 16 * 1024 * 1024 * 1024),
  workers: integer(1, 64),
  shutdownTimeoutMs: integer(0, 600_000),
  /** Time a client has to send the request line and headers; a slow-headers client loses its socket. */
  headersTimeoutMs: integer(1000, 600_000),
  /** Time a client has to send the whole request, body included (a 100 MiB upload at ~1 MB/s fits). */
  requestTimeoutMs: integer(1000, 3_600_000),
  /** PostgreSQL job queue: how long one attempt of an SBOM ingest may run before it is retried elsewhere. */
  jobExpireSeconds: integer(5, 86_399),
  /** PostgreSQL job queue: attempts after the first. */
  jobRetries: integer(0, 20),
  /** PostgreSQL job queue: delay before the first retry (doubled for each further one). */
  jobRetryDelaySeconds: integer(0, 3600),
  /** PostgreSQL job queue: how often each instance looks for the jobs of instances that died. */
  jobSweepSeconds: integer(1, 3600),
});

export type ServiceConfig = z.output<typeof serviceConfigSchema>;

export interface ConfigSources {
  flags: {
    port?: string;
    host?: string;
    db?: string;
    bodyLimit?: string;
    workers?: string;
    headersTimeout?: string;
    requestTimeout?: string;
  };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Logical CPUs of the machine: one stays with the event loop, the rest validate SBOMs. */
  cpus: number;
}

const blankToUndefined = (value: string | undefined) =>
  value === undefined || value.trim() === "" ? undefined : value;

export function loadServiceConfig(sources: ConfigSources): Parsed<ServiceConfig> {
  const { flags, env } = sources;
  const pick = (flag: string | undefined, ...names: string[]) =>
    blankToUndefined(flag) ?? names.map((n) => blankToUndefined(env[n])).find((v) => v !== undefined);
  const raw = {
    port: pick(flags.port, "CRA_ASSESSOR_PORT", "PORT") ?? 8080,
    host: pick(flags.host, "CRA_ASSESSOR_HOST") ?? "127.0.0.1",
    db: pick(flags.db, "CRA_ASSESSOR_DB") ?? DEFAULT_DB_FILE,
    bodyLimitBytes: pick(flags.bodyLimit, "CRA_ASSESSOR_BODY_LIMIT") ?? DEFAULT_BODY_LIMIT_BYTES,
    workers: pick(flags.workers, "CRA_ASSESSOR_WORKERS") ?? Math.max(1, Math.min(4, sources.cpus - 1)),
    shutdownTimeoutMs: pick(undefined, "CRA_ASSESSOR_SHUTDOWN_TIMEOUT_MS") ?? 10_000,
    headersTimeoutMs: pick(flags.headersTimeout, "CRA_ASSESSOR_HEADERS_TIMEOUT_MS") ?? 20_000,
    requestTimeoutMs: pick(flags.requestTimeout, "CRA_ASSESSOR_REQUEST_TIMEOUT_MS") ?? 300_000,
    jobExpireSeconds: pick(undefined, "CRA_ASSESSOR_JOB_EXPIRE_SECONDS") ?? 900,
    jobRetries: pick(undefined, "CRA_ASSESSOR_JOB_RETRIES") ?? 3,
    jobRetryDelaySeconds: pick(undefined, "CRA_ASSESSOR_JOB_RETRY_DELAY_SECONDS") ?? 5,
    jobSweepSeconds: pick(undefined, "CRA_ASSESSOR_JOB_SWEEP_SECONDS") ?? 5,
  };
  const parsed = serviceConfigSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error, "config").issues };
  if (parsed.data.headersTimeoutMs > parsed.data.requestTimeoutMs) {
    return {
      ok: false,
      issues: [
        {
          path: "/headersTimeoutMs",
          constraint: "maximum",
          message: "The headers timeout cannot be longer than the request timeout.",
          source: "config",
        },
      ],
    };
  }
  let db: string;
  try {
    // A SQLite file resolves against the working directory; a postgres:// URL stays a URL, never a file name.
    db = resolveDbTarget(parsed.data.db, sources.cwd);
  } catch (error) {
    if (!(error instanceof DatabaseOpenError)) throw error;
    return { ok: false, issues: [{ path: "/db", constraint: "format", message: error.message, source: "config" }] };
  }
  return { ok: true, value: { ...parsed.data, db } };
}
