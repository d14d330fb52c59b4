/**
 * What a finding rests on (`basis`): verified (the tool checked data), declared (the manufacturer says so), absent
 * (nothing was said), contradicted (the evidence shows non-compliance). Expected values are written by hand from
 * what each input says, not read from the rules.
 */
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/domain/report.js";
import { buildReport } from "../../src/domain/verdict.js";
import { failedBasis, heldBasis } from "../../src/rules/basis.js";
import { match } from "./fixtures.js";
import { craFinding, declaring, del, set, testRequirement } from "./test-rule.js";

testRequirement("CRA-AI-P1-2b", [
  {
    name: "Annex I Part I (2)(b): a shared default password contradicts secure by default",
    document: declaring(set("defaults.credentials", "shared-default")),
    expected: { status: "gap", basis: "contradicted", severity: "high", sourceKind: "law" },
  },
  {
    name: "Annex I Part I (2)(b) with Art. 13(3): (2)(b) declared not implemented is contradicted",
    document: declaring(set("securityProperties.2b", { status: "not-implemented" })),
    expected: { status: "gap", basis: "contradicted", severity: "high" },
  },
]);

testRequirement("CRA-AI-P1-2d", [
  {
    name: "Art. 13(3): (2)(d) left unanswered is a gap resting on nothing said",
    document: declaring(del("securityProperties.2d")),
    expected: { status: "gap", basis: "absent", severity: "high" },
  },
  {
    name: "Annex I Part I (2)(d): implemented with evidence is for a reviewer, on the manufacturer's word",
    document: {},
    expected: { status: "needs-review", basis: "declared", severity: "low" },
  },
]);

testRequirement("CRA-AI-P1-2g", [
  {
    // A justified not-applicable goes to the review queue: a reviewer confirms the justification (Art. 13(4)).
    name: "Art. 13(4): (2)(g) not applicable with a justification rests on the declaration and goes to review",
    document: declaring(set("securityProperties.2g", { status: "not-applicable", justification: "No user data." })),
    expected: { status: "needs-review", basis: "declared", severity: "low" },
  },
]);

testRequirement("CRA-AI-P1-2a", [
  {
    name: "Annex I Part I (2)(a): a CISA KEV match left open is contradicted by the evidence",
    document: { matches: [match({ knownExploited: true })] },
    expected: { status: "gap", basis: "contradicted", severity: "critical" },
  },
]);

testRequirement("CRA-AI-P2-1", [
  {
    name: "Annex I Part II (1): the SBOM's content was checked (root, graph, identifiers)",
    document: {},
    expected: { status: "met", basis: "verified", severity: "info" },
  },
  {
    name: "Annex I Part II (1): no SBOM at all is a gap resting on nothing supplied",
    document: { sbom: () => null },
    expected: { status: "gap", basis: "absent", severity: "high" },
  },
]);

testRequirement("CRA-A13-25", [
  {
    name: "Art. 13(25): an SBOM in hand can be produced on request",
    document: {},
    expected: { status: "met", basis: "verified", severity: "info" },
  },
]);

testRequirement("CRA-A13-19", [
  {
    name: "Art. 13(19): a declared support-period end is only the manufacturer's statement",
    document: {},
    expected: { status: "met", basis: "declared", severity: "info" },
  },
]);

testRequirement("CRA-A13-08", [
  {
    name: "Art. 13(8), third subparagraph: three years counted from the dates contradicts the five-year minimum",
    document: declaring(set("supportPeriod.end", "2031-03"), set("supportPeriod.expectedUseYears", 6)),
    expected: { status: "gap", basis: "contradicted", severity: "high" },
  },
]);

testRequirement("CRA-A13-14", [
  {
    name: "Art. 13(14): no automated check and nothing in the declaration: review, resting on nothing stated",
    document: {},
    expected: { status: "needs-review", basis: "absent", severity: "medium" },
  },
]);

describe("basis from the evaluated conditions", () => {
  const leaf = (factResult: unknown, result: boolean, path = "defaults.credentials") => ({
    fact: "declaration",
    path,
    operator: "equal",
    value: "x",
    factResult,
    result,
  });

  it("a failing leaf with a value is contradicted, one without is absent; contradicted wins", () => {
    expect(failedBasis({ all: [leaf("shared-default", false)] }, {})).toBe("contradicted");
    expect(failedBasis({ all: [leaf(undefined, false)] }, {})).toBe("absent");
    expect(failedBasis({ all: [leaf(undefined, false), leaf("shared-default", false)] }, {})).toBe("contradicted");
  });

  it("a failing `any` reads every branch; a failing `not` reads what held inside it", () => {
    const any = { any: [leaf(undefined, false), leaf(false, false)], result: false };
    expect(failedBasis({ all: [any] }, {})).toBe("contradicted");
    const not = { not: leaf("shared-default", true), result: false };
    expect(failedBasis({ all: [not] }, {})).toBe("contradicted");
  });

  it("a holding check is verified only when it read no claim", () => {
    const sbomLeaf = { fact: "sbom", path: "present", operator: "equal", value: true, factResult: true, result: true };
    expect(heldBasis({ all: [sbomLeaf] }, {})).toBe("verified");
    expect(heldBasis({ all: [sbomLeaf, leaf("unique-per-device", true)] }, {})).toBe("declared");
  });
});

describe("basis through the report", () => {
  it("counts findings by basis and keeps the basis when a waiver changes the status", async () => {
    const gap = await craFinding("CRA-AI-P1-2b", declaring(set("defaults.credentials", "shared-default")));
    const met = await craFinding("CRA-AI-P2-1", {});
    const report = buildReport({
      framework: { id: "cra", name: "CRA", version: "2024/2847" },
      findings: [gap, met] as Finding[],
      asOf: "2028-03-01",
      failOn: "high",
      product: { name: "p", identifiers: [] },
      inputs: {},
      tool: { name: "cra-assessor", version: "0", ruleSetVersion: "x" },
      waivers: [
        {
          requirement: "CRA-AI-P1-2b",
          justification: "Fix rolls out in April.",
          approver: "CISO",
          expires: "2028-06-30",
        },
      ],
    });
    const waived = report.findings.find((f) => f.requirement === "CRA-AI-P1-2b")!;
    expect(waived.status).toBe("waived");
    expect(waived.basis).toBe("contradicted");
    expect(report.summary.byBasis).toEqual({ verified: 1, declared: 0, absent: 0, contradicted: 1 });
  });
});
