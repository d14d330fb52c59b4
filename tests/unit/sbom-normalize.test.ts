import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import libxml from "libxmljs2";
import { PackageURL } from "packageurl-js";
import { describe, expect, it } from "vitest";
import { normalizeJsonBom } from "../../src/sbom/json-reader.js";
import type { SpecVersion } from "../../src/sbom/model.js";
import { normalizeXmlBom } from "../../src/sbom/xml-reader.js";

const corpus = fileURLToPath(new URL("../fixtures/cyclonedx-spec", import.meta.url));
const VERSIONS: SpecVersion[] = ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"];

function corpusJson(version: SpecVersion, name: string) {
  return normalizeJsonBom(JSON.parse(readFileSync(`${corpus}/${version}/${name}`, "utf8")), version);
}

function corpusXml(version: SpecVersion, name: string) {
  const doc = libxml.parseXml(readFileSync(`${corpus}/${version}/${name}`, "utf8"), { nonet: true });
  return normalizeXmlBom(doc, version);
}

function bom(extra: Record<string, unknown>, specVersion: SpecVersion = "1.6") {
  return normalizeJsonBom({ bomFormat: "CycloneDX", specVersion, version: 1, ...extra }, specVersion);
}

describe("normalizing the conformance corpus", () => {
  for (const version of VERSIONS) {
    const files = readdirSync(`${corpus}/${version}`).filter((f) => f.startsWith("valid-"));
    it(`normalizes all ${files.length} valid ${version} documents with consistent refs and locations`, () => {
      expect(files.length).toBeGreaterThan(20);
      for (const file of files) {
        const sbom = file.endsWith(".json") ? corpusJson(version, file) : corpusXml(version, file);
        expect(sbom.specVersion).toBe(version);
        expect(sbom.format).toBe(file.endsWith(".json") ? "json" : "xml");
        for (const component of sbom.components) {
          expect(component.bomRef, file).not.toBe("");
          expect(component.location, file).toMatch(file.endsWith(".json") ? /^\/(metadata\/)?component/ : /^\/bom\//);
          if (!component.hasBomRef) expect(component.bomRef).toMatch(/^#\d+$/);
        }
      }
    });
  }

  it("reads VEX analysis, ratings, cwes and affects of a 1.6 vulnerability (JSON and XML alike)", () => {
    for (const sbom of [
      corpusJson("1.6", "valid-vulnerability-1.6.json"),
      corpusXml("1.6", "valid-vulnerability-1.6.xml"),
    ]) {
      const [vulnerability] = sbom.vulnerabilities;
      expect(vulnerability).toMatchObject({
        id: "SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111",
        sourceName: "Snyk",
        cwes: [184, 502],
        analysis: { state: "not_affected", justification: "code_not_reachable", response: ["will_not_fix", "update"] },
      });
      expect(vulnerability?.ratings[0]).toMatchObject({ score: 9.8, severity: "critical", method: "CVSSv3" });
      expect(vulnerability?.affects[0]?.ref).toBe("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4");
      expect(vulnerability?.affects[0]?.versions[0]).toEqual({ range: "vers:semver/<2.6.7.5", status: "affected" });
    }
  });

  it("lists 1.6 cryptographic assets with asset type, primitive and OID", () => {
    const sbom = corpusJson("1.6", "valid-cryptography-full-1.6.json");
    expect(sbom.cryptoAssets.map((a) => [a.bomRef, a.assetType, a.algorithm])).toEqual([
      ["asset-1", "algorithm", "ae"],
      ["asset-2", "certificate", undefined],
      ["asset-3", "protocol", undefined],
      ["asset-4", "related-crypto-material", undefined],
    ]);
    expect(sbom.cryptoAssets[0]?.oid).toBe("oid:1.2.3.4.5.6.7.8.9");
    expect(sbom.cryptoAssets[0]?.location).toBe(sbom.components.find((c) => c.bomRef === "asset-1")?.location);
  });

  it("reads tools in the 1.5+ object form and in the deprecated array form", () => {
    expect(corpusJson("1.6", "valid-metadata-tool-1.6.json").metadata.tools).toEqual([
      { vendor: "Awesome Vendor", name: "Awesome Tool", version: "9.1.2" },
      { vendor: "Acme Org", name: "Acme Signing Server" },
    ]);
    expect(corpusJson("1.6", "valid-metadata-tool-deprecated-1.6.json").metadata.tools).toEqual([
      { vendor: "Awesome Vendor", name: "Awesome Tool", version: "9.1.2" },
    ]);
    expect(corpusXml("1.6", "valid-metadata-tool-1.6.xml").metadata.tools).toEqual(
      corpusJson("1.6", "valid-metadata-tool-1.6.json").metadata.tools,
    );
  });

  it("reads lifecycles (phase or custom name), manufacturer and the deprecated manufacture", () => {
    expect(corpusJson("1.6", "valid-metadata-lifecycle-1.6.json").metadata.lifecycles).toEqual([
      "build",
      "post-build",
      "platform-integration-testing",
    ]);
    const manufacturer = corpusJson("1.6", "valid-metadata-manufacturer-1.6.json").metadata;
    expect(manufacturer.manufacturer).toEqual({
      name: "Acme, Inc.",
      url: ["https://example.com"],
      contact: [{ name: "Acme Professional Services", email: "professional.services@example.com" }],
    });
    expect(manufacturer.manufacture).toBeUndefined();
    const manufacture = corpusXml("1.6", "valid-metadata-manufacture-1.6.xml").metadata;
    expect(manufacture.manufacture?.name).toBe("Acme, Inc. // deprecated");
    expect(manufacture.manufacturer).toBeUndefined();
  });

  it("flattens nested components depth-first with parentRef and nested locations", () => {
    for (const [sbom, nestedLocation] of [
      [corpusJson("1.6", "valid-component-ref-1.6.json"), "/components/0/components/0"],
      [corpusXml("1.2", "valid-component-ref-1.2.xml"), "/bom/components/component[1]/components/component[1]"],
    ] as const) {
      expect(sbom.components.map((c) => [c.bomRef, c.parentRef])).toEqual([
        ["123", undefined],
        ["456", "123"],
        ["789", undefined],
      ]);
      expect(sbom.components[1]?.location).toBe(nestedLocation);
    }
  });

  it("reads services with provider, endpoints and trust flags", () => {
    const [service] = corpusJson("1.6", "valid-service-1.6.json").services;
    expect(service).toMatchObject({
      bomRef: "b2a46a4b-8367-4bae-9820-95557cfe03a8",
      name: "Stock ticker service",
      version: "2020-Q2",
      group: "org.partner",
      endpoints: ["https://partner.org/api/v1/lookup", "https://partner.org/api/v1/stock"],
      authenticated: true,
      xTrustBoundary: true,
      location: "/services/0",
    });
    expect(service?.provider?.contact[0]).toEqual({
      name: "Support",
      email: "support@partner.org",
      phone: "800-555-1212",
    });
  });

  it("keeps empty dependency entries and reads 1.7 expression-detailed licences", () => {
    expect(corpusJson("1.6", "valid-dependency-1.6.json").dependencies).toEqual([
      { ref: "library-a", dependsOn: [] },
      { ref: "library-b", dependsOn: ["library-c"] },
    ]);
    const licenses = corpusXml("1.7", "valid-license-declared-concluded-mix-1.7.xml").components.flatMap(
      (c) => c.licenses,
    );
    expect(licenses).toContainEqual({
      kind: "expression",
      value: "GPL-3.0-or-later OR GPL-2.0",
      validSpdx: true,
      spdxIds: ["GPL-3.0-or-later", "GPL-2.0"],
      acknowledgement: "declared",
    });
    expect(licenses).toContainEqual({
      kind: "id",
      value: "GPL-3.0-only",
      validSpdx: true,
      spdxIds: ["GPL-3.0-only"],
      acknowledgement: "concluded",
    });
  });
});

describe("normalizing never throws on document content", () => {
  it("reads every parseable invalid-* corpus document without throwing (normalizers do not rely on validation)", () => {
    let read = 0;
    for (const version of VERSIONS) {
      for (const file of readdirSync(`${corpus}/${version}`).filter((f) => f.startsWith("invalid-"))) {
        const text = readFileSync(`${corpus}/${version}/${file}`, "utf8");
        if (file.endsWith(".json")) {
          let doc: unknown;
          try {
            doc = JSON.parse(text);
          } catch {
            continue;
          }
          if (typeof doc !== "object" || doc === null || Array.isArray(doc)) continue;
          expect(() => normalizeJsonBom(doc as Record<string, unknown>, version), file).not.toThrow();
        } else {
          let doc: ReturnType<typeof libxml.parseXml>;
          try {
            doc = libxml.parseXml(text, { nonet: true });
          } catch {
            continue;
          }
          expect(() => normalizeXmlBom(doc, version), file).not.toThrow();
        }
        read++;
      }
    }
    expect(read).toBeGreaterThan(200);
  });

  it("tolerates wrong types everywhere", () => {
    const sbom = normalizeJsonBom(
      {
        serialNumber: 5,
        version: "1",
        metadata: { tools: "x", authors: [null, 3], component: [], lifecycles: [{}], manufacturer: "acme" },
        components: [null, 1, "x", { name: 7, version: {}, hashes: [{ alg: 1 }], licenses: [{}, { license: {} }] }],
        services: { name: "s" },
        dependencies: [null, 1, { ref: 5 }, { ref: "a", dependsOn: [1, "b", ""] }],
        vulnerabilities: [
          { ratings: [{ score: "9" }], cwes: ["79", 1.5, 80], affects: [{}, { ref: "a", versions: [1] }] },
        ],
        compositions: [{ aggregate: 3 }],
      },
      "1.6",
    );
    expect(sbom.serialNumber).toBeUndefined();
    expect(sbom.version).toBeUndefined();
    expect(sbom.root).toBeUndefined();
    expect(sbom.components).toHaveLength(1);
    expect(sbom.components[0]).toMatchObject({ name: "", hashes: [], licenses: [], bomRef: "#0" });
    expect(sbom.dependencies).toEqual([{ ref: "a", dependsOn: ["b"] }]);
    expect(sbom.vulnerabilities[0]).toMatchObject({ ratings: [{}], cwes: [80], affects: [{ ref: "a", versions: [] }] });
    expect(sbom.compositions).toEqual([{ aggregate: "", assemblies: [], dependencies: [] }]);
  });
});

describe("normalizing hand-made documents", () => {
  it("builds the root, its direct dependencies and flattens the root's own nested components", () => {
    const sbom = bom({
      metadata: {
        timestamp: "2026-01-01T00:00:00Z",
        authors: [{ name: "A", email: "a@example.com", phone: "1" }],
        component: {
          type: "application",
          "bom-ref": "app",
          name: "app",
          version: "2.0",
          components: [{ type: "library", "bom-ref": "inner", name: "inner" }],
        },
      },
      components: [{ type: "library", "bom-ref": "lib", name: "lib", version: "1" }],
      dependencies: [
        { ref: "app", dependsOn: ["lib", "inner"] },
        { ref: "lib", dependsOn: [] },
      ],
    });
    expect(sbom.root).toMatchObject({ bomRef: "app", name: "app", version: "2.0", location: "/metadata/component" });
    expect(sbom.components.map((c) => [c.bomRef, c.parentRef, c.location])).toEqual([
      ["inner", "app", "/metadata/component/components/0"],
      ["lib", undefined, "/components/0"],
    ]);
    expect(sbom.rootDirectDependencies).toEqual(["lib", "inner"]);
    expect(sbom.metadata.authors).toEqual([{ name: "A", email: "a@example.com" }]);
    expect(sbom.metadata.timestamp).toBe("2026-01-01T00:00:00Z");
  });

  it("parses purls with packageurl-js and records an invalid purl instead of failing", () => {
    const sbom = bom({
      components: [
        { type: "library", name: "a", purl: "pkg:maven/org.example/a@1.0?type=jar&classifier=sources#sub/dir" },
        { type: "library", name: "b", purl: "not a purl" },
        { type: "library", name: "c", purl: "pkg:npm/%40scope/c@1.0.0" },
      ],
    });
    const [a, b, c] = sbom.components;
    expect(a?.purl).toMatchObject({
      type: "maven",
      namespace: "org.example",
      name: "a",
      version: "1.0",
      subpath: "sub/dir",
    });
    expect({ ...a?.purl?.qualifiers }).toEqual({ type: "jar", classifier: "sources" });
    expect(b?.purl?.raw).toBe("not a purl");
    expect(b?.purl?.parseError).toEqual(expect.any(String));
    expect(b?.purl?.type).toBeUndefined();
    expect(c?.purl).toMatchObject({ type: "npm", namespace: "@scope", name: "c" });
  });

  it("answers a Maven purl without a group as packageurl-js does, and leaves every other purl to it", () => {
    // The first group is refused before the library is called; the rest look alike but must reach the library
    // (a group, an upper-case type or scheme, something to decode, qualifiers, a subpath, a leading dot).
    const purls = [
      "pkg:maven/commons-io@2.11.0",
      "pkg:maven/pkg-1@1.1.1",
      "pkg:maven/a",
      "pkg:maven/A_b.c-d@1.0-SNAPSHOT",
      "pkg:maven/org.example/a@1.0",
      "pkg:MAVEN/a@1.0",
      "PKG:maven/a@1.0",
      "pkg://maven/a@1.0",
      "pkg:maven/a%20b@1.0",
      "pkg:maven/a@1.0?type=jar",
      "pkg:maven/a@1.0#sub",
      "pkg:maven/.a@1.0",
      "pkg:maven/a@",
      "pkg:maven/a@@1",
      "pkg:maven/a@1.0/",
      "pkg:maven/",
      "pkg:npm/a@1.0",
    ];
    const sbom = bom({ components: purls.map((purl, i) => ({ type: "library", name: `c${i}`, purl })) });
    purls.forEach((raw, i) => {
      let expected: Record<string, unknown>;
      try {
        const purl = PackageURL.fromString(raw);
        expected = { raw, type: purl.type, name: purl.name };
      } catch (error) {
        expected = { raw, parseError: (error as Error).message };
      }
      expect(sbom.components[i]?.purl, raw).toMatchObject(expected);
    });
    expect(sbom.components.slice(0, 4).map((c) => c.purl?.parseError)).toEqual(
      Array(4).fill('Invalid purl: maven requires a "namespace" component'),
    );
    expect(sbom.components[4]?.purl?.parseError).toBeUndefined();
  });

  it("parses SPDX expressions and records invalid ones", () => {
    const sbom = bom({
      components: [
        {
          type: "library",
          name: "a",
          licenses: [{ expression: "(MIT OR Apache-2.0) AND BSD-3-Clause", acknowledgement: "concluded" }],
        },
        { type: "library", name: "b", licenses: [{ expression: "MIT OR OR" }] },
        {
          type: "library",
          name: "c",
          licenses: [{ license: { name: "Proprietary EULA", acknowledgement: "declared" } }],
        },
      ],
    });
    expect(sbom.components.map((c) => c.licenses)).toEqual([
      [
        {
          kind: "expression",
          value: "(MIT OR Apache-2.0) AND BSD-3-Clause",
          validSpdx: true,
          spdxIds: ["MIT", "Apache-2.0", "BSD-3-Clause"],
          acknowledgement: "concluded",
        },
      ],
      [{ kind: "expression", value: "MIT OR OR", validSpdx: false }],
      [{ kind: "name", value: "Proprietary EULA", acknowledgement: "declared" }],
    ]);
  });

  it("keeps __proto__ and constructor keys inert", () => {
    const hostile = JSON.parse(`{
      "bomFormat": "CycloneDX", "specVersion": "1.6",
      "__proto__": { "polluted": "yes" },
      "constructor": { "prototype": { "polluted": "yes" } },
      "components": [{
        "type": "library", "name": "x", "__proto__": { "version": "evil" },
        "purl": "pkg:npm/x@1.0.0?__proto__=evil&constructor=evil",
        "properties": [{ "name": "__proto__", "value": "evil" }]
      }],
      "dependencies": [{ "ref": "__proto__", "dependsOn": ["constructor"] }]
    }`);
    const sbom = normalizeJsonBom(hostile, "1.6");
    const [component] = sbom.components;
    expect(component?.version).toBeUndefined();
    expect(component?.properties).toEqual([{ name: "__proto__", value: "evil" }]);
    expect(Object.getPrototypeOf(component?.purl?.qualifiers)).toBeNull();
    expect(Object.keys(component?.purl?.qualifiers ?? {}).sort()).toEqual(["__proto__", "constructor"]);
    expect(sbom.dependencies).toEqual([{ ref: "__proto__", dependsOn: ["constructor"] }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("ignores XML extension elements from other namespaces and trims token text", () => {
    const xml = `<?xml version="1.0"?>
      <bom xmlns="http://cyclonedx.org/schema/bom/1.6" xmlns:ext="urn:example:ext" version="3">
        <components>
          <component type="library" bom-ref="a">
            <name>
              real-name
            </name>
            <version>1.0</version>
            <ext:name>fake-name</ext:name>
            <properties><property name="p"> keep spaces </property></properties>
          </component>
        </components>
      </bom>`;
    const sbom = normalizeXmlBom(libxml.parseXml(xml, { nonet: true }), "1.6");
    expect(sbom.version).toBe(3);
    expect(sbom.components[0]).toMatchObject({
      bomRef: "a",
      name: "real-name",
      version: "1.0",
      properties: [{ name: "p", value: " keep spaces " }],
      location: "/bom/components/component[1]",
    });
  });

  it("turns nested XML dependency trees into flat entries", () => {
    const xml = `<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><dependencies>
      <dependency ref="a"><dependency ref="b"><dependency ref="c"/></dependency></dependency>
    </dependencies></bom>`;
    expect(normalizeXmlBom(libxml.parseXml(xml), "1.6").dependencies).toEqual([
      { ref: "a", dependsOn: ["b"] },
      { ref: "b", dependsOn: ["c"] },
    ]);
  });

  it("synthesizes refs for components and services that have none", () => {
    const sbom = bom({
      components: [{ type: "library", name: "a", components: [{ type: "library", name: "b" }] }],
      services: [{ name: "s", services: [{ name: "t" }] }],
    });
    expect(sbom.components.map((c) => [c.bomRef, c.hasBomRef, c.parentRef])).toEqual([
      ["#0", false, undefined],
      ["#1", false, "#0"],
    ]);
    expect(sbom.services.map((s) => [s.bomRef, s.hasBomRef, s.location])).toEqual([
      ["#service-0", false, "/services/0"],
      ["#service-1", false, "/services/0/services/0"],
    ]);
  });
});
