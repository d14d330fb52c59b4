import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Principal, ServiceContext, ServiceDeps } from "../services/context.js";

/** Dependencies of the HTTP app: the services' dependencies plus HTTP settings. */
export interface AppDeps extends ServiceDeps {
  /** Largest accepted request body in bytes (issue 5: default 100 MB). */
  bodyLimitBytes: number;
  version: string;
  /** Where program faults are reported (the server logs them; tests may collect them). */
  onError?: (error: unknown) => void;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    principal: Principal;
  };
};

export type ApiApp = OpenAPIHono<AppEnv>;

/** The service context of the authenticated caller of this request. */
export function serviceContext(c: { get(key: "deps"): AppDeps; get(key: "principal"): Principal }): ServiceContext {
  const deps = c.get("deps");
  return { repos: deps.repos, work: deps.work, now: deps.now, newId: deps.newId, principal: c.get("principal") };
}

import type { RouteConfig, RouteHandler } from "@hono/zod-openapi";

/** The typed context of a route handler: validated params, query and body as the route declares them. */
export type RouteContext<R extends RouteConfig> = Parameters<RouteHandler<R, AppEnv>>[0];

/**
 * Registers a route with its OpenAPI definition. Handlers answer with any `Response`, because problem responses
 * come from the one mapping in problem.ts rather than from per-route typed branches.
 */
export function defineRoute<R extends RouteConfig>(
  app: ApiApp,
  route: R,
  handler: (c: RouteContext<R>) => Response | Promise<Response>,
): void {
  app.openapi(route, handler as never);
}
