import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SYNTHETIC_SPEC_VERSIONS, syntheticSbomText, writeSyntheticSbom } from "../../bench/synthetic/sbom.js";
import { ingestSbomBytes } from "../../src/sbom/ingest.js";

const encode = (text: string) => new TextEncoder().encode(text);
const dir = mkdtempSync(join(tmpdir(), "cra-synthetic-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("synthetic SBOM generator", () => {
  it("is deterministic for a seed and varies with it", () => {
    const options = { components: 50, format: "json" as const, seed: 9 };
    expect(syntheticSbomText(options)).toBe(syntheticSbomText(options));
    expect(syntheticSbomText({ ...options, seed: 10 })).not.toBe(syntheticSbomText(options));
  });

  for (const specVersion of SYNTHETIC_SPEC_VERSIONS) {
    for (const format of ["json", "xml"] as const) {
      it(`${specVersion} ${format}: schema-valid, every component in a graph reachable from the root`, () => {
        const result = ingestSbomBytes(encode(syntheticSbomText({ components: 120, format, specVersion, seed: 3 })));
        expect(result.ok, JSON.stringify(!result.ok && result.issues.slice(0, 3))).toBe(true);
        if (!result.ok) return;
        const { sbom, quality } = result;
        expect(result.specVersion).toBe(specVersion);
        expect(sbom.components).toHaveLength(120);
        expect(quality.bsi.missingDependencies.count).toBe(0);
        expect(quality.ntia.missingFromDependencyGraph.count).toBe(0);
        expect(quality.danglingDependencyRefs.count).toBe(0);
        expect(quality.duplicates.bomRefs.count).toBe(0);
        expect(quality.purls.invalid.count).toBe(0);
        expect(quality.licenses.invalidSpdxExpressions.count).toBe(0);
        expect(quality.hashes.algorithms).toEqual({ "SHA-512": 120 });
        expect(quality.root.directDependencyCount).toBeGreaterThan(0);
        expect(quality.root.directDependenciesIncomplete.count).toBe(0);

        const edges = new Map(sbom.dependencies.map((d) => [d.ref, d.dependsOn]));
        const reached = new Set<string>();
        const queue = [...sbom.rootDirectDependencies];
        while (queue.length > 0) {
          const ref = queue.pop()!;
          if (reached.has(ref)) continue;
          reached.add(ref);
          queue.push(...(edges.get(ref) ?? []));
        }
        expect(reached.size).toBe(120);

        const ecosystems = new Set(sbom.components.map((c) => c.purl?.type));
        expect(ecosystems.size).toBeGreaterThanOrEqual(6);
        expect(sbom.components.every((c) => /^[0-9a-f]{128}$/.test(c.hashes[0]?.content ?? ""))).toBe(true);
      });
    }
  }

  it("BSI mode satisfies the BSI per-component fields it encodes", () => {
    const result = ingestSbomBytes(encode(syntheticSbomText({ components: 80, format: "xml", bsiProperties: true })));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { bsi } = result.quality;
    // The BSI component checks also cover the primary component, which the generator does not dress with BSI
    // fields: the root may be the one offender, never a generated component.
    const rootRef = result.sbom.root?.bomRef;
    for (const key of [
      "missingFilename",
      "missingExecutableProperty",
      "missingArchiveProperty",
      "missingStructuredProperty",
      "missingDistributionSha512",
      "missingDistributionLicence",
    ] as const) {
      expect(bsi[key].count, key).toBeLessThanOrEqual(1);
      expect(
        bsi[key].refs.filter((ref) => ref !== rootRef),
        key,
      ).toEqual([]);
    }
    expect(bsi.invalidExecutableProperty.count).toBe(0);
    expect(bsi.invalidArchiveProperty.count).toBe(0);
    expect(bsi.invalidStructuredProperty.count).toBe(0);
    // Suppliers are left out of a few components on purpose.
    expect(result.quality.ntia.missingSupplier.count).toBeGreaterThan(0);
    expect(result.quality.ntia.missingSupplier.count).toBeLessThan(10);
  });

  it("streams to a file byte-for-byte what the in-memory generator produces", async () => {
    const options = { components: 3000, format: "xml" as const, seed: 5 };
    const path = join(dir, "s.cdx.xml");
    const bytes = await writeSyntheticSbom(path, options);
    const text = readFileSync(path, "utf8");
    expect(text).toBe(syntheticSbomText(options));
    expect(bytes).toBe(Buffer.byteLength(text));
  });

  it("handles an empty and a one-component SBOM, and rejects a bad size", () => {
    for (const components of [0, 1]) {
      const result = ingestSbomBytes(encode(syntheticSbomText({ components, format: "json" })));
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.sbom.components).toHaveLength(components);
    }
    expect(() => syntheticSbomText({ components: -1, format: "json" })).toThrow(RangeError);
  });
});
