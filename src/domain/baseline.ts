/**
 * Baselines ("fail only if worse than the last release"): a previous JSON report whose gaps the
 * gate tolerates. `buildReport` marks each current gap `isNew` against it and, with a baseline, fails only on new
 * gaps. Only what the comparison needs is read from the previous report, so reports of later minor tool versions
 * with extra fields still serve as baselines. The file is read in src/input/baseline.ts.
 */
import type { AssessmentReport, FindingStatus, Severity } from "./report.js";

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

export const FINDING_STATUSES: readonly FindingStatus[] = [
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
