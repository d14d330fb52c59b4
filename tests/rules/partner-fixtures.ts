/**
 * Shared inputs for the partner-framework rule tables (tests/rules/partner-*.test.ts): the declaration fixtures
 * (acme-home-hub.yaml, minimal.yaml and partner-home-hub.yaml, which adds an ETSI V3.1.3 ICS and a PSTI statement of
 * compliance), a small SBOM on which every BSI TR-03183-2 v2.1 field is present, and one table runner for all.
 *
 * A table maps rule ids to cases: `holds` (the rule's onHold outcome, or needs-review for a manual-review rule),
 * `fails` (its onFail outcome) and `na` (not-applicable). Keys may carry a suffix after the rule id to test a
 * second way of failing. The runner also checks that no rule of the set is left out of the table.
 */
import type { KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { getCatalog } from "../../src/crosswalk/catalog.js";
import { parseDeclarationValue } from "../../src/declaration/parse.js";
import { evaluateRules } from "../../src/rules/evaluate.js";
import { type AssessmentFacts, buildAssessmentFacts } from "../../src/rules/facts.js";
import { loadRuleSet, type RuleSet } from "../../src/rules/loader.js";
import type { LoadedRule } from "../../src/rules/types.js";
import { ingestSbomBytes } from "../../src/sbom/ingest.js";

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

export const DECLARATIONS = {
  acme: fixture("declarations/acme-home-hub.yaml"),
  minimal: fixture("declarations/minimal.yaml"),
  partner: fixture("declarations/partner-home-hub.yaml"),
} as const;
export const COMPLETE_SBOM = fixture("sboms/partner-bsi-complete.cdx.json");

// Parsed once per test file and copied per case: YAML parsing and SBOM ingestion dominate the cost of a case.
const parsedDeclarations = new Map<string, Record<string, any>>();
export function declarationOf(base: keyof typeof DECLARATIONS): Record<string, any> {
  let parsed = parsedDeclarations.get(base);
  if (!parsed) {
    parsed = parse(readFileSync(DECLARATIONS[base], "utf8")) as Record<string, any>;
    parsedDeclarations.set(base, parsed);
  }
  return structuredClone(parsed);
}

let sbomText: string | undefined;
export function completeSbom(): Record<string, any> {
  sbomText ??= readFileSync(COMPLETE_SBOM, "utf8");
  return JSON.parse(sbomText) as Record<string, any>;
}

const ingestedSboms = new Map<string, NonNullable<Parameters<typeof buildAssessmentFacts>[0]["sbom"]>>();
function ingest(doc: Record<string, any>, publicKey?: KeyObject) {
  const text = JSON.stringify(doc);
  const cacheKey = publicKey ? `${text}\n${publicKey.export({ type: "spki", format: "pem" })}` : text;
  let hit = ingestedSboms.get(cacheKey);
  if (!hit) {
    const ingested = ingestSbomBytes(new TextEncoder().encode(text), publicKey ? { publicKey } : undefined);
    if (!ingested.ok) throw new Error(`test SBOM invalid: ${JSON.stringify(ingested.issues)}`);
    hit = { sbom: ingested.sbom, quality: ingested.quality };
    ingestedSboms.set(cacheKey, hit);
  }
  return hit;
}

export type Mutator = (d: Record<string, any>) => void;

function at(d: Record<string, any>, path: string[]): [Record<string, any>, string] {
  let node = d;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key];
  }
  return [node, path[path.length - 1]!];
}

/** Paths are dotted; an ICS provision id is one segment, so `provision()` builds those paths. */
const split = (path: string | string[]) => (Array.isArray(path) ? path : path.split("."));
export const set =
  (path: string | string[], value: unknown): Mutator =>
  (d) => {
    const [node, key] = at(d, split(path));
    node[key] = structuredClone(value);
  };
export const del =
  (path: string | string[]): Mutator =>
  (d) => {
    const [node, key] = at(d, split(path));
    delete node[key];
  };
export const provision = (id: string, ...rest: string[]) => ["etsiIcs", "provisions", id, ...rest];

export interface PartnerCase {
  base?: keyof typeof DECLARATIONS;
  decl?: Mutator[];
  /** Change the SBOM (a copy of the complete one); return null to assess without an SBOM. */
  sbom?: (s: Record<string, any>) => Record<string, any> | null | undefined;
  /** A public key the SBOM's signature is checked with. */
  publicKey?: KeyObject;
  asOf?: string;
}

export const decl = (...mutators: Mutator[]): PartnerCase => ({ decl: mutators });
export const on = (base: keyof typeof DECLARATIONS, ...mutators: Mutator[]): PartnerCase => ({ base, decl: mutators });
export const sbomCase = (change: (s: Record<string, any>) => Record<string, any> | null | undefined): PartnerCase => ({
  sbom: change,
});
export const NO_SBOM: PartnerCase = { sbom: () => null };
export const OK: PartnerCase = {};

/** The inputs a case stands for: the changed declaration, the changed SBOM (or null) and the date. */
function inputsOf(c: PartnerCase): {
  d: Record<string, any>;
  sbomDoc: Record<string, any> | null;
  asOf: string;
  key?: string;
} {
  const d = declarationOf(c.base ?? "partner");
  for (const mutate of c.decl ?? []) mutate(d);
  let sbomDoc: Record<string, any> | null = completeSbom();
  if (c.sbom) {
    const changed = c.sbom(sbomDoc);
    if (changed !== undefined) sbomDoc = changed;
  }
  const inputs = { d, sbomDoc, asOf: c.asOf ?? "2028-03-01" };
  return c.publicKey ? { ...inputs, key: c.publicKey.export({ type: "spki", format: "pem" }).toString() } : inputs;
}

export function factsFor(c: PartnerCase = {}): AssessmentFacts {
  const { d, sbomDoc, asOf } = inputsOf(c);
  const parsed = parseDeclarationValue(d);
  if (!parsed.ok) throw new Error(`test declaration invalid: ${JSON.stringify(parsed.issues)}`);
  const sbom = sbomDoc ? ingest(sbomDoc, c.publicKey) : undefined;
  return buildAssessmentFacts({ declaration: parsed.value, ...(sbom ? { sbom } : {}), asOf });
}

export interface RuleCases {
  /** Absent only for a rule that applies just where its check fails (e.g. "no components"): `na` then covers it. */
  holds?: PartnerCase;
  fails?: PartnerCase;
  na?: PartnerCase;
  /** Why a check that holds wherever the rule applies has no failing case (it reports presence only). */
  cannotFail?: string;
}

export async function loadPartnerRules(framework: string): Promise<RuleSet> {
  const catalog = getCatalog(framework);
  if (!catalog) throw new Error(`no catalog ${framework}`);
  const loaded = await loadRuleSet(framework, catalog);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues, null, 2));
  return loaded.value;
}

/** Table keys with a suffix after the rule id test a second failure mode of the same rule. */
function ruleIdOf(key: string, ids: Set<string>): string {
  if (ids.has(key)) return key;
  const base = [...ids].filter((id) => key.startsWith(`${id}-`)).sort((a, b) => b.length - a.length)[0];
  if (!base) throw new Error(`table key ${key} names no rule`);
  return base;
}

/** Registers the vitest cases of one rule table. */
export function ruleTable(framework: string, table: () => Record<string, RuleCases>): void {
  let ruleSet: RuleSet;
  const cases = table();
  beforeAll(async () => {
    ruleSet = await loadPartnerRules(framework);
  });
  // Many cases describe the same inputs (a "yes" the fixture already gives): evaluate each distinct input once.
  const evaluated = new Map<string, ReturnType<typeof evaluateRules>>();
  const outcome = async (rule: LoadedRule, c: PartnerCase) => {
    const key = JSON.stringify(inputsOf(c));
    let run = evaluated.get(key);
    if (!run) {
      run = evaluateRules(ruleSet, factsFor(c));
      evaluated.set(key, run);
    }
    return (await run).get(rule.id)!;
  };
  const ruleOf = (key: string) => {
    const ids = new Set(ruleSet.rules.map((r) => r.id));
    const id = ruleIdOf(key, ids);
    return ruleSet.rules.find((r) => r.id === id)!;
  };

  describe(`rules/${framework} table`, () => {
    it("covers every rule: a holding case, a failing case for checks, a not-applicable case for `applies`", () => {
      const ids = new Set(ruleSet.rules.map((r) => r.id));
      const covered = new Map<string, { holds: boolean; fails: boolean; na: boolean }>();
      for (const [key, c] of Object.entries(cases)) {
        const id = ruleIdOf(key, ids);
        const seen = covered.get(id) ?? { holds: false, fails: false, na: false };
        covered.set(id, {
          holds: seen.holds || c.holds !== undefined,
          fails: seen.fails || c.fails !== undefined || c.cannotFail !== undefined,
          na: seen.na || c.na !== undefined,
        });
      }
      const missing: string[] = [];
      for (const rule of ruleSet.rules) {
        const c = covered.get(rule.id);
        if (!c) missing.push(`${rule.id}: no cases`);
        else {
          if (!c.holds && !(rule.applies && c.na)) missing.push(`${rule.id}: no holding case`);
          if (rule.check && !c.fails) missing.push(`${rule.id}: no failing case`);
          if (rule.applies && !c.na) missing.push(`${rule.id}: no not-applicable case`);
        }
      }
      expect(missing).toEqual([]);
    });

    for (const [key, c] of Object.entries(cases)) {
      describe(key, () => {
        if (c.holds) {
          it("holds", async () => {
            const rule = ruleOf(key);
            const result = await outcome(rule, c.holds!);
            expect(result.status, result.message).toBe(rule.check ? (rule.onHold ?? "met") : "needs-review");
            expect(result.message).not.toMatch(/\{\{/);
          });
        }
        if (c.fails) {
          it("does not hold", async () => {
            const rule = ruleOf(key);
            const result = await outcome(rule, c.fails!);
            expect(result.status, result.message).toBe(rule.onFail ?? "gap");
            expect(result.evidence.length).toBeGreaterThan(0);
            expect(result.message).not.toMatch(/\{\{/);
          });
        }
        if (c.na) {
          it("does not apply", async () => {
            const result = await outcome(ruleOf(key), c.na!);
            expect(result.status, result.message).toBe("not-applicable");
          });
        }
      });
    }
  });
}
