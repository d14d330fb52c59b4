/**
 * Baselines ("fail only if worse than the last release", landscape.md): a previous JSON report whose gaps the
 * gate tolerates. `buildReport` marks each current gap `isNew` against it and, with a baseline, fails only on new
 * gaps. Only what the comparison needs is read from the previous report, so reports of later minor tool versions
 * with extra fields still serve as baselines.
 */
import { jsonSyntaxIssue } from "../json/syntax.js";
import { isJsonObject } from "../json/value.js";
import { capIssues, type InputIssue, type Parsed } from "./input-issue.js";
import { type AssessmentReport, type FindingStatus, SEVERITY_ORDER, type Severity } from "./report.js";

export const REPORT_SCHEMA_VERSION = "cra-assessor-report/1";

/** A gap of the previous report, reduced to what decides whether a current gap is new. */
export interface BaselineGap {
  framework?: string;
  requirement: string;
  severity: Severity;
  components: string[];
  /** The full number of components (the listed ones may be capped). */
  componentCount: number;
}

export interface Baseline {
  asOf?: string;
  framework?: string;
  /** Only findings with status `gap`: a finding that was waived then was tolerated because of its waiver, so once
   * the waiver lapses it counts as new (fail closed). */
  gaps: BaselineGap[];
}

const STATUSES: readonly FindingStatus[] = [
  "met",
  "gap",
  "needs-review",
  "not-applicable",
  "recognized",
  "partial",
  "waived",
];

/** The baseline a report would be if it served as the next run's `--baseline`. */
export function baselineFromReport(report: AssessmentReport): Baseline {
  return {
    asOf: report.asOf,
    framework: report.framework.id,
    gaps: report.findings
      .filter((f) => f.status === "gap" || (f.status === "partial" && f.residualGap === true))
      .map((f) => ({
        framework: f.framework,
        requirement: f.requirement,
        severity: f.severity,
        components: [...(f.components ?? [])],
        componentCount: f.componentCount ?? f.components?.length ?? 0,
      })),
  };
}

/** Reads a previous JSON report. Validation is minimal (schemaVersion, the findings) and located. */
export function parseBaseline(input: string, options: { source?: string } = {}): Parsed<Baseline> {
  const source = options.source ?? "baseline";
  let data: unknown;
  try {
    data = JSON.parse(input);
  } catch (error) {
    return { ok: false, issues: [{ ...jsonSyntaxIssue(input, error), source }] };
  }
  const issues: InputIssue[] = [];
  const issue = (path: string, constraint: string, message: string) =>
    issues.push({ path, constraint, message, source });

  if (!isJsonObject(data)) {
    issue("", "type", "A baseline must be a JSON report object (the output of `assess --format json`).");
    return { ok: false, issues };
  }
  if (data.schemaVersion !== REPORT_SCHEMA_VERSION) {
    issue(
      "/schemaVersion",
      data.schemaVersion === undefined ? "required" : "enum",
      `The baseline must be a "${REPORT_SCHEMA_VERSION}" report; found ${JSON.stringify(data.schemaVersion) ?? "none"}.`,
    );
  }
  if (data.asOf !== undefined && typeof data.asOf !== "string") issue("/asOf", "type", '"asOf" must be a string.');
  let framework: string | undefined;
  if (isJsonObject(data.framework) && typeof data.framework.id === "string") framework = data.framework.id;

  const gaps: BaselineGap[] = [];
  if (!Array.isArray(data.findings)) {
    issue("/findings", data.findings === undefined ? "required" : "type", '"findings" must be an array.');
  } else {
    data.findings.forEach((finding: unknown, index: number) => {
      const at = `/findings/${index}`;
      if (!isJsonObject(finding)) {
        issue(at, "type", "A finding must be an object.");
        return;
      }
      if (typeof finding.requirement !== "string" || finding.requirement === "") {
        issue(
          `${at}/requirement`,
          finding.requirement === undefined ? "required" : "type",
          '"requirement" must be a requirement id.',
        );
      }
      if (!STATUSES.includes(finding.status as FindingStatus)) {
        issue(
          `${at}/status`,
          finding.status === undefined ? "required" : "enum",
          `"status" must be one of ${STATUSES.join(", ")}.`,
        );
      }
      if (!SEVERITY_ORDER.includes(finding.severity as Severity)) {
        issue(
          `${at}/severity`,
          finding.severity === undefined ? "required" : "enum",
          `"severity" must be one of ${SEVERITY_ORDER.join(", ")}.`,
        );
      }
      const components = finding.components;
      if (components !== undefined && !(Array.isArray(components) && components.every((c) => typeof c === "string"))) {
        issue(`${at}/components`, "type", '"components" must be an array of bom-refs.');
      }
      const count = finding.componentCount;
      if (count !== undefined && !(Number.isInteger(count) && (count as number) >= 0)) {
        issue(`${at}/componentCount`, "type", '"componentCount" must be a non-negative integer.');
      }
      if (finding.framework !== undefined && typeof finding.framework !== "string") {
        issue(`${at}/framework`, "type", '"framework" must be a string.');
      }
      if (
        issues.length === 0 &&
        (finding.status === "gap" || (finding.status === "partial" && finding.residualGap === true))
      ) {
        const listed = (components as string[] | undefined) ?? [];
        const gap: BaselineGap = {
          requirement: finding.requirement as string,
          severity: finding.severity as Severity,
          components: [...listed],
          componentCount: (count as number | undefined) ?? listed.length,
        };
        if (typeof finding.framework === "string") gap.framework = finding.framework;
        gaps.push(gap);
      }
    });
  }
  if (issues.length > 0) return { ok: false, issues: capIssues(issues).issues };
  const baseline: Baseline = { gaps };
  if (typeof data.asOf === "string") baseline.asOf = data.asOf;
  if (framework !== undefined) baseline.framework = framework;
  return { ok: true, value: baseline };
}
