import { describe, expect, it } from "vitest";
import { decodeUtf8 } from "../../src/sbom/guard.js";

const reference = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const bytesOf = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === "string" ? [...new TextEncoder().encode(part)] : part)));

describe("decodeUtf8 (ASCII fast path and UTF-8 path agree with the fatal TextDecoder)", () => {
  const cases: [string, Uint8Array][] = [
    ["empty", bytesOf("")],
    ["ASCII JSON", bytesOf('{"bomFormat":"CycloneDX","specVersion":"1.6"}')],
    ["every ASCII byte", Uint8Array.from({ length: 128 }, (_, i) => i)],
    ["NUL and DEL", bytesOf([0, 0x7f, 0x41])],
    ["BOM then ASCII", bytesOf([0xef, 0xbb, 0xbf], '{"a":1}')],
    ["two BOMs (the second is text)", bytesOf([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], "{}")],
    ["Latin-1 range in UTF-8", bytesOf('{"name":"Müller"}')],
    ["astral plane", bytesOf('{"name":"😀"}')],
    ["ASCII with a subarray offset", bytesOf('xx{"a":"b"}').subarray(2)],
  ];

  it.each(cases)("%s", (_label, bytes) => {
    const decoded = decodeUtf8(bytes);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    expect(decoded.byteOrderMark).toBe(hasBom);
    expect(decoded.text).toBe(reference.decode(hasBom ? bytes.subarray(3) : bytes));
  });

  it("still refuses bytes that are not UTF-8, with their offset", () => {
    // 0xff never occurs in UTF-8; 0xe9 alone is Latin-1 é, not UTF-8.
    for (const [bytes, offset] of [
      [bytesOf("{}", [0xff]), 2],
      [bytesOf('{"a":"caf', [0xe9], '"}'), 9],
    ] as const) {
      const decoded = decodeUtf8(bytes);
      expect(decoded.ok).toBe(false);
      if (!decoded.ok) expect(decoded.issue.message).toContain(`byte offset ${offset}`);
    }
  });

  it("refuses UTF-16 with a byte order mark", () => {
    expect(decodeUtf8(bytesOf([0xff, 0xfe], "{")).ok).toBe(false);
  });
});
