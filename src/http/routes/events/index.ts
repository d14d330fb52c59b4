/**
 * Article 14 events: manufacturers record actively exploited vulnerabilities and severe incidents and
 * the reports they sent; everyone allowed to read sees each deadline's state; regulators see every organisation.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { ART14_EVENT_KINDS, DEADLINE_STATES, REPORT_STAGES } from "../../../domain/art14.js";
import {
  ART14_DRAFT_KINDS,
  draftArt14,
  getArt14Event,
  listArt14Events,
  recordArt14Event,
  recordArt14Progress,
} from "../../../services/art14-events.js";
import { asOfInstant } from "../../../services/as-of.js";
import { type ApiApp, defineRoute } from "../../env.js";
import { PageQuery, pageOf, pageOfItems } from "../../pagination.js";
import { failureProblem, orProblem, problemResponses } from "../../problem.js";
import { ID_EXAMPLES, idParam } from "../../request-params.js";
import { security } from "../products/index.js";
import { art14ContextOf } from "./deps.js";

const DeadlineSchema = z.object({
  stage: z.enum(REPORT_STAGES),
  state: z.enum(DEADLINE_STATES),
  dueAt: z.string().optional(),
  sentAt: z.string().optional(),
  basis: z.string(),
  citation: z.object({ text: z.string() }).passthrough(),
  notes: z.array(z.string()),
});

export const Art14StatusSchema = z
  .object({
    eventId: z.string().openapi({ example: ID_EXAMPLES.event }),
    organizationId: z.string().openapi({ example: ID_EXAMPLES.organization }),
    kind: z.enum(ART14_EVENT_KINDS),
    title: z.string(),
    asOf: z.string(),
    deadlines: z.array(DeadlineSchema),
    state: DeadlineSchema.shape.state,
    coordinator: z.object({ memberState: z.string(), basis: z.string() }).passthrough().optional(),
    notes: z.array(z.string()),
  })
  .openapi("Art14Status");

export const Art14ListingSchema = z
  .object({
    items: z.array(Art14StatusSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    asOf: z.string(),
    overdue: z.boolean().openapi({ description: "Some deadline of some listed event (any page) is overdue." }),
  })
  .openapi("Art14Listing");

const EventSchema = z.record(z.string(), z.unknown()).openapi("Art14Event", {
  description: "An Article 14 event; fields in docs/art14.md.",
  example: {
    kind: "actively-exploited-vulnerability",
    title: "RCE in the web UI",
    product: { name: "Acme Home Hub", version: "2.3.0", identifiers: [] },
    awareAt: "2026-10-01T08:00:00Z",
    manufacturer: { name: "Acme Devices GmbH", mainEstablishment: "DE", enterpriseSize: "small" },
    vulnerabilityIds: ["CVE-2026-12345"],
  },
});

const ListQuery = PageQuery.extend({
  organization: z.string().max(100).optional().openapi({ description: "Narrow to one organisation id (regulators)." }),
  asOf: asOfInstant.optional().openapi({ description: "Judge the deadlines at this instant (default: now)." }),
});

export function register(app: ApiApp): void {
  for (const [path, onlyOpen] of [
    ["/v1/events", false],
    ["/v1/events/due", true],
  ] as const) {
    defineRoute(
      app,
      createRoute({
        method: "get",
        path,
        tags: ["events"],
        summary: onlyOpen
          ? "Article 14 deadlines due or overdue (regulators: every organisation)"
          : "Article 14 events with each deadline's state (regulators: every organisation)",
        security,
        request: { query: ListQuery },
        responses: {
          200: {
            description: "Events and deadline states",
            content: { "application/json": { schema: Art14ListingSchema } },
          },
          ...problemResponses(400, 401, 403),
        },
      }),
      async (c) => {
        const query = c.req.valid("query");
        const result = await listArt14Events({
          ctx: art14ContextOf(c),
          input: {
            onlyOpen,
            ...(query.organization ? { organizationId: query.organization } : {}),
            ...(query.asOf ? { asOf: new Date(query.asOf).toISOString() } : {}),
          },
        });
        return orProblem(c, result, (listing) =>
          c.json({ ...pageOfItems(listing.events, pageOf(query)), asOf: listing.asOf, overdue: listing.overdue }, 200),
        );
      },
    );
  }

  defineRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/events",
      tags: ["events"],
      summary: "Record an Article 14 event for the key's organisation (manufacturer)",
      security,
      request: { body: { required: true, content: { "application/json": { schema: EventSchema } } } },
      responses: {
        201: { description: "Recorded", content: { "application/json": { schema: Art14StatusSchema } } },
        ...problemResponses(400, 401, 403, 404, 415, 422),
      },
    }),
    async (c) => {
      const ctx = art14ContextOf(c);
      const result = await recordArt14Event({
        ctx,
        input: { organizationId: ctx.principal.organizationId, event: c.req.valid("json") },
      });
      if (!result.ok) return failureProblem(c, result.failure);
      // The reply is the status the route declares, read back as GET /v1/events/{id} gives it (never an empty body).
      const recorded = await getArt14Event({ ctx, input: { id: result.value.id } });
      return orProblem(c, recorded, (value) =>
        c.json(value.status, 201, { location: `/v1/events/${result.value.id}` }),
      );
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/events/{id}",
      tags: ["events"],
      summary: "One Article 14 event with its deadline states",
      security,
      request: { params: idParam("event"), query: ListQuery.pick({ asOf: true }) },
      responses: {
        200: {
          description: "The event and its deadlines",
          content: {
            "application/json": {
              schema: z.object({ event: EventSchema, status: Art14StatusSchema }).openapi("Art14EventWithStatus"),
            },
          },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { asOf } = c.req.valid("query");
      const result = await getArt14Event({
        ctx: art14ContextOf(c),
        input: { id: c.req.valid("param").id, ...(asOf ? { asOf: new Date(asOf).toISOString() } : {}) },
      });
      return orProblem(c, result, (value) => c.json(value, 200));
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/events/{id}/reports",
      tags: ["events"],
      summary: "Record a report sent, or when a corrective or mitigating measure became available",
      security,
      request: {
        params: idParam("event"),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .strictObject({
                  stage: z.enum(REPORT_STAGES).optional(),
                  sentAt: z.string().optional(),
                  reference: z.string().max(500).optional(),
                  measureAvailableAt: z.string().optional(),
                })
                .refine(
                  (b) => (b.stage && b.sentAt) || b.measureAvailableAt,
                  "Give stage and sentAt, or measureAvailableAt.",
                )
                .openapi("Art14Progress"),
            },
          },
        },
      },
      responses: {
        200: { description: "Updated", content: { "application/json": { schema: EventSchema } } },
        ...problemResponses(400, 401, 403, 404, 415, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const result = await recordArt14Progress({
        ctx: art14ContextOf(c),
        input: {
          id: c.req.valid("param").id,
          ...(body.stage && body.sentAt
            ? {
                report: {
                  stage: body.stage,
                  sentAt: body.sentAt,
                  ...(body.reference ? { reference: body.reference } : {}),
                },
              }
            : {}),
          ...(body.measureAvailableAt ? { measureAvailableAt: body.measureAvailableAt } : {}),
        },
      });
      return orProblem(c, result, (event) => c.json(event, 200));
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/events/{id}/drafts/{stage}",
      tags: ["events"],
      summary: "Draft a report's content (JSON) or the Art. 14(8) user advisory (CSAF 2.0)",
      security,
      request: {
        params: idParam("event").extend({
          stage: z.enum(ART14_DRAFT_KINDS).openapi({ param: { name: "stage", in: "path" } }),
        }),
      },
      responses: {
        200: {
          description: "The draft",
          content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
        },
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const { id, stage } = c.req.valid("param");
      const result = await draftArt14({ ctx: art14ContextOf(c), input: { id, draft: stage } });
      return orProblem(c, result, (draft) => c.json(draft, 200));
    },
  );
}
