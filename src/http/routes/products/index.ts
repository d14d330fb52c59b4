/** Products of the caller's organisation, their versions. */
import { createRoute, z } from "@hono/zod-openapi";
import { PRODUCT_CLASS_IDS } from "../../../declaration/schema.js";
import { createProduct, getProduct, listProducts, listProductVersions } from "../../../services/products.js";
import { type ApiApp, defineRoute, serviceContext } from "../../env.js";
import { PageQuery, pagedSchema, pageOf, pageOfItems } from "../../pagination.js";
import { orProblem, problemResponses } from "../../problem.js";
import { idParam } from "../../request-params.js";

export const ProductSchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    name: z.string(),
    productClass: z.string().nullable(),
    description: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Product");
export type ProductResponse = z.infer<typeof ProductSchema>;

export const ProductInputSchema = z
  .strictObject({
    name: z.string().min(1).max(200).openapi({ example: "Acme Home Hub" }),
    productClass: z
      .enum(PRODUCT_CLASS_IDS as [string, ...string[]])
      .optional()
      .openapi({ example: "CRA-DEFAULT" }),
    description: z.string().max(2000).optional(),
  })
  .openapi("ProductInput");

export const ProductVersionSchema = z
  .object({ productId: z.string(), version: z.string(), createdAt: z.string() })
  .openapi("ProductVersion");

export const security = [{ apiKey: [] }];

export function register(app: ApiApp): void {
  defineRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/products",
      tags: ["products"],
      summary: "Create a product of the caller's organisation (manufacturer)",
      security,
      request: { body: { required: true, content: { "application/json": { schema: ProductInputSchema } } } },
      responses: {
        201: { description: "Created", content: { "application/json": { schema: ProductSchema } } },
        ...problemResponses(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const result = await createProduct({ ctx: serviceContext(c), input: c.req.valid("json") });
      return orProblem(c, result, (product) => {
        c.header("location", `/v1/products/${product.id}`);
        return c.json(product, 201);
      });
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/products",
      tags: ["products"],
      summary: "List products (own organisation; regulators: all), newest first",
      security,
      request: {
        query: PageQuery.extend({
          productClass: z.string().max(40).optional().openapi({ example: "CRA-AIII-C1-12" }),
          q: z.string().max(200).optional().openapi({ description: "Name contains (case-insensitive)" }),
          organizationId: z.string().max(100).optional(),
        }),
      },
      responses: {
        200: {
          description: "A page of products",
          content: { "application/json": { schema: pagedSchema(ProductSchema, "ProductPage") } },
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const result = await listProducts({
        ctx: serviceContext(c),
        input: {
          page: pageOf(query),
          filter: {
            ...(query.productClass ? { productClass: query.productClass } : {}),
            ...(query.q ? { nameContains: query.q } : {}),
            ...(query.organizationId ? { organizationId: query.organizationId } : {}),
          },
        },
      });
      return orProblem(c, result, (page) => c.json(page, 200));
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/products/{id}",
      tags: ["products"],
      summary: "A product",
      security,
      request: { params: idParam("product") },
      responses: {
        200: { description: "The product", content: { "application/json": { schema: ProductSchema } } },
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const result = await getProduct({ ctx: serviceContext(c), input: { id: c.req.valid("param").id } });
      return orProblem(c, result, (product) => c.json(product, 200));
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/products/{id}/versions",
      tags: ["products"],
      summary: "Versions of a product seen in its SBOMs and declarations",
      security,
      request: { params: idParam("product"), query: PageQuery },
      responses: {
        200: {
          description: "A page of versions, oldest first",
          content: { "application/json": { schema: pagedSchema(ProductVersionSchema, "ProductVersionPage") } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const result = await listProductVersions({ ctx: serviceContext(c), input: { id: c.req.valid("param").id } });
      return orProblem(c, result, (items) => c.json(pageOfItems(items, pageOf(c.req.valid("query"))), 200));
    },
  );
}
