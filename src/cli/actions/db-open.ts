/**
 * Where the CLI's database commands find the database: `--db`, else CRA_ASSESSOR_DB, else ./data/cra-assessor.db.
 * The value is a SQLite file or a postgres:// URL (src/db/open.ts); messages name it without its password.
 */
import {
  DatabaseOpenError,
  DEFAULT_DB_FILE,
  databaseExists,
  type OpenedDatabase,
  openDatabase,
  redactDbTarget,
  resolveDbTarget,
} from "../../db/open.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";

/** The resolved target (absolute file path or URL). An unsupported URL ends the command with exit 2. */
export function dbPathOf(option: string | undefined, io: CliIo, command = "cra-assessor"): string {
  try {
    return resolveDbTarget(option ?? io.env.CRA_ASSESSOR_DB ?? DEFAULT_DB_FILE, io.cwd);
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw new CliExit(ExitCode.invalidInput, `${command}: ${error.message}`);
    throw error;
  }
}

export function dbExists(target: string): boolean {
  return databaseExists(target);
}

/** The database as messages may name it. */
export function dbLabel(target: string): string {
  return redactDbTarget(target);
}

/**
 * Opens the database of a command (creating and migrating a SQLite file unless `mustExist`), runs `work` and closes
 * it. A missing file, an unreachable server or a refused login end the command with exit 2 and a plain message.
 */
export async function withCliDatabase<T>(
  option: string | undefined,
  io: CliIo,
  command: string,
  work: (database: OpenedDatabase, target: string) => Promise<T>,
  options: { mustExist?: boolean; missingHint?: string; migrate?: boolean } = {},
): Promise<T> {
  const target = dbPathOf(option, io, command);
  if (options.mustExist && !databaseExists(target)) {
    throw new CliExit(ExitCode.invalidInput, `${command}: no database at ${target}${options.missingHint ?? ""}`);
  }
  let database: OpenedDatabase;
  try {
    database = await openDatabase(target, { migrate: options.migrate ?? true });
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw new CliExit(ExitCode.invalidInput, `${command}: ${error.message}`);
    throw error;
  }
  try {
    return await work(database, target);
  } finally {
    await database.close();
  }
}
