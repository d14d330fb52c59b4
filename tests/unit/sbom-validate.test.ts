import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_REPORTED_ISSUES } from "../../src/domain/input-issue.js";
import { canonicalJson } from "../../src/json/canonical.js";
import { lineColumnAt, locateJsonSyntaxError } from "../../src/json/syntax.js";
import { findXmlDoctype } from "../../src/sbom/guard.js";
import { isIdnEmail } from "../../src/sbom/idn-email.js";
import { findDuplicateItems, jsonEqual } from "../../src/sbom/unique-items.js";
import { readSbomFile, type SbomValidation, validateSbomBytes } from "../../src/sbom/validate.js";

const VERSIONS = ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"] as const;
const encode = (text: string) => new TextEncoder().encode(text);
const validateJson = (value: unknown) => validateSbomBytes(encode(JSON.stringify(value)));

function issuesOf(result: SbomValidation) {
  if (result.ok) throw new Error("expected the document to be rejected");
  return result.issues;
}

function bom(specVersion: string, extra: Record<string, unknown> = {}) {
  return { bomFormat: "CycloneDX", specVersion, version: 1, ...extra };
}

const library = (name: string, extra: Record<string, unknown> = {}) => ({
  type: "library",
  name,
  version: "1.0.0",
  ...extra,
});

function xmlBom(version: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/${version}" version="1">\n${body}\n</bom>\n`;
}

describe("format and version detection", () => {
  for (const version of VERSIONS) {
    it(`reads CycloneDX ${version} JSON and XML from the document itself`, () => {
      const nested = { components: [library("b")] };
      const json = validateJson(bom(version, { components: [library("a", nested)] }));
      expect(json).toMatchObject({ ok: true, format: "json", specVersion: version, componentCount: 2 });
      const xml = validateSbomBytes(
        encode(
          xmlBom(
            version,
            '<components><component type="library"><name>a</name><version>1</version><components>' +
              '<component type="library"><name>b</name><version>1</version></component></components></component></components>',
          ),
        ),
      );
      expect(xml).toMatchObject({ ok: true, format: "xml", specVersion: version, componentCount: 2 });
    });
  }

  it("hands the parsed document to the normalizer", () => {
    const json = validateJson(bom("1.6", { components: [library("a")] }));
    if (!json.ok || json.document.format !== "json") throw new Error("expected JSON");
    expect((json.document.json.components as unknown[]).length).toBe(1);
    const xml = validateSbomBytes(encode(xmlBom("1.6", "<components/>")));
    if (!xml.ok || xml.document.format !== "xml") throw new Error("expected XML");
    expect(xml.document.xml.root()?.name()).toBe("bom");
  });

  it("does not count metadata.component (its sub-components it does, as the model lists them), nor components outside the inventory (pedigree)", () => {
    const doc = bom("1.6", {
      metadata: { component: library("product", { components: [library("part")] }) },
      components: [library("a", { pedigree: { ancestors: [library("upstream")] } })],
    });
    expect(validateJson(doc)).toMatchObject({ ok: true, componentCount: 2 });
    const xml = xmlBom(
      "1.6",
      '<metadata><component type="application"><name>product</name><components>' +
        '<component type="library"><name>part</name></component></components></component></metadata>' +
        '<components><component type="library"><name>a</name><pedigree><ancestors>' +
        '<component type="library"><name>upstream</name></component></ancestors></pedigree></component></components>',
    );
    expect(validateSbomBytes(encode(xml))).toMatchObject({ ok: true, componentCount: 2 });
  });

  it("tolerates a UTF-8 byte order mark in JSON and XML", () => {
    const withBom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...encode(text)]);
    // RFC 8259 forbids the mark in JSON, so it is read with a warning; XML allows it.
    expect(validateSbomBytes(withBom(JSON.stringify(bom("1.5"))))).toMatchObject({
      ok: true,
      format: "json",
      warnings: [{ line: 1, column: 1, constraint: "byte-order-mark" }],
    });
    expect(validateSbomBytes(withBom(xmlBom("1.5", "")))).toMatchObject({ ok: true, format: "xml", warnings: [] });
  });

  it("ignores the file name: XML with leading whitespace and comments is still XML", () => {
    const text = `\n\n<!-- generated -->\n${xmlBom("1.4", "").replace('<?xml version="1.0" encoding="UTF-8"?>\n', "")}`;
    expect(validateSbomBytes(encode(text))).toMatchObject({ ok: true, format: "xml", specVersion: "1.4" });
  });
});

describe("schema errors a person can act on", () => {
  it("lists the allowed values of an enum", () => {
    const [issue] = issuesOf(validateJson(bom("1.6", { components: [{ type: "libary", name: "a" }] })));
    expect(issue).toMatchObject({ path: "/components/0/type", constraint: "enum" });
    expect(issue!.message).toContain('"libary"');
    expect(issue!.message).toContain('"library"');
    expect(issue!.message).toContain('"firmware"');
  });

  it("names a missing required property", () => {
    const [issue] = issuesOf(validateJson(bom("1.6", { components: [{ type: "library" }] })));
    expect(issue).toMatchObject({ path: "/components/0", constraint: "required" });
    expect(issue!.message).toBe('missing required property "name"');
  });

  it("points at an unknown property itself, escaped as RFC 6901 says", () => {
    const issues = issuesOf(validateJson(bom("1.6", { components: [library("a", { "vendor/x~y": 1 })] })));
    expect(issues).toEqual([
      expect.objectContaining({ path: "/components/0/vendor~1x~0y", constraint: "additionalProperties" }),
    ]);
    expect(issues[0]!.message).toContain('"properties"');
  });

  it("accepts unknown properties where 1.2/1.3 allow them, with a warning from the strict variant", () => {
    for (const version of ["1.2", "1.3"]) {
      const result = validateJson(bom(version, { components: [library("a", { vendorField: 1 })] }));
      expect(result).toMatchObject({
        ok: true,
        warnings: [{ path: "/components/0/vendorField", constraint: "additionalProperties" }],
      });
      if (result.ok) expect(result.warnings[0]!.message).toContain("refused by its strict variant");
    }
    expect(validateJson(bom("1.4", { components: [library("a", { vendorField: 1 })] })).ok).toBe(false);
  });

  it("says what type was expected and what was found", () => {
    const [issue] = issuesOf(validateJson(bom("1.6", { components: [library("a", { version: 2 })] })));
    expect(issue).toMatchObject({ path: "/components/0/version", constraint: "type" });
    expect(issue!.message).toBe("must be string, found an integer");
  });

  it("explains a malformed timestamp", () => {
    const [issue] = issuesOf(validateJson(bom("1.6", { metadata: { timestamp: "yesterday" } })));
    expect(issue).toMatchObject({ path: "/metadata/timestamp", constraint: "format" });
    expect(issue!.message).toContain("RFC 3339");
  });

  it("says that an unknown licence id is not an SPDX id, without dumping the whole SPDX list", () => {
    const doc = bom("1.4", { components: [library("a", { licenses: [{ license: { id: "Apache 2" } }] })] });
    const issues = issuesOf(validateJson(doc));
    const spdx = issues.find((issue) => issue.path === "/components/0/licenses/0/license/id");
    expect(spdx?.message).toContain("not an SPDX licence identifier");
    expect(spdx!.message.length).toBeLessThan(300);
  });

  it("sums up a failed oneOf by alternative", () => {
    const doc = bom("1.6", { components: [library("a", { licenses: [{ license: {} }] })] });
    const issues = issuesOf(validateJson(doc));
    const choice = issues.find((issue) => issue.path === "/components/0/licenses/0/license");
    expect(choice?.constraint).toBe("oneOf");
    expect(choice?.message).toContain('form 1: missing required property "id"');
    expect(choice?.message).toContain('form 2: missing required property "name"');
  });

  it("uses the schema's own wording for a 'not' rule (1.7 version vs versionRange)", () => {
    const doc = bom("1.7", { components: [library("a", { isExternal: true, versionRange: "vers:npm/>1" })] });
    const [issue] = issuesOf(validateJson(doc));
    expect(issue).toMatchObject({ path: "/components/0", constraint: "not" });
    expect(issue!.message).toMatch(/version.*versionRange.*not.*simultaneously/);
  });

  it("reports every error, not just the first", () => {
    const doc = bom("1.6", {
      serialNumber: "not-a-urn",
      metadata: { timestamp: "soon" },
      components: [{ type: "gadget", name: "a" }, { name: "b" }],
    });
    const issues = issuesOf(validateJson(doc));
    expect(issues.map((issue) => `${issue.path} ${issue.constraint}`).sort()).toEqual([
      "/components/0/type enum",
      "/components/1 required",
      "/metadata/timestamp format",
      "/serialNumber pattern",
    ]);
  });

  it("caps the list and counts the rest", () => {
    const components = Array.from({ length: 250 }, (_, index) => ({ type: "gadget", name: `c${index}` }));
    const result = validateJson(bom("1.6", { components }));
    if (result.ok) throw new Error("expected rejection");
    expect(result.issues).toHaveLength(MAX_REPORTED_ISSUES);
    expect(result.omitted).toBe(250 - MAX_REPORTED_ISSUES);
    expect(result.issues[0]!.path).toBe("/components/0/type");
  });

  it("locates XSD errors by line", () => {
    const xml = xmlBom("1.6", '<components>\n<component type="gadget"><name>a</name></component>\n</components>');
    const [issue] = issuesOf(validateSbomBytes(encode(xml)));
    // libxml2 gives the line; the column is found from the element and attribute the message names.
    expect(issue).toMatchObject({ line: 4, column: 12, constraint: "xsd" });
    expect(issue!.message).toContain("'gadget'");
    expect(issue!.message).not.toContain("{http://cyclonedx.org");
  });
});

describe("uniqueItems, in linear time with the same verdicts", () => {
  // A seeded generator of small JSON values, so that duplicates (and near-duplicates) are frequent.
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state / 0x7fffffff;
    };
  }
  function value(next: () => number, depth = 0): unknown {
    const pick = Math.floor(next() * (depth > 2 ? 5 : 8));
    switch (pick) {
      case 0:
        return ["a", "b", "1", ""][Math.floor(next() * 4)];
      case 1:
        return [0, 1, -0, 1.5][Math.floor(next() * 4)];
      case 2:
        return next() < 0.5;
      case 3:
        return null;
      case 4:
        return "x";
      case 5:
        return Array.from({ length: Math.floor(next() * 3) }, () => value(next, depth + 1));
      default: {
        // Few keys and values, in varying order, so that equal objects written differently are common.
        const keys = ["bom-ref", "ref", "name", "z"].filter(() => next() < 0.5);
        if (next() < 0.5) keys.reverse();
        const small = () => (next() < 0.8 ? ["a", 1][Math.floor(next() * 2)] : value(next, depth + 1));
        return Object.fromEntries(keys.map((key) => [key, small()]));
      }
    }
  }
  const reference = new Ajv({ allErrors: false }).compile({ type: "array", uniqueItems: true });

  it("agrees with ajv's own uniqueItems on 2,000 random lists, short and long", () => {
    const next = random(42);
    let duplicatesSeen = 0;
    for (let round = 0; round < 2000; round++) {
      const length = round % 2 === 0 ? Math.floor(next() * 8) : 9 + Math.floor(next() * 40);
      const items = Array.from({ length }, () => value(next));
      const duplicates = findDuplicateItems(items);
      expect(duplicates.length === 0, JSON.stringify(items)).toBe(reference(items));
      // Every duplicate, each paired with the first equal item: the quadratic definition, spelled out.
      const expected: [number, number][] = [];
      for (let index = 1; index < items.length; index++) {
        const first = items.findIndex((item, earlier) => earlier < index && reference([item, items[index]]) === false);
        if (first !== -1) expected.push([index, first]);
      }
      expect(duplicates, JSON.stringify(items)).toEqual(expected);
      if (duplicates.length > 0) duplicatesSeen++;
    }
    // The generator must exercise both outcomes, or the comparison proves nothing.
    expect(duplicatesSeen).toBeGreaterThan(200);
    expect(duplicatesSeen).toBeLessThan(1800);
  });

  it("treats key order as irrelevant and types as relevant", () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    expect(findDuplicateItems(["1", 1, true, "true", null, "null"])).toEqual([]);
    expect(findDuplicateItems([0, -0])).toEqual([[1, 0]]);
    const long = Array.from({ length: 20 }, (_, index) => ({ "bom-ref": `r${index}`, name: "same" }));
    long.push({ name: "same", "bom-ref": "r3" });
    expect(findDuplicateItems(long)).toEqual([[20, 3]]);
    // Same bom-ref but different content: not a duplicate item (the bom-ref check reports it separately).
    long.push({ "bom-ref": "r4", name: "other" });
    expect(findDuplicateItems(long)).toEqual([[20, 3]]);
  });

  it("rejects identical components with the index of both", () => {
    const doc = bom("1.4", { components: [library("a"), library("b"), library("a")] });
    const issues = issuesOf(validateJson(doc));
    expect(issues[0]).toMatchObject({ path: "/components/2", constraint: "uniqueItems" });
    expect(issues[0]!.message).toContain("item 2 is identical to item 0");
  });
});

describe("idn-email, with a fast path that keeps the library's verdicts", () => {
  const libraryVerdict = createRequire(import.meta.url)("ajv-formats-draft2019/formats/idn-email.js") as (
    value: string,
  ) => boolean;

  it("agrees on hand-picked addresses", () => {
    const label63 = "l".repeat(63);
    const cases = [
      "psirt@acme.example",
      "first.last+tag@sub.acme.example",
      "a@b.co",
      "a@b.c",
      "a@localhost",
      "a..b@x.com",
      ".a@x.com",
      "a.@x.com",
      "a@-x.com",
      "a@x-.com",
      "a@x--y.com",
      "a@x.com.",
      "a@.x.com",
      "\u00fc@b\u00fccher.de",
      "a@[127.0.0.1]",
      "a@[IPv6:::1]",
      '"quoted local"@x.com',
      '"a@b"@x.com',
      `a@${label63}.com`,
      `a@${label63}l.com`,
      `a@${`${label63}.`.repeat(4)}com`,
      `${"a".repeat(980)}@x.com`,
      `${"a".repeat(981)}@x.com`,
      "a b@x.com",
      "a@x_y.com",
      "a@b@c.com",
      "@x.com",
      "a@",
      "",
      "\ud83d\ude00@emoji.example",
      '"a\\"b"@x.com',
      '"a\\\\"@x.com',
      '"a\\\u00fc"@x.com',
      '"unterminated@x.com',
      '""@x.com',
      '"a"b@x.com',
      "a@[IPv6:2001:db8::1]",
      "a@[IPv6:::]",
      "a@[IPv6:1:2:3:4:5:6:7:8:9]",
      "a@[300.1.1.1]",
      "a@[1.2.3]",
      "a@[01.2.3.4]",
      '"x@y"@[10.0.0.1]',
      `"${"q".repeat(970)}"@x.com`,
      `${"a.".repeat(480)}@x`,
      `a@${"b.".repeat(490)}co`,
    ];
    for (const value of cases) expect(isIdnEmail(value), value).toBe(libraryVerdict(value));
    expect(cases.filter((value) => isIdnEmail(value)).length).toBeGreaterThan(5);
  });

  it("agrees on 2,000 random quoted local parts and address literals", () => {
    const pieces = [
      '"',
      "\\",
      "@",
      "a",
      " ",
      "\u00fc",
      "\t",
      "\u007f",
      "[",
      "]",
      ".",
      ":",
      "1",
      "IPv6:",
      "::",
      "255",
      "f",
    ];
    let state = 5;
    const next = (limit: number) => {
      state = (state * 48271) % 2147483647;
      return state % limit;
    };
    let accepted = 0;
    for (let round = 0; round < 2000; round++) {
      const piece = () => pieces[next(pieces.length)]!;
      const local = `"${Array.from({ length: next(5) }, piece).join("")}${next(4) === 0 ? "" : '"'}`;
      const domain =
        next(2) === 0
          ? `[${["1.2.3.4", "IPv6::1", "IPv6:1::2", "256.1.1.1"][next(4)]}${Array.from({ length: next(2) }, piece).join("")}]`
          : `x${Array.from({ length: next(3) }, piece).join("")}.com`;
      const value = `${local}@${domain}`;
      const verdict = libraryVerdict(value);
      expect(isIdnEmail(value), value).toBe(verdict);
      if (verdict) accepted++;
    }
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(1900);
  });

  it("agrees on 5,000 random strings over the characters that matter", () => {
    const alphabet = ["a", "Z", "0", "-", ".", "@", '"', "[", "]", " ", "\u00fc", "_", "+", "\\", ":"];
    let state = 99;
    const next = (limit: number) => {
      state = (state * 48271) % 2147483647;
      return state % limit;
    };
    let accepted = 0;
    for (let round = 0; round < 5000; round++) {
      // Mostly well-formed shapes, mutated, so both verdicts occur often.
      const local = Array.from(
        { length: 1 + next(6) },
        () => alphabet[next(4) === 0 ? next(alphabet.length) : next(3)],
      ).join("");
      const domain = Array.from({ length: 1 + next(3) }, () =>
        Array.from({ length: 1 + next(4) }, () => alphabet[next(5) === 0 ? next(alphabet.length) : next(3)]).join(""),
      ).join(".");
      const value = `${local}@${domain}`;
      const verdict = libraryVerdict(value);
      expect(isIdnEmail(value), value).toBe(verdict);
      if (verdict) accepted++;
    }
    expect(accepted).toBeGreaterThan(500);
    expect(accepted).toBeLessThan(4500);
  });
});

describe("reference integrity", () => {
  it("accepts references to components at any depth, metadata.component and services", () => {
    const doc = bom("1.6", {
      metadata: { component: { type: "application", name: "app", "bom-ref": "app" } },
      components: [library("a", { "bom-ref": "a", components: [library("a1", { "bom-ref": "a1" })] })],
      services: [{ name: "api", "bom-ref": "api", services: [{ name: "db", "bom-ref": "db" }] }],
      dependencies: [
        { ref: "app", dependsOn: ["a", "api"] },
        { ref: "a", dependsOn: ["a1"] },
        { ref: "api", dependsOn: ["db"] },
      ],
    });
    expect(validateJson(doc)).toMatchObject({ ok: true, warnings: [] });
  });

  it("rejects a dependency that points at nothing, with its JSON pointer", () => {
    const doc = bom("1.6", {
      components: [library("a", { "bom-ref": "a" })],
      dependencies: [{ ref: "a", dependsOn: ["a", "ghost"] }, { ref: "phantom" }],
    });
    const issues = issuesOf(validateJson(doc));
    expect(issues).toEqual([
      expect.objectContaining({ path: "/dependencies/0/dependsOn/1", constraint: "dangling-ref" }),
      expect.objectContaining({ path: "/dependencies/1/ref", constraint: "dangling-ref" }),
    ]);
    expect(issues[0]!.message).toContain('"ghost"');
  });

  it("rejects a bom-ref used twice, naming the first use", () => {
    const doc = bom("1.6", {
      components: [library("a", { "bom-ref": "x", components: [library("b", { "bom-ref": "x" })] })],
    });
    const [issue] = issuesOf(validateJson(doc));
    expect(issue).toMatchObject({ path: "/components/0/components/0/bom-ref", constraint: "duplicate-bom-ref" });
    expect(issue!.message).toContain("/components/0");
  });

  it("names metadata.component as the first use when a component repeats its bom-ref", () => {
    const doc = bom("1.6", {
      metadata: { component: { type: "application", name: "app", "bom-ref": "app" } },
      services: [{ name: "api", "bom-ref": "app" }],
    });
    const [issue] = issuesOf(validateJson(doc));
    expect(issue).toMatchObject({ path: "/services/0/bom-ref", constraint: "duplicate-bom-ref" });
    expect(issue!.message).toContain("already used at /metadata/component");
  });

  it("checks XML dependency refs too, by line", () => {
    const xml = xmlBom(
      "1.6",
      '<components><component type="library" bom-ref="a"><name>a</name></component></components>\n' +
        '<dependencies>\n<dependency ref="a">\n<dependency ref="nowhere"/>\n</dependency>\n</dependencies>',
    );
    const issues = issuesOf(validateSbomBytes(encode(xml)));
    expect(issues).toEqual([expect.objectContaining({ line: 6, column: 13, constraint: "dangling-ref" })]);
  });
});

describe("guards", () => {
  it("locates JSON syntax errors where JSON.parse gives no position", () => {
    const cases: [string, number, string][] = [
      ['{"a": [1, 2,]}', 12, "trailing comma"],
      ['{"a": 1,}', 8, "trailing comma"],
      ['{"a" 1}', 5, 'expected ":"'],
      ['{"a": "x\ny"}', 8, "control character"],
      ['{"a": "\\q"}', 7, "escape"],
      ['{"a": 1} {}', 9, "after the end"],
      ["{'a': 1}", 1, "double quotes"],
      ['{"a": [1, 2', 11, "truncated"],
      ['{"a": "abc', 10, "not closed"],
      ["[01]", 2, 'expected ","'],
    ];
    for (const [text, offset, words] of cases) {
      expect(() => JSON.parse(text), text).toThrow();
      const located = locateJsonSyntaxError(text);
      expect(located, text).toBeDefined();
      expect(located!.offset, text).toBe(offset);
      expect(located!.message, text).toContain(words);
    }
  });

  it("finds no syntax error in valid JSON, however it is laid out", () => {
    for (const value of [{ a: [1, -2.5e3, 'x\\"y\u2028'], b: { c: null, d: true } }, [], "s", 0]) {
      expect(locateJsonSyntaxError(JSON.stringify(value))).toBeUndefined();
      expect(locateJsonSyntaxError(JSON.stringify(value, null, 2))).toBeUndefined();
    }
  });

  it("converts offsets to 1-based lines and columns", () => {
    expect(lineColumnAt("ab\ncd\nef", 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt("ab\ncd\nef", 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumnAt("ab\ncd\nef", 6)).toEqual({ line: 3, column: 1 });
  });

  it("finds a DOCTYPE only in the prolog", () => {
    expect(findXmlDoctype('<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE bom>\n<bom/>')).toBe(33);
    expect(
      findXmlDoctype("<bom><description>&lt;!DOCTYPE html&gt; <![CDATA[<!DOCTYPE x>]]></description></bom>"),
    ).toBeUndefined();
    expect(findXmlDoctype("<?xml version='1.0'?><bom/>")).toBeUndefined();
  });
});

describe("readSbomFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "cra-sbom-read-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the exact bytes", async () => {
    const path = join(dir, "bom.json");
    const text = JSON.stringify(bom("1.6"));
    writeFileSync(path, text);
    const read = await readSbomFile(path);
    expect(read.ok && new TextDecoder().decode(read.value)).toBe(text);
  });

  it("reports a missing file and a directory as issues, not exceptions", async () => {
    const missing = await readSbomFile(join(dir, "nope.json"));
    expect(missing).toMatchObject({ ok: false, issues: [{ constraint: "file" }] });
    expect(!missing.ok && missing.issues[0]!.message).toContain("no such file");
    const directory = await readSbomFile(dir);
    expect(directory).toMatchObject({ ok: false, issues: [{ constraint: "file" }] });
  });

  it("applies a configurable size limit", async () => {
    const path = join(dir, "big.json");
    writeFileSync(path, JSON.stringify(bom("1.6", { components: [library("a")] })));
    const refused = await readSbomFile(path, { maxBytes: 50 });
    expect(refused).toMatchObject({ ok: false, issues: [{ constraint: "size-limit" }] });
    expect((await readSbomFile(path, { maxBytes: 10_000 })).ok).toBe(true);
    expect(validateSbomBytes(encode(JSON.stringify(bom("1.6"))), { maxBytes: 10 })).toMatchObject({
      ok: false,
      issues: [{ constraint: "size-limit" }],
    });
  });
});
