/**
 * The XML reader must produce the same model as the JSON reader for the same BOM. Only `format` and the
 * source `location`s may differ (pointer vs XPath); for the real cyclonedx-npm pair, also the serial number and
 * timestamp, which the generator draws afresh on every run.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import libxml from "libxmljs2";
import { describe, expect, it } from "vitest";
import { syntheticSbomText } from "../../bench/synthetic/sbom.js";
import { normalizeJsonBom } from "../../src/sbom/json-reader.js";
import type { NormalizedSbom, SpecVersion } from "../../src/sbom/model.js";
import { computeQualityFacts } from "../../src/sbom/quality.js";
import { normalizeXmlBom } from "../../src/sbom/xml-reader.js";

const corpus = fileURLToPath(new URL("../fixtures/cyclonedx-spec", import.meta.url));
const samples = fileURLToPath(new URL("../../sbom-samples", import.meta.url));

function comparable(sbom: NormalizedSbom, drop: string[] = []): unknown {
  const skip = new Set(["format", "location", ...drop]);
  return JSON.parse(JSON.stringify(sbom, (key, value) => (skip.has(key) ? undefined : value)));
}

function fromJson(text: string, version: SpecVersion) {
  return normalizeJsonBom(JSON.parse(text), version);
}

function fromXml(text: string, version: SpecVersion) {
  return normalizeXmlBom(libxml.parseXml(text, { nonet: true }), version);
}

describe("JSON and XML normalize to the same model", () => {
  for (const specVersion of ["1.4", "1.5", "1.6", "1.7"] as const) {
    it(`synthetic ${specVersion} SBOM with BSI properties, graph and root`, () => {
      const options = { components: 150, specVersion, seed: 42, bsiProperties: true };
      const json = fromJson(syntheticSbomText({ ...options, format: "json" }), specVersion);
      const xml = fromXml(syntheticSbomText({ ...options, format: "xml" }), specVersion);
      expect(json.components).toHaveLength(150);
      expect(json.rootDirectDependencies.length).toBeGreaterThan(0);
      expect(comparable(xml)).toEqual(comparable(json));
      expect(xml.components[3]?.location).toBe("/bom/components/component[4]");
      expect(json.components[3]?.location).toBe("/components/3");
      const { document: jsonDocument, ...jsonFacts } = computeQualityFacts(json);
      const { document: xmlDocument, ...xmlFacts } = computeQualityFacts(xml);
      expect(xmlFacts).toEqual(jsonFacts);
      expect({ ...xmlDocument, format: "json" }).toEqual(jsonDocument);
    });
  }

  it("the real cyclonedx-npm SBOM of this project, JSON and XML", () => {
    const json = fromJson(readFileSync(`${samples}/cra-assessor.cdx.json`, "utf8"), "1.6");
    const xml = fromXml(readFileSync(`${samples}/cra-assessor.cdx.xml`, "utf8"), "1.6");
    expect(json.components.length).toBeGreaterThan(100);
    expect(json.components.some((c) => c.parentRef !== undefined)).toBe(true);
    expect(comparable(xml, ["serialNumber", "timestamp"])).toEqual(comparable(json, ["serialNumber", "timestamp"]));
  });

  it("the committed synthetic sample pair", () => {
    const json = fromJson(readFileSync(`${samples}/synthetic-200.cdx.json`, "utf8"), "1.6");
    const xml = fromXml(readFileSync(`${samples}/synthetic-200.cdx.xml`, "utf8"), "1.6");
    expect(comparable(xml)).toEqual(comparable(json));
  });

  // Conformance pairs whose JSON and XML files carry the same content. (Many corpus pairs deliberately differ —
  // other timestamps, extra hashes in the XML — so they cannot be compared; these were checked by hand.)
  const pairs: [SpecVersion, string][] = [
    ["1.2", "valid-component-swid-full-1.2"],
    ["1.2", "valid-patch-1.2"],
    ["1.3", "valid-evidence-1.3"],
    ["1.4", "valid-component-swid-1.4"],
    ["1.5", "valid-evidence-1.5"],
    ["1.5", "valid-formulation-1.5"],
    ["1.6", "valid-bom-1.6"],
    ["1.6", "valid-vulnerability-1.6"],
    ["1.6", "valid-service-1.6"],
    ["1.6", "valid-dependency-1.6"],
    ["1.6", "valid-compositions-1.6"],
    ["1.6", "valid-cryptography-full-1.6"],
    ["1.6", "valid-metadata-tool-1.6"],
    ["1.6", "valid-metadata-lifecycle-1.6"],
    ["1.6", "valid-metadata-manufacturer-1.6"],
    ["1.6", "valid-license-expression-1.6"],
    ["1.6", "valid-external-reference-1.6"],
    ["1.6", "valid-properties-1.6"],
    ["1.7", "valid-bom-1.7"],
    ["1.7", "valid-vulnerability-1.7"],
    ["1.7", "valid-license-expression-1.7"],
    ["1.7", "valid-service-1.7"],
  ];
  for (const [version, name] of pairs) {
    it(`conformance pair ${version}/${name}`, () => {
      const json = fromJson(readFileSync(`${corpus}/${version}/${name}.json`, "utf8"), version);
      const xml = fromXml(readFileSync(`${corpus}/${version}/${name}.xml`, "utf8"), version);
      expect(comparable(xml)).toEqual(comparable(json));
    });
  }

  it("a pair that differs is told apart (the comparison is not vacuous)", () => {
    const json = fromJson(readFileSync(`${corpus}/1.6/valid-metadata-timestamp-1.6.json`, "utf8"), "1.6");
    const xml = fromXml(readFileSync(`${corpus}/1.6/valid-metadata-timestamp-1.6.xml`, "utf8"), "1.6");
    expect(comparable(xml)).not.toEqual(comparable(json));
  });
});
