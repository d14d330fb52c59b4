/**
 * Untrusted YAML or JSON documents (declarations, catalogs, crosswalks, arrangements) checked against a zod schema,
 * with every problem reported as a located `InputIssue`: a JSON pointer and, for text input, line and column.
 * Reading the text (syntax, limits, locations) is structured-text.ts; this file holds the zod side.
 */
import { z } from "zod";
import { capIssues, type InputIssue, type Parsed } from "../domain/input-issue.js";
import { jsonPointer } from "../json/pointer.js";
import { readStructuredText, type StructuredDocument, type StructuredReadOptions } from "./structured-text.js";

/** Validates a plain value against a schema; zod issues become located `InputIssue`s. */
export function validateStructured<S extends z.ZodType>(
  schema: S,
  value: unknown,
  options: { source?: string; locate?: StructuredDocument["locate"] } = {},
): Parsed<z.output<S>> {
  // reportInput: messages quote the offending value, and a missing field is told apart from a wrong one.
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const issues = zodIssuesToInputIssues(schema, result.error.issues, options).sort(byPosition);
  const { issues: capped, omitted } = capIssues(issues);
  if (omitted > 0) {
    capped.push({
      path: "",
      constraint: "size-limit",
      message: `${omitted} more issues were not reported.`,
      ...(options.source === undefined ? {} : { source: options.source }),
    });
  }
  return { ok: false, issues: capped };
}

/** Reads YAML or JSON text and validates it against a schema, in one step. */
export function parseStructured<S extends z.ZodType>(
  schema: S,
  text: string,
  options: StructuredReadOptions = {},
): Parsed<z.output<S>> {
  const read = readStructuredText(text, options);
  if (!read.ok) return read;
  return validateStructured(schema, read.value.value, { source: options.source, locate: read.value.locate });
}

/** Text order when positions are known, else by pointer; stable for equal keys. */
function byPosition(a: InputIssue, b: InputIssue): number {
  return (
    (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || (a.path ?? "").localeCompare(b.path ?? "")
  );
}

export function zodIssuesToInputIssues(
  schema: z.ZodType,
  zodIssues: readonly z.core.$ZodIssue[],
  options: { source?: string; locate?: StructuredDocument["locate"] } = {},
): InputIssue[] {
  const out: InputIssue[] = [];
  const push = (path: readonly PropertyKey[], constraint: string, message: string, key = false) => {
    const issue: InputIssue = { path: jsonPointer(path), constraint, message };
    const pos = options.locate?.(path, { key });
    if (pos) {
      issue.line = pos.line;
      issue.column = pos.column;
    }
    if (options.source !== undefined) issue.source = options.source;
    out.push(issue);
  };
  for (const issue of zodIssues) {
    const path = issue.path;
    switch (issue.code) {
      case "unrecognized_keys": {
        const known = knownKeysAt(schema, path);
        for (const key of issue.keys) {
          const suggestion = closest(key, known);
          const where = path.length === 0 ? "at the top level" : `in ${jsonPointer(path)}`;
          push(
            [...path, key],
            "unknown-key",
            `Unknown field "${key}" ${where}.` +
              (suggestion
                ? ` Did you mean "${suggestion}"?`
                : known.length > 0
                  ? ` Known fields: ${known.join(", ")}.`
                  : ""),
            true,
          );
        }
        break;
      }
      case "invalid_type":
        if (issue.input === undefined) {
          push(path, "required", `Required field ${jsonPointer(path) || "(document)"} is missing.`);
        } else {
          push(
            path,
            "type",
            issue.message.startsWith("Invalid input")
              ? `Expected ${issue.expected}, got ${describe(issue.input)}.`
              : issue.message,
          );
        }
        break;
      case "invalid_value":
        if (issue.input === undefined) {
          push(path, "required", `Required field ${jsonPointer(path) || "(document)"} is missing.`);
          break;
        }
        {
          const suggestion =
            typeof issue.input === "string"
              ? closest(
                  issue.input,
                  issue.values.filter((v): v is string => typeof v === "string"),
                )
              : undefined;
          const hint = suggestion ? ` Did you mean "${suggestion}"?` : "";
          const listed = issue.values.length <= 12;
          push(
            path,
            "enum",
            listed && (issue.message.startsWith("Invalid option") || issue.message.startsWith("Invalid input"))
              ? `Expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}; got ${describe(issue.input)}.${hint}`
              : `${issue.message} Got ${describe(issue.input)}.${hint}`,
          );
        }
        break;
      case "invalid_format":
        push(path, "format", issue.message);
        break;
      case "too_small":
      case "too_big":
        push(path, "range", issue.message);
        break;
      case "invalid_union": {
        // Name what each alternative expected, e.g. `true | false | "not-feasible"`.
        const expected = issue.errors.flatMap((branch) => {
          const first = branch[0];
          if (first?.code === "invalid_type") return [first.expected];
          if (first?.code === "invalid_value") return first.values.map((v) => JSON.stringify(v));
          return [];
        });
        push(
          path,
          "type",
          expected.length > 0
            ? `Expected ${[...new Set(expected)].join(" or ")}; got ${describe(issue.input)}.`
            : `${issue.message}: got ${describe(issue.input)}.`,
        );
        break;
      }
      case "invalid_key":
        push(path, "format", issue.issues.map((inner) => inner.message).join("; "));
        break;
      case "custom": {
        const constraint = typeof issue.params?.constraint === "string" ? issue.params.constraint : "custom";
        push(path, constraint, issue.message);
        break;
      }
      default:
        push(path, issue.code, issue.message);
    }
  }
  return out;
}

/** The keys the schema allows at a path, for "did you mean" (sorted). */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    current = unwrap(current);
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType>)[String(segment)];
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return [];
    if (current === undefined) return [];
  }
  current = unwrap(current);
  return current instanceof z.ZodObject ? Object.keys(current.shape).sort() : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (let i = 0; i < 16 && current; i++) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
  return current;
}

/** The known key nearest to a misspelt one (Levenshtein, case-insensitive), if it is close enough. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length > 64 || b.length > 64) return Math.abs(a.length - b.length) + 64;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${String(value)}`;
}
