/**
 * What lists of assessments show without reading the reports: each report's counts and the CRA report's gaps.
 * It is taken from the reports once, when the assessment is stored, and kept beside them; a stored report is
 * ~100 KiB of JSON, and parsing one per row made the product and portfolio pages cost tens of milliseconds.
 */
import type { AssessmentReport, FindingBasis, FindingStatus, Severity } from "./report.js";

/** One report's counts, as in its `summary`. */
export interface ReportCounts {
  framework: string;
  byStatus: Record<FindingStatus, number>;
  byBasis: Record<FindingBasis, number>;
  gapsBySeverity: Record<Severity, number>;
}

/** A `gap` finding of the CRA report, named as the report names it. */
export interface GapRef {
  requirement: string;
  title: string;
}

export interface AssessmentSummary {
  /** One entry per report, in the order of the reports (the first is the primary framework's). */
  reportCounts: ReportCounts[];
  /** The CRA report's `gap` findings in report order; empty when the CRA was not assessed. */
  craGaps: GapRef[];
}

export function summarizeReports(reports: readonly AssessmentReport[]): AssessmentSummary {
  const cra = reports.find((r) => r.framework.id === "cra");
  return {
    reportCounts: reports.map((r) => ({
      framework: r.framework.id,
      byStatus: r.summary.byStatus,
      byBasis: r.summary.byBasis,
      gapsBySeverity: r.summary.gapsBySeverity,
    })),
    craGaps: (cra?.findings ?? [])
      .filter((f) => f.status === "gap")
      .map((f) => ({ requirement: f.requirement, title: f.title })),
  };
}
