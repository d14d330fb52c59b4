/** SBOM submission and retrieval. Bodies are read raw: the worker pool validates and normalizes them. */
import { createRoute, z } from "@hono/zod-openapi";
import {
  getSbom,
  getSbomContent,
  IDEMPOTENCY_KEY,
  listProductSboms,
  listSbomComponents,
  SBOM_MEDIA_TYPES,
  type SbomMediaType,
  submitSbom,
} from "../../../services/ingest-sbom.js";
import { etagOf, IMMUTABLE_CACHE, notModified } from "../../caching.js";
import { type ApiApp, defineRoute, serviceContext } from "../../env.js";
import { formatContent } from "../../format-content.js";
import { mediaEssence } from "../../negotiate.js";
import { PageQuery, pagedSchema, pageOf } from "../../pagination.js";
import { failureProblem, InputIssueSchema, orProblem, problem, problemResponses } from "../../problem.js";
import { idParam } from "../../request-params.js";
import { security } from "../products/index.js";

export const SbomSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    organizationId: z.string(),
    sha256: z.string().openapi({ description: "SHA-256 of the exact bytes submitted (content address)." }),
    mediaType: z.string(),
    sizeBytes: z.number().int(),
    format: z.string().openapi({
      description: "`json` or `xml` (CycloneDX); `spdx-json`, `spdx-yaml` or `spdx-tag-value` (SPDX).",
    }),
    specVersion: z
      .string()
      .openapi({ description: "The standard's version: `1.6` (CycloneDX), `2.3`, `3.0.0`, `3.0.1` (SPDX)." }),
    componentCount: z.number().int(),
    productVersion: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Sbom");
export type SbomResponse = z.infer<typeof SbomSchema>;

export const StoredComponentSchema = z
  .object({
    ordinal: z.number().int(),
    bomRef: z.string(),
    type: z.string(),
    name: z.string(),
    version: z.string().nullable(),
    group: z.string().nullable(),
    purl: z.string().nullable(),
    licenses: z.array(z.string()),
  })
  .openapi("SbomComponent");

const binary = { type: "string", format: "binary" } as const;

export function register(app: ApiApp): void {
  defineRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/products/{id}/sboms",
      tags: ["sboms"],
      summary: "Submit a CycloneDX SBOM (JSON or XML, 1.2–1.7) for a product",
      description:
        "Validated against the CycloneDX schema, normalized, and stored with its components in one transaction. " +
        "The raw document is kept content-addressed by SHA-256.",
      security,
      request: {
        params: idParam("product"),
        headers: z.object({
          "idempotency-key": z
            .string()
            .regex(IDEMPOTENCY_KEY)
            .optional()
            .openapi({
              description:
                "Makes a retry safe: a second upload to the same product with the same key and body gets the first " +
                "answer (201, same SBOM id, header Idempotent-Replayed: true) instead of a second copy; the same key " +
                "with another body is 409. 1 to 255 visible ASCII characters, e.g. a UUID.",
              example: "5f0c3c9e-8d0b-4b8e-9a53-1c1f6f0e2a47",
            }),
        }),
        body: {
          required: true,
          content: {
            "application/vnd.cyclonedx+json": { schema: binary },
            "application/vnd.cyclonedx+xml": { schema: binary },
            "application/spdx+json": { schema: binary },
            "text/spdx": { schema: binary },
            "application/yaml": { schema: binary },
          },
        },
      },
      responses: {
        201: {
          description: "Stored",
          content: {
            "application/json": {
              schema: z.object({ sbom: SbomSchema, warnings: z.array(InputIssueSchema) }).openapi("SbomSubmission"),
            },
          },
        },
        ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const mediaType = mediaEssence(c.req.header("content-type"));
      if (!(SBOM_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
        return problem(c, "unsupported-media-type", {
          detail: `Send the SBOM as ${SBOM_MEDIA_TYPES.join(" or ")}.`,
          headers: { "accept-post": SBOM_MEDIA_TYPES.join(", ") },
        });
      }
      const idempotencyKey = c.req.valid("header")["idempotency-key"];
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const result = await submitSbom({
        ctx: serviceContext(c),
        input: {
          productId: c.req.valid("param").id,
          bytes,
          mediaType: mediaType as SbomMediaType,
          ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
        },
      });
      return orProblem(c, result, ({ replayed, ...submitted }) => {
        c.header("location", `/v1/sboms/${submitted.sbom.id}`);
        if (replayed) c.header("idempotent-replayed", "true");
        return c.json(submitted, 201);
      });
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/products/{id}/sboms",
      tags: ["sboms"],
      summary: "SBOMs submitted for a product, newest first",
      security,
      request: { params: idParam("product"), query: PageQuery },
      responses: {
        200: {
          description: "A page of SBOMs",
          content: { "application/json": { schema: pagedSchema(SbomSchema, "SbomPage") } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const result = await listProductSboms({
        ctx: serviceContext(c),
        input: { productId: c.req.valid("param").id, page: pageOf(c.req.valid("query")) },
      });
      return orProblem(c, result, (page) => c.json(page, 200));
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/sboms/{id}",
      tags: ["sboms"],
      summary: "An SBOM's record",
      security,
      request: { params: idParam("sbom") },
      responses: {
        200: { description: "The SBOM record", content: { "application/json": { schema: SbomSchema } } },
        304: { description: "Not modified" },
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const result = await getSbom({ ctx: serviceContext(c), input: { id: c.req.valid("param").id } });
      return orProblem(c, result, (sbom) => {
        const etag = etagOf(sbom.sha256, "record");
        if (notModified(c, etag)) return c.body(null, 304, { etag });
        return c.json(sbom, 200, { etag, "cache-control": IMMUTABLE_CACHE });
      });
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/sboms/{id}/content",
      tags: ["sboms"],
      summary: "The SBOM exactly as submitted",
      security,
      request: { params: idParam("sbom") },
      responses: {
        200: {
          description: "The raw document",
          content: formatContent(SBOM_MEDIA_TYPES),
        },
        304: { description: "Not modified" },
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = c.req.valid("param").id;
      const record = await getSbom({ ctx, input: { id } });
      if (!record.ok) return failureProblem(c, record.failure);
      const etag = etagOf(record.value.sha256);
      if (notModified(c, etag)) return c.body(null, 304, { etag });
      const result = await getSbomContent({ ctx, input: { id } });
      return orProblem(c, result, (raw) =>
        c.body(raw.content.slice().buffer, 200, {
          "content-type": raw.mediaType,
          etag,
          "cache-control": IMMUTABLE_CACHE,
        }),
      );
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/sboms/{id}/components",
      tags: ["sboms"],
      summary: "The normalized components of an SBOM, in document order",
      security,
      request: { params: idParam("sbom"), query: PageQuery },
      responses: {
        200: {
          description: "A page of components",
          content: { "application/json": { schema: pagedSchema(StoredComponentSchema, "SbomComponentPage") } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const result = await listSbomComponents({
        ctx: serviceContext(c),
        input: { id: c.req.valid("param").id, page: pageOf(c.req.valid("query")) },
      });
      return orProblem(c, result, (page) => c.json(page, 200));
    },
  );
}
