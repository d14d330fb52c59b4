import { describe, expect, it } from "vitest";
import { allPairs, compareFrameworks, composeRelationships } from "../../src/crosswalk/compare.js";
import { fromCrosswalk, nameUuid, toOscalMappingCollection } from "../../src/crosswalk/oscal.js";
import { comparisonToCsv, comparisonToHtml, comparisonToMarkdown, csvField } from "../../src/crosswalk/render.js";
import { seedRecognitionData } from "../../src/crosswalk/seeds.js";
import { catalogs, pToCra, qToCra } from "./crosswalk-fixtures.js";

const data = { catalogs, crosswalks: [pToCra, qToCra] };

function compared(from: string, to: string, level?: string) {
  const result = compareFrameworks(data, { from, to, ...(level ? { level } : {}) });
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe("compareFrameworks on a hand-made pair with known answers", () => {
  it("forward p → cra: A full, B partial (the superset source is only a recommendation), C partial, D and E none", () => {
    const { forward } = compared("p", "cra");
    expect(forward.method).toBe("crosswalk");
    expect(forward.reviewed).toBe(true);
    expect(Object.fromEntries(forward.rows.map((r) => [r.target, r.coverage]))).toEqual({
      A: "full",
      B: "partial",
      C: "partial",
      D: "none",
      E: "none",
    });
    expect(forward.totals.count).toEqual({ full: 1, partial: 2, none: 2, total: 5 });
    expect(forward.totals.share).toEqual({ full: 0.2, partial: 0.4, none: 0.4 });
    // Every tiny-CRA requirement is mandatory (weight 3), so the weighted shares equal the counted ones.
    expect(forward.totals.weighted).toEqual({ full: 3, partial: 6, none: 6, total: 15 });
    expect(forward.uncovered).toEqual(["D", "E"]);
    expect(forward.rows.find((r) => r.target === "E")!.reason).toBe("no E");
    expect(forward.rows.find((r) => r.target === "C")!.links[0]!.residual).toBe("rest of C");
    expect(forward.totalsByGroup["annex-i-part-i"]!.count).toEqual({ full: 1, partial: 1, none: 1, total: 3 });
  });

  it("backward cra → p reads the crosswalk the other way round and weights by the target's obligations", () => {
    const { backward } = compared("p", "cra");
    expect(backward.method).toBe("inverted-crosswalk");
    expect(Object.fromEntries(backward.rows.map((r) => [r.target, r.coverage]))).toEqual({
      P1: "full",
      P2: "partial",
      P3: "full",
    });
    expect(backward.rows.find((r) => r.target === "P3")!.links[0]!.relationship).toBe("superset-of");
    expect(backward.totals.count).toEqual({ full: 2, partial: 1, none: 0, total: 3 });
    expect(backward.totals.weighted).toEqual({ full: 6, partial: 1, none: 0, total: 7 });
    expect(backward.totals.weightedShare).toEqual({ full: 0.8571, partial: 0.1429, none: 0 });
    expect(backward.totals.share.full).toBe(0.6667);
  });

  it("partner ↔ partner is derived through the CRA and never marked reviewed", () => {
    const { forward, backward } = compared("p", "q");
    expect(forward.method).toBe("derived");
    expect(forward.pivot).toBe("cra");
    expect(forward.reviewed).toBe(false);
    // P1 = A ⊃ Q1 → P1 superset-of Q1 (full); P3 ⊂ C ⊂ Q2 → subset-of (partial).
    expect(Object.fromEntries(forward.rows.map((r) => [r.target, r.coverage]))).toEqual({ Q1: "full", Q2: "partial" });
    expect(forward.rows[0]!.links[0]).toMatchObject({ source: "P1", relationship: "superset-of", via: "A" });
    expect(forward.rows[0]!.links[0]!.note).toContain("Derived candidate");
    expect(Object.fromEntries(backward.rows.map((r) => [r.target, r.coverage]))).toEqual({
      P1: "partial",
      P2: "none",
      P3: "full",
    });
  });

  it("says so when two frameworks share no crosswalk or pivot", () => {
    const lonely = compareFrameworks({ catalogs, crosswalks: [pToCra] }, { from: "q", to: "x" });
    expect(lonely.ok).toBe(true);
    if (lonely.ok) {
      expect(lonely.value.forward.unavailable).toContain("No crosswalk links q and x");
      expect(lonely.value.forward.totals.count.none).toBe(lonely.value.forward.totals.count.total);
    }
  });

  it("refuses unknown frameworks and levels", () => {
    expect(compareFrameworks(data, { from: "nope", to: "cra" })).toMatchObject({ ok: false });
    const badLevel = compareFrameworks(data, { from: "x", to: "cra", level: "L7" });
    expect(badLevel.ok).toBe(false);
    if (!badLevel.ok) expect(badLevel.message).toContain("L1, L2");
  });

  it.each([
    ["equal", "equal", "equal"],
    ["equal", "subset-of", "superset-of"],
    ["subset-of", "superset-of", "subset-of"],
    ["superset-of", "subset-of", "superset-of"],
    ["superset-of", "superset-of", "intersects-with"],
    ["subset-of", "subset-of", "intersects-with"],
  ] as const)("composes A %s P and B %s P into A %s B", (a, b, expected) => {
    expect(composeRelationships(a, b)?.relationship).toBe(expected);
  });
  it("composes nothing through a no-relationship row", () => {
    expect(composeRelationships("no-relationship", "equal")).toBeUndefined();
  });
});

describe("renderers", () => {
  const comparison = compared("p", "cra");

  it("Markdown shows totals, coverage and residuals", () => {
    const md = comparisonToMarkdown(comparison, catalogs);
    expect(md).toContain("1 full (20.0 %), 2 partial (40.0 %), 2 none (40.0 %) of 5");
    expect(md).toContain("| C | Title of C | mandatory | partial | P3 *subset-of* (high) | rest of C |");
    expect(md).toContain("**Not covered (2):** D, E.");
  });

  it("CSV quotes per RFC 4180 and defuses spreadsheet formulas", () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    const csv = comparisonToCsv(comparison);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^direction,source_framework/);
    expect(lines.filter((l) => l.startsWith("forward,"))).toHaveLength(5);
    expect(lines.filter((l) => l.startsWith("backward,"))).toHaveLength(3);
  });

  it("HTML escapes every text", () => {
    const hostile = structuredClone(comparison);
    hostile.forward.rows[0]!.title = "<script>alert(1)</script>";
    const html = comparisonToHtml(hostile);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
  });
});

describe("OSCAL mapping-collection export", () => {
  const doc = toOscalMappingCollection(fromCrosswalk(pToCra, catalogs), catalogs, "2026-11-27T00:00:00Z");
  const collection = doc["mapping-collection"] as Record<string, any>;

  it("has the required OSCAL 1.2 structure", () => {
    expect(Object.keys(collection)).toEqual(["uuid", "metadata", "provenance", "mappings", "back-matter"]);
    expect(collection.metadata).toMatchObject({
      title: "p--cra",
      "last-modified": "2026-11-27T00:00:00Z",
      "oscal-version": "1.2.2",
    });
    expect(collection.provenance).toMatchObject({
      method: "human",
      "matching-rationale": "semantic",
      status: "complete",
    });
    expect(typeof collection.provenance["mapping-description"]).toBe("string");
    const mapping = collection.mappings[0];
    expect(mapping["source-resource"].type).toBe("catalog");
    const resources = collection["back-matter"].resources.map((r: { uuid: string }) => `#${r.uuid}`);
    expect(resources).toContain(mapping["source-resource"].href);
    expect(resources).toContain(mapping["target-resource"].href);
    expect(mapping.maps.map((m: any) => [m.sources[0]["id-ref"], m.relationship, m.targets[0]["id-ref"]])).toEqual([
      ["P1", "equal-to", "A"],
      ["P2", "superset-of", "B"],
      ["P3", "subset-of", "C"],
    ]);
    expect(mapping.maps[2].remarks).toContain("rest of C");
    expect(mapping.maps[0]["confidence-score"]).toEqual({ category: "high" });
    expect(mapping["target-gap-summary"]["unmapped-controls"][0]["with-ids"]).toEqual(["E"]);
  });

  it("uses valid, stable name-based UUIDs", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(collection.uuid).toMatch(uuid);
    for (const m of collection.mappings[0].maps) expect(m.uuid).toMatch(uuid);
    expect(nameUuid("x")).toBe(nameUuid("x"));
    expect(nameUuid("x")).not.toBe(nameUuid("y"));
    const again = toOscalMappingCollection(fromCrosswalk(pToCra, catalogs), catalogs, "2026-11-27T00:00:00Z");
    expect(JSON.stringify(again)).toBe(JSON.stringify(doc));
  });
});

describe("shipped frameworks", () => {
  const seeds = seedRecognitionData();

  it("every pair compares in both directions", () => {
    const pairs = allPairs(seeds.catalogs);
    expect(pairs.length).toBe((seeds.catalogs.size * (seeds.catalogs.size - 1)) / 2);
    for (const [from, to] of pairs) expect(compareFrameworks(seeds, { from, to }).ok).toBe(true);
  });

  it("a CLS L2 label and the BSI label cover each other's ETSI provisions fully (matching the SG–DE arrangement), as derived candidates", () => {
    const result = compareFrameworks(seeds, { from: "de-bsi-it-security-label", to: "sg-cls", toLevel: "L2" });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.forward.method).toBe("derived");
      expect(result.value.forward.pivot).toBe("etsi-en-303-645@3.1.3");
      expect(result.value.forward.reviewed).toBe(false);
      expect(result.value.forward.totals.share.full).toBe(1);
    }
  });

  it("no partner framework covers CRA Annex I (2)(a) or Part II (4) fully", () => {
    for (const id of seeds.catalogs.keys()) {
      if (id === "cra") continue;
      const result = compareFrameworks(seeds, { from: id, to: "cra" });
      if (!result.ok) throw new Error(result.message);
      const rows = new Map(result.value.forward.rows.map((r) => [r.target, r.coverage]));
      expect(rows.get("CRA-AI-P1-2a"), id).not.toBe("full");
      expect(rows.get("CRA-AI-P2-4"), id).not.toBe("full");
    }
  });
});
