import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import type { AssessmentReport } from "../../src/domain/report.js";
import { buildReport } from "../../src/domain/verdict.js";
import { parseBaseline } from "../../src/input/baseline.js";
import { isReportFormat, REPORT_FORMATS, renderReport } from "../../src/reports/index.js";
import { renderJson } from "../../src/reports/json.js";
import { expectGolden } from "../fixtures/reports/golden.js";
import { sampleInput, sampleReport } from "../fixtures/reports/sample-report.js";

const schema = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../docs/report.schema.json", import.meta.url)), "utf8"),
) as Record<string, unknown>;
const validateReport = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** The sample, compared with a baseline made from the same findings without the two new ones. */
function passingWithBaseline(): AssessmentReport {
  const older = buildReport(sampleInput());
  const parsed = parseBaseline(renderJson(older));
  if (!parsed.ok) throw new Error("baseline did not parse");
  return buildReport({
    ...sampleInput(),
    failOn: "critical",
    baseline: { ...parsed.value, file: "reports/previous.json" },
    waivers: [],
  });
}

describe("golden files", () => {
  const report = sampleReport();
  const names: Record<(typeof REPORT_FORMATS)[number], string> = {
    json: "sample.json",
    md: "sample.md",
    sarif: "sample.sarif",
    junit: "sample.junit.xml",
    html: "sample.html",
    csv: "sample.csv",
    cdxa: "sample.cdx.json",
    "oscal-ar": "sample.oscal-ar.json",
  };
  for (const format of REPORT_FORMATS) {
    it(`${format} matches ${names[format]}`, () => {
      expectGolden(names[format], renderReport(report, format));
    });
  }

  it("a passing run against a baseline matches pass-baseline.md and pass-baseline.sarif", () => {
    const report = passingWithBaseline();
    expect(report.verdict).toBe("pass");
    expectGolden("pass-baseline.md", renderReport(report, "md"));
    expectGolden("pass-baseline.sarif", renderReport(report, "sarif"));
  });
});

describe("JSON report", () => {
  it("validates against docs/report.schema.json", () => {
    for (const report of [sampleReport(), passingWithBaseline(), sampleReport({ findings: [], waivers: [] })]) {
      const ok = validateReport(JSON.parse(renderJson(report)));
      expect(validateReport.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("the schema rejects what the model forbids", () => {
    const valid = JSON.parse(renderJson(sampleReport())) as Record<string, unknown> & {
      findings: Record<string, unknown>[];
    };
    const broken = [
      { ...valid, verdict: "maybe" },
      { ...valid, schemaVersion: "cra-assessor-report/2" },
      { ...valid, asOf: "1 March 2028" },
      { ...valid, surprise: true },
      { ...valid, findings: [{ ...valid.findings[0], status: "fine" }] },
      { ...valid, findings: [{ ...valid.findings.find((f) => f.status === "waived"), waiver: undefined }] },
    ];
    for (const report of broken) expect(validateReport(JSON.parse(JSON.stringify(report)))).toBe(false);
  });

  it("puts the verdict first and keeps a stable key order", () => {
    const text = renderJson(sampleReport());
    expect(Object.keys(JSON.parse(text) as object).slice(0, 4)).toEqual(["schemaVersion", "verdict", "failOn", "asOf"]);
    const finding = (JSON.parse(text) as { findings: object[] }).findings[0]!;
    expect(Object.keys(finding).slice(0, 6)).toEqual([
      "requirement",
      "framework",
      "title",
      "status",
      "basis",
      "severity",
    ]);
    // Evidence values with objects inside print with sorted keys whatever order the rule built them in.
    const shuffled = sampleInput();
    const p12a = shuffled.findings.find((f) => f.requirement === "CRA-AI-P1-2a")!;
    p12a.evidence = [{ fact: "x", value: { zeta: 1, alpha: { b: 2, a: 1 } } }];
    expect(renderJson(buildReport(shuffled))).toContain(
      '"value": {\n            "alpha": {\n              "a": 1,\n              "b": 2',
    );
  });

  it("round-trips: parsing the JSON gives back the report", () => {
    const report = sampleReport();
    expect(JSON.parse(renderJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});

describe("combined findings", () => {
  // A gap fed by several rules: every format names each outcome that was not met, with its rules and message, not
  // only the decisive gap's message.
  const report = sampleReport();
  for (const format of REPORT_FORMATS) {
    it(`${format} shows the outcomes still for review next to the decisive gap`, () => {
      const text = renderReport(report, format);
      expect(text).toContain("2 components match advisories with no exploitability analysis yet.");
      expect(text).toContain("rule-unanalysed");
      expect(text).toContain("1 component carries a vulnerability listed in CISA KEV.");
    });
  }
});

describe("renderReport", () => {
  it("knows exactly the CLI's format names", () => {
    expect(REPORT_FORMATS).toEqual(["json", "md", "sarif", "junit", "html", "csv", "cdxa", "oscal-ar"]);
    expect(isReportFormat("sarif")).toBe(true);
    expect(isReportFormat("pdf")).toBe(false);
    expect(isReportFormat("__proto__")).toBe(false);
  });

  it("gives the same bytes on every run and for any input order", () => {
    const a = sampleReport();
    const b = sampleReport({ findings: [...sampleInput().findings].reverse() });
    for (const format of REPORT_FORMATS) expect(renderReport(b, format)).toBe(renderReport(a, format));
  });

  it("renders an empty assessment in every format", () => {
    const empty = sampleReport({ findings: [], waivers: [], notes: [] });
    expect(empty.verdict).toBe("pass");
    for (const format of REPORT_FORMATS) expect(renderReport(empty, format).length).toBeGreaterThan(0);
  });
});
