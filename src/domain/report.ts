/**
 * The one report model. Every renderer (JSON, Markdown, SARIF, JUnit, HTML, CSV) reads an `AssessmentReport`
 * and nothing else. Lists are sorted before rendering; there are no wall-clock times
 * except the injected `asOf` and `generatedAt`.
 */
import type { Citation, SourceKind } from "./requirement.js";
import type { VulnerabilityMatch } from "./vulnerability-match.js";

export type FindingStatus = "met" | "gap" | "needs-review" | "not-applicable" | "recognized" | "partial" | "waived";
/** Severities, most severe first. */
export const SEVERITY_ORDER = ["critical", "high", "medium", "low", "info"] as const;

/** `--fail-on` and the API's failOn: a severity, or never (the gate always passes). */
export type FailOn = Severity | "never";
export const FAIL_ON_VALUES: readonly FailOn[] = [...SEVERITY_ORDER, "never"];
export type Severity = (typeof SEVERITY_ORDER)[number];

/** The verdict of a gate. */
export const VERDICTS = ["pass", "fail"] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * What a finding's status rests on. `verified`: the tool checked data itself (SBOM content, dates, arithmetic).
 * `declared`: the manufacturer says so and nothing checked contradicts it. `absent`: the inputs say nothing about
 * it. `contradicted`: the evidence shows non-compliance (a declared `not-implemented`, shared default credentials,
 * an SBOM without top-level dependencies, a known exploited vulnerability). Mutual recognition may lift an
 * `absent` gap, never a `contradicted` one.
 */
export type FindingBasis = "verified" | "declared" | "absent" | "contradicted";
export const FINDING_BASES: readonly FindingBasis[] = ["verified", "declared", "absent", "contradicted"];

/** A fact the rule looked at, with its actual value, and where it came from. */
export interface EvidenceFact {
  fact: string;
  value: unknown;
  /** Where in the input: `declaration:/updates/signed`, `sbom:/components/3`, a document id … */
  location?: string;
  /** 1-based line and column of `location` in its file, when the reader kept them (SARIF regions use them). */
  line?: number;
  column?: number;
}

export interface RecognitionTrace {
  certificate: {
    scheme: string;
    level?: string;
    certificateId?: string;
    validUntil?: string;
    /** As declared: `self` for the holder's own statement (a PSTI statement of compliance), `third-party` when assessed. */
    assurance?: "self" | "third-party";
  };
  via: {
    kind: "crosswalk" | "arrangement";
    /** Crosswalk id, or arrangement id. */
    id: string;
    relationship?: string;
    /** Crosswalk: the partner requirement the certificate evidences. Arrangement: the route id. */
    sourceRequirement?: string;
    route?: string;
    confidence?: string;
    /**
     * Crosswalk: false while the mapping has no agreeing review (its latest review is not `agree`; without reviews,
     * the crosswalk is not marked reviewed). Arrangement: false for a draft or one resting on unverified sources.
     */
    reviewed?: boolean;
    /** Crosswalk: false when the reference material marks the partner requirement unverified. */
    sourceVerified?: false;
  };
  /** What the trace does for the requirement: `full` makes it recognized, `partial` leaves the residual. */
  coverage?: "full" | "partial";
  residual?: string;
}

/** What a certificate without an expiry date still has to show: it supports a requirement but cannot settle it. */
export const VALIDITY_UNKNOWN_RESIDUAL = "Show that the certificate is current (no expiry date was declared).";

/**
 * What is still to show for a partly recognized finding: each distinct residual of its traces once, sorted. The
 * validity caveat of a certificate without an expiry date rides on every trace of that certificate, so it is taken
 * out of each and said once, last, however many mappings of the certificate reach the requirement.
 */
export function distinctResiduals(traces: readonly Pick<RecognitionTrace, "residual">[]): string[] {
  let validityUnknown = false;
  const bodies = new Set<string>();
  for (const trace of traces) {
    let body = trace.residual?.trim();
    if (!body) continue;
    if (body.includes(VALIDITY_UNKNOWN_RESIDUAL)) {
      validityUnknown = true;
      body = body.replace(VALIDITY_UNKNOWN_RESIDUAL, "").replace(/\s+/g, " ").trim();
    }
    if (body) bodies.add(body);
  }
  const out = [...bodies].sort();
  if (validityUnknown) out.push(VALIDITY_UNKNOWN_RESIDUAL);
  return out;
}

/**
 * A holder's own statement shows less than a third party's assessment: say which one a trace rests on, so a
 * self-declared label is not read as a certificate.
 */
export function assuranceWords(assurance: RecognitionTrace["certificate"]["assurance"]): string {
  if (assurance === "self") return "self-declared";
  if (assurance === "third-party") return "third-party assessed";
  return "";
}

/**
 * What one or more rules of a combined finding said, when it was not `met`: their status and message. Rules with the
 * same status and message share an entry (several rules that could not be judged without a declaration, say).
 */
export interface FindingOutcome {
  status: Extract<FindingStatus, "gap" | "needs-review">;
  /** Rule ids, sorted. */
  rules: string[];
  message: string;
}

export interface Finding {
  requirement: string;
  title: string;
  /** The requirement's paraphrase from the catalog (filled by `buildReport` when the rule left it out). */
  paraphrase?: string;
  /** The requirement's group in its catalog, e.g. `annex-i-part-i` (filled by `buildReport` from the catalog). */
  group?: string;
  framework: string;
  status: FindingStatus;
  /** What the status rests on; see `FindingBasis`. Kept when recognition or a waiver changes the status. */
  basis: FindingBasis;
  severity: Severity;
  citation: Citation;
  sourceKind: SourceKind;
  message: string;
  /**
   * Every rule outcome that was not met, when more than one fed this finding: the message shows the decisive ones
   * (the worst status); this lists all of them, so a gap also says what is still for review, and a finding that
   * recognition or a waiver changed still says what the rules found. Gaps first, then needs-review.
   */
  outcomes?: FindingOutcome[];
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
  /**
   * A `partial` finding lifted from a gap whose basis was `absent`: the certificate covers part of the requirement
   * and the residual is still missing evidence, so the finding counts as a gap at its severity for the gate.
   */
  residualGap?: boolean;
  /** Certificates that would have covered this gap had the evidence not shown it (the gap stands; labels). */
  heldByEvidence?: string[];
  waiver?: { justification: string; approver: string; expires: string; component?: string };
  /** Set by a baseline comparison: true when the gap was not in the previous report. */
  isNew?: boolean;
}

/** What one declared certificate did to a report's findings. */
export interface CertificateRecognition {
  /** Position in the declaration's `certifications[]`. */
  index: number;
  scheme: string;
  level?: string;
  certificateId?: string;
  /** Whether it counted at all (current, in scope, a known level); `reasons` says why not, or its caveats. */
  counts: boolean;
  reasons: string[];
  recognized: number;
  partial: number;
  /** Gaps the certificate would have covered but the evidence shows (held by evidence, never lifted). */
  contradictedButCovered: number;
}

export interface ReportSummary {
  total: number;
  byStatus: Record<FindingStatus, number>;
  /** Findings by what their status rests on. */
  byBasis: Record<FindingBasis, number>;
  /** Open gaps (not waived) by severity: `gap` findings and `partial` ones whose residual is a gap (`residualGap`). */
  gapsBySeverity: Record<Severity, number>;
  /** Findings that fail the gate (non-waived gaps at or above `failOn`; only new ones under a baseline). */
  blocking?: number;
  /** Gaps not present in the baseline, when a baseline was given. */
  newGaps?: number;
}

export interface AssessmentReport {
  /** Version of the report JSON schema (`docs/report.schema.json`). */
  schemaVersion: "cra-assessor-report/1";
  /** `level`: the framework level assessed (e.g. `L2` of sg-cls), for frameworks with levels. */
  framework: { id: string; name: string; version: string; level?: string };
  verdict: "pass" | "fail";
  failOn: Severity | "never";
  asOf: string;
  generatedAt?: string;
  tool: { name: "cra-assessor"; version: string; ruleSetVersion: string };
  product: { name: string; version?: string; category?: string; manufacturer?: string; identifiers: string[] };
  inputs: {
    /** `file`: the path as given on the command line (SARIF locations point at it). */
    /** `standard`: CycloneDX or SPDX (absent in reports made before SPDX input: CycloneDX). */
    sbom?: {
      sha256: string;
      standard?: string;
      format: string;
      specVersion: string;
      components: number;
      file?: string;
    };
    declaration?: { sha256: string; file?: string };
  };
  /** The previous report the gate compared against (`--baseline`), when one was given. */
  baseline?: { asOf?: string; gaps: number; file?: string };
  summary: ReportSummary;
  findings: Finding[];
  /**
   * Known vulnerabilities: every advisory matched against a component, with its VEX state, sorted by
   * component, then advisory id. Present when advisory data was matched, even if nothing matched; absent otherwise.
   * The Annex I Part I (2)(a) finding points here (`report:/vulnerabilities`).
   */
  vulnerabilities?: VulnerabilityMatch[];
  /** The declaration's partner certificates and what each did here; present when the product declares any. */
  certificates?: CertificateRecognition[];
  notes: string[];
}
