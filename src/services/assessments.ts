/**
 * Stored assessments: an immutable record of what was assessed (input hashes, rule-set version, as-of date) and
 * the report as produced. They are never updated; a new assessment is a new record.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { AssessmentFilter, AssessmentListing, AssessmentRecord, Page, Paged } from "../db/port.js";
import { summarizeReports } from "../domain/assessment-summary.js";
import { type AssessmentReport, SEVERITY_ORDER, type Severity } from "../domain/report.js";
import { authorize } from "./access.js";
import { asOfDate } from "./as-of.js";
import { assessInService } from "./assess-in-service.js";
import { failOnSchema } from "./assess-request.js";
import {
  type Forbidden,
  type InvalidInput,
  invalidInput,
  type NotFound,
  notFound,
  nowIso,
  type ServiceContext,
  type ServiceResult,
  success,
} from "./context.js";
import { readWith } from "./input.js";

export const assessmentRequestSchema = z.strictObject({
  /** The date the law is applied at (default: today by the service clock). */
  asOf: asOfDate.optional(),
  frameworks: z.array(z.string().min(1).max(100)).max(20).optional(),
  /** Level of the levelled frameworks: one name (`L2`) or `id=level` pairs (`sg-cls=L2,kr-iot-cic=basic`). */
  level: z.string().min(1).max(400).optional(),
  failOn: failOnSchema.optional(),
  /** Which stored SBOM to read (default: the latest). */
  sbomId: z.string().min(1).max(100).optional(),
  /** Which declaration version to read (default: the latest). */
  declarationVersion: z.number().int().positive().optional(),
});

/** Highest severity among the open (not waived) gaps of the reports, or null. */
export function highestGapSeverity(reports: readonly AssessmentReport[]): Severity | null {
  for (const severity of SEVERITY_ORDER) {
    if (reports.some((report) => (report.summary.gapsBySeverity[severity] ?? 0) > 0)) return severity;
  }
  return null;
}

export async function createAssessment({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { productId: string; request: unknown };
}): Promise<ServiceResult<AssessmentRecord, Forbidden | NotFound | InvalidInput>> {
  const allowed = authorize(ctx.principal, "assessment:create");
  if (!allowed.ok) return allowed;
  const scope = allowed.value;
  const product = await ctx.repos.products.get(scope, input.productId);
  if (!product) return notFound("product", input.productId);
  const read = readWith(assessmentRequestSchema, input.request ?? {});
  if (!read.ok) return invalidInput(read.issues, read.omitted);
  const request = read.value;

  const declaration =
    request.declarationVersion === undefined
      ? await ctx.repos.declarations.latest(scope, product.id)
      : await ctx.repos.declarations.get(scope, product.id, request.declarationVersion);
  if (!declaration && request.declarationVersion !== undefined) {
    return invalidInput([
      { path: "/declarationVersion", constraint: "exists", message: "The product has no declaration of this version." },
    ]);
  }
  const sbom =
    request.sbomId === undefined
      ? await ctx.repos.sboms.latestForProduct(scope, product.id)
      : await ctx.repos.sboms.get(scope, request.sbomId);
  if (request.sbomId !== undefined && (!sbom || sbom.productId !== product.id)) {
    return invalidInput([{ path: "/sbomId", constraint: "exists", message: "The product has no SBOM with this id." }]);
  }
  // An SBOM alone is assessed as `assess --sbom` does: what it evidences, and every declaration-based requirement
  // needs-review with "no declaration given". With neither there is nothing to assess.
  if (!declaration && !sbom) {
    return invalidInput([
      {
        path: "",
        constraint: "exists",
        message:
          "The product has neither a declaration nor an SBOM, so there is nothing to assess: PUT /v1/products/{id}/declaration or POST /v1/products/{id}/sboms first.",
      },
    ]);
  }
  const raw = sbom ? await ctx.repos.sboms.raw(scope, sbom.id) : null;
  const asOf = request.asOf ?? nowIso(ctx).slice(0, 10);
  const outcome = await assessInService(
    ctx,
    {
      ...(raw ? { sbom: { bytes: raw.content } } : {}),
      ...(declaration ? { declaration: { text: declaration.content } } : {}),
      asOf,
      ...(request.frameworks ? { frameworks: request.frameworks } : {}),
      ...(request.level ? { level: request.level } : {}),
      ...(request.failOn ? { failOn: request.failOn } : {}),
    },
    // The version assessed, as the report names it: the declaration's, else the SBOM's root component's.
    { scope, productId: product.id, productVersion: declaration?.productVersion ?? sbom?.productVersion ?? null },
  );
  if (!outcome.ok) return invalidInput(outcome.issues, outcome.omitted);

  const reports = JSON.stringify(outcome.reports);
  const first = outcome.reports[0];
  const at = nowIso(ctx);
  const record: AssessmentRecord = {
    id: ctx.newId("asm"),
    productId: product.id,
    organizationId: product.organizationId,
    sbomId: sbom?.id ?? null,
    declarationId: declaration?.id ?? null,
    sbomSha256: sbom?.sha256 ?? null,
    declarationSha256: declaration?.sha256 ?? null,
    ruleSetVersion: first?.tool.ruleSetVersion ?? "unknown",
    frameworks: outcome.reports.map((r) => r.framework.id),
    asOf,
    failOn: first?.failOn ?? request.failOn ?? "high",
    verdict: outcome.verdict,
    highestGapSeverity: highestGapSeverity(outcome.reports),
    productClass: first?.product.category ?? product.productClass,
    reports,
    reportsSha256: createHash("sha256").update(reports, "utf8").digest("hex"),
    createdAt: at,
    ...summarizeReports(outcome.reports),
  };
  const stored = await ctx.repos.assessments.create(scope, record, {
    at,
    organizationId: product.organizationId,
    actor: ctx.principal.actor,
    action: "assessment.created",
    subjectType: "assessment",
    subjectId: record.id,
    details: {
      productId: product.id,
      sbomSha256: record.sbomSha256,
      declarationSha256: record.declarationSha256,
      declarationVersion: declaration?.version ?? null,
      ruleSetVersion: record.ruleSetVersion,
      asOf,
      verdict: record.verdict,
      reportsSha256: record.reportsSha256,
    },
  });
  if (!stored) return notFound("product", input.productId);
  return success(stored);
}

export async function getAssessment({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): Promise<ServiceResult<AssessmentRecord, Forbidden | NotFound>> {
  const allowed = authorize(ctx.principal, "assessment:read");
  if (!allowed.ok) return allowed;
  const found = await ctx.repos.assessments.get(allowed.value, input.id);
  return found ? success(found) : notFound("assessment", input.id);
}

export async function listAssessments({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { filter: AssessmentFilter; page: Page };
}): Promise<ServiceResult<Paged<AssessmentListing>, Forbidden | NotFound>> {
  const allowed = authorize(ctx.principal, "assessment:read");
  if (!allowed.ok) return allowed;
  if (input.filter.productId && !(await ctx.repos.products.get(allowed.value, input.filter.productId))) {
    return notFound("product", input.filter.productId);
  }
  return success(await ctx.repos.assessments.list(allowed.value, input.filter, input.page));
}
