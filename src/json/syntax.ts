/**
 * Where a JSON text stops being JSON: the one locator every JSON reader uses to give a syntax error its line and
 * column (V8's messages in Node 20 give no offset for some errors, e.g. a trailing comma).
 */
import type { InputIssue } from "../domain/input-issue.js";

/** 1-based line and column of a UTF-16 offset in a text (columns count UTF-16 code units, as editors mostly do). */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let index = text.indexOf("\n"); index !== -1 && index < end; index = text.indexOf("\n", index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Where a JSON text first breaks RFC 8259, with a plain description. Only called after JSON.parse failed (V8's
 * messages give no position for some errors, e.g. a trailing comma), so clarity matters more than speed here.
 * Iterative, with an explicit container stack, so deep nesting cannot overflow it.
 */
export function locateJsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  const stack: ("object" | "array")[] = [];
  // What the grammar allows next.
  type Expect = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "comma-or-close" | "end";
  let expect: Expect = "value";
  let index = 0;
  const length = text.length;
  const describe = (at: number): string =>
    at >= length ? "the end of the file" : `${JSON.stringify(text.slice(at, at + 1))}`;
  const afterValue = (): Expect => (stack.length === 0 ? "end" : "comma-or-close");

  while (true) {
    while (index < length) {
      const code = text.charCodeAt(index);
      if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) index++;
      else break;
    }
    if (index >= length) {
      if (expect === "end") return undefined;
      return {
        offset: length,
        message:
          stack.length > 0
            ? `the document ends early, inside ${describeOpen(stack)}; the file looks truncated`
            : "the document is empty",
      };
    }
    const char = text[index]!;
    switch (expect) {
      case "end":
        return { offset: index, message: `unexpected ${describe(index)} after the end of the JSON document` };
      case "colon":
        if (char !== ":")
          return { offset: index, message: `expected ":" after a property name, found ${describe(index)}` };
        index++;
        expect = "value";
        continue;
      case "comma-or-close": {
        const inObject = stack.at(-1) === "object";
        if (char === ",") {
          index++;
          expect = inObject ? "key" : "value";
          continue;
        }
        if ((inObject && char === "}") || (!inObject && char === "]")) {
          stack.pop();
          index++;
          expect = afterValue();
          continue;
        }
        return {
          offset: index,
          message: `expected "," or "${inObject ? "}" : "]"}" in this ${inObject ? "object" : "array"}, found ${describe(index)}`,
        };
      }
      case "key":
      case "key-or-close":
        if (char === "}" && expect === "key-or-close") {
          stack.pop();
          index++;
          expect = afterValue();
          continue;
        }
        if (char !== '"') {
          return {
            offset: index,
            message:
              char === "}"
                ? 'a trailing comma before "}" is not allowed in JSON'
                : `expected a property name in double quotes, found ${describe(index)}`,
          };
        }
        {
          const end = scanString(text, index);
          if (typeof end !== "number") return end;
          index = end;
          expect = "colon";
        }
        continue;
      case "value":
      case "value-or-close": {
        if (char === "]" && expect === "value-or-close") {
          stack.pop();
          index++;
          expect = afterValue();
          continue;
        }
        if (char === "{") {
          stack.push("object");
          index++;
          expect = "key-or-close";
          continue;
        }
        if (char === "[") {
          stack.push("array");
          index++;
          expect = "value-or-close";
          continue;
        }
        if (char === '"') {
          const end = scanString(text, index);
          if (typeof end !== "number") return end;
          index = end;
          expect = afterValue();
          continue;
        }
        const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
          text.slice(index, index + 400),
        );
        if (literal && literal[0].length > 0) {
          index += literal[0].length;
          expect = afterValue();
          continue;
        }
        if (char === "]" && stack.at(-1) === "array") {
          return { offset: index, message: 'a trailing comma before "]" is not allowed in JSON' };
        }
        return {
          offset: index,
          message: `expected a value (object, array, string, number, true, false or null), found ${describe(index)}`,
        };
      }
    }
  }
}

function describeOpen(stack: readonly ("object" | "array")[]): string {
  const objects = stack.filter((kind) => kind === "object").length;
  const arrays = stack.length - objects;
  const parts: string[] = [];
  if (objects > 0) parts.push(`${objects} unclosed object${objects === 1 ? "" : "s"}`);
  if (arrays > 0) parts.push(`${arrays} unclosed array${arrays === 1 ? "" : "s"}`);
  return parts.join(" and ");
}

/** Index just past the closing quote of the string starting at `start`, or the located problem inside it. */
function scanString(text: string, start: number): number | { offset: number; message: string } {
  let index = start + 1;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === 0x22) return index + 1;
    if (code < 0x20) {
      return {
        offset: index,
        message: "a control character (such as a raw line break or tab) inside a string must be escaped",
      };
    }
    if (code === 0x5c) {
      const escaped = text[index + 1];
      if (escaped === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) {
          return { offset: index, message: "\\u must be followed by four hexadecimal digits" };
        }
        index += 6;
        continue;
      }
      if (escaped === undefined || !'"\\/bfnrt'.includes(escaped)) {
        return { offset: index, message: `invalid escape sequence \\${escaped ?? ""} in a string` };
      }
      index += 2;
      continue;
    }
    index++;
  }
  return { offset: text.length, message: "a string is not closed: the file looks truncated" };
}

/** The located issue for a text JSON.parse refused (`error`, its exception, only for the unexpected case). */
export function jsonSyntaxIssue(text: string, error?: unknown): InputIssue {
  const located = locateJsonSyntaxError(text);
  if (located) {
    return { ...lineColumnAt(text, located.offset), constraint: "syntax", message: `invalid JSON: ${located.message}` };
  }
  // JSON.parse and the locator disagree (should not happen); keep V8's message and its position if it has one.
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  return {
    ...lineColumnAt(text, position ? Number(position[1]) : 0),
    constraint: "syntax",
    message: `invalid JSON: ${message}`,
  };
}
