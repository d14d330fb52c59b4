/**
 * The rule loader refuses malformed rule files with the file and the JSON path, and refuses rules that name
 * requirements missing from the catalog, unknown facts or operators, fact paths and message placeholders that name
 * nothing, or assessor-policy rules above medium.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getCatalog } from "../../src/crosswalk/catalog.js";
import type { FrameworkCatalog } from "../../src/domain/requirement.js";
import { loadRuleSet, RULES_ROOT } from "../../src/rules/loader.js";

const catalog = getCatalog("cra") as FrameworkCatalog;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function rulesRootWith(files: Record<string, unknown>, framework = "cra"): string {
  const root = mkdtempSync(join(tmpdir(), "cra-rules-"));
  dirs.push(root);
  cpSync(join(RULES_ROOT, "rule.schema.json"), join(root, "rule.schema.json"));
  mkdirSync(join(root, framework));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(root, framework, name), typeof content === "string" ? content : JSON.stringify(content));
  }
  return root;
}

const goodRule = {
  id: "CRA-TEST-RULE",
  requirements: ["CRA-AI-P2-5"],
  title: "CVD policy",
  severity: "high",
  sourceKind: "law",
  clause: "Annex I Part II (5)",
  check: {
    all: [{ fact: "declaration", path: "vulnerabilityHandling.cvdPolicyUrl", operator: "present", value: true }],
  },
  messages: { hold: "ok", fail: "missing" },
  remediation: "Publish one.",
};
const file = (...rules: unknown[]) => ({ framework: "cra", rules });

describe("loadRuleSet", () => {
  it("loads the shipped CRA rules against the catalog", async () => {
    const loaded = await loadRuleSet("cra", catalog);
    expect(loaded.ok).toBe(true);
    if (loaded.ok) {
      expect(loaded.value.rules.length).toBeGreaterThan(100);
      expect(loaded.value.version).toMatch(/^cra@[0-9a-f]{12}$/);
    }
  });

  it("loads a minimal valid file", async () => {
    const loaded = await loadRuleSet("cra", catalog, { rulesRoot: rulesRootWith({ "a.json": file(goodRule) }) });
    expect(loaded.ok).toBe(true);
  });

  it("refuses a requirement id missing from the catalog, pointing at it", async () => {
    const bad = { ...goodRule, requirements: ["CRA-AI-P2-5", "CRA-AI-P9-9"] };
    const loaded = await loadRuleSet("cra", catalog, { rulesRoot: rulesRootWith({ "a.json": file(bad) }) });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.issues).toContainEqual(
        expect.objectContaining({
          source: "rules/cra/a.json",
          path: "/rules/0/requirements/1",
          constraint: "unknown-requirement",
        }),
      );
    }
  });

  it("refuses a clause that does not name the article or annex its requirement comes from", async () => {
    // CRA-AI-P2-5 is Annex I Part II (5); Art. 13(17) is another provision. Annex II is not Annex I either.
    const wrongArticle = { ...goodRule, clause: "Art. 13(17)" };
    const wrongAnnex = { ...goodRule, id: "CRA-TEST-RULE-2", clause: "Annex II (2)" };
    const loaded = await loadRuleSet("cra", catalog, {
      rulesRoot: rulesRootWith({ "a.json": file(wrongArticle, wrongAnnex) }),
    });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.issues).toEqual([
        expect.objectContaining({ source: "rules/cra/a.json", path: "/rules/0/clause", constraint: "clause" }),
        expect.objectContaining({ source: "rules/cra/a.json", path: "/rules/1/clause", constraint: "clause" }),
      ]);
      expect(loaded.issues[0]?.message).toContain("Annex I");
    }
  });

  it("reports schema errors with file and JSON path", async () => {
    const bad = { ...goodRule, severity: "urgent", extra: 1 };
    const loaded = await loadRuleSet("cra", catalog, { rulesRoot: rulesRootWith({ "b.json": file(bad) }) });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.issues).toContainEqual(
        expect.objectContaining({ source: "rules/cra/b.json", path: "/rules/0/severity", constraint: "enum" }),
      );
      expect(loaded.issues).toContainEqual(
        expect.objectContaining({ path: "/rules/0", constraint: "additionalProperties" }),
      );
    }
  });

  it("reports JSON syntax errors by file", async () => {
    const loaded = await loadRuleSet("cra", catalog, { rulesRoot: rulesRootWith({ "c.json": "{ not json" }) });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.issues[0]).toMatchObject({ source: "rules/cra/c.json", constraint: "syntax" });
  });

  it("refuses assessor-policy rules above medium", async () => {
    const bad = { ...goodRule, sourceKind: "assessor-policy", severity: "high" };
    const loaded = await loadRuleSet("cra", catalog, { rulesRoot: rulesRootWith({ "a.json": file(bad) }) });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok)
      expect(loaded.issues[0]).toMatchObject({ path: "/rules/0/severity", constraint: "policy-severity" });
  });

  it("refuses unknown facts, bad patterns and duplicate ids", async () => {
    const unknownFact = {
      ...goodRule,
      check: { any: [{ fact: "environment", path: "HOME", operator: "present", value: true }] },
    };
    const badPattern = {
      ...goodRule,
      id: "CRA-TEST-PATTERN",
      check: { all: [{ fact: "declaration", path: "product.name", operator: "matches", value: "(" }] },
    };
    const loaded = await loadRuleSet("cra", catalog, {
      rulesRoot: rulesRootWith({ "a.json": file(unknownFact, badPattern), "b.json": file(goodRule) }),
    });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      const summary = loaded.issues.map((i) => `${i.source} ${i.path} ${i.constraint}`);
      expect(summary).toContain("rules/cra/a.json /rules/0/check/any/0/fact fact");
      expect(summary).toContain("rules/cra/a.json /rules/1/check/all/0/value pattern");
      expect(summary).toContain("rules/cra/b.json /rules/0/id unique");
    }
  });

  it("refuses a manual rule without its review text and a file for another framework", async () => {
    const { check: _check, ...manual } = goodRule;
    const loaded = await loadRuleSet("cra", catalog, {
      rulesRoot: rulesRootWith({ "a.json": { framework: "uk-psti", rules: [manual] } }),
    });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      const constraints = loaded.issues.map((i) => i.constraint);
      expect(constraints).toContain("required");
    }
    const mismatched = await loadRuleSet("cra", catalog, {
      rulesRoot: rulesRootWith({ "a.json": { framework: "uk-psti", rules: [goodRule] } }),
    });
    expect(mismatched.ok).toBe(false);
    if (!mismatched.ok) expect(mismatched.issues[0]).toMatchObject({ path: "/framework", constraint: "framework" });
  });

  it("refuses a mistyped fact path in a condition, a compared fact, the components and the evidence", async () => {
    const typo = {
      ...goodRule,
      check: {
        all: [
          { fact: "declaration", path: "vulnerabilityHandling.cvdPolicyUrl", operator: "present", value: true },
          { not: { fact: "declaration", path: "updates.sigend", operator: "equal", value: true } },
        ],
      },
    };
    const others = {
      ...goodRule,
      id: "CRA-TEST-OTHERS",
      check: {
        all: [
          {
            fact: "derived",
            path: "supportPeriod.years",
            operator: "greaterThanInclusive",
            value: { fact: "declaration", path: "supportPeriod.expectedUseYear" },
          },
        ],
      },
      components: { fact: "sbom", path: "ntia.missingSuplier" },
      evidence: [
        { fact: "sbom", path: "componentCount" },
        { fact: "derived", path: "property.2z" },
      ],
    };
    // A value has nothing below it, and a list is addressed by index.
    const below = {
      ...goodRule,
      id: "CRA-TEST-BELOW",
      check: {
        any: [
          { fact: "declaration", path: "product.name.first", operator: "present", value: true },
          { fact: "declaration", path: "product.identifiers.first", operator: "present", value: true },
        ],
      },
    };
    const loaded = await loadRuleSet("cra", catalog, {
      rulesRoot: rulesRootWith({ "a.json": file(typo, others), "b.json": file(below) }),
    });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      const summary = loaded.issues.map((i) => `${i.source} ${i.path} ${i.constraint}`);
      expect(summary).toEqual([
        "rules/cra/a.json /rules/0/check/all/1/not/path fact-path",
        "rules/cra/a.json /rules/1/check/all/0/value/path fact-path",
        "rules/cra/a.json /rules/1/components/path fact-path",
        "rules/cra/a.json /rules/1/evidence/1/path fact-path",
        "rules/cra/b.json /rules/0/check/any/0/path fact-path",
        "rules/cra/b.json /rules/0/check/any/1/path fact-path",
      ]);
      expect(loaded.issues[0]?.message).toContain('"declaration.updates.sigend" names nothing');
      expect(loaded.issues[0]?.message).toContain('did you mean "signed"?');
      expect(loaded.issues[1]?.message).toContain('did you mean "expectedUseYears"?');
      expect(loaded.issues[2]?.message).toContain('did you mean "missingSupplier"?');
      expect(loaded.issues[4]?.message).toContain("declaration.product.name is a single value");
      expect(loaded.issues[5]?.message).toContain("is a list");
    }
  });

  it("accepts every kind of path the facts hold: declaration fields, list indexes, map keys, derived values", async () => {
    const rule = {
      ...goodRule,
      check: {
        all: [
          { fact: "declaration", path: "product.lastPlacedOnMarket", operator: "present", value: true },
          { fact: "declaration", path: "documents.0.kind", operator: "equal", value: "sbom" },
          { fact: "declaration", path: "securityProperties.2m.justification", operator: "present", value: true },
          { fact: "sbom", path: "hashes.algorithms.SHA_256", operator: "greaterThan", value: 0 },
          { fact: "derived", path: "placing.judgedAt", operator: "present", value: true },
          { fact: "advisories", path: "atPlacing.unassessedIds", operator: "nonEmpty", value: 1 },
          { fact: "partner", path: "etsi.v3.5_3_4A.answer", operator: "equal", value: "yes-with-evidence" },
          { fact: "sbom", operator: "present", value: true },
        ],
      },
    };
    const loaded = await loadRuleSet("cra", catalog, { rulesRoot: rulesRootWith({ "a.json": file(rule) }) });
    expect(loaded.ok ? "loaded" : loaded.issues).toBe("loaded");
  });

  it("refuses a message placeholder that names nothing, a malformed one and an unclosed optional phrase", async () => {
    const rule = {
      ...goodRule,
      messages: {
        hold: "Published at {{declaration.vulnerabilityHandling.cvdPolicyURL}}.",
        fail: "Missing[[ (support ends {{declaration.supportPeriod.end}})",
        notApplicable: "Not for {{ declaration.product.name }} or {{declaration product}}.",
      },
      applies: { all: [{ fact: "derived", path: "legacy", operator: "equal", value: false }] },
    };
    const manual = {
      id: "CRA-TEST-MANUAL",
      requirements: ["CRA-AI-P2-5"],
      title: "CVD policy, {{derived.placing.judgeAt}}",
      severity: "high",
      sourceKind: "law",
      clause: "Annex I Part II (5)",
      manualReview: "Open {{environment.HOME}}.",
      remediation: "Publish it at {{declaration.vulnerabilityHandling.cvdPolicyUri}}.",
    };
    const loaded = await loadRuleSet("cra", catalog, { rulesRoot: rulesRootWith({ "t.json": file(rule, manual) }) });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      const summary = loaded.issues.map((i) => `${i.source} ${i.path} ${i.constraint}`);
      expect(summary).toEqual([
        "rules/cra/t.json /rules/0/messages/hold template",
        "rules/cra/t.json /rules/0/messages/fail template",
        "rules/cra/t.json /rules/0/messages/notApplicable template",
        "rules/cra/t.json /rules/1/title template",
        "rules/cra/t.json /rules/1/manualReview template",
        "rules/cra/t.json /rules/1/remediation template",
      ]);
      expect(loaded.issues[0]?.message).toContain('did you mean "cvdPolicyUrl"?');
      expect(loaded.issues[1]?.message).toContain("[[");
      expect(loaded.issues[2]?.message).toContain("malformed");
      expect(loaded.issues[3]?.message).toContain('did you mean "judgedAt"?');
      expect(loaded.issues[4]?.message).toContain("names no fact");
      expect(loaded.issues[5]?.message).toContain('did you mean "cvdPolicyUrl"?');
    }
  });

  it("loads every shipped rule set under rules/ against its catalog", async () => {
    const frameworks = readdirSync(RULES_ROOT).filter((name) => statSync(join(RULES_ROOT, name)).isDirectory());
    expect(frameworks.length).toBeGreaterThan(10);
    for (const framework of frameworks) {
      const frameworkCatalog = getCatalog(framework);
      expect(frameworkCatalog, framework).toBeDefined();
      const loaded = await loadRuleSet(framework, frameworkCatalog as FrameworkCatalog);
      expect(loaded.ok ? framework : loaded.issues).toBe(framework);
    }
  });

  it("words every shipped remediation for any channel: no command-line flag or command, which a web reader cannot run", async () => {
    const frameworks = readdirSync(RULES_ROOT).filter((name) => statSync(join(RULES_ROOT, name)).isDirectory());
    const named: string[] = [];
    for (const framework of frameworks) {
      const loaded = await loadRuleSet(framework, getCatalog(framework) as FrameworkCatalog);
      if (!loaded.ok) continue;
      for (const rule of loaded.value.rules) {
        if (rule.remediation && /(^|[\s(])--[a-z]|\bassess --|cra-assessor /.test(rule.remediation))
          named.push(rule.id);
      }
    }
    expect(named).toEqual([]);
  });

  it("reports a missing rule folder instead of throwing", async () => {
    const loaded = await loadRuleSet("no-such-framework", catalog);
    expect(loaded.ok).toBe(false);
  });
});
