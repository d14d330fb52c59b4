/**
 * OpenAPI `content` maps for routes that answer in several formats: one entry per media type the route can send,
 * so the document lists every representation a client may receive. A JSON format is a JSON document (an object),
 * never a JSON string; every other format is text.
 */
import { z } from "@hono/zod-openapi";
import { mediaEssence } from "./negotiate.js";

/** A JSON representation: an object. */
export const JsonDocument = z.record(z.string(), z.unknown());
/** Any other representation: text. */
export const TextDocument = z.string();

/** `application/json`, `application/problem+json`, `application/vnd.cyclonedx+json`… */
export function isJsonMediaType(mediaType: string): boolean {
  const essence = mediaEssence(mediaType);
  return essence === "application/json" || essence.endsWith("+json");
}

/** The `content` of a response sent in any of `mediaTypes` (parameters such as `charset` are dropped). */
export function formatContent(mediaTypes: Iterable<string>): Record<string, { schema: z.ZodType }> {
  const content: Record<string, { schema: z.ZodType }> = {};
  for (const mediaType of mediaTypes) {
    content[mediaEssence(mediaType)] = { schema: isJsonMediaType(mediaType) ? JsonDocument : TextDocument };
  }
  return content;
}
