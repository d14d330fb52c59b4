/**
 * The streaming reader (src/sbom/ingest-stream.ts) against the whole-document path: for every JSON document of
 * the CycloneDX conformance corpus, for the project's real SBOMs and for hostile or unusual documents, both give
 * the same ingest result. The reader is also run over a source that returns a few bytes at a time, so that every
 * value, string, escape and UTF-8 sequence straddles a window boundary somewhere.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { syntheticSbomText } from "../../bench/synthetic/sbom.js";
import { checkSbomFile, ingestSbomBytes, ingestSbomFile, ingestWholeDocument } from "../../src/sbom/ingest.js";
import { type ByteSource, checkJsonSource, streamJsonBytes, streamJsonSource } from "../../src/sbom/ingest-stream.js";
import { validateSbomBytes } from "../../src/sbom/validate.js";

const corpus = fileURLToPath(new URL("../fixtures/cyclonedx-spec", import.meta.url));
const samples = fileURLToPath(new URL("../../sbom-samples", import.meta.url));
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

/** Both paths agree, whole and trickled; returns whether the reader kept the document (did not hand it over). */
function expectSameAsWholeDocument(bytes: Uint8Array, step = 7): boolean {
  const reference = ingestWholeDocument(bytes);
  expect(ingestSbomBytes(bytes)).toEqual(reference);
  const inMemory = streamJsonBytes(bytes, LIMITS);
  const trickled = streamJsonSource(trickle(bytes, step), { ...LIMITS, chunkBytes: 16 });
  expect(trickled.streamed).toBe(inMemory.streamed);
  // The check-only mode (`sbom validate`) keeps what the reader keeps, plus the documents handed over only
  // because the model could not be built in one pass; whatever it keeps, the validator accepts, with its count.
  const checked = checkJsonSource(trickle(bytes, step), { ...LIMITS, chunkBytes: 16 });
  if (inMemory.streamed) expect(checked.streamed).toBe(true);
  else if (checked.streamed) expect(inMemory.reason).toBe("metadata after components without bom-refs");
  if (checked.streamed) {
    const validation = validateSbomBytes(bytes);
    expect(validation.ok && validation.componentCount).toBe(checked.componentCount);
    expect(validation.ok && validation.warnings).toEqual([]);
  }
  if (inMemory.streamed && trickled.streamed) {
    expect(reference.ok).toBe(true);
    if (!reference.ok) return true;
    // `sbom validate` reports the reader's component count when it streams: the same as the validator's.
    const validation = validateSbomBytes(bytes);
    expect(validation.ok && validation.componentCount).toBe(inMemory.componentCount);
    expect(trickled.componentCount).toBe(inMemory.componentCount);
    expect(inMemory.sbom).toEqual(reference.sbom);
    expect(trickled.sbom).toEqual(reference.sbom);
    expect(trickled.sha256).toBe(reference.sha256);
    expect(trickled.bytes).toBe(bytes.length);
  }
  return inMemory.streamed;
}

const corpusJson = ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"].flatMap((version) =>
  readdirSync(join(corpus, version))
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({ version, name, path: join(corpus, version, name) })),
);

describe("streaming reader: CycloneDX conformance corpus", () => {
  it("has the corpus's 357 JSON documents", () => {
    expect(corpusJson).toHaveLength(357);
  });

  for (const { version, name, path } of corpusJson) {
    it(`${version}/${name}: same result as the whole-document path`, () => {
      const bytes = readFileSync(path);
      const streamed = expectSameAsWholeDocument(bytes);
      // An invalid document is never decided by the reader: the whole-document path words its issues.
      if (name.startsWith("invalid-")) expect(streamed).toBe(false);
    });
  }

  it("keeps most valid documents (the fallback is for the unusual, not the rule)", () => {
    const valid = corpusJson.filter(({ name }) => name.startsWith("valid-"));
    const kept = valid.filter(({ path }) => streamJsonBytes(readFileSync(path), LIMITS).streamed);
    expect(kept.length / valid.length).toBeGreaterThan(0.8);
  });
});

describe("streaming reader: real and synthetic SBOMs", () => {
  for (const name of readdirSync(samples).filter((file) => file.endsWith(".json"))) {
    it(`${name} streams, with the whole-document result`, () => {
      expect(expectSameAsWholeDocument(readFileSync(join(samples, name)), 997)).toBe(true);
    });
  }

  for (const specVersion of ["1.4", "1.5", "1.6", "1.7"] as const) {
    it(`synthetic ${specVersion} with 300 components`, () => {
      const bytes = encode(syntheticSbomText({ components: 300, format: "json", specVersion, seed: 7 }));
      expect(expectSameAsWholeDocument(bytes, 61)).toBe(true);
    });
  }
});

const base = {
  bomFormat: "CycloneDX",
  specVersion: "1.6",
  serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  version: 1,
};

describe("streaming reader: unusual and hostile documents", () => {
  it("reads UTF-8 names, escapes and backslashes across window boundaries", () => {
    const doc = {
      ...base,
      metadata: { component: { type: "application", name: "prodüct \u2603", "bom-ref": "root" } },
      components: [
        { type: "library", name: 'quote " and \\ backslash', "bom-ref": 'a\\"b' },
        { type: "library", name: "ünïcödé 日本語 🎉", version: "1.0", "bom-ref": "c" },
        { type: "library", name: "escaped \u00e9 \\u00e9", "bom-ref": "d" },
      ],
      dependencies: [{ ref: "root", dependsOn: ['a\\"b', "c", "d"] }],
    };
    for (const step of [1, 2, 3, 5]) expect(expectSameAsWholeDocument(encode(doc), step)).toBe(true);
  });

  it("accepts entries that share a cheap key without being equal (earlier entry read again)", () => {
    const doc = {
      ...base,
      components: [
        { type: "library", name: "same", version: "1" },
        { type: "library", name: "other", version: "1" },
        { type: "library", name: "same", version: "1", description: "differs" },
        { type: "library", name: "same", version: "1", description: "differs too" },
      ],
    };
    expect(expectSameAsWholeDocument(encode(doc), 3)).toBe(true);
  });

  it("hands over equal entries, duplicate bom-refs and dangling references", () => {
    const component = { type: "library", name: "same", version: "1" };
    const cases = [
      { ...base, components: [component, { ...component }] },
      {
        ...base,
        components: [
          { ...component, "bom-ref": "x" },
          { type: "library", name: "b", "bom-ref": "x" },
        ],
      },
      { ...base, components: [{ ...component, "bom-ref": "x" }], dependencies: [{ ref: "x", dependsOn: ["nope"] }] },
      { ...base, dependencies: [{ ref: "x" }, { ref: "x" }] },
    ];
    for (const doc of cases) {
      expect(expectSameAsWholeDocument(encode(doc))).toBe(false);
      expect(ingestSbomBytes(encode(doc)).ok).toBe(false);
    }
  });

  it("resolves references that come before their targets", () => {
    const doc = {
      ...base,
      dependencies: [{ ref: "a", dependsOn: ["b"] }],
      components: [
        { type: "library", name: "a", "bom-ref": "a" },
        { type: "library", name: "b", "bom-ref": "b" },
      ],
    };
    expect(expectSameAsWholeDocument(encode(doc))).toBe(true);
  });

  it("puts the root's components first even when metadata comes last", () => {
    const doc = {
      ...base,
      components: [{ type: "library", name: "a", "bom-ref": "a" }],
      metadata: {
        component: {
          type: "application",
          name: "root",
          "bom-ref": "root",
          components: [{ type: "library", name: "inner", "bom-ref": "inner" }],
        },
      },
    };
    expect(expectSameAsWholeDocument(encode(doc))).toBe(true);
    // Without bom-refs the synthesized #i refs would shift: handed over, same result.
    const unnamed = {
      ...base,
      components: [{ type: "library", name: "a" }],
      metadata: { component: { type: "application", name: "root", components: [{ type: "library", name: "in" }] } },
    };
    expect(expectSameAsWholeDocument(encode(unnamed))).toBe(false);
  });

  it("hands over when the lists come before bomFormat and specVersion, with the same result", () => {
    const text = `{"components":[{"type":"library","name":"a"}],"bomFormat":"CycloneDX","specVersion":"1.6"}`;
    expect(expectSameAsWholeDocument(encode(text))).toBe(false);
    expect(ingestSbomBytes(encode(text)).ok).toBe(true);
  });

  it("hands over broken, odd or non-CycloneDX input, which the whole-document path words", () => {
    const valid = JSON.stringify({ ...base, components: [{ type: "library", name: "a", "bom-ref": "a" }] });
    const cases: (string | Uint8Array)[] = [
      "",
      "   ",
      "[]",
      "null",
      `\uFEFF${valid}`,
      valid.slice(0, -1),
      valid.slice(0, valid.length / 2),
      `${valid} {}`,
      valid.replace('"name":"a"', '"name":"a",'),
      valid.replace('"name":"a"', '"name" "a"'),
      valid.replace("[", "[,"),
      valid.replace('"version":1', '"version":1,"version":2'),
      valid.replace('"version":1', '"__proto__":{"polluted":true},"version":1'),
      valid.replace('"bomFormat":"CycloneDX"', '"bomFormat":"SPDX"'),
      valid.replace('"specVersion":"1.6"', '"specVersion":"9.9"'),
      `{"spdxVersion":"SPDX-2.3",${valid.slice(1)}`,
      valid.replace('"type":"library"', '"type":"nonsense"'),
      valid.replace('"version":1', '"version":"one"'),
      `${"[".repeat(300)}${"]".repeat(300)}`,
      valid.replace('"name":"a"', `"name":"a","x":${"[".repeat(300)}${"]".repeat(300)}`),
      `<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>`,
      new Uint8Array([...encode(valid.slice(0, 40)), 0xc3, 0x28, ...encode(valid.slice(40))]),
    ];
    for (const input of cases) {
      const bytes = typeof input === "string" ? encode(input) : input;
      expect(expectSameAsWholeDocument(bytes, 3)).toBe(false);
    }
    const polluted = ingestSbomBytes(encode(cases[12] as string));
    expect(polluted.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("hands over a document over the size limit", () => {
    const bytes = encode({ ...base });
    expect(streamJsonBytes(bytes, { ...LIMITS, maxBytes: 10 }).streamed).toBe(false);
    expect(streamJsonSource(trickle(bytes, 4), { ...LIMITS, maxBytes: 10 }).streamed).toBe(false);
    expect(streamJsonSource(trickle(bytes, 4), { ...LIMITS, maxBytes: bytes.length }).streamed).toBe(true);
  });

  it("applies the depth limit as the whole-document path does", () => {
    const nested = (depth: number) => {
      let value: unknown = "x";
      for (let k = 0; k < depth; k++) value = { data: value };
      return value;
    };
    // components[0].properties[0] is at depth 4; a 1.2/1.3 document allows any extra property on a component.
    for (const depth of [240, 251, 252, 253, 260]) {
      const doc = { ...base, specVersion: "1.3", components: [{ type: "library", name: "a", extra: nested(depth) }] };
      const bytes = encode(JSON.stringify(doc));
      const reference = ingestWholeDocument(bytes);
      expect(ingestSbomBytes(bytes)).toEqual(reference);
      if (!reference.ok) expect(streamJsonBytes(bytes, LIMITS).streamed).toBe(false);
    }
  });
});

describe("streaming reader: files", () => {
  it("reads a file in chunks with the whole-document result, and words what it cannot read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cra-stream-"));
    try {
      const bytes = encode(syntheticSbomText({ components: 2500, format: "json", specVersion: "1.6", seed: 3 }));
      expect(bytes.length).toBeGreaterThan(1 << 20); // more than one read chunk
      const file = join(dir, "bom.cdx.json");
      writeFileSync(file, bytes);
      expect(await ingestSbomFile(file)).toEqual(ingestWholeDocument(bytes));
      const { document: _tree, ...verdict } = validateSbomBytes(bytes) as Extract<
        ReturnType<typeof validateSbomBytes>,
        { ok: true }
      >;
      expect(await checkSbomFile(file)).toEqual(verdict);

      const broken = join(dir, "broken.cdx.json");
      writeFileSync(broken, bytes.subarray(0, bytes.length - 3));
      const result = await ingestSbomFile(broken);
      expect(result).toEqual(ingestWholeDocument(bytes.subarray(0, bytes.length - 3)));
      expect(result.ok).toBe(false);
      expect(await checkSbomFile(broken)).toEqual(validateSbomBytes(bytes.subarray(0, bytes.length - 3)));

      for (const path of [dir, join(dir, "missing.cdx.json")]) {
        for (const unreadable of [await ingestSbomFile(path), await checkSbomFile(path)]) {
          expect(unreadable.ok).toBe(false);
          if (!unreadable.ok) expect(unreadable.issues[0]?.constraint).toBe("file");
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
