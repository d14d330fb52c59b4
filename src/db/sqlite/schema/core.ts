/**
 * Core tables of the service: organisations, API keys, products and their versions, SBOMs (raw content-addressed
 * blobs plus normalized components), versioned declarations, immutable assessments and the audit hash chain.
 *
 * The PostgreSQL mirror in src/db/pg/schema.pg.ts keeps the same table and column names. Times are ISO 8601
 * strings in UTC (text) so both dialects store and sort them the same way.
 */
import { blob, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const organizations = sqliteTable("organizations", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: text("created_at").notNull(),
});

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    role: text("role", { enum: ["manufacturer", "ci", "regulator", "admin", "operator"] }).notNull(),
    /** SHA-256 (hex) of the whole key. The key itself is shown once and never stored. */
    keyHash: text("key_hash").notNull().unique(),
    /** The first characters of the key, so a person can tell keys apart in listings. */
    prefix: text("prefix").notNull(),
    /** JSON array of product ids; only for the `ci` role (named products of one organisation). */
    productIds: text("product_ids").notNull().default("[]"),
    label: text("label"),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("api_keys_org_idx").on(t.organizationId)],
);

export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    name: text("name").notNull(),
    /** CRA product class id (`CRA-DEFAULT`, `CRA-AIII-C1-12` …), when known. */
    productClass: text("product_class"),
    description: text("description"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("products_org_idx").on(t.organizationId, t.createdAt)],
);

export const productVersions = sqliteTable(
  "product_versions",
  {
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    version: text("version").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("product_versions_pk").on(t.productId, t.version)],
);

/** Raw SBOM documents, content-addressed: one row per distinct SHA-256, however many products submit it. */
export const sbomBlobs = sqliteTable("sbom_blobs", {
  sha256: text("sha256").primaryKey(),
  mediaType: text("media_type").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  content: blob("content", { mode: "buffer" }).notNull(),
  createdAt: text("created_at").notNull(),
});

export const sboms = sqliteTable(
  "sboms",
  {
    id: text("id").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    sha256: text("sha256")
      .notNull()
      .references(() => sbomBlobs.sha256),
    format: text("format").notNull(),
    specVersion: text("spec_version").notNull(),
    componentCount: integer("component_count").notNull(),
    productVersion: text("product_version"),
    createdAt: text("created_at").notNull(),
    /** The client's Idempotency-Key of the upload that created the row: a retry finds this row instead of adding one. */
    idempotencyKey: text("idempotency_key"),
  },
  (t) => [
    index("sboms_product_idx").on(t.productId, t.createdAt),
    uniqueIndex("sboms_idempotency_idx").on(t.productId, t.idempotencyKey),
  ],
);

export const sbomComponents = sqliteTable(
  "sbom_components",
  {
    sbomId: text("sbom_id")
      .notNull()
      .references(() => sboms.id),
    ordinal: integer("ordinal").notNull(),
    bomRef: text("bom_ref").notNull(),
    type: text("type").notNull(),
    name: text("name").notNull(),
    version: text("version"),
    group: text("group_name"),
    purl: text("purl"),
    /** JSON array of licence ids, names or expressions as declared. */
    licenses: text("licenses").notNull().default("[]"),
  },
  (t) => [uniqueIndex("sbom_components_pk").on(t.sbomId, t.ordinal), index("sbom_components_purl_idx").on(t.purl)],
);

export const declarations = sqliteTable(
  "declarations",
  {
    id: text("id").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    /** 1, 2, 3 … per product: every PUT adds a version, none is overwritten. */
    version: integer("version").notNull(),
    sha256: text("sha256").notNull(),
    mediaType: text("media_type").notNull(),
    content: text("content").notNull(),
    productVersion: text("product_version"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("declarations_product_version").on(t.productId, t.version)],
);

export const assessments = sqliteTable(
  "assessments",
  {
    id: text("id").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    sbomId: text("sbom_id").references(() => sboms.id),
    /** Null for an SBOM-only assessment: the product had no declaration, and the declaration-based findings say so. */
    declarationId: text("declaration_id").references(() => declarations.id),
    sbomSha256: text("sbom_sha256"),
    declarationSha256: text("declaration_sha256"),
    ruleSetVersion: text("rule_set_version").notNull(),
    /** Framework ids assessed, JSON array. */
    frameworks: text("frameworks").notNull(),
    asOf: text("as_of").notNull(),
    failOn: text("fail_on").notNull(),
    verdict: text("verdict", { enum: ["pass", "fail"] }).notNull(),
    /** Highest severity among open (unwaived) gaps, or null when there is none. */
    highestGapSeverity: text("highest_gap_severity"),
    productClass: text("product_class"),
    reportsSha256: text("reports_sha256").notNull(),
    createdAt: text("created_at").notNull(),
    /** Each report's counts (JSON, `ReportCounts[]`), taken from the reports when the assessment is stored. */
    reportCounts: text("report_counts").notNull().default("[]"),
    /** The CRA report's gap findings (JSON, `GapRef[]`), for the portfolio's most frequent gaps. */
    craGaps: text("cra_gaps").notNull().default("[]"),
  },
  (t) => [
    index("assessments_product_idx").on(t.productId, t.createdAt),
    index("assessments_org_idx").on(t.organizationId, t.createdAt),
    // Cross-organisation reads (a regulator's portfolio): newest first and counts by verdict without reading
    // the stored reports, which make every row tens of kilobytes.
    index("assessments_created_idx").on(t.createdAt),
    index("assessments_verdict_idx").on(t.verdict, t.createdAt),
    // A product's history inside an organisation's scope (the product page): without it SQLite's planner takes
    // the organisation index and reads every assessment of the organisation to find one product's ten.
    index("assessments_org_product_idx").on(t.organizationId, t.productId, t.createdAt),
  ],
);

/**
 * The reports of an assessment (JSON array of AssessmentReport), exactly as produced; never updated. Kept out of
 * the assessments table so that listing, counting and ordering assessments never reads these ~100 KiB bodies.
 */
export const assessmentReports = sqliteTable("assessment_reports", {
  assessmentId: text("assessment_id")
    .primaryKey()
    .references(() => assessments.id),
  reports: text("reports").notNull(),
});

/**
 * The audit trail: an append-only hash chain. Each record's hash covers its canonical JSON and the previous
 * record's hash, so a changed, inserted or deleted record breaks the chain at a point `audit verify` names.
 */
export const auditLog = sqliteTable("audit_log", {
  seq: integer("seq").primaryKey(),
  at: text("at").notNull(),
  organizationId: text("organization_id"),
  actor: text("actor").notNull(),
  action: text("action").notNull(),
  subjectType: text("subject_type").notNull(),
  subjectId: text("subject_id").notNull(),
  /** Canonical JSON of the action's details (input hashes, versions …). */
  details: text("details").notNull(),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull().unique(),
});

/**
 * The head of the chain (one row). A chain alone cannot show that its newest records were cut off; the head,
 * written in the same transaction as each append, can.
 */
export const auditHead = sqliteTable("audit_head", {
  id: integer("id").primaryKey(),
  seq: integer("seq").notNull(),
  hash: text("hash").notNull(),
  updatedAt: text("updated_at").notNull(),
});
