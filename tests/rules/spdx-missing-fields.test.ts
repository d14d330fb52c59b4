/**
 * Findings on SPDX input that fail on a fact SPDX has no field for say so, instead of a bare "absent"; the same
 * finding on CycloneDX input, or on a fact SPDX does have, carries no such note. Expected texts written by hand
 * from what SPDX 2.3 and 3.0.1 define (src/sbom/expressible.ts lists them).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { evaluateRules } from "../../src/rules/evaluate.js";
import { factsFor, loadPartnerRules, sbomCase } from "./partner-fixtures.js";

const spdx23 = JSON.parse(
  readFileSync(
    fileURLToPath(new URL("../fixtures/spdx/examples/spdx-spec-2.3/SPDXJSONExample-v2.3.spdx.json", import.meta.url)),
    "utf8",
  ),
);
const spdx301 = JSON.parse(
  readFileSync(
    fileURLToPath(new URL("../fixtures/spdx/examples/spdx-spec-3.0.1/package_sbom.json", import.meta.url)),
    "utf8",
  ),
);

async function outcome(framework: string, ruleId: string, sbom: Record<string, unknown>) {
  const rules = await loadPartnerRules(framework);
  const outcomes = await evaluateRules(rules, factsFor(sbomCase(() => structuredClone(sbom))));
  const found = outcomes.get(ruleId);
  if (!found) throw new Error(`no rule ${ruleId}`);
  return found;
}

describe("a failing finding on a fact the SBOM's standard has no field for", () => {
  it("SPDX 2.3 has no lifecycle phase: the generation-context finding says so", async () => {
    const result = await outcome("cisa-sbom-2026", "CISA26-M-5-GENERATION-CONTEXT", spdx23);
    expect(result.status).toBe("gap");
    expect(result.message).toContain(
      "SPDX 2.3 has no field for the lifecycle phase the SBOM was made in: it is absent because the format cannot carry it, not because this SBOM left it out.",
    );
  });

  it("SPDX 2.3 has no BSI component properties: the executable finding says so", async () => {
    const result = await outcome("bsi-tr-03183-2@2.1", "BSI-C-8-EXECUTABLE", spdx23);
    expect(result.status).toBe("gap");
    expect(result.message).toContain("SPDX 2.3 has no field for whether a component is executable");
  });

  it("SPDX 3.0.1 has an SBOM type, so its missing generation context gets no such note", async () => {
    const result = await outcome("cisa-sbom-2026", "CISA26-M-5-GENERATION-CONTEXT", spdx301);
    expect(result.status).toBe("gap");
    expect(result.message).not.toContain("has no field for");
  });

  it("CycloneDX without lifecycles gets no such note: it has the field and left it out", async () => {
    const cdx = JSON.parse(
      readFileSync(fileURLToPath(new URL("../fixtures/sboms/partner-bsi-complete.cdx.json", import.meta.url)), "utf8"),
    );
    delete cdx.metadata.lifecycles;
    const result = await outcome("cisa-sbom-2026", "CISA26-M-5-GENERATION-CONTEXT", cdx);
    expect(result.status).toBe("gap");
    expect(result.message).not.toContain("has no field for");
  });

  it("a finding that fails on a fact SPDX 2.3 does have (a component without a version) gets no note", async () => {
    const doc = structuredClone(spdx23);
    delete doc.packages[0].versionInfo;
    const result = await outcome("ntia-sbom-2021", "NTIA-DF-3-VERSION", doc);
    expect(result.status).toBe("gap");
    expect(result.message).not.toContain("has no field for");
  });

  it("the format finding names SPDX without a wrong article", async () => {
    const result = await outcome("cisa-sbom-2026", "CISA26-SBOM-SUPPLIED", spdx23);
    expect(result.status).toBe("met");
    expect(result.message).toBe("The SBOM supplied is SPDX 2.3 (json), a machine-readable, interoperable format.");
  });
});
