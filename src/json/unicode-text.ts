/**
 * JSON text as RFC 8259 wants it exchanged: UTF-8 bytes (§8.1) whose strings are Unicode text. The platform's
 * decoder would replace bad bytes with U+FFFD and JSON.parse accepts escapes of half a surrogate pair, so both
 * would be stored silently changed; readers refuse them instead.
 */

/**
 * The first `\uXXXX` escape in JSON text that stands for half a surrogate pair, or null. JSON (RFC 8259 §8.2)
 * lets such escapes through the grammar, but the string they make is not Unicode text: stored as UTF-8 it
 * becomes invalid bytes. Escapes are matched left to right so an escaped backslash (`\\u…`) is not an escape.
 */
export function loneSurrogateEscape(text: string): { index: number; escape: string } | null {
  const escapes = /\\(?:u([0-9a-fA-F]{4})|[^u])/g;
  let pendingHigh: { index: number; escape: string } | null = null;
  for (let match = escapes.exec(text); match; match = escapes.exec(text)) {
    const unit = match[1] === undefined ? -1 : Number.parseInt(match[1], 16);
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const isLow = unit >= 0xdc00 && unit <= 0xdfff;
    if (pendingHigh) {
      if (isLow && match.index === pendingHigh.index + 6) {
        pendingHigh = null;
        continue;
      }
      return pendingHigh;
    }
    if (isLow) return { index: match.index, escape: match[0] };
    if (isHigh) pendingHigh = { index: match.index, escape: match[0] };
  }
  return pendingHigh;
}

/** The body as text, or why it is not JSON text in Unicode: not UTF-8, or a lone surrogate escape. */
export function decodeJsonText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; detail: string } {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, detail: "The JSON body is not valid UTF-8." };
  }
  const lone = loneSurrogateEscape(text);
  if (lone) {
    return {
      ok: false,
      detail: `The JSON body escapes half a UTF-16 surrogate pair (${lone.escape} at character ${lone.index}); strings must be Unicode text.`,
    };
  }
  return { ok: true, text };
}
