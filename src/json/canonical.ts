/**
 * One canonical form of JSON values, from the `canonicalize` package (RFC 8785, JSON Canonicalization Scheme):
 * object keys sorted by UTF-16 code units, no insignificant whitespace, numbers and strings as ECMAScript
 * serializes them, `undefined` members dropped. Equal strings exactly when the values are deep-equal.
 *
 * RFC 8785 is defined for I-JSON, which has no lone surrogates, and the package refuses them; but a parsed
 * document can hold one (`"\ud800"` is valid JSON), and its uniqueness or audit hash must still be decidable.
 * Such a value is canonicalized with each string replaced by its JSON text (ASCII-escaped, injective) and the
 * result marked with a leading NUL, which no RFC 8785 text starts with: it never equals a well-formed value's form.
 */
import canonicalize from "canonicalize";

export function canonicalJson(value: unknown): string {
  try {
    return canonicalize(value) ?? "null";
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes("surrogate")) throw error;
    return `\u0000${canonicalize(escapeStrings(value)) ?? "null"}`;
  }
}

function escapeStrings(value: unknown): unknown {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(escapeStrings);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    // defineProperty: a `__proto__` key from a parsed document stays a plain member.
    Object.defineProperty(out, JSON.stringify(key), { value: escapeStrings(member), enumerable: true });
  }
  return out;
}
