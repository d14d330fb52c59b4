/**
 * Custom operators the CRA rules need beyond json-rules-engine's built-ins. Each is total: a missing or
 * wrongly typed fact value makes the condition false, never throws.
 */
import { Operator } from "json-rules-engine";

/** A value counts as present unless it is undefined, null, an empty or blank string, or an empty array. */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

const ISO_DATE = /^\d{4}-\d{2}(-\d{2})?/;

/** Compares ISO dates (YYYY-MM or YYYY-MM-DD, optionally with a time) by their calendar part. */
function dateKey(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value !== "string" || !ISO_DATE.test(value)) return undefined;
  const key = value.slice(0, 10);
  // A month-only date compares as the first of the month.
  return key.length === 7 ? `${key}-01` : key;
}

export const customOperators: Operator[] = [
  /** `value: true` → the fact is present; `value: false` → it is absent. */
  new Operator<unknown, boolean>("present", (fact, expected) => isPresent(fact) === expected),
  /** The fact is an array with at least `value` items (use 1 for "non-empty"). */
  new Operator<unknown, number>(
    "nonEmpty",
    (fact, min) => Array.isArray(fact) && fact.length >= (typeof min === "number" ? min : 1),
  ),
  new Operator<unknown, unknown>("dateOnOrAfter", (fact, other) => {
    const a = dateKey(fact);
    const b = dateKey(other);
    return a !== undefined && b !== undefined && a >= b;
  }),
  new Operator<unknown, unknown>("dateBefore", (fact, other) => {
    const a = dateKey(fact);
    const b = dateKey(other);
    return a !== undefined && b !== undefined && a < b;
  }),
  /** The fact is a string matching the regular expression in `value` (anchored by the rule author). */
  new Operator<unknown, string>("matches", (fact, pattern) => {
    if (typeof fact !== "string" || typeof pattern !== "string") return false;
    return new RegExp(pattern, "u").test(fact);
  }),
];

export const BUILTIN_OPERATORS = [
  "equal",
  "notEqual",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
] as const;
