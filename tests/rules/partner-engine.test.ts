/**
 * The engine with partner catalogs: the `partner` fact (src/rules/partner-facts.ts), the loader's checks on partner
 * rule files, and the generic manual-review finding for partner requirements no rule evidences.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getCatalog } from "../../src/crosswalk/catalog.js";
import { parseDeclarationValue } from "../../src/declaration/parse.js";
import type { Declaration } from "../../src/declaration/schema.js";
import { assessFindings } from "../../src/rules/evaluate.js";
import { locateFact } from "../../src/rules/facts.js";
import { loadRuleSet, RULES_ROOT } from "../../src/rules/loader.js";
import { buildPartnerFacts, icsKey, provisionOfKey } from "../../src/rules/partner-facts.js";
import { assessEveryRequirement } from "../../src/rules/scope.js";
import { declarationOf, factsFor } from "./partner-fixtures.js";

const work = mkdtempSync(join(tmpdir(), "cra-partner-rules-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function declaration(extra: Record<string, unknown>): Declaration {
  const parsed = parseDeclarationValue({ ...declarationOf("minimal"), ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

describe("partner facts", () => {
  it("re-keys every ETSI provision id of both editions reversibly", () => {
    for (const id of ["etsi-en-303-645@3.1.3", "etsi-en-303-645@2.1.1"]) {
      for (const r of getCatalog(id)!.requirements) {
        const provision = r.id.replace(/^ETSI-/, "");
        expect(icsKey(provision)).toMatch(/^[A-Za-z0-9_]+$/);
        expect(provisionOfKey(icsKey(provision))).toBe(provision);
      }
    }
  });

  it("classifies ICS answers by evidence and justification (a blank justification is none)", () => {
    const facts = buildPartnerFacts(
      declaration({
        etsiIcs: {
          version: "3.1.3",
          provisions: {
            "5.1-1": { answer: "yes", evidence: ["doc-a"] },
            "5.1-2": { answer: "yes" },
            "5.6-8": { answer: "no", justification: "No MPU." },
            "5.6-7": { answer: "no", justification: "   " },
            "6-7": { answer: "not-applicable" },
            "5.3-14": { answer: "not-applicable", justification: "Updatable." },
          },
        },
        documents: [{ id: "doc-a", kind: "test-report" }],
      }),
      "2028-03-01",
    );
    expect(facts.etsi.icsVersion).toBe("3.1.3");
    expect(facts.etsi.icsOnFile).toBe("V3.1.3");
    expect(facts.etsi.v2).toEqual({});
    expect(Object.fromEntries(Object.entries(facts.etsi.v3).map(([k, v]) => [k, v.answer]))).toEqual({
      "5_1_1": "yes-with-evidence",
      "5_1_2": "yes-without-evidence",
      "5_6_8": "no-justified",
      "5_6_7": "no-unjustified",
      "6_7": "not-applicable-unjustified",
      "5_3_14": "not-applicable-justified",
    });
    expect(facts.etsi.notAppliedWithoutJustification).toEqual(["5.6-7", "6-7"]);
  });

  it("counts a label only while it is current, and says why not", () => {
    const cert = (o: Record<string, unknown>) => ({ scheme: "jp-jc-star", level: "★1", ...o });
    const labels = (certifications: unknown[]) =>
      buildPartnerFacts(declaration({ certifications }), "2028-03-01").labels;
    expect(labels([cert({ certificateId: "A", validUntil: "2029-01-01" })]).jcStarStar1).toEqual({
      held: true,
      valid: true,
      certificates: ["A"],
      problems: [],
    });
    expect(labels([cert({ certificateId: "A", validUntil: "2028-02-29" })]).jcStarStar1.problems).toEqual([
      "A expired on 2028-02-29.",
    ]);
    expect(labels([cert({ certificateId: "A" })]).jcStarStar1.valid).toBe(false);
    expect(labels([cert({ validFrom: "2028-06-01", validUntil: "2030-01-01" })]).jcStarStar1.problems[0]).toMatch(
      /valid only from 2028-06-01/,
    );
    // Level spellings of ★1 are one level; ★2 is not the label S.I. 2025/1267 names.
    for (const level of ["STAR-1", "star 1", "★1", "star_1"]) {
      expect(labels([cert({ level, validUntil: "2029-01-01" })]).jcStarStar1.valid, level).toBe(true);
    }
    expect(labels([cert({ level: "star-2", validUntil: "2029-01-01" })]).jcStarStar1.held).toBe(false);
    expect(labels([{ scheme: "sg-cls", level: "L4", validUntil: "2029-01-01" }]).sgCls.valid).toBe(true);
  });

  it("compares the support period with the statement of compliance at month precision", () => {
    const change = (end: string | undefined, first: string | undefined) =>
      buildPartnerFacts(
        declaration({
          ...(end ? { supportPeriod: { end } } : {}),
          ...(first ? { pstiStatementOfCompliance: { definedSupportPeriod: { end: first } } } : {}),
        }),
        "2028-03-01",
      ).psti.supportPeriodChange;
    expect(change("2034-03", "2034-03-31")).toBe("kept");
    expect(change("2034-03-30", "2034-03")).toBe("shortened");
    expect(change("2035-01", "2034-03")).toBe("extended");
    expect(change(undefined, "2034-03")).toBe("unknown");
    expect(change("2034-03", undefined)).toBe("unknown");
  });

  it("locates partner facts in the declaration for the evidence trail", () => {
    expect(locateFact("partner", "etsi.v3.5_3_4A.answer")).toBe("declaration:/etsiIcs/provisions/5.3-4A");
    expect(locateFact("partner", "etsi.v2.6_1.answer")).toBe("declaration:/etsiIcs/provisions/6-1");
    expect(locateFact("partner", "labels.sgCls.valid")).toBe("declaration:/certifications");
    expect(locateFact("partner", "psti.standardsIncomplete")).toBe("declaration:/pstiStatementOfCompliance");
  });

  it("stays cheap and total on a hostile ICS with thousands of provisions", () => {
    const provisions: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++) provisions[`${i}.${i}-${i}Z`] = { answer: i % 2 ? "no" : "not-applicable" };
    const facts = buildPartnerFacts(declaration({ etsiIcs: { version: "3.1.3", provisions } }), "2028-03-01");
    expect(facts.etsi.notAppliedWithoutJustification.length).toBe(5000);
    // Nothing reaches into prototypes through a provision-shaped path.
    expect(Object.getPrototypeOf(facts.etsi.v3)).toBe(Object.prototype);
  });
});

describe("partner rule sets in the engine", () => {
  function writeRules(framework: string, rules: unknown[]): string {
    const root = mkdtempSync(join(work, "rules-"));
    copyFileSync(join(RULES_ROOT, "rule.schema.json"), join(root, "rule.schema.json"));
    mkdirSync(join(root, framework));
    writeFileSync(join(root, framework, "rules.json"), JSON.stringify({ framework, rules }));
    return root;
  }
  const pstiRule = (requirements: string[]) => ({
    id: "TEST-PSTI-PASSWORDS",
    requirements,
    title: "Passwords",
    severity: "high",
    sourceKind: "law",
    clause: "Schedule 1 para 1(2)",
    check: { all: [{ fact: "partner", path: "labels.sgCls.valid", operator: "equal", value: true }] },
    messages: { hold: "held", fail: "failed" },
    remediation: "fix",
  });

  it("refuses a requirement id that is not in the partner framework's catalog, with its location", async () => {
    const root = writeRules("uk-psti", [pstiRule(["UKPSTI-S1-1.2", "CRA-AI-P1-2b"])]);
    const loaded = await loadRuleSet("uk-psti", getCatalog("uk-psti")!, { rulesRoot: root });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.issues).toEqual([
      expect.objectContaining({
        source: "rules/uk-psti/rules.json",
        path: "/rules/0/requirements/1",
        constraint: "unknown-requirement",
      }),
    ]);
  });

  it("reports partner requirements no rule evidences as needs-review (manual review), not as met", async () => {
    const root = writeRules("uk-psti", [pstiRule(["UKPSTI-S1-1.2"])]);
    const catalog = getCatalog("uk-psti")!;
    const loaded = await loadRuleSet("uk-psti", catalog, { rulesRoot: root });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const findings = await assessFindings({
      catalog,
      ruleSet: loaded.value,
      scope: assessEveryRequirement,
      facts: factsFor(),
    });
    expect(findings.length).toBe(catalog.requirements.length);
    expect(findings.find((f) => f.requirement === "UKPSTI-S1-1.2")!.status).toBe("gap");
    const uncovered = findings.filter((f) => f.requirement !== "UKPSTI-S1-1.2");
    for (const f of uncovered) {
      expect(f.status, f.requirement).toBe("needs-review");
      expect(f.message).toMatch(/^manual review \(no automated check\)/);
      expect(f.severity).toBe("high");
    }
    // Unverified catalog entries stay marked in the findings.
    expect(findings.find((f) => f.requirement === "UKPSTI-S2-x-B")!.verified).toBe(false);
  });
});
