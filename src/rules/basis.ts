/**
 * What a rule outcome rests on (`FindingBasis`): the tool's own check of data (`verified`), the manufacturer's word
 * (`declared`), silence (`absent`) or evidence of non-compliance (`contradicted`).
 *
 * The basis is read from the conditions the engine evaluated, so rule authors rarely state it:
 * - a failing check: the leaves that made it fail. A leaf whose value is missing (undefined, empty, an undeclared
 *   answer, no SBOM at all) is `absent`; a leaf with a value the check refused is `contradicted`. Contradicted wins:
 *   a shared default password next to a missing field is still evidence of non-compliance.
 * - a holding check: the leaves that made it hold. Only SBOM, advisory and computed facts (dates, arithmetic,
 *   comparisons of the SBOM with the declaration) make `verified`; anything read from the declaration makes
 *   `declared`: a present field is a claim.
 * - a rule out of its `applies` condition: the leaves that ruled it out, read the same way (never `contradicted`).
 * - a manual-review rule: `declared` when the facts it shows are present, `absent` when they are not.
 * A rule may override the reading per outcome (`basis` in rules/rule.schema.json) where it is wrong.
 */
import type { FindingBasis } from "../domain/report.js";
import { factSourceBasis, isAbsentFactValue } from "./fact-reference.js";
import type { LoadedRule, RuleStatus } from "./types.js";

type FactRecord = Record<string, unknown>;

interface LeafResult {
  fact: string;
  path?: string;
  result?: boolean;
  factResult?: unknown;
  value?: unknown;
  valueResult?: unknown;
}

interface BranchResult {
  all?: ResultNode[];
  any?: ResultNode[];
  not?: ResultNode;
  result?: boolean;
}

type ResultNode = BranchResult & Partial<LeafResult>;

function isLeaf(node: ResultNode): node is LeafResult {
  return typeof node.fact === "string";
}

/** The leaves that made `node` false (it evaluated false). */
function failingLeaves(node: ResultNode): LeafResult[] {
  if (isLeaf(node)) return node.result === false ? [node] : [];
  if (node.all) return node.all.filter((child) => child.result === false).flatMap(failingLeaves);
  if (node.any) return node.any.filter((child) => child.result === false).flatMap(failingLeaves);
  if (node.not) return holdingLeaves(node.not);
  return [];
}

/** The leaves that made `node` true (it evaluated true). */
function holdingLeaves(node: ResultNode): LeafResult[] {
  if (isLeaf(node)) return node.result === true ? [node] : [];
  if (node.all) return node.all.filter((child) => child.result === true).flatMap(holdingLeaves);
  if (node.any) return node.any.filter((child) => child.result === true).flatMap(holdingLeaves);
  if (node.not) return failingLeaves(node.not);
  return [];
}

/** The engine leaves no `result` on the top node; the rule's result stands for it. */
function withResult(conditions: unknown, result: boolean): ResultNode {
  return { ...(conditions as ResultNode), result };
}

/** A leaf's facts: the fact it reads and, when it compares two facts, the other one too. */
function leafFacts(leaf: LeafResult): { fact: string; path: string; value: unknown }[] {
  const out = [{ fact: leaf.fact, path: leaf.path ?? "", value: leaf.factResult }];
  const other = leaf.value as { fact?: unknown; path?: unknown } | undefined;
  if (other && typeof other === "object" && !Array.isArray(other) && typeof other.fact === "string") {
    out.push({ fact: other.fact, path: typeof other.path === "string" ? other.path : "", value: leaf.valueResult });
  }
  return out;
}

/**
 * How the leaves read: a leaf is absent when a fact it reads says nothing (a comparison with a missing side cannot
 * show anything either way), present otherwise; `declared` when any fact read is a claim.
 */
function readingOf(leaves: LeafResult[], facts: FactRecord): { absent: boolean; present: boolean; declared: boolean } {
  let absent = false;
  let present = false;
  let declared = false;
  for (const leaf of leaves) {
    const read = leafFacts(leaf);
    if (read.some((f) => isAbsentFactValue(f.fact, f.path, f.value, facts[f.fact]))) absent = true;
    else present = true;
    if (read.some((f) => factSourceBasis(f.fact, f.path) === "declared")) declared = true;
  }
  return { absent, present, declared };
}

/** Basis of a check that failed: contradicted by a value the check refused, else absent. */
export function failedBasis(conditions: unknown, facts: FactRecord): FindingBasis {
  const reading = readingOf(failingLeaves(withResult(conditions, false)), facts);
  return reading.present ? "contradicted" : "absent";
}

/**
 * Basis of a check that held: verified when only checked data decided it, declared when a claim did. A check may
 * hold on an empty value on purpose (no undeclared letters, no offending components): that is what was read, not
 * silence, so a holding check is never `absent`.
 */
export function heldBasis(conditions: unknown, facts: FactRecord): FindingBasis {
  const leaves = holdingLeaves(withResult(conditions, true));
  const reading = readingOf(leaves, facts);
  return reading.declared || leaves.length === 0 ? "declared" : "verified";
}

/** Basis of a rule ruled out by its `applies` condition. */
export function notApplicableBasis(conditions: unknown, facts: FactRecord): FindingBasis {
  const leaves = failingLeaves(withResult(conditions, false));
  const reading = readingOf(leaves, facts);
  if (reading.absent) return "absent";
  return reading.declared || leaves.length === 0 ? "declared" : "verified";
}

/**
 * Basis of a manual-review rule: what made it apply (a declared answer that a person now reviews), else whether the
 * facts it shows say anything.
 */
export function reviewBasis(
  applies: unknown,
  shown: { fact: string; path?: string; value: unknown }[],
  facts: FactRecord,
): FindingBasis {
  if (applies !== undefined) return heldBasis(applies, facts);
  return shown.some((f) => !isAbsentFactValue(f.fact, f.path ?? "", f.value, facts[f.fact])) ? "declared" : "absent";
}

/**
 * The rule's own basis for an outcome, when its data states one. A failure that only asks for review cannot
 * show non-compliance: `contradicted` becomes `declared` (the manufacturer's answer is what a person reviews).
 */
export function ruleBasis(
  rule: LoadedRule,
  status: RuleStatus,
  kind: "hold" | "fail" | "notApplicable" | "review",
  generic: FindingBasis,
): FindingBasis {
  const stated = rule.basis?.[kind];
  const basis = stated ?? generic;
  if (status !== "gap" && basis === "contradicted" && stated === undefined) return "declared";
  return basis;
}

/**
 * Several rules' outcomes of one finding: a gap rests on its strongest evidence of non-compliance
 * (contradicted, then absent); any other status on its weakest support (absent, then declared, then verified).
 */
const GAP_ORDER: readonly FindingBasis[] = ["contradicted", "absent", "declared", "verified"];
const OTHER_ORDER: readonly FindingBasis[] = ["absent", "contradicted", "declared", "verified"];

export function combineBases(status: RuleStatus, bases: readonly FindingBasis[]): FindingBasis {
  const order = status === "gap" ? GAP_ORDER : OTHER_ORDER;
  for (const basis of order) if (bases.includes(basis)) return basis;
  return "absent";
}
