import { describe, expect, it } from "vitest";
import { pathToUriReference, renderSarif, SARIF_SCHEMA_URI } from "../../src/reports/sarif.js";
import { sampleReport } from "../fixtures/reports/sample-report.js";

// Only the parts of SARIF 2.1.0 these tests read.
interface Result {
  ruleId: string;
  ruleIndex: number;
  kind: string;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string; index: number };
      region: { startLine: number; startColumn?: number };
    };
    logicalLocations?: { fullyQualifiedName: string; kind: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; status: string; justification: string }[];
  baselineState?: string;
  properties: { status: string; severity: string; recognition?: string[] };
}
interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: string };
  properties: { sourceKind: string; tags: string[]; "security-severity"?: string };
}
interface Log {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: Rule[] } };
    artifacts: { location: { uri: string }; hashes?: Record<string, string> }[];
    results: Result[];
    properties: { verdict: string };
  }[];
}

const parse = (text: string) => JSON.parse(text) as Log;

describe("SARIF 2.1.0 report", () => {
  const report = sampleReport();
  const log = parse(renderSarif(report));
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules;
  const result = (requirement: string) => run.results.find((r) => r.ruleId === requirement)!;

  it("has the required top-level shape (§3.13, §3.14, §3.18, §3.19)", () => {
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe("cra-assessor");
    expect(run.properties.verdict).toBe("fail");
  });

  it("describes every requirement once, with citation and remediation in the help", () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(report.findings.map((f) => f.requirement)));
    for (const rule of rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeGreaterThan(0);
      expect(rule.help.text).toMatch(/Source: Regulation \(EU\) 2024\/2847/);
      expect(rule.name).toMatch(/^[A-Za-z0-9]+$/);
    }
    const support = rules.find((r) => r.id === "CRA-A13-08")!;
    expect(support.help.text).toMatch(/^Declare a support period of at least five years/);
    expect(support.helpUri).toBe("https://eur-lex.europa.eu/eli/reg/2024/2847/oj");
    expect(support.properties.sourceKind).toBe("law");
    expect(support.properties.tags).toContain("article-13");
    expect(rules.find((r) => r.id === "CRA-AI-P1-2a")!.fullDescription.text).toMatch(/known and can be exploited/);
    expect(rules.find((r) => r.id === "CRA-AVII-1")!.properties.tags).toContain("unverified");
    expect(rules.find((r) => r.id === "CRA-AI-P1-2a")!.properties["security-severity"]).toBe("9.5");
  });

  it("reports gaps, waived gaps and review items, nothing settled", () => {
    const statuses = run.results.map((r) => r.properties.status).sort();
    expect(statuses).toEqual(["gap", "gap", "gap", "gap", "gap", "needs-review", "partial", "waived", "waived"]);
    for (const r of run.results) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  it("maps severity to level, and review items to kind review with level none (§3.27.9)", () => {
    expect(result("CRA-AI-P1-2a")).toMatchObject({ kind: "fail", level: "error" });
    expect(result("CRA-A13-08")).toMatchObject({ kind: "fail", level: "error" });
    expect(result("CRA-AI-P2-1")).toMatchObject({ kind: "fail", level: "warning" });
    expect(result("CRA-AI-P1-2j")).toMatchObject({ kind: "fail", level: "note" });
    expect(result("CRA-AI-P1-2m")).toMatchObject({ kind: "fail", level: "note" });
    expect(result("CRA-A14")).toMatchObject({ kind: "review", level: "none" });
  });

  it("reports a partial whose residual is still missing evidence as a failing result at its severity", () => {
    // CRA-AIII-C1-12 in the sample: medium, lifted from a silent gap, so its residual counts as a gap (SARIF warning).
    expect(result("CRA-AIII-C1-12")).toMatchObject({
      kind: "fail",
      level: "warning",
      properties: { status: "partial", basis: "absent" },
    });
    expect(result("CRA-AIII-C1-12").properties.recognition).toEqual([
      expect.stringContaining("still to show: Vulnerability handling (Annex I Part II) is not covered"),
    ]);
  });

  it("carries a waiver as an accepted external suppression with its justification", () => {
    expect(result("CRA-AI-P2-1").suppressions).toEqual([
      {
        kind: "external",
        status: "accepted",
        justification:
          "Vendored binary; the supplier publishes no version. Tracked in SEC-123. (approved by Product Security Board, expires 2028-03-01, component pkg:generic/vendor-blob)",
      },
    ]);
    expect(result("CRA-AI-P1-2a").suppressions).toBeUndefined();
  });

  it("points results at the declaration or SBOM file, with line and JSON pointer when known", () => {
    const credentials = result("CRA-AI-P1-2b").locations[0]!;
    expect(credentials.physicalLocation.artifactLocation).toEqual({
      uri: "seeds/examples/acme/declaration.yaml",
      uriBaseId: "%SRCROOT%",
      index: 1,
    });
    expect(credentials.physicalLocation.region).toEqual({ startLine: 14, startColumn: 3 });
    expect(credentials.logicalLocations).toEqual([{ fullyQualifiedName: "/defaults/credentials", kind: "value" }]);

    const vulnerable = result("CRA-AI-P1-2a").locations[0]!;
    expect(vulnerable.physicalLocation.artifactLocation.uri).toBe("sbom%20samples/acme%20hub.cdx.json");
    expect(vulnerable.physicalLocation.region).toEqual({ startLine: 1 });
    expect(vulnerable.logicalLocations?.[0]?.fullyQualifiedName).toBe("/vulnerabilities");

    // GitHub code scanning rejects a whole upload when one result has no physical location with a line.
    for (const r of run.results) {
      expect(r.locations.length).toBeGreaterThan(0);
      for (const l of r.locations) expect(l.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    }
    // No fact points into a file: the declaration is the anchor.
    expect(result("CRA-AI-P1-2m").locations[0]!.physicalLocation.artifactLocation.index).toBe(1);
    expect(run.artifacts.map((a) => a.location.uri)).toEqual([
      "sbom%20samples/acme%20hub.cdx.json",
      "seeds/examples/acme/declaration.yaml",
    ]);
    expect(run.artifacts[0]!.hashes).toEqual({ "sha-256": report.inputs.sbom!.sha256 });
  });

  it("treats a whole-document location as the file, and other sources as no file", () => {
    const custom = sampleReport();
    const target = custom.findings.find((f) => f.requirement === "CRA-AI-P1-2m")!;
    target.evidence = [
      { fact: "sbom", value: 3, location: "sbom:/" },
      { fact: "advisories", value: 1, location: "advisories" },
    ];
    const located = parse(renderSarif(custom)).runs[0]!.results.find((r) => r.ruleId === "CRA-AI-P1-2m")!;
    expect(located.locations).toHaveLength(1);
    expect(located.locations[0]!.physicalLocation.artifactLocation.index).toBe(0);
    expect(located.locations[0]!.logicalLocations).toBeUndefined();
  });

  it("gives each result a stable fingerprint and no timestamps", () => {
    const again = parse(renderSarif(sampleReport()));
    expect(again.runs[0]!.results.map((r) => r.partialFingerprints)).toEqual(
      run.results.map((r) => r.partialFingerprints),
    );
    const prints = run.results.map((r) => Object.values(r.partialFingerprints)[0]);
    expect(new Set(prints).size).toBe(prints.length);
    expect(renderSarif(report)).not.toMatch(/"(startTimeUtc|endTimeUtc|timeUtc|guid)"/);
  });

  it("sets baselineState when a baseline was compared", () => {
    const withBaseline = parse(renderSarif(sampleReport({ baseline: { gaps: [] } })));
    const states = withBaseline.runs[0]!.results.filter((r) => ["gap", "waived"].includes(r.properties.status));
    expect(states.every((r) => r.baselineState === "new")).toBe(true);
    expect(run.results.every((r) => r.baselineState === undefined)).toBe(true);
  });

  it("writes no locations when the report names no input files", () => {
    const bare = sampleReport({ inputs: {} });
    const bareLog = parse(renderSarif(bare));
    expect(bareLog.runs[0]!.results.every((r) => r.locations.length === 0)).toBe(true);
    expect(bareLog.runs[0]!.artifacts).toBeUndefined();
  });

  it("turns file paths into URI references", () => {
    expect(pathToUriReference("a b/c#d?.json")).toBe("a%20b/c%23d%3F.json");
    expect(pathToUriReference("dir\\sub\\sbom.json")).toBe("dir/sub/sbom.json");
    expect(pathToUriReference("/abs/ü.json")).toBe("file:///abs/%C3%BC.json");
  });
});
