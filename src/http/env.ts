import type { OpenAPIHono, RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ZodError } from "zod";
import type { Principal, ServiceContext, ServiceDeps } from "../services/context.js";
import { invalidRequest, withStrictQuery } from "./request-validation.js";

type ValidationResult = { target: string } & ({ success: true } | { success: false; error: ZodError });

/** Dependencies of the HTTP app: the services' dependencies plus HTTP settings. */
export interface AppDeps extends ServiceDeps {
  /** Largest accepted request body in bytes (default 100 MB). */
  bodyLimitBytes: number;
  version: string;
  /** Where program faults are reported (the server logs them; tests may collect them). */
  onError?: (error: unknown) => void;
  /** Counts requests being handled, so a shutdown can wait for them before closing the database. */
  inFlight?: InFlightRequests;
}

/** Requests being handled. A client that hangs up does not stop its handler, so shutdown waits on this. */
export class InFlightRequests {
  #count = 0;
  #waiters: (() => void)[] = [];

  get count(): number {
    return this.#count;
  }

  enter(): void {
    this.#count++;
  }

  leave(): void {
    this.#count--;
    if (this.#count === 0) for (const resolve of this.#waiters.splice(0)) resolve();
  }

  /** Resolves when no request is being handled, or after `timeoutMs`. */
  idle(timeoutMs: number): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
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
  // Every route refuses what it does not declare; the hook words the refusal (request-validation.ts).
  const strict = withStrictQuery(route);
  app.openapi(
    strict,
    handler as never,
    ((result: ValidationResult, c: Context) =>
      result.success ? undefined : invalidRequest(c, result.target, result.error, strict)) as never,
  );
}
