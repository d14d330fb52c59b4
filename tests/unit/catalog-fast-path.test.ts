import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  hasRepeatedJsonKey,
  parseCatalogText,
  parseCatalogTextLocated,
  SEED_FRAMEWORKS_DIR,
} from "../../src/crosswalk/catalog.js";

const seeds = readdirSync(SEED_FRAMEWORKS_DIR)
  .filter((name) => name.endsWith(".json"))
  .sort();

const minimal = (extra = "") => `{
  "id": "demo",${extra}
  "name": "Demo framework",
  "version": "1",
  "requirements": []
}`;

describe("catalog JSON fast path", () => {
  it("has seed catalogs to compare", () => {
    expect(seeds.length).toBeGreaterThan(5);
  });

  it.each(seeds)("loads %s exactly as the located reader does", (name) => {
    const path = join(SEED_FRAMEWORKS_DIR, name);
    const text = readFileSync(path, "utf8");
    const located = parseCatalogTextLocated(text, path);
    expect(located.ok).toBe(true);
    expect(parseCatalogText(text, path)).toEqual(located);
    // With a byte order mark, too (the located reader drops one).
    expect(parseCatalogText(`\uFEFF${text}`, path)).toEqual(located);
  });

  it("refuses a repeated key with its location, like the located reader", () => {
    const cra = readFileSync(join(SEED_FRAMEWORKS_DIR, "cra.json"), "utf8");
    // The same key twice in the top-level object; JSON.parse alone would keep the second value silently.
    const repeated = cra.replace(/^\{/, '{\n  "name": "Shadowed name",');
    const result = parseCatalogText(repeated, "x.json");
    expect(result.ok).toBe(false);
    expect(result).toEqual(parseCatalogTextLocated(repeated, "x.json"));
    if (!result.ok) {
      expect(result.issues[0]).toMatchObject({ constraint: "duplicate-key" });
      expect(result.issues[0]?.line).toBeGreaterThan(0);
    }
  });

  it("keeps located issues for schema errors and bad JSON", () => {
    for (const text of [minimal('\n  "unknownField": 1,'), '{ "id": "demo", }', "[1, 2]", "id: demo\nname: x\n"]) {
      const result = parseCatalogText(text, "x.json");
      expect(result.ok).toBe(false);
      expect(result).toEqual(parseCatalogTextLocated(text, "x.json"));
    }
  });

  it("finds repeated keys only inside one object, after unescaping", () => {
    expect(hasRepeatedJsonKey('{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}')).toBe(false);
    expect(hasRepeatedJsonKey('{"a": 1, "b": 2, "a": 3}')).toBe(true);
    expect(hasRepeatedJsonKey('{"a": 1, "\\u0061": 2}')).toBe(true);
    expect(hasRepeatedJsonKey('{"x": {"k": 1, "k": 2}}')).toBe(true);
    // Keys and string values with quotes, braces and commas inside.
    expect(hasRepeatedJsonKey('{"a\\"b": "}, {\\"a\\"b\\": 1", "c": ["a\\"b", {"a\\"b": 0}]}')).toBe(false);
    expect(hasRepeatedJsonKey('{"a\\"b": 1, "a\\"b": 2}')).toBe(true);
    expect(hasRepeatedJsonKey('{"__proto__": 1, "__proto__": 2}')).toBe(true);
    expect(hasRepeatedJsonKey("[]")).toBe(false);
  });
});
