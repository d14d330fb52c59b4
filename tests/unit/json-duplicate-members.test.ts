/**
 * Repeated member names in JSON SBOMs are refused as malformed, located, on the streaming and the whole-document
 * path alike (json/duplicate-members.ts); the declaration reader already refused them.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseAdvisoryJson } from "../../src/advisories/document.js";
import { parseBaseline } from "../../src/input/baseline.js";
import { parseStructured } from "../../src/input/structured-input.js";
import {
  countParsedMembers,
  countTextMembers,
  duplicateMemberIssues,
  findDuplicateMembers,
} from "../../src/json/duplicate-members.js";
import { ingestSbomBytes, ingestWholeDocument } from "../../src/sbom/ingest.js";
import { checkJsonSource, streamJsonBytes } from "../../src/sbom/ingest-stream.js";
import { validateSbomBytes } from "../../src/sbom/validate.js";

const LIMITS = { maxBytes: 1 << 30, maxDepth: 256 };
const encode = (text: string) => new TextEncoder().encode(text);

const CDX = `{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "version": 1,
  "components": [
    { "type": "library", "name": "a", "version": "1.0.0" },
    { "type": "library", "name": "b", "version": "2.0.0" }
  ]
}
`;

/** The document refused on every path, with exactly these located issues. */
function expectRefused(text: string, expected: object[]): void {
  const bytes = encode(text);
  for (const result of [ingestSbomBytes(bytes), ingestWholeDocument(bytes), validateSbomBytes(bytes)]) {
    expect(result.ok).toBe(false);
    if (result.ok) continue;
    expect(result.issues).toEqual(expected);
  }
  // The streaming reader never keeps it: it hands over for the whole-document path to word.
  expect(streamJsonBytes(bytes, LIMITS).streamed).toBe(false);
  const whole = Buffer.from(bytes);
  let position = 0;
  const source = {
    read(target: Buffer, offset: number, length: number) {
      const count = Math.min(5, length, whole.length - position);
      whole.copy(target, offset, position, position + count);
      position += count;
      return count;
    },
    readAt(target: Buffer, at: number, length: number) {
      const count = Math.max(0, Math.min(length, whole.length - at));
      whole.copy(target, 0, at, at + count);
      return count;
    },
  };
  expect(checkJsonSource(source, { ...LIMITS, chunkBytes: 16 }).streamed).toBe(false);
}

/** Line and column (1-based) of the `nth` (0-based) occurrence of `needle`, found by searching the text. */
function pos(text: string, needle: string, nth: number): [number, number] {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  expect(offset).not.toBe(-1);
  const lines = text.slice(0, offset).split("\n");
  return [lines.length, lines[lines.length - 1]!.length + 1];
}

const issue = (path: string, name: string, object: string, at: [number, number], first: [number, number]) => ({
  path,
  line: at[0],
  column: at[1],
  constraint: "duplicate-key",
  message:
    `duplicate member name "${name}" in ${object}; ` +
    `the first is at line ${first[0]}, column ${first[1]}. JSON readers disagree about a repeated name ` +
    "(some keep the first value, some the last), so the document has no single meaning: write each name once",
});

describe("repeated member names in JSON SBOMs", () => {
  it("reads the document without repeats (control)", () => {
    const result = ingestSbomBytes(encode(CDX));
    expect(result.ok).toBe(true);
    expect(streamJsonBytes(encode(CDX), LIMITS).streamed).toBe(true);
  });

  it("refuses a repeated name in a streamed list entry (a component's version)", () => {
    const text = CDX.replace(
      '{ "type": "library", "name": "b", "version": "2.0.0" }',
      '{ "type": "library", "name": "b", "version": "2.0.0", "version": "9.9.9" }',
    );
    expect(text).not.toBe(CDX);
    // The top level's version is the first occurrence, component a's the second.
    const at = pos(text, '"version"', 3);
    expect(at[0]).toBe(7);
    expectRefused(text, [
      issue("/components/1/version", "version", "the object at /components/1", at, pos(text, '"version"', 2)),
    ]);
  });

  it("refuses a second components list at the top level", () => {
    const text = CDX.replace('"version": 1,', '"version": 1,\n  "components": [],');
    expect(pos(text, '"components"', 1)).toEqual([6, 3]);
    expectRefused(text, [issue("/components", "components", "the top-level object", [6, 3], [5, 3])]);
  });

  it("refuses a repeat nested in a component (a hash's alg), in metadata, and an escaped spelling of the same name", () => {
    const nested = CDX.replace(
      '{ "type": "library", "name": "a", "version": "1.0.0" }',
      '{ "type": "library", "name": "a", "version": "1.0.0", "hashes": [{ "alg": "SHA-256", "al\\u0067": "MD5", "content": "00" }] }',
    );
    expectRefused(nested, [
      issue(
        "/components/0/hashes/0/alg",
        "alg",
        "the object at /components/0/hashes/0",
        pos(nested, '"al\\u0067"', 0),
        pos(nested, '"alg"', 0),
      ),
    ]);
    const metadata = CDX.replace(
      '"version": 1,',
      '"version": 1,\n  "metadata": { "component": { "type": "application", "name": "x", "name": "y" } },',
    );
    expectRefused(metadata, [
      issue(
        "/metadata/component/name",
        "name",
        "the object at /metadata/component",
        pos(metadata, '"name"', 1),
        pos(metadata, '"name"', 0),
      ),
    ]);
  });

  it("refuses a repeat in an SPDX 2.3 package, and escapes the name in the pointer", () => {
    const spdx = `{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"x",
"documentNamespace":"https://example.com/x","creationInfo":{"created":"2025-01-01T00:00:00Z","creators":["Tool: t"]},
"packages":[{"SPDXID":"SPDXRef-a","name":"a","downloadLocation":"NOASSERTION","versionInfo":"1","versionInfo":"2"}],
"relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-a","a/b":1,"a/b":2}]}`;
    expectRefused(spdx, [
      issue(
        "/packages/0/versionInfo",
        "versionInfo",
        "the object at /packages/0",
        pos(spdx, '"versionInfo"', 1),
        pos(spdx, '"versionInfo"', 0),
      ),
      issue(
        "/relationships/0/a~1b",
        "a/b",
        "the object at /relationships/0",
        pos(spdx, '"a/b"', 1),
        pos(spdx, '"a/b"', 0),
      ),
    ]);
  });

  it("keeps to linear work on many names and deep nesting", () => {
    // 200,000 distinct names in one object, then one repeated at the end.
    const names = Array.from({ length: 200_000 }, (_, i) => `"k${i}":0`).join(",");
    const many = CDX.replace('"version": 1,', `"version": 1,\n  "properties_": {${names},"k0":1},`);
    const bytes = encode(many);
    const result = validateSbomBytes(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toEqual(["/properties_/k0"]);
    // As deep as the depth limit allows, the repeat at the bottom.
    const deep = `${'{"a":'.repeat(250)}{"x":1,"x":2}${"}".repeat(250)}`;
    expect(findDuplicateMembers(deep).map((d) => d.object)).toEqual(["/a".repeat(250)]);
    // Far deeper than any limit (the scan is iterative).
    const deeper = `${"[".repeat(100_000)}{"x":1,"x":2}${"]".repeat(100_000)}`;
    expect(findDuplicateMembers(deeper)).toHaveLength(1);
  });

  it("reports at most the cap, each repeat once, in text order", () => {
    const object = `{${Array.from({ length: 500 }, () => '"a":1').join(",")}}`;
    expect(duplicateMemberIssues(object, 100)).toHaveLength(100);
    // Offsets counted by hand: the quotes of the second "b", the second "a", and the third "c" (first in its object).
    expect(findDuplicateMembers('{"a":{"b":1,"b":2},"a":[{"c":1},{"c":1,"c":2}]}')).toEqual([
      { object: "/a", name: "b", offset: 12, firstOffset: 6 },
      { object: "", name: "a", offset: 19, firstOffset: 1 },
      { object: "/a/1", name: "c", offset: 39, firstOffset: 33 },
    ]);
  });

  it("counts members written and members parsed alike only when no name repeats", () => {
    const clean = '{"a":[{"b":"x:y","c":{"d":null}}],"e":"\\":"}';
    expect(countTextMembers(clean)).toBe(countParsedMembers(JSON.parse(clean)));
    const repeated = '{"a":1,"b":{"c":1,"c":2}}';
    expect(countTextMembers(repeated)).toBe(countParsedMembers(JSON.parse(repeated)) + 1);
  });
});

describe("repeated member names in a JSON declaration", () => {
  it("are refused with their line and column by the structured-input reader", () => {
    const text = '{\n  "format": "cra-declaration/1",\n  "product": { "name": "X", "name": "Y" }\n}\n';
    const parsed = parseStructured(z.object({}).passthrough(), text, { source: "declaration.json" });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]).toMatchObject({ line: 3, constraint: "duplicate-key", source: "declaration.json" });
  });
});

describe("repeated member names in advisories and baselines", () => {
  it("skip an OpenVEX document whose statement says its status twice, located", () => {
    const text = JSON.stringify({
      "@context": "https://openvex.dev/ns/v0.2.0",
      "@id": "urn:test:1",
      author: "t",
      timestamp: "2028-01-01T00:00:00Z",
      version: 1,
      statements: [
        { vulnerability: { name: "CVE-1" }, products: [{ "@id": "pkg:npm/a@1" }], status: "affected", x_: 0 },
      ],
    }).replace('"x_":0', '"status":"not_affected","justification":"component_not_present"');
    const clean = parseAdvisoryJson(text.replace('"status":"affected",', ""), "ok.json");
    expect(clean.vex).toHaveLength(1);
    const doc = parseAdvisoryJson(text, "vex.json");
    expect(doc.vex).toEqual([]);
    expect(doc.issues).toEqual([
      expect.objectContaining({ path: "/statements/0/status", constraint: "duplicate-key", source: "vex.json" }),
    ]);
  });

  it("refuse a baseline report with a repeated name", () => {
    const parsed = parseBaseline('{"schemaVersion":1,"findings":[],"findings":[]}', { source: "previous.json" });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toEqual([
      expect.objectContaining({
        path: "/findings",
        line: 1,
        column: 34,
        constraint: "duplicate-key",
        source: "previous.json",
      }),
    ]);
  });
});
