/**
 * Table tests for SBOM quality facts. Each row starts from a BOM that satisfies every check, breaks one thing,
 * and states the facts that must change. Every offender list the row does not name must stay empty, so a check
 * that fires on the wrong input fails the table too.
 */

import libxml from "libxmljs2";
import { describe, expect, it } from "vitest";
import { normalizeJsonBom } from "../../src/sbom/json-reader.js";
import { OFFENDER_CAP, type OffenderList, type SbomQualityFacts } from "../../src/sbom/model.js";
import { computeQualityFacts } from "../../src/sbom/quality.js";
import { normalizeXmlBom } from "../../src/sbom/xml-reader.js";

type Json = Record<string, any>;
const SHA512 = "ab".repeat(64);

function fullComponent(ref: string): Json {
  return {
    type: "library",
    "bom-ref": ref,
    name: ref,
    version: "1.0.0",
    purl: `pkg:npm/${ref}@1.0.0`,
    supplier: { name: "Supplier", url: ["https://supplier.example"] },
    manufacturer: { name: "Maker", contact: [{ email: "security@maker.example" }] },
    hashes: [{ alg: "SHA-512", content: SHA512 }],
    licenses: [
      { license: { id: "MIT", acknowledgement: "concluded" } },
      { license: { id: "MIT", acknowledgement: "declared" } },
    ],
    externalReferences: [
      { type: "distribution", url: `https://dl.example/${ref}.tgz`, hashes: [{ alg: "SHA-512", content: SHA512 }] },
      { type: "source-distribution", url: `https://src.example/${ref}.tar.gz` },
    ],
    properties: [
      { name: "bsi:component:filename", value: `${ref}.tgz` },
      { name: "bsi:component:executable", value: "non-executable" },
      { name: "bsi:component:archive", value: "archive" },
      { name: "bsi:component:structured", value: "structured" },
    ],
  };
}

function baseBom(): Json {
  return {
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
    version: 1,
    metadata: {
      timestamp: "2026-05-01T10:00:00Z",
      lifecycles: [{ phase: "build" }],
      tools: { components: [{ type: "application", name: "gen", version: "1.0" }] },
      authors: [{ name: "SBOM Team" }],
      // The primary component carries every component field too: BSI checks it like any component.
      component: {
        ...fullComponent("product"),
        type: "application",
        version: "3.1",
        purl: "pkg:generic/acme/product@3.1",
        externalReferences: [
          ...fullComponent("product").externalReferences,
          { type: "security-contact", url: "mailto:psirt@acme.example" },
        ],
      },
      manufacturer: { name: "Acme", url: ["https://acme.example"] },
    },
    components: [fullComponent("a"), fullComponent("b")],
    dependencies: [
      { ref: "product", dependsOn: ["a"] },
      { ref: "a", dependsOn: ["b"] },
      { ref: "b", dependsOn: [] },
    ],
    compositions: [{ aggregate: "complete", assemblies: ["product"] }],
  };
}

function facts(doc: Json): SbomQualityFacts {
  return computeQualityFacts(normalizeJsonBom(doc, "1.6"));
}

function get(value: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
}

function offenderPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  const record = value as Record<string, unknown>;
  if (typeof record.count === "number" && Array.isArray(record.refs)) return [prefix];
  return Object.entries(record).flatMap(([key, v]) => offenderPaths(v, prefix ? `${prefix}.${key}` : key));
}

const b = (doc: Json): Json => doc.components[1];
const list = (...refs: string[]): OffenderList => ({ count: refs.length, refs });

const componentRows: [string, (doc: Json) => void, Record<string, unknown>][] = [
  [
    "no supplier, no manufacturer",
    (d) => {
      delete b(d).supplier;
      delete b(d).manufacturer;
    },
    {
      "ntia.missingSupplier": list("b"),
      "bsi.missingCreatorOrSupplier": list("b"),
      "bsi.missingManufacturerContact": list("b"),
    },
  ],
  [
    "supplier named but unreachable (BSI wants e-mail or URL)",
    (d) => {
      b(d).supplier = { name: "Supplier" };
      delete b(d).manufacturer;
    },
    { "bsi.missingCreatorOrSupplier": list("b"), "bsi.missingManufacturerContact": list("b") },
  ],
  [
    "publisher is enough for NTIA supplier",
    (d) => {
      delete b(d).supplier;
      delete b(d).manufacturer;
      b(d).publisher = "Pub";
    },
    { "bsi.missingCreatorOrSupplier": list("b"), "bsi.missingManufacturerContact": list("b") },
  ],
  [
    "supplier with URL satisfies BSI-C-1 lenient form but not the strict manufacturer check",
    (d) => {
      delete b(d).manufacturer;
    },
    { "bsi.missingManufacturerContact": list("b") },
  ],
  ["no version", (d) => delete b(d).version, { "ntia.missingVersion": list("b"), "bsi.missingVersion": list("b") }],
  [
    "direct dependency without version",
    (d) => delete d.components[0].version,
    {
      "ntia.missingVersion": list("a"),
      "bsi.missingVersion": list("a"),
      "root.directDependenciesIncomplete": list("a"),
    },
  ],
  [
    "invalid purl and nothing else to identify it",
    (d) => {
      b(d).purl = "pkg:";
    },
    { "purls.invalid": list("b"), "ntia.missingUniqueIdentifier": list("b"), "bsi.missingUniqueIdentifier": list("b") },
  ],
  [
    "a CPE identifies the component",
    (d) => {
      delete b(d).purl;
      b(d).cpe = "cpe:2.3:a:acme:b:1.0.0:*:*:*:*:*:*:*";
    },
    {},
  ],
  [
    "no licences",
    (d) => delete b(d).licenses,
    {
      "licenses.componentsWithoutLicense": list("b"),
      "bsi.missingAnyLicence": list("b"),
      "bsi.missingDistributionLicence": list("b"),
      "bsi.missingOriginalLicence": list("b"),
    },
  ],
  [
    "licences without acknowledgement (pre-1.6 style)",
    (d) => {
      b(d).licenses = [{ license: { id: "MIT" } }];
    },
    { "bsi.missingDistributionLicence": list("b"), "bsi.missingOriginalLicence": list("b") },
  ],
  [
    "only the distribution (concluded) licence, no original (declared) one",
    (d) => {
      b(d).licenses = [{ expression: "MIT OR Apache-2.0", acknowledgement: "concluded" }];
    },
    { "bsi.missingOriginalLicence": list("b") },
  ],
  [
    "licence expression that SPDX rejects",
    (d) => {
      b(d).licenses = [
        { expression: "MIT AND AND", acknowledgement: "concluded" },
        { license: { id: "MIT", acknowledgement: "declared" } },
      ];
    },
    { "licenses.invalidSpdxExpressions": list("b") },
  ],
  [
    "SHA-256 only, and no hash on the distribution reference",
    (d) => {
      b(d).hashes = [{ alg: "SHA-256", content: "cd".repeat(32) }];
      b(d).externalReferences[0].hashes = [];
    },
    { "bsi.missingSha512": list("b"), "bsi.missingDistributionSha512": list("b") },
  ],
  [
    "SHA-512 on the component only (v2.0 place, not the v2.1 distribution mapping)",
    (d) => {
      delete b(d).externalReferences[0].hashes;
    },
    { "bsi.missingDistributionSha512": list("b") },
  ],
  [
    "no hashes anywhere",
    (d) => {
      delete b(d).hashes;
      delete b(d).externalReferences[0].hashes;
    },
    {
      "hashes.componentsWithoutHash": list("b"),
      "bsi.missingSha512": list("b"),
      "bsi.missingDistributionSha512": list("b"),
    },
  ],
  [
    "no external references",
    (d) => delete b(d).externalReferences,
    {
      "bsi.missingDistributionSha512": list("b"),
      "bsi.missingSourceCodeUri": list("b"),
      "bsi.missingDeployableUri": list("b"),
    },
  ],
  [
    "no BSI properties",
    (d) => delete b(d).properties,
    {
      "bsi.missingFilename": list("b"),
      "bsi.missingExecutableProperty": list("b"),
      "bsi.missingArchiveProperty": list("b"),
      "bsi.missingStructuredProperty": list("b"),
    },
  ],
  [
    "BSI property with a value outside the taxonomy, and an empty filename",
    (d) => {
      b(d).properties[0].value = " ";
      b(d).properties[1].value = "yes";
    },
    { "bsi.missingFilename": list("b"), "bsi.invalidExecutableProperty": list("b") },
  ],
  [
    "each BSI property judged on its own: a bad archive value touches neither executable nor structured",
    (d) => {
      b(d).properties[2].value = "zip";
    },
    { "bsi.invalidArchiveProperty": list("b") },
  ],
  [
    "URL fields that are not absolute URLs with scheme and host",
    (d) => {
      b(d).externalReferences[0].url = "not-a-valid-url";
      b(d).externalReferences[1].url = "src/b.tar.gz";
      b(d).manufacturer = { name: "Maker", url: ["maker.example"] };
    },
    {
      "bsi.invalidDeployableUri": list("b"),
      "bsi.invalidSourceCodeUri": list("b"),
      "bsi.invalidCreatorUrl": list("b"),
      "bsi.missingManufacturerContact": list("b"),
    },
  ],
  [
    "source code given as a vcs reference: the repository itself",
    (d) => {
      b(d).externalReferences[1] = { type: "vcs", url: "git+https://git.example/b.git" };
    },
    {},
  ],
  [
    "optional fields with wrong values: effective licence not SPDX, security.txt not a URL",
    (d) => {
      b(d).properties.push({ name: "bsi:component:effectiveLicense", value: "free for all" });
      b(d).externalReferences.push({ type: "rfc-9116", url: "security.txt" });
    },
    { "bsi.optional.invalidEffectiveLicence": list("b"), "bsi.optional.invalidSecurityTxt": list("b") },
  ],
  [
    "no dependency entry of its own (still a target)",
    (d) => {
      d.dependencies = d.dependencies.filter((e: Json) => e.ref !== "b");
    },
    { "bsi.missingDependencies": list("b") },
  ],
  [
    "in no relationship at all",
    (d) => {
      d.dependencies = [
        { ref: "product", dependsOn: ["a"] },
        { ref: "a", dependsOn: [] },
      ];
    },
    {
      "bsi.missingDependencies": list("b"),
      "ntia.missingFromDependencyGraph": list("b"),
      "completeness.unreachableFromRoot": list("b"),
    },
  ],
  [
    "an entry of its own that nothing reaches from the product",
    (d) => {
      d.dependencies = [
        { ref: "product", dependsOn: ["a"] },
        { ref: "a", dependsOn: [] },
        { ref: "b", dependsOn: ["a"] },
      ];
    },
    { "completeness.unreachableFromRoot": list("b") },
  ],
  [
    "dangling dependency refs, each counted once",
    (d) => {
      d.dependencies[1].dependsOn = ["b", "ghost", "ghost"];
      d.dependencies.push({ ref: "phantom", dependsOn: ["ghost"] });
    },
    { danglingDependencyRefs: list("ghost", "phantom") },
  ],
  [
    "duplicate bom-ref",
    (d) => {
      d.components.push(fullComponent("a"));
    },
    { "duplicates.bomRefs": list("a") },
  ],
  [
    "a component reusing the root's bom-ref: a duplicate, and the graph entry stays the root's",
    (d) => {
      d.components.push(fullComponent("product"));
    },
    {
      "duplicates.bomRefs": list("product"),
      "ntia.missingFromDependencyGraph": list("product"),
      "bsi.missingDependencies": list("product"),
      "completeness.unreachableFromRoot": list("product"),
    },
  ],
  [
    "a duplicate between unique refs: components after it are still indexed",
    (d) => {
      d.components.splice(1, 0, fullComponent("a"));
      d.components.push(fullComponent("c"));
    },
    {
      "duplicates.bomRefs": list("a"),
      "ntia.missingFromDependencyGraph": list("c"),
      "bsi.missingDependencies": list("c"),
      "completeness.unreachableFromRoot": list("c"),
    },
  ],
];

describe("quality facts: component rows", () => {
  it("the base BOM has no offender anywhere", () => {
    const result = facts(baseBom());
    const paths = offenderPaths(result);
    expect(paths.length).toBeGreaterThan(25);
    for (const path of paths) expect(get(result, path), path).toEqual(list());
  });

  for (const [name, mutate, expected] of componentRows) {
    it(name, () => {
      const doc = baseBom();
      mutate(doc);
      const result = facts(doc);
      for (const [path, value] of Object.entries(expected)) expect(get(result, path), path).toEqual(value);
      for (const path of offenderPaths(result)) {
        if (!(path in expected)) expect(get(result, path), `${path} should be empty`).toEqual(list());
      }
    });
  }

  it("cryptographic assets are counted but not held to software-component checks", () => {
    const doc = baseBom();
    doc.components.push({
      type: "cryptographic-asset",
      "bom-ref": "aes",
      name: "AES-128-GCM",
      cryptoProperties: { assetType: "algorithm" },
    });
    doc.dependencies.push({ ref: "aes", dependsOn: [] });
    const result = facts(doc);
    expect(result.componentCount).toBe(3);
    expect(result.checkedComponentCount).toBe(2);
    expect(result.cryptoAssetCount).toBe(1);
    expect(result.ntia.missingVersion).toEqual(list());
  });

  it(`caps offender refs at ${OFFENDER_CAP} and keeps the full count`, () => {
    const doc = baseBom();
    for (let i = 0; i < 120; i++) doc.components.push({ type: "library", "bom-ref": `x${i}`, name: `x${i}` });
    const result = facts(doc);
    expect(result.ntia.missingVersion.count).toBe(120);
    expect(result.ntia.missingVersion.refs).toHaveLength(OFFENDER_CAP);
    expect(result.ntia.missingVersion.refs[0]).toBe("x0");
    expect(result.hashes.algorithms).toEqual({ "SHA-512": 2 });
  });
});

const documentRows: [string, (doc: Json) => void, Record<string, unknown>][] = [
  [
    "no timestamp",
    (d) => delete d.metadata.timestamp,
    { "ntia.hasTimestamp": false, "bsi.hasTimestamp": false, "document.timestampIsUtc": false },
  ],
  [
    "timestamp with an offset",
    (d) => (d.metadata.timestamp = "2026-05-01T10:00:00+02:00"),
    { "document.timestampIsUtc": false },
  ],
  [
    "timestamp at +00:00",
    (d) => (d.metadata.timestamp = "2026-05-01T10:00:00+00:00"),
    { "document.timestampIsUtc": true },
  ],
  [
    "tools but no authors: NTIA accepts, CISA 2026 falls back to the manufacturer",
    (d) => delete d.metadata.authors,
    { "ntia.hasAuthor": true, "document.hasAuthorEntity": true },
  ],
  [
    "neither authors, tools nor manufacturer",
    (d) => {
      delete d.metadata.authors;
      delete d.metadata.tools;
      delete d.metadata.manufacturer;
    },
    {
      "ntia.hasAuthor": false,
      "document.hasAuthorEntity": false,
      "document.toolCount": 0,
      "bsi.hasCreator": false,
      "bsi.hasCreatorContact": false,
    },
  ],
  [
    "manufacturer named only",
    (d) => (d.metadata.manufacturer = { name: "Acme" }),
    { "bsi.hasCreator": true, "bsi.hasCreatorContact": false },
  ],
  [
    "deprecated manufacture with a contact e-mail",
    (d) => {
      delete d.metadata.manufacturer;
      d.metadata.manufacture = { name: "Acme", contact: [{ email: "x@acme.example" }] };
    },
    { "bsi.hasCreator": true, "bsi.hasCreatorContact": true },
  ],
  [
    "tool without version",
    (d) => (d.metadata.tools = [{ vendor: "v", name: "old-tool" }]),
    { "document.toolCount": 1, "document.toolsWithoutVersion": 1 },
  ],
  [
    "no serial number or BOM version",
    (d) => {
      delete d.serialNumber;
      delete d.version;
    },
    { "bsi.hasSbomUri": false, "document.hasSerialNumber": false, "document.hasBomVersion": false },
  ],
  [
    "no root component",
    (d) => delete d.metadata.component,
    {
      "root.present": false,
      "root.hasName": false,
      "root.identifiers": [],
      "root.directDependencyCount": 0,
      "securityContact.present": false,
      danglingDependencyRefs: list("product"),
    },
  ],
  [
    "root without identifier",
    (d) => delete d.metadata.component.purl,
    { "root.hasIdentifier": false, "root.identifiers": [] },
  ],
  [
    "security.txt on the BOM instead of the root",
    (d) => {
      delete d.metadata.component.externalReferences;
      d.externalReferences = [{ type: "rfc-9116", url: "https://acme.example/.well-known/security.txt" }];
    },
    { "securityContact.present": true, "securityContact.urls": ["https://acme.example/.well-known/security.txt"] },
  ],
  [
    "support end as a root property",
    (d) => (d.metadata.component.properties = [{ name: "cra:supportPeriodEnd", value: "2031-12" }]),
    {
      "supportPeriod.endOfSupport": "2031-12",
      "supportPeriod.source": "metadata.component.properties[cra:supportPeriodEnd]",
    },
  ],
  [
    "support end as a metadata property, and a bogus value ignored",
    (d) => {
      d.metadata.component.properties = [{ name: "acme:end-of-support", value: "soon" }];
      d.metadata.properties = [{ name: "acme:end_of_support", value: "2030-06-30" }];
    },
    { "supportPeriod.endOfSupport": "2030-06-30", "supportPeriod.source": "metadata.properties[acme:end_of_support]" },
  ],
  ["no compositions", (d) => delete d.compositions, { "completeness.declared": false, "completeness.aggregates": {} }],
  [
    "lifecycles sorted and unique",
    (d) => (d.metadata.lifecycles = [{ phase: "pre-build" }, { phase: "build" }, { phase: "build" }]),
    { "document.lifecycles": ["build", "pre-build"] },
  ],
];

describe("quality facts: document rows", () => {
  it("the base BOM passes every document-level check", () => {
    const result = facts(baseBom());
    expect(result.ntia).toMatchObject({ hasAuthor: true, hasTimestamp: true, hasDependencyRelationships: true });
    expect(result.bsi).toMatchObject({
      hasCreator: true,
      hasCreatorContact: true,
      hasTimestamp: true,
      hasSbomUri: true,
    });
    expect(result.document).toEqual({
      standard: "CycloneDX",
      format: "json",
      specVersion: "1.6",
      hasSerialNumber: true,
      hasBomVersion: true,
      hasAuthorEntity: true,
      toolCount: 1,
      toolsWithoutVersion: 0,
      lifecycles: ["build"],
      timestampIsUtc: true,
    });
    expect(result.root).toEqual({
      present: true,
      hasName: true,
      hasVersion: true,
      hasIdentifier: true,
      identifiers: ["pkg:generic/acme/product@3.1"],
      directDependencyCount: 1,
      directDependenciesIncomplete: list(),
      // The root's own dependency entry names the one direct dependency, so the top level is read from it.
      topLevelSource: "root",
      topLevelCount: 1,
    });
    expect(result.securityContact).toEqual({ present: true, urls: ["mailto:psirt@acme.example"] });
    expect(result.supportPeriod).toEqual({});
    expect(result.completeness).toEqual({
      declared: true,
      aggregates: { complete: 1 },
      rootHasDependencies: true,
      unreachableFromRoot: list(),
    });
  });

  for (const [name, mutate, expected] of documentRows) {
    it(name, () => {
      const doc = baseBom();
      mutate(doc);
      const result = facts(doc);
      for (const [path, value] of Object.entries(expected)) expect(get(result, path), path).toEqual(value);
    });
  }
});

describe("quality facts: vulnerabilities and VEX", () => {
  it("tallies analysis states and flags unresolved and unjustified not_affected", () => {
    const doc = baseBom();
    const affects = [{ ref: "a" }];
    doc.vulnerabilities = [
      { id: "CVE-1", analysis: { state: "exploitable" }, affects },
      { id: "CVE-2", analysis: { state: "in_triage" }, affects },
      { id: "CVE-3", analysis: { state: "not_affected", justification: "code_not_reachable" }, affects },
      { id: "CVE-4", analysis: { state: "not_affected" }, affects },
      { id: "CVE-5", analysis: { state: "resolved", response: ["update"] }, affects },
      { "bom-ref": "v6", affects },
    ];
    const result = facts(doc);
    expect(result.vulnerabilities.total).toBe(6);
    expect({ ...result.vulnerabilities.byState }).toEqual({
      exploitable: 1,
      in_triage: 1,
      not_affected: 2,
      resolved: 1,
      none: 1,
    });
    expect(result.vulnerabilities.unresolved).toEqual(list("CVE-1", "CVE-2", "v6"));
    expect(result.vulnerabilities.notAffectedWithoutJustification).toEqual(list("CVE-4"));
  });

  it("a hostile hash algorithm or state name stays a plain tally key", () => {
    const doc = baseBom();
    b(doc).hashes = [{ alg: "__proto__", content: "00" }];
    doc.vulnerabilities = [{ id: "X", analysis: { state: "constructor" } }];
    const result = facts(doc);
    expect(Object.getPrototypeOf(result.hashes.algorithms)).toBeNull();
    expect(Object.entries(result.hashes.algorithms)).toEqual([
      ["SHA-512", 1],
      ["__proto__", 1],
    ]);
    expect(result.vulnerabilities.byState.constructor).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("quality facts agree across formats", () => {
  it("an XML BOM gives the same component facts as its JSON twin", () => {
    const xml = `<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
      <metadata><component type="application" bom-ref="product"><name>product</name></component></metadata>
      <components>
        <component type="library" bom-ref="a"><name>a</name><purl>pkg:npm/a@1</purl></component>
        <component type="library" bom-ref="b"><name>b</name><version>2</version></component>
      </components>
      <dependencies><dependency ref="product"><dependency ref="a"/></dependency></dependencies>
    </bom>`;
    const json = {
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      version: 1,
      metadata: { component: { type: "application", "bom-ref": "product", name: "product" } },
      components: [
        { type: "library", "bom-ref": "a", name: "a", purl: "pkg:npm/a@1" },
        { type: "library", "bom-ref": "b", name: "b", version: "2" },
      ],
      dependencies: [{ ref: "product", dependsOn: ["a"] }],
    };
    const fromXml = computeQualityFacts(normalizeXmlBom(libxml.parseXml(xml), "1.6"));
    const fromJson = facts(json);
    expect({ ...fromXml, document: undefined }).toEqual({ ...fromJson, document: undefined });
    expect(fromJson.ntia.missingVersion).toEqual(list("a"));
    expect(fromJson.ntia.missingUniqueIdentifier).toEqual(list("b"));
    expect(fromJson.ntia.missingFromDependencyGraph).toEqual(list("b"));
    expect(fromJson.root.directDependenciesIncomplete).toEqual(list("a"));
  });
});
