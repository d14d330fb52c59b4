/**
 * Which action each `/v1` route is, checked right after authentication and BEFORE any body is read or
 * validated: a role that may never take the action answers 403 without the server parsing what it sent (a
 * regulator posting `{}` to create a product learns it may not, not that the body is incomplete), and no key
 * can make the server parse a large body for a route its role cannot use. The services check again (they
 * also serve the command line) and add the tenant scope.
 *
 * Every `/v1` route of the OpenAPI document must appear here; tests/integration/tenancy.test.ts enforces it.
 */
import type { MiddlewareHandler } from "hono";
import { type Action, may } from "../services/access.js";
import type { ApiApp, AppEnv } from "./env.js";
import { failureProblem } from "./problem.js";

export const ROUTE_ACTIONS: Readonly<Record<string, Action>> = {
  "POST /v1/organizations": "organization:create",
  "GET /v1/organizations": "organization:read",
  "GET /v1/organizations/{id}": "organization:read",
  "POST /v1/organizations/{id}/keys": "key:manage",
  "DELETE /v1/keys/{id}": "key:manage",
  "POST /v1/products": "product:create",
  "GET /v1/products": "product:read",
  "GET /v1/products/{id}": "product:read",
  "GET /v1/products/{id}/versions": "product:read",
  "POST /v1/products/{id}/sboms": "sbom:submit",
  "GET /v1/products/{id}/sboms": "product:read",
  "GET /v1/sboms/{id}": "product:read",
  "GET /v1/sboms/{id}/content": "product:read",
  "GET /v1/sboms/{id}/components": "product:read",
  "PUT /v1/products/{id}/declaration": "declaration:put",
  "GET /v1/products/{id}/declaration": "product:read",
  "GET /v1/products/{id}/documents/{kind}": "product:read",
  "GET /v1/crosswalks/{id}/reviews": "framework:read",
  "POST /v1/crosswalks/{id}/reviews": "crosswalk:review",
  "GET /v1/draft-arrangements": "arrangement:draft",
  "POST /v1/draft-arrangements": "arrangement:draft",
  "GET /v1/draft-arrangements/{id}": "arrangement:draft",
  "POST /v1/draft-arrangements/{id}/simulations": "arrangement:simulate",
  "PUT /v1/products/{id}/vex": "vex:write",
  "GET /v1/products/{id}/vex": "product:read",
  "GET /v1/products/{id}/vex/export": "product:read",
  "POST /v1/products/{id}/assessments": "assessment:create",
  "GET /v1/assessments": "assessment:read",
  "GET /v1/assessments/{id}": "assessment:read",
  "POST /v1/assess": "assess:stateless",
  "GET /v1/audit": "audit:read",
  "GET /v1/audit/verify": "audit:verify",
  "POST /v1/audit/verify": "audit:verify",
  "GET /v1/frameworks": "framework:read",
  "GET /v1/frameworks/{id}": "framework:read",
  "GET /v1/crosswalks": "framework:read",
  "GET /v1/comparisons": "framework:compare",
  "POST /v1/comparisons": "assess:stateless",
  "POST /v1/arrangement-simulations": "arrangement:simulate",
  "GET /v1/advisories/stats": "advisory:read",
  "GET /v1/events": "event:read",
  "POST /v1/events": "event:write",
  "GET /v1/events/due": "event:read",
  "GET /v1/events/{id}": "event:read",
  "POST /v1/events/{id}/reports": "event:write",
  "GET /v1/events/{id}/drafts/{stage}": "event:read",
};

function roleCheck(action: Action): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get("principal");
    if (!may(principal, action)) return failureProblem(c, { kind: "forbidden", action, role: principal.role });
    await next();
  };
}

/** Registers the role check of every listed route; call after authentication and before the routes. */
export function registerRouteAccess(app: ApiApp): void {
  for (const [route, action] of Object.entries(ROUTE_ACTIONS)) {
    const [method, path] = route.split(" ") as [string, string];
    app.on(method, path.replaceAll(/\{([^}]+)\}/g, ":$1"), roleCheck(action));
  }
}
