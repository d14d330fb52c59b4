/** Framework catalogs, crosswalks, comparisons and arrangement simulations (the regulator's analyses). */
import { createRoute, z } from "@hono/zod-openapi";
import {
  evidenceComparisonToHtml,
  evidenceComparisonToJson,
  evidenceComparisonToMarkdown,
} from "../../../crosswalk/render-evidence.js";
import {
  simulationToCsv,
  simulationToHtml,
  simulationToJson,
  simulationToMarkdown,
} from "../../../crosswalk/render-simulation.js";
import { asOfDate } from "../../../services/as-of.js";
import { COMPARISON_FORMATS, COMPARISON_MEDIA_TYPES } from "../../../services/compare-frameworks.js";
import {
  compareFrameworksFor,
  compareProductEvidence,
  getFramework,
  listCrosswalks,
  listFrameworks,
  simulateArrangementOverPortfolio,
} from "../../../services/frameworks.js";
import { type ApiApp, defineRoute, serviceContext } from "../../env.js";
import { formatContent } from "../../format-content.js";
import { mediaEssence } from "../../negotiate.js";
import { PageQuery, pagedSchema, pageOf, pageOfItems } from "../../pagination.js";
import { orProblem, problem, problemResponses } from "../../problem.js";
import { security } from "../products/index.js";

export const FrameworkSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    version: z.string(),
    sourceKind: z.string(),
    jurisdiction: z.string().nullable(),
    status: z.string().nullable(),
    levels: z.array(z.string()),
    requirements: z.number().int(),
    verified: z.boolean(),
    assessable: z.boolean().openapi({ description: "POST /v1/assess accepts this id in frameworks" }),
    counts: z
      .object({
        entries: z.number().int(),
        findings: z.number().int(),
        findingsByLevel: z.record(z.string(), z.number().int()),
        comparisonTargets: z.number().int(),
      })
      .openapi({
        description:
          "entries: catalog requirements; findings: findings per assess report (the CRA leaves out its product classes; per level for levelled frameworks); comparisonTargets: rows of a comparison with this framework as target",
      }),
  })
  .openapi("FrameworkSummary");

const CrosswalkSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    sourceFramework: z.string(),
    targetFramework: z.string(),
    mappings: z.number().int(),
    uncovered: z.number().int(),
  })
  .openapi("CrosswalkSummary");

const SIMULATION_FORMATS = ["json", "md", "csv", "html"] as const;
const SIMULATION_MEDIA: Record<(typeof SIMULATION_FORMATS)[number], string> = {
  json: "application/json",
  md: "text/markdown; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  html: "text/html; charset=utf-8",
};
const EVIDENCE_FORMATS = ["json", "md", "html"] as const;
const EVIDENCE_MEDIA: Record<(typeof EVIDENCE_FORMATS)[number], string> = {
  json: "application/json",
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
};
const ARRANGEMENT_MEDIA_TYPES = ["application/yaml", "application/x-yaml", "text/yaml", "application/json"];

export function register(app: ApiApp): void {
  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/frameworks",
      tags: ["frameworks"],
      summary: "The framework catalogs the service assesses and compares against",
      security,
      request: { query: PageQuery },
      responses: {
        200: {
          description: "A page of catalogs, by id",
          content: { "application/json": { schema: pagedSchema(FrameworkSummarySchema, "FrameworkPage") } },
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    (c) =>
      orProblem(c, listFrameworks({ ctx: serviceContext(c) }), (items) =>
        c.json(pageOfItems(items, pageOf(c.req.valid("query"))), 200),
      ),
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/frameworks/{id}",
      tags: ["frameworks"],
      summary: "One framework catalog with its requirements (paraphrased, cited)",
      security,
      request: { params: z.object({ id: z.string().min(1).max(100).openapi({ example: "cra" }) }) },
      responses: {
        200: {
          description: "The catalog",
          content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
        },
        ...problemResponses(401, 403, 404),
      },
    }),
    (c) =>
      orProblem(c, getFramework({ ctx: serviceContext(c), input: { id: c.req.valid("param").id } }), (catalog) =>
        c.json(catalog, 200),
      ),
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/crosswalks",
      tags: ["frameworks"],
      summary: "Crosswalks between frameworks",
      security,
      request: { query: PageQuery },
      responses: {
        200: {
          description: "A page of crosswalks",
          content: { "application/json": { schema: pagedSchema(CrosswalkSummarySchema, "CrosswalkPage") } },
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    (c) =>
      orProblem(c, listCrosswalks({ ctx: serviceContext(c) }), (items) =>
        c.json(pageOfItems(items, pageOf(c.req.valid("query"))), 200),
      ),
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/comparisons",
      tags: ["frameworks"],
      summary: "Compare two frameworks in both directions (regulator)",
      security,
      request: {
        query: z.object({
          from: z.string().min(1).max(100).openapi({ example: "uk-psti" }),
          to: z.string().min(1).max(100).openapi({ example: "cra" }),
          level: z.string().max(20).optional(),
          toLevel: z.string().max(20).optional(),
          format: z.enum(COMPARISON_FORMATS).default("json"),
        }),
      },
      responses: {
        200: { description: "The comparison", content: formatContent(Object.values(COMPARISON_MEDIA_TYPES)) },
        ...problemResponses(400, 401, 403, 422),
      },
    }),
    (c) => {
      const q = c.req.valid("query");
      const result = compareFrameworksFor({
        ctx: serviceContext(c),
        input: {
          from: q.from,
          to: q.to,
          format: q.format,
          ...(q.level ? { level: q.level } : {}),
          ...(q.toLevel ? { toLevel: q.toLevel } : {}),
        },
      });
      return orProblem(c, result, (out) => c.body(out.body, 200, { "content-type": out.mediaType }));
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/comparisons",
      tags: ["frameworks"],
      summary: "What a partner framework asks beyond another, judged on one product's evidence (manufacturer)",
      description:
        "The reverse question of an EU manufacturer: the product (declaration, optional CycloneDX JSON SBOM) is assessed " +
        "against both frameworks; for every requirement of `to` (at `level`) the answer holds its finding on that " +
        "evidence beside the crosswalk relation to the requirements of `from` and their findings. Nothing is stored.",
      security,
      request: {
        query: z.object({ format: z.enum(EVIDENCE_FORMATS).default("json") }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.strictObject({
                from: z.string().min(1).max(100).openapi({ example: "cra" }),
                to: z.string().min(1).max(100).openapi({ example: "sg-cls" }),
                level: z.string().min(1).max(40).optional().openapi({ example: "L2" }),
                asOf: asOfDate.optional(),
                declaration: z.record(z.string(), z.unknown()),
                sbom: z.record(z.string(), z.unknown()).optional(),
              }),
            },
          },
        },
      },
      responses: {
        200: { description: "The comparison", content: formatContent(Object.values(EVIDENCE_MEDIA)) },
        ...problemResponses(400, 401, 403, 422),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const body = c.req.valid("json");
      let sbomBytes: Uint8Array | undefined;
      try {
        sbomBytes = body.sbom ? new TextEncoder().encode(JSON.stringify(body.sbom)) : undefined;
      } catch {
        return problem(c, "malformed-body", { detail: "The sbom member is nested too deeply." });
      }
      const result = await compareProductEvidence({
        ctx: serviceContext(c),
        input: {
          from: body.from,
          to: body.to,
          ...(body.level ? { level: body.level } : {}),
          ...(body.asOf ? { asOf: body.asOf } : {}),
          declaration: { value: body.declaration },
          ...(sbomBytes ? { sbom: { bytes: sbomBytes } } : {}),
        },
      });
      return orProblem(c, result, (comparison) => {
        const text =
          q.format === "md"
            ? evidenceComparisonToMarkdown(comparison)
            : q.format === "html"
              ? evidenceComparisonToHtml(comparison)
              : evidenceComparisonToJson(comparison);
        return c.body(text, 200, { "content-type": EVIDENCE_MEDIA[q.format] });
      });
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/arrangement-simulations",
      tags: ["frameworks"],
      summary: "Simulate a draft recognition arrangement over the stored portfolio (regulator)",
      description:
        "The body is an arrangement file (YAML or JSON, the format of seeds/arrangements/). Every stored product " +
        "is assessed with its latest declaration and SBOM, before and after the draft. Nothing is stored.",
      security,
      request: {
        query: z.object({
          asOf: asOfDate.optional(),
          format: z.enum(SIMULATION_FORMATS).default("json"),
        }),
        body: {
          required: true,
          content: Object.fromEntries(ARRANGEMENT_MEDIA_TYPES.map((t) => [t, { schema: { type: "string" as const } }])),
        },
      },
      responses: {
        200: { description: "The simulation", content: formatContent(Object.values(SIMULATION_MEDIA)) },
        ...problemResponses(400, 401, 403, 413, 415, 422),
      },
    }),
    async (c) => {
      if (!ARRANGEMENT_MEDIA_TYPES.includes(mediaEssence(c.req.header("content-type")))) {
        return problem(c, "unsupported-media-type", {
          detail: `Send the arrangement as ${ARRANGEMENT_MEDIA_TYPES.join(", ")}.`,
        });
      }
      const q = c.req.valid("query");
      const result = await simulateArrangementOverPortfolio({
        ctx: serviceContext(c),
        input: { arrangementText: await c.req.text(), ...(q.asOf ? { asOf: q.asOf } : {}) },
      });
      return orProblem(c, result, (simulation) => {
        const body =
          q.format === "md"
            ? simulationToMarkdown(simulation)
            : q.format === "csv"
              ? simulationToCsv(simulation)
              : q.format === "html"
                ? simulationToHtml(simulation)
                : simulationToJson(simulation);
        return c.body(body, 200, { "content-type": SIMULATION_MEDIA[q.format] });
      });
    },
  );
}
