/** Where the CLI's database commands find the file: `--db`, else CRA_ASSESSOR_DB, else ./data/cra-assessor.db. */
import { existsSync } from "node:fs";
import { DEFAULT_DB_FILE, resolveDbPath } from "../../config.js";
import type { CliIo } from "../io.js";

export function dbPathOf(option: string | undefined, io: CliIo): string {
  return resolveDbPath(option ?? io.env.CRA_ASSESSOR_DB ?? DEFAULT_DB_FILE, io.cwd);
}

export function dbExists(path: string): boolean {
  return path === ":memory:" || existsSync(path);
}

export const DB_OPTION_HELP = `SQLite database file (default: $CRA_ASSESSOR_DB or ${DEFAULT_DB_FILE})`;
