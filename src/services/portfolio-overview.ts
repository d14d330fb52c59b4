/**
 * The regulator's portfolio view: how the products in the caller's scope stand — assessment verdicts, the gaps
 * found most often in recent assessments, and products by CRA class. Read-only; the same scope rules as every
 * other read (a regulator sees every organisation, anyone else their own).
 */
import type { AssessmentListing } from "../db/port.js";
import { PRODUCT_CLASS_IDS } from "../declaration/schema.js";
import { authorize } from "./access.js";
import { type Forbidden, type ServiceContext, type ServiceResult, success } from "./context.js";

/** Recent assessments whose CRA gaps are counted for "most frequent gaps". */
export const RECENT_ASSESSMENTS = 25;

export interface PortfolioOverview {
  products: number;
  assessments: { total: number; pass: number; fail: number };
  byClass: { productClass: string | null; products: number }[];
  /** CRA gaps counted over the `sampled` most recent assessments, most frequent first. */
  frequentGaps: { requirement: string; title: string; assessments: number }[];
  sampled: number;
  recent: AssessmentListing[];
}

export async function portfolioOverview({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<ServiceResult<PortfolioOverview, Forbidden>> {
  const allowed = authorize(ctx.principal, "assessment:read");
  if (!allowed.ok) return allowed;
  const scope = allowed.value;
  const [perClass, verdicts, recent] = await Promise.all([
    ctx.repos.products.countByClass(scope),
    ctx.repos.assessments.countByVerdict(scope),
    ctx.repos.assessments.list(scope, {}, { limit: RECENT_ASSESSMENTS, offset: 0 }),
  ]);
  // Known classes in the order of the Regulation's annexes; a product without one (or with an id no longer
  // known) counts as "not set".
  const known = new Map(perClass.map((row) => [row.productClass, row.products]));
  const byClass: PortfolioOverview["byClass"] = [];
  let classified = 0;
  for (const productClass of PRODUCT_CLASS_IDS) {
    const n = known.get(productClass) ?? 0;
    classified += n;
    if (n > 0) byClass.push({ productClass, products: n });
  }
  const products = perClass.reduce((sum, row) => sum + row.products, 0);
  if (products > classified) byClass.push({ productClass: null, products: products - classified });

  const gaps = new Map<string, { title: string; assessments: number }>();
  for (const record of recent.items) {
    for (const gap of record.craGaps) {
      const entry = gaps.get(gap.requirement) ?? { title: gap.title, assessments: 0 };
      entry.assessments++;
      gaps.set(gap.requirement, entry);
    }
  }
  const frequentGaps = [...gaps.entries()]
    .map(([requirement, g]) => ({ requirement, ...g }))
    .sort((a, b) => b.assessments - a.assessments || a.requirement.localeCompare(b.requirement))
    .slice(0, 10);
  return success({
    products,
    assessments: { total: verdicts.pass + verdicts.fail, pass: verdicts.pass, fail: verdicts.fail },
    byClass,
    frequentGaps,
    sampled: recent.items.length,
    recent: recent.items.slice(0, 10),
  });
}
