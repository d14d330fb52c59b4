import { createRoute, z } from "@hono/zod-openapi";
import { type ApiApp, defineRoute } from "../../env.js";

export function register(app: ApiApp): void {
  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/healthz",
      tags: ["service"],
      summary: "Liveness (no key needed)",
      responses: {
        200: {
          description: "Up",
          content: { "application/json": { schema: z.object({ status: z.literal("ok"), version: z.string() }) } },
        },
      },
    }),
    (c) => c.json({ status: "ok" as const, version: c.get("deps").version }, 200),
  );
}
