/**
 * How ajv's generated validation code runs here: equivalent code for two patterns V8 runs slowly, and one
 * rewrite of the code ajv emits for merging errors. The rewrite depends on the exact text ajv generates, so
 * tests/unit/ajv-code.test.ts fails when an ajv upgrade changes it.
 */
import type { Options } from "ajv";

/**
 * Patterns that V8 runs slowly, answered by equivalent code. The hash pattern backtracks through its five
 * alternatives on every digest: profiled on a 50k-component SBOM with one SHA-512 per component it was 30% of
 * validation time (3–4 µs per hash). `^(.*)$` (88 uses, on names and descriptions) means "no line terminator",
 * since `.` matches anything else, lone surrogates included under the `u` flag.
 */
const HASH_CONTENT_PATTERN = "^([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$";
const HASH_LENGTHS = new Set([32, 40, 64, 96, 128]);
function isHex(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (!((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66)))
      return false;
  }
  return true;
}
const SINGLE_LINE_PATTERN = "^(.*)$";
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

type PatternMatcher = { test(text: string): boolean; toString(): string };
type RegExpEngine = Exclude<NonNullable<Options["code"]>["regExp"], undefined>;

/** ajv keys its cache of compiled patterns by `toString()`, so each matcher must print as its own pattern. */
function matcher(pattern: string, test: (text: string) => boolean): PatternMatcher {
  return { test, toString: () => `/${pattern}/` };
}

export const regExpEngine: RegExpEngine = Object.assign(
  (pattern: string, flags: string): PatternMatcher => {
    if (pattern === HASH_CONTENT_PATTERN)
      return matcher(pattern, (text) => HASH_LENGTHS.has(text.length) && isHex(text));
    if (pattern === SINGLE_LINE_PATTERN) return matcher(pattern, (text) => !LINE_TERMINATOR.test(text));
    return new RegExp(pattern, flags);
  },
  { code: "new RegExp" },
);

/**
 * ajv (8.20) merges the errors of every `$ref` call and custom keyword with `vErrors.concat(callee.errors)`,
 * which copies every error collected so far: a document with n failing components costs O(n²). Measured: 40,000
 * components with a bad licence choice took 55 s in ajv alone (20,000: 6.9 s). Appending in place gives the same
 * list in O(n). Taking the callee's array as our own when we have none is safe: each call of a validate function
 * (and each failure of our keywords) starts a fresh array.
 */
export const CONCAT_ERRORS = /vErrors = vErrors === null \? ([\w$.]+)\.errors : vErrors\.concat\(\1\.errors\);/g;

export function appendErrorsInPlace(code: string): string {
  return code.replace(
    CONCAT_ERRORS,
    (_match, source: string) =>
      `if (vErrors === null) { vErrors = ${source}.errors; } else { for (const e of ${source}.errors) vErrors.push(e); }`,
  );
}
