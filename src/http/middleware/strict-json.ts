import type { MiddlewareHandler } from "hono";
import { decodeJsonText } from "../../json/unicode-text.js";
import type { AppEnv } from "../env.js";
import { problem } from "../problem.js";

const JSON_MEDIA = /^application\/json\s*(;|$)/i;

/**
 * Routes that read their JSON body off the event loop (in a worker, with the same checks): their bodies may be
 * tens of megabytes, and decoding and scanning them here would stall every other request.
 */
const READ_IN_WORKER = new Set(["POST /v1/assess"]);

/**
 * `application/json` bodies must be UTF-8 and their strings Unicode text (src/json/unicode-text.ts): bad bytes
 * or a lone surrogate escape are a 400 `malformed-body` instead of being stored silently changed. The bytes stay
 * in hono's body cache, so the route's validator decodes the same (now known good) bytes without reading the
 * stream again.
 */
export const strictJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header("content-type");
  if (!type || !JSON_MEDIA.test(type) || c.req.method === "GET" || c.req.method === "HEAD") return next();
  if (READ_IN_WORKER.has(`${c.req.method} ${c.req.path}`)) return next();
  const decoded = decodeJsonText(new Uint8Array(await c.req.arrayBuffer()));
  if (!decoded.ok) return problem(c, "malformed-body", { detail: decoded.detail });
  await next();
};
