import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseArrangementText } from "../../src/crosswalk/arrangement.js";
import { SEED_FRAMEWORKS_DIR } from "../../src/crosswalk/catalog.js";
import { mustAccountFor, parseCrosswalkText } from "../../src/crosswalk/crosswalk.js";
import { normalizeLevel, obligationAt } from "../../src/crosswalk/levels.js";
import {
  loadRecognitionData,
  SEED_ARRANGEMENTS_DIR,
  SEED_CROSSWALKS_DIR,
  SEED_DRAFT_ARRANGEMENTS_DIR,
  seedRecognitionData,
} from "../../src/crosswalk/seeds.js";
import { catalogs } from "./crosswalk-fixtures.js";

const goodCrosswalk = {
  format: "cra-crosswalk/1",
  id: "p--cra",
  title: "P to CRA",
  source: { framework: "p" },
  target: { framework: "cra" },
  useCase: "test",
  provenance: { method: "human", author: "t", reviewed: false, sources: ["s"] },
  mappings: [
    { source: "P1", target: "A", relationship: "equal", rationale: "semantic", confidence: "high" },
    {
      source: "P3",
      target: "C",
      relationship: "subset-of",
      rationale: "semantic",
      confidence: "medium",
      residual: "rest of C",
    },
  ],
  uncovered: [
    { target: "B", reason: "none" },
    { target: "E", reason: "none" },
  ],
};

const parse = (value: unknown) => parseCrosswalkText(JSON.stringify(value, null, 2), "p--cra.json", catalogs);

describe("crosswalk loader", () => {
  it("accepts a well-formed crosswalk and sorts its rows", () => {
    const parsed = parse(goodCrosswalk);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.mappings.map((m) => `${m.source}>${m.target}`)).toEqual(["P1>A", "P3>C"]);
  });

  it("refuses an id missing from the pinned source catalog, with file, pointer and line", () => {
    const bad = structuredClone(goodCrosswalk);
    bad.mappings[1]!.source = "P9";
    const parsed = parse(bad);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.issues).toHaveLength(1);
      expect(parsed.issues[0]).toMatchObject({
        source: "p--cra.json",
        path: "/mappings/1/source",
        constraint: "reference",
      });
      expect(parsed.issues[0]!.message).toContain('"P9" is not a requirement of p');
      expect(parsed.issues[0]!.line).toBeGreaterThan(1);
    }
  });

  it("refuses a target id missing from the CRA catalog", () => {
    const bad = structuredClone(goodCrosswalk);
    bad.mappings[0]!.target = "CRA-AI-P1-2z";
    const parsed = parse(bad);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((i) => i.path)).toContain("/mappings/0/target");
  });

  it("refuses an unknown framework id", () => {
    const bad = { ...goodCrosswalk, source: { framework: "nowhere" } };
    const parsed = parse(bad);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]).toMatchObject({ path: "/source/framework", constraint: "reference" });
  });

  it("refuses when an Annex I requirement is neither mapped nor listed as uncovered", () => {
    const bad = { ...goodCrosswalk, uncovered: [{ target: "E", reason: "none" }] };
    const parsed = parse(bad);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.issues).toHaveLength(1);
      expect(parsed.issues[0]).toMatchObject({ path: "/uncovered", constraint: "coverage" });
      expect(parsed.issues[0]!.message).toContain("missing: B");
    }
  });

  it("does not count a no-relationship row as accounting for a requirement", () => {
    const bad = structuredClone(goodCrosswalk);
    bad.mappings.push({
      source: "P2",
      target: "B",
      relationship: "no-relationship",
      rationale: "semantic",
      confidence: "low",
    });
    bad.uncovered = [{ target: "E", reason: "none" }];
    const parsed = parse(bad);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]!.message).toContain("missing: B");
  });

  it("refuses a requirement listed as uncovered that is also mapped", () => {
    const bad = { ...goodCrosswalk, uncovered: [...goodCrosswalk.uncovered, { target: "A", reason: "x" }] };
    const parsed = parse(bad);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]).toMatchObject({ path: "/uncovered/2/target", constraint: "consistency" });
  });

  it("refuses a partial mapping without its residual, a duplicate pair, an unknown relationship and an unknown field", () => {
    const bad = structuredClone(goodCrosswalk) as Record<string, unknown> & typeof goodCrosswalk;
    delete (bad.mappings[1] as { residual?: string }).residual;
    const parsed = parse(bad);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]).toMatchObject({ path: "/mappings/1/residual", constraint: "required" });

    const dup = structuredClone(goodCrosswalk);
    dup.mappings.push({ ...dup.mappings[0]! });
    const dupParsed = parse(dup);
    expect(dupParsed.ok).toBe(false);
    if (!dupParsed.ok) expect(dupParsed.issues[0]).toMatchObject({ path: "/mappings/2", constraint: "unique" });

    const rel = structuredClone(goodCrosswalk);
    rel.mappings[0]!.relationship = "same-as";
    const relParsed = parse(rel);
    expect(relParsed.ok).toBe(false);
    if (!relParsed.ok)
      expect(relParsed.issues[0]).toMatchObject({ path: "/mappings/0/relationship", constraint: "enum" });

    const typo = { ...goodCrosswalk, mapings: [] };
    const typoParsed = parse(typo);
    expect(typoParsed.ok).toBe(false);
    if (!typoParsed.ok)
      expect(typoParsed.issues.some((i) => i.constraint === "unknown-key" && i.path === "/mapings")).toBe(true);
  });

  it("refuses hostile text: syntax errors, alias bombs and non-objects", () => {
    const syntax = parseCrosswalkText('{"format": "cra-crosswalk/1", ', "x.json", catalogs);
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.issues[0]!.constraint).toBe("syntax");
    const bomb = `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`;
    const bombed = parseCrosswalkText(bomb, "bomb.yaml", catalogs);
    expect(bombed.ok).toBe(false);
    const scalar = parseCrosswalkText("42", "n.json", catalogs);
    expect(scalar.ok).toBe(false);
  });

  it("only CRA targets carry the Annex I accounting duty", () => {
    expect(mustAccountFor(catalogs.get("cra")!)).toEqual(["A", "B", "C", "E"]);
    expect(mustAccountFor(catalogs.get("p")!)).toEqual([]);
  });
});

const arrangementYaml = `format: cra-arrangement/1
id: test-arr
title: Test
kind: mutual-recognition
status: draft
parties: [EU]
effective: { from: 2027-12-11 }
routes:
  - id: r1
    kind: recognition
    from: { scheme: x, level: L2, orHigher: true, assurance: third-party }
    to: { scheme: cra, requirements: [A, D] }
    conditions: { validLabel: true, versions: { x: v1.4 } }
source: { title: draft, quality: draft }
`;

describe("arrangement loader", () => {
  it("accepts a regulator's YAML draft", () => {
    const parsed = parseArrangementText(arrangementYaml, "draft.yaml", catalogs);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.routes[0]!.to.requirements).toEqual(["A", "D"]);
  });

  it.each([
    ["an unknown level", "level: L2, orHigher", "level: L7, orHigher", "/routes/0/from/level", "reference"],
    [
      "an unknown CRA requirement",
      "requirements: [A, D]",
      "requirements: [A, Z9]",
      "/routes/0/to/requirements/1",
      "reference",
    ],
    ["an unknown scheme", "scheme: x,", "scheme: nowhere,", "/routes/0/from/scheme", "reference"],
    ["an unparseable date", "from: 2027-12-11", "from: 11/12/2027", "/effective/from", "format"],
    ["an unknown assurance mode", "assurance: third-party", "assurance: lab", "/routes/0/from/assurance", "enum"],
    [
      "a version condition on a foreign scheme",
      "versions: { x: v1.4 }",
      "versions: { q: v1.4 }",
      "/routes/0/conditions/versions/q",
      "reference",
    ],
  ])("refuses %s with the JSON path and line", (_name, from, to, path, constraint) => {
    const parsed = parseArrangementText(arrangementYaml.replace(from, to), "draft.yaml", catalogs);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.issues[0]).toMatchObject({ source: "draft.yaml", path, constraint });
      expect(parsed.issues[0]!.line).toBeGreaterThan(1);
    }
  });

  it("refuses an end date before the start date and duplicate route ids", () => {
    const dates = parseArrangementText(
      arrangementYaml.replace("{ from: 2027-12-11 }", "{ from: 2027-12-11, to: 2027-01-01 }"),
      "d.yaml",
      catalogs,
    );
    expect(dates.ok).toBe(false);
    if (!dates.ok) expect(dates.issues[0]).toMatchObject({ path: "/effective/to", constraint: "range" });
    const twice = arrangementYaml.replace(
      "routes:\n",
      "routes:\n  - id: r1\n    kind: simplified-application\n    from: { scheme: x }\n    to: { scheme: p }\n    conditions: { validLabel: false }\n",
    );
    const dup = parseArrangementText(twice, "d.yaml", catalogs);
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.issues[0]).toMatchObject({ path: "/routes/1/id", constraint: "unique" });
  });
});

describe("shipped seeds", () => {
  const data = seedRecognitionData();

  it("load completely: every partner framework has a crosswalk to the CRA", () => {
    const partners = [...data.catalogs.keys()].filter((id) => id !== "cra").sort();
    const toCra = data.crosswalks
      .filter((c) => c.targetFramework === "cra")
      .map((c) => c.sourceFramework)
      .sort();
    expect(toCra).toEqual(partners);
    expect(partners).toEqual([
      "au-smart-devices",
      "bsi-tr-03183-2@2.0",
      "bsi-tr-03183-2@2.1",
      "cisa-sbom-2026",
      "de-bsi-it-security-label",
      "etsi-en-303-645@2.1.1",
      "etsi-en-303-645@3.1.3",
      "fi-traficom-label",
      "jp-jc-star",
      "kr-iot-cic",
      "nist-ir-8425",
      "ntia-sbom-2021",
      "sg-cls",
      "uk-psti",
    ]);
  });

  it("record simplified-application routes as such, never as recognition", () => {
    const simplified = data.arrangements.filter((a) => a.kind === "simplified-application");
    expect(simplified.map((a) => a.id).sort()).toEqual(["sg-cls-l1-simplified-for-psti-2026", "sg-jp-2026"]);
    for (const a of simplified) expect(a.routes.every((r) => r.kind === "simplified-application")).toBe(true);
    // The 2024 SG-DE update mixes both kinds: the router route recognises, the BSI route only simplifies.
    const sgDe = data.arrangements.find((a) => a.id === "sg-de-2024")!;
    expect(sgDe.routes.map((r) => `${r.id}:${r.kind}`)).toEqual([
      "bsi-router-to-cls-l2:recognition",
      "cls-to-bsi-simplified:simplified-application",
    ]);
  });

  it("pin JC-STAR S1.1-10 as the model number and S1.1-13 as touching Annex I (2)(a) (reference §13.1)", () => {
    const jc = data.crosswalks.find((c) => c.id === "jp-jc-star--cra")!;
    expect(jc.mappings.filter((m) => m.source === "JCSTAR-S1.1-10").map((m) => m.target)).toContain("CRA-AII-3");
    expect(jc.mappings.find((m) => m.source === "JCSTAR-S1.1-13" && m.target === "CRA-AI-P1-2a")?.relationship).toBe(
      "intersects-with",
    );
  });

  it("keep unverified marks from the reference", () => {
    const cls = data.catalogs.get("sg-cls")!;
    expect(cls.requirements.filter((r) => r.id.startsWith("SGCLS-ETSI-")).every((r) => r.verified === false)).toBe(
      true,
    );
    expect(data.catalogs.get("jp-jc-star")!.requirements.find((r) => r.id === "JCSTAR-S1.1-09")!.verified).toBe(false);
    expect(
      data.catalogs.get("jp-jc-star")!.requirements.find((r) => r.id === "JCSTAR-S1.1-02")!.verified,
    ).toBeUndefined();
  });

  it("include the drafts directory only when asked, and load it cleanly", () => {
    const withDrafts = loadRecognitionData({
      frameworks: SEED_FRAMEWORKS_DIR,
      crosswalks: SEED_CROSSWALKS_DIR,
      arrangements: SEED_ARRANGEMENTS_DIR,
      extraArrangements: [SEED_DRAFT_ARRANGEMENTS_DIR],
    });
    expect(withDrafts.ok).toBe(true);
    if (withDrafts.ok) expect(withDrafts.value.arrangements.some((a) => a.status === "draft")).toBe(true);
    expect(data.arrangements.some((a) => a.status === "draft")).toBe(false);
  });
});

describe("all or nothing", () => {
  const dir = mkdtempSync(join(tmpdir(), "cra-xwalk-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("one broken crosswalk refuses the whole set, naming the file and the path", () => {
    cpSync(SEED_FRAMEWORKS_DIR, join(dir, "frameworks"), { recursive: true });
    cpSync(SEED_CROSSWALKS_DIR, join(dir, "crosswalks"), { recursive: true });
    cpSync(SEED_ARRANGEMENTS_DIR, join(dir, "arrangements"), { recursive: true });
    const file = join(dir, "crosswalks", "uk-psti--cra.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    json.mappings[0].target = "CRA-AI-P1-2q";
    writeFileSync(file, JSON.stringify(json, null, 2));
    const loaded = loadRecognitionData({
      frameworks: join(dir, "frameworks"),
      crosswalks: join(dir, "crosswalks"),
      arrangements: join(dir, "arrangements"),
    });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.issues.every((i) => i.source === file)).toBe(true);
      expect(loaded.issues).toContainEqual(
        expect.objectContaining({ source: file, path: "/mappings/0/target", constraint: "reference" }),
      );
      expect("value" in loaded).toBe(false);
    }
  });

  it("one broken arrangement refuses the whole set too", () => {
    cpSync(SEED_CROSSWALKS_DIR, join(dir, "crosswalks"), { recursive: true, force: true });
    writeFileSync(join(dir, "arrangements", "zz-bad.yaml"), "format: cra-arrangement/1\nid: Bad Id\n");
    const loaded = loadRecognitionData({
      frameworks: join(dir, "frameworks"),
      crosswalks: join(dir, "crosswalks"),
      arrangements: join(dir, "arrangements"),
    });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.issues.every((i) => i.source === join(dir, "arrangements", "zz-bad.yaml"))).toBe(true);
      expect(loaded.issues.map((i) => i.path)).toContain("/id");
    }
  });
});

describe("levels", () => {
  it.each([
    ["Level 2", "2"],
    ["L2", "2"],
    ["2", "2"],
    ["★1", "star1"],
    ["STAR-1", "star1"],
    ["basic", "basic"],
  ])("normalises %s", (input, expected) => expect(normalizeLevel(input)).toBe(expected));

  it("reads per-level obligations; a level that omits a requirement excludes it", () => {
    const x = catalogs.get("x")!;
    expect(obligationAt(x.requirements[1]!, "L1")).toBeUndefined();
    expect(obligationAt(x.requirements[1]!, "L2")).toBe("mandatory");
    expect(obligationAt(x.requirements[2]!, undefined)).toBe("recommended");
  });
});
