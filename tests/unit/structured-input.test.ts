import { describe, expect, it } from "vitest";
import { z } from "zod";
import { closest, knownKeysAt, parseStructured } from "../../src/input/structured-input.js";
import { readStructuredText } from "../../src/input/structured-text.js";
import { jsonPointer } from "../../src/json/pointer.js";
import { locateJsonSyntaxError } from "../../src/json/syntax.js";

describe("locateJsonSyntaxError: where text stops being JSON", () => {
  it.each([
    ['{"a": }', 6],
    ['{"a": 1,}', 8],
    ["[1, 2", 5],
    ['{"a" 1}', 5],
    ['{"a": tru}', 6],
    ['{"a": "x\u0001"}', 8],
    ['{"a": "\\q"}', 7],
    ["{} x", 3],
    ['{"a":1}}', 7],
    ["[01]", 2],
    ["[1,]", 3],
    ["{'a': 1}", 1],
  ])("%j fails at %i", (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonSyntaxError(text)?.offset).toBe(offset);
  });

  it("scans deep nesting without recursion", () => {
    const text = `${"[".repeat(200_000)}x`;
    expect(locateJsonSyntaxError(text)?.offset).toBe(200_000);
  });
});

describe("readStructuredText", () => {
  it("locates values and keys by path, falling back to the nearest ancestor", () => {
    const read = readStructuredText("a:\n  b: [10, 20]\n  c: { d: x }\n");
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    expect(read.value.locate(["a", "b", 1])).toEqual({ line: 2, column: 11 });
    expect(read.value.locate(["a", "c", "d"], { key: true })).toEqual({ line: 3, column: 8 });
    expect(read.value.locate(["a", "missing", "deeper"])).toEqual({ line: 2, column: 3 });
  });

  it("strips a byte-order mark and reports JSON syntax errors by line and column", () => {
    const read = readStructuredText('\ufeff{\n  "a": 1,\n}');
    expect(read).toEqual({
      ok: false,
      issues: [
        {
          line: 3,
          column: 1,
          constraint: "syntax",
          message: 'invalid JSON: a trailing comma before "}" is not allowed in JSON',
        },
      ],
    });
  });
});

describe("zod issues as located input issues", () => {
  const schema = z.strictObject({ list: z.array(z.strictObject({ name: z.string(), kind: z.enum(["a", "b"]) })) });

  it("maps every issue with pointer, line and column, sorted by position", () => {
    const parsed = parseStructured(schema, "list:\n  - { name: 1, kind: c, nmae: x }\n", { source: "f.yaml" });
    expect(parsed).toEqual({
      ok: false,
      issues: [
        expect.objectContaining({ path: "/list/0/name", constraint: "type", line: 2, column: 13, source: "f.yaml" }),
        expect.objectContaining({ path: "/list/0/kind", constraint: "enum", line: 2, column: 22 }),
        expect.objectContaining({
          path: "/list/0/nmae",
          constraint: "unknown-key",
          line: 2,
          column: 25,
          message: 'Unknown field "nmae" in /list/0. Did you mean "name"?',
        }),
      ],
    });
  });

  it("finds the known keys at a path through arrays and wrappers", () => {
    expect(knownKeysAt(schema, ["list", 0])).toEqual(["kind", "name"]);
    expect(knownKeysAt(schema, [])).toEqual(["list"]);
    expect(knownKeysAt(schema, ["nope"])).toEqual([]);
  });

  it("suggests only near misses", () => {
    expect(closest("verison", ["version", "model"])).toBe("version");
    expect(closest("colour", ["version", "model"])).toBeUndefined();
  });

  it("escapes JSON pointer segments (RFC 6901)", () => {
    expect(jsonPointer(["a/b", "c~d", 0])).toBe("/a~1b/c~0d/0");
  });
});
