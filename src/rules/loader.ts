/**
 * Loads a framework's rule set from `rules/<framework-id>/*.json`.
 * Every file is checked against `rules/rule.schema.json` with ajv, then against the framework's catalog and the
 * facts the assessment provides (fact names, and fact paths checked against the fact shapes of fact-shape.ts, in
 * conditions and message placeholders alike). Problems come back as located issues (file + JSON pointer); nothing is
 * half-loaded.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import { Engine } from "json-rules-engine";
import type { InputIssue, Parsed } from "../domain/input-issue.js";
import type { FrameworkCatalog } from "../domain/requirement.js";
import { packagePath } from "../package-root.js";
import { PLACEHOLDER } from "./explain.js";
import { factShape, pathProblem } from "./fact-shape.js";
import { FACT_NAMES, type FactName, restsOnDeclaration } from "./facts.js";
import { BUILTIN_OPERATORS, customOperators } from "./operators.js";
import { resolvePath } from "./path.js";
import type { ConditionNode, FactRef, LoadedRule, RuleDefinition, RuleFile, TopCondition } from "./types.js";

/** The package's `rules/` folder, found from the package root so it works from any working directory. */
export const RULES_ROOT = packagePath("rules");

export interface RuleSet {
  framework: string;
  rules: LoadedRule[];
  /** Rules by requirement id, in load order (file name, then position). */
  byRequirement: Map<string, LoadedRule[]>;
  /** Content hash of the rule files: pins which rules produced a report. */
  version: string;
  /** The compiled json-rules-engine instance, reused across assessments. */
  engine: Engine;
}

export type RuleSetLoad = Parsed<RuleSet>;

const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;

let schemaValidator: ReturnType<Ajv["compile"]> | undefined;

async function ruleFileValidator(rulesRoot: string) {
  if (schemaValidator) return schemaValidator;
  const schema = JSON.parse(await readFile(join(rulesRoot, "rule.schema.json"), "utf8")) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  schemaValidator = ajv.compile(schema);
  return schemaValidator;
}

/**
 * Loads and checks every `*.json` file of `rules/<framework>/`. Requirement ids must exist in `catalog`; fact
 * names must be ones the assessment provides; assessor-policy rules may not be more severe than `medium`.
 */
export async function loadRuleSet(
  framework: string,
  catalog: FrameworkCatalog,
  options: { rulesRoot?: string } = {},
): Promise<RuleSetLoad> {
  const rulesRoot = options.rulesRoot ?? RULES_ROOT;
  const dir = join(rulesRoot, framework);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  } catch {
    return {
      ok: false,
      issues: [
        { constraint: "missing", message: `No rule folder for framework "${framework}" at ${dir}.`, source: dir },
      ],
    };
  }
  const validate = await ruleFileValidator(rulesRoot);
  const requirementIds = new Set(catalog.requirements.map((r) => r.id));
  const requirementsById = new Map(catalog.requirements.map((r) => [r.id, r]));
  const issues: InputIssue[] = [];
  const rules: LoadedRule[] = [];
  const seenIds = new Map<string, string>();
  const hash = createHash("sha256");

  for (const name of names) {
    const path = join(dir, name);
    // Named as in the repository (rules/<framework>/<file>) whatever the root, so messages read the same everywhere.
    const file = `rules/${framework}/${name}`;
    const text = await readFile(path, "utf8");
    hash.update(name).update("\0").update(text).update("\0");
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      issues.push({ source: file, constraint: "syntax", message: `Not valid JSON: ${(error as Error).message}` });
      continue;
    }
    if (!validate(data)) {
      for (const error of validate.errors ?? []) issues.push(schemaIssue(file, error));
      continue;
    }
    const ruleFile = data as RuleFile;
    if (ruleFile.framework !== framework) {
      issues.push({
        source: file,
        path: "/framework",
        constraint: "framework",
        message: `The file says framework "${ruleFile.framework}" but sits in rules/${framework}/.`,
      });
    }
    ruleFile.rules.forEach((rule, index) => {
      const pointer = `/rules/${index}`;
      const at = (suffix: string, constraint: string, message: string) =>
        issues.push({ source: file, path: `${pointer}${suffix}`, constraint, message });
      const previous = seenIds.get(rule.id);
      if (previous) at("/id", "unique", `Rule id "${rule.id}" is already used in ${previous}.`);
      else seenIds.set(rule.id, file);
      rule.requirements.forEach((id, j) => {
        if (!requirementIds.has(id)) {
          at(`/requirements/${j}`, "unknown-requirement", `"${id}" is not a requirement of the ${catalog.id} catalog.`);
          return;
        }
        const cited = citedProvision(requirementsById.get(id)!);
        if (cited && !cited.pattern.test(rule.clause)) {
          at(
            "/clause",
            "clause",
            `The clause "${rule.clause}" does not name ${cited.name}, where requirement ${id} comes from.`,
          );
        }
      });
      if (rule.sourceKind === "assessor-policy" && SEVERITY_RANK[rule.severity] < SEVERITY_RANK.medium) {
        at(
          "/severity",
          "policy-severity",
          "An assessor-policy rule is at most medium: the law does not fix the threshold.",
        );
      }
      if (rule.check && rule.manualReview) {
        at("/manualReview", "exclusive", "A rule has either a check or a manualReview text, not both.");
      }
      if (rule.applies) checkCondition(rule.applies, `${pointer}/applies`, file, issues);
      if (rule.check) checkCondition(rule.check, `${pointer}/check`, file, issues);
      if (rule.components) checkFactRef(rule.components, `${pointer}/components`, file, issues);
      rule.evidence?.forEach((ref, j) => {
        checkFactRef(ref, `${pointer}/evidence/${j}`, file, issues);
      });
      checkTemplates(rule, pointer, file, issues);
      const readsDeclaration = ruleFactRefs(rule).some((ref) => restsOnDeclaration(ref.fact, ref.path));
      rules.push({ ...rule, file, pointer, readsDeclaration });
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  if (rules.length === 0) {
    return {
      ok: false,
      issues: [{ source: dir, constraint: "empty", message: `rules/${framework}/ holds no rules.` }],
    };
  }

  const byRequirement = new Map<string, LoadedRule[]>();
  for (const rule of rules) {
    for (const id of rule.requirements) {
      const list = byRequirement.get(id) ?? [];
      list.push(rule);
      byRequirement.set(id, list);
    }
  }
  return {
    ok: true,
    value: {
      framework,
      rules,
      byRequirement,
      version: `${framework}@${hash.digest("hex").slice(0, 12)}`,
      engine: compileEngine(rules),
    },
  };
}

/** Engine rule names: `<id>#applies` and `<id>#check`. Manual-review rules have no engine rule. */
export const appliesName = (rule: RuleDefinition) => `${rule.id}#applies`;
export const checkName = (rule: RuleDefinition) => `${rule.id}#check`;

function compileEngine(rules: LoadedRule[]): Engine {
  const engine = new Engine([], {
    // A declaration may leave any field out: an absent fact is a value (undefined) the rules judge, not an error.
    allowUndefinedFacts: true,
    pathResolver: (value: object, path: string) => resolvePath(value, path),
  });
  for (const operator of customOperators) engine.addOperator(operator);
  for (const rule of rules) {
    if (rule.applies) {
      engine.addRule({
        name: appliesName(rule),
        conditions: toEngine(rule.applies),
        event: { type: appliesName(rule) },
      });
    }
    if (rule.check) {
      engine.addRule({ name: checkName(rule), conditions: toEngine(rule.check), event: { type: checkName(rule) } });
    }
  }
  return engine;
}

/** Deep copy, so the engine's result objects never alias the loaded rule data. */
function toEngine(condition: TopCondition): TopCondition & Record<string, never> {
  return structuredClone(condition) as TopCondition & Record<string, never>;
}

const OPERATORS = new Set<string>([...BUILTIN_OPERATORS, ...customOperators.map((o) => o.name)]);

function checkCondition(node: ConditionNode, pointer: string, file: string, issues: InputIssue[]): void {
  if ("all" in node) {
    node.all.forEach((child, i) => {
      checkCondition(child, `${pointer}/all/${i}`, file, issues);
    });
    return;
  }
  if ("any" in node) {
    node.any.forEach((child, i) => {
      checkCondition(child, `${pointer}/any/${i}`, file, issues);
    });
    return;
  }
  if ("not" in node) {
    checkCondition(node.not, `${pointer}/not`, file, issues);
    return;
  }
  checkFactRef(node, pointer, file, issues);
  if (!OPERATORS.has(node.operator)) {
    issues.push({
      source: file,
      path: `${pointer}/operator`,
      constraint: "operator",
      message: `Unknown operator "${node.operator}".`,
    });
  }
  if (isFactValue(node.value)) checkFactRef(node.value, `${pointer}/value`, file, issues);
  if (node.operator === "matches") {
    try {
      new RegExp(String(node.value), "u");
    } catch (error) {
      issues.push({ source: file, path: `${pointer}/value`, constraint: "pattern", message: (error as Error).message });
    }
  }
  if ((node.operator === "in" || node.operator === "notIn") && !Array.isArray(node.value)) {
    issues.push({
      source: file,
      path: `${pointer}/value`,
      constraint: "type",
      message: `"${node.operator}" needs an array value.`,
    });
  }
}

function checkFactRef(ref: FactRef, pointer: string, file: string, issues: InputIssue[]): void {
  if (!(FACT_NAMES as readonly string[]).includes(ref.fact)) {
    issues.push({
      source: file,
      path: `${pointer}/fact`,
      constraint: "fact",
      message: `Unknown fact "${ref.fact}"; the assessment provides ${FACT_NAMES.join(", ")}.`,
    });
    return;
  }
  // A path that names nothing resolves to undefined on every product: a quiet, wrong verdict rather than an error.
  const problem = pathProblem(factShape(ref.fact as FactName), ref.path ?? "", ref.fact);
  if (problem) {
    issues.push({
      source: file,
      path: `${pointer}/path`,
      constraint: "fact-path",
      message: `The fact path "${ref.fact}.${ref.path}" names nothing: ${problem}`,
    });
  }
}

/**
 * The texts a finding shows are filled from the facts: each placeholder must name a fact path, be well formed (a
 * malformed one is printed as written) and sit in balanced `[[…]]` phrases. The remediation is filled too, so that
 * it can name the SBOM format's own field (`{{sbom.fields.supplier}}`).
 */
function checkTemplates(rule: RuleDefinition, pointer: string, file: string, issues: InputIssue[]): void {
  const texts: [string, string | undefined][] = [
    ["/title", rule.title],
    ["/manualReview", rule.manualReview],
    ["/messages/hold", rule.messages?.hold],
    ["/messages/fail", rule.messages?.fail],
    ["/messages/notApplicable", rule.messages?.notApplicable],
    ["/remediation", rule.remediation],
  ];
  const at = (suffix: string, constraint: string, message: string) =>
    issues.push({ source: file, path: `${pointer}${suffix}`, constraint, message });
  for (const [suffix, text] of texts) {
    if (text === undefined) continue;
    for (const [placeholder, fact = "", rest = ""] of text.matchAll(PLACEHOLDER)) {
      if (!(FACT_NAMES as readonly string[]).includes(fact)) {
        at(
          suffix,
          "template",
          `The placeholder ${placeholder} names no fact; the assessment provides ${FACT_NAMES.join(", ")}.`,
        );
        continue;
      }
      const problem = pathProblem(factShape(fact as FactName), rest.slice(1), fact);
      if (problem) at(suffix, "template", `The placeholder ${placeholder} names nothing: ${problem}`);
    }
    const leftover = text.replace(PLACEHOLDER, "");
    if (leftover.includes("{{") || leftover.includes("}}")) {
      at(
        suffix,
        "template",
        "A placeholder is malformed: write {{fact.path}} with letters, digits and _ between the dots.",
      );
    }
    if (!balancedPhrases(text))
      at(suffix, "template", "An optional phrase [[…]] is not closed, or closed without being opened.");
  }
}

function balancedPhrases(text: string): boolean {
  let open = false;
  for (const [token] of text.matchAll(/\[\[|\]\]/g)) {
    if ((token === "[[") === open) return false;
    open = !open;
  }
  return !open;
}

/**
 * The article or annex a requirement's citation names, as the text a rule's clause must contain
 * ("Art. 13", "Annex I"): a rule that cites another provision than the one it evidences is a data error.
 */
function citedProvision(
  requirement: FrameworkCatalog["requirements"][number],
): { name: string; pattern: RegExp } | undefined {
  const { article, annex } = requirement.citation;
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  if (article)
    return { name: `Art. ${article}`, pattern: new RegExp(`\\bArt(?:icle|\\.)? ?${escaped(article)}(?![0-9])`) };
  if (annex) return { name: `Annex ${annex}`, pattern: new RegExp(`\\bAnnex ${escaped(annex)}(?![IVX])`) };
  return undefined;
}

/** Every fact reference of a rule: condition leaves, facts compared against, components and evidence. */
export function ruleFactRefs(rule: RuleDefinition): FactRef[] {
  const refs: FactRef[] = [];
  const visit = (node: ConditionNode) => {
    if ("all" in node) node.all.forEach(visit);
    else if ("any" in node) node.any.forEach(visit);
    else if ("not" in node) visit(node.not);
    else {
      refs.push(node);
      if (isFactValue(node.value)) refs.push(node.value);
    }
  };
  if (rule.applies) visit(rule.applies);
  if (rule.check) visit(rule.check);
  if (rule.components) refs.push(rule.components);
  refs.push(...(rule.evidence ?? []));
  return refs;
}

export function isFactValue(value: unknown): value is FactRef {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    typeof (value as { fact?: unknown }).fact === "string"
  );
}

function schemaIssue(file: string, error: ErrorObject): InputIssue {
  let message = `${error.message ?? "is invalid"}`;
  if (error.keyword === "additionalProperties") {
    message = `"${String((error.params as { additionalProperty?: string }).additionalProperty)}" is not a rule field.`;
  } else if (error.keyword === "enum") {
    message = `must be one of ${((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(", ")}.`;
  }
  return { source: file, path: error.instancePath, constraint: error.keyword, message };
}
