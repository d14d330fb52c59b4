/**
 * SPDX 2.2/2.3 JSON through the streaming reader (src/sbom/ingest-stream.ts, spdx-stream.ts) against the
 * whole-document path (validateSpdx2, normalizeSpdx2): for every SPDX 2 JSON document among the fixtures, for
 * synthetic documents in the orders real tools write, and for hostile input, both give the same ingest result,
 * read from bytes in memory, from a source handing out a few bytes at a time, and from a file. Documents with an
 * issue are never decided by the reader: the whole-document path words them, located.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { syntheticSpdxText } from "../../bench/synthetic/spdx.js";
import { checkSbomFile, ingestSbomBytes, ingestSbomFile, ingestWholeDocument } from "../../src/sbom/ingest.js";
import { type ByteSource, checkJsonSource, streamJsonBytes, streamJsonSource } from "../../src/sbom/ingest-stream.js";
import { validateSbomBytes } from "../../src/sbom/validate.js";

const fixtures = fileURLToPath(new URL("../fixtures", import.meta.url));
const LIMITS = { maxBytes: 1 << 30, maxDepth: 256 };

/** A source over bytes in memory that hands out at most `step` bytes per read. */
function trickle(bytes: Uint8Array, step: number): ByteSource {
  const all = Buffer.from(bytes);
  let position = 0;
  return {
    read(target, offset, length) {
      const count = Math.min(step, length, all.length - position);
      all.copy(target, offset, position, position + count);
      position += count;
      return count;
    },
    readAt(target, at, length) {
      const count = Math.max(0, Math.min(length, all.length - at));
      all.copy(target, 0, at, at + count);
      return count;
    },
  };
}

function encode(value: unknown): Uint8Array {
  return new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value, null, 1));
}

/** Both paths agree, in memory and trickled; returns whether the reader kept the document. */
function expectSameAsWholeDocument(bytes: Uint8Array, step = 7): boolean {
  const reference = ingestWholeDocument(bytes);
  expect(ingestSbomBytes(bytes)).toEqual(reference);
  const inMemory = streamJsonBytes(bytes, LIMITS);
  const trickled = streamJsonSource(trickle(bytes, step), { ...LIMITS, chunkBytes: 16 });
  const checked = checkJsonSource(trickle(bytes, step), { ...LIMITS, chunkBytes: 16 });
  expect(trickled.streamed).toBe(inMemory.streamed);
  expect(checked.streamed).toBe(inMemory.streamed);
  if (!inMemory.streamed || !trickled.streamed || !checked.streamed) return false;
  expect(reference.ok).toBe(true);
  if (!reference.ok) return true;
  const validation = validateSbomBytes(bytes);
  expect(validation.ok && validation.componentCount).toBe(inMemory.componentCount);
  expect(checked.componentCount).toBe(inMemory.componentCount);
  expect(trickled.componentCount).toBe(inMemory.componentCount);
  expect([inMemory.standard, checked.standard, checked.specVersion]).toEqual(["SPDX", "SPDX", reference.specVersion]);
  expect(inMemory.sbom).toEqual(reference.sbom);
  expect(trickled.sbom).toEqual(reference.sbom);
  expect(trickled.sha256).toBe(reference.sha256);
  return true;
}

/** Every issue says where: a JSON pointer, or a line. */
function expectLocatedRejection(bytes: Uint8Array): void {
  const result = ingestSbomBytes(bytes);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) expect(issue.path !== undefined || issue.line !== undefined).toBe(true);
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith(".json") ? [path] : [];
  });
}

/** The SPDX 2 JSON documents among the fixtures: JSON with an `spdxVersion`. */
const spdx2Json = jsonFiles(fixtures)
  .filter((path) => {
    try {
      const value: unknown = JSON.parse(readFileSync(path, "utf8"));
      return typeof value === "object" && value !== null && "spdxVersion" in value;
    } catch {
      return false;
    }
  })
  .sort();

describe("SPDX 2 JSON streamed: every example among the fixtures", () => {
  it("finds the SPDX 2.2 and 2.3 JSON examples", () => {
    expect(spdx2Json.length).toBeGreaterThanOrEqual(21);
  });

  for (const path of spdx2Json) {
    it(`${relative(fixtures, path)}: same result as the whole-document path`, () => {
      const bytes = readFileSync(path);
      const streamed = expectSameAsWholeDocument(bytes);
      // Valid documents are read by the reader; an invalid one is never decided by it, nor one read with a
      // warning (a 2.2 document spelling PACKAGE-MANAGER), which the whole-document path words.
      const whole = ingestWholeDocument(bytes);
      expect(streamed).toBe(whole.ok && whole.warnings.length === 0);
    });
  }
});

/** Top-level members in another order (the values as they are). */
function reordered(text: string, order: string[]): string {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of order) if (key in doc) out[key] = doc[key];
  for (const key of Object.keys(doc)) if (!(key in out)) out[key] = doc[key];
  return JSON.stringify(out);
}

const specExample = readFileSync(
  join(fixtures, "spdx", "examples", "spdx-spec-2.3", "SPDXJSONExample-v2.3.spdx.json"),
  "utf8",
);

describe("SPDX 2 JSON streamed: the orders tools write", () => {
  it("a synthetic document of 400 packages, across window boundaries", () => {
    const bytes = encode(syntheticSpdxText({ packages: 400, seed: 5 }));
    expect(expectSameAsWholeDocument(bytes, 61)).toBe(true);
  });

  it("files before packages and the version last (as Microsoft's sbom-tool writes them)", () => {
    const order = ["files", "packages", "externalDocumentRefs", "relationships", "spdxVersion", "dataLicense"];
    expect(expectSameAsWholeDocument(encode(reordered(specExample, order)), 5)).toBe(true);
    const synthetic = reordered(syntheticSpdxText({ packages: 50, seed: 2 }), ["relationships", "packages"]);
    expect(expectSameAsWholeDocument(encode(synthetic), 13)).toBe(true);
  });

  it("relationships before the elements they name, and a described file as the root", () => {
    const doc = JSON.parse(specExample) as Record<string, unknown>;
    const files = doc.files as { SPDXID: string }[];
    const described = { ...doc, documentDescribes: [files[1]!.SPDXID] };
    const text = reordered(JSON.stringify(described), ["relationships", "SPDXID", "files", "packages"]);
    expect(expectSameAsWholeDocument(encode(text), 11)).toBe(true);
    const result = ingestSbomBytes(encode(text));
    expect(result.ok && result.sbom.root?.location).toBe("/files/1");
  });

  it("no root when two elements are described, and a document without lists", () => {
    const doc = JSON.parse(specExample) as Record<string, unknown>;
    const packages = doc.packages as { SPDXID: string }[];
    const twoRoots = { ...doc, documentDescribes: [packages[0]!.SPDXID, packages[1]!.SPDXID] };
    expect(expectSameAsWholeDocument(encode(twoRoots))).toBe(true);
    const bare = {
      spdxVersion: "SPDX-2.3",
      dataLicense: "CC0-1.0",
      SPDXID: "SPDXRef-DOCUMENT",
      name: "empty",
      documentNamespace: "https://example.com/empty",
      creationInfo: { created: "2025-01-01T00:00:00Z", creators: ["Tool: x"] },
    };
    expect(expectSameAsWholeDocument(encode(bare))).toBe(true);
    expect(expectSameAsWholeDocument(encode({ ...bare, packages: [], files: [], relationships: [] }))).toBe(true);
  });
});

describe("SPDX 2 JSON streamed: hostile and broken input gets the whole-document path's located issues", () => {
  const valid = syntheticSpdxText({ packages: 30, seed: 3 });

  const cases: Record<string, string | Uint8Array> = {
    "truncated in a package": valid.slice(0, valid.indexOf("SPDXRef-Package-12")),
    "truncated in the relationships": valid.slice(0, -40),
    "missing the last brace": valid.slice(0, -1),
    "data after the document": `${valid} {}`,
    "invalid UTF-8 in a name": new Uint8Array([
      ...encode(valid.slice(0, valid.indexOf('"pkg-3"') + 4)),
      0xc3,
      0x28,
      ...encode(valid.slice(valid.indexOf('"pkg-3"') + 4)),
    ]),
    "nesting past the depth limit inside a package": valid.replace(
      '"name":"pkg-4"',
      `"name":"pkg-4","deep":${"[".repeat(300)}${"]".repeat(300)}`,
    ),
    "an unterminated huge string": `${valid.slice(0, valid.indexOf('"pkg-5"'))}"${"x".repeat(3 << 20)}`,
    "packages as an object": valid
      .replace('"packages":[', '"packages":{"x":[')
      .replace('],"relationships"', ']},"relationships"'),
    "a package that is a number": valid.replace('"packages":[', '"packages":[1,'),
    "an SPDXID that is a number": valid.replace('"SPDXID":"SPDXRef-Package-7"', '"SPDXID":7'),
    "a relationship that is a string": valid.replace('"relationships":[', '"relationships":["DEPENDS_ON",'),
    "a name that is an array": valid.replace('"name":"pkg-8"', '"name":["pkg-8"]'),
    "a duplicate SPDXID": valid.replace('"SPDXID":"SPDXRef-Package-9"', '"SPDXID":"SPDXRef-Package-8"'),
    "a package with the document's SPDXID": valid.replace(
      '"SPDXID":"SPDXRef-Package-9"',
      '"SPDXID":"SPDXRef-DOCUMENT"',
    ),
    "a relationship to no element": valid.replace(
      '"relatedSpdxElement":"SPDXRef-Package-25"',
      '"relatedSpdxElement":"SPDXRef-Nowhere"',
    ),
    "documentDescribes naming no element": valid.replace(
      '"documentDescribes":["SPDXRef-root"]',
      '"documentDescribes":["SPDXRef-x"]',
    ),
    "hasFiles naming a package": valid.replace(
      '"filesAnalyzed":false',
      '"filesAnalyzed":true,"hasFiles":["SPDXRef-root"]',
    ),
    "an unknown version": valid.replace('"SPDX-2.3"', '"SPDX-2.1"'),
    "a version that is a number": valid.replace('"SPDX-2.3"', "2.3"),
    "a 2.3 field in a 2.2 document stating its version last": reordered(valid.replace('"SPDX-2.3"', '"SPDX-2.2"'), [
      "packages",
      "relationships",
    ]),
    "an unknown member": valid.replace('"dataLicense"', '"bomFormat":"CycloneDX","dataLicense"'),
    "SPDX 3 context beside spdxVersion": valid.replace(
      "{",
      '{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld",',
    ),
  };

  for (const [name, input] of Object.entries(cases)) {
    it(`${name}: handed over, with located issues`, () => {
      const bytes = typeof input === "string" ? encode(input) : input;
      // A regular file fills each read (the window doubles while one value is open); a source trickling a few
      // bytes per read would make the reader scan a 3 MiB string again for every few bytes.
      expect(expectSameAsWholeDocument(bytes, bytes.length > 1 << 20 ? 1 << 20 : 997)).toBe(false);
      expectLocatedRejection(bytes);
    });
  }

  // Not an error on either path, for CycloneDX neither: the whole-document path reads a byte order mark. The
  // reader hands it over, so the verdict is that path's.
  const accepted: Record<string, string> = {
    "a byte order mark": `\uFEFF${valid}`,
  };
  for (const [name, input] of Object.entries(accepted)) {
    it(`${name}: handed over, with the whole-document path's verdict`, () => {
      expect(expectSameAsWholeDocument(encode(input), 997)).toBe(false);
      expect(ingestSbomBytes(encode(input)).ok).toBe(true);
    });
  }

  // A repeated member name, at the top level or inside an entry, is refused as malformed (the document has no
  // single meaning): handed over, and the whole-document path locates it.
  const repeated: Record<string, [string, string]> = {
    "a duplicate top-level key": [valid.replace('"name":"synthetic-30"', '"name":"a","name":"synthetic-30"'), "/name"],
    "packages twice": [valid.replace('"packages":[', '"packages":[],"packages":['), "/packages"],
    "a key twice inside a package": [valid.replace('"name":"pkg-6"', '"name":"first","name":"pkg-6"'), "/name"],
  };
  for (const [name, [input, path]] of Object.entries(repeated)) {
    it(`${name}: handed over and refused, located`, () => {
      expect(expectSameAsWholeDocument(encode(input), 997)).toBe(false);
      const result = ingestSbomBytes(encode(input));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]).toMatchObject({ constraint: "duplicate-key" });
      expect(result.issues[0]?.path?.endsWith(path)).toBe(true);
    });
  }

  it("a huge string value is read whole across many windows", () => {
    const bytes = encode(valid.replace('"name":"pkg-2"', `"name":"pkg-2","description":"${"é".repeat(1 << 20)}"`));
    expect(expectSameAsWholeDocument(bytes, 65_536)).toBe(true);
  });

  it("a `__proto__` member stays data", () => {
    const bytes = encode(valid.replace('"name":"pkg-1"', '"name":"pkg-1","__proto__":{"polluted":true}'));
    expect(expectSameAsWholeDocument(bytes)).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("SPDX 2 JSON streamed: files (sbom validate, sbom inspect, assess --sbom)", () => {
  it("reads a file in chunks with the whole-document result, and words a broken one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cra-spdx-stream-"));
    try {
      const bytes = encode(syntheticSpdxText({ packages: 3000, seed: 4 }));
      expect(bytes.length).toBeGreaterThan(1 << 20); // more than one read chunk
      const file = join(dir, "big.spdx.json");
      writeFileSync(file, bytes);
      expect(await ingestSbomFile(file)).toEqual(ingestWholeDocument(bytes));
      const { document: _tree, ...verdict } = validateSbomBytes(bytes) as Extract<
        ReturnType<typeof validateSbomBytes>,
        { ok: true }
      >;
      expect(await checkSbomFile(file)).toEqual(verdict);
      expect(verdict).toMatchObject({ standard: "SPDX", specVersion: "2.3", componentCount: 3000 });

      const broken = join(dir, "broken.spdx.json");
      const truncated = bytes.subarray(0, bytes.length - 200);
      writeFileSync(broken, truncated);
      const result = await ingestSbomFile(broken);
      expect(result).toEqual(ingestWholeDocument(truncated));
      expect(result.ok).toBe(false);
      expect(await checkSbomFile(broken)).toEqual(validateSbomBytes(truncated));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a UTF-8 byte order mark before SPDX JSON", () => {
  const withMark = (path: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...readFileSync(path)]);
  const documents = [
    join(fixtures, "spdx/examples/spdx-spec-2.3/SPDXJSONExample-v2.3.spdx.json"),
    join(fixtures, "spdx/examples/spdx-spec-3.0.1", readdirSync(join(fixtures, "spdx/examples/spdx-spec-3.0.1"))[0]!),
  ];

  // RFC 8259 forbids the mark in JSON; CycloneDX JSON is read with a warning, and SPDX JSON is JSON too.
  it.each(documents)("%s is read with the byte-order-mark warning, from bytes and from a file", async (path) => {
    const bytes = withMark(path);
    const checked = validateSbomBytes(bytes);
    expect(checked).toMatchObject({ ok: true, standard: "SPDX" });
    expect(checked.ok && checked.warnings[0]).toMatchObject({ line: 1, column: 1, constraint: "byte-order-mark" });
    const dir = mkdtempSync(join(tmpdir(), "cra-spdx-bom-"));
    try {
      const file = join(dir, "marked.spdx.json");
      writeFileSync(file, bytes);
      const fromFile = await checkSbomFile(file, LIMITS);
      expect(fromFile.ok && fromFile.warnings[0]).toMatchObject({ constraint: "byte-order-mark" });
      const ingested = await ingestSbomFile(file, LIMITS);
      expect(ingested.ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("YAML may start with one: no warning there", () => {
    const yaml = join(fixtures, "spdx/examples/spdx-spec-2.3/SPDXYAMLExample-2.3.spdx.yaml");
    const checked = validateSbomBytes(withMark(yaml));
    expect(checked.ok && checked.warnings.map((w) => w.constraint)).not.toContain("byte-order-mark");
  });
});
