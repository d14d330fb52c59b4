/** The manufacturer's VEX analyses of a product version, and their export as CSAF, CycloneDX or OpenVEX. */
import { createRoute, z } from "@hono/zod-openapi";
import { IMPACT_JUSTIFICATIONS, IMPACT_RESPONSES, IMPACT_STATES } from "../../../domain/vex.js";
import { exportProductVex, listVexStatements, recordVexStatement } from "../../../services/product-vex.js";
import { VEX_FORMATS } from "../../../vex/export.js";
import { type ApiApp, defineRoute, serviceContext } from "../../env.js";
import { formatContent } from "../../format-content.js";
import { PageQuery, pagedSchema, pageOf, pageOfItems } from "../../pagination.js";
import { orProblem, problemResponses } from "../../problem.js";
import { ID_EXAMPLES } from "../../request-params.js";
import { security } from "../products/index.js";

const ProductParam = z.object({ id: z.string().min(1).max(100).openapi({ example: ID_EXAMPLES.product }) });

// Loose here so that unknown fields reach the service's strict reading, which names them ("did you mean").
export const VexStatementBody = z
  .looseObject({
    productVersion: z.string().openapi({ example: "2.3.0" }),
    vulnerability: z.string().openapi({ example: "CVE-2021-23337" }),
    component: z.string().openapi({ example: "pkg:npm/lodash@4.17.20" }),
    state: z.enum(IMPACT_STATES),
    justification: z.enum(IMPACT_JUSTIFICATIONS).optional(),
    responses: z.array(z.enum(IMPACT_RESPONSES)).optional(),
    detail: z.string().optional().openapi({ example: "The template function is never called with user input." }),
  })
  .openapi("VexStatementInput");

export const VexStatementSchema = z
  .object({
    productId: z.string(),
    organizationId: z.string(),
    productVersion: z.string(),
    vulnerability: z.string(),
    component: z.string(),
    state: z.enum(IMPACT_STATES),
    justification: z.enum(IMPACT_JUSTIFICATIONS).optional(),
    responses: z.array(z.enum(IMPACT_RESPONSES)),
    detail: z.string().optional(),
    author: z.string(),
    updatedAt: z.string(),
  })
  .openapi("VexStatement");

const MEDIA_TYPE: Record<(typeof VEX_FORMATS)[number], string> = {
  csaf: "application/json",
  cyclonedx: "application/vnd.cyclonedx+json",
  openvex: "application/json",
};

export function register(app: ApiApp): void {
  defineRoute(
    app,
    createRoute({
      method: "put",
      path: "/v1/products/{id}/vex",
      tags: ["vex"],
      summary: "Record the analysis of a vulnerability on a component of a product version (replaces an earlier one)",
      description:
        "CycloneDX impact analysis vocabulary. A not_affected or false_positive analysis needs a justification or a " +
        "detail; an exploitable one a response or a detail (VEX minimum requirements). Audited.",
      security,
      request: {
        params: ProductParam,
        body: { required: true, content: { "application/json": { schema: VexStatementBody } } },
      },
      responses: {
        200: { description: "The analysis as stored", content: { "application/json": { schema: VexStatementSchema } } },
        ...problemResponses(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const result = await recordVexStatement({
        ctx: serviceContext(c),
        input: { productId: c.req.valid("param").id, statement: c.req.valid("json") },
      });
      return orProblem(c, result, (statement) => c.json(statement, 200));
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/products/{id}/vex",
      tags: ["vex"],
      summary: "The product's VEX analyses (of one version with ?version=)",
      security,
      request: {
        params: ProductParam,
        query: PageQuery.extend({ version: z.string().min(1).max(100).optional() }),
      },
      responses: {
        200: {
          description: "The analyses, by version, vulnerability and component",
          content: {
            "application/json": {
              schema: pagedSchema(VexStatementSchema, "VexStatementList"),
            },
          },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const version = query.version;
      const result = await listVexStatements({
        ctx: serviceContext(c),
        input: { productId: c.req.valid("param").id, ...(version ? { productVersion: version } : {}) },
      });
      return orProblem(c, result, (items) => c.json(pageOfItems(items, pageOf(query)), 200));
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/products/{id}/vex/export",
      tags: ["vex"],
      summary: "The analyses of one product version as a CSAF 2.0 VEX, CycloneDX 1.6 VEX or OpenVEX 0.2.0 document",
      description: "Default version: the one in the latest declaration.",
      security,
      request: {
        params: ProductParam,
        query: z.object({
          format: z.enum(VEX_FORMATS).openapi({ example: "csaf" }),
          version: z.string().min(1).max(100).optional(),
        }),
      },
      responses: {
        200: {
          description: "The VEX document",
          // Sent pretty-printed as the exporter wrote it, so declared as serialized representations.
          content: formatContent(Object.values(MEDIA_TYPE)),
        },
        ...problemResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const result = await exportProductVex({
        ctx: serviceContext(c),
        input: {
          productId: c.req.valid("param").id,
          format: query.format,
          ...(query.version ? { productVersion: query.version } : {}),
        },
      });
      return orProblem(c, result, (exported) =>
        c.body(`${JSON.stringify(exported.document, null, 2)}\n`, 200, {
          "content-type": `${MEDIA_TYPE[query.format]}; charset=utf-8`,
          "vex-product-version": exported.productVersion,
        }),
      );
    },
  );
}
