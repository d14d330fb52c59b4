/**
 * Compile-time proof that a route's handler is checked against the responses the route declares (env.ts
 * `RouteReply`). Nothing here runs: `npm run typecheck` compiles this file (tsconfig includes tests/), and every
 * `@ts-expect-error` below fails the typecheck if its line ever compiles, so a change that lets an undeclared
 * status or a wrong body through is caught.
 *
 * A reply without a status (`c.json(body)`) compiles, because hono then takes the status from the expected type;
 * the lint plugin lint/reply-status.grit refuses those calls in src/http.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AppEnv, defineRoute } from "../../src/http/env.js";
import { formatContent } from "../../src/http/format-content.js";
import { orProblem, problem, problemResponses } from "../../src/http/problem.js";
import { type Conflict, type NotFound, notFound, type ServiceResult, success } from "../../src/services/context.js";

const app = new OpenAPIHono<AppEnv>();

const json = createRoute({
  method: "get",
  path: "/t/{id}",
  request: { params: z.object({ id: z.string() }) },
  responses: {
    200: { description: "ok", content: { "application/json": { schema: z.object({ name: z.string() }) } } },
    304: { description: "Not modified" },
    ...problemResponses(404),
  },
});

// What the route declares compiles.
defineRoute(app, json, (c) => c.json({ name: c.req.valid("param").id }, 200));
defineRoute(app, json, (c) => c.body(null, 304));
defineRoute(app, json, (c) => problem(c, "not-found"));

// @ts-expect-error 201 is not declared
defineRoute(app, json, (c) => c.json({ name: "x" }, 201));
// @ts-expect-error the body lacks `name`
defineRoute(app, json, (c) => c.json({ nome: "x" }, 200));
// @ts-expect-error `name` is a string
defineRoute(app, json, (c) => c.json({ name: 1 }, 200));
// @ts-expect-error a problem with an undeclared status (409)
defineRoute(app, json, (c) => problem(c, "conflict"));
// @ts-expect-error the problem statuses are declared, not the problem as a 200
defineRoute(app, json, (c) => c.json({ type: "t", title: "t", status: 404, code: "not-found" }, 200));
// @ts-expect-error a 304 has no body
defineRoute(app, json, (c) => c.body("x", 304));
// @ts-expect-error a plain Response says nothing of its status or body
defineRoute(app, json, () => new Response("{}"));
// @ts-expect-error JSON media is sent with c.json, checked against the schema, not as unchecked text
defineRoute(app, json, (c) => c.body('{"name":"x"}', 200));

// A service that can fail only with not-found fits a route declaring 404; one that can also conflict does not.
declare const found: ServiceResult<{ name: string }, NotFound>;
declare const conflicting: ServiceResult<{ name: string }, NotFound | Conflict>;
defineRoute(app, json, (c) => orProblem(c, found, (value) => c.json(value, 200)));
// @ts-expect-error the service can answer 409, which the route does not declare
defineRoute(app, json, (c) => orProblem(c, conflicting, (value) => c.json(value, 200)));
// The helpers carry their failure kinds.
const lookedUp: ServiceResult<{ name: string }, NotFound> =
  Math.random() > 0.5 ? success({ name: "x" }) : notFound("t", "1");
defineRoute(app, json, (c) => orProblem(c, lookedUp, (value) => c.json(value, 200)));

// Negotiated representations (format-content.ts): a serialized body with a declared status.
const negotiated = createRoute({
  method: "get",
  path: "/n",
  responses: { 200: { description: "ok", content: formatContent(["application/json", "text/markdown"]) } },
});
defineRoute(app, negotiated, (c) => c.body("# x\n", 200, { "content-type": "text/markdown" }));
// @ts-expect-error 201 is not declared
defineRoute(app, negotiated, (c) => c.body("# x\n", 201));

// Text media types take text.
const text = createRoute({
  method: "get",
  path: "/m",
  responses: { 200: { description: "ok", content: { "text/markdown": { schema: z.string() } } } },
});
defineRoute(app, text, (c) => c.body("# x\n", 200));
// @ts-expect-error text/markdown is not JSON
defineRoute(app, text, (c) => c.json({ markdown: "# x" }, 200));
