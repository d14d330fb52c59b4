/**
 * The CPU-heavy steps (schema validation, normalization and storage of an SBOM, a whole assessment) behind one
 * interface, so the HTTP service can run them in a pool of worker processes (src/workers/pool.ts) and keep the
 * event loop free, while the CLI and unit tests run them inline. Both executors call the same task functions.
 */

import type { VexStatement } from "../advisories/model.js";
import type { SbomRecord, StoredComponent, TenantScope } from "../db/port.js";
import type { MappingReview } from "../domain/crosswalk.js";
import type { InputIssue, Rejected } from "../domain/input-issue.js";
import type { AssessmentReport, Severity } from "../domain/report.js";
import type { AssessRequestRead } from "./assess-request.js";

export interface SbomIngestSummary {
  ok: true;
  /** `CycloneDX` or `SPDX`. */
  standard: string;
  format: string;
  specVersion: string;
  sha256: string;
  sizeBytes: number;
  componentCount: number;
  /** The exact bytes read, stored raw and content-addressed. */
  raw: Uint8Array;
  /** What the service stores per component (document order). */
  components: StoredComponent[];
  /** `metadata.component` name and version, when present: the product version this SBOM describes. */
  rootName: string | null;
  rootVersion: string | null;
  warnings: InputIssue[];
}

export type SbomIngestOutcome = SbomIngestSummary | Rejected;

/**
 * What the executor needs to store an SBOM that validated: the fixed fields of its record and who submits it.
 * Storing happens where the validation ran (in the worker, on its own connection to the same database), so the
 * 50k component rows never cross back to the event-loop thread: measured, deserializing them there and running
 * the insert transaction blocked the loop for about a second per 50k-component upload.
 */
export interface SbomStoreRequest {
  scope: TenantScope;
  record: Pick<SbomRecord, "id" | "productId" | "organizationId" | "mediaType" | "createdAt">;
  actor: string;
  /** The client's Idempotency-Key: an earlier upload with it is returned instead of storing a second one. */
  idempotencyKey?: string;
}

export type SbomSubmitOutcome =
  /** `replayed`: the Idempotency-Key named an earlier upload of the same bytes, returned instead of a new record. */
  | { ok: true; sbom: SbomRecord; warnings: InputIssue[]; replayed: boolean }
  | Rejected
  /** The product left the scope (or vanished) between the check and the store. */
  | { ok: false; productMissing: true };

export interface AssessTask {
  sbom?: { bytes: Uint8Array; fileName?: string };
  /** Optional when an SBOM is given, as `AssessInput.declaration`. */
  declaration?: { text: string; fileName?: string } | { value: unknown };
  asOf: string;
  frameworks?: string[];
  /** Level of the levelled frameworks, as `AssessInput.level`. */
  level?: string;
  failOn?: Severity | "never";
  /**
   * Crosswalk reviews stored in the service's database, by `mappingKey` (as `AssessInput.reviews`). A Map crosses
   * to the workers intact: process workers use the advanced (structured clone) serialization.
   */
  reviews?: ReadonlyMap<string, readonly MappingReview[]>;
  /**
   * The manufacturer's VEX analyses recorded in the service for the assessed product version: applied to the
   * advisory matches before the SBOM's own analysis and imported VEX (service callers fill it).
   */
  recordedVex?: readonly VexStatement[];
}

export type AssessOutcome = { ok: true; reports: AssessmentReport[]; verdict: "pass" | "fail" } | Rejected;

export interface JobExecutor {
  /** Validates and normalizes the SBOM and, when it is valid, stores it with its components in one transaction. */
  submitSbom(bytes: Uint8Array, request: SbomStoreRequest): Promise<SbomSubmitOutcome>;
  assess(task: AssessTask): Promise<AssessOutcome>;
  /** Reads the JSON form of a `POST /v1/assess` request into a task (see `readAssessJsonRequest`). */
  readAssessRequest(bytes: Uint8Array, today: string): Promise<AssessRequestRead>;
  /** Stops the workers (after the tasks in flight). */
  close(): Promise<void>;
}

/**
 * A queued job that failed on every attempt (PostgreSQL job queue): nothing was stored. The message names the job
 * and its attempts for the server's log; clients get a plain problem.
 */
export class JobFailedError extends Error {}
