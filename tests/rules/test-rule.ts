/**
 * Rule tests in the style of spectral's `testRule`: each case names the input (a change to the compliant
 * declaration and SBOM of fixtures.ts) and the full expected outcome of one requirement, written by hand from the
 * Regulation's text — never read back from the rule under test.
 *
 * @example
 * testRequirement("CRA-AI-P1-2b", [
 *   {
 *     name: "Annex I Part I (2)(b): a shared default password is not secure by default",
 *     document: declaring(set("defaults.credentials", "shared-default")),
 *     expected: { status: "gap", basis: "contradicted", severity: "high", sourceKind: "law" },
 *   },
 * ]);
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/domain/report.js";
import { assessFindings, evaluateRules } from "../../src/rules/evaluate.js";
import { componentLocator } from "../../src/rules/facts.js";
import type { RuleOutcome } from "../../src/rules/types.js";
import { type AssessContext, createAssessContext } from "../../src/services/assess.js";
import { type FactCase, factsFor } from "./fixtures.js";

export interface ExpectedFinding {
  status: Finding["status"];
  basis: Finding["basis"];
  severity: Finding["severity"];
  sourceKind?: Finding["sourceKind"];
  /** Text the message must contain (each entry). */
  message?: string[];
  /** Text the message must not contain. */
  notInMessage?: string[];
}

export interface RequirementCase {
  name: string;
  document: FactCase;
  expected: ExpectedFinding;
}

let shared: Promise<AssessContext> | undefined;
const context = () => {
  shared ??= createAssessContext({ frameworks: ["cra"] });
  return shared;
};

/** The CRA finding for one requirement on one input, through the same scope and combination as a report. */
export async function craFinding(requirement: string, document: FactCase): Promise<Finding> {
  const ctx = await context();
  const facts = factsFor(document);
  const findings = await assessFindings({
    catalog: ctx.catalogs.get("cra")!,
    ruleSet: ctx.ruleSets.get("cra")!,
    scope: ctx.scopes.get("cra")!,
    facts,
    locateComponent: componentLocator(undefined),
  });
  const finding = findings.find((f) => f.requirement === requirement);
  if (!finding) throw new Error(`no finding for ${requirement}`);
  return finding;
}

export function testRequirement(requirement: string, cases: readonly RequirementCase[]): void {
  describe(requirement, () => {
    beforeAll(async () => {
      await context();
    });
    for (const c of cases) {
      it(c.name, async () => {
        const finding = await craFinding(requirement, c.document);
        const { message, notInMessage, ...fields } = c.expected;
        const actual: Record<string, unknown> = {
          status: finding.status,
          basis: finding.basis,
          severity: finding.severity,
        };
        if (fields.sourceKind !== undefined) actual.sourceKind = finding.sourceKind;
        expect({ ...actual, message: finding.message }).toEqual({ ...fields, message: finding.message });
        for (const text of message ?? []) expect(finding.message).toContain(text);
        for (const text of notInMessage ?? []) expect(finding.message).not.toContain(text);
      });
    }
  });
}

type Mutator = (d: Record<string, any>) => void;

function parentOf(d: Record<string, any>, path: string): [Record<string, any>, string] {
  const keys = path.split(".");
  let node = d;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key];
  }
  return [node, keys[keys.length - 1]!];
}

/** Sets a dotted path of the declaration (creating objects on the way). */
export const set =
  (path: string, value: unknown): Mutator =>
  (d) => {
    const [node, key] = parentOf(d, path);
    node[key] = value;
  };

/** Removes a dotted path of the declaration. */
export const del =
  (path: string): Mutator =>
  (d) => {
    const [node, key] = parentOf(d, path);
    delete node[key];
  };

/** A case input that changes only the declaration. */
export const declaring = (...mutators: Mutator[]): FactCase => ({
  decl: (d) => {
    for (const m of mutators) m(d);
  },
});

export interface ExpectedOutcome {
  status: RuleOutcome["status"];
  basis: RuleOutcome["basis"];
  /** The rule's own severity and source kind, as its data should state them. */
  severity?: RuleOutcome["rule"]["severity"];
  sourceKind?: RuleOutcome["rule"]["sourceKind"];
  message?: string[];
}

/** One rule's outcome on one input (spectral's `testRule`): the full expected outcome is written by hand. */
export function testRule(
  ruleId: string,
  cases: readonly { name: string; document: FactCase; expected: ExpectedOutcome }[],
): void {
  describe(ruleId, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const ctx = await context();
        const outcomes = await evaluateRules(ctx.ruleSets.get("cra")!, factsFor(c.document));
        const outcome = outcomes.get(ruleId);
        if (!outcome) throw new Error(`no rule ${ruleId}`);
        const { message, ...fields } = c.expected;
        const actual: Record<string, unknown> = { status: outcome.status, basis: outcome.basis };
        if (fields.severity !== undefined) actual.severity = outcome.rule.severity;
        if (fields.sourceKind !== undefined) actual.sourceKind = outcome.rule.sourceKind;
        expect({ ...actual, message: outcome.message }).toEqual({ ...fields, message: outcome.message });
        for (const text of message ?? []) expect(outcome.message).toContain(text);
      });
    }
  });
}
