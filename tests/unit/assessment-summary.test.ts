/** The counts stored with an assessment are read from its reports as they are, and name only the CRA's gaps. */
import { describe, expect, it } from "vitest";
import { summarizeReports } from "../../src/domain/assessment-summary.js";
import type { AssessmentReport, Finding } from "../../src/domain/report.js";

const zero = { met: 0, gap: 0, "needs-review": 0, "not-applicable": 0, recognized: 0, partial: 0, waived: 0 };
const noGaps = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };

function report(framework: string, findings: Partial<Finding>[], byStatus: Partial<typeof zero>): AssessmentReport {
  return {
    framework: { id: framework, name: framework, version: "1" },
    summary: {
      total: findings.length,
      byStatus: { ...zero, ...byStatus },
      byBasis: { verified: 1, declared: 0, absent: 0, contradicted: 0 },
      gapsBySeverity: { ...noGaps, high: byStatus.gap ?? 0 },
    },
    findings: findings as Finding[],
  } as AssessmentReport;
}

describe("summarizeReports", () => {
  it("keeps each report's counts in report order and lists the CRA report's gaps, not a partner's", () => {
    const summary = summarizeReports([
      report("uk-psti", [{ requirement: "PSTI-1", title: "Passwords", status: "gap" }], { gap: 1 }),
      report(
        "cra",
        [
          { requirement: "CRA-A", title: "First", status: "gap" },
          { requirement: "CRA-B", title: "Second", status: "met" },
          { requirement: "CRA-C", title: "Third", status: "partial" },
          { requirement: "CRA-D", title: "Fourth", status: "gap" },
        ],
        { gap: 2, met: 1, partial: 1 },
      ),
    ]);
    expect(summary.reportCounts.map((r) => [r.framework, r.byStatus.gap, r.gapsBySeverity.high])).toEqual([
      ["uk-psti", 1, 1],
      ["cra", 2, 2],
    ]);
    expect(summary.reportCounts[1]?.byBasis).toEqual({ verified: 1, declared: 0, absent: 0, contradicted: 0 });
    expect(summary.craGaps).toEqual([
      { requirement: "CRA-A", title: "First" },
      { requirement: "CRA-D", title: "Fourth" },
    ]);
  });

  it("has no CRA gaps when the CRA was not assessed, and nothing for no report", () => {
    expect(
      summarizeReports([report("uk-psti", [{ requirement: "P", title: "T", status: "gap" }], { gap: 1 })]).craGaps,
    ).toEqual([]);
    expect(summarizeReports([])).toEqual({ reportCounts: [], craGaps: [] });
  });
});
