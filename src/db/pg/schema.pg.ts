/**
 * The PostgreSQL mirror of src/db/sqlite/schema/core.ts: the same table and column names, so the repository
 * port maps onto either. Times stay ISO 8601 text,
 * as in SQLite, so ordering and the audit chain's canonical JSON are identical across dialects.
 *
 * Migrations: `npx drizzle-kit generate --config drizzle.pg.config.ts` writes src/db/pg/migrations/. The
 * repository (src/db/pg/repository.ts) passes tests/contract/repository.contract.ts unchanged.
 */
import { bigint, customType, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";

// drizzle's pg-core has no bytea helper in every version; declare it once.
const binary = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const organizations = pgTable("organizations", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: text("created_at").notNull(),
});

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    role: text("role", { enum: ["manufacturer", "ci", "regulator", "admin", "operator"] }).notNull(),
    keyHash: text("key_hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    productIds: text("product_ids").notNull().default("[]"),
    label: text("label"),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("api_keys_org_idx").on(t.organizationId)],
);

export const products = pgTable(
  "products",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    name: text("name").notNull(),
    productClass: text("product_class"),
    description: text("description"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("products_org_idx").on(t.organizationId, t.createdAt)],
);

export const productVersions = pgTable(
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

export const sbomBlobs = pgTable("sbom_blobs", {
  sha256: text("sha256").primaryKey(),
  mediaType: text("media_type").notNull(),
  sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
  content: binary("content").notNull(),
  createdAt: text("created_at").notNull(),
});

export const sboms = pgTable(
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

export const sbomComponents = pgTable(
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
    licenses: text("licenses").notNull().default("[]"),
  },
  (t) => [uniqueIndex("sbom_components_pk").on(t.sbomId, t.ordinal), index("sbom_components_purl_idx").on(t.purl)],
);

export const declarations = pgTable(
  "declarations",
  {
    id: text("id").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    version: integer("version").notNull(),
    sha256: text("sha256").notNull(),
    mediaType: text("media_type").notNull(),
    content: text("content").notNull(),
    productVersion: text("product_version"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("declarations_product_version").on(t.productId, t.version)],
);

export const assessments = pgTable(
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
    frameworks: text("frameworks").notNull(),
    asOf: text("as_of").notNull(),
    failOn: text("fail_on").notNull(),
    verdict: text("verdict", { enum: ["pass", "fail"] }).notNull(),
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
export const assessmentReports = pgTable("assessment_reports", {
  assessmentId: text("assessment_id")
    .primaryKey()
    .references(() => assessments.id),
  reports: text("reports").notNull(),
});

export const auditLog = pgTable("audit_log", {
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  at: text("at").notNull(),
  organizationId: text("organization_id"),
  actor: text("actor").notNull(),
  action: text("action").notNull(),
  subjectType: text("subject_type").notNull(),
  subjectId: text("subject_id").notNull(),
  details: text("details").notNull(),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull().unique(),
});

export const auditHead = pgTable("audit_head", {
  id: integer("id").primaryKey(),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/** Browser sessions of the web interface (mirror of src/db/sqlite/schema/web-sessions.ts). */
export const webSessions = pgTable(
  "web_sessions",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    apiKeyId: text("api_key_id")
      .notNull()
      .references(() => apiKeys.id),
    csrfToken: text("csrf_token").notNull(),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("web_sessions_last_seen_idx").on(t.lastSeenAt)],
);

/** The manufacturer's VEX analyses (mirror of src/db/sqlite/schema/product-vex.ts). */
export const productVex = pgTable(
  "product_vex",
  {
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    productVersion: text("product_version").notNull(),
    vulnerability: text("vulnerability").notNull(),
    component: text("component").notNull(),
    state: text("state").notNull(),
    justification: text("justification"),
    responses: text("responses").notNull(),
    detail: text("detail"),
    author: text("author").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.productVersion, t.vulnerability, t.component] }),
    index("product_vex_org_idx").on(t.organizationId),
  ],
);

/** Reviews of crosswalk rows (mirror of src/db/sqlite/schema/recognition.ts). */
export const crosswalkReviews = pgTable(
  "crosswalk_reviews",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    crosswalkId: text("crosswalk_id").notNull(),
    source: text("source").notNull(),
    target: text("target").notNull(),
    reviewer: text("reviewer").notNull(),
    organisation: text("organisation").notNull(),
    date: text("date").notNull(),
    verdict: text("verdict", { enum: ["agree", "disagree", "changed"] }).notNull(),
    relationship: text("relationship"),
    comment: text("comment"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("crosswalk_reviews_crosswalk_idx").on(t.crosswalkId, t.date)],
);

/** Regulators' draft arrangements, in versions (mirror of src/db/sqlite/schema/recognition.ts). */
export const draftArrangements = pgTable(
  "draft_arrangements",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    arrangementId: text("arrangement_id").notNull(),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    mediaType: text("media_type").notNull(),
    content: text("content").notNull(),
    sha256: text("sha256").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("draft_arrangements_version_idx").on(t.organizationId, t.arrangementId, t.version)],
);

/** Imported advisory data (mirror of src/db/sqlite/schema/advisories.ts). */
export const advisoryRecords = pgTable(
  "advisory_records",
  {
    key: text("key").primaryKey(),
    kind: text("kind", { enum: ["advisory", "kev", "vex"] }).notNull(),
    recordId: text("record_id").notNull(),
    origin: text("origin").notNull(),
    contentHash: text("content_hash").notNull(),
    body: text("body").notNull(),
    importedAt: text("imported_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("advisory_records_kind_idx").on(t.kind)],
);

export const advisoryPackages = pgTable(
  "advisory_packages",
  {
    recordKey: text("record_key")
      .notNull()
      .references(() => advisoryRecords.key, { onDelete: "cascade" }),
    packageKey: text("package_key").notNull(),
  },
  (t) => [primaryKey({ columns: [t.recordKey, t.packageKey] }), index("advisory_packages_key_idx").on(t.packageKey)],
);

/** Article 14 events (mirror of src/db/sqlite/schema/events.ts). */
export const art14Events = pgTable(
  "art14_events",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    kind: text("kind", { enum: ["actively-exploited-vulnerability", "severe-incident"] }).notNull(),
    title: text("title").notNull(),
    awareAt: text("aware_at").notNull(),
    body: text("body").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("art14_events_org_idx").on(t.organizationId, t.awareAt)],
);
