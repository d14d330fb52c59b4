/**
 * Names, titles and other text people type are refused when they hold C0 control characters or DEL. NUL cuts
 * strings short in C-based tools and PostgreSQL cannot store it in text; escape sequences rewrite the terminal
 * or log viewer that prints a name; other controls make two names that look alike differ. Prose (descriptions,
 * comments) keeps tab, line feed and carriage return; a line (a name, a title, a label) keeps none of them.
 */
import type { InputIssue } from "./input-issue.js";

/** Tab, line feed and carriage return: the controls prose may hold. */
const PROSE_WHITESPACE = new Set([0x09, 0x0a, 0x0d]);

function firstControl(value: string, kind: TextKind): number {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if ((unit < 0x20 || unit === 0x7f) && !(kind === "prose" && PROSE_WHITESPACE.has(unit))) return i;
  }
  return -1;
}

export type TextKind = "line" | "prose";

/** Why `value` is not plain text of its kind, or undefined when it is. */
export function controlCharacterMessage(value: string, kind: TextKind): string | undefined {
  const index = firstControl(value, kind);
  if (index < 0) return undefined;
  const code = value.charCodeAt(index).toString(16).toUpperCase().padStart(4, "0");
  const allowed = kind === "line" ? "a single line of text" : "text (tabs and line breaks are allowed)";
  return `Control character U+${code} at character ${index + 1}: expected ${allowed} without control characters.`;
}

/** The located issue for `value` at `path`, or undefined when it is plain text of its kind. */
export function controlCharacterIssue(value: string | undefined, path: string, kind: TextKind): InputIssue | undefined {
  if (value === undefined) return undefined;
  const message = controlCharacterMessage(value, kind);
  return message === undefined ? undefined : { path, constraint: "control-character", message };
}
