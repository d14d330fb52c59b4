/** Regulators' work on the recognition data: reviews of crosswalk rows, and draft arrangements kept per regulator. */
import { createRoute, z } from "@hono/zod-openapi";
import { simulationToCsv, simulationToJson, simulationToMarkdown } from "../../../crosswalk/render-simulation.js";
import { RELATIONSHIPS, REVIEW_VERDICTS } from "../../../domain/crosswalk.js";
import { asOfDate } from "../../../services/as-of.js";
import {
  getDraftArrangement,
  listCrosswalkReviews,
  listDraftArrangements,
  recordCrosswalkReview,
  simulateStoredDraft,
  storeDraftArrangement,
} from "../../../services/crosswalk-reviews.js";
import { type ApiApp, defineRoute, serviceContext } from "../../env.js";
import { formatContent } from "../../format-content.js";
import { mediaEssence } from "../../negotiate.js";
import { PageQuery, pagedSchema, pageOf, pageOfItems } from "../../pagination.js";
import { orProblem, problem, problemResponses } from "../../problem.js";
import { security } from "../products/index.js";

const CrosswalkIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(120)
    .openapi({ param: { name: "id", in: "path" }, example: "uk-psti--cra" }),
});
const ArrangementIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(120)
    .openapi({ param: { name: "id", in: "path" }, example: "eu-sg-cls-draft" }),
});

const relationship = z.enum(RELATIONSHIPS);
const verdict = z.enum(REVIEW_VERDICTS);

/** Strict: the reviewing organisation comes from the key, so a body naming one is refused rather than ignored. */
export const CrosswalkReviewInputSchema = z
  .strictObject({
    source: z.string().min(1).max(120).openapi({ example: "UKPSTI-S1-1.2" }),
    target: z.string().min(1).max(120).openapi({ example: "CRA-AI-P1-2b" }),
    reviewer: z.string().min(1).max(200).openapi({ example: "A. Analyst" }),
    verdict: verdict.openapi({ example: "agree" }),
    relationship: relationship.optional().openapi({ description: "Required for verdict changed, refused otherwise" }),
    comment: z.string().max(4000).optional(),
    date: z.iso.date().optional().openapi({ description: "Day of the review; today when left out" }),
  })
  .openapi("CrosswalkReviewInput");

export const CrosswalkReviewSchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    crosswalkId: z.string(),
    source: z.string(),
    target: z.string(),
    reviewer: z.string(),
    organisation: z.string(),
    date: z.string(),
    verdict,
    relationship: z.string().nullable(),
    comment: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("CrosswalkReview");

export const ListedReviewSchema = z
  .object({
    origin: z.enum(["crosswalk-file", "recorded"]),
    id: z.string().optional(),
    source: z.string(),
    target: z.string(),
    reviewer: z.string(),
    organisation: z.string(),
    date: z.string(),
    verdict,
    relationship: z.string().optional(),
    comment: z.string().optional(),
  })
  .openapi("ListedCrosswalkReview");

export const DraftArrangementSchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    arrangementId: z.string(),
    version: z.number().int(),
    title: z.string(),
    mediaType: z.string(),
    sha256: z.string(),
    createdAt: z.string(),
  })
  .openapi("DraftArrangement");

const ARRANGEMENT_MEDIA_TYPES = ["application/yaml", "application/x-yaml", "text/yaml", "application/json"];
const SIMULATION_FORMATS = ["json", "md", "csv"] as const;
const SIMULATION_MEDIA: Record<(typeof SIMULATION_FORMATS)[number], string> = {
  json: "application/json",
  md: "text/markdown; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};

const withoutContent = <T extends { content: string }>({ content: _content, ...rest }: T) => rest;

export function register(app: ApiApp): void {
  defineRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/crosswalks/{id}/reviews",
      tags: ["frameworks"],
      summary: "Record a review of one crosswalk row (regulator)",
      description:
        "The review is recorded in the name of the caller's organisation and appended to the audit chain. " +
        "`changed` names the relationship the reviewer holds right. A recognition trace counts as reviewed when " +
        "its row's latest review agrees.",
      security,
      request: {
        params: CrosswalkIdParam,
        body: { required: true, content: { "application/json": { schema: CrosswalkReviewInputSchema } } },
      },
      responses: {
        201: { description: "Recorded", content: { "application/json": { schema: CrosswalkReviewSchema } } },
        ...problemResponses(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const result = await recordCrosswalkReview({
        ctx: serviceContext(c),
        input: {
          crosswalkId: c.req.valid("param").id,
          source: body.source,
          target: body.target,
          reviewer: body.reviewer,
          verdict: body.verdict as "agree" | "disagree" | "changed",
          ...(body.relationship ? { relationship: body.relationship as (typeof RELATIONSHIPS)[number] } : {}),
          ...(body.comment !== undefined ? { comment: body.comment } : {}),
          ...(body.date ? { date: body.date } : {}),
        },
      });
      return orProblem(c, result, (review) => {
        c.header("location", `/v1/crosswalks/${review.crosswalkId}/reviews`);
        return c.json(review, 201);
      });
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/crosswalks/{id}/reviews",
      tags: ["frameworks"],
      summary: "Reviews of a crosswalk's rows: those shipped in the crosswalk file and those recorded",
      security,
      request: { params: CrosswalkIdParam, query: PageQuery },
      responses: {
        200: {
          description: "A page of reviews by row, oldest first",
          content: { "application/json": { schema: pagedSchema(ListedReviewSchema, "CrosswalkReviewPage") } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      orProblem(
        c,
        await listCrosswalkReviews({ ctx: serviceContext(c), input: { crosswalkId: c.req.valid("param").id } }),
        (items) => c.json(pageOfItems(items, pageOf(c.req.valid("query"))), 200),
      ),
  );

  defineRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/draft-arrangements",
      tags: ["frameworks"],
      summary: "Store a draft recognition arrangement of the caller's organisation (regulator)",
      description:
        "The body is an arrangement file (YAML or JSON, `status: draft`). Storing the same arrangement id again " +
        "adds a version; drafts are visible only to the organisation that stored them.",
      security,
      request: {
        body: {
          required: true,
          content: Object.fromEntries(ARRANGEMENT_MEDIA_TYPES.map((t) => [t, { schema: { type: "string" as const } }])),
        },
      },
      responses: {
        201: { description: "Stored", content: { "application/json": { schema: DraftArrangementSchema } } },
        ...problemResponses(400, 401, 403, 413, 415, 422),
      },
    }),
    async (c) => {
      const mediaType = mediaEssence(c.req.header("content-type"));
      if (!ARRANGEMENT_MEDIA_TYPES.includes(mediaType)) {
        return problem(c, "unsupported-media-type", {
          detail: `Send the arrangement as ${ARRANGEMENT_MEDIA_TYPES.join(", ")}.`,
        });
      }
      const result = await storeDraftArrangement({
        ctx: serviceContext(c),
        input: { text: await c.req.text(), mediaType },
      });
      return orProblem(c, result, (draft) => {
        c.header("location", `/v1/draft-arrangements/${draft.arrangementId}`);
        return c.json(withoutContent(draft), 201);
      });
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/draft-arrangements",
      tags: ["frameworks"],
      summary: "The caller's stored draft arrangements, latest version of each (regulator)",
      security,
      request: { query: PageQuery },
      responses: {
        200: {
          description: "A page of drafts",
          content: { "application/json": { schema: pagedSchema(DraftArrangementSchema, "DraftArrangementPage") } },
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) =>
      orProblem(c, await listDraftArrangements({ ctx: serviceContext(c) }), (items) =>
        c.json(pageOfItems(items.map(withoutContent), pageOf(c.req.valid("query"))), 200),
      ),
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/draft-arrangements/{id}",
      tags: ["frameworks"],
      summary: "The latest version of one of the caller's drafts, as stored (regulator)",
      security,
      request: { params: ArrangementIdParam },
      responses: {
        200: {
          description: "The arrangement file as stored",
          content: formatContent(["application/yaml", "application/json"]),
        },
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) =>
      orProblem(
        c,
        await getDraftArrangement({ ctx: serviceContext(c), input: { arrangementId: c.req.valid("param").id } }),
        (draft) =>
          c.body(draft.content, 200, {
            "content-type": draft.mediaType === "application/json" ? "application/json" : "application/yaml",
          }),
      ),
  );

  defineRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/draft-arrangements/{id}/simulations",
      tags: ["frameworks"],
      summary: "Re-simulate one of the caller's stored drafts over the stored portfolio (regulator)",
      security,
      request: {
        params: ArrangementIdParam,
        query: z.object({
          asOf: asOfDate.optional(),
          format: z.enum(SIMULATION_FORMATS).default("json"),
        }),
      },
      responses: {
        200: { description: "The simulation", content: formatContent(Object.values(SIMULATION_MEDIA)) },
        ...problemResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const result = await simulateStoredDraft({
        ctx: serviceContext(c),
        input: { arrangementId: c.req.valid("param").id, ...(q.asOf ? { asOf: q.asOf } : {}) },
      });
      return orProblem(c, result, (simulation) => {
        const body =
          q.format === "md"
            ? simulationToMarkdown(simulation)
            : q.format === "csv"
              ? simulationToCsv(simulation)
              : simulationToJson(simulation);
        return c.body(body, 200, { "content-type": SIMULATION_MEDIA[q.format] });
      });
    },
  );
}
