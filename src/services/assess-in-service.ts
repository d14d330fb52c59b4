/**
 * The one way the service runs an assessment (`POST /v1/assess`, stored product assessments, the CLI commands that
 * work on a database): the heavy-work executor does the assessing, and recognition reads the crosswalk reviews
 * regulators recorded in the database beside those the shipped crosswalk files carry. Without this, a mapping a
 * regulator agreed with would still be reported as "relied on an unreviewed mapping". The file-based CLI
 * (`assess` without a database) reads only the files' reviews.
 */

import type { ServiceDeps } from "./context.js";
import { storedReviewMap } from "./crosswalk-reviews.js";
import type { AssessOutcome, AssessTask } from "./heavy-work.js";

/**
 * @example
 * const outcome = await assessInService(ctx, { declaration: { text }, asOf: "2028-01-15" });
 */
export async function assessInService(
  ctx: Pick<ServiceDeps, "repos" | "work">,
  task: AssessTask,
): Promise<AssessOutcome> {
  // The database is the only source of stored reviews: a caller's own `reviews` would let it vouch for mappings.
  const { reviews: _ignored, ...rest } = task;
  const reviews = await storedReviewMap(ctx.repos);
  return ctx.work.assess({ ...rest, ...(reviews.size > 0 ? { reviews } : {}) });
}
