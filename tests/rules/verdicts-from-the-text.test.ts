/**
 * Verdicts checked against the Regulation's words: the declaration of conformity (Art. 13(20), Annex II (6),
 * Annex VI, Annex VII (7)), product identification (Annex II (3)), the coordinator CSIRT (Art. 14(7)) and the SBOM
 * (Annex I Part II (1)), on real SBOMs too. Each expected status is written by hand from the clause named in the
 * test, never taken from the rule under test.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildAdvisoryIndex } from "../../src/advisories/index.js";
import { loadAdvisoryFiles } from "../../src/advisories/load.js";
import { matchAdvisories } from "../../src/advisories/match.js";
import { recognitionFacts } from "../../src/reports/wording.js";
import { ingestSbomBytes } from "../../src/sbom/ingest.js";
import { assessProduct, createAssessContext } from "../../src/services/assess.js";
import { compliantSbom, type FactCase, factsFor } from "./fixtures.js";
import { craFinding, declaring, del, set, testRequirement, testRule } from "./test-rule.js";

const full = set("documentation.declarationOfConformitySupplied", "full");
const simplified = set("documentation.declarationOfConformitySupplied", "simplified");
const noAddress = del("documentation.declarationOfConformityUrl");
const notSaid = del("documentation.declarationOfConformitySupplied");
const copyListed = (d: Record<string, any>) => {
  d.documents.push({ id: "doc-eu-doc", kind: "declaration-of-conformity", title: "EU DoC" });
};

// Art. 13(20): a copy of the EU DoC or the simplified DoC goes with the product; only the simplified one must give
// the exact internet address of the full one (Annex VI).
testRequirement("CRA-A13-20", [
  {
    name: "Art. 13(20): a copy of the full declaration ships, no address: met",
    document: declaring(full, noAddress),
    expected: { status: "met", basis: "declared", severity: "info" },
  },
  {
    name: "Art. 13(20), Annex VI: a simplified declaration without the full one's address is a gap",
    document: declaring(simplified, noAddress),
    expected: {
      status: "gap",
      basis: "absent",
      severity: "high",
      sourceKind: "law",
      message: ["exact internet address"],
    },
  },
  {
    name: "Art. 13(20): a simplified declaration with the address is met",
    document: declaring(simplified),
    expected: { status: "met", basis: "declared", severity: "info" },
  },
  {
    name: "Art. 13(20): nothing said about what accompanies the product is a gap",
    document: declaring(notSaid),
    expected: { status: "gap", basis: "absent", severity: "high" },
  },
]);

// Annex II (6): the DoC's internet address "where applicable".
testRequirement("CRA-AII-6", [
  {
    name: "Annex II (6): with a copy of the full declaration in the box no address is needed (not applicable)",
    document: declaring(full, noAddress),
    expected: { status: "not-applicable", basis: "declared", severity: "info", message: ["interpretation"] },
  },
  {
    name: "Annex II (6) with Annex VI: a simplified declaration needs the address in the user information",
    document: declaring(simplified, noAddress),
    expected: { status: "gap", basis: "absent", severity: "high" },
  },
  {
    name: "Annex II (6): when the declaration does not say which DoC ships and gives no address, a person decides",
    document: declaring(notSaid, noAddress),
    expected: { status: "needs-review", basis: "absent", severity: "medium" },
  },
]);

// Annex VII (7): a copy of the EU DoC in the technical documentation; an address does not replace it.
testRequirement("CRA-AVII-7", [
  {
    name: "Annex VII (7): a copy listed among the documents is met, with no address at all",
    document: declaring(full, noAddress, copyListed),
    expected: { status: "met", basis: "declared", severity: "info" },
  },
  {
    name: "Annex VII (7): an address alone is not a copy in the technical documentation: review",
    document: declaring(simplified),
    expected: { status: "needs-review", basis: "absent", severity: "high", message: ["does not replace"] },
  },
]);

// Art. 13(12), Art. 28: the DoC is drawn up; a copy listed is enough evidence of that, without any address.
testRequirement("CRA-A13-12", [
  {
    name: "Art. 13(12): no copy, no accompanying DoC and no address: the DoC is not shown drawn up (gap)",
    document: declaring(notSaid, noAddress),
    expected: { status: "gap", basis: "absent", severity: "high" },
  },
]);

// Annex II (3): name and type of the product and what identifies it uniquely; `product.type` (software or hardware)
// is not the type designation, and an SBOM mismatch is not user information.
testRequirement("CRA-AII-3", [
  {
    name: "Annex II (3): name plus model and version identify the product without product.type",
    document: declaring(del("product.type")),
    expected: { status: "met", basis: "declared", severity: "info" },
  },
  {
    name: "Annex II (3): the SBOM's root naming another product is not an Annex II (3) matter",
    document: declaring(set("product.identifiers", ["pkg:generic/acme/other-product@2.3.0"])),
    expected: { status: "met", basis: "declared", severity: "info" },
  },
  {
    name: "Annex II (3): a name alone, with no type designation, version or identifier, is a gap",
    document: declaring(del("product.model"), del("product.version"), del("product.identifiers")),
    expected: { status: "gap", basis: "absent", severity: "high", sourceKind: "law" },
  },
]);

testRequirement("CRA-AI-P2-1", [
  {
    name: "Annex I Part II (1): an SBOM of another product leaves this product without its SBOM (gap, cited there)",
    document: declaring(set("product.identifiers", ["pkg:generic/acme/other-product@2.3.0"])),
    expected: { status: "gap", basis: "contradicted", severity: "high", sourceKind: "law" },
  },
  {
    // Without a declared identifier only names can be compared, and a build's name ("home-hub-firmware") often
    // differs from the marketed one ("Acme Home Hub"): that shows no other product, so a person checks it.
    name: "Annex I Part II (1): no declared identifier and a root of another name: review, not a gap",
    document: declaring(del("product.identifiers")),
    // A review-only failure shows no non-compliance: its basis stays what was declared.
    expected: { status: "needs-review", basis: "declared", severity: "medium", sourceKind: "assessor-policy" },
  },
  {
    name: "Annex I Part II (1): no declared identifier and the root carries the product's name: met",
    document: declaring(del("product.identifiers"), set("product.name", "home-hub-firmware")),
    // The tool compared the SBOM's root with the declared name itself.
    expected: { status: "met", basis: "verified", severity: "info" },
  },
]);

// Art. 14(7): the CSIRT of the main establishment; without one in the Union, in order: authorised representative,
// importer, distributor, most users.
testRule("CRA-A14-COORDINATOR", [
  {
    name: "Art. 14(7): main establishment in Germany routes to the German CSIRT",
    document: {},
    expected: {
      status: "met",
      basis: "declared",
      severity: "high",
      sourceKind: "law",
      message: ["DE", "main establishment"],
    },
  },
  {
    name: "Art. 14(7): no EU establishment, an authorised representative in the Netherlands: the Dutch CSIRT",
    document: declaring(
      set("manufacturer.mainEstablishment", "US"),
      set("manufacturer.authorisedRepresentative", { name: "EU Rep BV", memberState: "NL" }),
      set("reporting.importerMemberState", "IE"),
    ),
    expected: { status: "met", basis: "declared", message: ["NL", "authorised representative"] },
  },
  {
    name: "Art. 14(7): no EU establishment, no representative, an importer in Ireland: the Irish CSIRT",
    document: declaring(set("manufacturer.mainEstablishment", "US"), set("reporting.importerMemberState", "IE")),
    expected: { status: "met", basis: "declared", message: ["IE", "importer"] },
  },
  {
    name: "Art. 14(7): only the Member State with most users is known: that CSIRT",
    document: declaring(set("manufacturer.mainEstablishment", "JP"), set("reporting.mostUsersMemberState", "PL")),
    expected: { status: "met", basis: "declared", message: ["PL", "most users"] },
  },
  {
    name: "Art. 14(7): an establishment outside the Union and no fallback: needs review, never met",
    document: declaring(set("manufacturer.mainEstablishment", "US"), set("reporting.coordinatorCsirt", "IE")),
    expected: { status: "needs-review", basis: "absent" },
  },
  {
    name: "Art. 14(7): no establishment declared at all and no fallback: needs review",
    document: declaring(del("manufacturer.mainEstablishment")),
    expected: { status: "needs-review", basis: "absent" },
  },
]);

testRule("CRA-A14-CSIRT-PREPARED", [
  {
    name: "Art. 14(7) readiness (assessor policy, medium): naming another CSIRT than the derived one is a gap",
    document: declaring(set("reporting.coordinatorCsirt", "FR")),
    expected: { status: "gap", basis: "contradicted", severity: "medium", sourceKind: "assessor-policy" },
  },
  {
    name: "Art. 14(7) readiness: EL names Greece as GR does",
    document: declaring(set("manufacturer.mainEstablishment", "GR"), set("reporting.coordinatorCsirt", "EL")),
    expected: { status: "met", basis: "declared" },
  },
  {
    name: "Art. 14(7) readiness: no CSIRT named in advance is a policy gap resting on nothing said",
    document: declaring(del("reporting.coordinatorCsirt")),
    expected: { status: "gap", basis: "absent", severity: "medium", sourceKind: "assessor-policy" },
  },
]);

// Annex I Part II (1): an SBOM in a commonly used, machine-readable format covering at least the top-level
// dependencies. Identifiers on every component and one SBOM per version are profile matters or assessor policy.
testRule("CRA-P2-1-TOP-LEVEL", [
  {
    name: "Annex I Part II (1): the root's dependency entry names the top level",
    document: {},
    expected: { status: "met", basis: "verified", severity: "high", sourceKind: "law", message: ["2 from root"] },
  },
  {
    name: "Annex I Part II (1): no root entry but a graph: the top level is what nothing depends on",
    document: {
      sbom: (s) => {
        s.dependencies = s.dependencies.filter((d: { ref: string }) => d.ref !== "root");
      },
    },
    // openssl depends on zlib; nothing depends on openssl.
    expected: { status: "met", basis: "verified", message: ["1 from graph"] },
  },
  {
    name: "Annex I Part II (1): a flat list without any graph may be complete: needs review, not a gap",
    document: {
      sbom: (s) => {
        s.dependencies = [];
      },
    },
    expected: { status: "needs-review", basis: "verified" },
  },
]);

testRule("CRA-P2-1-TOP-LEVEL-COMPLETE", [
  {
    name: "Annex I Part II (1) sets no field list: a direct dependency without purl is assessor policy, medium",
    document: {
      sbom: (s) => {
        delete s.components[0].purl;
      },
    },
    expected: { status: "gap", basis: "contradicted", severity: "medium", sourceKind: "assessor-policy" },
  },
]);

testRule("CRA-P2-1-VERSION-MATCH", [
  {
    name: "Annex I Part II (1): one SBOM per version is assessor policy, medium, never law-high",
    document: declaring(set("product.version", "2.4.0")),
    expected: { status: "gap", basis: "contradicted", severity: "medium", sourceKind: "assessor-policy" },
  },
]);

describe("Annex I Part II (1) on real SBOMs (CycloneDX bom-examples, CycloneDX 1.2, no root dependency entry)", () => {
  const sample = (name: string) =>
    JSON.parse(
      readFileSync(fileURLToPath(new URL(`../../sbom-samples/bom-examples/${name}`, import.meta.url)), "utf8"),
    );
  // Counted from the files with a separate script, not with this code: components that no dependency entry lists in dependsOn.
  it.each([
    ["dropwizard-1.3.15.cdx.json", "pkg:maven/io.dropwizard/dropwizard-parent@1.3.15", "1.3.15", 167, 29],
    ["keycloak-10.0.2.cdx.json", "pkg:maven/org.keycloak/keycloak-parent@10.0.2", "10.0.2", 903, 175],
  ])("%s: the top level comes from the graph, and Part II (1) holds", async (file, purl, version, components, top) => {
    const document = {
      sbom: () => sample(file),
      decl: (d: Record<string, any>) => {
        d.product.identifiers = [purl];
        d.product.version = version;
      },
    };
    const facts = factsFor(document);
    expect(facts.sbom.componentCount).toBe(components);
    expect(facts.sbom.root).toMatchObject({ directDependencyCount: 0, topLevelSource: "graph", topLevelCount: top });
    const finding = await craFinding("CRA-AI-P2-1", document);
    expect({ status: finding.status, basis: finding.basis }).toEqual({ status: "met", basis: "verified" });
  });
});

// Annex I Part I (2)(a) with Art. 3(42): a vulnerability the manufacturer records in its own SBOM and that the CISA
// KEV catalog lists is actively exploited, whether or not an advisory file names the component's package.
describe("Annex I Part I (2)(a), Art. 3(42): a KEV-listed vulnerability recorded in the SBOM itself", () => {
  const withRecord = (analysis?: Record<string, string>) => {
    const s = compliantSbom();
    s.vulnerabilities = [
      {
        id: "CVE-2099-0001",
        published: "2027-09-01T00:00:00Z",
        ...(analysis ? { analysis } : {}),
        affects: [{ ref: "openssl" }],
      },
    ];
    return s;
  };
  const matchesOf = (s: Record<string, any>) => {
    const ingested = ingestSbomBytes(new TextEncoder().encode(JSON.stringify(s)));
    if (!ingested.ok) throw new Error("test SBOM invalid");
    const index = buildAdvisoryIndex({
      advisories: [],
      kev: [{ cveId: "CVE-2099-0001", dateAdded: "2027-10-01" }],
      vex: [],
    });
    return matchAdvisories(ingested.sbom, index);
  };

  it("Annex I Part I (2)(a): no analysis, listed in the supplied KEV catalog, known before placing: critical gap", async () => {
    const sbom = withRecord();
    const finding = await craFinding("CRA-AI-P1-2a", { sbom: () => sbom, matches: matchesOf(sbom) });
    expect({ status: finding.status, basis: finding.basis, severity: finding.severity }).toEqual({
      status: "gap",
      basis: "contradicted",
      severity: "critical",
    });
    expect(finding.message).toContain("CISA KEV");
  });

  it("Annex I Part I (2)(a), Art. 3(41): the same record analysed not_affected with a justification is excused", async () => {
    const sbom = withRecord({ state: "not_affected", justification: "code_not_reachable" });
    const finding = await craFinding("CRA-AI-P1-2a", { sbom: () => sbom, matches: matchesOf(sbom) });
    expect(finding.status).not.toBe("gap");
  });

  it("Annex I Part I (2)(a): without the KEV catalog the unanalysed record is for review, not a gap", async () => {
    const sbom = withRecord();
    const finding = await craFinding("CRA-AI-P1-2a", { sbom: () => sbom, matches: [] });
    expect(finding.status).toBe("needs-review");
  });
});

// Art. 69(2): a product whose last unit was placed before 2027-12-11 is in scope once substantially modified from
// that date on, so Annex I Part I is met (or not) by the modified product, never at the pre-CRA placing date. The
// modification date is not declared; anything known before 2027-12-11 was known at any possible modification.
const modifiedLegacy = declaring(
  set("product.placedOnMarket", "2026-02-01"),
  set("product.lastPlacedOnMarket", "2027-06-30"),
  set("product.substantiallyModified", true),
);
const exploitableRecord = (published: string): FactCase => ({
  sbom: (s: Record<string, any>): undefined => {
    s.vulnerabilities = [
      {
        id: "CVE-2027-4444",
        published,
        analysis: { state: "exploitable", detail: "reachable" },
        affects: [{ ref: "openssl" }],
      },
    ];
    return undefined;
  },
});
testRequirement("CRA-AI-P1-2a", [
  {
    name: "Art. 69(2), Annex I Part I (2)(a): modified after 2027-12-11, exploitable and known since 2027-09: gap",
    document: {
      ...modifiedLegacy,
      ...exploitableRecord("2027-09-01T00:00:00Z"),
      asOf: "2028-09-01",
    },
    expected: { status: "gap", basis: "contradicted", severity: "high", sourceKind: "law" },
  },
  {
    name: "Art. 69(2)-(3): the same product not modified stays legacy: (2)(a) not applicable",
    document: {
      ...declaring(
        set("product.placedOnMarket", "2026-02-01"),
        set("product.lastPlacedOnMarket", "2027-06-30"),
        set("product.substantiallyModified", false),
      ),
      ...exploitableRecord("2027-09-01T00:00:00Z"),
      asOf: "2028-09-01",
    },
    expected: { status: "not-applicable", basis: "declared", severity: "info" },
  },
  {
    name: "Art. 69(2): modified on an undeclared date, vulnerability known only in 2028: not a sure gap, review",
    document: {
      ...modifiedLegacy,
      ...exploitableRecord("2028-05-01T00:00:00Z"),
      asOf: "2028-09-01",
    },
    // No advisory data was given, so the tool checks nothing itself: the review rests on the declared implementation
    // and its evidence (basis declared, see the (2)(a) cases below); never met.
    expected: { status: "needs-review", basis: "declared", severity: "medium" },
  },
]);

// Art. 32(2): a class I product may use module A only for the essential requirements harmonised standards, common
// specifications or schemes applied cover; the rest go through module B+C or H. A Part I (2) requirement the risk
// assessment justifiably declares not applicable (Art. 13(3)-(4)) is not clearly one of "those" requirements: a
// reviewer confirms the justification rather than the tool finding a sure gap.
const classIModuleA = (covers: string[]) => [
  set("product.category", "CRA-AIII-C1-03"),
  set("conformity.route", "A"),
  set("documentation.standardsApplied", [
    { reference: "EN 304 618", kind: "harmonised-standard", application: "full", covers },
  ]),
];
const allBut2g = [
  "CRA-AI-P1-1",
  ...["2a", "2b", "2c", "2d", "2e", "2f", "2h", "2i", "2j", "2k", "2l", "2m"].map((l) => `CRA-AI-P1-${l}`),
  ...["1", "2", "3", "4", "5", "6", "7", "8"].map((n) => `CRA-AI-P2-${n}`),
];
testRequirement("CRA-A32", [
  {
    name: "Art. 32(2), Art. 13(4): module A, the only uncovered requirement (2)(g) justifiably not applicable: review",
    document: declaring(
      ...classIModuleA(allBut2g),
      set("securityProperties.2g", {
        status: "not-applicable",
        justification: "The vault keeps only what the user stores.",
      }),
    ),
    expected: {
      status: "needs-review",
      basis: "declared",
      severity: "high",
      message: ["interpretation", "CRA-AI-P1-2g"],
    },
  },
  {
    name: "Art. 32(2): module A, (2)(g) applies and no standard applied covers it: gap",
    document: declaring(...classIModuleA(allBut2g)),
    expected: { status: "gap", basis: "contradicted", severity: "high", sourceKind: "law", message: ["CRA-AI-P1-2g"] },
  },
]);

// Art. 32(4): a critical product uses (a) the certification scheme a delegated act under Art. 8(1) requires, or (b)
// where the conditions of Art. 8(1) are not fulfilled, a class II procedure. Whether such an act applies on the
// as-of date is a fact of the Official Journal the tool does not hold: B+C is never shown met outright.
testRequirement("CRA-A32", [
  {
    name: "Art. 32(4)(b), Art. 8(1): a critical smart meter gateway under module B+C with a notified body: review",
    document: declaring(
      set("product.category", "CRA-AIV-02"),
      set("conformity.route", "B+C"),
      set("conformity.notifiedBody", { name: "Example NB", number: "0456" }),
    ),
    expected: { status: "needs-review", basis: "declared", severity: "high", message: ["Art. 8(1)"] },
  },
  {
    name: "Art. 32(3)(a): a class II firewall under module B+C with a notified body: met",
    document: declaring(
      set("product.category", "CRA-AIII-C2-02"),
      set("conformity.route", "B+C"),
      set("conformity.notifiedBody", { name: "Example NB", number: "0456" }),
    ),
    expected: { status: "met", basis: "declared", severity: "info" },
  },
]);

// Art. 13(8), third subparagraph: at least five years, unless the product is expected in use for less, in which case
// the support period corresponds to the expected use time. A period shorter than a declared expected use under five
// years fails, and the message must not say that no shorter expected use was declared.
testRule("CRA-A13-08-MINIMUM", [
  {
    name: "Art. 13(8) third subparagraph: 3-year expected use documented, 2-year support period: gap, said truly",
    document: {
      ...declaring(
        set("product.placedOnMarket", "2028-01-10"),
        set("product.lastPlacedOnMarket", "2028-03-31"),
        set("supportPeriod.expectedUseYears", 3),
        set("supportPeriod.end", "2030-03"),
      ),
      asOf: "2028-06-01",
    },
    expected: {
      status: "gap",
      basis: "contradicted",
      severity: "high",
      sourceKind: "law",
      message: ["cover that whole expected use time", "expected use 3 years"],
    },
  },
  {
    name: "Art. 13(8) third subparagraph: 3-year expected use documented, 3-year support period: met",
    document: {
      ...declaring(
        set("product.placedOnMarket", "2028-01-10"),
        set("product.lastPlacedOnMarket", "2028-03-31"),
        set("supportPeriod.expectedUseYears", 3),
        set("supportPeriod.end", "2031-03"),
      ),
      asOf: "2028-06-01",
    },
    expected: { status: "met", basis: "declared", severity: "high", sourceKind: "law" },
  },
]);

// Annex I Part I (2)(a), with Art. 13(3)-(4) and Annex VII (6): the manufacturer shows the product carries no known
// exploitable vulnerability with its own evidence (a pre-release scan, a test report). Without advisory data the tool
// cannot check that claim itself, so a person reviews it; what the finding rests on is the declaration and its
// evidence, not silence. Silence is only where nothing was said: no declaration, or a claim without evidence.
const noAdvisories = (c: FactCase): FactCase => ({ ...c, matches: undefined });
testRequirement("CRA-AI-P1-2a", [
  {
    name: "Annex I Part I (2)(a): declared implemented with evidence, no advisory data: review, resting on the declaration",
    document: noAdvisories(declaring()),
    expected: {
      status: "needs-review",
      basis: "declared",
      severity: "medium",
      message: ["declared implemented with evidence doc-2a", "No advisory data"],
    },
  },
  {
    name: "Annex I Part I (2)(a): declared implemented without evidence, no advisory data: review, the evidence is absent",
    document: noAdvisories(declaring(del("securityProperties.2a.evidence"))),
    expected: { status: "needs-review", basis: "absent", severity: "medium", message: ["no evidence is listed"] },
  },
  {
    name: "Annex I Part I (2)(a): declared not applicable with a justification, no advisory data: review of the declaration",
    document: noAdvisories(
      declaring(set("securityProperties.2a", { status: "not-applicable", justification: "No network interface." })),
    ),
    expected: { status: "needs-review", basis: "declared", severity: "medium", message: ["No network interface."] },
  },
  {
    name: "Annex I Part I (2)(a): declared implemented with evidence, advisory data with no match: review of the evidence",
    document: { matches: [] },
    expected: { status: "needs-review", basis: "declared", severity: "low", notInMessage: ["No advisory data"] },
  },
]);

// Art. 32(4)(b), Art. 13(12): a critical product on module B+C or H rests on there being no delegated act under
// Art. 8(1) for its category. If there is one, the product went through a procedure Art. 32 does not allow, just as a
// scheme route without a delegated act under Art. 27(9): both open questions are of the same weight, high.
// The catalog found no such act by its October 2026 sources but marks that unverified: the message may not say the
// catalog "confirms" it.
testRule("CRA-A32-CRITICAL-MODULES", [
  {
    name: "Art. 32(4)(b), Art. 8(1): module B+C for a critical product: review at the scheme route's severity (high)",
    document: declaring(
      set("product.category", "CRA-AIV-01"),
      set("conformity.route", "B+C"),
      set("conformity.notifiedBody", { name: "Example NB", number: "0456" }),
    ),
    expected: {
      status: "needs-review",
      basis: "declared",
      severity: "high",
      sourceKind: "law",
      message: ["unverified"],
    },
  },
]);
testRule("CRA-A32-CERTIFICATION-SCHEME", [
  {
    name: "Art. 27(9), Art. 32(2): a class I product on a scheme: review, the catalog's finding of no act kept unverified",
    document: declaring(
      set("product.category", "CRA-AIII-C1-09"),
      set("conformity.route", "EUCC"),
      set("conformity.certificateId", "EUCC-1"),
      set("conformity.euccAssuranceLevel", "substantial"),
    ),
    expected: {
      status: "needs-review",
      basis: "declared",
      severity: "high",
      sourceKind: "law",
      message: ["unverified"],
    },
  },
]);
describe("Art. 32(2), Art. 27: the catalog's status of delegated acts is not stated as confirmed", () => {
  it("no message of the CRA rules says the catalog confirms an act's absence", async () => {
    for (const [rule, category, route] of [
      ["CRA-A32-CRITICAL-MODULES", "CRA-AIV-01", "B+C"],
      ["CRA-A32-CERTIFICATION-SCHEME", "CRA-AIII-C1-09", "EUCC"],
    ] as const) {
      const finding = await craFinding(
        "CRA-A32",
        declaring(
          set("product.category", category),
          set("conformity.route", route),
          set("conformity.notifiedBody", { name: "Example NB", number: "0456" }),
        ),
      );
      expect(finding.message, rule).not.toContain("confirms");
    }
  });
});

// Art. 32(2) with Art. 27(1)-(2): module A opens to a class I product only through harmonised standards, common
// specifications or schemes. A manufacturer who lists IEC 62443-4-2 as another specification, with the requirements
// it covers, has declared coverage: the gap is that such a specification does not count, and the message must say
// so rather than ask for a coverage list that is already there.
testRule("CRA-A32-MODULE-A-COVERAGE-DECLARED", [
  {
    name: "Art. 32(2), Art. 27: module A on another specification with a full coverage list: gap, saying it does not count",
    document: declaring(
      set("product.category", "CRA-AIII-C1-06"),
      set("conformity.route", "A"),
      set("documentation.standardsApplied", [
        { reference: "IEC 62443-4-2:2019", kind: "other", application: "full", covers: [...allBut2g, "CRA-AI-P1-2g"] },
      ]),
    ),
    expected: {
      status: "gap",
      basis: "absent",
      severity: "high",
      sourceKind: "law",
      message: ["other specifications", "do not open module A"],
    },
  },
]);

// A partner certificate without an expiry date can support a requirement but not settle it (it cannot be shown
// current). When two of its mappings reach the same CRA requirement, the report says that once, not once per mapping.
describe("a certificate without an expiry date: its validity caveat is said once per finding", () => {
  it("the PSTI statement's two mappings onto Art. 13(8) give one 'show that the certificate is current'", async () => {
    const unseen = (file: string) =>
      readFileSync(fileURLToPath(new URL(`../fixtures/declarations/unseen-2/${file}`, import.meta.url)));
    const outcome = await assessProduct({
      ctx: await createAssessContext({ frameworks: ["cra"] }),
      input: {
        declaration: { text: unseen("plug-expired-etsi-certificate.yaml").toString("utf8") },
        sbom: { bytes: unseen("plug-expired-etsi-certificate.cdx.json") },
        asOf: "2028-07-01",
      },
    });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    const finding = outcome.reports[0]!.findings.find((f) => f.requirement === "CRA-A13-08")!;
    expect(finding.status).toBe("partial");
    expect(finding.recognition?.length).toBeGreaterThan(1);
    const sentence = "no expiry date was declared";
    for (const text of [finding.message, finding.remediation ?? "", recognitionFacts(finding).residuals.join(" ")]) {
      expect(text.split(sentence).length - 1, text).toBe(1);
    }
  });
});

// Annex I Part II (2) asks for remediation "without delay"; the CRA sets no number of days, so the overdue check is
// assessor policy. Its clock starts when the fix became available, which an OSV or GHSA advisory seldom dates: the
// tool then counts from the advisory's publication. The message says so rather than stating the fix's age as a fact.
describe("Annex I Part II (2): the age of a fix is said to be counted from the advisory's publication when undated", () => {
  it("an exploitable match with a fixed version, published 60 days before the assessment: policy gap, clock named", async () => {
    const unseen = (file: string) =>
      readFileSync(fileURLToPath(new URL(`../fixtures/declarations/unseen-2/${file}`, import.meta.url)));
    const loaded = await loadAdvisoryFiles([
      fileURLToPath(new URL("../fixtures/declarations/unseen-2/wearable-class-i-kev.advisories", import.meta.url)),
    ]);
    const ingested = ingestSbomBytes(unseen("wearable-class-i-kev.cdx.json"));
    if (!ingested.ok) throw new Error("fixture SBOM invalid");
    const outcome = await assessProduct({
      ctx: await createAssessContext({ frameworks: ["cra"] }),
      input: {
        declaration: { text: unseen("wearable-class-i-kev.yaml").toString("utf8") },
        sbom: { bytes: unseen("wearable-class-i-kev.cdx.json") },
        asOf: "2028-03-15",
        vulnerabilityMatches: matchAdvisories(ingested.sbom, loaded.index),
      },
    });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    const finding = outcome.reports[0]!.findings.find((f) => f.requirement === "CRA-AI-P2-2")!;
    expect(finding).toMatchObject({ status: "gap", severity: "medium", sourceKind: "assessor-policy" });
    expect(finding.message).toContain("the advisory's publication");
  });
});

// Art. 32(2): a class I product is not bound to modules B+C or H; module A stays open where harmonised standards or
// common specifications are applied in full. Telling a class I product on an unconfirmed scheme that its only other
// routes are B+C or H leaves that out.
testRule("CRA-A32-CERTIFICATION-SCHEME", [
  {
    name: "Art. 32(2): a class I product on a scheme is told module A on standards applied in full remains a route",
    document: declaring(
      set("product.category", "CRA-AIII-C1-09"),
      set("conformity.route", "EUCC"),
      set("conformity.certificateId", "EUCC-1"),
      set("conformity.euccAssuranceLevel", "substantial"),
    ),
    expected: {
      status: "needs-review",
      basis: "declared",
      severity: "high",
      sourceKind: "law",
      message: ["module A where harmonised standards or common specifications are applied in full (Art. 32(2))"],
    },
  },
]);
