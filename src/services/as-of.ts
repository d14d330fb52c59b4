/**
 * `asOf`, the moment the law is applied at, read the same way on every route that takes it. Where it travels is
 * one rule (docs/api.md): in the body on routes whose body is JSON or multipart options, in the query string on
 * every other route (GET routes, and POST routes whose body is a document or empty).
 */
import { z } from "zod";
import { isIsoDate } from "../domain/waivers.js";

const DATE_MESSAGE = "Expected asOf as a calendar date, YYYY-MM-DD (e.g. 2028-01-15).";

/** A calendar date (YYYY-MM-DD, a day that exists): assessments, comparisons, simulations, documents. */
export const asOfDate = z.iso.date({ error: DATE_MESSAGE, abort: true }).refine(isIsoDate, { error: DATE_MESSAGE });

/**
 * An instant with its time zone: Article 14 deadlines run in hours (24 h, 72 h) from awareness, so a day alone
 * cannot say whether one has passed.
 */
export const asOfInstant = z.iso.datetime({
  offset: true,
  error:
    "Expected asOf as a date-time with a time zone, e.g. 2026-10-01T08:00:00Z (Article 14 deadlines run in hours).",
});
