/**
 * SBOMs the reader was not written against: documents shaped after what sbom-tool, syft, Zephyr and others write
 * (tests/fixtures/sboms/unseen, written by hand for these tests, see its README). Every expectation was read off
 * the document and the specification by hand, not taken from the reader.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { locateFact } from "../../src/rules/facts.js";
import { checkSbomFile, ingestSbomBytes } from "../../src/sbom/ingest.js";
import type { NormalizedSbom } from "../../src/sbom/model.js";
import { validateSbomBytes } from "../../src/sbom/validate.js";

const unseen = fileURLToPath(new URL("../fixtures/sboms/unseen/", import.meta.url));

function read(name: string): NormalizedSbom {
  const result = ingestSbomBytes(readFileSync(`${unseen}${name}`));
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.issues.slice(0, 3))}`);
  return result.sbom;
}

describe("Microsoft sbom-tool, SPDX 2.2 JSON", () => {
  const name = "sbomtool-2.2.spdx.json";
  const newtonsoft = "SPDXRef-Package-5E8E43E2A5B1C0D9F7E6A3B2C1D0E9F8A7B6C5D4E3F2A1B0C9D8E7F6A5B4C3D2";
  const serilog = "SPDXRef-Package-0D6C1F2E3A4B5C6D7E8F9A0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0D";
  const dll = "SPDXRef-File--Contoso.Gateway.dll-4C1F8E0A2B7D9E3F0A1B2C3D4E5F60718293A4B5";
  const deps = "SPDXRef-File--Contoso.Gateway.deps.json-0B9A8C7D6E5F4A3B2C1D0E9F8A7B6C5D4E3F2A1B";

  it("is valid: PACKAGE-MANAGER, the 2.2 specification's spelling, is read with one warning naming the first", () => {
    const result = validateSbomBytes(readFileSync(`${unseen}${name}`));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({
      path: "/packages/0/externalRefs/0/referenceCategory",
      constraint: "enum",
    });
    expect(result.warnings[0]?.message).toContain("3 external references");
  });

  it("reads the described package as the root and its two packages and two files as components", () => {
    const sbom = read(name);
    expect(sbom).toMatchObject({ standard: "SPDX", format: "json", specVersion: "2.2" });
    expect(sbom.root).toMatchObject({ bomRef: "SPDXRef-RootPackage", name: "Contoso.Gateway", version: "4.2.0" });
    expect(sbom.root?.supplier?.name).toBe("Contoso Ltd");
    expect(sbom.root?.licenses).toEqual([]);
    expect(sbom.components.map((c) => c.bomRef)).toEqual([newtonsoft, serilog, dll, deps]);
  });

  it("reads supplier and purl, NOASSERTION as absent, and the files' SHA-256 and SHA-1", () => {
    const sbom = read(name);
    const json = sbom.components.find((c) => c.bomRef === newtonsoft);
    expect(json).toMatchObject({ name: "Newtonsoft.Json", version: "13.0.3" });
    expect(json?.supplier?.name).toBe("James Newton-King");
    expect(json?.purl).toMatchObject({ type: "nuget", name: "Newtonsoft.Json", version: "13.0.3" });
    expect(json?.licenses).toEqual([]);
    expect(json?.copyright).toBeUndefined();
    expect(json?.externalReferences).toEqual([]);
    expect(sbom.components.find((c) => c.bomRef === dll)?.hashes).toEqual([
      { alg: "SHA-256", content: "9f2c1e7d4b8a6035f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90" },
      { alg: "SHA-1", content: "4c1f8e0a2b7d9e3f0a1b2c3d4e5f60718293a4b5" },
    ]);
  });

  it("takes DEPENDS_ON and hasFiles as the root's dependencies, and the creators as author and tool", () => {
    const sbom = read(name);
    expect(sbom.dependencies).toEqual([{ ref: "SPDXRef-RootPackage", dependsOn: [newtonsoft, serilog, dll, deps] }]);
    expect(sbom.metadata.tools).toEqual([{ name: "Microsoft.SBOMTool", version: "2.2.8" }]);
    expect(sbom.metadata.authors).toEqual([{ name: "Contoso Ltd" }]);
    expect(sbom.metadata.timestamp).toBe("2026-11-03T14:22:09Z");
  });
});

describe("Zephyr's SPDX builder, SPDX 2.3 tag-value", () => {
  const name = "zephyr-build-2.3.spdx";

  it("takes the files written after a package as that package's files (2.3 clause 5.2.2)", () => {
    const sbom = read(name);
    expect(sbom).toMatchObject({ standard: "SPDX", format: "tag-value", specVersion: "2.3" });
    expect(sbom.root?.bomRef).toBe("SPDXRef-zephyr-final");
    expect(sbom.components.map((c) => c.bomRef)).toEqual([
      "SPDXRef-nrf-libs",
      "SPDXRef-File-zephyr.elf",
      "SPDXRef-File-zephyr.hex",
    ]);
    // STATIC_LINK, then the two files that follow the package; GENERATED_FROM into the external document is none.
    expect(sbom.dependencies).toEqual([
      {
        ref: "SPDXRef-zephyr-final",
        dependsOn: ["SPDXRef-nrf-libs", "SPDXRef-File-zephyr.elf", "SPDXRef-File-zephyr.hex"],
      },
    ]);
  });

  it("leaves no file outside the dependency graph", () => {
    const result = ingestSbomBytes(readFileSync(`${unseen}${name}`));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.quality?.ntia.missingFromDependencyGraph.count).toBe(0);
    expect(result.quality?.completeness.unreachableFromRoot.count).toBe(0);
  });

  it("reads NOASSERTION as absent, a LicenseRef- as a valid expression and a <text> copyright over two lines", () => {
    const sbom = read(name);
    expect(sbom.root?.licenses).toEqual([
      {
        kind: "expression",
        value: "Apache-2.0 AND LicenseRef-nordic-5-clause",
        validSpdx: true,
        spdxIds: ["Apache-2.0", "LicenseRef-nordic-5-clause"],
        acknowledgement: "concluded",
      },
    ]);
    expect(sbom.root?.copyright).toBeUndefined();
    const nrf = sbom.components[0];
    expect(nrf).toMatchObject({
      version: "2.7.0",
      cpe: "cpe:2.3:a:nordicsemi:nrf_connect_sdk:2.7.0:*:*:*:*:*:*:*",
      copyright: "Copyright (c) 2018-2024\nNordic Semiconductor ASA",
    });
    expect(nrf?.supplier?.name).toBe("Nordic Semiconductor ASA");
    expect(nrf?.externalReferences.map(({ type, url }) => ({ type, url }))).toEqual([
      { type: "vcs", url: "git+https://github.com/nrfconnect/sdk-nrf@v2.7.0" },
    ]);
    expect(sbom.components[2]?.licenses).toEqual([]);
    expect(sbom.metadata.tools).toEqual([{ name: "Zephyr SPDX builder" }]);
    expect(sbom.metadata.authors).toEqual([]);
  });

  it("reads the same with CRLF line ends", () => {
    const crlf = readFileSync(`${unseen}${name}`, "utf8").replace(/\n/g, "\r\n");
    const result = ingestSbomBytes(new TextEncoder().encode(crlf));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { format: _f, ...model } = result.sbom;
    const { format: _g, ...reference } = read(name);
    expect(model).toEqual(reference);
  });
});

describe("an SPDX 2.3 YAML document from a manufacturer's pipeline", () => {
  const name = "vendor-2.3.spdx.yaml";

  it("names the SBOM's creator for BSI TR-03183-2 from its creators: the one reachable by e-mail", () => {
    const result = ingestSbomBytes(readFileSync(`${unseen}${name}`));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sbom.metadata.authors).toEqual([
      { name: "Jürgen Groß" },
      { name: "Heizwerk Regeltechnik GmbH", email: "psirt@heizwerk.example" },
    ]);
    expect(result.quality?.bsi).toMatchObject({ hasCreator: true, hasCreatorContact: true, creatorUrlInvalid: false });
  });

  it("reads DEPENDS_ON NONE as a dependency entry with no dependencies (2.3 clause 11.1)", () => {
    const result = ingestSbomBytes(readFileSync(`${unseen}${name}`));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sbom.dependencies).toEqual([
      { ref: "SPDXRef-thermo-ctl", dependsOn: ["SPDXRef-mbedtls"] },
      { ref: "SPDXRef-mbedtls", dependsOn: [] },
    ]);
    expect(result.quality?.bsi.missingDependencies.count).toBe(0);
  });

  it("a creator without e-mail or URL is a creator without contact (sbom-tool's Organization: Contoso Ltd)", () => {
    const result = ingestSbomBytes(readFileSync(`${unseen}sbomtool-2.2.spdx.json`));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.quality?.bsi).toMatchObject({ hasCreator: true, hasCreatorContact: false });
  });
});

describe("an SPDX 3.0.1 JSON-LD document as a generator writes it", () => {
  const name = "tool-3.0.1.spdx.json";
  const hub = "https://sbom.lumen.example/pkg/hub";
  const openssl = "https://sbom.lumen.example/pkg/openssl";
  const zlib = "https://sbom.lumen.example/pkg/zlib";
  const text = () => readFileSync(`${unseen}${name}`, "utf8");

  it("reads NoneElement, the Core individual, as 'no dependencies' instead of refusing it as an unknown spdxId", () => {
    const result = ingestSbomBytes(new TextEncoder().encode(text()));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sbom.root?.bomRef).toBe(hub);
    expect(result.sbom.dependencies).toEqual([
      { ref: hub, dependsOn: [openssl, zlib] },
      { ref: openssl, dependsOn: [] },
    ]);
    const [first, second] = result.sbom.components;
    expect(first).toMatchObject({ bomRef: openssl, cpe: "cpe:2.3:a:openssl:openssl:3.0.15:*:*:*:*:*:*:*" });
    expect(first?.supplier?.name).toBe("OpenSSL Software Foundation");
    expect(first?.licenses.map((l) => [l.value, l.acknowledgement])).toEqual([["Apache-2.0", "declared"]]);
    expect(second?.licenses.map((l) => [l.value, l.acknowledgement])).toEqual([["Zlib", "concluded"]]);
    expect(result.sbom.metadata.authors).toEqual([{ name: "Lumen Lighting GmbH", email: "psirt@lumen.example" }]);
    expect(result.quality?.bsi).toMatchObject({ hasCreator: true, hasCreatorContact: true });
  });

  it("reads NoAssertionElement as saying nothing: no entry, as SPDX 2's NOASSERTION", () => {
    const result = ingestSbomBytes(new TextEncoder().encode(text().replace('"NoneElement"', '"NoAssertionElement"')));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sbom.dependencies).toEqual([{ ref: hub, dependsOn: [openssl, zlib] }]);
  });

  it("takes a concluded licence of NoAssertionLicense as no licence, not as a dangling reference", () => {
    const result = ingestSbomBytes(
      new TextEncoder().encode(
        text().replace(
          '"to": ["https://sbom.lumen.example/lic/zlib"]',
          '"to": ["expandedlicensing_NoAssertionLicense"]',
        ),
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sbom.components[1]?.licenses).toEqual([]);
  });
});

describe("CycloneDX whose product has sub-components (cdxgen 1.6 JSON, the Maven plugin's 1.4 XML)", () => {
  // cdxgen: express, sharp-libvips, left-pad, and orbit-ui under metadata.component; Maven: jackson-databind,
  // slf4j-api, and klima-protocol under metadata.component. The product itself is no component.
  it.each([
    ["cdxgen-1.6.cdx.json", 4],
    ["maven-1.4.cdx.xml", 3],
  ])("%s: validate, the streamed check and the model all count %i components", async (name, count) => {
    const bytes = readFileSync(`${unseen}${name}`);
    const validation = validateSbomBytes(bytes);
    expect(validation.ok && validation.componentCount).toBe(count);
    const checked = await checkSbomFile(`${unseen}${name}`);
    expect(checked.ok && checked.componentCount).toBe(count);
    expect(read(name).components).toHaveLength(count);
  });

  it("reads cdxgen's tools object, nested product component and licence forms", () => {
    const sbom = read("cdxgen-1.6.cdx.json");
    // A 1.5+ tool component's group is the legacy vendor (as the CycloneDX libraries convert them).
    expect(sbom.metadata.tools).toEqual([{ vendor: "@cyclonedx", name: "cdxgen", version: "11.2.7" }]);
    expect(sbom.components.find((c) => c.name === "orbit-ui")?.parentRef).toBe("pkg:npm/@orbit/orbit-portal@5.3.0");
    expect(sbom.components.map((c) => c.licenses.map((l) => `${l.kind}:${l.value}`))).toEqual([
      [], // orbit-ui, first: metadata comes before components (document order)
      ["id:MIT"],
      ["expression:LGPL-3.0-or-later"],
      ["name:WTFPL-ish custom"],
    ]);
  });
});

describe("Yocto's image SBOM, SPDX 2.2 JSON: the packages are in documents of their own", () => {
  const name = "yocto-image-2.2.spdx.json";

  it("reads the image as the root with no components, and says why in a located warning", () => {
    const result = ingestSbomBytes(readFileSync(`${unseen}${name}`));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sbom.root?.name).toBe("core-image-gateway-qemux86-64-20260814061240");
    expect(result.sbom.components).toEqual([]);
    expect(result.sbom.dependencies).toEqual([]);
    expect(result.warnings).toEqual([
      expect.objectContaining({ path: "/relationships/1/relatedSpdxElement", constraint: "external-document" }),
    ]);
    expect(result.warnings[0]?.message).toContain("2 dependency relationships");
    expect(result.warnings[0]?.message).toContain("DocumentRef-runtime-busybox, DocumentRef-runtime-openssl");
  });

  it("warns in tag-value too, but not for a relationship that is no dependency (Zephyr's GENERATED_FROM)", () => {
    const zephyr = validateSbomBytes(readFileSync(`${unseen}zephyr-build-2.3.spdx`));
    expect(zephyr.ok && zephyr.warnings).toEqual([]);
    const text = readFileSync(`${unseen}zephyr-build-2.3.spdx`, "utf8").replace(
      "GENERATED_FROM DocumentRef-zephyr:SPDXRef-zephyr-sources",
      "DEPENDS_ON DocumentRef-zephyr:SPDXRef-zephyr-sources",
    );
    const result = validateSbomBytes(new TextEncoder().encode(text));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([expect.objectContaining({ line: 24, constraint: "external-document" })]);
  });
});

describe("Trivy, SPDX 2.3 JSON of a container image", () => {
  const name = "trivy-2.3.spdx.json";
  const text = () => readFileSync(`${unseen}${name}`, "utf8");

  it("reads OPERATING-SYSTEM, the 2.3 specification's spelling, with a warning, as an operating-system component", () => {
    const result = ingestSbomBytes(new TextEncoder().encode(text()));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([
      expect.objectContaining({ path: "/packages/1/primaryPackagePurpose", constraint: "enum" }),
    ]);
    expect(result.sbom.root).toMatchObject({ name: "registry.example.net/edge/gateway:3.4.1", type: "container" });
    expect(result.sbom.root?.version).toBeUndefined();
    expect(result.sbom.components.map((c) => [c.name, c.type, c.version])).toEqual([
      ["alpine", "operating-system", "3.20.3"],
      ["musl", "library", "1.2.5-r0"],
    ]);
    expect(result.sbom.dependencies.map((d) => d.dependsOn.length)).toEqual([1, 1]);
  });

  it("reads the schema's spelling OPERATING_SYSTEM as an operating system too (it was left without a type)", () => {
    const result = ingestSbomBytes(new TextEncoder().encode(text().replace("OPERATING-SYSTEM", "OPERATING_SYSTEM")));
    expect(result.ok && result.warnings).toEqual([]);
    expect(result.ok && result.sbom.components[0]?.type).toBe("operating-system");
  });

  it("takes OPERATING-SYSTEM in tag-value without a warning: it is the format's own word", () => {
    const tagValue = readFileSync(`${unseen}zephyr-build-2.3.spdx`, "utf8").replace(
      "PackageVersion: 2.7.0",
      "PackageVersion: 2.7.0\nPrimaryPackagePurpose: OPERATING-SYSTEM",
    );
    const result = ingestSbomBytes(new TextEncoder().encode(tagValue));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([]);
    expect(result.sbom.components[0]).toMatchObject({ name: "nrf-libs", type: "operating-system" });
  });
});

describe("a duplicated SPDXID in tag-value", () => {
  it("names the first use by its line, as the duplicate is named", () => {
    // The second file takes the first file's SPDXID; the first is declared on line 27.
    const text = readFileSync(`${unseen}zephyr-build-2.3.spdx`, "utf8").replace(
      "SPDXID: SPDXRef-File-zephyr.hex",
      "SPDXID: SPDXRef-File-zephyr.elf",
    );
    const result = validateSbomBytes(new TextEncoder().encode(text));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ line: 36, constraint: "duplicate-spdxid" });
    expect(result.issues[0]?.message).toContain("is already used at line 27;");
  });
});

describe("licences BSI TR-03183-2 G-7 accepts", () => {
  it("a free-text licence name is no SPDX identifier; an id, an expression and a name that is an SPDX id are", () => {
    const bytes = readFileSync(`${unseen}cdxgen-1.6.cdx.json`);
    const doc = JSON.parse(bytes.toString("utf8")) as { components: { licenses: unknown[] }[] };
    const asIs = ingestSbomBytes(bytes);
    expect(asIs.ok).toBe(true);
    if (!asIs.ok) return;
    // left-pad's licence is { name: "WTFPL-ish custom" }; express has an id, sharp-libvips an expression.
    expect(asIs.quality?.licenses.invalidSpdxExpressions).toEqual({ count: 1, refs: ["pkg:npm/left-pad@1.3.0"] });
    (doc.components[2] as { licenses: unknown[] }).licenses = [{ license: { name: "MIT" } }];
    const named = ingestSbomBytes(new TextEncoder().encode(JSON.stringify(doc)));
    expect(named.ok && named.quality?.licenses.invalidSpdxExpressions.count).toBe(0);
  });
});

describe("SPDX in a serialisation it does not read", () => {
  it.each([
    ["spdx-spec-2.3/SPDXRdfExample-v2.3.spdx.rdf.xml", "RDF/XML"],
    ["spdx-spec-2.3/SPDXXMLExample-v2.3.spdx.xml", "XML"],
  ])("%s is refused as SPDX, not as a CycloneDX XML document", (path, kind) => {
    const examples = fileURLToPath(new URL("../fixtures/spdx/examples/", import.meta.url));
    const result = validateSbomBytes(readFileSync(`${examples}${path}`));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result).toMatchObject({ standard: "SPDX", format: "xml" });
    expect(result.issues[0]?.message).toContain(`SPDX document in ${kind}`);
  });
});

describe("an SBOM handed over compressed", () => {
  it("a gzip file (bom.json.gz) is refused with a plain message, not 'not valid UTF-8' at byte 1", () => {
    const result = validateSbomBytes(gzipSync(readFileSync(`${unseen}syft-2.3.spdx.json`)));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([expect.objectContaining({ line: 1, column: 1, constraint: "encoding" })]);
    expect(result.issues[0]?.message).toContain("gzip-compressed");
    expect(result.issues[0]?.message).toContain("decompress it");
  });

  it("a zip archive is told to be extracted", () => {
    // A local file header's signature, then anything: the magic number decides.
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]);
    const result = validateSbomBytes(zip);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toContain("a zip archive");
    expect(result.issues[0]?.message).toContain("extract the SBOM");
  });
});

describe("evidence locations of an SPDX SBOM", () => {
  it("point at the SPDX members that hold the facts, not at CycloneDX's", () => {
    const spdx2 = { sbom: { standard: "SPDX", specVersion: "2.3" } };
    const spdx3 = { sbom: { standard: "SPDX", specVersion: "3.0.1" } };
    const cyclonedx = { sbom: { standard: "CycloneDX", specVersion: "1.6" } };
    expect(locateFact("sbom", "root.hasVersion", spdx2)).toBe("sbom:/packages");
    expect(locateFact("sbom", "root.directDependencyCount", spdx2)).toBe("sbom:/relationships");
    expect(locateFact("sbom", "specVersion", spdx2)).toBe("sbom:/spdxVersion");
    expect(locateFact("derived", "identity.sbomRootMatches", spdx2)).toBe("sbom:/packages");
    expect(locateFact("sbom", "root.hasVersion", spdx3)).toBe("sbom:/@graph");
    expect(locateFact("sbom", "present", spdx3)).toBe("sbom:/");
    expect(locateFact("sbom", "root.hasVersion", cyclonedx)).toBe("sbom:/metadata/component");
    expect(locateFact("derived", "placing", spdx2)).toBe("declaration:/product/placedOnMarket");
  });
});
