/** Imported advisory data: what the store holds. Imports run from the CLI (`advisories import`). */
import { createRoute, z } from "@hono/zod-openapi";
import { type ApiApp, defineRoute } from "../../env.js";
import { problemResponses } from "../../problem.js";
import { security } from "../products/index.js";

export function register(app: ApiApp): void {
  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/advisories/stats",
      tags: ["advisories"],
      summary: "Counts of stored advisories, KEV entries and VEX statements",
      security,
      responses: {
        200: {
          description: "Counts",
          content: {
            "application/json": {
              schema: z
                .object({ advisory: z.number().int(), kev: z.number().int(), vex: z.number().int() })
                .openapi("AdvisoryStats"),
            },
          },
        },
        ...problemResponses(401),
      },
    }),
    async (c) => c.json(await c.get("deps").repos.advisories.counts(), 200),
  );
}
