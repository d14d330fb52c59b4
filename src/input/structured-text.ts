/**
 * Reading untrusted YAML or JSON text (declarations, catalogs, crosswalks, arrangements, SPDX YAML) into a plain
 * value, with every problem reported as a located `InputIssue`: a JSON pointer and, for text input, line and column.
 * Checking the value against a zod schema is structured-input.ts; this file needs no zod, so the SBOM readers,
 * which read YAML but validate with JSON Schema, do not load it.
 *
 * JSON is read with the YAML parser too (YAML 1.2 is a superset of JSON), so both get the same node ranges and
 * the same limits; text that starts with `{` or `[` must also pass JSON's stricter grammar first. The limits are there because these files may come from anyone (a regulator's draft, a
 * product team's CI): a size cap, an alias cap against "billion laughs" expansion, and a nesting cap.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
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
