/**
 * Six more products no other test or example uses (tests/fixtures/declarations/unseen-2/, each declaration with its
 * SBOM, one with advisory files), assessed whole as `assess` does. Each expected verdict and status is written from
 * the clause of Regulation (EU) 2024/2847 named in the test, checked by hand against the report, not copied from it.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAdvisoryFiles } from "../../src/advisories/load.js";
import { matchAdvisories } from "../../src/advisories/match.js";
import type { AssessmentReport, Finding } from "../../src/domain/report.js";
import { ingestSbomBytes } from "../../src/sbom/ingest.js";
import { type AssessContext, assessProduct, createAssessContext } from "../../src/services/assess.js";

const dir = new URL("../fixtures/declarations/unseen-2/", import.meta.url);
const fixture = (file: string) => readFileSync(fileURLToPath(new URL(file, dir)));

let ctx: AssessContext;
beforeAll(async () => {
  ctx = await createAssessContext({ frameworks: ["cra"] });
});

async function report(
  name: string,
  asOf: string,
  options: { sbom?: Buffer; advisories?: boolean } = {},
): Promise<{ report: AssessmentReport; byId: Map<string, Finding> }> {
  const sbom = options.sbom ?? fixture(`${name}.cdx.json`);
  const vulnerabilityMatches = options.advisories ? await matchesOf(sbom, `${name}.advisories`) : undefined;
  const outcome = await assessProduct({
    ctx,
    input: {
      declaration: { text: fixture(`${name}.yaml`).toString("utf8") },
      sbom: { bytes: sbom },
      asOf,
      ...(vulnerabilityMatches ? { vulnerabilityMatches } : {}),
    },
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  const r = outcome.reports[0]!;
  return { report: r, byId: new Map(r.findings.map((f) => [f.requirement, f])) };
}

/** As `assess --advisories <folder>` does: every advisory file of the folder, matched against the SBOM. */
async function matchesOf(sbom: Buffer, folder: string) {
  const loaded = await loadAdvisoryFiles([fileURLToPath(new URL(folder, dir))]);
  if (loaded.issues.length > 0) throw new Error(JSON.stringify(loaded.issues));
  const ingested = ingestSbomBytes(sbom);
  if (!ingested.ok) throw new Error("fixture SBOM invalid");
  return matchAdvisories(ingested.sbom, loaded.index);
}

const statuses = (byId: Map<string, Finding>, ids: readonly string[]) =>
  Object.fromEntries(ids.map((id) => [id, byId.get(id)?.status]));

describe("network management system, class I, module A with no harmonised standard (only IEC 62443-4-2 as other)", () => {
  it("Art. 32(2), Art. 27: module A is not open without harmonised standards or common specifications: gap, fail", async () => {
    const { report: r, byId } = await report("nms-class-i-module-a-no-standards", "2028-07-01");
    expect(r.verdict).toBe("fail");
    expect(byId.get("CRA-A32")).toMatchObject({ status: "gap", severity: "high" });
    expect(byId.get("CRA-A32")?.message).toContain("other specifications do not open module A");
  });

  it("Art. 13(13): ten years from the last unit (2028-06-30) is covered by 2038-07-01: met", async () => {
    const { byId } = await report("nms-class-i-module-a-no-standards", "2028-07-01");
    expect(byId.get("CRA-A13-13")?.status).toBe("met");
    expect(byId.get("CRA-A13-13")?.message).toContain("2038-06-30");
  });
});

describe("certificate issuance software, class I, on a European cybersecurity certificate at level basic", () => {
  it("Art. 32(2): a scheme opens module A to class I only at level substantial or higher: gap, fail", async () => {
    const { report: r, byId } = await report("pki-class-i-scheme-basic", "2028-07-01");
    expect(r.verdict).toBe("fail");
    const a32 = byId.get("CRA-A32");
    expect(a32).toMatchObject({ status: "gap", severity: "high" });
    expect(a32?.outcomes?.find((o) => o.rules.includes("CRA-A32-EUCC-LEVEL"))?.status).toBe("gap");
    // Art. 27(9): even at the right level, a scheme counts only once a delegated act names it.
    expect(a32?.outcomes?.find((o) => o.rules.includes("CRA-A32-CERTIFICATION-SCHEME"))?.status).toBe("needs-review");
  });
});

describe("container runtime, class II, free and open-source and monetised, module A without public documentation", () => {
  it("Art. 32(3), 32(5): module A is not open to class II unless the technical documentation is public: gap", async () => {
    const { report: r, byId } = await report("runtime-class-ii-foss-private-docs", "2028-07-01");
    expect(r.verdict).toBe("fail");
    const a32 = byId.get("CRA-A32");
    expect(a32).toMatchObject({ status: "gap", severity: "high" });
    expect(a32?.outcomes?.find((o) => o.rules.includes("CRA-A32-ROUTE"))?.status).toBe("gap");
  });

  it("Art. 24, Art. 3(14): a monetising manufacturer is no steward: the manufacturer's obligations apply", async () => {
    const { byId } = await report("runtime-class-ii-foss-private-docs", "2028-07-01");
    for (const id of ["CRA-A13-08", "CRA-AI-P1-2b", "CRA-AI-P2-1"]) {
      expect(byId.get(id)?.status, id).not.toBe("not-applicable");
    }
  });
});

describe("thermostat whose last unit was placed on 2027-12-11 itself, never substantially modified", () => {
  it("Art. 69(2), Art. 71(2): only products placed before 2027-12-11 are spared, so this one is in scope", async () => {
    const { report: r, byId } = await report("thermostat-last-unit-on-application-date", "2028-07-01");
    expect(r.verdict).toBe("pass");
    expect(statuses(byId, ["CRA-A32", "CRA-A13-13", "CRA-AI-P1-2b", "CRA-AI-P2-1", "CRA-A13-08", "CRA-A14"])).toEqual({
      "CRA-A32": "met", // default class on module A (Art. 32(1))
      "CRA-A13-13": "met", // kept until 2037-12-11, ten years after the last unit
      "CRA-AI-P1-2b": "needs-review",
      "CRA-AI-P2-1": "met",
      "CRA-A13-08": "needs-review", // five years from 2027-12-11; six expected: a reviewer weighs the difference
      "CRA-A14": "needs-review",
    });
    expect(byId.get("CRA-A13-13")?.message).toContain("2037-12-11");
  });
});

describe("children's smartwatch, class I, module B+C, a known exploited vulnerability in a shipped component", () => {
  it("Annex I Part I (2)(a): a KEV-listed vulnerability shipped unfixed and not excused is a critical gap", async () => {
    const { report: r, byId } = await report("wearable-class-i-kev", "2028-07-01", { advisories: true });
    expect(r.verdict).toBe("fail");
    expect(byId.get("CRA-AI-P1-2a")).toMatchObject({ status: "gap", severity: "critical" });
    expect(byId.get("CRA-AI-P1-2a")?.components).toEqual(["acme-ble-host@4.1.0"]);
    // Art. 32(2): module B+C with its notified body is open to class I.
    expect(byId.get("CRA-A32")?.status).toBe("met");
  });

  it("Annex I Part I (2)(a): the same product shipping the fixed version carries no known exploitable vulnerability", async () => {
    const fixed = Buffer.from(fixture("wearable-class-i-kev.cdx.json").toString("utf8").replaceAll("4.1.0", "4.1.3"));
    const { byId } = await report("wearable-class-i-kev", "2028-07-01", { advisories: true, sbom: fixed });
    expect(byId.get("CRA-AI-P1-2a")?.status).not.toBe("gap");
    expect(byId.get("CRA-AI-P2-2")?.status).not.toBe("gap");
  });
});

describe("smart plug with an expired ETSI EN 303 645 certificate and a PSTI statement without expiry", () => {
  it("Art. 27: an expired certificate counts for nothing; the default class on module A is met (Art. 32(1))", async () => {
    const { report: r, byId } = await report("plug-expired-etsi-certificate", "2028-07-01");
    expect(r.verdict).toBe("pass");
    expect(byId.get("CRA-A32")?.status).toBe("met");
    const traces = [...byId.values()].flatMap((f) => f.recognition ?? []);
    expect(traces.some((t) => t.certificate.scheme.startsWith("etsi-en-303-645"))).toBe(false);
    // The PSTI statement, current as far as anyone can tell, is still read (as partial evidence).
    expect(traces.some((t) => t.certificate.scheme === "uk-psti")).toBe(true);
    expect(r.notes.join(" ")).toContain("expired on 2028-01-31");
  });
});
