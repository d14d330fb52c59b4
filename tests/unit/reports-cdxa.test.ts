/**
 * CDXA output: valid CycloneDX 1.6 (checked with the project's own validator, the official schema), on every
 * example product; the status of every requirement reads back unchanged; the score rules of src/reports/cdxa.ts.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { AssessmentReport } from "../../src/domain/report.js";
import { statusesFromCdxa } from "../../src/input/cdxa.js";
import { renderCdxa } from "../../src/reports/cdxa.js";
import { validateSbomBytes } from "../../src/sbom/validate.js";
import { type AssessContext, assessProduct, createAssessContext } from "../../src/services/assess.js";
import { sampleReport } from "../fixtures/reports/sample-report.js";

const EXAMPLES = fileURLToPath(new URL("../../seeds/examples/", import.meta.url));
const examples = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(EXAMPLES, e.name, "example.json")))
  .map((e) => e.name)
  .sort();

let ctx: AssessContext;
beforeAll(async () => {
  ctx = await createAssessContext({ frameworks: ["cra"] });
});

async function exampleReport(name: string): Promise<AssessmentReport> {
  const dir = join(EXAMPLES, name);
  const meta = JSON.parse(readFileSync(join(dir, "example.json"), "utf8")) as { asOf: string };
  const sbomFile = readdirSync(dir).find((f) => f.startsWith("sbom."));
  const outcome = await assessProduct({
    ctx,
    input: {
      // An example without declaration.yaml is assessed from its SBOM alone.
      ...(existsSync(join(dir, "declaration.yaml"))
        ? { declaration: { text: readFileSync(join(dir, "declaration.yaml"), "utf8"), fileName: "declaration.yaml" } }
        : {}),
      ...(sbomFile ? { sbom: { bytes: readFileSync(join(dir, sbomFile)), fileName: sbomFile } } : {}),
      asOf: meta.asOf,
    },
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return outcome.reports[0]!;
}

function expectValidCycloneDx16(text: string): void {
  const result = validateSbomBytes(new TextEncoder().encode(text));
  if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 5), null, 2));
  expect(result.specVersion).toBe("1.6");
}

describe("CDXA on every example product", () => {
  for (const name of examples) {
    it(`${name}: valid CycloneDX 1.6, and every requirement's status reads back`, async () => {
      const report = await exampleReport(name);
      const text = renderCdxa(report);
      expectValidCycloneDx16(text);
      const back = statusesFromCdxa(JSON.parse(text));
      const expected = report.findings.map((f) => ({
        requirement: f.requirement,
        status: f.status,
        ...(f.basis ? { basis: f.basis } : {}),
      }));
      const byId = (a: { requirement: string }, b: { requirement: string }) =>
        a.requirement.localeCompare(b.requirement);
      expect([...back].sort(byId)).toEqual([...expected].sort(byId));
    });
  }
});

describe("CDXA scores and links", () => {
  const report = sampleReport();
  const doc = JSON.parse(renderCdxa(report)) as {
    serialNumber: string;
    declarations: {
      attestations: {
        map: { requirement: string; claims?: string[]; counterClaims?: string[]; conformance: { score: number } }[];
      }[];
      targets: {
        components: { externalReferences?: { type: string; hashes: { alg: string; content: string }[] }[] }[];
      };
    };
  };
  const entries = doc.declarations.attestations[0]!.map;

  it("a gap is a counter-claim with conformance 0; a met requirement a claim with conformance 1", () => {
    const gap = report.findings.find((f) => f.status === "gap")!;
    const met = report.findings.find((f) => f.status === "met")!;
    const gapEntry = entries.find((e) => e.requirement === `requirement:${gap.requirement}`)!;
    const metEntry = entries.find((e) => e.requirement === `requirement:${met.requirement}`)!;
    expect(gapEntry.counterClaims).toEqual([`claim:${gap.requirement}`]);
    expect(gapEntry.claims).toBeUndefined();
    expect(gapEntry.conformance.score).toBe(0);
    expect(metEntry.claims).toEqual([`claim:${met.requirement}`]);
    expect(metEntry.conformance.score).toBe(1);
  });

  it("a partial whose residual is a gap has a claim and a counter-claim for the residual; reasons name certificates", () => {
    const full = JSON.parse(renderCdxa(report)) as {
      declarations: { claims: { "bom-ref": string; predicate: string; reasoning: string }[] };
    };
    const claim = (ref: string) => full.declarations.claims.find((c) => c["bom-ref"] === ref)!;
    expectValidCycloneDx16(renderCdxa(report));
    const entry = entries.find((e) => e.requirement === "requirement:CRA-AIII-C1-12")!;
    expect(entry.claims).toEqual(["claim:CRA-AIII-C1-12"]);
    expect(entry.counterClaims).toEqual(["claim:CRA-AIII-C1-12:residual"]);
    expect(entry.conformance.score).toBe(0.5);
    expect(claim("claim:CRA-AIII-C1-12").reasoning).toContain("Relied on: EUCC substantial EUCC-2027-0042");
    expect(claim("claim:CRA-AIII-C1-12").reasoning).toContain(
      "Still to show: Vulnerability handling (Annex I Part II) is not covered by the certificate.",
    );
    expect(claim("claim:CRA-AIII-C1-12:residual").predicate).toBe(
      "Not shown for CRA-AIII-C1-12: Vulnerability handling (Annex I Part II) is not covered by the certificate.",
    );
    // A recognized finding has no residual and no counter-claim.
    const recognized = entries.find((e) => e.requirement === "requirement:CRA-AII-8a")!;
    expect(recognized.counterClaims).toBeUndefined();
    expect(claim("claim:CRA-AII-8a").reasoning).toContain("Relied on: ETSI EN 303 645");
    expect(claim("claim:CRA-AI-P1-2b").reasoning).toContain(
      "Held by evidence: uk-psti (PSTI-SoC-2027-7) would have covered this requirement",
    );
  });

  it("the target is tied to the assessed SBOM by its SHA-256", () => {
    const bom = doc.declarations.targets.components[0]!.externalReferences?.find((r) => r.type === "bom");
    if (report.inputs.sbom) expect(bom?.hashes).toEqual([{ alg: "SHA-256", content: report.inputs.sbom.sha256 }]);
  });

  it("is deterministic: the same report gives the same bytes and serial number", () => {
    expect(renderCdxa(sampleReport())).toBe(renderCdxa(sampleReport()));
    expect(doc.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
