/**
 * SPDX 3.0.0 beside 3.0.1: the specification model's 3.0.0 examples (tests/fixtures/spdx, see its README), each
 * read or refused with a located reason; one product written as a 3.0.0 and as a 3.0.1 document
 * (tests/fixtures/spdx/own) giving one model; and the properties the two versions spell differently.
 * Package and file counts were taken with jq over `@graph` (`software_Package`, `software_File` elements).
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { InputIssue } from "../../src/domain/input-issue.js";
import { ingestSbomBytes } from "../../src/sbom/ingest.js";
import type { NormalizedSbom } from "../../src/sbom/model.js";
import { validateSbomBytes } from "../../src/sbom/validate.js";

const fixtures = fileURLToPath(new URL("../fixtures/spdx/", import.meta.url));
const encode = (text: string) => new TextEncoder().encode(text);
const GATEWAY_300 = `${fixtures}own/acme-gateway-3.0.0.spdx3.json`;
const GATEWAY_301 = `${fixtures}own/acme-gateway-3.0.1.spdx3.json`;

function gateway300(): Record<string, unknown> & { "@graph": Record<string, unknown>[] } {
  return JSON.parse(readFileSync(GATEWAY_300, "utf8"));
}

function issuesOf(bytes: Uint8Array): InputIssue[] {
  const result = validateSbomBytes(bytes);
  if (result.ok) throw new Error("expected the document to be refused");
  return result.issues;
}

function modelOf(bytes: Uint8Array): NormalizedSbom {
  const result = ingestSbomBytes(bytes);
  if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 3)));
  return result.sbom;
}

const everything = (sbom: NormalizedSbom) => (sbom.root ? [sbom.root, ...sbom.components] : sbom.components);

// The spdx-3-model examples (serialization/jsonld/examples): what each one is, and what becomes of it.
const READ: [file: string, packages: number, files: number][] = [["spdx_document3.json", 1, 2]];

// Single elements: well-formed SPDX data that names no product. Read as they are, with one warning at /type; the
// absence of a product (and of components) is the checks' to report, not a reason to refuse the input.
const SINGLE_ELEMENTS: [file: string, type: string, packages: number][] = [
  ["agent1.json", "Agent", 0],
  ["annotation1.json", "Annotation", 0],
  ["org1.json", "Organization", 0],
  ["package1.json", "software_Package", 1],
  ["person1.json", "Person", 0],
  ["person2.json", "Person", 0],
  ["tool1.json", "Tool", 0],
];

const REFUSED: [file: string, path: string, constraint: string, says: string][] = [
  // Single elements that break their class or point at what is not there.
  ["file1.json", "/contentType", "unevaluatedProperties", 'calls it "software_contentType"'],
  ["person3.json", "", "required", '"creationInfo"'],
  ["relationship1.json", "/from", "unknown-spdxid", "https://some.namespace#SPDXRef-Package"],
  // A lone Sbom is a collection, but its sbomType is a string where the schema wants a list.
  ["sbom1.json", "/software_sbomType", "oneOf", "must be array"],
  // Collections whose root is neither in the document nor imported.
  ["spdx_document1.json", "/rootElement/0", "unknown-spdxid", '"imports"'],
  ["two_sboms.json", "/@graph/0/rootElement/0", "unknown-spdxid", "https://some.namespace#File1"],
  // 3.0.1's spelling of a file's content type in a 3.0.0 document.
  ["spdx_document2.json", "/@graph/2/contentType", "unevaluatedProperties", 'calls it "software_contentType"'],
  // A prefix map beside the context: JSON-LD allows it, the SPDX JSON schema's constant context does not.
  ["spdx_document4.json", "/@context", "const", "single string"],
  ["converted_from_spdx_2.json", "/@context", "const", "3.0.1/spdx-context.jsonld"],
];

describe("the SPDX 3 model's examples", () => {
  it("are all accounted for", () => {
    const listed = [...READ, ...SINGLE_ELEMENTS, ...REFUSED].map(([file]) => file).sort();
    const present = readdirSync(`${fixtures}examples/spdx-3-model`).sort();
    expect(listed).toEqual(present);
  });

  it.each(READ)("%s (SPDX 3.0.0) reads with %i packages and %i files", (file, packages, files) => {
    const sbom = modelOf(readFileSync(`${fixtures}examples/spdx-3-model/${file}`));
    expect(sbom).toMatchObject({ standard: "SPDX", format: "json", specVersion: "3.0.0" });
    const all = everything(sbom);
    expect(all.filter((c) => c.type !== "file")).toHaveLength(packages);
    expect(all.filter((c) => c.type === "file")).toHaveLength(files);
  });

  it.each(SINGLE_ELEMENTS)("%s (one %s) reads with %i packages, no product, and a warning", (file, type, packages) => {
    const bytes = readFileSync(`${fixtures}examples/spdx-3-model/${file}`);
    const checked = validateSbomBytes(bytes);
    if (!checked.ok) throw new Error(JSON.stringify(checked.issues.slice(0, 3)));
    expect(checked.warnings).toEqual([
      expect.objectContaining({ path: "/type", constraint: "spdx-document", message: expect.stringContaining(type) }),
    ]);
    const sbom = modelOf(bytes);
    expect(sbom.root).toBeUndefined();
    expect(sbom.components.filter((c) => c.type !== "file")).toHaveLength(packages);
  });

  it.each(REFUSED)("%s is refused at %s (%s)", (file, path, constraint, says) => {
    const [first] = issuesOf(readFileSync(`${fixtures}examples/spdx-3-model/${file}`));
    expect(first).toMatchObject({ path, constraint });
    expect(first?.message).toContain(says);
  });
});

describe("one product as SPDX 3.0.0 and as SPDX 3.0.1", () => {
  const old = modelOf(readFileSync(GATEWAY_300));
  const current = modelOf(readFileSync(GATEWAY_301));

  it("both read, each with its own version", () => {
    expect(old.specVersion).toBe("3.0.0");
    expect(current.specVersion).toBe("3.0.1");
  });

  it("give equal models apart from the version", () => {
    expect({ ...old, specVersion: undefined }).toEqual({ ...current, specVersion: undefined });
  });

  it("the model holds what the document says", () => {
    expect(old.root).toMatchObject({
      name: "acme-gateway-firmware",
      version: "2.4.1",
      type: "firmware",
      supplier: { name: "Acme Devices GmbH", contact: [{ email: "psirt@acme.example" }] },
      manufacturer: { name: "Acme Devices GmbH" },
      cpe: "cpe:2.3:o:acme:gateway_firmware:2.4.1:*:*:*:*:*:*:*",
    });
    expect(old.root?.licenses.map((l) => [l.value, l.acknowledgement])).toEqual([["LicenseRef-Acme-EULA", "declared"]]);
    expect(old.components.map((c) => c.name)).toEqual(["busybox", "openssl", "zlib", "rootfs.squashfs"]);
    expect(old.components.find((c) => c.name === "zlib")?.externalReferences[0]?.type).toBe("vcs");
    expect(old.metadata).toMatchObject({
      timestamp: "2026-11-20T14:02:11Z",
      authors: [
        { name: "Acme Devices GmbH", email: "psirt@acme.example" },
        { name: "Jana Novak", email: "jana.novak@acme.example" },
      ],
      tools: [{ name: "acme-image-sbom 1.8.2" }],
      endOfSupport: { value: "2031-11-30T00:00:00Z" },
    });
    expect(old.serialNumber).toBe("https://sbom.acme.example/gateway/2.4.1#document");
    // The imported kernel is no element of this document: no component, no edge to it.
    expect(old.dependencies).toContainEqual({
      ref: "https://sbom.acme.example/gateway/2.4.1#busybox",
      dependsOn: ["https://sbom.acme.example/gateway/2.4.1#openssl", "https://sbom.acme.example/gateway/2.4.1#zlib"],
    });
    expect(old.rootDirectDependencies).toHaveLength(4);
  });
});

describe("what 3.0.0 spells differently", () => {
  it("declares imported elements in `imports`: without it, the relationship to the kernel is refused", () => {
    const doc = gateway300();
    const documentElement = doc["@graph"].find((element) => element.type === "SpdxDocument")!;
    delete documentElement.imports;
    const at = doc["@graph"].findIndex((element) => element.relationshipType === "dependsOn");
    const [first] = issuesOf(encode(JSON.stringify(doc)));
    expect(first).toMatchObject({ constraint: "unknown-spdxid", path: `/@graph/${at}/to/0` });
    expect(first?.message).toContain('"imports"');
  });

  it("refuses 3.0.1's `import` in a 3.0.0 document, naming the 3.0.0 property", () => {
    const doc = gateway300();
    const documentElement = doc["@graph"].find((element) => element.type === "SpdxDocument")!;
    documentElement.import = documentElement.imports;
    delete documentElement.imports;
    const [first] = issuesOf(encode(JSON.stringify(doc)));
    const at = doc["@graph"].indexOf(documentElement);
    expect(first).toMatchObject({ path: `/@graph/${at}/import`, constraint: "unevaluatedProperties" });
    expect(first?.message).toContain('calls it "imports"');
  });

  it("refuses 3.0.0's `build_parameters` in a 3.0.1 document, naming the 3.0.1 property", () => {
    const doc = JSON.parse(readFileSync(GATEWAY_301, "utf8")) as { "@graph": Record<string, unknown>[] };
    const build = doc["@graph"].find((element) => element.type === "build_Build")!;
    build.build_parameters = build.build_parameter;
    delete build.build_parameter;
    const [first] = issuesOf(encode(JSON.stringify(doc)));
    const at = doc["@graph"].indexOf(build);
    expect(first).toMatchObject({ path: `/@graph/${at}/build_parameters`, constraint: "unevaluatedProperties" });
    expect(first?.message).toContain('calls it "build_parameter"');
  });

  it("reads a 3.0.0 package without an spdxId (a blank node, which 3.0.1 forbids) with its fields", () => {
    const doc = gateway300();
    const busybox = doc["@graph"].find((element) => element.name === "busybox")!;
    delete busybox.spdxId;
    // Nothing may name it any more: drop the relationships and list entries that did.
    const id = "https://sbom.acme.example/gateway/2.4.1#busybox";
    doc["@graph"] = doc["@graph"].filter((element) => element.from !== id);
    for (const element of doc["@graph"]) {
      if (Array.isArray(element.to)) element.to = element.to.filter((to) => to !== id);
      if (Array.isArray(element.element)) element.element = element.element.filter((e) => e !== id);
    }
    const sbom = modelOf(encode(JSON.stringify(doc)));
    expect(sbom.components.find((c) => c.name === "busybox")).toMatchObject({
      version: "1.36.1",
      hasBomRef: false,
      hashes: [{ alg: "SHA-256" }],
    });
    const asOf301 = JSON.stringify(doc)
      .replace("3.0.0/spdx-context", "3.0.1/spdx-context")
      .replace('"imports"', '"import"');
    expect(validateSbomBytes(encode(asOf301)).ok).toBe(false);
  });

  it("refuses an SPDX 3 context it does not know, naming the versions it reads", () => {
    const doc = { ...gateway300(), "@context": "https://spdx.org/rdf/3.1/spdx-context.jsonld" };
    const [first] = issuesOf(encode(JSON.stringify(doc)));
    expect(first).toMatchObject({ path: "/@context", constraint: "spec-version" });
    expect(first?.message).toContain("(SPDX 3.0.0)");
    expect(first?.message).toContain("(SPDX 3.0.1)");
  });
});

describe("what is an SPDX 3 SBOM document", () => {
  it("a graph of loose elements, with neither SpdxDocument nor Sbom, is read with a warning and no product", () => {
    const doc = gateway300();
    const collections = new Set(["SpdxDocument", "software_Sbom"]);
    const kept = doc["@graph"].filter((element) => !collections.has(element.type as string));
    // The document's imports go with it; a relationship to an imported element would then point nowhere.
    const keptIds = new Set(kept.map((element) => element.spdxId));
    doc["@graph"] = kept.filter(
      (element) => element.type !== "Relationship" || (element.to as string[]).every((id) => keptIds.has(id)),
    );
    const bytes = encode(JSON.stringify(doc));
    const checked = validateSbomBytes(bytes);
    if (!checked.ok) throw new Error(JSON.stringify(checked.issues.slice(0, 3)));
    expect(checked.warnings).toEqual([expect.objectContaining({ path: "/@graph", constraint: "spdx-document" })]);
    const sbom = modelOf(bytes);
    expect(sbom.root).toBeUndefined();
    expect(sbom.components.length).toBe(modelOf(readFileSync(GATEWAY_300)).components.length + 1);
  });

  it("without its SpdxDocument, a relationship to an element the document imported is a broken reference", () => {
    const doc = gateway300();
    doc["@graph"] = doc["@graph"].filter((element) => element.type !== "SpdxDocument");
    const sbomElement = doc["@graph"].find((element) => element.type === "software_Sbom");
    expect(sbomElement).toBeDefined();
    expect(issuesOf(encode(JSON.stringify(doc)))[0]).toMatchObject({ constraint: "unknown-spdxid" });
  });

  it("a second SpdxDocument is refused where it stands (at most one per serialization)", () => {
    const doc = gateway300();
    const documentElement = doc["@graph"].find((element) => element.type === "SpdxDocument")!;
    const second = { ...documentElement, spdxId: "https://sbom.acme.example/gateway/2.4.1#document-2" };
    doc["@graph"].push(second);
    expect(issuesOf(encode(JSON.stringify(doc)))[0]).toMatchObject({
      path: `/@graph/${doc["@graph"].length - 1}/type`,
      constraint: "spdx-document",
    });
  });

  it("a graph item of no SPDX class is refused at its type, in the version's terms", () => {
    const doc = gateway300();
    doc["@graph"][9]!.type = "software_Pakage";
    const [first] = issuesOf(encode(JSON.stringify(doc)));
    expect(first).toMatchObject({ path: "/@graph/9/type" });
    expect(first?.message).toContain("not a class of SPDX 3.0.0");
  });
});
