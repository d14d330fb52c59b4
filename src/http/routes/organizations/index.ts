/**
 * Organisations and their API keys. Operators (platform staff) create organisations and manage every
 * organisation's keys; an organisation's admin manages its own organisation's keys and sees nothing else.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { ROLES } from "../../../db/port.js";
import { createApiKey, revokeApiKey } from "../../../services/keys.js";
import { createOrganization, getOrganization, listOrganizations } from "../../../services/organizations.js";
import { type ApiApp, defineRoute, serviceContext } from "../../env.js";
import { PageQuery, pagedSchema, pageOf } from "../../pagination.js";
import { orProblem, problemResponses } from "../../problem.js";
import { idParam } from "../../request-params.js";
import { security } from "../products/index.js";

export const OrganizationSchema = z
  .object({ id: z.string(), slug: z.string(), name: z.string(), createdAt: z.string() })
  .openapi("Organization");

export const ApiKeySchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    role: z.enum(ROLES),
    prefix: z.string(),
    productIds: z.array(z.string()),
    label: z.string().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiKey");

export const CreatedApiKeySchema = z
  .object({ key: z.string().openapi({ description: "Shown once; only its SHA-256 is stored." }), record: ApiKeySchema })
  .openapi("CreatedApiKey");

export function register(app: ApiApp): void {
  defineRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/organizations",
      tags: ["organizations"],
      summary: "Create an organisation (operator)",
      security,
      request: {
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .strictObject({
                  name: z.string().min(1).max(200).openapi({ example: "Acme Devices GmbH" }),
                  slug: z.string().max(64).optional().openapi({ example: "acme" }),
                })
                .openapi("OrganizationInput"),
            },
          },
        },
      },
      responses: {
        201: { description: "Created", content: { "application/json": { schema: OrganizationSchema } } },
        ...problemResponses(400, 401, 403, 409, 415, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const result = await createOrganization({
        ctx: serviceContext(c),
        input: { name: body.name, ...(body.slug !== undefined ? { slug: body.slug } : {}) },
      });
      return orProblem(c, result, (org) => c.json(org, 201, { location: `/v1/organizations/${org.id}` }));
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/organizations",
      tags: ["organizations"],
      summary: "List organisations (operator: all; admin: its own)",
      security,
      request: { query: PageQuery },
      responses: {
        200: {
          description: "A page of organisations",
          content: { "application/json": { schema: pagedSchema(OrganizationSchema, "OrganizationPage") } },
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const result = await listOrganizations({ ctx: serviceContext(c), input: pageOf(c.req.valid("query")) });
      return orProblem(c, result, (page) => c.json(page, 200));
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/organizations/{id}",
      tags: ["organizations"],
      summary: "An organisation (operator; admin: its own)",
      security,
      request: { params: idParam("organization") },
      responses: {
        200: { description: "The organisation", content: { "application/json": { schema: OrganizationSchema } } },
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const result = await getOrganization({ ctx: serviceContext(c), input: { id: c.req.valid("param").id } });
      return orProblem(c, result, (org) => c.json(org, 200));
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/organizations/{id}/keys",
      tags: ["organizations"],
      summary: "Create an API key for an organisation (operator; admin: its own, not regulator); shown once",
      security,
      request: {
        params: idParam("organization"),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .strictObject({
                  // Operator keys are made only from the command line; regulator keys only by operators.
                  role: z.enum(ROLES).exclude(["operator"]),
                  productIds: z.array(z.string().max(100)).max(1000).optional(),
                  label: z.string().max(200).optional(),
                })
                .openapi("ApiKeyInput"),
            },
          },
        },
      },
      responses: {
        201: { description: "Created", content: { "application/json": { schema: CreatedApiKeySchema } } },
        ...problemResponses(400, 401, 403, 404, 409, 415, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const result = await createApiKey({
        ctx: serviceContext(c),
        input: {
          organization: c.req.valid("param").id,
          role: body.role,
          ...(body.productIds ? { productIds: body.productIds } : {}),
          ...(body.label !== undefined ? { label: body.label } : {}),
        },
      });
      // The key is a secret: never let a cache keep this answer.
      return orProblem(c, result, (created) => c.json(created, 201, { "cache-control": "no-store" }));
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "delete",
      path: "/v1/keys/{id}",
      tags: ["organizations"],
      summary: "Revoke an API key (operator; admin: its own organisation's)",
      security,
      request: { params: idParam("key") },
      responses: {
        204: { description: "Revoked" },
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const result = await revokeApiKey({ ctx: serviceContext(c), input: { id: c.req.valid("param").id } });
      return orProblem(c, result, () => c.body(null, 204));
    },
  );
}
