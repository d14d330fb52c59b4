import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/json/canonical.js";
import { jsonPointer, pointerPath, pointerToken } from "../../src/json/pointer.js";
import { findDuplicateItems } from "../../src/sbom/unique-items.js";

describe("jsonPointer (RFC 6901)", () => {
  it("escapes ~ as ~0 and / as ~1, in that order (section 3)", () => {
    expect(pointerToken("a/b")).toBe("a~1b");
    expect(pointerToken("m~n")).toBe("m~0n");
    // "~1" written literally must not come back as "/": the ~ is escaped first.
    expect(pointerToken("~1")).toBe("~01");
    expect(jsonPointer(["components", 3, "purl"])).toBe("/components/3/purl");
    expect(jsonPointer([], "")).toBe("");
    expect(jsonPointer(["x"], "/base")).toBe("/base/x");
  });

  it("reads a pointer back, unescaping ~1 before ~0 (section 4)", () => {
    expect(pointerPath("/a~1b/m~0n/~01/0")).toEqual(["a/b", "m~n", "~1", 0]);
    expect(pointerPath("")).toEqual([]);
  });
});

describe("canonicalJson (RFC 8785 via the canonicalize package)", () => {
  it("sorts keys by UTF-16 code units and writes numbers as ECMAScript does", () => {
    // Key order from RFC 8785 section 3.2.3's rule: code units, so "\u20ac" (8364) sorts after "\r" (13) and "1" (49).
    expect(canonicalJson({ "\u20ac": 1, "\r": 2, "1": 3 })).toBe('{"\\r":2,"1":3,"€":1}');
    expect(canonicalJson({ n: [1e21, 1.5, -0, 100] })).toBe('{"n":[1e+21,1.5,0,100]}');
    expect(canonicalJson({ b: true, a: null, c: undefined })).toBe('{"a":null,"b":true}');
  });

  it("keeps a lone surrogate decidable: distinct from every well-formed value, equal to itself", () => {
    const lone = { name: "\ud800" };
    expect(canonicalJson(lone)).toBe(canonicalJson({ name: "\ud800" }));
    expect(canonicalJson(lone)).not.toBe(canonicalJson({ name: "\ufffd" }));
    expect(canonicalJson(lone)).not.toBe(canonicalJson({ name: '"\\ud800"' }));
    // uniqueItems over such entries (a parsed SBOM can hold them) answers instead of throwing.
    const items = Array.from({ length: 12 }, (_, i) => ({ name: i < 2 ? "\ud800" : `n${i}` }));
    expect(findDuplicateItems(items)).toEqual([[1, 0]]);
  });
});
