/**
 * The SQLite implementation of the repository port. Every write that belongs together (an SBOM's blob, record,
 * components, product version and audit record) runs in ONE synchronous better-sqlite3 transaction started with
 * BEGIN IMMEDIATE, so a crash leaves all of it or none of it, and two writers never fork the audit chain.
 */
import { and, asc, count, desc, eq, inArray, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { GapRef, ReportCounts } from "../../domain/assessment-summary.js";
import { type AuditDraft, type AuditRecord, chainAuditRecord, type JsonValue } from "../../domain/audit-chain.js";
import type {
  ApiKeyRecord,
  AssessmentFilter,
  AssessmentListing,
  DeclarationRecord,
  DraftArrangementRecord,
  Page,
  Paged,
  ProductFilter,
  Repositories,
  Role,
  SbomRecord,
  StoredComponent,
  TenantScope,
} from "../port.js";
import { fromVexRow, toVexRow } from "../product-vex-rows.js";
import { createAdvisoryStore, createArt14EventStore } from "./advisory-repository.js";
import type { SqliteDatabase } from "./open.js";
import {
  apiKeys,
  assessmentReports,
  assessments,
  auditHead,
  auditLog,
  declarations,
  organizations,
  products,
  productVersions,
  sbomBlobs,
  sbomComponents,
  sboms,
} from "./schema/core.js";
import { productVex } from "./schema/product-vex.js";
import { crosswalkReviews, draftArrangements } from "./schema/recognition.js";
import { webSessions } from "./schema/web-sessions.js";

type Db = BetterSQLite3Database;

const SEVERITY_RANK: Record<string, number> = { critical: 5, high: 4, medium: 3, low: 2, info: 1 };

/** The tenancy condition for a table with an organisation column (and a product column, for `ci` keys). */
function scopeCondition(scope: TenantScope, organizationColumn: SQLiteColumn, productColumn?: SQLiteColumn) {
  if (scope.kind === "all") return undefined;
  const conditions: SQL[] = [eq(organizationColumn, scope.organizationId)];
  if (scope.productIds && productColumn) {
    conditions.push(scope.productIds.length > 0 ? inArray(productColumn, [...scope.productIds]) : sql`0`);
  }
  return and(...conditions);
}

function productInScope(scope: TenantScope, product: { id: string; organizationId: string }): boolean {
  if (scope.kind === "all") return true;
  if (product.organizationId !== scope.organizationId) return false;
  return !scope.productIds || scope.productIds.includes(product.id);
}

/** Appends to the chain inside the caller's (synchronous) transaction. */
export function appendAuditIn(tx: Db, draft: AuditDraft): AuditRecord {
  const head = tx.select().from(auditHead).where(eq(auditHead.id, 1)).get();
  const record = chainAuditRecord(draft, head ? { seq: head.seq, hash: head.hash } : null);
  tx.insert(auditLog)
    .values({
      seq: record.seq,
      at: record.at,
      organizationId: record.organizationId,
      actor: record.actor,
      action: record.action,
      subjectType: record.subjectType,
      subjectId: record.subjectId,
      details: JSON.stringify(record.details),
      prevHash: record.prevHash,
      hash: record.hash,
    })
    .run();
  tx.insert(auditHead)
    .values({ id: 1, seq: record.seq, hash: record.hash, updatedAt: record.at })
    .onConflictDoUpdate({ target: auditHead.id, set: { seq: record.seq, hash: record.hash, updatedAt: record.at } })
    .run();
  return record;
}

function toAuditRecord(row: typeof auditLog.$inferSelect): AuditRecord {
  return {
    seq: row.seq,
    at: row.at,
    organizationId: row.organizationId,
    actor: row.actor,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    details: JSON.parse(row.details) as { [key: string]: JsonValue },
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

function toApiKey(row: typeof apiKeys.$inferSelect): ApiKeyRecord {
  return { ...row, role: row.role as Role, productIds: JSON.parse(row.productIds) as string[] };
}

function toSbom(row: typeof sboms.$inferSelect, blob: { mediaType: string; sizeBytes: number }): SbomRecord {
  const { idempotencyKey: _key, ...record } = row;
  return { ...record, mediaType: blob.mediaType, sizeBytes: blob.sizeBytes };
}

function toAssessment(row: typeof assessments.$inferSelect): AssessmentListing {
  return {
    ...row,
    frameworks: JSON.parse(row.frameworks) as string[],
    reportCounts: JSON.parse(row.reportCounts) as ReportCounts[],
    craGaps: JSON.parse(row.craGaps) as GapRef[],
  };
}

function assessmentRow(record: AssessmentListing): typeof assessments.$inferInsert {
  return {
    id: record.id,
    productId: record.productId,
    organizationId: record.organizationId,
    sbomId: record.sbomId,
    declarationId: record.declarationId,
    sbomSha256: record.sbomSha256,
    declarationSha256: record.declarationSha256,
    ruleSetVersion: record.ruleSetVersion,
    frameworks: JSON.stringify(record.frameworks),
    asOf: record.asOf,
    failOn: record.failOn,
    verdict: record.verdict,
    highestGapSeverity: record.highestGapSeverity,
    productClass: record.productClass,
    reportsSha256: record.reportsSha256,
    createdAt: record.createdAt,
    reportCounts: JSON.stringify(record.reportCounts),
    craGaps: JSON.stringify(record.craGaps),
  };
}

function paged<T>(items: T[], total: number, page: Page): Paged<T> {
  return { items, total, limit: page.limit, offset: page.offset };
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT" || code === "SQLITE_LOCKED";
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface SqliteRepositoryOptions {
  /**
   * How long a write keeps retrying while another connection (a worker storing a 50k-component SBOM, the CLI)
   * holds the write lock. The waiting happens between attempts, off the event loop: better-sqlite3's own busy
   * timeout blocks the thread, so the server opens its connection with a short one and retries here instead.
   */
  writeRetryMs?: number;
}

export function createSqliteRepositories(
  database: SqliteDatabase,
  options: SqliteRepositoryOptions = {},
): Repositories {
  const { db, sqlite } = database;
  const retryMs = options.writeRetryMs ?? 10_000;
  // BEGIN IMMEDIATE takes the write lock at the start, so the audit head read inside cannot go stale; a busy lock
  // fails the BEGIN before any statement ran, so retrying the whole transaction is safe.
  const write = async <T>(work: (tx: Db) => T): Promise<T> => {
    const deadline = Date.now() + retryMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return db.transaction((tx) => work(tx as unknown as Db), { behavior: "immediate" });
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
        await sleep(Math.min(50, 5 * 2 ** Math.min(attempt, 4)));
      }
    }
  };

  const findProduct = (tx: Db, scope: TenantScope, productId: string) => {
    const row = tx.select().from(products).where(eq(products.id, productId)).get();
    return row && productInScope(scope, row) ? row : null;
  };

  const sbomSelect = (from: Pick<typeof db, "select"> = db) =>
    from
      .select({ sbom: sboms, mediaType: sbomBlobs.mediaType, sizeBytes: sbomBlobs.sizeBytes })
      .from(sboms)
      .innerJoin(sbomBlobs, eq(sbomBlobs.sha256, sboms.sha256));

  // One prepared statement in one transaction: 50k rows in ~0.2 s, where a multi-row drizzle insert
  // would hit SQLite's bound-parameter limit. Prepared at first use, so opening an unmigrated file does not fail.
  let insertComponentStatement: ReturnType<typeof sqlite.prepare> | undefined;
  const insertComponent = () =>
    (insertComponentStatement ??= sqlite.prepare(
      "INSERT INTO sbom_components (sbom_id, ordinal, bom_ref, type, name, version, group_name, purl, licenses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ));

  return {
    organizations: {
      async create(record, audit) {
        await write((tx) => {
          tx.insert(organizations).values(record).run();
          appendAuditIn(tx, audit);
        });
        return record;
      },
      async findById(id) {
        return db.select().from(organizations).where(eq(organizations.id, id)).get() ?? null;
      },
      async findBySlug(slug) {
        return db.select().from(organizations).where(eq(organizations.slug, slug)).get() ?? null;
      },
      async list(page) {
        const items = db
          .select()
          .from(organizations)
          .orderBy(asc(organizations.slug))
          .limit(page.limit)
          .offset(page.offset)
          .all();
        const total = db.select({ n: count() }).from(organizations).get()?.n ?? 0;
        return paged(items, total, page);
      },
    },

    apiKeys: {
      async create(record, audit) {
        await write((tx) => {
          tx.insert(apiKeys)
            .values({ ...record, productIds: JSON.stringify([...record.productIds].sort()) })
            .run();
          appendAuditIn(tx, audit);
        });
        return record;
      },
      async findByHash(keyHash) {
        const row = db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).get();
        return row ? toApiKey(row) : null;
      },
      async findById(id) {
        const row = db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
        return row ? toApiKey(row) : null;
      },
      async listByOrganization(organizationId) {
        return db
          .select()
          .from(apiKeys)
          .where(eq(apiKeys.organizationId, organizationId))
          .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))
          .all()
          .map(toApiKey);
      },
      async revoke(id, at, audit) {
        return write((tx) => {
          const result = tx
            .update(apiKeys)
            .set({ revokedAt: at })
            .where(and(eq(apiKeys.id, id), sql`${apiKeys.revokedAt} IS NULL`))
            .run();
          if (result.changes === 0) return false;
          appendAuditIn(tx, audit);
          return true;
        });
      },
    },

    products: {
      async create(scope, record, audit) {
        if (scope.kind === "organization" && scope.organizationId !== record.organizationId) return null;
        await write((tx) => {
          tx.insert(products).values(record).run();
          appendAuditIn(tx, audit);
        });
        return record;
      },
      async get(scope, id) {
        return findProduct(db, scope, id);
      },
      async list(scope, filter: ProductFilter, page) {
        const where = and(
          scopeCondition(scope, products.organizationId, products.id),
          filter.productClass ? eq(products.productClass, filter.productClass) : undefined,
          filter.organizationId ? eq(products.organizationId, filter.organizationId) : undefined,
          filter.nameContains
            ? sql`instr(lower(${products.name}), ${filter.nameContains.toLowerCase()}) > 0`
            : undefined,
        );
        const items = db
          .select()
          .from(products)
          .where(where)
          .orderBy(desc(products.createdAt), asc(products.id))
          .limit(page.limit)
          .offset(page.offset)
          .all();
        const total = db.select({ n: count() }).from(products).where(where).get()?.n ?? 0;
        return paged(items, total, page);
      },
      async countByClass(scope) {
        const rows = db
          .select({ productClass: products.productClass, products: count() })
          .from(products)
          .where(scopeCondition(scope, products.organizationId, products.id))
          .groupBy(products.productClass)
          .all();
        return rows;
      },
      async versions(scope, productId) {
        if (!findProduct(db, scope, productId)) return null;
        return db
          .select()
          .from(productVersions)
          .where(eq(productVersions.productId, productId))
          .orderBy(asc(productVersions.createdAt), asc(productVersions.version))
          .all();
      },
    },

    sboms: {
      async store(scope, { record, raw, components, idempotencyKey }, audit) {
        return write((tx) => {
          const product = findProduct(tx, scope, record.productId);
          if (!product || product.organizationId !== record.organizationId) return null;
          // A record id already stored is an attempt run twice: return the first one's record, write nothing.
          const applied = sbomSelect(tx).where(eq(sboms.id, record.id)).get();
          if (applied) return toSbom(applied.sbom, applied);
          // Inside the write transaction, so two retries racing each other cannot both insert.
          if (idempotencyKey !== undefined) {
            const earlier = sbomSelect(tx)
              .where(and(eq(sboms.productId, record.productId), eq(sboms.idempotencyKey, idempotencyKey)))
              .get();
            if (earlier) return toSbom(earlier.sbom, earlier);
          }
          tx.insert(sbomBlobs)
            .values({
              sha256: record.sha256,
              mediaType: record.mediaType,
              sizeBytes: record.sizeBytes,
              content: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength),
              createdAt: record.createdAt,
            })
            .onConflictDoNothing()
            .run();
          const { mediaType: _m, sizeBytes: _s, ...row } = record;
          tx.insert(sboms)
            .values({ ...row, idempotencyKey: idempotencyKey ?? null })
            .run();
          const statement = insertComponent();
          for (const c of components) {
            statement.run(
              record.id,
              c.ordinal,
              c.bomRef,
              c.type,
              c.name,
              c.version,
              c.group,
              c.purl,
              JSON.stringify(c.licenses),
            );
          }
          if (record.productVersion) {
            tx.insert(productVersions)
              .values({ productId: record.productId, version: record.productVersion, createdAt: record.createdAt })
              .onConflictDoNothing()
              .run();
          }
          appendAuditIn(tx, audit);
          return record;
        });
      },
      async get(scope, id) {
        const row = sbomSelect()
          .where(and(eq(sboms.id, id), scopeCondition(scope, sboms.organizationId, sboms.productId)))
          .get();
        return row ? toSbom(row.sbom, row) : null;
      },
      async findByIdempotencyKey(scope, productId, key) {
        const row = sbomSelect()
          .where(
            and(
              eq(sboms.productId, productId),
              eq(sboms.idempotencyKey, key),
              scopeCondition(scope, sboms.organizationId, sboms.productId),
            ),
          )
          .get();
        return row ? toSbom(row.sbom, row) : null;
      },
      async latestForProduct(scope, productId) {
        const row = sbomSelect()
          .where(and(eq(sboms.productId, productId), scopeCondition(scope, sboms.organizationId, sboms.productId)))
          .orderBy(desc(sboms.createdAt), desc(sql`${sboms}.rowid`))
          .limit(1)
          .get();
        return row ? toSbom(row.sbom, row) : null;
      },
      async listForProduct(scope, productId, page) {
        if (!findProduct(db, scope, productId)) return null;
        const items = sbomSelect()
          .where(eq(sboms.productId, productId))
          .orderBy(desc(sboms.createdAt), desc(sql`${sboms}.rowid`))
          .limit(page.limit)
          .offset(page.offset)
          .all()
          .map((row) => toSbom(row.sbom, row));
        const total = db.select({ n: count() }).from(sboms).where(eq(sboms.productId, productId)).get()?.n ?? 0;
        return paged(items, total, page);
      },
      async raw(scope, id) {
        const row = db
          .select({ mediaType: sbomBlobs.mediaType, content: sbomBlobs.content })
          .from(sboms)
          .innerJoin(sbomBlobs, eq(sbomBlobs.sha256, sboms.sha256))
          .where(and(eq(sboms.id, id), scopeCondition(scope, sboms.organizationId, sboms.productId)))
          .get();
        return row ? { mediaType: row.mediaType, content: new Uint8Array(row.content) } : null;
      },
      async components(scope, id, page) {
        const owner = db
          .select({ id: sboms.id })
          .from(sboms)
          .where(and(eq(sboms.id, id), scopeCondition(scope, sboms.organizationId, sboms.productId)))
          .get();
        if (!owner) return null;
        const items = db
          .select()
          .from(sbomComponents)
          .where(eq(sbomComponents.sbomId, id))
          .orderBy(asc(sbomComponents.ordinal))
          .limit(page.limit)
          .offset(page.offset)
          .all()
          .map(
            (row): StoredComponent => ({
              ordinal: row.ordinal,
              bomRef: row.bomRef,
              type: row.type,
              name: row.name,
              version: row.version,
              group: row.group,
              purl: row.purl,
              licenses: JSON.parse(row.licenses) as string[],
            }),
          );
        const total = db.select({ n: count() }).from(sbomComponents).where(eq(sbomComponents.sbomId, id)).get()?.n ?? 0;
        return paged(items, total, page);
      },
    },

    declarations: {
      async put(scope, input, audit) {
        return write((tx) => {
          const product = findProduct(tx, scope, input.productId);
          if (!product || product.organizationId !== input.organizationId) return null;
          const last = tx
            .select({ v: sql<number>`coalesce(max(${declarations.version}), 0)` })
            .from(declarations)
            .where(eq(declarations.productId, input.productId))
            .get();
          const record: DeclarationRecord = { ...input, version: (last?.v ?? 0) + 1 };
          tx.insert(declarations).values(record).run();
          if (record.productVersion) {
            tx.insert(productVersions)
              .values({ productId: record.productId, version: record.productVersion, createdAt: record.createdAt })
              .onConflictDoNothing()
              .run();
          }
          appendAuditIn(tx, audit(record.version));
          return record;
        });
      },
      async latest(scope, productId) {
        return (
          db
            .select()
            .from(declarations)
            .where(
              and(
                eq(declarations.productId, productId),
                scopeCondition(scope, declarations.organizationId, declarations.productId),
              ),
            )
            .orderBy(desc(declarations.version))
            .limit(1)
            .get() ?? null
        );
      },
      async get(scope, productId, version) {
        return (
          db
            .select()
            .from(declarations)
            .where(
              and(
                eq(declarations.productId, productId),
                eq(declarations.version, version),
                scopeCondition(scope, declarations.organizationId, declarations.productId),
              ),
            )
            .get() ?? null
        );
      },
    },

    assessments: {
      async create(scope, record, audit) {
        return write((tx) => {
          const product = findProduct(tx, scope, record.productId);
          if (!product || product.organizationId !== record.organizationId) return null;
          tx.insert(assessments).values(assessmentRow(record)).run();
          tx.insert(assessmentReports).values({ assessmentId: record.id, reports: record.reports }).run();
          appendAuditIn(tx, audit);
          return record;
        });
      },
      async get(scope, id) {
        const row = db
          .select({ assessment: assessments, reports: assessmentReports.reports })
          .from(assessments)
          .innerJoin(assessmentReports, eq(assessmentReports.assessmentId, assessments.id))
          .where(and(eq(assessments.id, id), scopeCondition(scope, assessments.organizationId, assessments.productId)))
          .get();
        return row ? { ...toAssessment(row.assessment), reports: row.reports } : null;
      },
      async list(scope, filter: AssessmentFilter, page) {
        const minRank = filter.minSeverity ? (SEVERITY_RANK[filter.minSeverity] ?? 0) : 0;
        const severities = Object.entries(SEVERITY_RANK)
          .filter(([, rank]) => rank >= minRank)
          .map(([name]) => name);
        const where = and(
          scopeCondition(scope, assessments.organizationId, assessments.productId),
          filter.productId ? eq(assessments.productId, filter.productId) : undefined,
          filter.verdict ? eq(assessments.verdict, filter.verdict) : undefined,
          filter.minSeverity ? inArray(assessments.highestGapSeverity, severities) : undefined,
          filter.productClass ? eq(assessments.productClass, filter.productClass) : undefined,
          filter.framework
            ? sql`exists (select 1 from json_each(${assessments.frameworks}) where value = ${filter.framework})`
            : undefined,
        );
        const items = db
          .select()
          .from(assessments)
          .where(where)
          .orderBy(desc(assessments.createdAt), asc(assessments.id))
          .limit(page.limit)
          .offset(page.offset)
          .all()
          .map(toAssessment);
        const total = db.select({ n: count() }).from(assessments).where(where).get()?.n ?? 0;
        return paged(items, total, page);
      },
      async countByVerdict(scope) {
        const rows = db
          .select({ verdict: assessments.verdict, n: count() })
          .from(assessments)
          .where(scopeCondition(scope, assessments.organizationId, assessments.productId))
          .groupBy(assessments.verdict)
          .all();
        return {
          pass: rows.find((r) => r.verdict === "pass")?.n ?? 0,
          fail: rows.find((r) => r.verdict === "fail")?.n ?? 0,
        };
      },
    },

    audit: {
      async append(draft) {
        return write((tx) => appendAuditIn(tx, draft));
      },
      async chain() {
        // One read transaction for the records and the head: another connection (a worker process, the CLI) may
        // append between two separate reads, and a head newer than the records would look like a truncation.
        return db.transaction((tx) => {
          const records = tx.select().from(auditLog).orderBy(asc(auditLog.seq)).all().map(toAuditRecord);
          const head = tx.select().from(auditHead).where(eq(auditHead.id, 1)).get();
          return { records, head: head ? { seq: head.seq, hash: head.hash } : null };
        });
      },
      async list(scope, page) {
        const where = scope.kind === "all" ? undefined : eq(auditLog.organizationId, scope.organizationId);
        const items = db
          .select()
          .from(auditLog)
          .where(where)
          .orderBy(desc(auditLog.seq))
          .limit(page.limit)
          .offset(page.offset)
          .all()
          .map(toAuditRecord);
        const total = db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
        return paged(items, total, page);
      },
    },
    webSessions: {
      async create(record) {
        await write((tx) => tx.insert(webSessions).values(record).run());
        return record;
      },
      async findByTokenHash(tokenHash) {
        return db.select().from(webSessions).where(eq(webSessions.tokenHash, tokenHash)).get() ?? null;
      },
      async touch(id, lastSeenAt) {
        const result = await write((tx) =>
          tx.update(webSessions).set({ lastSeenAt }).where(eq(webSessions.id, id)).run(),
        );
        return result.changes > 0;
      },
      async delete(id) {
        await write((tx) => tx.delete(webSessions).where(eq(webSessions.id, id)).run());
      },
      async deleteExpired(idleBefore, now) {
        const result = await write((tx) =>
          tx
            .delete(webSessions)
            .where(or(lt(webSessions.lastSeenAt, idleBefore), lte(webSessions.expiresAt, now)))
            .run(),
        );
        return result.changes;
      },
    },
    productVex: {
      async put(scope, statement, audit) {
        return write((tx) => {
          const product = findProduct(tx, scope, statement.productId);
          if (!product || product.organizationId !== statement.organizationId) return null;
          const row = toVexRow(statement);
          tx.insert(productVex)
            .values(row)
            .onConflictDoUpdate({
              target: [productVex.productId, productVex.productVersion, productVex.vulnerability, productVex.component],
              set: {
                state: row.state,
                justification: row.justification,
                responses: row.responses,
                detail: row.detail,
                author: row.author,
                updatedAt: row.updatedAt,
              },
            })
            .run();
          appendAuditIn(tx, audit);
          return statement;
        });
      },
      async list(scope, productId, productVersion) {
        const product = findProduct(db, scope, productId);
        if (!product) return null;
        const rows = db
          .select()
          .from(productVex)
          .where(
            and(
              eq(productVex.productId, productId),
              productVersion === undefined ? undefined : eq(productVex.productVersion, productVersion),
            ),
          )
          .orderBy(asc(productVex.productVersion), asc(productVex.vulnerability), asc(productVex.component))
          .all();
        return rows.map(fromVexRow);
      },
    },
    crosswalkReviews: {
      async create(record, audit) {
        await write((tx) => {
          tx.insert(crosswalkReviews).values(record).run();
          appendAuditIn(tx, audit);
        });
        return record;
      },
      async list(filter) {
        return db
          .select()
          .from(crosswalkReviews)
          .where(filter.crosswalkId ? eq(crosswalkReviews.crosswalkId, filter.crosswalkId) : undefined)
          .orderBy(asc(crosswalkReviews.date), asc(crosswalkReviews.createdAt), asc(crosswalkReviews.id))
          .all();
      },
    },
    draftArrangements: {
      async put(input, audit) {
        return write((tx) => {
          const last = tx
            .select({ v: sql<number>`coalesce(max(${draftArrangements.version}), 0)` })
            .from(draftArrangements)
            .where(
              and(
                eq(draftArrangements.organizationId, input.organizationId),
                eq(draftArrangements.arrangementId, input.arrangementId),
              ),
            )
            .get();
          const record: DraftArrangementRecord = { ...input, version: Number(last?.v ?? 0) + 1 };
          tx.insert(draftArrangements).values(record).run();
          appendAuditIn(tx, audit(record.version));
          return record;
        });
      },
      async latest(organizationId, arrangementId) {
        return (
          db
            .select()
            .from(draftArrangements)
            .where(
              and(
                eq(draftArrangements.organizationId, organizationId),
                eq(draftArrangements.arrangementId, arrangementId),
              ),
            )
            .orderBy(desc(draftArrangements.version))
            .limit(1)
            .get() ?? null
        );
      },
      async list(organizationId) {
        const rows = db
          .select()
          .from(draftArrangements)
          .where(eq(draftArrangements.organizationId, organizationId))
          .orderBy(asc(draftArrangements.arrangementId), desc(draftArrangements.version))
          .all();
        return latestVersions(rows);
      },
    },
    advisories: createAdvisoryStore(database),
    art14Events: createArt14EventStore(database, appendAuditIn),
  };
}

/** The first row of each arrangement id, given rows sorted by arrangement id then version descending. */
function latestVersions<T extends { arrangementId: string }>(rows: readonly T[]): T[] {
  return rows.filter((row, i) => i === 0 || rows[i - 1]!.arrangementId !== row.arrangementId);
}
