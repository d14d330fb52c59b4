import type { OpenAPIHono, RouteConfig, RouteHandler, z } from "@hono/zod-openapi";
import type { Context, TypedResponse } from "hono";
import type { StatusCode } from "hono/utils/http-status";
import type { JSONParsed } from "hono/utils/types";
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

/** `application/json`, `application/problem+json`, `application/vnd.cyclonedx+json` (as hono decides JSON). */
type JsonMediaType = "application/json" | `application/${string}+json`;

/** A body the handler serialized itself (a report, YAML, CSV, the stored bytes of a document). */
type SerializedBody = string | ArrayBuffer;

/** The replies one media type of a declared response allows. */
type MediaReply<Media, Entry, Code extends StatusCode> = Entry extends { schema: infer Schema extends z.ZodType }
  ? Media extends JsonMediaType
    ? // Sent with c.json: the body must have the declared schema's type.
      Response & TypedResponse<JSONParsed<z.output<Schema>>, Code, "json">
    : // Text sent with c.body or c.text: the declared schema is a string.
      Response & TypedResponse<z.output<Schema> & SerializedBody, Code, "body" | "text">
  : never;

/** The replies one declared response allows. */
type ResponseReply<Declared, Code extends StatusCode> = Declared extends { content: infer Content }
  ? string extends keyof Content
    ? // Content built at run time from a list of media types (format-content.ts): the route negotiates among
      // representations it serializes itself, so the reply is a serialized body; its media type is chosen at run
      // time, which the compiler cannot follow (the integration tests check each against the document).
      Response & TypedResponse<SerializedBody, Code, "body">
    : { [Media in keyof Content]: MediaReply<Media, Content[Media], Code> }[keyof Content]
  : // No content (204, 304): an empty body.
    Response & TypedResponse<null, Code, "body">;

/**
 * Every reply a route's handler may give: one per declared status and media type, with the declared body. Unlike
 * @hono/zod-openapi's own handler type, no plain `Response` is accepted (that library lets one through as soon as
 * a response has no zod content, such as a 304), so a status or body the route does not declare fails to compile.
 */
export type RouteReply<R extends RouteConfig> = {
  [Status in keyof R["responses"] & StatusCode]: ResponseReply<R["responses"][Status], Status>;
}[keyof R["responses"] & StatusCode];

export type TypedRouteHandler<R extends RouteConfig> = (c: RouteContext<R>) => RouteReply<R> | Promise<RouteReply<R>>;

/**
 * Registers a route with its OpenAPI definition. The handler's replies are checked at compile time against the
 * route's declared responses (RouteReply); the integration tests check the replies they receive against the
 * generated document at run time.
 *
 * One helper rather than `app.openapi` at every route: each route also gets the strict query and the worded
 * 400 (the hook), which would otherwise be repeated 45 times. The check happens where the handler is written, at
 * this function's call site, through `TypedRouteHandler`; a handler of that type is accepted by `app.openapi`
 * as it is, with no cast. Replies must name their status (`c.json(body, 201)`): lint/reply-status.grit refuses
 * a reply without one, whose status the compiler would otherwise take from the declared responses.
 */
export function defineRoute<R extends RouteConfig>(app: ApiApp, route: R, handler: TypedRouteHandler<R>): void {
  // Every route refuses what it does not declare; the hook words the refusal (request-validation.ts).
  const strict = withStrictQuery(route);
  app.openapi(strict, handler, (result: ValidationResult, c: Context) =>
    result.success ? undefined : invalidRequest(c, result.target, result.error, strict),
  );
}
