/**
 * Explanations: turns json-rules-engine condition results into the evidence of a finding, i.e. the facts a
 * rule looked at with their actual values and where in the input they come from.
 */
import type { EvidenceFact } from "../domain/report.js";
import { locateFact } from "./facts.js";
import { resolvePath } from "./path.js";
import type { FactRef } from "./types.js";

interface LeafResult {
  fact: string;
  path?: string;
  operator: string;
  value: unknown;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

type ResultNode = { all: ResultNode[] } | { any: ResultNode[] } | { not: ResultNode } | LeafResult;

/** Leaves the engine evaluated (those it skipped have no `result`). */
export function evaluatedLeaves(node: unknown): LeafResult[] {
  const out: LeafResult[] = [];
  const walk = (n: ResultNode) => {
    if ("all" in n) n.all.forEach(walk);
    else if ("any" in n) n.any.forEach(walk);
    else if ("not" in n) walk(n.not);
    else if (typeof n.result === "boolean") out.push(n);
  };
  if (node && typeof node === "object") walk(node as ResultNode);
  return out;
}

export function factLabel(fact: string, path: string | undefined): string {
  return path ? `${fact}.${path}` : fact;
}

/** `facts`: the assessment facts, so that a location can depend on them (see `locateFact`). */
export function evidenceFromLeaves(leaves: LeafResult[], facts?: Record<string, unknown>): EvidenceFact[] {
  const out: EvidenceFact[] = [];
  for (const leaf of leaves) {
    out.push(evidence(leaf.fact, leaf.path, leaf.factResult, facts));
    const ref = leaf.value as FactRef | undefined;
    if (ref && typeof ref === "object" && !Array.isArray(ref) && typeof ref.fact === "string") {
      out.push(evidence(ref.fact, ref.path, leaf.valueResult, facts));
    }
  }
  return out;
}

export function evidenceFromRef(ref: FactRef, facts: Record<string, unknown>): EvidenceFact {
  return evidence(ref.fact, ref.path, resolvePath(facts[ref.fact], ref.path ?? ""), facts);
}

function evidence(
  fact: string,
  path: string | undefined,
  value: unknown,
  facts: Record<string, unknown> | undefined,
): EvidenceFact {
  const item: EvidenceFact = { fact: factLabel(fact, path), value: value === undefined ? null : compact(value) };
  const location = locateFact(fact, path, facts);
  if (location) item.location = location;
  return item;
}

/** Longest text a report quotes from the input; a hostile declaration must not make every finding megabytes long. */
export const MAX_QUOTED_CHARS = 500;

function clip(text: string): string {
  return text.length <= MAX_QUOTED_CHARS ? text : `${text.slice(0, MAX_QUOTED_CHARS)}… (${text.length} characters)`;
}

/** Evidence values stay small: long arrays and strings are cut (the finding's component list carries the full count). */
function compact(value: unknown): unknown {
  if (typeof value === "string") return clip(value);
  if (Array.isArray(value)) {
    const head = value.slice(0, 20).map((item) => (typeof item === "string" ? clip(item) : item));
    return value.length > 20 ? [...head, `… ${value.length - 20} more`] : head;
  }
  return value;
}

/** Unique by fact label, first occurrence wins; sorted by label for deterministic output. */
export function dedupeEvidence(items: EvidenceFact[]): EvidenceFact[] {
  const seen = new Map<string, EvidenceFact>();
  for (const item of items) if (!seen.has(item.fact)) seen.set(item.fact, item);
  return [...seen.values()].sort((a, b) => (a.fact < b.fact ? -1 : a.fact > b.fact ? 1 : 0));
}

/** `{{fact.path}}`: a fact value filled into a message (the loader checks every path names a fact field). */
export const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;
/** `[[…]]`: a phrase shown only when every placeholder in it has a value. */
const OPTIONAL_PHRASE = /\[\[((?:(?!\]\]).)*)\]\]/gs;

const filledValue = (facts: Record<string, unknown>, fact: string, rest: string) => {
  const value = resolvePath(facts[fact], rest.slice(1));
  return value === null ||
    (typeof value === "string" && value.trim() === "") ||
    (Array.isArray(value) && value.length === 0)
    ? undefined
    : value;
};

/**
 * Fills `{{fact.path}}` placeholders of a rule message with fact values; an empty value reads "(none)". A phrase
 * in `[[…]]` is left out when one of its placeholders is empty, so a message need not print
 * `with the justification "(none)"` for a justification nobody gave.
 */
export function interpolate(template: string, facts: Record<string, unknown>): string {
  const fill = (text: string) =>
    text.replace(PLACEHOLDER, (_match, fact: string, rest: string) => {
      const value = filledValue(facts, fact, rest);
      if (value === undefined) return "(none)";
      if (Array.isArray(value)) return clip(value.join(", "));
      if (typeof value === "object") return clip(JSON.stringify(value));
      return clip(String(value));
    });
  const withPhrases = template.replace(OPTIONAL_PHRASE, (_match, phrase: string) => {
    const empty = [...phrase.matchAll(PLACEHOLDER)].some(
      ([, fact = "", rest = ""]) => filledValue(facts, fact, rest) === undefined,
    );
    return empty ? "" : phrase;
  });
  return fill(withPhrases);
}
