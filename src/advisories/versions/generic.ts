/**
 * Ordering for the purl `generic` type and the vers `generic` scheme, which have no defined semantics of their
 * own. We use a natural order that agrees with semver on plain dotted versions: the string is cut at `.`, `-`,
 * `_`, `+` and `~` and at switches between digits and letters; numbers compare numerically, a number is above a
 * word, and a version that stops where the other continues with a word (`1.0` against `1.0-rc1`) is the higher
 * one, because trailing words are in practice pre-release labels. It is a heuristic; the report says so.
 */
export interface GenericVersion {
  parts: (number | string)[];
}

export function parseGeneric(raw: string): GenericVersion | undefined {
  const text = raw
    .trim()
    .toLowerCase()
    .replace(/^v(?=\d)/, "");
  if (text === "") return undefined;
  const parts: (number | string)[] = [];
  for (const m of text.matchAll(/\d+|[a-z]+/g)) {
    const token = m[0];
    parts.push(/^\d/.test(token) ? Number(token) : token);
  }
  return parts.length > 0 ? { parts } : undefined;
}

export function compareGeneric(a: GenericVersion, b: GenericVersion): number {
  const n = Math.max(a.parts.length, b.parts.length);
  for (let i = 0; i < n; i++) {
    const x = a.parts[i];
    const y = b.parts[i];
    if (x === y) continue;
    if (x === undefined) return typeof y === "string" ? 1 : -1;
    if (y === undefined) return typeof x === "string" ? -1 : 1;
    if (typeof x === "number" && typeof y === "number") return x < y ? -1 : 1;
    if (typeof x === "number") return 1;
    if (typeof y === "number") return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}
