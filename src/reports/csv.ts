/**
 * CSV for auditors' spreadsheets: one row per finding, RFC 4180 (CRLF line ends, fields with a comma, quote or
 * line break in double quotes, quotes doubled).
 *
 * Formula injection (OWASP "CSV Injection"): a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return would run as a formula in Excel or LibreOffice, so such cells get a leading apostrophe. Values come
 * from SBOMs and declarations, which are untrusted. Control characters other than tab and line breaks become U+FFFD.
 *
 * No byte-order mark: RFC 4180 has none and many CSV readers take it for part of the first header name. Excel users
 * open the file through Data > From Text/CSV and choose UTF-8.
 */
import type { AssessmentReport, Finding } from "../domain/report.js";
import {
  componentsText,
  factValueText,
  isBlocking,
  outcomeLines,
  recognitionFacts,
  recognitionText,
  wellFormed,
} from "./wording.js";

export const CSV_COLUMNS = [
  "framework",
  "requirement",
  "title",
  "status",
  "basis",
  "severity",
  "fails_gate",
  "new",
  "source_kind",
  "verified",
  "citation",
  "citation_url",
  "message",
  "evidence",
  "components",
  "component_count",
  "remediation",
  "waiver_justification",
  "waiver_approver",
  "waiver_expires",
  "waiver_component",
  "recognition",
  "recognized_by",
  "residual",
  "residual_gap",
  "held_by_evidence",
  "rules",
  "outcomes",
] as const;

// RFC 4180 fields hold printable text; NUL and other C0 controls (tab and line breaks aside) break CSV readers.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** One CSV field: formula-guarded, then quoted when RFC 4180 requires it. */
export function csvField(value: string): string {
  const clean = wellFormed(value).replace(CONTROL, "\uFFFD");
  const guarded = /^[=+\-@\t\r]/.test(clean) ? `'${clean}` : clean;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

function row(report: AssessmentReport, finding: Finding): string[] {
  const evidence = finding.evidence
    .map((fact) => `${fact.fact}=${factValueText(fact.value)}${fact.location ? ` @ ${fact.location}` : ""}`)
    .join("\n");
  const flag = (value: boolean | undefined) => (value === undefined ? "" : value ? "yes" : "no");
  const recognition = recognitionFacts(finding);
  return [
    finding.framework,
    finding.requirement,
    finding.title,
    finding.status,
    finding.basis,
    finding.severity,
    flag(isBlocking(report, finding)),
    flag(finding.isNew),
    finding.sourceKind,
    flag(finding.verified ?? true),
    finding.citation.text,
    finding.citation.url ?? "",
    finding.message,
    evidence,
    componentsText(finding) ?? "",
    finding.componentCount !== undefined ? String(finding.componentCount) : String(finding.components?.length ?? 0),
    finding.remediation ?? "",
    finding.waiver?.justification ?? "",
    finding.waiver?.approver ?? "",
    finding.waiver?.expires ?? "",
    finding.waiver?.component ?? "",
    (finding.recognition ?? []).map(recognitionText).join("\n"),
    recognition.reliedOn.join("\n"),
    recognition.residuals.join("\n"),
    // Only a partial finding has a residual: yes when it is still missing evidence (a gap for the gate).
    finding.status === "partial" ? flag(recognition.residualGap) : "",
    recognition.heldByEvidence.join("\n"),
    finding.rules.join(" "),
    outcomeLines(finding).join("\n"),
  ];
}

/** The findings as CSV text, in report order, with a header row. */
export function renderCsv(report: AssessmentReport): string {
  const lines = [CSV_COLUMNS.join(","), ...report.findings.map((f) => row(report, f).map(csvField).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}
