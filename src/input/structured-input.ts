/**
 * Reading untrusted YAML or JSON documents (declarations, catalogs, crosswalks, arrangements) into a zod schema,
 * with every problem reported as a located `InputIssue`: a JSON pointer and, for text input, line and column.
 *
 * JSON is read with the YAML parser too (YAML 1.2 is a superset of JSON), so both get the same node ranges and
 * the same limits; text that starts with `{` or `[` must also pass JSON's stricter grammar first. The limits are there because these files may come from anyone (a regulator's draft, a
 * product team's CI): a size cap, an alias cap against "billion laughs" expansion, and a nesting cap.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { z } from "zod";
import { capIssues, type InputIssue, type Parsed } from "../domain/input-issue.js";
import { jsonPointer } from "../json/pointer.js";
import { jsonSyntaxIssue } from "../json/syntax.js";

export interface StructuredReadOptions {
  /** Name of the input for messages (`declaration`, a file name …). */
  source?: string;
  /** Largest accepted text, in characters. */
  maxChars?: number;
  /** Largest number of alias expansions (yaml's `maxAliasCount`). */
  maxAliasCount?: number;
  /** Deepest accepted nesting of maps and sequences. */
  maxDepth?: number;
}

export const STRUCTURED_INPUT_LIMITS = {
  maxChars: 4 * 1024 * 1024,
  maxAliasCount: 100,
  maxDepth: 64,
} as const;

/** A document read from text: its plain value, and a way to find where a path sits in the text. */
export interface StructuredDocument {
  value: unknown;
  /** 1-based line/column of the value at `path` (or of its key when `key` is set); the nearest ancestor if absent. */
  locate(path: readonly PropertyKey[], options?: { key?: boolean }): { line: number; column: number } | undefined;
}

/**
 * An issue at `path` of a document read from `source`, with the line and column `locate` finds for the path (its
 * nearest existing ancestor) when there is one.
 */
export function locatedIssue(
  source: string,
  locate: StructuredDocument["locate"],
  path: (string | number)[],
  constraint: string,
  message: string,
): InputIssue {
  const issue: InputIssue = { source, path: jsonPointer(path), constraint, message };
  const pos = locate(path);
  if (pos) Object.assign(issue, pos);
  return issue;
}

/** Reads YAML or JSON text into a plain value. Syntax errors, duplicate keys and exceeded limits are issues. */
export function readStructuredText(text: string, options: StructuredReadOptions = {}): Parsed<StructuredDocument> {
  const source = options.source;
  const maxChars = options.maxChars ?? STRUCTURED_INPUT_LIMITS.maxChars;
  const withSource = (issue: InputIssue): InputIssue => (source === undefined ? issue : { ...issue, source });
  if (text.length > maxChars) {
    return {
      ok: false,
      issues: [
        withSource({
          path: "",
          constraint: "size-limit",
          message: `The document has ${text.length} characters; at most ${maxChars} are accepted.`,
        }),
      ],
    };
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Text that starts like JSON is held to JSON's grammar: YAML would quietly accept `{"a": }` (a null value).
  const first = /\S/.exec(body)?.[0];
  if (first === "{" || first === "[") {
    const syntax = jsonTextIssue(body);
    if (syntax) return { ok: false, issues: [withSource(syntax)] };
  }
  const lineCounter = new LineCounter();
  let document: ReturnType<typeof parseDocument>;
  try {
    // `schema: "core"` keeps YAML 1.1 documents from turning dates into Date objects and "yes" into true.
    document = parseDocument(body, { lineCounter, schema: "core", uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    return { ok: false, issues: [withSource(limitIssue(error, "The document could not be read"))] };
  }
  if (document.errors.some((error) => /call stack/i.test(error.message))) {
    return { ok: false, issues: [withSource(limitIssue(new RangeError("nesting"), ""))] };
  }
  const errors = document.errors.map((error) => {
    const pos = lineCounter.linePos(error.pos[0]);
    return withSource({
      line: pos.line,
      column: pos.col,
      constraint: error.code === "DUPLICATE_KEY" ? "duplicate-key" : "syntax",
      message: firstLine(error.message),
    });
  });
  if (errors.length > 0) return { ok: false, issues: capIssues(errors).issues };
  if (document.contents === null) {
    return {
      ok: false,
      issues: [withSource({ path: "", line: 1, column: 1, constraint: "required", message: "The document is empty." })],
    };
  }
  const maxDepth = options.maxDepth ?? STRUCTURED_INPUT_LIMITS.maxDepth;
  const deepest = depthOf(document.contents, maxDepth + 1);
  if (deepest > maxDepth) {
    return {
      ok: false,
      issues: [
        withSource({
          path: "",
          constraint: "size-limit",
          message: `The document nests deeper than ${maxDepth} levels.`,
        }),
      ],
    };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: options.maxAliasCount ?? STRUCTURED_INPUT_LIMITS.maxAliasCount });
  } catch (error) {
    return { ok: false, issues: [withSource(limitIssue(error, "The document could not be converted"))] };
  }
  const root = document.contents;
  return {
    ok: true,
    value: {
      value,
      locate(path, locateOptions) {
        const offset = offsetOf(root, path, locateOptions?.key === true);
        if (offset === undefined) return undefined;
        const pos = lineCounter.linePos(offset);
        return { line: pos.line, column: pos.col };
      },
    },
  };
}

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

function offsetOf(root: Node, path: readonly PropertyKey[], key: boolean): number | undefined {
  let node: Node = root;
  let offset = node.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return offset;
      const keyNode = pair.key as Node;
      if (last && key) return keyNode.range?.[0] ?? offset;
      if (pair.value === null || pair.value === undefined) return keyNode.range?.[0] ?? offset;
      node = pair.value as Node;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined || item === null) return offset;
      node = item as Node;
    } else {
      return offset;
    }
    offset = node.range?.[0] ?? offset;
  }
  return offset;
}

/** Nesting depth of maps and sequences, stopping once `limit` is passed (so a hostile document costs little). */
function depthOf(root: unknown, limit: number): number {
  let deepest = 0;
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const item of node.items) {
      if (isMap(node)) {
        const pair = item as { key: unknown; value: unknown };
        stack.push({ node: pair.key, depth: depth + 1 }, { node: pair.value, depth: depth + 1 });
      } else {
        stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return deepest;
}

/** A located issue when text that starts like JSON is not JSON; undefined when it parses. */
function jsonTextIssue(body: string): InputIssue | undefined {
  try {
    JSON.parse(body);
    return undefined;
  } catch (error) {
    return jsonSyntaxIssue(body, error);
  }
}

function limitIssue(error: unknown, what: string): InputIssue {
  if (error instanceof ReferenceError && /alias/i.test(error.message)) {
    return {
      path: "",
      constraint: "size-limit",
      message: "The document expands too many aliases; alias bombs are refused.",
    };
  }
  if (error instanceof RangeError) {
    return { path: "", constraint: "size-limit", message: "The document nests too deeply to be read." };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { path: "", constraint: "syntax", message: `${what}: ${firstLine(message)}` };
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.trim();
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${String(value)}`;
}
