import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  getCatalog,
  listCatalogIds,
  loadCatalogDir,
  loadCatalogFile,
  parseCatalogText,
  requirementById,
  SEED_FRAMEWORKS_DIR,
} from "../../src/crosswalk/catalog.js";
import { PRODUCT_CLASS_IDS } from "../../src/declaration/schema.js";
import type { FrameworkCatalog, Requirement } from "../../src/domain/requirement.js";

/** The id list of the CRA requirements, written out independently of the catalog and of the declaration schema. */
function requiredIds(): string[] {
  const letters = "abcdefghijklm".split("");
  const nums = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const two = (n: number) => String(n).padStart(2, "0");
  return [
    "CRA-AI-P1-1",
    ...letters.map((l) => `CRA-AI-P1-2${l}`),
    ...nums(1, 8).map((n) => `CRA-AI-P2-${n}`),
    ...[2, 3, 4, 5, 8, 9, 12, 13, 15, 16, 17, 18, 19, 20].map((n) => `CRA-A13-${two(n)}`),
    "CRA-A14",
    "CRA-A32",
    ...nums(1, 9).map((n) => `CRA-AII-${n}`),
    ..."abcdef".split("").map((l) => `CRA-AII-8${l}`),
    ...nums(1, 8).map((n) => `CRA-AVII-${n}`),
    "CRA-DEFAULT",
    ...nums(1, 19).map((n) => `CRA-AIII-C1-${two(n)}`),
    ...nums(1, 4).map((n) => `CRA-AIII-C2-${two(n)}`),
    ...nums(1, 3).map((n) => `CRA-AIV-${two(n)}`),
  ];
}

function cra(): FrameworkCatalog {
  const catalog = getCatalog("cra");
  if (!catalog) throw new Error("cra catalog missing");
  return catalog;
}

describe("the CRA catalog (seeds/frameworks/cra.json)", () => {
  it("loads from the package seeds and has every requirement id of that list", () => {
    const ids = new Set(cra().requirements.map((r) => r.id));
    const missing = requiredIds().filter((id) => !ids.has(id));
    expect(missing).toEqual([]);
    expect(requiredIds()).toHaveLength(1 + 13 + 8 + 14 + 2 + 9 + 6 + 8 + 1 + 19 + 4 + 3);
  });

  it("gives every entry a title, paraphrase, citation text, source kind, date and evidence kind", () => {
    for (const r of cra().requirements) {
      expect(r.title.length, r.id).toBeGreaterThan(3);
      expect(r.paraphrase.length, r.id).toBeGreaterThan(20);
      expect(r.citation.text, r.id).toMatch(/^Regulation \(EU\) 2024\/2847, /);
      expect(r.citation.article ?? r.citation.annex, r.id).toBeTruthy();
      expect(["law", "guidance", "draft-standard", "standard", "assessor-policy"], r.id).toContain(r.sourceKind);
      expect(r.appliesFrom, r.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.evidence.length, r.id).toBeGreaterThan(0);
      expect(r.group, r.id).toBeTruthy();
    }
  });

  it("keeps paraphrases short (our words, never pasted law)", () => {
    for (const r of cra().requirements) expect(r.paraphrase.length, r.id).toBeLessThan(600);
  });

  it("dates Art. 14 from 2026-09-11 and the rest from 2027-12-11 (Art. 71(2))", () => {
    const byId = requirementById(cra());
    expect(byId.get("CRA-A14")?.appliesFrom).toBe("2026-09-11");
    for (const r of cra().requirements.filter((x) => x.id !== "CRA-A14"))
      expect(r.appliesFrom, r.id).toBe("2027-12-11");
  });

  it("marks exactly the Part I point (2) properties as risk-based ('where applicable')", () => {
    const riskBased = cra()
      .requirements.filter((r) => r.riskBased)
      .map((r) => r.id)
      .sort();
    expect(riskBased).toEqual("abcdefghijklm".split("").map((l) => `CRA-AI-P1-2${l}`));
  });

  it("carries 'unverified' marks from the reference with a note", () => {
    const unverified = cra().requirements.filter((r) => r.verified === false);
    expect(unverified.map((r) => r.id)).toEqual(["CRA-AIV-01", "CRA-AIV-02", "CRA-AIV-03"]);
    for (const r of unverified) expect(r.note, r.id).toMatch(/verif/i);
    expect(requirementById(cra()).get("CRA-A14")?.note).toMatch(/unverified/);
  });

  it("gives every product class the routes Art. 32 allows", () => {
    const classes = cra().requirements.filter((r) => r.group === "product-class");
    expect(classes.map((r) => r.id)).toEqual([...PRODUCT_CLASS_IDS]);
    const routes = (r: Requirement) => r.conformityRoutes!;
    for (const r of classes) {
      expect(r.conformityRoutes, r.id).toBeDefined();
      const unconditional = routes(r).allowed;
      const conditionalA = (routes(r).conditional ?? []).filter((c) => c.route === "A").map((c) => c.condition);
      if (r.id === "CRA-DEFAULT") {
        expect(unconditional).toEqual(expect.arrayContaining(["A", "B+C", "H", "EUCC"]));
      } else if (r.id.startsWith("CRA-AIII-C1")) {
        expect(unconditional).not.toContain("A");
        expect(conditionalA.sort()).toEqual(["foss-technical-documentation-public", "standards-applied-in-full"]);
      } else if (r.id.startsWith("CRA-AIII-C2")) {
        expect(unconditional).not.toContain("A");
        expect(conditionalA).toEqual(["foss-technical-documentation-public"]);
      } else {
        // Art. 32(5) does not extend to Annex IV: no module A at all for critical products.
        expect(unconditional).not.toContain("A");
        expect(conditionalA).toEqual([]);
      }
    }
  });

  it("links sub-points to their parent point", () => {
    const byId = requirementById(cra());
    expect(byId.get("CRA-AII-8c")?.parent).toBe("CRA-AII-8");
    expect(byId.get("CRA-AVII-2b")?.parent).toBe("CRA-AVII-2");
    expect(byId.get("CRA-AVII-2b")?.evidence).toContain("sbom");
  });

  it("is cached: the same object on every call, undefined for an unknown id", () => {
    expect(getCatalog("cra")).toBe(getCatalog("cra"));
    expect(getCatalog("no-such-framework")).toBeUndefined();
    expect(listCatalogIds()).toContain("cra");
  });

  it("loads the whole seed directory with unique framework ids", () => {
    const loaded = loadCatalogDir(SEED_FRAMEWORKS_DIR);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues, null, 2));
    const ids = loaded.value.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("names each version of a versioned framework (id@version) with its version", () => {
    const loaded = loadCatalogDir(SEED_FRAMEWORKS_DIR);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues, null, 2));
    const versioned = loaded.value.filter((c) => c.id.includes("@"));
    // BSI TR-03183-2 v2.0 and v2.1, ETSI EN 303 645 V2.1.1 and V3.1.3 at the time of writing.
    expect(versioned.length).toBeGreaterThanOrEqual(4);
    for (const c of versioned)
      expect(c.name, c.id).toMatch(new RegExp(`\\b[vV]${c.version.replaceAll(".", "\\.")}\\b`));
    expect(getCatalog("bsi-tr-03183-2@2.0")?.name).not.toBe(getCatalog("bsi-tr-03183-2@2.1")?.name);
  });
});

const base = {
  id: "test-fw",
  name: "Test framework",
  version: "1",
  sourceKind: "standard",
  source: { title: "Test" },
  requirements: [
    {
      id: "T-1",
      title: "One",
      paraphrase: "Do one thing.",
      citation: { text: "Test, clause 1" },
      sourceKind: "standard",
      evidence: ["declaration"],
    },
  ],
};

describe("catalog validation", () => {
  const dir = mkdtempSync(join(tmpdir(), "cra-catalog-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts a partner-style catalog with levels, conditions, features and per-level obligations", () => {
    const partner = {
      ...base,
      levels: ["1", "2"],
      conditions: [{ id: "12", description: "An update mechanism exists." }],
      features: [{ id: "a", description: "Passwords are used." }],
      requirements: [
        {
          ...base.requirements[0],
          obligation: { "1": "mandatory", "2": "recommended" },
          conditions: ["12"],
          features: ["a"],
          verified: false,
          note: "Secondary source.",
        },
      ],
    };
    const parsed = parseCatalogText(JSON.stringify(partner), "partner.json");
    expect(parsed.ok).toBe(true);
  });

  it("refuses a requirement without a citation, naming the file, the pointer and the line", () => {
    const text = JSON.stringify({ ...base, requirements: [{ ...base.requirements[0], citation: undefined }] }, null, 2);
    const path = join(dir, "no-citation.json");
    writeFileSync(path, text);
    const parsed = loadCatalogFile(path);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toEqual([
      expect.objectContaining({
        source: path,
        path: "/requirements/0/citation",
        constraint: "required",
        line: expect.any(Number),
      }),
    ]);
  });

  it("refuses duplicate requirement ids", () => {
    const parsed = parseCatalogText(
      JSON.stringify({ ...base, requirements: [base.requirements[0], base.requirements[0]] }, null, 2),
      "dup.json",
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues[0]).toMatchObject({ path: "/requirements/1/id", constraint: "unique", line: 23, column: 13 });
  });

  it("refuses misspelt fields with a suggestion, and unknown source kinds", () => {
    const parsed = parseCatalogText(
      JSON.stringify({
        ...base,
        requirements: [{ ...base.requirements[0], paraphrse: "x", sourceKind: "rumour" }],
      }),
      "typo.json",
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const messages = parsed.issues.map((i) => `${i.path} ${i.constraint} ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/requirements\/0\/paraphrse unknown-key .*Did you mean "paraphrase"\?/),
        expect.stringMatching(/^\/requirements\/0\/sourceKind enum .*"rumour"/),
      ]),
    );
  });

  it("refuses obligations for levels, conditions, features and parents the catalog does not define", () => {
    const parsed = parseCatalogText(
      JSON.stringify({
        ...base,
        levels: ["1"],
        requirements: [
          {
            ...base.requirements[0],
            obligation: { "3": "mandatory" },
            conditions: ["9"],
            features: ["z"],
            parent: "T-0",
          },
        ],
      }),
      "refs.json",
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.path).sort()).toEqual([
      "/requirements/0/conditions/0",
      "/requirements/0/features/0",
      "/requirements/0/obligation/3",
      "/requirements/0/parent",
    ]);
  });

  it("reports JSON syntax errors with line and column", () => {
    const parsed = parseCatalogText('{\n  "id": "x",\n  "name": \n}', "broken.json");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues[0]).toMatchObject({ constraint: "syntax", source: "broken.json", line: 4, column: 1 });
  });

  it("loads nothing from a directory with one bad file, and refuses a framework id declared twice", () => {
    const mixed = mkdtempSync(join(dir, "mixed-"));
    writeFileSync(join(mixed, "a.json"), JSON.stringify(base));
    writeFileSync(join(mixed, "b.json"), JSON.stringify({ ...base, id: "other", requirements: [] }));
    const bad = loadCatalogDir(mixed);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]).toMatchObject({ source: join(mixed, "b.json"), path: "/requirements" });

    writeFileSync(join(mixed, "b.json"), JSON.stringify(base));
    const twice = loadCatalogDir(mixed);
    expect(twice.ok).toBe(false);
    if (!twice.ok)
      expect(twice.issues[0]).toMatchObject({ constraint: "unique", message: expect.stringContaining("a.json") });

    // Two versions of one document under one name could not be told apart in any list.
    writeFileSync(join(mixed, "b.json"), JSON.stringify({ ...base, id: "test-fw@2", version: "2" }));
    const sameName = loadCatalogDir(mixed);
    expect(sameName.ok).toBe(false);
    if (!sameName.ok)
      expect(sameName.issues[0]).toMatchObject({
        source: join(mixed, "b.json"),
        path: "/name",
        constraint: "unique",
        message: expect.stringContaining("a.json"),
      });
  });

  it("reports an unreadable file as an issue, not an exception", () => {
    const parsed = loadCatalogFile(join(dir, "does-not-exist.json"));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.issues[0]).toMatchObject({ constraint: "io", message: expect.stringContaining("ENOENT") });
  });
});
