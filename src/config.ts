/**
 * The service's configuration in one place: command-line flags over environment variables over defaults,
 * validated with zod. Pure: the CLI passes in the flags, the environment and the machine's CPU count.
 *
 * Environment: CRA_ASSESSOR_PORT (or PORT), CRA_ASSESSOR_HOST, CRA_ASSESSOR_DB, CRA_ASSESSOR_BODY_LIMIT (bytes),
 * CRA_ASSESSOR_WORKERS, CRA_ASSESSOR_SHUTDOWN_TIMEOUT_MS.
 */
import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import type { Parsed } from "./domain/input-issue.js";
import { zodIssues } from "./services/input.js";

export const DEFAULT_DB_FILE = "./data/cra-assessor.db";
export const DEFAULT_BODY_LIMIT_BYTES = 100 * 1024 * 1024;

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const serviceConfigSchema = z.strictObject({
  port: integer(0, 65535),
  host: z.string().min(1).max(255),
  db: z.string().min(1),
  bodyLimitBytes: integer(1024, 16 * 1024 * 1024 * 1024),
  workers: integer(1, 64),
  shutdownTimeoutMs: integer(0, 600_000),
});

export type ServiceConfig = z.output<typeof serviceConfigSchema>;

export interface ConfigSources {
  flags: { port?: string; host?: string; db?: string; bodyLimit?: string; workers?: string };
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
  };
  const parsed = serviceConfigSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error, "config").issues };
  return { ok: true, value: { ...parsed.data, db: resolveDbPath(parsed.data.db, sources.cwd) } };
}

export function resolveDbPath(db: string, cwd: string): string {
  return db === ":memory:" || isAbsolute(db) ? db : resolve(cwd, db);
}
