/**
 * Reading a request's path, query, headers and JSON body against the route's schemas, strictly: an unknown
 * query parameter or JSON member is refused, with the nearest known name ("did you mean") as declarations get,
 * from the same helpers (input/structured-input.ts). A name the route takes elsewhere (`asOf` in the query of a
 * route that reads it from the body, or the other way round) is told where it belongs.
 */
import type { RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { capIssues, type InputIssue } from "../domain/input-issue.js";
import { closest, knownKeysAt, zodIssuesToInputIssues } from "../input/structured-input.js";
import { zodIssues } from "../services/input.js";
import { type ProblemReply, problem, problemResponses } from "./problem.js";

type Target = "query" | "json" | "param" | "header" | "form" | "cookie";

/**
 * The route with a strict query: every route refuses query parameters it does not declare, so every route can
 * answer 400 `invalid-request`, and its OpenAPI responses say so.
 */
export function withStrictQuery<R extends RouteConfig>(route: R): R {
  const query = route.request?.query;
  const strict = query instanceof z.ZodObject ? query.strict() : query === undefined ? z.strictObject({}) : query;
  const responses = "400" in route.responses ? route.responses : { ...route.responses, ...problemResponses(400) };
  return { ...route, request: { ...route.request, query: strict }, responses };
}

function schemaOf(route: RouteConfig, target: string): z.ZodType | undefined {
  const request = route.request;
  if (!request) return undefined;
  if (target === "query") return request.query as z.ZodType | undefined;
  if (target === "param") return request.params as z.ZodType | undefined;
  if (target === "header") return request.headers as z.ZodType | undefined;
  if (target === "json") {
    const media = request.body?.content?.["application/json"];
    const schema = media && "schema" in media ? media.schema : undefined;
    return schema instanceof z.ZodType ? schema : undefined;
  }
  return undefined;
}

const WHERE: Partial<Record<Target, string>> = { query: "the query string", json: "the body" };

/** Names the route reads from the query, or from its body (JSON or multipart, zod or plain JSON Schema). */
function namesIn(route: RouteConfig, target: "query" | "json"): Set<string> {
  const names = new Set<string>();
  if (target === "query") {
    const query = schemaOf(route, "query");
    for (const name of query ? knownKeysAt(query, []) : []) names.add(name);
    return names;
  }
  for (const media of Object.values(route.request?.body?.content ?? {})) {
    const schema: unknown = media && "schema" in media ? media.schema : undefined;
    if (schema instanceof z.ZodType) for (const name of knownKeysAt(schema, [])) names.add(name);
    else if (schema && typeof schema === "object" && "properties" in schema && schema.properties) {
      for (const name of Object.keys(schema.properties)) names.add(name);
    }
  }
  return names;
}

/** The 400 `invalid-request` for a request that does not fit its route, each issue located in its part. */
export function invalidRequest(c: Context, target: string, error: z.ZodError, route?: RouteConfig): ProblemReply<400> {
  const schema = route ? schemaOf(route, target) : undefined;
  if (!schema) return answer(c, target, zodIssues(error, target));
  const issues = zodIssuesToInputIssues(schema, error.issues, { source: target });
  if (target === "query" || target === "json") {
    const other: Target = target === "query" ? "json" : "query";
    const elsewhere = route ? namesIn(route, other) : new Set<string>();
    const known = knownKeysAt(schema, []);
    for (const issue of issues) {
      const name = issue.constraint === "unknown-key" ? issue.path?.slice(1) : undefined;
      if (name === undefined || name.includes("/")) continue;
      if (elsewhere.has(name)) {
        issue.message = `"${name}" is not read from ${WHERE[target]} of this route: send it in ${WHERE[other]}.`;
      } else if (target === "query") {
        const suggestion = closest(name, known);
        issue.message =
          `Unknown query parameter "${name}".` +
          (suggestion
            ? ` Did you mean "${suggestion}"?`
            : known.length > 0
              ? ` Known parameters: ${known.join(", ")}.`
              : " This route takes none.");
      }
    }
  }
  return answer(c, target, capIssues(issues));
}

function answer(c: Context, target: string, capped: { issues: InputIssue[]; omitted: number }): ProblemReply<400> {
  return problem(c, "invalid-request", {
    detail: `${capped.issues.length + capped.omitted} problem(s) in the ${target}.`,
    issues: capped.issues,
    omitted: capped.omitted,
  });
}
