/**
 * `newApp()`: the one HTTP application, shared by the server and the tests. It takes
 * every dependency as a parameter — repositories, the job executor (SBOM ingestion and assessment), clock, ids — and touches no global state.
 *
 * @example
 * const app = newApp({ repos, work: createInlineExecutor(), now: () => new Date(), newId, bodyLimitBytes: 100e6, version });
 * const res = await app.request("/v1/products", { headers: { authorization: `Bearer ${key}` } });
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { JobFailedError } from "../services/job-executor.js";
import type { ApiApp, AppDeps, AppEnv } from "./env.js";
import { requireApiKey } from "./middleware/auth.js";
import { strictJsonBody } from "./middleware/strict-json.js";
import { problem } from "./problem.js";
import { invalidRequest } from "./request-validation.js";
import { registerRouteAccess } from "./route-access.js";
import { register as registerDocs } from "./routes/docs/index.js";
import { ROUTE_MODULES } from "./routes/index.js";
import { pageNotFound, registerWeb } from "./web/index.js";
import type { WebEnv } from "./web/session.js";

export function newApp(deps: AppDeps): ApiApp {
  const app: ApiApp = new OpenAPIHono<AppEnv>({
    // Request-shape errors (path, query, JSON body) are 400 with located issues, like every other input error.
    defaultHook: (result, c) => (result.success ? undefined : invalidRequest(c, result.target, result.error)),
  });

  app.use("*", async (c, next) => {
    c.set("deps", deps);
    deps.inFlight?.enter();
    try {
      await next();
    } finally {
      deps.inFlight?.leave();
    }
  });
  // Authenticate before reading any body: an anonymous client cannot make the server buffer 100 MB.
  app.use("/v1/*", requireApiKey);
  // Then the role, still before any body is read.
  registerRouteAccess(app);
  // hono's body limit counts chunked bodies as they stream in, not only the Content-Length header.
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: deps.bodyLimitBytes,
      onError: (c) => problem(c, "payload-too-large", { detail: `The limit is ${deps.bodyLimitBytes} bytes.` }),
    }),
  );

  app.use("/v1/*", strictJsonBody);

  for (const register of ROUTE_MODULES) register(app);
  registerDocs(app, deps);
  // The web interface shares the app (same services, roles and tenancy); its pages live outside /v1.
  registerWeb(app as unknown as Hono<WebEnv>, { bodyLimitBytes: deps.bodyLimitBytes });

  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    // A person's browser asking for a page outside the API gets a page, not JSON.
    if (!path.startsWith("/v1/") && c.req.method === "GET" && (c.req.header("accept") ?? "").includes("text/html")) {
      return pageNotFound(c);
    }
    return problem(c, "route-not-found", { detail: `${c.req.method} ${path}` });
  });
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      if (error.status === 415) return problem(c, "unsupported-media-type", { detail: error.message });
      if (error.status === 413) return problem(c, "payload-too-large");
      if (error.status === 400) return problem(c, "malformed-body", { detail: error.message });
      if (error.status === 404) return problem(c, "route-not-found");
    }
    // A fault of the program: say so without leaking internals; the server's log gets the stack.
    deps.onError?.(error);
    if (error instanceof JobFailedError) {
      return problem(c, "internal-error", {
        detail: "The upload was tried several times and failed each time; nothing was stored. Try again later.",
      });
    }
    return problem(c, "internal-error", { detail: "The request failed inside the service." });
  });
  return app;
}
