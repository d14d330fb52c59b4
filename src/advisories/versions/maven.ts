/**
 * Maven version ordering, written here because we know of no well-kept npm package that implements it (ports
 * of Maven's `ComparableVersion` class exist but are small and rarely updated, and may follow an old Maven
 * release; Maven's own behaviour has changed between 3.x versions). This follows
 * the published "Version Order Specification" of the Maven POM reference (maven.apache.org/pom.html), and the
 * tests in tests/unit/version-maven.test.ts check the specification's worked examples (1-foo2 < 1-foo10,
 * 1.foo = 1-foo < 1-1 < 1.1, 1-ga-1 = 1-1, 1-a1 = 1-alpha-1 …) and mixed lists. The rules as we read them:
 *
 * - the string is lower-cased and split into tokens at `.` and `-` and at every switch between digits and
 *   letters (such a switch counts as a `-`); an empty token is `0`;
 * - trailing "null" tokens (`0`, `""`, `final`, `ga`, `release`) are trimmed, at the end and then before each
 *   remaining hyphen, from the end to the beginning;
 * - tokens compare pairwise; the shorter list is padded with null tokens carrying the other side's separator;
 * - numbers compare numerically (any length); qualifiers in the order
 *   `alpha < beta < milestone < rc = cr < snapshot < "" = final = ga = release < sp`, unknown qualifiers after
 *   the known ones in lexical order; `a1`, `b1`, `m1` mean alpha-1, beta-1, milestone-1;
 * - across kinds: `.qualifier = -qualifier < -number < .number`.
 */

type Separator = "." | "-";
interface NumberToken {
  sep: Separator;
  kind: "number";
  /** Digits without leading zeros ("" for zero), so numbers of any size compare as strings of digits. */
  digits: string;
}
interface QualifierToken {
  sep: Separator;
  kind: "qualifier";
  /** Sort key: a known qualifier's rank as one digit, or `7-<text>` for unknown ones (after every known one). */
  key: string;
}
type Token = NumberToken | QualifierToken;

export interface MavenVersion {
  raw: string;
  tokens: Token[];
}

const KNOWN_QUALIFIERS = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const QUALIFIER_ALIASES: Record<string, string> = { cr: "rc", ga: "", final: "", release: "" };
const RELEASE_KEY = String(KNOWN_QUALIFIERS.indexOf(""));
const SHORT_QUALIFIERS: Record<string, string> = { a: "alpha", b: "beta", m: "milestone" };

function qualifierKey(text: string): string {
  const name = QUALIFIER_ALIASES[text] ?? text;
  const rank = KNOWN_QUALIFIERS.indexOf(name);
  return rank >= 0 ? String(rank) : `${KNOWN_QUALIFIERS.length}-${name}`;
}

function isNull(token: Token): boolean {
  return token.kind === "number" ? token.digits === "" : token.key === RELEASE_KEY;
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

/** Parses any string: Maven accepts every version string, so this never fails. */
export function parseMaven(raw: string): MavenVersion {
  const text = raw.trim().toLowerCase();
  const tokens: Token[] = [];
  let sep: Separator = ".";
  let current = "";
  const push = (nextSep: Separator, followedByDigit: boolean) => {
    if (current === "" || isDigit(current[0] ?? "")) {
      tokens.push({ sep, kind: "number", digits: current.replace(/^0+/, "") });
    } else {
      const expanded = followedByDigit ? (SHORT_QUALIFIERS[current] ?? current) : current;
      tokens.push({ sep, kind: "qualifier", key: qualifierKey(expanded) });
    }
    current = "";
    sep = nextSep;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? "";
    if (c === "." || c === "-") {
      push(c, false);
      continue;
    }
    if (current !== "" && isDigit(c) !== isDigit(current[0] ?? "")) {
      // A switch between letters and digits is a hyphen (spec); `a1` reads as alpha-1.
      push("-", isDigit(c));
    }
    current += c;
  }
  push(".", false);
  return { raw, tokens: trimNulls(tokens) };
}

/** Removes trailing null tokens at the end and before each remaining hyphen, from the end to the beginning. */
function trimNulls(tokens: Token[]): Token[] {
  const out: Token[] = [];
  // Walk backwards; `trailing` is true at the end of the string and right before a token that starts with
  // "-", i.e. at the end of a hyphen-separated segment, where null tokens are trailing.
  let trailing = true;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i] as Token;
    // The first token stays: "0-1" is 0 followed by a build number, not "1".
    if (trailing && isNull(token) && i > 0) continue;
    out.push(token);
    trailing = token.sep === "-";
  }
  return out.reverse();
}

function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function nullLike(other: Token): Token {
  return other.sep === "."
    ? { sep: ".", kind: "number", digits: "" }
    : { sep: "-", kind: "qualifier", key: RELEASE_KEY };
}

function compareTokens(a: Token, b: Token): number {
  if (a.kind === "qualifier" && b.kind === "qualifier") return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  if (a.kind === "qualifier") return -1;
  if (b.kind === "qualifier") return 1;
  // `-number < .number`
  if (a.sep !== b.sep) return a.sep === "-" ? -1 : 1;
  return compareDigits(a.digits, b.digits);
}

export function compareMaven(a: MavenVersion, b: MavenVersion): number {
  const n = Math.max(a.tokens.length, b.tokens.length);
  for (let i = 0; i < n; i++) {
    const ta = a.tokens[i];
    const tb = b.tokens[i];
    const left = ta ?? nullLike(tb as Token);
    const right = tb ?? nullLike(ta as Token);
    const c = compareTokens(left, right);
    if (c !== 0) return c;
  }
  return 0;
}
