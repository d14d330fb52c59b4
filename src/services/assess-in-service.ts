/**
 * The one way the service runs an assessment (`POST /v1/assess`, stored product assessments, the CLI commands that
 * work on a database): the job executor does the assessing, and recognition reads the crosswalk reviews
 * regulators recorded in the database beside those the shipped crosswalk files carry. Without this, a mapping a
 * regulator agreed with would still be reported as "relied on an unreviewed mapping". A stored product's assessment
 * also applies the VEX analyses the manufacturer recorded for that product version, so a match triaged
 * `not_affected` or `resolved` no longer counts as a known exploitable vulnerability (Annex I Part I (2)(a)). The
 * file-based CLI (`assess` without a database) reads only the files' reviews and VEX.
 */

import type { TenantScope } from "../db/port.js";
import type { ServiceDeps } from "./context.js";
import { storedReviewMap } from "./crosswalk-reviews.js";
import type { AssessOutcome, AssessTask } from "./job-executor.js";
import { recordedVexStatements } from "./product-vex.js";

/**
 * @example
 * const outcome = await assessInService(ctx, { declaration: { text }, asOf: "2028-01-15" });
 */
export async function assessInService(
  ctx: Pick<ServiceDeps, "repos" | "work">,
  task: AssessTask,
  /** A stored product's assessment: the manufacturer's VEX triage recorded for this product version applies. */
  stored?: { scope: TenantScope; productId: string; productVersion: string | null },
): Promise<AssessOutcome> {
  // The database is the only source of stored reviews and recorded triage: a caller's own `reviews` or
  // `recordedVex` would let it vouch for mappings or clear vulnerabilities.
  const { reviews: _ignored, recordedVex: _notTrusted, ...rest } = task;
  const reviews = await storedReviewMap(ctx.repos);
  const recordedVex = stored?.productVersion
    ? await recordedVexStatements(ctx.repos, stored.scope, stored.productId, stored.productVersion)
    : [];
  return ctx.work.assess({
    ...rest,
    ...(reviews.size > 0 ? { reviews } : {}),
    ...(recordedVex.length > 0 ? { recordedVex } : {}),
  });
}
