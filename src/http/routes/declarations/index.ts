/** The product declaration (`cra-declaration/1`), versioned. */
import { createRoute, z } from "@hono/zod-openapi";
import { DECLARATION_MEDIA_TYPES, getDeclaration, putDeclaration } from "../../../services/declarations.js";
import { etagOf, IMMUTABLE_CACHE, notModified } from "../../caching.js";
import { type ApiApp, defineRoute, serviceContext } from "../../env.js";
import { formatContent } from "../../format-content.js";
import { mediaEssence } from "../../negotiate.js";
import { orProblem, problem, problemResponses } from "../../problem.js";
import { decimalQueryInteger, idParam } from "../../request-params.js";
import { security } from "../products/index.js";

export const DeclarationSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    organizationId: z.string(),
    version: z.number().int().openapi({ description: "1, 2, 3 … per product; every PUT adds one." }),
    sha256: z.string(),
    mediaType: z.string(),
    productVersion: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Declaration");
export type DeclarationResponse = z.infer<typeof DeclarationSchema>;

const text = { type: "string" } as const;

export function register(app: ApiApp): void {
  defineRoute(
    app,
    createRoute({
      method: "put",
      path: "/v1/products/{id}/declaration",
      tags: ["declarations"],
      summary: "Store a new version of the product declaration (YAML or JSON)",
      description: "Each PUT adds a version; earlier versions stay readable with `?version=`.",
      security,
      request: {
        params: idParam("product"),
        body: {
          required: true,
          content: Object.fromEntries(DECLARATION_MEDIA_TYPES.map((type) => [type, { schema: text }])),
        },
      },
      responses: {
        201: { description: "Stored as a new version", content: { "application/json": { schema: DeclarationSchema } } },
        ...problemResponses(400, 401, 403, 404, 413, 415, 422),
      },
    }),
    async (c) => {
      const mediaType = mediaEssence(c.req.header("content-type"));
      if (!(DECLARATION_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
        return problem(c, "unsupported-media-type", {
          detail: `Send the declaration as ${DECLARATION_MEDIA_TYPES.join(", ")}.`,
        });
      }
      let body: string;
      try {
        body = new TextDecoder("utf-8", { fatal: true }).decode(await c.req.arrayBuffer());
      } catch {
        return problem(c, "malformed-body", { detail: "The declaration is not valid UTF-8." });
      }
      const result = await putDeclaration({
        ctx: serviceContext(c),
        input: { productId: c.req.valid("param").id, text: body, mediaType },
      });
      return orProblem(c, result, ({ content: _content, ...record }) => {
        c.header("location", `/v1/products/${record.productId}/declaration?version=${record.version}`);
        return c.json(record, 201);
      });
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/products/{id}/declaration",
      tags: ["declarations"],
      summary: "The latest declaration, or a given version, as stored",
      security,
      request: {
        params: idParam("product"),
        query: z.object({
          version: decimalQueryInteger("version", { min: 1, max: Number.MAX_SAFE_INTEGER })
            .optional()
            .openapi({ type: "integer", minimum: 1 }),
        }),
      },
      responses: {
        200: { description: "The declaration text as submitted", content: formatContent(DECLARATION_MEDIA_TYPES) },
        304: { description: "Not modified" },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { version } = c.req.valid("query");
      const result = await getDeclaration({
        ctx: serviceContext(c),
        input: { productId: c.req.valid("param").id, ...(version !== undefined ? { version } : {}) },
      });
      return orProblem(c, result, (declaration) => {
        const etag = etagOf(declaration.sha256);
        const headers: Record<string, string> = {
          etag,
          "declaration-version": String(declaration.version),
          // Only a named version is immutable; "latest" moves with every PUT.
          "cache-control": version !== undefined ? IMMUTABLE_CACHE : "private, no-cache",
        };
        if (notModified(c, etag)) return c.body(null, 304, headers);
        return c.body(declaration.content, 200, {
          ...headers,
          "content-type": `${declaration.mediaType}; charset=utf-8`,
        });
      });
    },
  );
}
