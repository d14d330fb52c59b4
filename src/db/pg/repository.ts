/**
 * The PostgreSQL implementation of the repository port. It keeps the SQLite implementation's contract
 * (tests/contract/repository.contract.ts) with PostgreSQL's own means: asynchronous transactions (correct on
 * node-postgres, unlike better-sqlite3), a transaction-scoped advisory lock so concurrent writers append to the
 * audit chain one at a time, and chunked multi-row inserts for components (65,535 bind parameters per statement).
 */
import { and, asc, count, desc, eq, inArray, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { PgColumn } from "drizzle-orm/pg-core";
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
import { createPgAdvisoryStore, createPgArt14EventStore } from "./advisory-repository.js";
import type { PgDatabase } from "./open.js";
import {
  apiKeys,
  assessmentReports,
  assessments,
  auditHead,
  auditLog,
  crosswalkReviews,
  declarations,
  draftArrangements,
  organizations,
  products,
  productVersions,
  productVex,
  sbomBlobs,
  sbomComponents,
  sboms,
  webSessions,
} from "./schema.pg.js";

type Db = NodePgDatabase;
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Executor = Db | Tx;

const SEVERITY_RANK: Record<string, number> = { critical: 5, high: 4, medium: 3, low: 2, info: 1 };
/** Arbitrary constant naming the audit chain's advisory lock. */
const AUDIT_LOCK = 0x63726161;
/** 9 columns × 2,000 rows stays far below PostgreSQL's 65,535 bind parameters. */
const COMPONENT_CHUNK = 2_000;

function scopeCondition(scope: TenantScope, organizationColumn: PgColumn, productColumn?: PgColumn) {
  if (scope.kind === "all") return undefined;
  const conditions: SQL[] = [eq(organizationColumn, scope.organizationId)];
  if (scope.productIds && productColumn) {
    conditions.push(scope.productIds.length > 0 ? inArray(productColumn, [...scope.productIds]) : sql`false`);
  }
  return and(...conditions);
}

function productInScope(scope: TenantScope, product: { id: string; organizationId: string }): boolean {
  if (scope.kind === "all") return true;
  if (product.organizationId !== scope.organizationId) return false;
  return !scope.productIds || scope.productIds.includes(product.id);
}

async function appendAuditIn(tx: Tx, draft: AuditDraft): Promise<AuditRecord> {
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1));
  const record = chainAuditRecord(draft, head ? { seq: head.seq, hash: head.hash } : null);
  await tx.insert(auditLog).values({ ...record, details: JSON.stringify(record.details) });
  await tx
    .insert(auditHead)
    .values({ id: 1, seq: record.seq, hash: record.hash, updatedAt: record.at })
    .onConflictDoUpdate({ target: auditHead.id, set: { seq: record.seq, hash: record.hash, updatedAt: record.at } });
  return record;
}

function toAuditRecord(row: typeof auditLog.$inferSelect): AuditRecord {
  return { ...row, details: JSON.parse(row.details) as { [key: string]: JsonValue } };
}

function toApiKey(row: typeof apiKeys.$inferSelect): ApiKeyRecord {
  return { ...row, role: row.role as Role, productIds: JSON.parse(row.productIds) as string[] };
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

export function createPgRepositories(database: PgDatabase): Repositories {
  const { db } = database;
  // Every write that touches the audit chain serializes on one advisory lock, held until commit.
  const write = <T>(work: (tx: Tx) => Promise<T>): Promise<T> =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
      return work(tx);
    });

  const findProduct = async (executor: Executor, scope: TenantScope, productId: string) => {
    const [row] = await executor.select().from(products).where(eq(products.id, productId));
    return row && productInScope(scope, row) ? row : null;
  };

  const sbomSelect = (from: Pick<typeof db, "select"> = db) =>
    from
      .select({ sbom: sboms, mediaType: sbomBlobs.mediaType, sizeBytes: sbomBlobs.sizeBytes })
      .from(sboms)
      .innerJoin(sbomBlobs, eq(sbomBlobs.sha256, sboms.sha256));
  const toSbom = (row: { sbom: typeof sboms.$inferSelect; mediaType: string; sizeBytes: number }): SbomRecord => {
    const { idempotencyKey: _key, ...record } = row.sbom;
    return { ...record, mediaType: row.mediaType, sizeBytes: row.sizeBytes };
  };
  const total = async (query: Promise<{ n: number }[]>) => Number((await query)[0]?.n ?? 0);

  return {
    organizations: {
      async create(record, audit) {
        await write(async (tx) => {
          await tx.insert(organizations).values(record);
          await appendAuditIn(tx, audit);
        });
        return record;
      },
      async findById(id) {
        return (await db.select().from(organizations).where(eq(organizations.id, id)))[0] ?? null;
      },
      async findBySlug(slug) {
        return (await db.select().from(organizations).where(eq(organizations.slug, slug)))[0] ?? null;
      },
      async list(page) {
        const items = await db
          .select()
          .from(organizations)
          .orderBy(asc(organizations.slug))
          .limit(page.limit)
          .offset(page.offset);
        return paged(items, await total(db.select({ n: count() }).from(organizations)), page);
      },
    },

    apiKeys: {
      async create(record, audit) {
        await write(async (tx) => {
          await tx.insert(apiKeys).values({ ...record, productIds: JSON.stringify([...record.productIds].sort()) });
          await appendAuditIn(tx, audit);
        });
        return record;
      },
      async findByHash(keyHash) {
        const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash));
        return row ? toApiKey(row) : null;
      },
      async findById(id) {
        const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
        return row ? toApiKey(row) : null;
      },
      async listByOrganization(organizationId) {
        const rows = await db
          .select()
          .from(apiKeys)
          .where(eq(apiKeys.organizationId, organizationId))
          .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
        return rows.map(toApiKey);
      },
      async revoke(id, at, audit) {
        return write(async (tx) => {
          const updated = await tx
            .update(apiKeys)
            .set({ revokedAt: at })
            .where(and(eq(apiKeys.id, id), sql`${apiKeys.revokedAt} is null`))
            .returning({ id: apiKeys.id });
          if (updated.length === 0) return false;
          await appendAuditIn(tx, audit);
          return true;
        });
      },
    },

    products: {
      async create(scope, record, audit) {
        if (scope.kind === "organization" && scope.organizationId !== record.organizationId) return null;
        await write(async (tx) => {
          await tx.insert(products).values(record);
          await appendAuditIn(tx, audit);
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
            ? sql`strpos(lower(${products.name}), ${filter.nameContains.toLowerCase()}) > 0`
            : undefined,
        );
        const items = await db
          .select()
          .from(products)
          .where(where)
          .orderBy(desc(products.createdAt), asc(products.id))
          .limit(page.limit)
          .offset(page.offset);
        return paged(items, await total(db.select({ n: count() }).from(products).where(where)), page);
      },
      async countByClass(scope) {
        const rows = await db
          .select({ productClass: products.productClass, products: count() })
          .from(products)
          .where(scopeCondition(scope, products.organizationId, products.id))
          .groupBy(products.productClass);
        return rows.map((r) => ({ productClass: r.productClass, products: Number(r.products) }));
      },
      async versions(scope, productId) {
        if (!(await findProduct(db, scope, productId))) return null;
        return db
          .select()
          .from(productVersions)
          .where(eq(productVersions.productId, productId))
          .orderBy(asc(productVersions.createdAt), asc(productVersions.version));
      },
    },

    sboms: {
      async store(scope, { record, raw, components, idempotencyKey }, audit) {
        return write(async (tx) => {
          const product = await findProduct(tx, scope, record.productId);
          if (!product || product.organizationId !== record.organizationId) return null;
          // A queued job names its record id when it is accepted, and may run twice (its instance died, or it
          // outlived its expiry): serialize attempts of one id, and a second attempt finds the first's record.
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sbom ${record.id}`}))`);
          const [applied] = await sbomSelect(tx).where(eq(sboms.id, record.id));
          if (applied) return toSbom(applied);
          if (idempotencyKey !== undefined) {
            // Serializes uploads that share a key (several instances may take the same retry), then looks for
            // the earlier one inside the same transaction.
            await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${record.productId} ${idempotencyKey}`}))`);
            const [earlier] = await sbomSelect(tx).where(
              and(eq(sboms.productId, record.productId), eq(sboms.idempotencyKey, idempotencyKey)),
            );
            if (earlier) return toSbom(earlier);
          }
          await tx
            .insert(sbomBlobs)
            .values({
              sha256: record.sha256,
              mediaType: record.mediaType,
              sizeBytes: record.sizeBytes,
              content: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength),
              createdAt: record.createdAt,
            })
            .onConflictDoNothing();
          const { mediaType: _m, sizeBytes: _s, ...row } = record;
          await tx.insert(sboms).values({ ...row, idempotencyKey: idempotencyKey ?? null });
          for (let i = 0; i < components.length; i += COMPONENT_CHUNK) {
            await tx.insert(sbomComponents).values(
              components.slice(i, i + COMPONENT_CHUNK).map((c) => ({
                ...c,
                sbomId: record.id,
                licenses: JSON.stringify(c.licenses),
              })),
            );
          }
          if (record.productVersion) {
            await tx
              .insert(productVersions)
              .values({ productId: record.productId, version: record.productVersion, createdAt: record.createdAt })
              .onConflictDoNothing();
          }
          await appendAuditIn(tx, audit);
          return record;
        });
      },
      async get(scope, id) {
        const [row] = await sbomSelect().where(
          and(eq(sboms.id, id), scopeCondition(scope, sboms.organizationId, sboms.productId)),
        );
        return row ? toSbom(row) : null;
      },
      async findByIdempotencyKey(scope, productId, key) {
        const [row] = await sbomSelect().where(
          and(
            eq(sboms.productId, productId),
            eq(sboms.idempotencyKey, key),
            scopeCondition(scope, sboms.organizationId, sboms.productId),
          ),
        );
        return row ? toSbom(row) : null;
      },
      async latestForProduct(scope, productId) {
        const [row] = await sbomSelect()
          .where(and(eq(sboms.productId, productId), scopeCondition(scope, sboms.organizationId, sboms.productId)))
          .orderBy(desc(sboms.createdAt), desc(sboms.id))
          .limit(1);
        return row ? toSbom(row) : null;
      },
      async listForProduct(scope, productId, page) {
        if (!(await findProduct(db, scope, productId))) return null;
        const items = await sbomSelect()
          .where(eq(sboms.productId, productId))
          .orderBy(desc(sboms.createdAt), desc(sboms.id))
          .limit(page.limit)
          .offset(page.offset);
        const n = await total(db.select({ n: count() }).from(sboms).where(eq(sboms.productId, productId)));
        return paged(items.map(toSbom), n, page);
      },
      async raw(scope, id) {
        const [row] = await db
          .select({ mediaType: sbomBlobs.mediaType, content: sbomBlobs.content })
          .from(sboms)
          .innerJoin(sbomBlobs, eq(sbomBlobs.sha256, sboms.sha256))
          .where(and(eq(sboms.id, id), scopeCondition(scope, sboms.organizationId, sboms.productId)));
        return row ? { mediaType: row.mediaType, content: new Uint8Array(row.content) } : null;
      },
      async components(scope, id, page) {
        const [owner] = await db
          .select({ id: sboms.id })
          .from(sboms)
          .where(and(eq(sboms.id, id), scopeCondition(scope, sboms.organizationId, sboms.productId)));
        if (!owner) return null;
        const rows = await db
          .select()
          .from(sbomComponents)
          .where(eq(sbomComponents.sbomId, id))
          .orderBy(asc(sbomComponents.ordinal))
          .limit(page.limit)
          .offset(page.offset);
        const items = rows.map(
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
        const n = await total(db.select({ n: count() }).from(sbomComponents).where(eq(sbomComponents.sbomId, id)));
        return paged(items, n, page);
      },
    },

    declarations: {
      async put(scope, input, audit) {
        return write(async (tx) => {
          const product = await findProduct(tx, scope, input.productId);
          if (!product || product.organizationId !== input.organizationId) return null;
          const [last] = await tx
            .select({ v: sql<number>`coalesce(max(${declarations.version}), 0)` })
            .from(declarations)
            .where(eq(declarations.productId, input.productId));
          const record: DeclarationRecord = { ...input, version: Number(last?.v ?? 0) + 1 };
          await tx.insert(declarations).values(record);
          if (record.productVersion) {
            await tx
              .insert(productVersions)
              .values({ productId: record.productId, version: record.productVersion, createdAt: record.createdAt })
              .onConflictDoNothing();
          }
          await appendAuditIn(tx, audit(record.version));
          return record;
        });
      },
      async latest(scope, productId) {
        const [row] = await db
          .select()
          .from(declarations)
          .where(
            and(
              eq(declarations.productId, productId),
              scopeCondition(scope, declarations.organizationId, declarations.productId),
            ),
          )
          .orderBy(desc(declarations.version))
          .limit(1);
        return row ?? null;
      },
      async get(scope, productId, version) {
        const [row] = await db
          .select()
          .from(declarations)
          .where(
            and(
              eq(declarations.productId, productId),
              eq(declarations.version, version),
              scopeCondition(scope, declarations.organizationId, declarations.productId),
            ),
          );
        return row ?? null;
      },
    },

    assessments: {
      async create(scope, record, audit) {
        return write(async (tx) => {
          const product = await findProduct(tx, scope, record.productId);
          if (!product || product.organizationId !== record.organizationId) return null;
          await tx.insert(assessments).values(assessmentRow(record));
          await tx.insert(assessmentReports).values({ assessmentId: record.id, reports: record.reports });
          await appendAuditIn(tx, audit);
          return record;
        });
      },
      async get(scope, id) {
        const [row] = await db
          .select({ assessment: assessments, reports: assessmentReports.reports })
          .from(assessments)
          .innerJoin(assessmentReports, eq(assessmentReports.assessmentId, assessments.id))
          .where(and(eq(assessments.id, id), scopeCondition(scope, assessments.organizationId, assessments.productId)));
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
            ? sql`${assessments.frameworks}::jsonb @> ${JSON.stringify([filter.framework])}::jsonb`
            : undefined,
        );
        const rows = await db
          .select()
          .from(assessments)
          .where(where)
          .orderBy(desc(assessments.createdAt), asc(assessments.id))
          .limit(page.limit)
          .offset(page.offset);
        return paged(
          rows.map(toAssessment),
          await total(db.select({ n: count() }).from(assessments).where(where)),
          page,
        );
      },
      async countByVerdict(scope) {
        const rows = await db
          .select({ verdict: assessments.verdict, n: count() })
          .from(assessments)
          .where(scopeCondition(scope, assessments.organizationId, assessments.productId))
          .groupBy(assessments.verdict);
        return {
          pass: Number(rows.find((r) => r.verdict === "pass")?.n ?? 0),
          fail: Number(rows.find((r) => r.verdict === "fail")?.n ?? 0),
        };
      },
    },

    audit: {
      async append(draft) {
        return write((tx) => appendAuditIn(tx, draft));
      },
      async chain() {
        // One snapshot for the records and the head: read apart while other instances append, the head could be
        // newer than the records and look like a truncation.
        return db.transaction(
          async (tx) => {
            const records = (await tx.select().from(auditLog).orderBy(asc(auditLog.seq))).map(toAuditRecord);
            const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1));
            return { records, head: head ? { seq: head.seq, hash: head.hash } : null };
          },
          { isolationLevel: "repeatable read", accessMode: "read only" },
        );
      },
      async list(scope, page) {
        const where = scope.kind === "all" ? undefined : eq(auditLog.organizationId, scope.organizationId);
        const rows = await db
          .select()
          .from(auditLog)
          .where(where)
          .orderBy(desc(auditLog.seq))
          .limit(page.limit)
          .offset(page.offset);
        return paged(rows.map(toAuditRecord), await total(db.select({ n: count() }).from(auditLog).where(where)), page);
      },
    },
    webSessions: {
      async create(record) {
        await db.insert(webSessions).values(record);
        return record;
      },
      async findByTokenHash(tokenHash) {
        const [row] = await db.select().from(webSessions).where(eq(webSessions.tokenHash, tokenHash));
        return row ?? null;
      },
      async touch(id, lastSeenAt) {
        const updated = await db
          .update(webSessions)
          .set({ lastSeenAt })
          .where(eq(webSessions.id, id))
          .returning({ id: webSessions.id });
        return updated.length > 0;
      },
      async delete(id) {
        await db.delete(webSessions).where(eq(webSessions.id, id));
      },
      async deleteExpired(idleBefore, now) {
        const deleted = await db
          .delete(webSessions)
          .where(or(lt(webSessions.lastSeenAt, idleBefore), lte(webSessions.expiresAt, now)))
          .returning({ id: webSessions.id });
        return deleted.length;
      },
    },
    productVex: {
      async put(scope, statement, audit) {
        return write(async (tx) => {
          const product = await findProduct(tx, scope, statement.productId);
          if (!product || product.organizationId !== statement.organizationId) return null;
          const row = toVexRow(statement);
          await tx
            .insert(productVex)
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
            });
          await appendAuditIn(tx, audit);
          return statement;
        });
      },
      async list(scope, productId, productVersion) {
        if (!(await findProduct(db, scope, productId))) return null;
        const rows = await db
          .select()
          .from(productVex)
          .where(
            and(
              eq(productVex.productId, productId),
              productVersion === undefined ? undefined : eq(productVex.productVersion, productVersion),
            ),
          )
          .orderBy(asc(productVex.productVersion), asc(productVex.vulnerability), asc(productVex.component));
        return rows.map(fromVexRow);
      },
    },
    crosswalkReviews: {
      async create(record, audit) {
        await write(async (tx) => {
          await tx.insert(crosswalkReviews).values(record);
          await appendAuditIn(tx, audit);
        });
        return record;
      },
      async list(filter) {
        const rows = await db
          .select()
          .from(crosswalkReviews)
          .where(filter.crosswalkId ? eq(crosswalkReviews.crosswalkId, filter.crosswalkId) : undefined)
          .orderBy(asc(crosswalkReviews.date), asc(crosswalkReviews.createdAt), asc(crosswalkReviews.id));
        return rows;
      },
    },
    draftArrangements: {
      async put(input, audit) {
        return write(async (tx) => {
          // Serialise versions of one draft: the unique index turns a lost race into an error rather than a fork.
          const [last] = await tx
            .select({ v: sql<number>`coalesce(max(${draftArrangements.version}), 0)` })
            .from(draftArrangements)
            .where(
              and(
                eq(draftArrangements.organizationId, input.organizationId),
                eq(draftArrangements.arrangementId, input.arrangementId),
              ),
            );
          const record: DraftArrangementRecord = { ...input, version: Number(last?.v ?? 0) + 1 };
          await tx.insert(draftArrangements).values(record);
          await appendAuditIn(tx, audit(record.version));
          return record;
        });
      },
      async latest(organizationId, arrangementId) {
        const [row] = await db
          .select()
          .from(draftArrangements)
          .where(
            and(
              eq(draftArrangements.organizationId, organizationId),
              eq(draftArrangements.arrangementId, arrangementId),
            ),
          )
          .orderBy(desc(draftArrangements.version))
          .limit(1);
        return row ?? null;
      },
      async list(organizationId) {
        const rows = await db
          .select()
          .from(draftArrangements)
          .where(eq(draftArrangements.organizationId, organizationId))
          .orderBy(asc(draftArrangements.arrangementId), desc(draftArrangements.version));
        return rows.filter((row, i) => i === 0 || rows[i - 1]!.arrangementId !== row.arrangementId);
      },
    },
    advisories: createPgAdvisoryStore(db),
    art14Events: createPgArt14EventStore(db, write, appendAuditIn),
  };
}
