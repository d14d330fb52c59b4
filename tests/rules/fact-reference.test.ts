/**
 * The derived-facts reference: every value `src/rules/facts.ts` derives is listed with its definition, citation and
 * what it rests on, and docs/rules.md carries the generated table. Regenerate the docs section with
 * `UPDATE_GOLDEN=1 npx vitest run tests/rules/fact-reference.test.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DERIVED_FACTS, renderDerivedFactsReference } from "../../src/rules/fact-reference.js";
import { resolvePath } from "../../src/rules/path.js";
import { factsFor } from "./fixtures.js";

const docs = fileURLToPath(new URL("../../docs/rules.md", import.meta.url));
const BEGIN = "<!-- derived-facts:begin -->\n";
const END = "<!-- derived-facts:end -->";

describe("derived facts reference", () => {
  it("lists every derived value the fact builder produces", () => {
    const derived = factsFor({}).derived as unknown as Record<string, unknown>;
    const listed = new Set(DERIVED_FACTS.map((e) => e.path));
    const missing = Object.keys(derived).filter((key) => !listed.has(key));
    expect(missing).toEqual([]);
  });

  it("names only paths that exist, each with a definition and a citation", () => {
    const derived = factsFor({}).derived;
    for (const entry of DERIVED_FACTS) {
      const parent = entry.path.split(".").slice(0, -1).join(".");
      const exists =
        resolvePath(derived, entry.path) !== undefined ||
        (parent !== "" && typeof resolvePath(derived, parent) === "object");
      expect(exists, entry.path).toBe(true);
      expect(entry.definition.length, entry.path).toBeGreaterThan(10);
      expect(entry.citation, entry.path).toMatch(/Art\.|Annex/);
    }
  });

  it("docs/rules.md carries the generated table", () => {
    const text = readFileSync(docs, "utf8");
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    expect(start).toBeGreaterThan(0);
    const current = text.slice(start + BEGIN.length, end);
    const expected = renderDerivedFactsReference();
    if (process.env.UPDATE_GOLDEN === "1" && current !== expected) {
      writeFileSync(docs, `${text.slice(0, start + BEGIN.length)}${expected}${text.slice(end)}`);
      return;
    }
    expect(current).toBe(expected);
  });
});
