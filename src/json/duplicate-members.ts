/**
 * Repeated member names in JSON objects (`{"version": "1", "version": "2"}`).
 *
 * RFC 8259 (section 4) says names within an object should be unique and that readers disagree about an object
 * whose names are not: some keep the first value, some the last (`JSON.parse`), some refuse it. A document with a
 * repeated name therefore has no single meaning, and two tools can honestly read different facts from it (one
 * component list for one tool, another for ours). Every reader of the project that refuses such a document uses
 * this module, in two steps so that the common case costs next to nothing:
 *
 * - `countParsedMembers` counts the members of a parsed value. A valid JSON text has one colon outside strings
 *   per member it writes, and `JSON.parse` keeps one per distinct name, so the colon count of the text (which the
 *   readers' own structural scans take on the way) equals the parsed count exactly when no name is repeated.
 * - `findDuplicateMembers` is the slow, located reading, run only when the counts differ: the JSON pointer of
 *   the object, the name, and where both occurrences are.
 *
 * Written here rather than taken from a package: a repeated-key check needs only a string-skipping scan, which
 * the readers already have; the npm packages that detect duplicates are whole parsers of their own, which would
 * read every document a second time and whose reading could itself differ from `JSON.parse`.
 */
import type { InputIssue } from "../domain/input-issue.js";
import { pointerToken } from "./pointer.js";

/**
 * Members of every object in a parsed JSON value (own enumerable names, as `JSON.parse` creates them), or -1 when
 * the value nests too deeply for the recursion (callers then take the located scan, which is iterative). Recursive
 * on purpose: it runs on every document and every streamed entry, and recursion is the quick walk in V8.
 */
export function countParsedMembers(value: unknown): number {
  try {
    return countMembers(value);
  } catch (error) {
    if (error instanceof RangeError) return -1;
    throw error;
  }
}

function countMembers(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === "object" && item !== null) count += countMembers(item);
    return count;
  }
  const object = value as Record<string, unknown>;
  for (const name in object) {
    count++;
    const member = object[name];
    if (typeof member === "object" && member !== null) count += countMembers(member);
  }
  return count;
}

/** Colons outside strings in a JSON text: its number of members, when the text is valid JSON. */
export function countTextMembers(text: string): number {
  let count = 0;
  const length = text.length;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x3a) count++;
    else if (code === 0x22) index = closingQuote(text, index);
  }
  return count;
}

/** Offset of the quote closing the string opened at `open` (the text's length when there is none). */
function closingQuote(text: string, open: number): number {
  let end = text.indexOf('"', open + 1);
  while (end !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return text.length;
}

export interface DuplicateMember {
  /** JSON pointer of the object holding the name twice ("" for the top level). */
  object: string;
  name: string;
  /** Offsets (UTF-16) of the repeated name's opening quote and of its first occurrence's. */
  offset: number;
  firstOffset: number;
}

/**
 * Every repeated member name in a JSON text that `JSON.parse` accepted, in text order, up to `max`. Linear: one
 * pass, one map of names per open object (names are unescaped before they are compared: `"a"` and `"\u0061"`
 * are the same name). Iterative, so nesting depth cannot overflow it.
 */
export function findDuplicateMembers(text: string, max = Number.POSITIVE_INFINITY): DuplicateMember[] {
  // One frame per open container: an object's names (with where each first appeared) and the name being read,
  // or an array's index.
  interface Frame {
    names: Map<string, number> | undefined;
    key: string;
    index: number;
  }
  const stack: Frame[] = [];
  const found: DuplicateMember[] = [];
  let expectName = false;
  const pointer = (): string => {
    let out = "";
    // The innermost frame is the object holding the name: its own key is not part of its pointer.
    for (let depth = 0; depth < stack.length - 1; depth++) {
      const frame = stack[depth]!;
      out += `/${frame.names ? pointerToken(frame.key) : String(frame.index)}`;
    }
    return out;
  };
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x22) {
      const end = closingQuote(text, index);
      if (expectName) {
        const raw = text.slice(index, end + 1);
        const name = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        const frame = stack[stack.length - 1]!;
        const first = frame.names!.get(name);
        if (first !== undefined) {
          found.push({ object: pointer(), name, offset: index, firstOffset: first });
          if (found.length >= max) return found;
        } else {
          frame.names!.set(name, index);
        }
        frame.key = name;
        expectName = false;
      }
      index = end;
    } else if (code === 0x7b) {
      stack.push({ names: new Map(), key: "", index: 0 });
      expectName = true;
    } else if (code === 0x5b) {
      stack.push({ names: undefined, key: "", index: 0 });
      expectName = false;
    } else if (code === 0x7d || code === 0x5d) {
      stack.pop();
      expectName = false;
    } else if (code === 0x2c) {
      const frame = stack[stack.length - 1];
      if (frame?.names) expectName = true;
      else if (frame) frame.index++;
    }
  }
  return found;
}

/** 1-based line and column of each of `offsets` (ascending or not), in one pass over the text. */
export function lineColumnsAt(text: string, offsets: readonly number[]): Map<number, { line: number; column: number }> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const out = new Map<number, { line: number; column: number }>();
  let line = 1;
  let lineStart = 0;
  let newline = text.indexOf("\n");
  for (const offset of sorted) {
    while (newline !== -1 && newline < offset) {
      line++;
      lineStart = newline + 1;
      newline = text.indexOf("\n", newline + 1);
    }
    out.set(offset, { line, column: offset - lineStart + 1 });
  }
  return out;
}

/**
 * Located issues for the repeated member names of a JSON text that `JSON.parse` accepted (at most `max`), each at
 * the repeat (its pointer, line and column, which every renderer shows), naming its first occurrence.
 */
export function duplicateMemberIssues(text: string, max: number): InputIssue[] {
  const duplicates = findDuplicateMembers(text, max);
  const positions = lineColumnsAt(
    text,
    duplicates.flatMap((d) => [d.offset, d.firstOffset]),
  );
  return duplicates.map((duplicate) => {
    const at = positions.get(duplicate.offset)!;
    const first = positions.get(duplicate.firstOffset)!;
    const where = duplicate.object === "" ? "the top-level object" : `the object at ${duplicate.object}`;
    return {
      path: `${duplicate.object}/${pointerToken(duplicate.name)}`,
      line: at.line,
      column: at.column,
      constraint: "duplicate-key",
      message:
        `duplicate member name ${JSON.stringify(duplicate.name)} in ${where}; ` +
        `the first is at line ${first.line}, column ${first.column}. JSON readers disagree about a repeated name ` +
        "(some keep the first value, some the last), so the document has no single meaning: write each name once",
    };
  });
}

/**
 * The repeated member names of `text`, whose `JSON.parse` result is `parsed`, as located issues (at most `max`):
 * none when the members written equal the members parsed (one counting pass, the common case); otherwise each
 * repeat is located.
 */
export function repeatedMemberIssues(text: string, parsed: unknown, max: number): InputIssue[] {
  if (countTextMembers(text) === countParsedMembers(parsed)) return [];
  return duplicateMemberIssues(text, max);
}
