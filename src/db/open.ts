/**
 * Opens the service's database from one string, whatever the dialect: a PostgreSQL URL (`postgres://…` or
 * `postgresql://…`) opens PostgreSQL; anything else is a SQLite file (optionally written `sqlite:FILE`). Every
 * command and the server go through here, so a URL can never become a SQLite file named like it.
 *
 * The PostgreSQL driver (`pg`, an optional dependency) is loaded only when a URL asks for it.
 */
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { Repositories } from "./port.js";

/** The database when neither `--db` nor CRA_ASSESSOR_DB names one, relative to the working directory. */
export const DEFAULT_DB_FILE = "./data/cra-assessor.db";

export type Dialect = "sqlite" | "postgresql";

const DATABASE_OPEN_ERROR = Symbol.for("cra-assessor.DatabaseOpenError");

/** A database target that cannot be opened: bad URL, unknown scheme, unreachable server, refused login. */
export class DatabaseOpenError extends Error {
  readonly [DATABASE_OPEN_ERROR] = true;
}

/**
 * Whether `error` is a DatabaseOpenError, by its brand rather than `instanceof`: the CLI's run loop is bundled
 * with its own copy of this class (see `isCliExit`).
 */
export function isDatabaseOpenError(error: unknown): error is DatabaseOpenError {
  return typeof error === "object" && error !== null && DATABASE_OPEN_ERROR in error;
}

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;
const ANY_URL = /^[a-z][a-z0-9+.-]*:\/\//i;
const SQLITE_PREFIX = /^sqlite:(?!\/\/)/i;

export function isPostgresUrl(target: string): boolean {
  return POSTGRES_URL.test(target);
}

export function dialectOf(target: string): Dialect {
  return isPostgresUrl(target) ? "postgresql" : "sqlite";
}

/** The target as it may be printed: a URL loses its password (and any password in its query string). */
export function redactDbTarget(target: string): string {
  if (!ANY_URL.test(target)) return target;
  try {
    const url = new URL(target);
    if (url.password) url.password = "***";
    for (const key of [...url.searchParams.keys()]) {
      if (/pass|secret|key/i.test(key)) url.searchParams.set(key, "***");
    }
    return url.toString();
  } catch {
    // Not parseable: print nothing that may hold a secret.
    return `${target.slice(0, target.indexOf("://") + 3)}…`;
  }
}

/**
 * Resolves a `--db` value against the working directory: a file path becomes absolute (`sqlite:` prefix removed),
 * a PostgreSQL URL stays as it is. Any other `scheme://` value is refused rather than taken as a file name.
 */
export function resolveDbTarget(target: string, cwd: string): string {
  if (isPostgresUrl(target)) return target;
  if (ANY_URL.test(target)) {
    throw new DatabaseOpenError(
      `unsupported database URL ${redactDbTarget(target)}: use postgres://USER:PASSWORD@HOST:PORT/DATABASE, ` +
        "or a SQLite file path",
    );
  }
  const file = target.replace(SQLITE_PREFIX, "");
  if (file === "") throw new DatabaseOpenError("the database is empty: give a SQLite file path or a postgres:// URL");
  return file === ":memory:" || isAbsolute(file) ? file : resolve(cwd, file);
}

/** Whether there is something to open without creating it (a PostgreSQL server is asked when opening). */
export function databaseExists(target: string): boolean {
  return isPostgresUrl(target) || target === ":memory:" || existsSync(target);
}

export interface OpenedDatabase {
  dialect: Dialect;
  /** The target as it may be printed (no password). */
  label: string;
  repos: Repositories;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Apply the committed migrations of the dialect (default true). */
  migrate?: boolean;
  /** SQLite: milliseconds a statement waits for another connection's lock (the server keeps this short). */
  sqliteBusyTimeoutMs?: number;
  /** PostgreSQL: connections in the pool (default 10). */
  poolSize?: number;
}

export async function openDatabase(target: string, options: OpenDatabaseOptions = {}): Promise<OpenedDatabase> {
  if (isPostgresUrl(target)) {
    const [{ openPg }, { createPgRepositories }] = await Promise.all([
      import("./pg/open.js"),
      import("./pg/repository.js"),
    ]);
    const database = await openPg(target, {
      migrate: options.migrate ?? true,
      ...(options.poolSize ? { poolSize: options.poolSize } : {}),
    });
    return {
      dialect: "postgresql",
      label: redactDbTarget(target),
      repos: createPgRepositories(database),
      close: () => database.close(),
    };
  }
  const file = resolveDbTarget(target, process.cwd());
  const [{ openSqlite }, { createSqliteRepositories }] = await Promise.all([
    import("./sqlite/open.js"),
    import("./sqlite/repository.js"),
  ]);
  let database: ReturnType<typeof openSqlite>;
  try {
    database = openSqlite(file, { migrate: options.migrate ?? true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "SQLITE_CANTOPEN" || code === "SQLITE_NOTADB" || code === "EACCES" || code === "ENOTDIR") {
      throw new DatabaseOpenError(`cannot open the SQLite database ${file}: ${(error as Error).message}`);
    }
    throw error;
  }
  if (options.sqliteBusyTimeoutMs !== undefined) {
    database.sqlite.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.sqliteBusyTimeoutMs))}`);
  }
  return {
    dialect: "sqlite",
    label: file,
    repos: createSqliteRepositories(database),
    close: async () => database.close(),
  };
}
