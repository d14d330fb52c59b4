/**
 * From rule outcomes to findings: one finding per CRA obligation, the combination of several rules, the time
 * and scope policy (Art. 69, Art. 71, Art. 24), explanations with input locations.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getCatalog } from "../../src/crosswalk/catalog.js";
import type { Finding } from "../../src/domain/report.js";
import type { FrameworkCatalog } from "../../src/domain/requirement.js";
import { assessFindings } from "../../src/rules/evaluate.js";
import { locateFact } from "../../src/rules/facts.js";
import { loadRuleSet, type RuleSet } from "../../src/rules/loader.js";
import { craScope } from "../../src/rules/scope.js";
import { type FactCase, factsFor, match } from "./fixtures.js";

const catalog = getCatalog("cra") as FrameworkCatalog;
let ruleSet: RuleSet;
beforeAll(async () => {
  const loaded = await loadRuleSet("cra", catalog);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  ruleSet = loaded.value;
});

async function findings(c: FactCase = {}, cat: FrameworkCatalog = catalog): Promise<Map<string, Finding>> {
  const list = await assessFindings({ catalog: cat, ruleSet, scope: craScope, facts: factsFor(c) });
  return new Map(list.map((f) => [f.requirement, f]));
}

const obligations = catalog.requirements.filter((r) => r.group !== "product-class");

describe("assessFindings", () => {
  it("gives exactly one finding per CRA obligation and none for product-class entries", async () => {
    const list = await assessFindings({ catalog, ruleSet, scope: craScope, facts: factsFor() });
    expect(list.map((f) => f.requirement)).toEqual(obligations.map((r) => r.id));
    expect(list.some((f) => f.requirement === "CRA-DEFAULT" || f.requirement.startsWith("CRA-AIII-"))).toBe(false);
  });

  it("finds no gap in the compliant fixture, and says what a person must still review", async () => {
    const byId = await findings({ matches: [] });
    const gaps = [...byId.values()].filter((f) => f.status === "gap").map((f) => `${f.requirement}: ${f.message}`);
    expect(gaps).toEqual([]);
    expect(byId.get("CRA-AI-P2-1")?.status).toBe("met");
    expect(byId.get("CRA-A32")?.status).toBe("met");
    expect(byId.get("CRA-AI-P1-2d")?.status).toBe("needs-review");
    expect(byId.get("CRA-AII-5")?.message).toMatch(/^manual review: /);
  });

  it("explains a gap with the facts it read, their values and their input locations", async () => {
    const byId = await findings({
      decl: (d) => {
        d.defaults.credentials = "shared-default";
      },
    });
    const f = byId.get("CRA-AI-P1-2b")!;
    expect(f).toMatchObject({ status: "gap", severity: "high", sourceKind: "law" });
    expect(f.evidence).toContainEqual({
      fact: "declaration.defaults.credentials",
      value: "shared-default",
      location: "declaration:/defaults/credentials",
    });
    expect(f.rules).toContain("CRA-P1-2B-CREDENTIALS");
    expect(f.remediation).toMatch(/shared default passwords/);
    expect(f.citation.text).toMatch(/Annex I/);
  });

  describe("Art. 14(7): the coordinator CSIRT's evidence points at the declared fact that decided it", () => {
    const locationsOf = (f: Finding | undefined) =>
      Object.fromEntries(
        (f?.evidence ?? []).filter((e) => e.fact.startsWith("derived.coordinator")).map((e) => [e.fact, e.location]),
      );

    it("the main establishment in the Union, when there is one", async () => {
      const byId = await findings();
      expect(locationsOf(byId.get("CRA-A14"))).toMatchObject({
        "derived.coordinator.memberState": "declaration:/manufacturer/mainEstablishment",
      });
    });

    it("without one, the authorised representative's Member State", async () => {
      const byId = await findings({
        decl: (d) => {
          delete d.manufacturer.mainEstablishment;
          d.manufacturer.authorisedRepresentative = { name: "EU Rep Ltd", memberState: "IE" };
          d.reporting.importerMemberState = "NL";
          d.reporting.coordinatorCsirt = "IE";
        },
      });
      expect(locationsOf(byId.get("CRA-A14"))).toEqual({
        "derived.coordinator.matches": "declaration:/manufacturer/authorisedRepresentative/memberState",
        "derived.coordinator.memberState": "declaration:/manufacturer/authorisedRepresentative/memberState",
      });
    });

    it("without an establishment or authorised representative, the importer's; and where most users are last", async () => {
      const importer = await findings({
        decl: (d) => {
          delete d.manufacturer.mainEstablishment;
          d.reporting.importerMemberState = "NL";
          d.reporting.mostUsersMemberState = "FR";
        },
      });
      expect(locationsOf(importer.get("CRA-A14"))["derived.coordinator.memberState"]).toBe(
        "declaration:/reporting/importerMemberState",
      );
      const users = await findings({
        decl: (d) => {
          delete d.manufacturer.mainEstablishment;
          d.reporting.mostUsersMemberState = "FR";
        },
      });
      expect(locationsOf(users.get("CRA-A14"))["derived.coordinator.memberState"]).toBe(
        "declaration:/reporting/mostUsersMemberState",
      );
    });

    it("the CSIRT the declaration names is located at its own field, whatever decided the route", () => {
      const facts = factsFor({
        decl: (d) => {
          delete d.manufacturer.mainEstablishment;
          d.reporting.distributorMemberState = "AT";
          d.reporting.coordinatorCsirt = "DE";
        },
      }) as unknown as Record<string, unknown>;
      expect(locateFact("derived", "coordinator.declared", facts)).toBe("declaration:/reporting/coordinatorCsirt");
      expect(locateFact("derived", "coordinator.memberState", facts)).toBe(
        "declaration:/reporting/distributorMemberState",
      );
    });
  });

  it("makes an actively exploited match critical and names the components", async () => {
    const byId = await findings({ matches: [match({ knownExploited: true, component: "zlib" }), match()] });
    const f = byId.get("CRA-AI-P1-2a")!;
    expect(f.status).toBe("gap");
    expect(f.severity).toBe("critical");
    // Only the KEV-listed match decides the gap; the other match has no exploitability analysis, which is a
    // review item (Art. 3(41)), not part of the gap's component list.
    expect(f.components).toEqual(["zlib"]);
    expect(f.componentCount).toBe(1);
    expect(f.message).toMatch(/CISA KEV/);
  });

  // Annex I Part I (2)(a) with Art. 3(41)-(42): a KEV-listed vulnerability is known exploited (a gap); a match with no
  // exploitability analysis is for a person to judge. The gap's finding must still say that two more matches wait
  // for that judgement, with the rule that found them.
  it("a KEV gap also lists the unanalysed advisory matches still for review, each with its rule", async () => {
    const byId = await findings({
      matches: [
        match({ knownExploited: true, component: "zlib", advisoryId: "CVE-2099-0100" }),
        match({ component: "openssl", advisoryId: "CVE-2099-0200" }),
        match({ component: "busybox", advisoryId: "CVE-2099-0300" }),
      ],
    });
    const f = byId.get("CRA-AI-P1-2a")!;
    expect(f.status).toBe("gap");
    expect(f.outcomes?.map((o) => [o.status, o.rules])).toEqual([
      ["gap", ["CRA-P1-2A-KNOWN-EXPLOITED"]],
      ["needs-review", ["CRA-P1-2A-ADVISORY-UNASSESSED"]],
      // The declared implementation's evidence is for a person to judge as well.
      ["needs-review", ["CRA-P1-2A-EVIDENCE-REVIEW"]],
    ]);
    const review = f.outcomes!.find((o) => o.rules.includes("CRA-P1-2A-ADVISORY-UNASSESSED"))!;
    expect(review.message).toMatch(/^2 component\(s\) match known vulnerabilities \(CVE-2099-0200, CVE-2099-0300\)/);
    // The decisive message stays the gap's.
    expect(f.message).toMatch(/CISA KEV/);
    expect(f.message).not.toContain("CVE-2099-0200");
  });

  it("a finding with one outcome that is not met lists no outcomes: its message says it all", async () => {
    // Advisory data with no match: only the declared evidence of (2)(a) is left for review.
    const byId = await findings({ matches: [] });
    expect(byId.get("CRA-AI-P1-2a")?.status).toBe("needs-review");
    expect(byId.get("CRA-AI-P1-2a")?.rules.length).toBeGreaterThan(1);
    expect(byId.get("CRA-AI-P1-2a")?.outcomes).toBeUndefined();
  });

  it("sends an unjustified not_affected VEX statement to review (Art. 3(41)), not to a gap", async () => {
    const byId = await findings({
      sbom: (s) => {
        s.vulnerabilities = [{ id: "CVE-2099-7", affects: [{ ref: "openssl" }], analysis: { state: "not_affected" } }];
        return s;
      },
    });
    expect(byId.get("CRA-AI-P1-2a")).toMatchObject({ status: "needs-review", severity: "high" });
    expect(byId.get("CRA-AI-P1-2a")?.message).toMatch(/not_affected statements in the SBOM without a justification/);
  });

  it("sends a justified not-applicable property to review with its justification, and an unjustified one to a gap", async () => {
    const byId = await findings({
      decl: (d) => {
        d.securityProperties["2g"] = { status: "not-applicable", justification: "Stores no user data." };
        d.securityProperties["2h"] = { status: "not-applicable" };
      },
    });
    expect(byId.get("CRA-AI-P1-2g")).toMatchObject({ status: "needs-review", severity: "low" });
    expect(byId.get("CRA-AI-P1-2g")?.message).toContain("Stores no user data.");
    expect(byId.get("CRA-AI-P1-2h")?.status).toBe("gap");
    expect(byId.get("CRA-A13-04")?.status).toBe("gap");
  });

  it("lets a tailor-made agreement vary secure defaults and free updates, leaving a review", async () => {
    const byId = await findings({
      decl: (d) => {
        d.product.tailorMade = true;
        d.product.businessUserAgreement = "doc-agreement";
        d.defaults.credentials = "shared-default";
        d.updates.freeOfCharge = false;
      },
    });
    expect(byId.get("CRA-AI-P1-2b")?.status).toBe("needs-review");
    expect(byId.get("CRA-AI-P1-2b")?.message).toMatch(/tailor-made/);
    expect(byId.get("CRA-AI-P2-8")?.status).toBe("needs-review");
  });

  it("without an SBOM, Part II (1) is a gap and SBOM-only checks stand aside", async () => {
    const byId = await findings({ sbom: () => null });
    expect(byId.get("CRA-AI-P2-1")).toMatchObject({ status: "gap", severity: "high" });
    expect(byId.get("CRA-AI-P2-1")?.rules).toContain("CRA-P2-1-SBOM-PRESENT");
    expect(byId.get("CRA-AVII-8")?.status).toBe("gap");
  });

  it("a declaration/SBOM identity mismatch is a finding, not an input error", async () => {
    const byId = await findings({
      decl: (d) => {
        d.product.identifiers = ["pkg:generic/acme/other@1.0.0"];
      },
    });
    expect(byId.get("CRA-AI-P2-1")?.status).toBe("gap");
    expect(byId.get("CRA-AI-P2-1")?.message).toMatch(/matches none of the declared product identifiers/);
    // Annex II (3) is the user information's product identification, not the SBOM's: the mismatch is not cited there.
    expect(byId.get("CRA-AII-3")?.status).toBe("met");
  });

  it("routes: class II may not use module A; FOSS class II with public documentation may", async () => {
    const firewall = await findings({
      decl: (d) => {
        d.product.category = "CRA-AIII-C2-02";
      },
    });
    expect(firewall.get("CRA-A32")).toMatchObject({ status: "gap", severity: "high" });
    const fossHypervisor = await findings({
      decl: (d) => {
        d.product.category = "CRA-AIII-C2-01";
        d.product.openSource = { foss: true, technicalDocumentationPublicUrl: "https://acme.example/td" };
      },
    });
    expect(fossHypervisor.get("CRA-A32")?.status).toBe("met");
    const smartcard = await findings({
      decl: (d) => {
        d.product.category = "CRA-AIV-03";
        d.product.openSource = { foss: true, technicalDocumentationPublicUrl: "https://acme.example/td" };
      },
    });
    expect(smartcard.get("CRA-A32")?.status).toBe("gap");
    const router = await findings({
      decl: (d) => {
        d.product.category = "CRA-AIII-C1-12";
      },
    });
    // Module A with a standard applied in full but no statement of what it covers: Art. 32(2) opens module A
    // only for the requirements covered, so the missing coverage is a gap.
    expect(router.get("CRA-A32")?.status).toBe("gap");
    expect(router.get("CRA-A32")?.message).toMatch(/standardsApplied\[\]\.covers/);
  });

  describe("time and scope", () => {
    it("a legacy product is assessed for Art. 14 only", async () => {
      const byId = await findings({
        decl: (d) => {
          d.product.placedOnMarket = "2026-05-01";
          d.product.lastPlacedOnMarket = "2026-11-30";
          d.reporting.srpRegistered = false;
        },
        asOf: "2027-01-15",
      });
      for (const [id, f] of byId) {
        if (id === "CRA-A14") continue;
        expect(f.status, id).toBe("not-applicable");
        expect(f.message, id).toMatch(/Art\. 69\(2\)/);
      }
      expect(byId.get("CRA-A14")).toMatchObject({ status: "gap", severity: "medium" });
    });

    it("a legacy product substantially modified after 2027-12-11 is fully in scope", async () => {
      const byId = await findings({
        decl: (d) => {
          d.product.placedOnMarket = "2026-05-01";
          d.product.substantiallyModified = true;
          d.defaults.credentials = "shared-default";
        },
      });
      expect(byId.get("CRA-AI-P1-2b")?.status).toBe("gap");
    });

    it("before 2027-12-11, gaps stay visible at severity info and say when they apply", async () => {
      const byId = await findings({
        decl: (d) => {
          d.defaults.credentials = "shared-default";
        },
        asOf: "2026-11-27",
      });
      const f = byId.get("CRA-AI-P1-2b")!;
      expect(f.status).toBe("gap");
      expect(f.severity).toBe("info");
      expect(f.message).toMatch(/^Applies from 2027-12-11 \(severity high from then/);
      const after = await findings({
        decl: (d) => {
          d.defaults.credentials = "shared-default";
        },
        asOf: "2027-12-11",
      });
      expect(after.get("CRA-AI-P1-2b")?.severity).toBe("high");
    });

    it("Art. 14 applies from 2026-09-11", async () => {
      const before = await findings({
        decl: (d) => {
          d.product.placedOnMarket = "2026-05-01";
          d.reporting.coordinatorCsirt = "FR";
        },
        asOf: "2026-09-10",
      });
      expect(before.get("CRA-A14")?.severity).toBe("info");
      const after = await findings({
        decl: (d) => {
          d.product.placedOnMarket = "2026-05-01";
          d.reporting.coordinatorCsirt = "FR";
        },
        asOf: "2026-09-11",
      });
      // A coordinator CSIRT named in advance that is not the one Art. 14(7) points to is a readiness gap (policy).
      expect(after.get("CRA-A14")).toMatchObject({ status: "gap", severity: "medium" });
    });

    it("an open-source steward is assessed for Art. 14 only", async () => {
      const byId = await findings({
        decl: (d) => {
          d.product.openSource = { foss: true, steward: true };
        },
      });
      expect(byId.get("CRA-AI-P1-2b")?.status).toBe("not-applicable");
      expect(byId.get("CRA-AI-P1-2b")?.message).toMatch(/steward/);
      expect(byId.get("CRA-A14")?.status).not.toBe("not-applicable");
    });
  });

  it("a catalog requirement without rules becomes a manual review, not an invented verdict", async () => {
    const extended: FrameworkCatalog = {
      ...catalog,
      requirements: [
        ...catalog.requirements,
        {
          id: "CRA-A13-24",
          title: "SBOM format by implementing act",
          paraphrase: "Follow the SBOM format and elements the Commission may set by implementing act.",
          citation: { text: "Art. 13(24)" },
          sourceKind: "law",
          evidence: ["manual-review"],
          group: "article-13",
        },
      ],
    };
    const byId = await findings({}, extended);
    expect(byId.get("CRA-A13-24")).toMatchObject({ status: "needs-review", rules: [] });
    expect(byId.get("CRA-A13-24")?.message).toMatch(/^manual review \(no automated check\): Follow the SBOM format/);
  });
});

describe("component evidence", () => {
  it("names the components an SBOM vulnerability affects and points at them in the SBOM", async () => {
    const facts = factsFor({
      sbom: (s) => {
        s.vulnerabilities = [{ id: "CVE-2099-9", affects: [{ ref: "zlib" }], analysis: { state: "exploitable" } }];
        return s;
      },
    });
    const list = await assessFindings({
      catalog,
      ruleSet,
      scope: craScope,
      facts,
      locateComponent: (ref) => (ref === "zlib" ? "sbom:/components/1" : undefined),
    });
    const f = list.find((x) => x.requirement === "CRA-AI-P1-2a")!;
    expect(f.components).toEqual(["zlib"]);
    expect(f.evidence).toContainEqual({ fact: "component", value: "zlib", location: "sbom:/components/1" });
    expect(f.evidence).toContainEqual(
      expect.objectContaining({ fact: "sbom.vulnerabilities.unresolved.refs", value: ["CVE-2099-9"] }),
    );
  });
});
