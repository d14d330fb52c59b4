/**
 * Moving an installation from its SQLite file to PostgreSQL (`cra-assessor db migrate --from sqlite:FILE --to
 * postgres://…`): every table, row for row, in one PostgreSQL transaction, so a copy that stops midway leaves the
 * target as it was. Rows keep their ids, times and hashes, so the audit chain moves intact and verifies there.
 *
 * Both dialects name their tables and columns alike (src/db/pg/schema.pg.ts mirrors src/db/sqlite/schema), so a
 * row read through the SQLite table object inserts as it is through the PostgreSQL one. Tables go parents first
 * (foreign keys are checked at once). Rows are read in pages by rowid, so neither side holds a large table, or
 * more than one large SBOM, in memory at a time.
 */
import { getTableColumns, getTableName, gt, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { type AuditRecord, type AuditVerification, type JsonValue, verifyAuditChain } from "../domain/audit-chain.js";
import type { PgDatabase } from "./pg/open.js";
import * as pgSchema from "./pg/schema.pg.js";
import type { SqliteDatabase } from "./sqlite/open.js";
import * as sqliteAdvisories from "./sqlite/schema/advisories.js";
import * as sqliteCore from "./sqlite/schema/core.js";
import * as sqliteEvents from "./sqlite/schema/events.js";
import * as sqliteVex from "./sqlite/schema/product-vex.js";
import * as sqliteRecognition from "./sqlite/schema/recognition.js";
import * as sqliteWebSessions from "./sqlite/schema/web-sessions.js";

export interface TransferTable {
  name: string;
  sqlite: SQLiteTable;
  pg: PgTable;
  /** Rows per page read and inserted: few where rows are large (SBOM blobs, stored reports). */
  pageRows: number;
}

/** Rows per page where rows are small: well below PostgreSQL's 65,535 bind parameters per statement. */
const PARAMETERS_PER_PAGE = 30_000;

function table(sqlite: SQLiteTable, pg: PgTable, largeRowPage?: number): TransferTable {
  const columns = Object.keys(getTableColumns(sqlite)).length;
  const pageRows = largeRowPage ?? Math.min(2_000, Math.floor(PARAMETERS_PER_PAGE / columns));
  return { name: getTableName(sqlite), sqlite, pg, pageRows };
}

/**
 * Every table of the service, parents before children. A table added to the schema must be added here too:
 * `db migrate --from` refuses a source holding a table this list does not name, and a test compares the list
 * with the schema folder and the migrated database.
 */
export const TRANSFER_TABLES: readonly TransferTable[] = [
  table(sqliteCore.organizations, pgSchema.organizations),
  table(sqliteCore.apiKeys, pgSchema.apiKeys),
  table(sqliteCore.products, pgSchema.products),
  table(sqliteCore.productVersions, pgSchema.productVersions),
  // One SBOM document per page: a blob may be tens of megabytes.
  table(sqliteCore.sbomBlobs, pgSchema.sbomBlobs, 1),
  table(sqliteCore.sboms, pgSchema.sboms),
  table(sqliteCore.sbomComponents, pgSchema.sbomComponents),
  table(sqliteCore.declarations, pgSchema.declarations, 100),
  table(sqliteCore.assessments, pgSchema.assessments, 500),
  // Stored reports are around 100 KiB each.
  table(sqliteCore.assessmentReports, pgSchema.assessmentReports, 20),
  table(sqliteCore.auditLog, pgSchema.auditLog),
  table(sqliteCore.auditHead, pgSchema.auditHead),
  table(sqliteWebSessions.webSessions, pgSchema.webSessions),
  table(sqliteVex.productVex, pgSchema.productVex),
  table(sqliteRecognition.crosswalkReviews, pgSchema.crosswalkReviews),
  table(sqliteRecognition.draftArrangements, pgSchema.draftArrangements, 100),
  table(sqliteAdvisories.advisoryRecords, pgSchema.advisoryRecords, 200),
  table(sqliteAdvisories.advisoryPackages, pgSchema.advisoryPackages),
  table(sqliteEvents.art14Events, pgSchema.art14Events, 200),
];

/** Tables of the migration machinery, not of the service: each side keeps its own. */
const SQLITE_BOOKKEEPING = new Set(["__drizzle_migrations"]);

/** The copy cannot be made: the message says why, plainly. `input` distinguishes the user's data from a fault. */
export class TransferError extends Error {
  constructor(
    message: string,
    readonly input: boolean,
  ) {
    super(message);
  }
}

export interface TransferTableResult {
  name: string;
  source: number;
  target: number;
}

export interface TransferResult {
  tables: TransferTableResult[];
  /** The audit chain as read from the source, and as written to the target, in the same transaction. */
  sourceAudit: AuditVerification;
  targetAudit: AuditVerification;
}

export interface TransferOptions {
  /** Empty the target's tables first (in the same transaction) instead of refusing a target holding rows. */
  replace?: boolean;
  /** Caps every table's page size (tests use it to cross page boundaries with few rows). */
  maxPageRows?: number;
  /** Told after each table is copied. */
  onTable?: (name: string, rows: number) => void;
}

/** The tables a SQLite database holds (the service's, not SQLite's own or the migrator's). */
export function sqliteTableNames(source: SqliteDatabase): string[] {
  const rows = source.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .all() as { name: string }[];
  return rows.map((r) => r.name).filter((name) => !SQLITE_BOOKKEEPING.has(name));
}

function auditRecordOf(row: Record<string, unknown>): AuditRecord {
  return {
    seq: Number(row.seq),
    at: String(row.at),
    organizationId: row.organizationId === null ? null : String(row.organizationId),
    actor: String(row.actor),
    action: String(row.action),
    subjectType: String(row.subjectType),
    subjectId: String(row.subjectId),
    details: JSON.parse(String(row.details)) as { [key: string]: JsonValue },
    prevHash: String(row.prevHash),
    hash: String(row.hash),
  };
}

function headOf(rows: Record<string, unknown>[]): { seq: number; hash: string } | null {
  const head = rows.find((r) => Number(r.id) === 1);
  return head ? { seq: Number(head.seq), hash: String(head.hash) } : null;
}

/** PostgreSQL refuses text SQLite keeps (a NUL character): the user's data, not a fault. */
function plainInsertFailure(tableName: string, error: unknown): TransferError | null {
  // drizzle wraps the driver's error (whose message names the statement and every parameter) as its cause.
  const driverError = (error as { cause?: unknown }).cause ?? error;
  const code = (driverError as { code?: unknown }).code;
  if (code === "22021" || code === "22P05") {
    const reason = driverError instanceof Error ? driverError.message.replace(/\s+/g, " ") : String(code);
    return new TransferError(
      `table ${tableName} holds text PostgreSQL cannot store (${reason}); nothing was copied`,
      true,
    );
  }
  return null;
}

/** Refuses a source holding a table the copy does not know, or lacking one (not ours, or not migrated). */
export function checkSourceTables(source: SqliteDatabase): void {
  const known = new Set(TRANSFER_TABLES.map((t) => t.name));
  const present = sqliteTableNames(source);
  const unknown = present.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new TransferError(
      `the source holds table(s) this version does not know how to copy: ${unknown.join(", ")}; ` +
        "use the cra-assessor version that wrote it",
      true,
    );
  }
  const missing = TRANSFER_TABLES.map((t) => t.name).filter((name) => !present.includes(name));
  if (missing.length > 0) {
    throw new TransferError(
      `the source lacks table(s) ${missing.join(", ")}: it is not a cra-assessor database, or an older one ` +
        "(apply the migrations first: cra-assessor db migrate --db FILE)",
      true,
    );
  }
}

/**
 * Copies every table of `source` into `target` (already migrated) in one transaction, then compares the row counts
 * and verifies the audit chain on the target before committing. The source is read in one read transaction, so
 * writers on it (a running service) do not tear the copy; stop the service first all the same, or later writes
 * stay behind in the file.
 */
export async function transferSqliteToPg(
  source: SqliteDatabase,
  target: PgDatabase,
  options: TransferOptions = {},
): Promise<TransferResult> {
  checkSourceTables(source);

  source.sqlite.exec("BEGIN");
  try {
    const sourceCounts = new Map<string, number>();
    for (const t of TRANSFER_TABLES) {
      const [row] = source.db.select({ n: sql<number>`count(*)` }).from(t.sqlite).all();
      sourceCounts.set(t.name, Number(row?.n ?? 0));
    }
    const sourceAudit = verifyAuditChain(
      source.db.select().from(sqliteCore.auditLog).orderBy(sqliteCore.auditLog.seq).all().map(auditRecordOf),
      headOf(source.db.select().from(sqliteCore.auditHead).all()),
    );

    return await target.db.transaction(async (tx) => {
      const occupied: string[] = [];
      for (const t of TRANSFER_TABLES) {
        const [row] = await tx.select({ n: sql<number>`count(*)` }).from(t.pg);
        if (Number(row?.n ?? 0) > 0) occupied.push(t.name);
      }
      if (occupied.length > 0 && !options.replace) {
        throw new TransferError(
          `the target is not empty (rows in ${occupied.join(", ")}); give --replace to delete them first`,
          true,
        );
      }
      if (occupied.length > 0) {
        const names = TRANSFER_TABLES.map((t) => `"${t.name}"`).join(", ");
        await tx.execute(sql.raw(`TRUNCATE ${names}`));
      }

      for (const t of TRANSFER_TABLES) {
        const pageRows = Math.max(1, Math.min(t.pageRows, options.maxPageRows ?? t.pageRows));
        const rowid = sql<number>`rowid`;
        let after = 0;
        let copied = 0;
        for (;;) {
          const page = source.db
            .select({ ...getTableColumns(t.sqlite), __rowid: rowid })
            .from(t.sqlite)
            .where(gt(rowid, after))
            .orderBy(rowid)
            .limit(pageRows)
            .all() as Record<string, unknown>[];
          if (page.length === 0) break;
          after = Number(page.at(-1)!.__rowid);
          const values = page.map(({ __rowid: _rowid, ...columns }) => columns);
          try {
            // The row objects carry the SQLite table's column keys, which the PostgreSQL table shares (a test holds it).
            await tx.insert(t.pg).values(values as never[]);
          } catch (error) {
            throw plainInsertFailure(t.name, error) ?? error;
          }
          copied += page.length;
        }
        options.onTable?.(t.name, copied);
      }

      const tables: TransferTableResult[] = [];
      for (const t of TRANSFER_TABLES) {
        const [row] = await tx.select({ n: sql<number>`count(*)` }).from(t.pg);
        tables.push({ name: t.name, source: sourceCounts.get(t.name) ?? 0, target: Number(row?.n ?? 0) });
      }
      const mismatched = tables.filter((t) => t.source !== t.target);
      if (mismatched.length > 0) {
        throw new TransferError(
          `row counts differ after the copy (${mismatched.map((t) => `${t.name}: ${t.source} → ${t.target}`).join(", ")}); ` +
            "nothing was committed",
          false,
        );
      }
      const targetAudit = verifyAuditChain(
        (await tx.select().from(pgSchema.auditLog).orderBy(pgSchema.auditLog.seq)).map(auditRecordOf),
        headOf(await tx.select().from(pgSchema.auditHead)),
      );
      if (sourceAudit.ok && !targetAudit.ok) {
        throw new TransferError(
          "the audit chain verifies on the source but not on the copy; nothing was committed",
          false,
        );
      }
      return { tables, sourceAudit, targetAudit };
    });
  } finally {
    source.sqlite.exec("ROLLBACK");
  }
}
