/**
 * Option values and help texts shared by the command registrations (src/cli/commands) and their actions
 * (src/cli/actions). Registering the command tree loads this module, so it imports nothing heavy.
 */
import { DEFAULT_DB_FILE } from "../db/open.js";

/** The help of every command's `--db` option (how the database is found: actions/db-open.ts). */
export const DB_OPTION_HELP = `SQLite database file or postgres:// URL (default: $CRA_ASSESSOR_DB or ${DEFAULT_DB_FILE})`;

/** `mra simulate` and `mra drafts simulate`: the simulation's output formats. */
export const SIMULATION_FORMATS = ["md", "json", "csv", "html"] as const;

/** `documents generate`: the output formats of a drafted document. */
export const DOCUMENT_FORMATS = ["md", "html", "json"] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
