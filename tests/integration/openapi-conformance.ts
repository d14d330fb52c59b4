/**
 * Checks a reply of the app against the app's own OpenAPI document: the status is one the operation declares,
 * the media type is one declared for that status, and a JSON body matches the declared schema. The integration
 * harness runs it on every reply a test receives, so a route answering outside its contract fails the test that
 * called it, whatever that test asserts.
 */
import { createRequire } from "node:module";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

const require = createRequire(import.meta.url);
const addFormats = require("ajv-formats") as (ajv: Ajv2020) => Ajv2020;

interface MediaTypeObject {
  schema?: unknown;
}
interface ResponseObject {
  content?: Record<string, MediaTypeObject>;
}
interface OperationObject {
  responses?: Record<string, ResponseObject>;
}
export interface OpenApiDocument {
  paths?: Record<string, Record<string, OperationObject>>;
  components?: Record<string, unknown>;
}

export interface ObservedReply {
  method: string;
  /** The request path, with or without a query string. */
  path: string;
  status: number;
  contentType: string | null;
  body: string;
}

const DOCUMENT_ID = "urn:cra-assessor:openapi";
const NO_BODY_STATUSES = new Set([204, 304]);

/** A JSON media type: `application/json`, `application/problem+json`, `application/vnd.x+json`. */
function isJsonMediaType(mediaType: string): boolean {
  return mediaType === "application/json" || mediaType.endsWith("+json");
}

/** `/v1/products/{id}` → a pattern of the path, and how many of its segments are parameters. */
function pathMatcher(template: string): { pattern: RegExp; params: number } {
  let params = 0;
  const source = template
    .split("/")
    .map((segment) => {
      if (/^\{[^}]+\}$/.test(segment)) {
        params++;
        return "[^/]+";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { pattern: new RegExp(`^${source}$`), params };
}

function pointerSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * A checker of replies against `document`. It answers the list of ways a reply breaks the contract (empty when it
 * keeps it). Paths and methods the document does not describe (web pages, `/openapi.json`, unknown routes) are
 * not checked.
 */
export function openApiConformance(document: OpenApiDocument): (reply: ObservedReply) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // OpenAPI annotations that are not JSON Schema keywords.
  for (const keyword of ["example", "discriminator", "xml", "externalDocs"]) ajv.addKeyword(keyword);
  ajv.addSchema({ $id: DOCUMENT_ID, components: document.components ?? {}, paths: document.paths ?? {} });

  const templates = Object.keys(document.paths ?? {})
    .map((template) => ({ template, ...pathMatcher(template) }))
    // A literal segment wins over a parameter (`/v1/events/due` before `/v1/events/{id}`), as the router decides.
    .sort((a, b) => a.params - b.params);
  const validators = new Map<string, ValidateFunction>();
  const validatorOf = (pointer: string): ValidateFunction => {
    let validate = validators.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` });
      validators.set(pointer, validate);
    }
    return validate;
  };

  return (reply) => {
    const method = reply.method.toLowerCase();
    const pathname = reply.path.split("?")[0] ?? reply.path;
    const found = templates.find((t) => t.pattern.test(pathname) && document.paths?.[t.template]?.[method]);
    if (!found) return [];
    const where = `${reply.method.toUpperCase()} ${found.template} → ${reply.status}`;
    const responses = document.paths?.[found.template]?.[method]?.responses ?? {};
    const statusKey = String(reply.status);
    const rangeKey = `${statusKey[0]}XX`;
    const declaredKey = [statusKey, rangeKey, "default"].find((k) => k in responses);
    if (declaredKey === undefined) {
      return [`${where}: status ${reply.status} is not declared (declared: ${Object.keys(responses).join(", ")})`];
    }
    const content = responses[declaredKey]?.content;
    if (method === "head" || NO_BODY_STATUSES.has(reply.status)) {
      return reply.body.length > 0 ? [`${where}: a ${reply.status} reply carries a body`] : [];
    }
    if (!content || Object.keys(content).length === 0) {
      return reply.body.length > 0 ? [`${where}: the reply has a body where the document declares none`] : [];
    }
    const mediaType = (reply.contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const declaredMedia = Object.keys(content).find((m) => m.toLowerCase() === mediaType);
    if (declaredMedia === undefined) {
      return [`${where}: content type '${mediaType}' is not declared (declared: ${Object.keys(content).join(", ")})`];
    }
    if (!isJsonMediaType(mediaType) || content[declaredMedia]?.schema === undefined) return [];
    let body: unknown;
    try {
      body = JSON.parse(reply.body);
    } catch {
      return [`${where}: the ${mediaType} body is not JSON: ${reply.body.slice(0, 200)}`];
    }
    const pointer = ["", "paths", found.template, method, "responses", declaredKey, "content", declaredMedia, "schema"]
      .map((s) => encodeURIComponent(pointerSegment(s)))
      .join("/");
    const validate = validatorOf(pointer);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${where}: body${e.instancePath || ""} ${e.message ?? e.keyword} (schema ${e.schemaPath})`,
    );
  };
}

/** Reads a reply without consuming it, and throws when it breaks the contract. */
export async function assertConforms(
  check: (reply: ObservedReply) => string[],
  request: { method: string; path: string },
  response: Response,
): Promise<void> {
  const body = response.body ? await response.clone().text() : "";
  const problems = check({
    method: request.method,
    path: request.path,
    status: response.status,
    contentType: response.headers.get("content-type"),
    body,
  });
  if (problems.length > 0) {
    throw new Error(`The reply breaks the OpenAPI document:\n  ${problems.slice(0, 10).join("\n  ")}`);
  }
}
