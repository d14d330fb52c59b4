/** Stored, immutable assessments of a product. */
import { createRoute, z } from "@hono/zod-openapi";
import type { AssessmentListing } from "../../../db/port.js";
import { type AssessmentReport, SEVERITY_ORDER, VERDICTS } from "../../../domain/report.js";
import { asOfDate } from "../../../services/as-of.js";
import { failOnSchema } from "../../../services/assess-request.js";
import { createAssessment, getAssessment, listAssessments } from "../../../services/assessments.js";
import { type ApiApp, defineRoute, serviceContext } from "../../env.js";
import { REPORT_FORMATS } from "../../negotiate.js";
import { PageQuery, pagedSchema, pageOf } from "../../pagination.js";
import { orProblem, problemResponses } from "../../problem.js";
import { REPORT_CONTENT, reportResponse, VERDICT_HEADER } from "../../report-response.js";
import { idParam } from "../../request-params.js";
import { security } from "../products/index.js";

export const AssessmentSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    organizationId: z.string(),
    sbomId: z.string().nullable(),
    declarationId: z
      .string()
      .nullable()
      .openapi({ description: "null: the product had no declaration; assessed from its SBOM alone" }),
    sbomSha256: z.string().nullable(),
    declarationSha256: z.string().nullable(),
    ruleSetVersion: z.string(),
    frameworks: z.array(z.string()),
    asOf: z.string(),
    failOn: z.string(),
    verdict: z.enum(VERDICTS),
    highestGapSeverity: z.string().nullable(),
    productClass: z.string().nullable(),
    reportsSha256: z.string(),
    createdAt: z.string(),
  })
  .openapi("Assessment");
export type AssessmentResponse = z.infer<typeof AssessmentSchema>;

export const AssessmentRequestSchema = z
  .strictObject({
    asOf: asOfDate.optional().openapi({ example: "2028-01-15", description: "YYYY-MM-DD; default today" }),
    frameworks: z
      .array(z.string())
      .optional()
      .openapi({ example: ["cra"] }),
    level: z.string().optional().openapi({
      example: "sg-cls=L2",
      description:
        "Level of the levelled frameworks (sg-cls L1-L4, kr-iot-cic lite/basic/standard, jp-jc-star star-1): one name for all, or id=level pairs. An unknown level is refused with the valid ones.",
    }),
    failOn: failOnSchema.optional(),
    sbomId: z.string().optional().openapi({ description: "Default: the latest SBOM of the product" }),
    declarationVersion: z.number().int().optional().openapi({ description: "Default: the latest version" }),
  })
  .openapi("AssessmentRequest");

/**
 * The record without the report body (reports are fetched in a chosen format) and without the stored counts,
 * which are the service's own index into the reports, not part of the published record.
 */
export function assessmentSummary(record: AssessmentListing): AssessmentResponse {
  return {
    id: record.id,
    productId: record.productId,
    organizationId: record.organizationId,
    sbomId: record.sbomId,
    declarationId: record.declarationId,
    sbomSha256: record.sbomSha256,
    declarationSha256: record.declarationSha256,
    ruleSetVersion: record.ruleSetVersion,
    frameworks: record.frameworks,
    asOf: record.asOf,
    failOn: record.failOn,
    verdict: record.verdict,
    highestGapSeverity: record.highestGapSeverity,
    productClass: record.productClass,
    reportsSha256: record.reportsSha256,
    createdAt: record.createdAt,
  };
}

export function register(app: ApiApp): void {
  defineRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/products/{id}/assessments",
      tags: ["assessments"],
      summary: "Assess the product's stored SBOM and declaration; stores an immutable record",
      description:
        'Either may be missing: without a declaration the SBOM is assessed alone (every declaration-based requirement needs-review, "no declaration given"). A product with neither is refused (422).',
      security,
      request: {
        params: idParam("product"),
        // Not required: an empty body assesses the latest SBOM and declaration as of today.
        body: { required: false, content: { "application/json": { schema: AssessmentRequestSchema } } },
      },
      responses: {
        201: {
          description: "The assessment record (the verdict is also in the `cra-verdict` header)",
          content: { "application/json": { schema: AssessmentSchema } },
        },
        ...problemResponses(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const result = await createAssessment({
        ctx: serviceContext(c),
        input: { productId: c.req.valid("param").id, request: c.req.valid("json") },
      });
      return orProblem(c, result, (record) => {
        c.header("location", `/v1/assessments/${record.id}`);
        c.header(VERDICT_HEADER, record.verdict);
        return c.json(assessmentSummary(record), 201);
      });
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/assessments",
      tags: ["assessments"],
      summary: "List assessments (own organisation; regulators: all), newest first",
      security,
      request: {
        query: PageQuery.extend({
          productId: z.string().max(100).optional(),
          status: z.enum(VERDICTS).optional().openapi({ description: "The verdict" }),
          severity: z
            .enum(SEVERITY_ORDER)
            .optional()
            .openapi({ description: "Has an open gap at this severity or higher" }),
          framework: z.string().max(100).optional().openapi({ example: "cra" }),
          productClass: z.string().max(40).optional().openapi({ example: "CRA-AIII-C1-12" }),
        }),
      },
      responses: {
        200: {
          description: "A page of assessment records",
          content: { "application/json": { schema: pagedSchema(AssessmentSchema, "AssessmentPage") } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const result = await listAssessments({
        ctx: serviceContext(c),
        input: {
          page: pageOf(q),
          filter: {
            ...(q.productId ? { productId: q.productId } : {}),
            ...(q.status ? { verdict: q.status } : {}),
            ...(q.severity ? { minSeverity: q.severity } : {}),
            ...(q.framework ? { framework: q.framework } : {}),
            ...(q.productClass ? { productClass: q.productClass } : {}),
          },
        },
      });
      return orProblem(c, result, (page) => c.json({ ...page, items: page.items.map(assessmentSummary) }, 200));
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/assessments/{id}",
      tags: ["assessments"],
      summary: "An assessment's report, in any report format",
      description: `Format by \`?format=\` (${REPORT_FORMATS.join(", ")}) or \`Accept\`; \`?framework=\` picks a framework's report.`,
      security,
      request: {
        params: idParam("assessment"),
        query: z.object({
          format: z.enum(REPORT_FORMATS).optional(),
          framework: z.string().max(100).optional(),
        }),
      },
      responses: {
        200: { description: "The report", content: REPORT_CONTENT },
        304: { description: "Not modified" },
        ...problemResponses(400, 401, 403, 404, 406),
      },
    }),
    async (c) => {
      const result = await getAssessment({ ctx: serviceContext(c), input: { id: c.req.valid("param").id } });
      return orProblem(c, result, (record) =>
        reportResponse(c, {
          reports: JSON.parse(record.reports) as AssessmentReport[],
          verdict: record.verdict,
          contentHash: record.reportsSha256,
          extraHeaders: { "assessment-id": record.id },
        }),
      );
    },
  );
}
