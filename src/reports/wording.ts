/**
 * Words and orderings every human-readable renderer shares, so the Markdown, HTML, JUnit and CSV reports say the
 * same thing the same way. Pure functions over the report model.
 */

import {
  type AssessmentReport,
  assuranceWords,
  type CertificateRecognition,
  distinctResiduals,
  type Finding,
  type FindingBasis,
  type FindingStatus,
  type RecognitionTrace,
  type Severity,
} from "../domain/report.js";
import type { SourceKind } from "../domain/requirement.js";
import { blocksGate, FINDING_STATUSES } from "../domain/verdict.js";

export const STATUS_LABEL: Record<FindingStatus, string> = {
  gap: "Gap",
  "needs-review": "Needs review",
  partial: "Partly recognized",
  waived: "Waived",
  recognized: "Recognized",
  met: "Met",
  "not-applicable": "Not applicable",
};

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Info",
};

/** What a finding rests on, in words a reader of the report understands without the schema. */
export const BASIS_LABEL: Record<FindingBasis, string> = {
  verified: "verified by the tool",
  declared: "declared by the manufacturer",
  absent: "nothing stated",
  contradicted: "contradicted by the evidence",
};

export const SOURCE_KIND_LABEL: Record<SourceKind, string> = {
  law: "law",
  guidance: "guidance",
  "draft-standard": "draft standard",
  standard: "standard",
  "assessor-policy": "assessor policy",
};

/** Sections in reading order: what needs action first, what is settled last. */
export const STATUS_SECTIONS: readonly FindingStatus[] = FINDING_STATUSES;

/** One sentence on what fails the gate. */
export function gateRule(
  report: Pick<AssessmentReport, "failOn" | "baseline"> & { findings?: readonly Finding[] },
): string {
  if (report.failOn === "never") return "The gate never fails (--fail-on never).";
  const scope = report.baseline ? "new gaps (against the baseline)" : "gaps";
  const threshold = report.failOn === "critical" ? "critical severity" : `severity ${report.failOn} or above`;
  const residual = (report.findings ?? []).some((f) => f.residualGap === true)
    ? " A partly recognized gap counts as a gap while its residual is still missing."
    : "";
  return `The gate fails on ${scope} of ${threshold} that are not waived.${residual}`;
}

/** A certificate as the report names it: scheme, level and id. */
export function certificateLabel(c: Pick<CertificateRecognition, "scheme" | "level" | "certificateId">): string {
  return [c.scheme, c.level, c.certificateId].filter((part): part is string => Boolean(part)).join(" ");
}

export function isBlocking(report: AssessmentReport, finding: Finding): boolean {
  return blocksGate(finding, report);
}

/** Findings of one status, in report order. */
export function findingsWithStatus(report: AssessmentReport, status: FindingStatus): Finding[] {
  return report.findings.filter((f) => f.status === status);
}

/**
 * A fact's value as text: strings as they are, everything else as JSON with sorted keys (so the same value prints
 * the same way each time); `undefined` says the fact was absent.
 */
export function factValueText(value: unknown): string {
  if (value === undefined) return "(absent)";
  if (typeof value === "string") return value;
  return JSON.stringify(sortKeys(value)) ?? String(value);
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Replaces lone UTF-16 surrogates with U+FFFD. They cannot be encoded in UTF-8, so writing the text to a file
 * would replace them anyway; doing it here keeps the rendered string and the written bytes the same.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

/** Shortens long text for space-limited reports (PR comments), marking the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Do not split a surrogate pair.
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** The product as one line: name, version, category. */
/**
 * What the report is, for headings: "CRA assessment" for the CRA, otherwise the partner framework's own name (and
 * level), so a UK PSTI or CLS(IoT) report never reads as a CRA one.
 */
export function assessmentTitle(report: AssessmentReport): string {
  // Without a declaration a pass says only that the SBOM showed no gate-failing gap: the title must not read as a
  // CRA pass of the product.
  const sbomOnly = report.inputs.declaration === undefined ? " (SBOM only)" : "";
  if (report.framework.id === "cra") return `CRA assessment${sbomOnly}`;
  const level = report.framework.level ? `, level ${report.framework.level}` : "";
  return `${report.framework.name}${level} assessment${sbomOnly}`;
}

/**
 * Said first by every renderer when the report was assessed without a declaration: the absence changes what every
 * verdict means, so a reader must not have to find it in the notes.
 */
export function inputNotice(report: AssessmentReport): string | undefined {
  if (report.inputs.declaration !== undefined) return undefined;
  return "No declaration given: only what the SBOM (and matched advisories) show was assessed; every requirement judged from the declaration is needs-review, and no product class or placing date is assumed.";
}

export function productLine(report: AssessmentReport): string {
  const { product } = report;
  return [product.name, product.version, product.category ? `(${product.category})` : undefined]
    .filter((part): part is string => Boolean(part))
    .join(" ");
}

/**
 * An SBOM's standard, version and serialisation as a person names them: `CycloneDX 1.6 JSON`, `SPDX 2.3 tag-value`,
 * `SPDX 3.0.1 JSON-LD` (SPDX 3 is only read as JSON-LD, which the reader records as `json`).
 */
export function sbomFormatText(sbom: { standard?: string; format: string; specVersion: string }): string {
  const standard = sbom.standard ?? "CycloneDX";
  const version = sbom.specVersion.replace(/^SPDX-/, "");
  const serialisation =
    sbom.format === "tag-value"
      ? "tag-value"
      : standard === "SPDX" && sbom.format === "json" && version.startsWith("3.")
        ? "JSON-LD"
        : sbom.format.toUpperCase();
  return `${standard} ${version} ${serialisation}`;
}

/** "3 components" with the capped list noted. */
export function componentsText(finding: Finding): string | undefined {
  const listed = finding.components ?? [];
  if (listed.length === 0) return undefined;
  const total = finding.componentCount ?? listed.length;
  return total > listed.length ? `${listed.join(", ")} (and ${total - listed.length} more)` : listed.join(", ");
}

/**
 * A combined finding's rule outcomes that were not met, one line each (`Needs review (CRA-X, CRA-Y): message`), so
 * every renderer says what else went into the verdict besides the decisive message.
 */
export function outcomeLines(finding: Finding): string[] {
  return (finding.outcomes ?? []).map((o) => `${STATUS_LABEL[o.status]} (${o.rules.join(", ")}): ${o.message}`);
}

/** The waiver as a sentence. */
export function waiverText(finding: Finding): string | undefined {
  const { waiver } = finding;
  if (!waiver) return undefined;
  const scope = waiver.component ? ` for component ${waiver.component}` : "";
  return `Waived${scope} by ${waiver.approver} until ${waiver.expires}: ${waiver.justification}`;
}

/**
 * One recognition trace as a sentence: certificate → crosswalk mapping or arrangement route → this requirement,
 * whether it covers it fully or partly, what is still to show, and whether the mapping is unreviewed.
 */
export function recognitionText(trace: RecognitionTrace): string {
  const c = trace.certificate;
  const certificate = [c.scheme, c.level, c.certificateId].filter((part): part is string => Boolean(part)).join(" ");
  const valid = [assuranceWords(c.assurance), c.validUntil ? `valid until ${c.validUntil}` : ""]
    .filter(Boolean)
    .join(", ");
  const validText = valid ? ` (${valid})` : "";
  const v = trace.via;
  const detail =
    v.kind === "crosswalk"
      ? [
          v.sourceRequirement && v.relationship
            ? `${v.sourceRequirement} ${v.relationship} this requirement`
            : undefined,
          v.confidence ? `confidence ${v.confidence}` : undefined,
        ]
      : [v.route ? `route ${v.route}` : undefined];
  const shown = detail.filter((part): part is string => Boolean(part)).join(", ");
  const how =
    trace.coverage === "partial" || (trace.coverage === undefined && trace.residual) ? "Partly covered" : "Covered";
  const unreviewed =
    v.reviewed === false
      ? v.kind === "crosswalk"
        ? "; relied on an unreviewed mapping"
        : "; the arrangement is a draft or rests on unverified sources"
      : "";
  const unverifiedSource = v.sourceVerified === false ? "; the partner requirement is marked unverified" : "";
  const residual = trace.residual ? `; still to show: ${trace.residual}` : "";
  return `${how} by ${certificate}${validText} via ${v.kind} ${v.id}${shown ? ` (${shown})` : ""}${unreviewed}${unverifiedSource}${residual}`;
}

/**
 * What recognition did to one finding, for formats that give it fields of their own (CSV columns, CDXA claims,
 * OSCAL props): the certificates relied on (each once, in trace order), what is still to show (the residuals of
 * partial traces, each once, sorted as the finding's message has them), whether that residual is a gap for the
 * gate, and the certificates that would have covered a gap the evidence holds.
 */
export function recognitionFacts(finding: Finding): {
  reliedOn: string[];
  residuals: string[];
  residualGap: boolean;
  heldByEvidence: string[];
} {
  const traces = finding.recognition ?? [];
  const residuals = finding.status === "partial" ? distinctResiduals(traces) : [];
  return {
    reliedOn: [...new Set(traces.map((t) => certificateLabel(t.certificate)))],
    residuals,
    residualGap: finding.residualGap === true,
    heldByEvidence: [...(finding.heldByEvidence ?? [])],
  };
}
