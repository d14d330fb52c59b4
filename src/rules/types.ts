/**
 * Rules as data: the shape of `rules/<framework-id>/*.json` once loaded and checked
 * against `rules/rule.schema.json`. Conditions are json-rules-engine condition trees over the assessment facts.
 */
import type { FindingBasis, FindingStatus, Severity } from "../domain/report.js";
import type { SourceKind } from "../domain/requirement.js";

export interface FactRef {
  fact: string;
  path?: string;
}

export interface LeafCondition extends FactRef {
  operator: string;
  /** A literal or `{ fact, path }` to compare against another fact. */
  value: unknown;
}

export type ConditionNode =
  | { all: ConditionNode[] }
  | { any: ConditionNode[] }
  | { not: ConditionNode }
  | LeafCondition;
export type TopCondition = { all: ConditionNode[] } | { any: ConditionNode[] } | { not: ConditionNode };

export interface RuleDefinition {
  id: string;
  requirements: string[];
  title: string;
  /** Severity of a gap or of a needs-review outcome. */
  severity: Exclude<Severity, "info">;
  sourceKind: SourceKind;
  clause: string;
  applies?: TopCondition;
  check?: TopCondition;
  manualReview?: string;
  onHold?: "met" | "needs-review";
  onFail?: "gap" | "needs-review";
  /** `hold` and `fail` are present whenever `check` is; `notApplicable` whenever `applies` is (schema-enforced). */
  messages?: { hold?: string; fail?: string; notApplicable?: string };
  remediation: string;
  components?: FactRef;
  evidence?: FactRef[];
  /**
   * What an outcome rests on, where the generic reading of the evaluated conditions (src/rules/basis.ts) is wrong
   * for this rule: per outcome (`hold`, `fail`, `notApplicable`, `review` for manual-review rules).
   */
  basis?: Partial<Record<"hold" | "fail" | "notApplicable" | "review", FindingBasis>>;
}

export interface RuleFile {
  framework: string;
  description?: string;
  rules: RuleDefinition[];
}

/** A rule definition with the file it came from (for located load errors and for reports). */
export interface LoadedRule extends RuleDefinition {
  file: string;
  /** JSON pointer of the rule inside its file, e.g. `/rules/3`. */
  pointer: string;
  /** Some fact the rule reads rests on the declaration (`restsOnDeclaration`): without one it cannot be judged. */
  readsDeclaration: boolean;
}

/** The outcome of one rule on one fact set. */
export type RuleStatus = Extract<FindingStatus, "met" | "gap" | "needs-review" | "not-applicable">;

export interface RuleOutcome {
  rule: LoadedRule;
  status: RuleStatus;
  basis: FindingBasis;
  message: string;
  evidence: import("../domain/report.js").EvidenceFact[];
  components?: { count: number; refs: string[] };
  /** Replaces the rule's remediation (a rule that could not be judged without a declaration). */
  remediation?: string;
}
