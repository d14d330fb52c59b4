/**
 * The one report model. Every renderer (JSON, Markdown, SARIF, JUnit, HTML, CSV) reads an `AssessmentReport`
 * and nothing else (style.md, convention 9). Lists are sorted before rendering; there are no wall-clock times
 * except the injected `asOf` and `generatedAt`.
 */
import type { Citation, SourceKind } from "./requirement.js";

export type FindingStatus = "met" | "gap" | "needs-review" | "not-applicable" | "recognized" | "partial" | "waived";
export type Severity = "critical" | "high" | "medium" | "low" | "info";

export const SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "medium", "low", "info"];

/** A fact the rule looked at, with its actual value, and where it came from. */
export interface EvidenceFact {
  fact: string;
  value: unknown;
  /** Where in the input: `declaration:/updates/signed`, `sbom:/components/3`, a document id … */
  location?: string;
}

export interface RecognitionTrace {
  certificate: { scheme: string; level?: string; certificateId?: string; validUntil?: string };
  via: { kind: "crosswalk" | "arrangement"; id: string; relationship?: string };
  residual?: string;
}

export interface Finding {
  requirement: string;
  title: string;
  framework: string;
  status: FindingStatus;
  severity: Severity;
  citation: Citation;
  sourceKind: SourceKind;
  message: string;
  evidence: EvidenceFact[];
  remediation?: string;
  /** Component bom-refs the finding is about (capped; `componentCount` gives the full number). */
  components?: string[];
  componentCount?: number;
  /** Rule ids that produced this finding. */
  rules: string[];
  /** Carried from the requirement: false when the reference material marks it unverified. */
  verified?: boolean;
  recognition?: RecognitionTrace[];
  waiver?: { justification: string; approver: string; expires: string; component?: string };
  /** Set by a baseline comparison: true when the gap was not in the previous report. */
  isNew?: boolean;
}

export interface ReportSummary {
  total: number;
  byStatus: Record<FindingStatus, number>;
  /** Gaps (not waived) by severity. */
  gapsBySeverity: Record<Severity, number>;
}

export interface AssessmentReport {
  /** Version of the report JSON schema (`docs/report.schema.json`). */
  schemaVersion: "cra-assessor-report/1";
  framework: { id: string; name: string; version: string };
  verdict: "pass" | "fail";
  failOn: Severity | "never";
  asOf: string;
  generatedAt?: string;
  tool: { name: "cra-assessor"; version: string; ruleSetVersion: string };
  product: { name: string; version?: string; category?: string; manufacturer?: string; identifiers: string[] };
  inputs: {
    sbom?: { sha256: string; format: string; specVersion: string; components: number };
    declaration?: { sha256: string };
  };
  summary: ReportSummary;
  findings: Finding[];
  notes: string[];
}
