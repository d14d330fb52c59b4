/** `?limit=&offset=` paging: the query, the page it asks for, and the `{ items, total, limit, offset }` reply. */
import { z } from "@hono/zod-openapi";
import type { Page, Paged } from "../db/port.js";
import { decimalQueryInteger } from "./request-params.js";

export const PageQuery = z.object({
  limit: decimalQueryInteger("limit", { min: 1, max: 100 })
    .default(20)
    .openapi({ type: "integer", minimum: 1, maximum: 100, default: 20, example: 20 }),
  offset: decimalQueryInteger("offset", { min: 0, max: 1_000_000 })
    .default(0)
    .openapi({ type: "integer", minimum: 0, maximum: 1_000_000, default: 0, example: 0 }),
});

export function pageOf(query: { limit: number; offset: number }): Page {
  return { limit: query.limit, offset: query.offset };
}

/**
 * One page of a list the service holds whole (catalogs, crosswalks, a product's versions, events): the same
 * `{ items, total, limit, offset }` as the lists the database pages, in the list's own order.
 */
export function pageOfItems<T>(items: readonly T[], page: Page): Paged<T> {
  return {
    items: items.slice(page.offset, page.offset + page.limit),
    total: items.length,
    limit: page.limit,
    offset: page.offset,
  };
}

export function pagedSchema<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() })
    .openapi(name);
}
