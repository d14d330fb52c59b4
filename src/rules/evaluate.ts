/**
 * Evaluation: runs a framework's compiled rules once on the assessment facts and turns the rule outcomes into
 * exactly one finding per assessed catalog requirement.
 *
 * Combining several rules of one requirement: any gap makes a gap; else any needs-review makes needs-review;
 * else any met makes met; else (every rule out of its `applies` condition) not-applicable. A requirement without
 * rules is needs-review with "manual review: …": the tool says what it could not check rather than guessing.
 *
 * Time (docs/rules.md, "Before the law applies"): before a requirement's application date, findings keep their
 * status so a manufacturer preparing for 2027 sees the to-do list, but their severity is `info`, so the gate
 * passes; the message says from when it applies and how severe it will be. To gate on the obligations as they
 * will apply, assess with `--as-of` set to that date.
 */
import type { Engine, RuleResult } from "json-rules-engine";
import {
  type EvidenceFact,
  type Finding,
  type FindingOutcome,
  SEVERITY_ORDER,
  type Severity,
} from "../domain/report.js";
import type { FrameworkCatalog, Requirement, SourceKind } from "../domain/requirement.js";
import { fieldsMissingFrom, missingField } from "../sbom/expressible.js";
import type { OffenderList, SbomStandard } from "../sbom/model.js";
import { combineBases, failedBasis, heldBasis, notApplicableBasis, reviewBasis, ruleBasis } from "./basis.js";
import { dedupeEvidence, evaluatedLeaves, evidenceFromLeaves, evidenceFromRef, interpolate } from "./explain.js";
import type { AssessmentFacts } from "./facts.js";
import { appliesName, checkName, type RuleSet } from "./loader.js";
import { resolvePath } from "./path.js";
import type { FrameworkScope } from "./scope.js";
import type { LoadedRule, RuleOutcome } from "./types.js";

/**
 * json-rules-engine keeps one `status` per engine and a run skips its remaining priority sets once another run on
 * the same engine has finished. The HTTP service may assess several products at once on one shared context, so
 * runs on one engine take turns (a run takes milliseconds; the facts are built outside the queue).
 */
const engineQueues = new WeakMap<Engine, Promise<unknown>>();

function exclusive<T>(engine: Engine, task: () => Promise<T>): Promise<T> {
  const previous = engineQueues.get(engine) ?? Promise.resolve();
  const next = previous.then(task, task);
  engineQueues.set(
    engine,
    next.catch(() => undefined),
  );
  return next;
}

export async function evaluateRules(ruleSet: RuleSet, facts: AssessmentFacts): Promise<Map<string, RuleOutcome>> {
  const factRecord = facts as unknown as Record<string, unknown>;
  const run = await exclusive(ruleSet.engine, () => ruleSet.engine.run({ ...factRecord }));
  const results = new Map<string, RuleResult>();
  for (const result of [...run.results, ...run.failureResults]) results.set(result.name, result);

  const outcomes = new Map<string, RuleOutcome>();
  const declarationGiven = facts.derived.declarationGiven;
  for (const rule of ruleSet.rules) {
    outcomes.set(
      rule.id,
      !declarationGiven && rule.readsDeclaration ? withoutDeclaration(rule) : outcomeOf(rule, results, factRecord),
    );
  }
  return outcomes;
}

/** The message of every rule that reads the declaration when none was given (one text, so findings merge it). */
export const NO_DECLARATION_MESSAGE =
  "No declaration given: this is judged from what the manufacturer declares (cra-declaration/1), so the SBOM alone cannot show it met or missing.";
/**
 * Says what to do, not how: the command line, the HTTP API and the web interface each take a declaration their own
 * way, and a renderer that knows its channel may put it in its own words (the web report links the product page).
 */
export const NO_DECLARATION_REMEDIATION = "Assess again with the product's declaration (cra-declaration/1).";

/**
 * A rule that reads a value resting on the declaration, run without one: nothing was said, so a person must look
 * (needs-review, basis absent). Its severity stays the rule's: the requirement is no less important for being unknown.
 */
function withoutDeclaration(rule: LoadedRule): RuleOutcome {
  return {
    rule,
    status: "needs-review",
    basis: "absent",
    message: NO_DECLARATION_MESSAGE,
    evidence: [],
    remediation: NO_DECLARATION_REMEDIATION,
  };
}

function outcomeOf(rule: LoadedRule, results: Map<string, RuleResult>, facts: Record<string, unknown>): RuleOutcome {
  const extra = (rule.evidence ?? []).map((ref) => evidenceFromRef(ref, facts));
  if (rule.applies) {
    const applies = results.get(appliesName(rule));
    if (applies && applies.result !== true) {
      return {
        rule,
        status: "not-applicable",
        basis: ruleBasis(rule, "not-applicable", "notApplicable", notApplicableBasis(applies.conditions, facts)),
        message: interpolate(rule.messages?.notApplicable ?? "Does not apply.", facts),
        evidence: dedupeEvidence([...evidenceFromLeaves(evaluatedLeaves(applies.conditions), facts), ...extra]),
      };
    }
  }
  if (!rule.check) {
    const shown = (rule.evidence ?? []).map((ref) => ({
      fact: ref.fact,
      path: ref.path ?? "",
      value: resolvePath(facts[ref.fact], ref.path ?? ""),
    }));
    return {
      rule,
      status: "needs-review",
      basis: ruleBasis(
        rule,
        "needs-review",
        "review",
        reviewBasis(rule.applies ? results.get(appliesName(rule))?.conditions : undefined, shown, facts),
      ),
      message: `manual review: ${interpolate(rule.manualReview ?? rule.title, facts)}`,
      evidence: dedupeEvidence(extra),
    };
  }
  const check = results.get(checkName(rule));
  if (!check) throw new Error(`rule ${rule.id}: the engine returned no result for ${checkName(rule)}`);
  const holds = check.result === true;
  const status = holds ? (rule.onHold ?? "met") : (rule.onFail ?? "gap");
  const outcome: RuleOutcome = {
    rule,
    status,
    basis: holds
      ? ruleBasis(rule, status, "hold", heldBasis(check.conditions, facts))
      : ruleBasis(rule, status, "fail", failedBasis(check.conditions, facts)),
    message: interpolate((holds ? rule.messages?.hold : rule.messages?.fail) ?? rule.title, facts),
    evidence: dedupeEvidence([...evidenceFromLeaves(evaluatedLeaves(check.conditions), facts), ...extra]),
  };
  if (!holds) {
    const note = missingFieldNote(check.conditions, facts);
    if (note !== undefined) outcome.message += ` ${note}`;
  }
  if (!holds && rule.components) {
    const list = resolvePath(facts[rule.components.fact], rule.components.path ?? "") as OffenderList | undefined;
    if (list && typeof list.count === "number" && Array.isArray(list.refs) && list.count > 0) {
      outcome.components = { count: list.count, refs: [...list.refs].sort() };
    }
  }
  return outcome;
}

/**
 * For a check that failed on SBOM facts its standard has no field for (SPDX has no lifecycle phase, no BSI
 * component properties, …): one sentence saying so, so that "absent" is not read as an omission of the SBOM's
 * author. Undefined when the SBOM is CycloneDX or the failing facts are ones the standard has.
 */
function missingFieldNote(conditions: unknown, facts: Record<string, unknown>): string | undefined {
  const sbom = facts.sbom as { standard?: SbomStandard; specVersion?: string } | undefined;
  const missing = fieldsMissingFrom(sbom?.standard, sbom?.specVersion);
  if (missing.length === 0) return undefined;
  const lacking = new Set<string>();
  for (const leaf of evaluatedLeaves(conditions)) {
    if (leaf.fact !== "sbom" || leaf.result !== false) continue;
    const what = missingField(missing, leaf.path ?? "");
    if (what !== undefined) lacking.add(what);
  }
  if (lacking.size === 0) return undefined;
  return `${sbom?.standard} ${sbom?.specVersion} has no field for ${[...lacking].join("; nor for ")}: it is absent because the format cannot carry it, not because this SBOM left it out.`;
}

const STATUS_RANK = { gap: 0, "needs-review": 1, met: 2, "not-applicable": 3 } as const;
const SOURCE_RANK: Record<SourceKind, number> = {
  law: 0,
  standard: 1,
  "draft-standard": 2,
  guidance: 3,
  "assessor-policy": 4,
};

function moreSevere(a: Severity, b: Severity): Severity {
  return SEVERITY_ORDER.indexOf(a) <= SEVERITY_ORDER.indexOf(b) ? a : b;
}

export interface FindingsInput {
  catalog: FrameworkCatalog;
  ruleSet: RuleSet;
  scope: FrameworkScope;
  facts: AssessmentFacts;
  /** Where a component bom-ref sits in the SBOM (`sbom:/components/12`), for the evidence of component findings. */
  locateComponent?: (ref: string) => string | undefined;
}

/** How many offending components a finding points at by location; the full list is in `components`. */
const LOCATED_COMPONENTS = 10;

/** One finding per assessed requirement of the catalog, in catalog order. */
export async function assessFindings(input: FindingsInput): Promise<Finding[]> {
  const outcomes = await evaluateRules(input.ruleSet, input.facts);
  const asOf = input.facts.derived.asOf;
  const findings: Finding[] = [];
  for (const requirement of input.catalog.requirements) {
    if (!input.scope.isAssessed(requirement)) continue;
    const finding = findingFor(requirement, input, outcomes);
    const interpretation = input.scope.interpretation?.(requirement, input.facts);
    if (interpretation && finding.status !== "not-applicable") finding.message = `${finding.message} ${interpretation}`;
    const from = input.scope.appliesFrom(requirement, input.facts);
    if (from && asOf < from && (finding.status === "gap" || finding.status === "needs-review")) {
      const wouldBe = finding.severity;
      finding.severity = "info";
      finding.message = `Applies from ${from} (severity ${wouldBe} from then; info until then). ${finding.message}`;
    }
    findings.push(finding);
  }
  return findings;
}

function findingFor(requirement: Requirement, input: FindingsInput, outcomes: Map<string, RuleOutcome>): Finding {
  const base = {
    requirement: requirement.id,
    title: requirement.title,
    framework: input.catalog.id,
    citation: requirement.citation,
    ...(requirement.verified === false ? { verified: false } : {}),
  };
  // Out of scope rests on the declaration (placing dates, steward role); without one nothing is out of scope.
  const reason = input.facts.derived.declarationGiven ? input.scope.outOfScope(requirement, input.facts) : undefined;
  if (reason) {
    return {
      ...base,
      status: "not-applicable",
      // Out of scope rests on the declaration (placing date, steward role): the manufacturer's word.
      basis: "declared",
      severity: "info",
      sourceKind: requirement.sourceKind,
      message: reason,
      evidence: [],
      rules: [],
    };
  }
  const rules = input.ruleSet.byRequirement.get(requirement.id) ?? [];
  if (rules.length === 0) {
    return {
      ...base,
      status: "needs-review",
      basis: "absent",
      severity: requirement.sourceKind === "assessor-policy" ? "medium" : "high",
      sourceKind: requirement.sourceKind,
      message: `manual review (no automated check): ${requirement.paraphrase}`,
      evidence: [],
      rules: [],
    };
  }
  const results = rules.map((rule) => outcomes.get(rule.id)).filter((o): o is RuleOutcome => o !== undefined);
  const status = results.reduce<RuleOutcome["status"]>(
    (worst, o) => (STATUS_RANK[o.status] < STATUS_RANK[worst] ? o.status : worst),
    "not-applicable",
  );
  const decisive = results.filter((o) => o.status === status);
  const severity: Severity =
    status === "gap" || status === "needs-review"
      ? decisive.map((o) => o.rule.severity as Severity).reduce(moreSevere)
      : "info";
  const sourceKind =
    status === "gap" || status === "needs-review"
      ? decisive.map((o) => o.rule.sourceKind).sort((a, b) => SOURCE_RANK[a] - SOURCE_RANK[b])[0]!
      : requirement.sourceKind;

  const evidence: EvidenceFact[] = dedupeEvidence(results.flatMap((o) => o.evidence));
  const refs = new Set<string>();
  let componentCount = 0;
  for (const o of decisive) {
    if (!o.components) continue;
    for (const ref of o.components.refs) refs.add(ref);
    componentCount = Math.max(componentCount, o.components.count, refs.size);
  }
  const finding: Finding = {
    ...base,
    status,
    basis: combineBases(
      status,
      decisive.map((o) => o.basis),
    ),
    severity,
    sourceKind,
    message: unique(shownMessages(status, decisive, results, input.facts.derived.declarationGiven)).join(" "),
    evidence,
    rules: results.map((o) => o.rule.id).sort(),
  };
  const notMet = notMetOutcomes(results);
  if (notMet.length > 1) finding.outcomes = notMet;
  if (status === "gap" || status === "needs-review") {
    const facts = input.facts as unknown as Record<string, unknown>;
    const remediation = unique(decisive.map((o) => o.remediation ?? interpolate(o.rule.remediation, facts)));
    if (remediation.length > 0) finding.remediation = remediation.join(" ");
  }
  if (refs.size > 0) {
    finding.components = [...refs].sort();
    finding.componentCount = componentCount;
    if (input.locateComponent) {
      for (const ref of finding.components.slice(0, LOCATED_COMPONENTS)) {
        const location = input.locateComponent(ref);
        if (location) finding.evidence.push({ fact: "component", value: ref, location });
      }
    }
  }
  return finding;
}

/**
 * The messages a finding shows: its decisive outcomes'. Without a declaration, a needs-review that only the
 * declaration-based rules cause also shows what the SBOM-based rules of the requirement found (what was checked).
 */
function shownMessages(
  status: RuleOutcome["status"],
  decisive: RuleOutcome[],
  results: RuleOutcome[],
  declarationGiven: boolean,
): string[] {
  const messages = decisive.map((o) => o.message);
  if (declarationGiven || status !== "needs-review") return messages;
  const checked = results.filter((o) => o.status === "met").map((o) => o.message);
  return checked.length > 0 ? [...checked, ...messages] : messages;
}

/**
 * The outcomes of a finding's rules that were not met (gap, needs-review), one entry per status and message, gaps
 * first: the finding's message shows only the worst status, so a KEV gap would otherwise hide the matches still
 * waiting for an exploitability analysis.
 */
function notMetOutcomes(results: readonly RuleOutcome[]): FindingOutcome[] {
  const entries = new Map<string, FindingOutcome>();
  for (const o of results) {
    if (o.status !== "gap" && o.status !== "needs-review") continue;
    const key = `${o.status}\u0000${o.message}`;
    const entry = entries.get(key) ?? { status: o.status, rules: [], message: o.message };
    entry.rules.push(o.rule.id);
    entries.set(key, entry);
  }
  for (const entry of entries.values()) entry.rules.sort();
  return [...entries.values()].sort(
    (a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      (a.rules[0]! < b.rules[0]! ? -1 : a.rules[0]! > b.rules[0]! ? 1 : 0),
  );
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
