/** Drafts of the documents a manufacturer signs or keeps, from a stored product's latest inputs. */
import { createRoute, z } from "@hono/zod-openapi";
import { GENERATED_DOCUMENT_KINDS } from "../../../documents/model.js";
import { renderDocumentHtml, renderDocumentMarkdown } from "../../../documents/render.js";
import { asOfDate } from "../../../services/as-of.js";
import { documentForProduct } from "../../../services/generate-document.js";
import { type ApiApp, defineRoute, serviceContext } from "../../env.js";
import { JsonDocument, TextDocument } from "../../format-content.js";
import { orProblem, problemResponses } from "../../problem.js";
import { ID_EXAMPLES } from "../../request-params.js";
import { security } from "../products/index.js";

const DOCUMENT_FORMATS = ["md", "html", "json"] as const;

export function register(app: ApiApp): void {
  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/products/{id}/documents/{kind}",
      tags: ["documents"],
      summary: "Draft a document from the product's latest declaration, SBOM and assessment",
      description:
        "Kinds: the EU declaration of conformity (Annex V), the simplified declaration (Annex VI), the technical " +
        "documentation (Annex VII) and the user information (Annex II). Each point is marked filled, referenced, " +
        "missing, to complete by hand or not applicable; missing points are listed first. Needs a stored declaration.",
      security,
      request: {
        params: z.object({
          id: z.string().min(1).max(100).openapi({ example: ID_EXAMPLES.product }),
          kind: z.enum(GENERATED_DOCUMENT_KINDS).openapi({ example: "technical-documentation" }),
        }),
        query: z.object({
          format: z.enum(DOCUMENT_FORMATS).optional().openapi({ description: "md (default), html or json" }),
          asOf: asOfDate
            .optional()
            .openapi({ example: "2028-01-15", description: "Date of the draft; default today (UTC)" }),
        }),
      },
      responses: {
        200: {
          description: "The draft",
          content: {
            "text/markdown": { schema: TextDocument },
            "text/html": { schema: TextDocument },
            "application/json": { schema: JsonDocument },
          },
        },
        ...problemResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => {
      const { id, kind } = c.req.valid("param");
      const query = c.req.valid("query");
      const ctx = serviceContext(c);
      const result = await documentForProduct({
        ctx,
        input: { productId: id, kind, asOf: query.asOf ?? ctx.now().toISOString().slice(0, 10) },
      });
      return orProblem(c, result, (document) => {
        const format = query.format ?? "md";
        if (format === "json") return c.json(document, 200);
        if (format === "html") {
          return c.body(renderDocumentHtml(document), 200, {
            "content-type": "text/html; charset=utf-8",
            "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
          });
        }
        return c.body(renderDocumentMarkdown(document), 200, { "content-type": "text/markdown; charset=utf-8" });
      });
    },
  );
}
