/**
 * The CPU-heavy steps (schema validation and normalization of an SBOM, a whole assessment) behind one interface,
 * so the HTTP service can run them in a worker-thread pool (src/workers/pool.ts) and keep the event loop free,
 * while the CLI and unit tests run them inline. Both implementations call the same task functions.
 */

import type { StoredComponent } from "../db/port.js";
import type { InputIssue } from "../domain/input-issue.js";
import type { AssessmentReport, Severity } from "../domain/report.js";

export interface SbomIngestSummary {
  ok: true;
  format: string;
  specVersion: string;
  sha256: string;
  sizeBytes: number;
  componentCount: number;
  /** What the service stores per component (document order). */
  components: StoredComponent[];
  /** `metadata.component` name and version, when present: the product version this SBOM describes. */
  rootName: string | null;
  rootVersion: string | null;
  warnings: InputIssue[];
}

export type SbomIngestOutcome = SbomIngestSummary | { ok: false; issues: InputIssue[]; omitted: number };

export interface AssessTask {
  sbom?: { bytes: Uint8Array; fileName?: string };
  declaration: { text: string; fileName?: string } | { value: unknown };
  asOf: string;
  frameworks?: string[];
  failOn?: Severity | "never";
}

export type AssessOutcome =
  | { ok: true; reports: AssessmentReport[]; verdict: "pass" | "fail" }
  | { ok: false; issues: InputIssue[]; omitted: number };

export interface HeavyWork {
  ingestSbom(bytes: Uint8Array): Promise<SbomIngestOutcome>;
  assess(task: AssessTask): Promise<AssessOutcome>;
  /** Stops the workers (after the tasks in flight). */
  close(): Promise<void>;
}
