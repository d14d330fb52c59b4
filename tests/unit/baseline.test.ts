import { describe, expect, it } from "vitest";
import { type Baseline, baselineFromReport } from "../../src/domain/baseline.js";
import type { Finding } from "../../src/domain/report.js";
import { buildReport } from "../../src/domain/verdict.js";
import { parseBaseline } from "../../src/input/baseline.js";
import { renderJson } from "../../src/reports/json.js";
import { finding, findingsInput as input, sampleInput, sampleReport } from "../fixtures/reports/sample-report.js";

const previous = (findings: Finding[]): Baseline => {
  const parsed = parseBaseline(renderJson(buildReport(input(findings, { asOf: "2028-01-15" }))));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
};

describe("gate with a baseline", () => {
  it("passes on a critical gap the previous report already had, and fails on a new one", () => {
    const baseline = previous([finding({ requirement: "CRA-AI-P1-2a", severity: "critical" })]);
    const known = buildReport(input([finding({ requirement: "CRA-AI-P1-2a", severity: "critical" })], { baseline }));
    expect(known.findings[0]!.isNew).toBe(false);
    expect(known.verdict).toBe("pass");
    expect(known.summary.newGaps).toBe(0);
    expect(known.baseline).toEqual({ asOf: "2028-01-15", gaps: 1 });

    const fresh = buildReport(
      input(
        [finding({ requirement: "CRA-AI-P1-2a", severity: "critical" }), finding({ requirement: "CRA-AI-P1-2b" })],
        { baseline },
      ),
    );
    expect(fresh.findings.map((f) => [f.requirement, f.isNew])).toEqual([
      ["CRA-AI-P1-2a", false],
      ["CRA-AI-P1-2b", true],
    ]);
    expect(fresh.verdict).toBe("fail");
    expect(fresh.summary.blocking).toBe(1);
    expect(fresh.notes.at(-1)).toMatch(/baseline of 2028-01-15 \(1 gaps\): 1 gap is new; only new gaps fail the gate/);
  });

  it("still applies the threshold to new gaps", () => {
    const baseline = previous([]);
    const report = buildReport(input([finding({ requirement: "CRA-AII-1", severity: "low" })], { baseline }));
    expect(report.findings[0]!.isNew).toBe(true);
    expect(report.summary.newGaps).toBe(1);
    expect(report.verdict).toBe("pass");
  });

  it("counts a gap that spread to a new component as new", () => {
    const baseline = previous([
      finding({ requirement: "CRA-AI-P1-2a", components: ["pkg:npm/a@1"], componentCount: 1 }),
    ]);
    const same = buildReport(
      input([finding({ requirement: "CRA-AI-P1-2a", components: ["pkg:npm/a@1"] })], { baseline }),
    );
    expect(same.findings[0]!.isNew).toBe(false);
    const spread = buildReport(
      input([finding({ requirement: "CRA-AI-P1-2a", components: ["pkg:npm/a@1", "pkg:npm/b@1"] })], { baseline }),
    );
    expect(spread.findings[0]!.isNew).toBe(true);
    expect(spread.verdict).toBe("fail");
    const grew = buildReport(
      input([finding({ requirement: "CRA-AI-P1-2a", components: ["pkg:npm/a@1"], componentCount: 9 })], { baseline }),
    );
    expect(grew.findings[0]!.isNew).toBe(true);
  });

  it("counts a gap that became more severe as new, and a milder one as known", () => {
    const baseline = previous([finding({ requirement: "CRA-A13-08", severity: "high" })]);
    const worse = buildReport(input([finding({ requirement: "CRA-A13-08", severity: "critical" })], { baseline }));
    expect(worse.findings[0]!.isNew).toBe(true);
    const milder = buildReport(input([finding({ requirement: "CRA-A13-08", severity: "medium" })], { baseline }));
    expect(milder.findings[0]!.isNew).toBe(false);
  });

  it("treats a gap that was only waived in the baseline as new once the waiver lapses", () => {
    const waived = buildReport(
      input([finding({ requirement: "CRA-AI-P1-2b" })], {
        asOf: "2028-01-15",
        waivers: [{ requirement: "CRA-AI-P1-2b", justification: "j", approver: "a", expires: "2028-02-01" }],
      }),
    );
    expect(waived.findings[0]!.status).toBe("waived");
    const parsed = parseBaseline(renderJson(waived));
    expect(parsed.ok && parsed.value.gaps).toEqual([]);
    const later = buildReport(
      input([finding({ requirement: "CRA-AI-P1-2b" })], {
        baseline: parsed.ok ? parsed.value : undefined,
        waivers: [{ requirement: "CRA-AI-P1-2b", justification: "j", approver: "a", expires: "2028-02-01" }],
      }),
    );
    expect(later.findings[0]).toMatchObject({ status: "gap", isNew: true });
    expect(later.verdict).toBe("fail");
  });

  it("a report used as its own baseline passes, with every gap known", () => {
    const first = sampleReport();
    expect(first.verdict).toBe("fail");
    const parsed = parseBaseline(renderJson(first));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toEqual(baselineFromReport(first));
    const again = buildReport({ ...sampleInput(), baseline: { ...parsed.value, file: "previous.json" } });
    expect(again.verdict).toBe("pass");
    expect(again.findings.filter((f) => f.status === "gap").every((f) => f.isNew === false)).toBe(true);
    // Five gaps and the partial whose residual is a gap.
    expect(again.baseline).toEqual({ asOf: "2028-03-01", gaps: 6, file: "previous.json" });
  });

  it("says when the baseline assessed another framework", () => {
    const baseline: Baseline = { framework: "etsi-en-303-645@3.1.3", gaps: [] };
    const report = buildReport(input([], { baseline }));
    expect(report.notes.join("\n")).toMatch(/baseline assessed framework etsi-en-303-645@3.1.3, not cra/);
  });

  it("marks isNew only on gaps and waived gaps", () => {
    const report = buildReport(
      input(
        [
          finding({ requirement: "CRA-A14", status: "needs-review" }),
          finding({ requirement: "CRA-AII-1", status: "met" }),
        ],
        {
          baseline: previous([]),
        },
      ),
    );
    expect(report.findings.map((f) => f.isNew)).toEqual([undefined, undefined]);
  });
});

describe("parseBaseline", () => {
  it("keeps a partial whose residual is a gap as a known gap, and leaves other partials out", () => {
    const result = parseBaseline(
      JSON.stringify({
        schemaVersion: "cra-assessor-report/1",
        findings: [
          { requirement: "CRA-AI-P2-6", status: "partial", residualGap: true, severity: "medium" },
          { requirement: "CRA-AI-P2-5", status: "partial", severity: "medium" },
          { requirement: "CRA-AI-P2-1", status: "gap", severity: "high" },
        ],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.gaps.map((g) => g.requirement)).toEqual(["CRA-AI-P2-6", "CRA-AI-P2-1"]);
  });

  it("locates a JSON syntax error by line and column", () => {
    const result = parseBaseline('{\n  "schemaVersion": "cra-assessor-report/1",\n  "findings": [,]\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ constraint: "syntax", line: 3, source: "baseline" });
    expect(result.issues[0]!.column).toBeGreaterThan(1);
  });

  it("locates a syntax error V8 gives no position for", () => {
    const result = parseBaseline("\n\n  nonsense", { source: "old.json" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ constraint: "syntax", source: "old.json", line: 3 });
  });

  it.each([
    ["an array", "[]", "", "type"],
    ["another schema", '{"schemaVersion":"sarif-2.1.0","findings":[]}', "/schemaVersion", "enum"],
    ["no schema version", '{"findings":[]}', "/schemaVersion", "required"],
    ["no findings", '{"schemaVersion":"cra-assessor-report/1"}', "/findings", "required"],
    ["findings not an array", '{"schemaVersion":"cra-assessor-report/1","findings":{}}', "/findings", "type"],
    [
      "an unknown status",
      '{"schemaVersion":"cra-assessor-report/1","findings":[{"requirement":"X","status":"fine","severity":"high"}]}',
      "/findings/0/status",
      "enum",
    ],
    [
      "a missing severity",
      '{"schemaVersion":"cra-assessor-report/1","findings":[{"requirement":"X","status":"gap"}]}',
      "/findings/0/severity",
      "required",
    ],
    [
      "components that are not strings",
      '{"schemaVersion":"cra-assessor-report/1","findings":[{"requirement":"X","status":"gap","severity":"low","components":[1]}]}',
      "/findings/0/components/0",
      "type",
    ],
    [
      "a negative component count",
      '{"schemaVersion":"cra-assessor-report/1","findings":[{"requirement":"X","status":"gap","severity":"low","componentCount":-1}]}',
      "/findings/0/componentCount",
      "type",
    ],
  ])("rejects %s with a located issue", (_label, text, path, constraint) => {
    const result = parseBaseline(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual(expect.objectContaining({ path, constraint }));
  });

  it("reads only what it needs and ignores fields it does not know", () => {
    const result = parseBaseline(
      JSON.stringify({
        schemaVersion: "cra-assessor-report/1",
        asOf: "2027-12-11",
        framework: { id: "cra" },
        futureField: { anything: true },
        findings: [
          { requirement: "CRA-AII-1", status: "gap", severity: "medium", framework: "cra", extra: 1 },
          { requirement: "CRA-AII-2", status: "met", severity: "medium" },
        ],
      }),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        asOf: "2027-12-11",
        framework: "cra",
        gaps: [{ requirement: "CRA-AII-1", framework: "cra", severity: "medium", components: [], componentCount: 0 }],
      },
    });
  });
});
