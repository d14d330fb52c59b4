import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.js";
import { problem } from "../problem.js";

const JSON_MEDIA = /^application\/json\s*(;|$)/i;

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

/**
 * `application/json` bodies must be UTF-8 (RFC 8259 §8.1) and their strings Unicode text. The platform's
 * decoder would replace bad bytes with U+FFFD and JSON.parse accepts lone surrogate escapes, so both would be
 * stored silently changed; here they are a 400 `malformed-body` instead. The bytes stay in hono's body cache,
 * so the route's validator decodes the same (now known good) bytes without reading the stream again.
 */
export const strictJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header("content-type");
  if (!type || !JSON_MEDIA.test(type) || c.req.method === "GET" || c.req.method === "HEAD") return next();
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return problem(c, "malformed-body", { detail: "The JSON body is not valid UTF-8." });
  }
  const lone = loneSurrogateEscape(text);
  if (lone) {
    return problem(c, "malformed-body", {
      detail: `The JSON body escapes half a UTF-16 surrogate pair (${lone.escape} at character ${lone.index}); strings must be Unicode text.`,
    });
  }
  await next();
};
