import { describe, expect, it } from "vitest";
import type { Finding, FindingStatus, Severity } from "../../src/domain/report.js";
import { blocksGate, buildReport, compareRequirementIds, exitCodeFor, type FailOn } from "../../src/domain/verdict.js";
import type { Waiver } from "../../src/domain/waivers.js";
import { renderJson } from "../../src/reports/json.js";
import { finding, findingsInput as input, sampleInput, sampleReport } from "../fixtures/reports/sample-report.js";

describe("gate: failOn × severity of one open gap", () => {
  // Written out by hand, not computed, so the table checks the implementation rather than restating it.
  const table: Record<FailOn, Record<Severity, "pass" | "fail">> = {
    critical: { critical: "fail", high: "pass", medium: "pass", low: "pass", info: "pass" },
    high: { critical: "fail", high: "fail", medium: "pass", low: "pass", info: "pass" },
    medium: { critical: "fail", high: "fail", medium: "fail", low: "pass", info: "pass" },
    low: { critical: "fail", high: "fail", medium: "fail", low: "fail", info: "pass" },
    info: { critical: "fail", high: "fail", medium: "fail", low: "fail", info: "fail" },
    never: { critical: "pass", high: "pass", medium: "pass", low: "pass", info: "pass" },
  };
  for (const [failOn, row] of Object.entries(table) as [FailOn, Record<Severity, "pass" | "fail">][]) {
    for (const [severity, expected] of Object.entries(row) as [Severity, "pass" | "fail"][]) {
      it(`--fail-on ${failOn}, ${severity} gap → ${expected}`, () => {
        const report = buildReport(input([finding({ requirement: "CRA-AI-P1-2a", severity })], { failOn }));
        expect(report.verdict).toBe(expected);
        expect(exitCodeFor(report)).toBe(expected === "pass" ? 0 : 1);
        expect(report.summary.blocking).toBe(expected === "fail" ? 1 : 0);
      });
    }
  }
});

describe("gate: statuses other than gap never fail", () => {
  const statuses: FindingStatus[] = ["needs-review", "recognized", "partial", "met", "not-applicable"];
  for (const status of statuses) {
    it(`${status} at critical severity with --fail-on info passes`, () => {
      const report = buildReport(
        input([finding({ requirement: "CRA-A14", status, severity: "critical" })], { failOn: "info" }),
      );
      expect(report.verdict).toBe("pass");
      expect(report.summary.byStatus[status]).toBe(1);
      expect(report.summary.gapsBySeverity.critical).toBe(0);
    });
  }

  it("one blocking gap among many passing findings fails", () => {
    const findings = [
      ...statuses.map((status, i) => finding({ requirement: `CRA-A13-0${i + 2}`, status, severity: "critical" })),
      finding({ requirement: "CRA-AII-1", severity: "medium" }),
    ];
    expect(buildReport(input(findings, { failOn: "medium" })).verdict).toBe("fail");
    expect(buildReport(input(findings, { failOn: "high" })).verdict).toBe("pass");
  });
});

describe("exitCodeFor", () => {
  it("fails closed on anything but an explicit pass", () => {
    expect(exitCodeFor({ verdict: "pass" })).toBe(0);
    expect(exitCodeFor({ verdict: "fail" })).toBe(1);
    expect(exitCodeFor({ verdict: "PASS" as "pass" })).toBe(1);
  });
});

describe("sorting and determinism", () => {
  it("orders requirement ids naturally", () => {
    const ids = [
      "CRA-AII-10",
      "CRA-AII-8b",
      "CRA-AI-P1-2a",
      "CRA-AII-9",
      "CRA-A13-16",
      "CRA-AII-8a",
      "CRA-A13-02",
      "CRA-A14",
    ];
    expect([...ids].sort(compareRequirementIds)).toEqual([
      "CRA-A13-02",
      "CRA-A13-16",
      "CRA-A14",
      "CRA-AI-P1-2a",
      "CRA-AII-8a",
      "CRA-AII-8b",
      "CRA-AII-9",
      "CRA-AII-10",
    ]);
    expect(compareRequirementIds("CRA-AIII-C1-2", "CRA-AIII-C1-12")).toBeLessThan(0);
  });

  it("sorts findings by requirement, then rule, and the lists inside them", () => {
    const report = buildReport(
      input([
        finding({ requirement: "CRA-AII-2", rules: ["z-rule", "a-rule"] }),
        finding({ requirement: "CRA-AII-1", rules: ["r-b"], components: ["pkg:npm/b", "pkg:npm/a"] }),
        finding({ requirement: "CRA-AII-1", rules: ["r-a"] }),
      ]),
    );
    expect(report.findings.map((f) => `${f.requirement}/${f.rules.join("+")}`)).toEqual([
      "CRA-AII-1/r-a",
      "CRA-AII-1/r-b",
      "CRA-AII-2/a-rule+z-rule",
    ]);
    expect(report.findings[1]!.components).toEqual(["pkg:npm/a", "pkg:npm/b"]);
  });

  it("gives the same JSON for any input order and does not change its input", () => {
    const forward = sampleInput();
    const backward = sampleInput({ findings: [...sampleInput().findings].reverse() });
    const before = JSON.stringify(forward.findings);
    expect(renderJson(buildReport(backward))).toBe(renderJson(buildReport(forward)));
    expect(JSON.stringify(forward.findings)).toBe(before);
  });

  it("fills paraphrase, group and the unverified mark from the catalog", () => {
    const report = sampleReport();
    const p12a = report.findings.find((f) => f.requirement === "CRA-AI-P1-2a")!;
    expect(p12a.paraphrase).toMatch(/known and can be exploited/);
    expect(p12a.group).toBe("annex-i-part-i");
    expect(report.findings.find((f) => f.requirement === "CRA-AVII-1")!.verified).toBe(false);
  });

  it("refuses a malformed asOf as a program fault", () => {
    expect(() => buildReport(input([], { asOf: "01/03/2028" }))).toThrow(TypeError);
    expect(() => buildReport(input([], { asOf: "2028-02-30" }))).toThrow(TypeError);
  });

  it("counts every status and only open gaps by severity", () => {
    const { summary } = sampleReport();
    expect(summary.total).toBe(12);
    expect(summary.byStatus).toEqual({
      gap: 5,
      "needs-review": 1,
      partial: 1,
      waived: 2,
      recognized: 1,
      met: 1,
      "not-applicable": 1,
    });
    // The medium one is the partial whose residual is still missing evidence.
    expect(summary.gapsBySeverity).toEqual({ critical: 1, high: 3, medium: 1, low: 0, info: 1 });
    expect(summary.blocking).toBe(4);
    expect(summary.newGaps).toBeUndefined();
  });
});

describe("waivers", () => {
  const waiver = (overrides: Partial<Waiver> = {}): Waiver => ({
    requirement: "CRA-AI-P1-2b",
    justification: "Hardware revision B fixes it.",
    approver: "CISO",
    expires: "2028-03-02",
    ...overrides,
  });
  const gap = () => finding({ requirement: "CRA-AI-P1-2b", severity: "critical" });

  it.each([
    ["the day before asOf", "2028-02-29", "gap", "fail"],
    ["on asOf", "2028-03-01", "waived", "pass"],
    ["the day after asOf", "2028-03-02", "waived", "pass"],
  ] as const)("a waiver expiring %s leaves the finding %s", (_label, expires, status, verdict) => {
    const report = buildReport(input([gap()], { waivers: [waiver({ expires })] }));
    expect(report.findings[0]!.status).toBe(status);
    expect(report.verdict).toBe(verdict);
    expect(report.findings[0]!.severity).toBe("critical");
    if (status === "gap") {
      expect(report.findings[0]!.waiver).toBeUndefined();
      expect(report.notes.join("\n")).toMatch(/waiver for CRA-AI-P1-2b expired on 2028-02-29 .*the gap counts again/);
    } else {
      expect(report.findings[0]!.waiver).toEqual({
        justification: "Hardware revision B fixes it.",
        approver: "CISO",
        expires,
      });
      expect(report.notes).toEqual([]);
    }
  });

  it("keeps a waived finding visible and counted as waived, not as an open gap", () => {
    const report = buildReport(input([gap()], { waivers: [waiver()] }));
    expect(report.findings).toHaveLength(1);
    expect(report.summary.byStatus.waived).toBe(1);
    expect(report.summary.byStatus.gap).toBe(0);
    expect(report.summary.gapsBySeverity.critical).toBe(0);
    expect(blocksGate(report.findings[0]!, report)).toBe(false);
  });

  it("never waives a status other than gap, and says the waiver is not needed", () => {
    const report = buildReport(
      input([finding({ requirement: "CRA-AI-P1-2b", status: "met" })], { waivers: [waiver()] }),
    );
    expect(report.findings[0]!.status).toBe("met");
    expect(report.notes).toEqual(["The waiver for CRA-AI-P1-2b is not needed: the requirement is met."]);
  });

  it("notes a waiver that matches no finding", () => {
    const report = buildReport(input([gap()], { waivers: [waiver({ requirement: "CRA-AII-9" })] }));
    expect(report.findings[0]!.status).toBe("gap");
    expect(report.notes).toEqual(["The waiver for CRA-AII-9 matches no finding of this assessment."]);
  });

  describe("component waivers", () => {
    const multi = (overrides: Partial<Finding> = {}) =>
      finding({
        requirement: "CRA-AI-P2-1",
        components: ["pkg:npm/a@1", "pkg:npm/b@2"],
        componentCount: 2,
        ...overrides,
      });

    it("waive a gap when every component it concerns is waived; the earliest expiry governs", () => {
      const report = buildReport(
        input([multi()], {
          waivers: [
            waiver({ requirement: "CRA-AI-P2-1", component: "pkg:npm/b@2", expires: "2028-09-01", approver: "B" }),
            waiver({ requirement: "CRA-AI-P2-1", component: "pkg:npm/a@1", expires: "2028-04-01", approver: "A" }),
          ],
        }),
      );
      expect(report.findings[0]!.status).toBe("waived");
      expect(report.findings[0]!.waiver).toMatchObject({
        component: "pkg:npm/a@1",
        expires: "2028-04-01",
        approver: "A",
      });
      expect(report.notes[0]).toMatch(/waived by 2 component waivers; the earliest expires on 2028-04-01/);
    });

    it("leave the gap standing when only some components are waived", () => {
      const report = buildReport(
        input([multi()], { waivers: [waiver({ requirement: "CRA-AI-P2-1", component: "pkg:npm/a@1" })] }),
      );
      expect(report.findings[0]!.status).toBe("gap");
      expect(report.verdict).toBe("fail");
      expect(report.notes).toEqual([
        "Waivers for CRA-AI-P2-1 cover 1 of the 2 components this gap concerns; the gap stands for the rest.",
      ]);
    });

    it("cannot cover a finding whose component list was capped", () => {
      const report = buildReport(
        input([multi({ componentCount: 40 })], {
          waivers: [
            waiver({ requirement: "CRA-AI-P2-1", component: "pkg:npm/a@1" }),
            waiver({ requirement: "CRA-AI-P2-1", component: "pkg:npm/b@2" }),
          ],
        }),
      );
      expect(report.findings[0]!.status).toBe("gap");
      expect(report.notes[0]).toMatch(/cover 2 of the 40 components/);
    });

    it("do not touch a finding about other components", () => {
      const report = buildReport(
        input([multi()], { waivers: [waiver({ requirement: "CRA-AI-P2-1", component: "pkg:npm/zzz@9" })] }),
      );
      expect(report.findings[0]!.status).toBe("gap");
      expect(report.notes).toEqual([
        "The waiver for CRA-AI-P2-1 (component pkg:npm/zzz@9) matches no finding of this assessment.",
      ]);
    });

    it("an expired component waiver leaves that component's gap", () => {
      const report = buildReport(
        input([multi({ components: ["pkg:npm/a@1"], componentCount: 1 })], {
          waivers: [waiver({ requirement: "CRA-AI-P2-1", component: "pkg:npm/a@1", expires: "2028-01-31" })],
        }),
      );
      expect(report.findings[0]!.status).toBe("gap");
      expect(report.notes[0]).toMatch(/\(component pkg:npm\/a@1\) expired on 2028-01-31.*counts again/);
    });
  });

  it("a whole-requirement waiver wins over component waivers and the longest-lasting one governs", () => {
    const report = buildReport(
      input([finding({ requirement: "CRA-AI-P2-1", components: ["pkg:npm/a@1"] })], {
        waivers: [
          waiver({ requirement: "CRA-AI-P2-1", expires: "2028-05-01", approver: "short" }),
          waiver({ requirement: "CRA-AI-P2-1", expires: "2029-05-01", approver: "long" }),
        ],
      }),
    );
    expect(report.findings[0]!.waiver?.approver).toBe("long");
  });
});
