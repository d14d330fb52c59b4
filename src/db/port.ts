/**
 * The repository port: everything the services need from storage, and nothing about SQL. One implementation per
 * dialect (src/db/sqlite/repository.ts, src/db/pg/repository.ts) runs the same contract suite (tests/contract/).
 *
 * Tenancy lives here, not only in routes: every read or write of an organisation's data takes a `TenantScope`,
 * and a record outside the scope is simply not found, so its existence never leaks (404, never 403).
 *
 * Methods are async so a PostgreSQL driver fits; the SQLite implementation does its work synchronously inside
 * (better-sqlite3 transactions must be synchronous — an async callback commits outside the transaction).
 */

import type { Advisory, KevEntry, VexStatement } from "../advisories/model.js";
import type { Art14Event } from "../domain/art14.js";
import type { GapRef, ReportCounts } from "../domain/assessment-summary.js";
import type { AuditDraft, AuditRecord } from "../domain/audit-chain.js";
import type { ProductVexStatement } from "../domain/vex.js";

/**
 * `admin` administers ONE organisation (its keys, its audit trail); `operator` runs the platform (every
 * organisation, regulator keys) and its keys are made only from the command line, never over HTTP.
 */
export const ROLES = ["manufacturer", "ci", "regulator", "admin", "operator"] as const;
export type Role = (typeof ROLES)[number];

/** What a caller may see: every organisation (regulator), or one organisation, optionally narrowed to products (ci). */
export type TenantScope =
  | { kind: "all" }
  | { kind: "organization"; organizationId: string; productIds?: readonly string[] };

export interface OrganizationRecord {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
}

export interface ApiKeyRecord {
  id: string;
  organizationId: string;
  role: Role;
  keyHash: string;
  prefix: string;
  productIds: string[];
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface ProductRecord {
  id: string;
  organizationId: string;
  name: string;
  productClass: string | null;
  description: string | null;
  createdAt: string;
}

export interface ProductVersionRecord {
  productId: string;
  version: string;
  createdAt: string;
}

/** The part of a normalized component the service keeps for search and portfolio views. */
export interface StoredComponent {
  ordinal: number;
  bomRef: string;
  type: string;
  name: string;
  version: string | null;
  group: string | null;
  purl: string | null;
  licenses: string[];
}

export interface SbomRecord {
  id: string;
  productId: string;
  organizationId: string;
  sha256: string;
  mediaType: string;
  sizeBytes: number;
  format: string;
  specVersion: string;
  componentCount: number;
  productVersion: string | null;
  createdAt: string;
}

export interface DeclarationRecord {
  id: string;
  productId: string;
  organizationId: string;
  version: number;
  sha256: string;
  mediaType: string;
  content: string;
  productVersion: string | null;
  createdAt: string;
}

/**
 * An assessment as lists show it: everything but the report bodies. The counts and CRA gaps are taken from the
 * reports when the assessment is stored (`summarizeReports`), so no list ever reads or parses a report.
 */
export interface AssessmentListing {
  id: string;
  productId: string;
  organizationId: string;
  sbomId: string | null;
  declarationId: string | null;
  sbomSha256: string | null;
  declarationSha256: string | null;
  ruleSetVersion: string;
  frameworks: string[];
  asOf: string;
  failOn: string;
  verdict: "pass" | "fail";
  highestGapSeverity: string | null;
  productClass: string | null;
  reportsSha256: string;
  createdAt: string;
  /** Each report's counts by status, basis and gap severity, in the order of the reports. */
  reportCounts: ReportCounts[];
  /** The CRA report's gap findings (empty without a CRA report). */
  craGaps: GapRef[];
}

export interface AssessmentRecord extends AssessmentListing {
  /** The reports as JSON text, exactly as produced (its SHA-256 is `reportsSha256` and the ETag). */
  reports: string;
}

/**
 * A signed-in browser: the web interface exchanges an API key for one of these. Only the SHA-256 of the session
 * token is stored (like API keys), so a copy of the database cannot be replayed as a cookie. The CSRF token is a
 * per-session secret echoed in every form.
 */
export interface WebSessionRecord {
  id: string;
  tokenHash: string;
  apiKeyId: string;
  csrfToken: string;
  createdAt: string;
  /** Last request seen; the idle expiry counts from here. */
  lastSeenAt: string;
  /** Hard end of the session whatever the activity. */
  expiresAt: string;
}

/**
 * A review of one crosswalk row, recorded by a regulator through the API or the CLI (IR 8477 §3 step 3). Reviews
 * are statements about shared data (the shipped crosswalks), so every caller who may read frameworks reads them;
 * only the reviewing organisation's own keys can write one, always in its own name.
 */
export interface CrosswalkReviewRecord {
  id: string;
  organizationId: string;
  crosswalkId: string;
  source: string;
  target: string;
  reviewer: string;
  /** The reviewing organisation's name as the review shows it (taken from the organisation, never from the body). */
  organisation: string;
  /** Day of the review, YYYY-MM-DD. */
  date: string;
  verdict: "agree" | "disagree" | "changed";
  /** For `changed`: the relationship the reviewer holds right. */
  relationship: string | null;
  comment: string | null;
  createdAt: string;
}

/** A regulator's draft recognition arrangement (a `cra-arrangement/1` file), kept in versions per organisation. */
export interface DraftArrangementRecord {
  id: string;
  organizationId: string;
  /** The arrangement's own `id` field; versions of one draft share it. */
  arrangementId: string;
  version: number;
  title: string;
  mediaType: string;
  content: string;
  sha256: string;
  createdAt: string;
}

export interface Page {
  limit: number;
  offset: number;
}

export interface Paged<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface ProductFilter {
  productClass?: string;
  /** Case-insensitive substring of the name. */
  nameContains?: string;
  organizationId?: string;
}

export interface AssessmentFilter {
  productId?: string;
  verdict?: "pass" | "fail";
  /** Assessments with an open gap at this severity or higher. */
  minSeverity?: string;
  framework?: string;
  productClass?: string;
}

export interface OrganizationRepository {
  create(record: OrganizationRecord, audit: AuditDraft): Promise<OrganizationRecord>;
  findById(id: string): Promise<OrganizationRecord | null>;
  findBySlug(slug: string): Promise<OrganizationRecord | null>;
  list(page: Page): Promise<Paged<OrganizationRecord>>;
}

export interface ApiKeyRepository {
  create(record: ApiKeyRecord, audit: AuditDraft): Promise<ApiKeyRecord>;
  findByHash(keyHash: string): Promise<ApiKeyRecord | null>;
  findById(id: string): Promise<ApiKeyRecord | null>;
  listByOrganization(organizationId: string): Promise<ApiKeyRecord[]>;
  revoke(id: string, at: string, audit: AuditDraft): Promise<boolean>;
}

export interface ProductRepository {
  create(scope: TenantScope, record: ProductRecord, audit: AuditDraft): Promise<ProductRecord | null>;
  get(scope: TenantScope, id: string): Promise<ProductRecord | null>;
  list(scope: TenantScope, filter: ProductFilter, page: Page): Promise<Paged<ProductRecord>>;
  versions(scope: TenantScope, productId: string): Promise<ProductVersionRecord[] | null>;
  /** Products in the scope per stored product class (null: not set), in no particular order. */
  countByClass(scope: TenantScope): Promise<{ productClass: string | null; products: number }[]>;
}

export interface SbomRepository {
  /**
   * Stores the raw document (content-addressed: reused when the SHA-256 is known), the SBOM record, its components,
   * the product version and the audit record, all or nothing. Null when the product is outside the scope.
   * With an `idempotencyKey` that an earlier upload for the same product already used, nothing is written and
   * that earlier record is returned (its id differs from `record.id`): a retried upload is never stored twice.
   * A `record.id` already stored (the same queued job run a second time) writes nothing and returns that record.
   */
  store(
    scope: TenantScope,
    input: {
      record: SbomRecord;
      raw: Uint8Array;
      components: readonly StoredComponent[];
      idempotencyKey?: string | undefined;
    },
    audit: AuditDraft,
  ): Promise<SbomRecord | null>;
  /** The upload of this product made with this Idempotency-Key, if any. */
  findByIdempotencyKey(scope: TenantScope, productId: string, key: string): Promise<SbomRecord | null>;
  get(scope: TenantScope, id: string): Promise<SbomRecord | null>;
  latestForProduct(scope: TenantScope, productId: string): Promise<SbomRecord | null>;
  listForProduct(scope: TenantScope, productId: string, page: Page): Promise<Paged<SbomRecord> | null>;
  raw(scope: TenantScope, id: string): Promise<{ mediaType: string; content: Uint8Array } | null>;
  components(scope: TenantScope, id: string, page: Page): Promise<Paged<StoredComponent> | null>;
}

export interface DeclarationRepository {
  /** Adds the next version (1, 2, …) for the product. Null when the product is outside the scope. */
  put(
    scope: TenantScope,
    input: Omit<DeclarationRecord, "version">,
    audit: (version: number) => AuditDraft,
  ): Promise<DeclarationRecord | null>;
  latest(scope: TenantScope, productId: string): Promise<DeclarationRecord | null>;
  get(scope: TenantScope, productId: string, version: number): Promise<DeclarationRecord | null>;
}

export interface AssessmentRepository {
  /** Stores an immutable assessment. Null when the product is outside the scope. */
  create(scope: TenantScope, record: AssessmentRecord, audit: AuditDraft): Promise<AssessmentRecord | null>;
  get(scope: TenantScope, id: string): Promise<AssessmentRecord | null>;
  /** Newest first; never reads the report bodies. */
  list(scope: TenantScope, filter: AssessmentFilter, page: Page): Promise<Paged<AssessmentListing>>;
  /** How many assessments in the scope have each verdict (one grouped count). */
  countByVerdict(scope: TenantScope): Promise<{ pass: number; fail: number }>;
}

export interface AuditRepository {
  /** Appends a record on its own (for actions that store nothing else). */
  append(draft: AuditDraft): Promise<AuditRecord>;
  /** Every record in `seq` order, and the recorded head. */
  chain(): Promise<{ records: AuditRecord[]; head: { seq: number; hash: string } | null }>;
  list(scope: TenantScope, page: Page): Promise<Paged<AuditRecord>>;
}

export interface WebSessionRepository {
  create(record: WebSessionRecord): Promise<WebSessionRecord>;
  findByTokenHash(tokenHash: string): Promise<WebSessionRecord | null>;
  /** Moves `lastSeenAt` forward; false when the session no longer exists. */
  touch(id: string, lastSeenAt: string): Promise<boolean>;
  delete(id: string): Promise<void>;
  /** Removes sessions idle since before `idleBefore` or past their hard expiry at `now`; returns how many. */
  deleteExpired(idleBefore: string, now: string): Promise<number>;
}

/** The manufacturer's VEX analyses per product version (src/domain/vex.ts), tenant-scoped like products. */
export interface ProductVexRepository {
  /**
   * Records the analysis of one vulnerability on one component of one product version, replacing an earlier one,
   * with its audit record. Null when the product is outside the scope.
   */
  put(scope: TenantScope, statement: ProductVexStatement, audit: AuditDraft): Promise<ProductVexStatement | null>;
  /** The product's analyses (of one version, when given), sorted by version, vulnerability, component; null when
   * the product is outside the scope. */
  list(scope: TenantScope, productId: string, productVersion?: string): Promise<ProductVexStatement[] | null>;
}

export interface CrosswalkReviewRepository {
  create(record: CrosswalkReviewRecord, audit: AuditDraft): Promise<CrosswalkReviewRecord>;
  /** Reviews of one crosswalk, or of every crosswalk, by date then creation (oldest first). */
  list(filter: { crosswalkId?: string }): Promise<CrosswalkReviewRecord[]>;
}

/**
 * Drafts belong to the regulator that stored them: every call names the organisation, and another organisation's
 * draft is simply not found.
 */
export interface DraftArrangementRepository {
  /** Stores the next version (1, 2, …) of the organisation's draft with this arrangement id. */
  put(
    input: Omit<DraftArrangementRecord, "version">,
    audit: (version: number) => AuditDraft,
  ): Promise<DraftArrangementRecord>;
  latest(organizationId: string, arrangementId: string): Promise<DraftArrangementRecord | null>;
  /** The latest version of each of the organisation's drafts, by arrangement id. */
  list(organizationId: string): Promise<DraftArrangementRecord[]>;
}

/** Imported advisory data (OSV/CycloneDX/CSAF advisories, KEV entries, VEX statements): shared, not per tenant. */
export type StoredRecord =
  | {
      key: string;
      kind: "advisory";
      recordId: string;
      origin: string;
      contentHash: string;
      body: Advisory;
      packageKeys: string[];
    }
  | { key: string; kind: "kev"; recordId: string; origin: string; contentHash: string; body: KevEntry; packageKeys: [] }
  | {
      key: string;
      kind: "vex";
      recordId: string;
      origin: string;
      contentHash: string;
      body: VexStatement;
      packageKeys: [];
    };

export interface UpsertOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface AdvisoryStore {
  /** Stores a batch in one transaction: every record of the batch, or none of them. */
  upsertBatch(records: readonly StoredRecord[], at: string): Promise<UpsertOutcome>;
  /** Advisories that name any of these package keys. */
  advisoriesForPackages(packageKeys: readonly string[]): Promise<Advisory[]>;
  kev(): Promise<KevEntry[]>;
  vex(): Promise<VexStatement[]>;
  counts(): Promise<{ advisory: number; kev: number; vex: number }>;
}

export interface Art14EventStore {
  /**
   * Creates or replaces the event and appends the audit record, both or neither. Null when its organisation is
   * outside the scope (or the id belongs to another organisation's event).
   */
  put(scope: TenantScope, event: Art14Event, at: string, audit: AuditDraft): Promise<Art14Event | null>;
  get(scope: TenantScope, id: string): Promise<Art14Event | null>;
  /** Events in the scope, oldest awareness first. */
  list(scope: TenantScope): Promise<Art14Event[]>;
}

/** Every store of the service, one implementation per dialect (src/db/sqlite, src/db/pg). */
export interface Repositories {
  organizations: OrganizationRepository;
  apiKeys: ApiKeyRepository;
  products: ProductRepository;
  sboms: SbomRepository;
  declarations: DeclarationRepository;
  assessments: AssessmentRepository;
  audit: AuditRepository;
  webSessions: WebSessionRepository;
  productVex: ProductVexRepository;
  crosswalkReviews: CrosswalkReviewRepository;
  draftArrangements: DraftArrangementRepository;
  advisories: AdvisoryStore;
  art14Events: Art14EventStore;
}
