/**
 * Verdicts read from the Regulation's text (Regulation (EU) 2024/2847), one block per point. Every expected status
 * below is written by hand from the clause named in the test, not taken from the rule under test:
 *
 * - Art. 69(2)-(3) with the Commission FAQ on placing: placing is per unit; only a product whose last unit was
 *   placed before 2027-12-11 (and not substantially modified) is outside Annex I and Art. 32.
 * - Art. 13(8): at least five years of support; every unit placed needs its own.
 * - Annex I Part I (2)(a): no known exploitable vulnerabilities when placed on the market; later ones are Part II (2).
 * - Art. 3(41): an exploitable vulnerability is one that can be used under practical operating conditions, a
 *   case-by-case judgement; a KEV listing or a VEX "exploitable" analysis says it is.
 * - Art. 32(1)-(4), Art. 27(9), Art. 8(1): routes by class; certification schemes only once a delegated act names them.
 * - Art. 14 with Art. 24(3) and Art. 71(2): reporting concerns products on the market; a steward reports via Art. 24(3).
 * - Art. 13(4): a not-applicable property needs a justification a person has to confirm.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getCatalog } from "../../src/crosswalk/catalog.js";
import { parseDeclarationValue } from "../../src/declaration/parse.js";
import { ESSENTIAL_REQUIREMENT_IDS } from "../../src/domain/cra-terms.js";
import type { Finding } from "../../src/domain/report.js";
import type { FrameworkCatalog } from "../../src/domain/requirement.js";
import { assessFindings } from "../../src/rules/evaluate.js";
import { loadRuleSet, type RuleSet } from "../../src/rules/loader.js";
import { craScope } from "../../src/rules/scope.js";
import { compliantDeclaration, type FactCase, factsFor, match } from "./fixtures.js";

const catalog = getCatalog("cra") as FrameworkCatalog;
let ruleSet: RuleSet;
beforeAll(async () => {
  const loaded = await loadRuleSet("cra", catalog);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  ruleSet = loaded.value;
});

async function findings(c: FactCase = {}): Promise<Map<string, Finding>> {
  const list = await assessFindings({ catalog, ruleSet, scope: craScope, facts: factsFor(c) });
  return new Map(list.map((f) => [f.requirement, f]));
}

const statusOf = (byId: Map<string, Finding>, id: string) => byId.get(id)?.status;

describe("1. placing is per unit (Art. 69(2)-(3), Art. 13(8))", () => {
  it("Art. 69(2): a camera first placed in 2026 and still placed in 2028 with a shared default password fails (2)(b)", async () => {
    const byId = await findings({
      decl: (d) => {
        d.product.category = "CRA-AIII-C1-17";
        d.product.placedOnMarket = "2026-05-01";
        delete d.product.lastPlacedOnMarket;
        d.defaults.credentials = "shared-default";
      },
      asOf: "2028-03-15",
    });
    expect(byId.get("CRA-AI-P1-2b")).toMatchObject({ status: "gap", severity: "high" });
  });

  it("Art. 69(2): the same camera whose last unit was placed in 2026 is legacy; only Art. 14 is assessed", async () => {
    const byId = await findings({
      decl: (d) => {
        d.product.placedOnMarket = "2026-05-01";
        d.product.lastPlacedOnMarket = "2026-11-30";
        d.defaults.credentials = "shared-default";
      },
      asOf: "2028-03-15",
    });
    expect(statusOf(byId, "CRA-AI-P1-2b")).toBe("not-applicable");
    expect(byId.get("CRA-AI-P1-2b")?.message).toMatch(/Last unit placed on the market on 2026-11-30/);
    expect(statusOf(byId, "CRA-A32")).toBe("not-applicable");
    expect(statusOf(byId, "CRA-A14")).not.toBe("not-applicable");
  });

  it("Art. 69(2): a last unit placed before 2027-12-11 but a substantial modification afterwards brings it into scope", async () => {
    const byId = await findings({
      decl: (d) => {
        d.product.placedOnMarket = "2026-05-01";
        d.product.lastPlacedOnMarket = "2026-11-30";
        d.product.substantiallyModified = true;
        d.defaults.credentials = "shared-default";
      },
      asOf: "2028-03-15",
    });
    expect(statusOf(byId, "CRA-AI-P1-2b")).toBe("gap");
  });

  it("Art. 13(8): while units are still placed, five years count from the newest units, and the finding says so", async () => {
    // First placed 2028-03-01, support to 2033-03: five years for the first unit, but a unit placed on 2029-06-01
    // gets less than four.
    const still = await findings({
      decl: (d) => {
        d.supportPeriod.end = "2033-03";
      },
      asOf: "2029-06-01",
    });
    expect(still.get("CRA-A13-08")).toMatchObject({ status: "gap", severity: "high" });
    expect(still.get("CRA-A13-08")?.message).toMatch(/counted from 2029-06-01/);
    expect(still.get("CRA-A13-08")?.message).toMatch(/each new unit needs its own support period/);
    // The same product whose last unit was placed on its first day keeps five years.
    const done = await findings({
      decl: (d) => {
        d.supportPeriod.end = "2033-03";
        d.product.lastPlacedOnMarket = "2028-03-01";
      },
      asOf: "2029-06-01",
    });
    expect(statusOf(done, "CRA-A13-08")).not.toBe("gap");
  });

  it("the last unit cannot precede the first: an input error at /product/lastPlacedOnMarket", () => {
    const d = compliantDeclaration();
    d.product.lastPlacedOnMarket = "2028-01-01";
    const parsed = parseDeclarationValue(d);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((i) => i.path)).toContain("/product/lastPlacedOnMarket");
  });
});

describe("2. Annex I Part I (2)(a) is judged at placing", () => {
  const kev = (knownSince: string) => match({ knownExploited: true, knownSince });

  it("Annex I Part I (2)(a): a KEV vulnerability published after the last unit was placed is not a (2)(a) gap", async () => {
    const byId = await findings({
      decl: (d) => {
        d.product.lastPlacedOnMarket = "2028-03-01";
      },
      matches: [kev("2028-05-02T00:00:00Z")],
      asOf: "2028-06-01",
    });
    expect(statusOf(byId, "CRA-AI-P1-2a")).not.toBe("gap");
  });

  it("Annex I Part I (2)(a): the same vulnerability known before the last placing is a critical gap", async () => {
    const byId = await findings({
      decl: (d) => {
        d.product.lastPlacedOnMarket = "2028-03-01";
      },
      matches: [kev("2028-02-10")],
      asOf: "2028-06-01",
    });
    expect(byId.get("CRA-AI-P1-2a")).toMatchObject({ status: "gap", severity: "critical" });
  });

  it("Annex I Part I (2)(a): with units still placed, what is known on the as-of date counts", async () => {
    const byId = await findings({ matches: [kev("2028-05-02")], asOf: "2028-06-01" });
    expect(byId.get("CRA-AI-P1-2a")).toMatchObject({ status: "gap", severity: "critical" });
  });

  it("Annex I Part I (2)(a): an SBOM record analysed exploitable but published after the last placing is not a gap", async () => {
    const byId = await findings({
      decl: (d) => {
        d.product.lastPlacedOnMarket = "2028-03-01";
      },
      sbom: (s) => {
        s.vulnerabilities = [
          {
            id: "CVE-2099-9",
            published: "2028-04-01T00:00:00Z",
            affects: [{ ref: "openssl" }],
            analysis: { state: "exploitable" },
          },
        ];
        return s;
      },
      asOf: "2028-06-01",
    });
    expect(statusOf(byId, "CRA-AI-P1-2a")).not.toBe("gap");
  });
});

describe("3. exploitability is judged case by case (Art. 3(41))", () => {
  it("Art. 3(41): an advisory match without a VEX analysis is needs-review for (2)(a), not a gap", async () => {
    const byId = await findings({ matches: [match()] });
    expect(byId.get("CRA-AI-P1-2a")).toMatchObject({ status: "needs-review" });
    expect(byId.get("CRA-AI-P1-2a")?.message).toMatch(/Art\. 3\(41\)/);
  });

  it("Art. 3(41): a match whose VEX analysis is in_triage is needs-review", async () => {
    const byId = await findings({ matches: [match({ vex: { state: "in_triage", source: "vex" } })] });
    expect(statusOf(byId, "CRA-AI-P1-2a")).toBe("needs-review");
  });

  it("Art. 3(41): a VEX state exploitable is a (2)(a) gap", async () => {
    const byId = await findings({ matches: [match({ vex: { state: "exploitable", source: "vex" } })] });
    expect(byId.get("CRA-AI-P1-2a")).toMatchObject({ status: "gap", severity: "high" });
  });

  it("Art. 3(41)-(42): a CISA KEV entry is a (2)(a) gap even without a VEX analysis", async () => {
    const byId = await findings({ matches: [match({ knownExploited: true })] });
    expect(byId.get("CRA-AI-P1-2a")).toMatchObject({ status: "gap", severity: "critical" });
  });

  it("Art. 3(41): an SBOM record in triage or without analysis is needs-review", async () => {
    for (const analysis of [{ state: "in_triage" }, undefined]) {
      const byId = await findings({
        sbom: (s) => {
          s.vulnerabilities = [{ id: "CVE-2099-8", affects: [{ ref: "zlib" }], ...(analysis ? { analysis } : {}) }];
          return s;
        },
      });
      expect(statusOf(byId, "CRA-AI-P1-2a")).toBe("needs-review");
    }
  });
});

describe("4. Art. 32 routes", () => {
  const PART_I = ESSENTIAL_REQUIREMENT_IDS.filter((id) => id.startsWith("CRA-AI-P1-"));
  const PART_II = ESSENTIAL_REQUIREMENT_IDS.filter((id) => id.startsWith("CRA-AI-P2-"));
  const classI = (covers: readonly string[] | undefined, kind = "harmonised-standard") =>
    ({
      decl: (d) => {
        d.product.category = "CRA-AIII-C1-12";
        d.conformity.route = "A";
        d.documentation.standardsApplied = [
          { reference: "EN 40000-x", kind, application: "full", ...(covers ? { covers: [...covers] } : {}) },
        ];
      },
    }) satisfies FactCase;

  it("Art. 32(2): class I on module A with a Part II standard only is a gap naming the uncovered Part I requirements", async () => {
    const byId = await findings(classI(PART_II));
    expect(byId.get("CRA-A32")).toMatchObject({ status: "gap", severity: "high" });
    expect(byId.get("CRA-A32")?.message).toContain("CRA-AI-P1-2a");
    expect(byId.get("CRA-A32")?.message).not.toContain("CRA-AI-P2-1,");
  });

  it("Art. 32(2): class I on module A with harmonised coverage of every Annex I requirement is not a gap", async () => {
    const byId = await findings(classI([...PART_I, ...PART_II]));
    // Whether the standard is cited in the OJEU stays for a person (no CRA standard cited as of October 2026).
    expect(statusOf(byId, "CRA-A32")).toBe("needs-review");
  });

  it("Art. 32(2): class I on module A without saying what the standards cover is a gap (missing information)", async () => {
    const byId = await findings(classI(undefined));
    expect(statusOf(byId, "CRA-A32")).toBe("gap");
  });

  it("Art. 27(9): requirements covered only by a certification scheme are needs-review, never met", async () => {
    const byId = await findings({
      decl: (d) => {
        d.product.category = "CRA-AIII-C1-12";
        d.documentation.standardsApplied = [
          { reference: "EN 40000-1-3", kind: "harmonised-standard", application: "full", covers: [...PART_II] },
          { reference: "EUCC", kind: "certification-scheme", application: "full", covers: [...PART_I] },
        ];
      },
    });
    expect(statusOf(byId, "CRA-A32")).toBe("needs-review");
  });

  it("Art. 32(4)(a), Art. 8(1): a critical product on a certification scheme is needs-review saying why, not met", async () => {
    const byId = await findings({
      decl: (d) => {
        d.product.category = "CRA-AIV-03";
        d.conformity = { route: "EUCC", ceMarking: true, certificateId: "EUCC-1", euccAssuranceLevel: "high" };
      },
    });
    expect(statusOf(byId, "CRA-A32")).toBe("needs-review");
    expect(byId.get("CRA-A32")?.message).toMatch(/delegated act/);
  });

  it("Art. 32(1)(d): a default-class product on a scheme is needs-review, and no assurance level is asked", async () => {
    const byId = await findings({
      decl: (d) => {
        d.conformity = { route: "EUCC", ceMarking: true, certificateId: "EUCC-2", euccAssuranceLevel: "basic" };
      },
    });
    expect(statusOf(byId, "CRA-A32")).toBe("needs-review");
    expect(byId.get("CRA-A32")?.message).not.toMatch(/assurance level substantial or high/);
  });

  it("Art. 32(3): class II on module A stays a gap", async () => {
    const byId = await findings({
      decl: (d) => {
        d.product.category = "CRA-AIII-C2-02";
      },
    });
    expect(statusOf(byId, "CRA-A32")).toBe("gap");
  });

  it("covers accepts only Annex I ids: another id is an input error at its location", () => {
    const d = compliantDeclaration();
    d.documentation.standardsApplied = [{ reference: "X", kind: "harmonised-standard", covers: ["CRA-A13-08"] }];
    const parsed = parseDeclarationValue(d);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((i) => i.path)).toContain("/documentation/standardsApplied/0/covers/0");
  });

  it("the Annex I ids the declaration accepts are exactly the catalog's Annex I requirements", () => {
    const annexI = catalog.requirements.filter((r) => r.id.startsWith("CRA-AI-P")).map((r) => r.id);
    expect([...ESSENTIAL_REQUIREMENT_IDS]).toEqual(annexI);
  });
});

describe("5. Art. 14 applies to products on the market", () => {
  it("Art. 14: before the first unit is placed there is nothing to report: not-applicable with that reason", async () => {
    const byId = await findings({
      decl: (d) => {
        d.product.placedOnMarket = "2028-09-01";
        d.reporting.srpRegistered = false;
      },
      asOf: "2028-03-01",
    });
    expect(byId.get("CRA-A14")).toMatchObject({ status: "not-applicable", severity: "info" });
    expect(byId.get("CRA-A14")?.message).toMatch(/Not yet on the market on 2028-03-01/);
  });

  it("Art. 14: once placed, the same gap is reported", async () => {
    const byId = await findings({
      decl: (d) => {
        d.product.placedOnMarket = "2028-09-01";
        d.reporting.srpRegistered = false;
      },
      asOf: "2028-10-01",
    });
    expect(statusOf(byId, "CRA-A14")).toBe("gap");
  });

  it("Art. 24(3), Art. 71(2): a steward's Art. 14 duties bind from 2027-12-11, labelled as an interpretation", async () => {
    const steward = (asOf: string) =>
      findings({
        decl: (d) => {
          d.product.placedOnMarket = "2026-01-01";
          d.product.openSource = { foss: true, steward: true };
          d.reporting.srpRegistered = false;
        },
        asOf,
      });
    const before = (await steward("2027-06-01")).get("CRA-A14")!;
    expect(before).toMatchObject({ status: "gap", severity: "info" });
    expect(before.message).toMatch(/^Applies from 2027-12-11/);
    expect(before.message).toMatch(/Interpretation \(assessor\)/);
    const after = (await steward("2027-12-11")).get("CRA-A14")!;
    expect(after).toMatchObject({ status: "gap", severity: "medium" });
    expect(after.message).toMatch(/Art\. 24\(3\)/);
  });
});

describe("11. wording", () => {
  it("Art. 14(2)(c), (4)(c): the paraphrase names both final-report triggers", () => {
    const a14 = catalog.requirements.find((r) => r.id === "CRA-A14")!;
    expect(a14.paraphrase).toMatch(/14 days after a corrective or mitigating measure is available/);
    expect(a14.paraphrase).toMatch(/one month after the incident notification/);
  });

  it("Annex I Part I (2)(c): the paraphrase says automatic updates install within an appropriate timeframe", () => {
    const p2c = catalog.requirements.find((r) => r.id === "CRA-AI-P1-2c")!;
    expect(p2c.paraphrase).toMatch(/within an appropriate timeframe/);
  });

  it("Art. 13(8), second subparagraph: the expected-use comparison is cited as law", () => {
    const rule = ruleSet.rules.find((r) => r.id === "CRA-A13-08-REFLECTS-USE")!;
    expect(rule.sourceKind).toBe("law");
    expect(rule.clause).toMatch(/second subparagraph/);
  });

  it("Art. 14(1): the KEV remediation says only exploitation in the product itself is reportable", () => {
    const rule = ruleSet.rules.find((r) => r.id === "CRA-P1-2A-KNOWN-EXPLOITED")!;
    expect(rule.remediation).toMatch(/actively exploited in this product itself/);
    expect(rule.remediation).not.toMatch(/is also an Art\. 14 report/);
  });

  it("Art. 13(4): a justified not-applicable property goes to the review queue at low severity", async () => {
    const byId = await findings({
      decl: (d) => {
        d.securityProperties["2i"] = { status: "not-applicable", justification: "Not networked with other devices." };
      },
    });
    expect(byId.get("CRA-AI-P1-2i")).toMatchObject({ status: "needs-review", severity: "low" });
    expect(byId.get("CRA-AI-P1-2i")?.message).toContain("Not networked with other devices.");
  });
});
