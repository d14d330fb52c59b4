import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ingestSbomBytes, ingestSbomFile } from "../../src/sbom/ingest.js";
import { validateSbomBytes } from "../../src/sbom/validate.js";

const corpus = fileURLToPath(new URL("../fixtures/cyclonedx-spec", import.meta.url));
const samples = fileURLToPath(new URL("../../sbom-samples", import.meta.url));
const packageJson = JSON.parse(readFileSync(fileURLToPath(new URL("../../package.json", import.meta.url)), "utf8"));
const encode = (text: string) => new TextEncoder().encode(text);

describe("ingesting the conformance corpus", () => {
  for (const version of ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"]) {
    // Rejecting the invalid-* documents is the validator's own conformance test; here the valid ones must get
    // through the whole pipeline.
    it(`every valid ${version} document ingests, with the validator's component count`, () => {
      const files = readdirSync(`${corpus}/${version}`).filter((file) => file.startsWith("valid-"));
      let valid = 0;
      for (const file of files) {
        const bytes = readFileSync(`${corpus}/${version}/${file}`);
        const result = ingestSbomBytes(bytes);
        valid++;
        expect(result.ok, file).toBe(true);
        if (!result.ok) continue;
        expect(result.specVersion).toBe(version);
        expect(result.format).toBe(file.endsWith(".xml") ? "xml" : "json");
        const validation = validateSbomBytes(bytes);
        expect(validation.ok && validation.componentCount, file).toBe(result.sbom.components.length);
        expect(result.quality.componentCount).toBe(result.sbom.components.length);
      }
      expect(valid).toBeGreaterThan(20);
    });
  }
});

describe("ingesting the real cyclonedx-npm samples", () => {
  // Optional dependencies (pg) are production dependencies too: `npm install` installs them unless told not to.
  const directProductionDependencies = Object.keys({
    ...packageJson.dependencies,
    ...packageJson.optionalDependencies,
  }).sort();

  for (const file of ["cra-assessor.cdx.json", "cra-assessor.cdx.xml", "cra-assessor-1.4.cdx.json"]) {
    it(`${file}: the root is this project and its direct dependencies are package.json's`, async () => {
      const result = await ingestSbomFile(`${samples}/${file}`);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const { sbom, quality } = result;
      expect(sbom.root?.name).toBe("cra-assessor");
      expect(sbom.root?.version).toEqual(expect.any(String));
      expect(sbom.root?.purl?.type).toBe("npm");
      const byRef = new Map(sbom.components.map((c) => [c.bomRef, c]));
      const directNames = sbom.rootDirectDependencies
        .map((ref) => byRef.get(ref))
        .map((c) => (c?.group ? `${c.group}/${c.name}` : c?.name))
        .sort();
      // The samples are a snapshot (sbom-samples/README.md): every direct dependency they name must be one of
      // package.json's production dependencies, and they name most of them; a dependency added since the
      // snapshot does not break this test.
      expect(directNames.length).toBeGreaterThan(10);
      for (const dependency of directNames) expect(directProductionDependencies).toContain(dependency);
      expect(new Set(directNames).size).toBe(directNames.length);
      expect(quality.root.directDependenciesIncomplete.count).toBe(0);
      expect(quality.danglingDependencyRefs.count).toBe(0);
      expect(quality.duplicates.bomRefs.count).toBe(0);
      expect(quality.purls.invalid.count).toBe(0);
      expect(quality.ntia.missingUniqueIdentifier.count).toBe(0);
      expect(quality.ntia.hasTimestamp).toBe(true);
      expect(sbom.metadata.tools.map((t) => t.name)).toContain("cyclonedx-npm");
      // Nested node_modules packages are nested components in cyclonedx-npm output.
      expect(sbom.components.some((c) => c.parentRef !== undefined)).toBe(true);
    });
  }

  it("reports the SHA-256 and size of the exact bytes", () => {
    const bytes = readFileSync(`${samples}/cra-assessor.cdx.json`);
    const result = ingestSbomBytes(bytes);
    expect(result.ok && result.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(result.ok && result.bytes).toBe(bytes.byteLength);
  });
});

describe("ingest failures are values", () => {
  it("an invalid document returns located issues, its detected version and its hash", () => {
    const bytes = readFileSync(`${corpus}/1.6/invalid-component-type-1.6.json`);
    const result = ingestSbomBytes(bytes);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.format).toBe("json");
    expect(result.specVersion).toBe("1.6");
    expect(result.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(result.issues[0]?.path).toMatch(/^\/components/);
  });

  it.each([
    ["empty input", ""],
    ["truncated JSON", '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{'],
    ["SPDX missing its required members", '{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"x"}'],
    ["not a BOM at all", "[1,2,3]"],
    [
      "XML with an external entity",
      '<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]><bom>&x;</bom>',
    ],
  ])("%s is rejected without throwing", (_name, text) => {
    const result = ingestSbomBytes(encode(text));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
  });

  it("a hostile but valid document with __proto__ keys ingests without pollution", () => {
    const text = `{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
      "components":[{"type":"library","name":"x","bom-ref":"__proto__","purl":"pkg:npm/x@1?__proto__=1"}],
      "dependencies":[{"ref":"__proto__","dependsOn":[]}]}`;
    const result = ingestSbomBytes(encode(text));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sbom.components[0]?.bomRef).toBe("__proto__");
    expect(result.quality.danglingDependencyRefs.count).toBe(0);
    expect(({} as Record<string, unknown>)["1"]).toBeUndefined();
  });

  it("a missing file is an issue, not an exception", async () => {
    const result = await ingestSbomFile(`${samples}/does-not-exist.cdx.json`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
  });

  it("the size limit applies before parsing", () => {
    const bytes = readFileSync(`${samples}/synthetic-200.cdx.json`);
    const result = ingestSbomBytes(bytes, { maxBytes: 1000 });
    expect(result.ok).toBe(false);
  });
});
