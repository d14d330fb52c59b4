/**
 * Products no other test or example uses (tests/fixtures/declarations/unseen/, each declaration with its SBOM),
 * assessed whole as `assess` does. Each expected status is written from the clause of Regulation (EU) 2024/2847
 * named in the test, not copied from a report.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/domain/report.js";
import { type AssessContext, assessProduct, createAssessContext } from "../../src/services/assess.js";

const fixture = (file: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/declarations/unseen/${file}`, import.meta.url)));

let ctx: AssessContext;
beforeAll(async () => {
  ctx = await createAssessContext({ frameworks: ["cra"] });
});

async function assess(name: string, asOf: string): Promise<Map<string, Finding>> {
  const outcome = await assessProduct({
    ctx,
    input: {
      declaration: { text: fixture(`${name}.yaml`).toString("utf8") },
      sbom: { bytes: fixture(`${name}.cdx.json`) },
      asOf,
    },
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return new Map(outcome.reports[0]!.findings.map((f) => [f.requirement, f]));
}

const outcomeOf = (f: Finding | undefined, rule: string) => f?.outcomes?.find((o) => o.rules.includes(rule));

describe("scooter controller: three-year support, placed before 2027-12-11 and substantially modified", () => {
  it("Art. 69(2): substantially modified after 2027-12-11, so Annex I and Art. 32 apply", async () => {
    const byId = await assess("scooter-short-support-modified", "2028-02-01");
    expect(byId.get("CRA-A32")?.status).toBe("met"); // default class, module A (Art. 32(1)(a))
    expect(byId.get("CRA-AI-P1-2b")?.status).not.toBe("not-applicable");
  });

  it("Art. 13(13): ten years from 2027-12-11 (the earliest the modification can be) is the retention due", async () => {
    const byId = await assess("scooter-short-support-modified", "2028-02-01");
    expect(byId.get("CRA-A13-13")).toMatchObject({ status: "met" });
    expect(byId.get("CRA-A13-13")?.message).toContain("2037-12-11");
  });

  it("Art. 13(8): a support period under five years resting on a three-year expected use is a review item that says so", async () => {
    const byId = await assess("scooter-short-support-modified", "2028-02-01");
    const finding = byId.get("CRA-A13-08");
    expect(finding?.status).toBe("needs-review");
    // The period does correspond to the expected use (third subparagraph): not a gap.
    expect(outcomeOf(finding, "CRA-A13-08-MINIMUM")).toBeUndefined();
    // But the shorter minimum rests on the manufacturer's own estimate, which the second subparagraph ties to user
    // expectations and the product's nature and purpose: a reviewer is told to check it.
    const shortUse = outcomeOf(finding, "CRA-A13-08-SHORT-EXPECTED-USE");
    expect(shortUse?.status).toBe("needs-review");
    expect(shortUse?.message).toContain("under the five years");
    expect(shortUse?.message).toContain("expected in use for 3 years");
    expect(shortUse?.message).toContain("counted from 2027-12-11");
  });
});

describe("imported doorbell camera with a UK PSTI statement and an ETSI EN 303 645 certificate", () => {
  it("Art. 27: partner marks are evidence reuse, never a presumption of conformity, and the report says so", async () => {
    const outcome = await assessProduct({
      ctx,
      input: {
        declaration: { text: fixture("imported-doorbell-partner.yaml").toString("utf8") },
        sbom: { bytes: fixture("imported-doorbell-partner.cdx.json") },
        asOf: "2028-04-01",
      },
    });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    expect(outcome.reports[0]!.notes.join(" ")).toContain("not a presumption of conformity");
  });

  it("a trace resting on the manufacturer's own PSTI statement says it is self-declared; the lab's says third-party", async () => {
    const byId = await assess("imported-doorbell-partner", "2028-04-01");
    const traces = byId.get("CRA-AI-P1-2b")?.recognition ?? [];
    const psti = traces.find((t) => t.certificate.scheme === "uk-psti");
    const etsi = traces.find((t) => t.certificate.scheme.startsWith("etsi-en-303-645"));
    expect(psti?.certificate.assurance).toBe("self");
    expect(etsi?.certificate.assurance).toBe("third-party");
    // The finding's own words name the kind of assurance of the certificate they lead with.
    expect(byId.get("CRA-AI-P1-2b")?.message).toContain("(ETSI-TDC1-01, third-party assessed)");
  });

  it("Art. 14(7): no main establishment or representative in the Union, so the importer's Member State routes reports", async () => {
    const byId = await assess("imported-doorbell-partner", "2028-04-01");
    const csirt = byId.get("CRA-A14")?.evidence.find((e) => e.fact === "derived.coordinator.memberState");
    expect(csirt).toMatchObject({ value: "IE", location: "declaration:/reporting/importerMemberState" });
  });
});

describe("VPN server, class I, module A on harmonised standards covering all of Annex I, units still placed", () => {
  it("Art. 32(2): module A rests on the standards being harmonised and cited, which a reviewer confirms: never met outright", async () => {
    const byId = await assess("vpn-class-i-harmonised", "2028-05-01");
    expect(byId.get("CRA-A32")?.status).toBe("needs-review");
    expect(byId.get("CRA-A32")?.message).toContain("OJEU");
  });

  it("Art. 13(13), 13(18): ten years after the first unit is not enough for units placed up to the as-of date", async () => {
    const byId = await assess("vpn-class-i-harmonised", "2028-05-01");
    for (const id of ["CRA-A13-13", "CRA-A13-18"]) {
      const finding = byId.get(id);
      // 2038-04-15 is more than ten years after the first unit (2028-04-01), so not a gap on that count ...
      expect(finding?.status, id).toBe("needs-review");
      // ... but units placed on 2028-05-01 are already on the market and need theirs until 2038-05-01.
      expect(finding?.message, id).toContain("2038-05-01");
      expect(finding?.message, id).toContain("Interpretation (assessor)");
    }
    // Judged before any further unit is placed, the declared date covers every unit on the market.
    const early = await assess("vpn-class-i-harmonised", "2028-04-01");
    expect(early.get("CRA-A13-13")?.status).toBe("met");
  });

  it("Art. 14(7): the CSIRT named (DE) is not the main establishment's (NL): readiness gap, labelled assessor policy", async () => {
    const byId = await assess("vpn-class-i-harmonised", "2028-05-01");
    expect(byId.get("CRA-A14")).toMatchObject({ status: "gap", sourceKind: "assessor-policy" });
    expect(byId.get("CRA-A14")?.message).toContain("NL");
  });
});

// Art. 32 by class, on products written for the review (checked right; these pin it).
describe("conformity routes by class (Art. 32, Art. 8(1), Art. 27(9))", () => {
  it("Art. 32(2): a class I operating system without standards may use module H; the notified body is named", async () => {
    const byId = await assess("os-class-i-module-h", "2028-03-01");
    expect(byId.get("CRA-A32")).toMatchObject({ status: "met", sourceKind: "law" });
    expect(byId.get("CRA-A32")?.message).toContain("0123");
  });

  it("Art. 32(3)(c), Art. 27(9): a class II product on a certification scheme is a review item until a delegated act names it", async () => {
    const byId = await assess("mcu-class-ii-eucc", "2028-07-01");
    expect(byId.get("CRA-A32")).toMatchObject({ status: "needs-review", sourceKind: "law" });
    expect(byId.get("CRA-A32")?.message).toContain("Art. 27(9)");
    // The way out it names is the class II one (Art. 32(3)), not only the critical products' (Art. 32(4)(b)).
    expect(byId.get("CRA-A32")?.message).toContain("class II: Art. 32(3)(a)-(b)");
  });

  it("Art. 32(4)(b), Art. 8(1): a critical product on module B+C is a review item (no Art. 8(1) act may apply)", async () => {
    const byId = await assess("meter-gateway-critical", "2028-06-01");
    expect(byId.get("CRA-A32")?.status).toBe("needs-review");
    expect(byId.get("CRA-A32")?.message).toContain("Art. 8(1)");
  });

  it("Art. 32(5): free and open-source software in class I with public technical documentation may use module A", async () => {
    const byId = await assess("foss-browser-manufacturer", "2028-02-01");
    expect(byId.get("CRA-A32")?.status).toBe("met");
    expect(byId.get("CRA-A32")?.evidence).toContainEqual(
      expect.objectContaining({ fact: "derived.fossAnnexIIIException", value: true }),
    );
    // The finding names the provision the met rests on and the public documentation it needs.
    expect(byId.get("CRA-A32")?.message).toContain("Art. 32(5)");
    expect(byId.get("CRA-A32")?.message).toContain("https://fennec.example/techdoc");
  });
});

describe("free and open-source software: steward or manufacturer (Art. 3(14), Art. 24)", () => {
  it("a steward is not a manufacturer: Art. 13 and Art. 32 do not apply to it, Art. 14 does (Art. 24(3))", async () => {
    const byId = await assess("foss-steward-ssh", "2028-03-01");
    for (const id of ["CRA-A13-08", "CRA-A13-12", "CRA-A32", "CRA-AI-P2-1"]) {
      expect(byId.get(id)?.status, id).toBe("not-applicable");
    }
    expect(byId.get("CRA-A14")?.status).not.toBe("not-applicable");
  });

  it("the same kind of software monetised by its manufacturer carries the manufacturer's obligations", async () => {
    const byId = await assess("foss-browser-manufacturer", "2028-02-01");
    for (const id of ["CRA-A13-08", "CRA-A13-12", "CRA-AI-P2-1"]) {
      expect(byId.get(id)?.status, id).not.toBe("not-applicable");
    }
  });
});
