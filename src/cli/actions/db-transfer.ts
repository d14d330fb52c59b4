/**
 * `db migrate --from sqlite:FILE --to postgres://…`: the command-line side of src/db/transfer.ts (opening both
 * databases with plain messages, the summary, exit codes). The copy and both schemas load only when asked for.
 */
import { DatabaseOpenError, isPostgresUrl, redactDbTarget, resolveDbTarget } from "../../db/open.js";
import type { PgDatabase } from "../../db/pg/open.js";
import type { SqliteDatabase } from "../../db/sqlite/open.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { describeBreak } from "./audit.js";

const COMMAND = "db migrate";

function invalid(message: string): CliExit {
  return new CliExit(ExitCode.invalidInput, `${COMMAND}: ${message}`);
}

/** Opens the source read only; a missing file or one that is not SQLite is the user's input (exit 2). */
async function openSource(file: string): Promise<SqliteDatabase> {
  const [{ openSqlite }, { checkSourceTables, TransferError }] = await Promise.all([
    import("../../db/sqlite/open.js"),
    import("../../db/transfer.js"),
  ]);
  let source: SqliteDatabase | undefined;
  try {
    source = openSqlite(file, { readonly: true, migrate: false });
    // Opening reads nothing: the first query tells a SQLite file from anything else.
    checkSourceTables(source);
    return source;
  } catch (error) {
    source?.close();
    if (error instanceof TransferError) throw invalid(`--from ${file}: ${error.message}`);
    const code = (error as { code?: unknown }).code;
    if (code === "SQLITE_CANTOPEN") throw invalid(`--from ${file}: no such SQLite file (or it cannot be opened)`);
    if (code === "SQLITE_NOTADB") throw invalid(`--from ${file}: not a SQLite database`);
    if (typeof code === "string" && code.startsWith("SQLITE_")) {
      throw invalid(`--from ${file}: cannot read the SQLite database: ${(error as Error).message}`);
    }
    throw error;
  }
}

export async function moveToPostgres(
  io: CliIo,
  options: { db?: string; from?: string; to?: string; replace?: boolean },
): Promise<void> {
  if (options.db !== undefined) throw invalid("--db migrates one database; --from and --to move one to another");
  if (options.from === undefined || options.to === undefined) {
    throw invalid("--from sqlite:FILE and --to postgres://… go together");
  }
  if (isPostgresUrl(options.from)) throw invalid("--from must be a SQLite file (sqlite:FILE or a path)");
  if (!isPostgresUrl(options.to)) {
    throw invalid(`--to must be a postgres:// URL, not ${redactDbTarget(options.to)}`);
  }
  let file: string;
  try {
    file = resolveDbTarget(options.from, io.cwd);
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw invalid(`--from: ${error.message}`);
    throw error;
  }
  if (file === ":memory:") throw invalid("--from must be a SQLite file, not :memory:");
  const source = await openSource(file);
  let target: PgDatabase | undefined;
  try {
    const { openPg } = await import("../../db/pg/open.js");
    try {
      target = await openPg(options.to, { migrate: true, poolSize: 2 });
    } catch (error) {
      if (error instanceof DatabaseOpenError) throw invalid(error.message);
      throw error;
    }
    const { transferSqliteToPg, TransferError } = await import("../../db/transfer.js");
    let result: Awaited<ReturnType<typeof transferSqliteToPg>>;
    try {
      result = await transferSqliteToPg(source, target, { replace: options.replace ?? false });
    } catch (error) {
      if (error instanceof TransferError) {
        throw new CliExit(error.input ? ExitCode.invalidInput : ExitCode.internal, `${COMMAND}: ${error.message}`);
      }
      throw error;
    }
    const width = Math.max(...result.tables.map((t) => t.name.length), "table".length);
    const sourceTotal = result.tables.reduce((sum, t) => sum + t.source, 0);
    const targetTotal = result.tables.reduce((sum, t) => sum + t.target, 0);
    io.out(`moved ${file} to ${redactDbTarget(options.to)} in one transaction:\n`);
    io.out(`  ${"table".padEnd(width)}  ${"source".padStart(9)}  ${"target".padStart(9)}\n`);
    for (const t of result.tables) {
      io.out(`  ${t.name.padEnd(width)}  ${String(t.source).padStart(9)}  ${String(t.target).padStart(9)}\n`);
    }
    io.out(`  ${"total".padEnd(width)}  ${String(sourceTotal).padStart(9)}  ${String(targetTotal).padStart(9)}\n`);
    if (result.targetAudit.ok) {
      io.out(`audit chain intact on the target: ${result.targetAudit.records} record(s)\n`);
    } else {
      // Copied as it was: the source's chain was already broken.
      io.out(`audit chain BROKEN on the source, copied as it was (${result.targetAudit.records} record(s)):\n`);
      for (const b of result.targetAudit.breaks) io.out(`  - ${describeBreak(b)}\n`);
      throw new CliExit(ExitCode.gateFailed);
    }
  } finally {
    source.close();
    await target?.close();
  }
}
