/**
 * The regulator's portfolio view: how the products in the caller's scope stand — assessment verdicts, the gaps
 * found most often in recent assessments, and products by CRA class. Read-only; the same scope rules as every
 * other read (a regulator sees every organisation, anyone else their own).
 */
import type { AssessmentRecord } from "../db/port.js";
import { PRODUCT_CLASS_IDS } from "../declaration/schema.js";
import type { AssessmentReport } from "../domain/report.js";
import { authorize } from "./access.js";
import { type ServiceContext, type ServiceResult, success } from "./context.js";

/** Recent assessments read for "most frequent gaps": parsing stored reports is the page's main cost. */
export const RECENT_ASSESSMENTS = 25;

export interface PortfolioOverview {
  products: number;
  assessments: { total: number; pass: number; fail: number };
  byClass: { productClass: string | null; products: number }[];
  /** CRA gaps counted over the `sampled` most recent assessments, most frequent first. */
  frequentGaps: { requirement: string; title: string; assessments: number }[];
  sampled: number;
  recent: AssessmentRecord[];
}

export async function portfolioOverview({ ctx }: { ctx: ServiceContext }): Promise<ServiceResult<PortfolioOverview>> {
  const allowed = authorize(ctx.principal, "assessment:read");
  if (!allowed.ok) return allowed;
  const scope = allowed.value;
  const one = { limit: 1, offset: 0 };
  const [products, total, pass, fail, recent] = await Promise.all([
    ctx.repos.products.list(scope, {}, one),
    ctx.repos.assessments.list(scope, {}, one),
    ctx.repos.assessments.list(scope, { verdict: "pass" }, one),
    ctx.repos.assessments.list(scope, { verdict: "fail" }, one),
    ctx.repos.assessments.list(scope, {}, { limit: RECENT_ASSESSMENTS, offset: 0 }),
  ]);
  const byClass: PortfolioOverview["byClass"] = [];
  let classified = 0;
  for (const productClass of PRODUCT_CLASS_IDS) {
    const n = (await ctx.repos.products.list(scope, { productClass }, one)).total;
    classified += n;
    if (n > 0) byClass.push({ productClass, products: n });
  }
  if (products.total > classified) byClass.push({ productClass: null, products: products.total - classified });

  const gaps = new Map<string, { title: string; assessments: number }>();
  for (const record of recent.items) {
    const cra = (JSON.parse(record.reports) as AssessmentReport[]).find((r) => r.framework.id === "cra");
    for (const finding of cra?.findings ?? []) {
      if (finding.status !== "gap") continue;
      const entry = gaps.get(finding.requirement) ?? { title: finding.title, assessments: 0 };
      entry.assessments++;
      gaps.set(finding.requirement, entry);
    }
  }
  const frequentGaps = [...gaps.entries()]
    .map(([requirement, g]) => ({ requirement, ...g }))
    .sort((a, b) => b.assessments - a.assessments || a.requirement.localeCompare(b.requirement))
    .slice(0, 10);
  return success({
    products: products.total,
    assessments: { total: total.total, pass: pass.total, fail: fail.total },
    byClass,
    frequentGaps,
    sampled: recent.items.length,
    recent: recent.items.slice(0, 10),
  });
}
