/** Conditional requests and cache headers of immutable records: strong ETags, `If-None-Match`. */
import type { Context } from "hono";

/** A strong ETag from a content hash; immutable resources never change under one id. */
export function etagOf(hash: string, variant?: string): string {
  return `"${hash}${variant ? `-${variant}` : ""}"`;
}

/** True when `If-None-Match` names the current ETag (or `*`): the client's copy is current, answer 304. */
export function notModified(c: Context, etag: string): boolean {
  const header = c.req.header("if-none-match");
  if (!header) return false;
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === "*" || t === etag);
}

export const IMMUTABLE_CACHE = "private, max-age=31536000, immutable";
