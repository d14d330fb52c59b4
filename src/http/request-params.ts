/** Path and query parameters shared by the routes: record ids and whole numbers in the query string. */
import { z } from "@hono/zod-openapi";

/**
 * An example id of each kind of record, shaped as the service mints them (`newId`: a prefix and 32 hex digits),
 * so that the OpenAPI document never shows one kind's id where another's belongs. Events may also carry an id
 * their recorder chose.
 */
export const ID_EXAMPLES = {
  product: "prd_0190b3c4e5f67a8b9c0d1e2f3a4b5c6d",
  sbom: "sbm_0190b3c5a1b27c8d9e0f1a2b3c4d5e6f",
  assessment: "asm_0190b3c6d4e57f8a9b0c1d2e3f4a5b6c",
  event: "evt_0190b3c7e8f94a0b1c2d3e4f5a6b7c8d",
  organization: "org_0190b3c2a3b44c5d6e7f8a9b0c1d2e3f",
  key: "key_0190b3c9f0a15b2c3d4e5f6a7b8c9d0e",
} as const;

/** The `{id}` path parameter of a route about one kind of record, with that kind's example. */
export function idParam(kind: keyof typeof ID_EXAMPLES) {
  return z.object({
    id: z
      .string()
      .min(1)
      .max(100)
      .openapi({ param: { name: "id", in: "path" }, example: ID_EXAMPLES[kind] }),
  });
}

/**
 * A whole number in the query string, in decimal digits only. `z.coerce.number()` takes whatever `Number()`
 * takes (`0x10`, `1e2`, ` 5`, an empty string as 0), so a client's mistake would quietly mean another number.
 */
export function decimalQueryInteger(name: string, range: { min: number; max: number }) {
  return z
    .string()
    .regex(/^[0-9]+$/, {
      error: `Expected ${name} as a whole number in decimal digits only (0-9), from ${range.min} to ${range.max}.`,
    })
    .transform(Number)
    .pipe(z.number().int().min(range.min).max(range.max));
}
