/**
 * SPDX input: the real examples of the SPDX projects (tests/fixtures/spdx, see its README), field mapping on
 * the specification's own example, SPDX and CycloneDX of one product giving one model, and hostile documents.
 * Expected counts were taken with jq and grep from the files, not from the reader: packages are
 * `.packages | length` (JSON), `^PackageName:` lines (tag-value), `software_Package` elements (SPDX 3).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ingestSbomBytes } from "../../src/sbom/ingest.js";
import type { NormalizedSbom } from "../../src/sbom/model.js";
import { normalizeSpdx2 } from "../../src/sbom/spdx-reader.js";
import { validateSbomBytes } from "../../src/sbom/validate.js";

const examples = fileURLToPath(new URL("../fixtures/spdx/examples/", import.meta.url));
const encode = (text: string) => new TextEncoder().encode(text);

function read(path: string): NormalizedSbom {
  const result = ingestSbomBytes(readFileSync(`${examples}${path}`));
  if (!result.ok) throw new Error(`${path}: ${JSON.stringify(result.issues.slice(0, 3))}`);
  return result.sbom;
}

/** Packages and files in the model, root included, told apart by where each came from. */
function elementCounts(sbom: NormalizedSbom, packagePrefix: string, filePrefix: string) {
  const all = sbom.root ? [sbom.root, ...sbom.components] : sbom.components;
  return {
    packages: all.filter((c) => c.location.startsWith(packagePrefix)).length,
    files: all.filter((c) => c.location.startsWith(filePrefix)).length,
  };
}

// [path, packages, files] for SPDX 2.x; counted with jq / grep.
const SPDX2: [string, number, number][] = [
  ["spdx-spec-2.2/SPDXJSONExample-v2.2.spdx.json", 4, 4],
  ["spdx-spec-2.2/SPDXTagExample-v2.2.spdx", 4, 4],
  // The YAML examples are the same document as the JSON ones (the spec's README).
  ["spdx-spec-2.2/SPDXYAMLExample-2.2.spdx.yaml", 4, 4],
  ["spdx-spec-2.3/SPDXJSONExample-v2.3.spdx.json", 4, 5],
  ["spdx-spec-2.3/SPDXTagExample-v2.3.spdx", 4, 5],
  ["spdx-spec-2.3/SPDXYAMLExample-2.3.spdx.yaml", 4, 5],
  ["spdx-examples/presentations/OSS-NA-2023/SPDXVersion2.3/01-MinimalSBOM.json", 1, 0],
  ["spdx-examples/presentations/OSS-NA-2023/SPDXVersion2.3/02-SBOMwSource.json", 1, 1],
  ["spdx-examples/presentations/OSS-NA-2023/SPDXVersion2.3/03-SBOMwDependency.json", 2, 0],
  ["spdx-examples/presentations/OSS-NA-2023/SPDXVersion2.3/04-SBOMwSecurity.json", 2, 0],
  ["spdx-examples/presentations/OSS-NA-2023/SPDXVersion2.3/05-SBOMwSourceLicense.json", 1, 1],
  ["spdx-examples/presentations/SBOMS-SPDX-Now-and-Future/ACME-v2.3.spdx.json", 4, 0],
  ["spdx-examples/software/example10/spdx2.3/hello-source.spdx.json", 1, 5],
  ["spdx-examples/software/example11/spdx2.3/sbom.spdx.json", 4, 1],
  ["spdx-examples/software/example12/spdx2.2/hello-dist.spdx.json", 1, 1],
  ["spdx-examples/software/example12/spdx2.2/hello-src.spdx.json", 1, 12],
  ["spdx-examples/software/example14/content/examplemaven-0.0.1.spdx.json", 6, 2],
  ["spdx-examples/software/example14/spdx2.3/examplemaven-0.0.1-enriched.spdx.json", 6, 2],
  ["spdx-examples/software/example7/spdx2.2/example7-bin.spdx.json", 1, 0],
  ["spdx-examples/software/example7/spdx2.2/example7-go-module.spdx.json", 1, 0],
  ["spdx-examples/software/example7/spdx2.2/example7-golang.spdx.json", 2, 0],
  ["spdx-examples/software/example7/spdx2.2/example7-third-party-modules.spdx.json", 3, 0],
  ["spdx-examples/software/example8/spdx2.3/examplemaven-0.0.1.spdx.json", 6, 2],
  ["spdx-examples/software/example1/spdx2.2/example1.spdx", 1, 3],
  ["spdx-examples/software/example2/spdx2.2/example2-bin.spdx", 1, 1],
  ["spdx-examples/software/example2/spdx2.2/example2-src.spdx", 1, 2],
  ["spdx-examples/software/example3/spdx2.2/example3-bin.spdx", 1, 2],
  ["spdx-examples/software/example3/spdx2.2/example3-src.spdx", 1, 3],
  ["spdx-examples/software/example4/spdx2.2/example4-bin.spdx", 3, 2],
  ["spdx-examples/software/example4/spdx2.2/example4-src.spdx", 1, 3],
  ["spdx-examples/software/example5/spdx2.2/example5-bin.spdx", 1, 1],
  ["spdx-examples/software/example5/spdx2.2/example5-src.spdx", 1, 2],
  ["spdx-examples/software/example6/spdx2.2/example6-bin.spdx", 1, 1],
  ["spdx-examples/software/example6/spdx2.2/example6-lib.spdx", 5, 0],
  ["spdx-examples/software/example6/spdx2.2/example6-src.spdx", 1, 2],
];

// [path, software_Package, software_File]; counted with jq over `@graph`.
const SPDX3: [string, number, number][] = [
  ["spdx-spec-3.0.1/package_sbom.json", 1, 1],
  ["spdx-examples/ai/example02/spdx3.0/sbom.spdx3.json", 0, 15],
  ["spdx-examples/dataset/example01/spdx3.0/example01.spdx3.json", 0, 2],
  ["spdx-examples/software/example1/spdx3.0/example1.json", 1, 3],
  ["spdx-examples/software/example10/spdx3.0/hello-source.spdx3.json", 1, 5],
  ["spdx-examples/software/example11/spdx3.0/sbom.spdx3.json", 4, 1],
  ["spdx-examples/software/example12/spdx3.0/hello-dist.spdx3.json", 1, 1],
  ["spdx-examples/software/example12/spdx3.0/hello-src.spdx3.json", 1, 12],
  ["spdx-examples/software/example13/spdx3.0/example13.spdx3.json", 4, 0],
  ["spdx-examples/software/example14/spdx3.0/examplemaven-0.0.1-enriched.spdx3.json", 6, 3],
  ["spdx-examples/software/example3/spdx3.0/example3-bin.json", 1, 2],
  ["spdx-examples/software/example3/spdx3.0/example3-src.json", 1, 3],
  ["spdx-examples/software/example4/spdx3.0/example4-bin.json", 3, 4],
  ["spdx-examples/software/example4/spdx3.0/example4-src.json", 1, 3],
  ["spdx-examples/software/example5/spdx3.0/example5-bin.json", 1, 1],
  ["spdx-examples/software/example5/spdx3.0/example5-src.json", 1, 2],
  ["spdx-examples/software/example6/spdx3.0/example6-bin.json", 1, 1],
  ["spdx-examples/software/example6/spdx3.0/example6-lib.json", 5, 2],
  ["spdx-examples/software/example6/spdx3.0/example6-src.json", 1, 2],
  ["spdx-examples/software/example7/spdx3.0/example7-bin.spdx3.json", 0, 1],
  ["spdx-examples/software/example7/spdx3.0/example7-go-module.spdx3.json", 1, 0],
  ["spdx-examples/software/example7/spdx3.0/example7-golang.spdx3.json", 1, 1],
  ["spdx-examples/software/example7/spdx3.0/example7-third-party-modules.spdx3.json", 2, 0],
  ["spdx-examples/software/example8/spdx3.0/examplemaven-0.0.1.spdx3.json", 6, 3],
  ["spdx-examples/software/example9/spdx3.0/appbomination.spdx3.json", 7, 15],
];

describe("the SPDX projects' real examples", () => {
  it.each(SPDX2)("%s reads with %i packages and %i files", (path, packages, files) => {
    const sbom = read(path);
    expect(sbom.standard).toBe("SPDX");
    expect(elementCounts(sbom, "/packages/", "/files/")).toEqual({ packages, files });
  });

  it.each(SPDX3)("%s (SPDX 3.0.1) reads with %i packages and %i files", (path, packages, files) => {
    const sbom = read(path);
    expect(sbom).toMatchObject({ standard: "SPDX", format: "json", specVersion: "3.0.1" });
    const all = sbom.root ? [sbom.root, ...sbom.components] : sbom.components;
    expect(all).toHaveLength(packages + files);
  });

  it("reads the 2.2 example spelling the category PACKAGE-MANAGER as its specification does, with a warning", () => {
    // appbomination.spdx.json spells the category PACKAGE-MANAGER (2.2 clause 3.21); the 2.2 JSON schema's enum
    // says PACKAGE_MANAGER. Four external references, the first in the fourth package.
    const result = validateSbomBytes(
      readFileSync(`${examples}spdx-examples/software/example9/spdx2.2/appbomination.spdx.json`),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([
      expect.objectContaining({ path: "/packages/3/externalRefs/0/referenceCategory", constraint: "enum" }),
    ]);
    expect(result.warnings[0]?.message).toContain("4 external references");
    // 7 packages and 10 files (jq), one package the root.
    expect(
      elementCounts(read("spdx-examples/software/example9/spdx2.2/appbomination.spdx.json"), "/packages/", "/files/"),
    ).toEqual({ packages: 7, files: 10 });
  });

  it("refuses the AI example whose graph lists one spdxId twice, naming both places", () => {
    const result = validateSbomBytes(
      readFileSync(`${examples}spdx-examples/ai/example01/spdx3.0/simplehtr-example.json`),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ path: "/@graph/102/spdxId", constraint: "duplicate-spdxid" });
    expect(result.issues[0]?.message).toContain("/@graph/81/spdxId");
  });
});

describe("the SPDX 2.3 specification example, field by field", () => {
  const sbom = read("spdx-spec-2.3/SPDXJSONExample-v2.3.spdx.json");
  const glibc = sbom.components.find((c) => c.bomRef === "SPDXRef-Package");

  it("has no root: it describes a file and a package (documentDescribes), and none is picked", () => {
    expect(sbom.root).toBeUndefined();
    expect(sbom.components).toHaveLength(9);
  });

  it("reads creation info as timestamp, authors and tools; the namespace as the SBOM's URI", () => {
    expect(sbom.metadata.timestamp).toBe("2010-01-29T18:30:22Z");
    expect(sbom.metadata.authors).toEqual([{ name: "ExampleCodeInspect" }, { name: "Jane Doe" }]);
    expect(sbom.metadata.tools).toEqual([{ name: "LicenseFind", version: "1.0" }]);
    expect(sbom.serialNumber).toBe("http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301");
    expect(sbom.metadata.licenses.map((l) => l.value)).toEqual(["CC0-1.0"]);
  });

  it("reads a package's version, supplier, originator, hashes, CPE, licences and locations", () => {
    expect(glibc).toMatchObject({
      name: "glibc",
      version: "2.11.1",
      hasBomRef: true,
      location: "/packages/0",
      cpe: "cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*",
      supplier: { name: "Jane Doe", contact: [{ email: "jane.doe@example.com" }] },
      manufacturer: { name: "ExampleCodeInspect", contact: [{ email: "contact@example.com" }] },
      hashes: [
        { alg: "MD5", content: "624c1abb3664f4b35547e7c73864ad24" },
        { alg: "SHA-1", content: "85ed0817af83a24ad8da68c2b5094de69833983c" },
        { alg: "SHA-256", content: "11b6d3ee554eedf79299905a98f9b9a04e498210b59f15094c916c91d150efcd" },
        {
          alg: "BLAKE2b-384",
          content: "aaabd89c926ab525c242e6621f2f5fa73aa4afe3d9e24aed727faaadd6af38b620bdb623dd2b4788b1c8086984af8706",
        },
      ],
      properties: [{ name: "bsi:component:filename", value: "glibc-2.11.1.tar.gz" }],
    });
    expect(glibc?.licenses.map((l) => [l.value, l.acknowledgement, l.validSpdx])).toEqual([
      ["(LGPL-2.0-only AND LicenseRef-3)", "declared", true],
      ["(LGPL-2.0-only OR LicenseRef-3)", "concluded", true],
    ]);
    expect(glibc?.externalReferences).toEqual([
      { type: "distribution", url: "http://ftp.gnu.org/gnu/glibc/glibc-ports-2.15.tar.gz", hashes: [] },
      { type: "website", url: "http://ftp.gnu.org/gnu/glibc", hashes: [] },
    ]);
    // SOURCE has no CycloneDX component type: absent, not guessed.
    expect(glibc?.type).toBe("");
  });

  it("reads purls from external references, and NOASSERTION as absent", () => {
    const jena = sbom.components.find((c) => c.bomRef === "SPDXRef-fromDoap-0");
    expect(jena?.purl?.raw).toBe("pkg:maven/org.apache.jena/apache-jena@3.12.0");
    const commons = sbom.components.find((c) => c.bomRef === "SPDXRef-fromDoap-1");
    expect(commons?.licenses).toEqual([]);
    expect(commons?.version).toBeUndefined();
    expect(commons?.externalReferences.map((r) => r.type)).toEqual(["website"]);
  });

  it("builds the dependency graph from CONTAINS, DYNAMIC_LINK and hasFiles, leaving out the document and other kinds", () => {
    // DOCUMENT CONTAINS Package: the document is no component. Package DYNAMIC_LINK Saxon; the package's
    // hasFiles (four distinct files, listed repeatedly) say CONTAINS; JenaLib CONTAINS Package.
    // GENERATED_FROM, COPY_OF and SPECIFICATION_FOR are no dependencies.
    expect(sbom.dependencies).toEqual([
      {
        ref: "SPDXRef-Package",
        dependsOn: [
          "SPDXRef-Saxon",
          "SPDXRef-Specification",
          "SPDXRef-CommonsLangSrc",
          "SPDXRef-JenaLib",
          "SPDXRef-DoapSource",
        ],
      },
      { ref: "SPDXRef-JenaLib", dependsOn: ["SPDXRef-Package"] },
    ]);
  });

  it("gives the same model from JSON, YAML and tag-value, apart from the format", () => {
    const strip = (model: NormalizedSbom) => ({ ...model, format: undefined });
    const yaml = read("spdx-spec-2.3/SPDXYAMLExample-2.3.spdx.yaml");
    const tagValue = read("spdx-spec-2.3/SPDXTagExample-v2.3.spdx");
    expect(yaml.format).toBe("yaml");
    expect(tagValue.format).toBe("tag-value");
    expect(strip(yaml)).toEqual(strip(sbom));
    // The tag-value example orders its elements differently; compare them by SPDXID.
    const byRef = (model: NormalizedSbom) =>
      Object.fromEntries(model.components.map(({ location: _location, ...c }) => [c.bomRef, c]));
    expect(byRef(tagValue)).toEqual(byRef(sbom));
    expect(tagValue.metadata).toEqual(sbom.metadata);
    // The files written after glibc are its files (the JSON's hasFiles): the same edges, in another order.
    const edges = (model: NormalizedSbom) =>
      model.dependencies.map(({ ref, dependsOn }) => ({ ref, dependsOn: [...dependsOn].sort() }));
    expect(edges(tagValue)).toEqual(edges(sbom));
  });
});

/** One product, written by hand in SPDX 2.3 and in CycloneDX 1.6, with the facts both can express. */
const PRODUCT_SPDX = {
  spdxVersion: "SPDX-2.3",
  dataLicense: "CC0-1.0",
  SPDXID: "SPDXRef-DOCUMENT",
  name: "acme-hub-1.4.0",
  documentNamespace: "https://acme.example/spdx/acme-hub-1.4.0",
  creationInfo: {
    created: "2026-03-01T10:00:00Z",
    creators: ["Tool: acme-sbom-2.1.0", "Person: Ann Smith (ann@acme.example)"],
  },
  packages: [
    {
      SPDXID: "SPDXRef-hub",
      name: "acme-hub",
      versionInfo: "1.4.0",
      primaryPackagePurpose: "APPLICATION",
      supplier: "Organization: Acme GmbH (psirt@acme.example)",
      downloadLocation: "NOASSERTION",
      checksums: [{ algorithm: "SHA512", checksumValue: "a".repeat(128) }],
      licenseDeclared: "Apache-2.0",
      externalRefs: [
        { referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: "pkg:generic/acme-hub@1.4.0" },
      ],
    },
    {
      SPDXID: "SPDXRef-openssl",
      name: "openssl",
      versionInfo: "3.0.13",
      primaryPackagePurpose: "LIBRARY",
      supplier: "Organization: OpenSSL Foundation",
      downloadLocation: "https://www.openssl.org/source/openssl-3.0.13.tar.gz",
      checksums: [{ algorithm: "SHA256", checksumValue: "b".repeat(64) }],
      licenseConcluded: "Apache-2.0",
      externalRefs: [
        { referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: "pkg:generic/openssl@3.0.13" },
        {
          referenceCategory: "SECURITY",
          referenceType: "cpe23Type",
          referenceLocator: "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*",
        },
      ],
    },
  ],
  relationships: [
    { spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: "SPDXRef-hub" },
    { spdxElementId: "SPDXRef-openssl", relationshipType: "DEPENDENCY_OF", relatedSpdxElement: "SPDXRef-hub" },
  ],
};

const PRODUCT_CYCLONEDX = {
  bomFormat: "CycloneDX",
  specVersion: "1.6",
  metadata: {
    timestamp: "2026-03-01T10:00:00Z",
    tools: [{ name: "acme-sbom", version: "2.1.0" }],
    authors: [{ name: "Ann Smith", email: "ann@acme.example" }],
    licenses: [{ license: { id: "CC0-1.0" } }],
    component: {
      "bom-ref": "SPDXRef-hub",
      type: "application",
      name: "acme-hub",
      version: "1.4.0",
      supplier: { name: "Acme GmbH", contact: [{ email: "psirt@acme.example" }] },
      hashes: [{ alg: "SHA-512", content: "a".repeat(128) }],
      licenses: [{ expression: "Apache-2.0", acknowledgement: "declared" }],
      purl: "pkg:generic/acme-hub@1.4.0",
    },
  },
  components: [
    {
      "bom-ref": "SPDXRef-openssl",
      type: "library",
      name: "openssl",
      version: "3.0.13",
      supplier: { name: "OpenSSL Foundation" },
      hashes: [{ alg: "SHA-256", content: "b".repeat(64) }],
      licenses: [{ expression: "Apache-2.0", acknowledgement: "concluded" }],
      purl: "pkg:generic/openssl@3.0.13",
      cpe: "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*",
      externalReferences: [{ type: "distribution", url: "https://www.openssl.org/source/openssl-3.0.13.tar.gz" }],
    },
  ],
  dependencies: [{ ref: "SPDXRef-hub", dependsOn: ["SPDXRef-openssl"] }],
};

describe("SPDX and CycloneDX of the same product", () => {
  it("give equal models, apart from the standard, its version, the SBOM's URI and where each element sits", () => {
    const spdx = ingestSbomBytes(encode(JSON.stringify(PRODUCT_SPDX)));
    const cdx = ingestSbomBytes(encode(JSON.stringify(PRODUCT_CYCLONEDX)));
    expect(spdx.ok && cdx.ok).toBe(true);
    if (!spdx.ok || !cdx.ok) return;
    const comparable = (model: NormalizedSbom) => ({
      ...model,
      standard: undefined,
      specVersion: undefined,
      // SPDX's document namespace is the SBOM's URI; CycloneDX's serial number must be a urn:uuid.
      serialNumber: undefined,
      root: model.root && { ...model.root, location: undefined },
      components: model.components.map((c) => ({ ...c, location: undefined })),
    });
    expect(comparable(spdx.sbom)).toEqual(comparable(cdx.sbom));
    expect(spdx.sbom.rootDirectDependencies).toEqual(["SPDXRef-openssl"]);
    // The quality facts agree too, except what only one of them can state (CycloneDX's BOM version).
    expect({ ...spdx.quality.ntia }).toEqual({ ...cdx.quality.ntia });
  });
});

describe("hostile and broken SPDX", () => {
  const base = () => JSON.parse(JSON.stringify(PRODUCT_SPDX)) as typeof PRODUCT_SPDX & Record<string, unknown>;

  it("a relationship to an unknown SPDXID is a located error", () => {
    const doc = base();
    doc.relationships.push({
      spdxElementId: "SPDXRef-hub",
      relationshipType: "DEPENDS_ON",
      relatedSpdxElement: "SPDXRef-ghost",
    });
    const result = validateSbomBytes(encode(JSON.stringify(doc)));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({ path: "/relationships/2/relatedSpdxElement", constraint: "unknown-spdxid" }),
    ]);
  });

  it("the same error in tag-value carries its line", () => {
    const text = [
      "SPDXVersion: SPDX-2.3",
      "DataLicense: CC0-1.0",
      "SPDXID: SPDXRef-DOCUMENT",
      "DocumentName: x",
      "DocumentNamespace: https://example.com/x",
      "Creator: Tool: x-1",
      "Created: 2026-01-01T00:00:00Z",
      "",
      "PackageName: a",
      "SPDXID: SPDXRef-a",
      "PackageDownloadLocation: NOASSERTION",
      "Relationship: SPDXRef-a DEPENDS_ON SPDXRef-ghost",
    ].join("\n");
    const result = validateSbomBytes(encode(text));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ line: 12, constraint: "unknown-spdxid" });
  });

  it("a duplicated SPDXID is a located error naming the first use", () => {
    const doc = base();
    doc.packages[1]!.SPDXID = "SPDXRef-hub";
    const result = validateSbomBytes(encode(JSON.stringify(doc)));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ path: "/packages/1/SPDXID", constraint: "duplicate-spdxid" });
    expect(result.issues[0]?.message).toContain("/packages/0/SPDXID");
  });

  it("hasFiles must name files: a package there is an error, an element of a declared external document is not", () => {
    const doc = base();
    doc.files = [
      {
        SPDXID: "SPDXRef-readme",
        fileName: "./README",
        checksums: [{ algorithm: "SHA1", checksumValue: "c".repeat(40) }],
      },
    ];
    doc.externalDocumentRefs = [
      {
        externalDocumentId: "DocumentRef-base",
        spdxDocument: "https://example.com/base",
        checksum: { algorithm: "SHA1", checksumValue: "d".repeat(40) },
      },
    ];
    (doc.packages[0] as Record<string, unknown>).hasFiles = [
      "SPDXRef-readme",
      "DocumentRef-base:SPDXRef-x",
      "SPDXRef-openssl",
      "SPDXRef-nowhere",
    ];
    const result = validateSbomBytes(encode(JSON.stringify(doc)));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => [issue.path, issue.constraint])).toEqual([
      ["/packages/0/hasFiles/2", "unknown-spdxid"],
      ["/packages/0/hasFiles/3", "unknown-spdxid"],
    ]);
    expect(result.issues[0]?.message).toContain("is not a file of this document");
    expect(result.issues[1]?.message).toContain("is no element of this document");
  });

  it("every reuse of an SPDXID is named, across packages, files and snippets, with the first use", () => {
    const doc = base();
    doc.files = [
      { SPDXID: "SPDXRef-openssl", fileName: "./a", checksums: [{ algorithm: "SHA1", checksumValue: "c".repeat(40) }] },
    ];
    doc.snippets = [
      {
        SPDXID: "SPDXRef-DOCUMENT",
        snippetFromFile: "SPDXRef-openssl",
        ranges: [
          {
            startPointer: { offset: 1, reference: "SPDXRef-openssl" },
            endPointer: { offset: 2, reference: "SPDXRef-openssl" },
          },
        ],
        licenseConcluded: "NOASSERTION",
        name: "s",
      },
    ];
    const result = validateSbomBytes(encode(JSON.stringify(doc)));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => [issue.path, issue.constraint])).toEqual([
      ["/files/0/SPDXID", "duplicate-spdxid"],
      ["/snippets/0/SPDXID", "duplicate-spdxid"],
    ]);
    expect(result.issues[0]?.message).toContain("/packages/1/SPDXID");
    expect(result.issues[1]?.message).toContain("at /SPDXID");
  });

  it("normalizes to the same model with the index validation built as without it", () => {
    const validation = validateSbomBytes(encode(JSON.stringify(PRODUCT_SPDX)));
    expect(validation.ok).toBe(true);
    if (!validation.ok || validation.document.format !== "spdx") return;
    expect(validation.document.index?.root?.pointer).toBe("/packages/0");
    expect(validation.componentCount).toBe(1);
    const { spdx, serialisation } = validation.document;
    expect(normalizeSpdx2(spdx, serialisation, "2.3", validation.document.index)).toEqual(
      normalizeSpdx2(structuredClone(spdx), serialisation, "2.3"),
    );
  });

  it("a value of the wrong type is a schema error at its pointer, and at its line in YAML", () => {
    const doc = base();
    (doc.packages[0] as Record<string, unknown>).versionInfo = 14;
    const json = validateSbomBytes(encode(JSON.stringify(doc)));
    expect(json.ok).toBe(false);
    if (!json.ok) expect(json.issues[0]).toMatchObject({ path: "/packages/0/versionInfo", constraint: "type" });
    const yaml = [
      "spdxVersion: SPDX-2.3",
      "dataLicense: CC0-1.0",
      "SPDXID: SPDXRef-DOCUMENT",
      "name: x",
      "documentNamespace: https://example.com/x",
      "creationInfo:",
      "  created: '2026-01-01T00:00:00Z'",
      "  creators: ['Tool: x-1']",
      "packages:",
      "  - SPDXID: SPDXRef-a",
      "    name: [not, a, string]",
      "    downloadLocation: NOASSERTION",
    ].join("\n");
    const result = validateSbomBytes(encode(yaml));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ path: "/packages/0/name", line: 11, constraint: "type" });
  });

  it("a schema-breaking document is still refused; only on request its facts come with the issues", () => {
    const doc = base();
    (doc.packages[1] as Record<string, unknown>).versionInfo = 14;
    const bytes = encode(JSON.stringify(doc));
    const plain = ingestSbomBytes(bytes);
    expect(plain.ok).toBe(false);
    if (plain.ok) return;
    expect(plain.unvalidated).toBeUndefined();
    const looked = ingestSbomBytes(bytes, { factsOfInvalid: true });
    expect(looked.ok).toBe(false);
    if (looked.ok) return;
    expect(looked.issues[0]).toMatchObject({ path: "/packages/1/versionInfo", constraint: "type" });
    // The wrongly typed version reads as absent; the rest of the package is there.
    expect(looked.unvalidated?.specVersion).toBe("2.3");
    expect(looked.unvalidated?.sbom.root?.name).toBe("acme-hub");
    expect(looked.unvalidated?.sbom.components.map((c) => [c.name, c.version])).toEqual([["openssl", undefined]]);
    expect(looked.unvalidated?.quality.ntia.missingVersion.count).toBe(1);
  });

  it("a huge tag-value line is refused with a short, located message", () => {
    const huge = "x".repeat(8 * 1024 * 1024);
    const text = `SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n${huge}\n`;
    const result = validateSbomBytes(encode(text));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ line: 3, constraint: "tag-value" });
    expect(result.issues[0]!.message.length).toBeLessThan(200);
  });

  it("a <text> value that never closes is a located error", () => {
    const text = "SPDXVersion: SPDX-2.3\nDocumentComment: <text>starts here\nand never ends\n";
    const result = validateSbomBytes(encode(text));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ line: 2, constraint: "tag-value" });
  });

  it("an SPDX version it does not read is refused with the versions it reads", () => {
    const doc = { ...base(), spdxVersion: "SPDX-2.1" };
    const result = validateSbomBytes(encode(JSON.stringify(doc)));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ path: "/spdxVersion", constraint: "spec-version" });
    expect(result.issues[0]?.message).toContain("2.3");
  });

  it("__proto__ as an SPDXID or member stays inert data", () => {
    const doc = base();
    doc.packages[1]!.SPDXID = "__proto__";
    doc.relationships[1]!.spdxElementId = "__proto__";
    const text = JSON.stringify(doc).replace('"name":"openssl"', '"name":"openssl","__proto__":{"polluted":true}');
    const result = ingestSbomBytes(encode(text));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The schema forbids the extra member.
    expect(result.ok).toBe(false);
  });

  it("a YAML alias bomb is refused, not expanded", () => {
    const lines = ["spdxVersion: SPDX-2.3", "a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++)
      lines.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      );
    const result = validateSbomBytes(encode(lines.join("\n")));
    expect(result.ok).toBe(false);
  });
});
