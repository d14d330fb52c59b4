import type { MiddlewareHandler } from "hono";
import { authenticateApiKey } from "../../services/keys.js";
import type { AppEnv } from "../env.js";
import { problem } from "../problem.js";

const CHALLENGE = { "www-authenticate": 'Bearer realm="cra-assessor"' };

/**
 * `Authorization: Bearer <key>`. A missing or malformed header and an unknown key both answer 401 (with distinct
 * codes); the key decides the principal, and with it the tenant scope every service call runs in.
 */
export const requireApiKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization");
  const match = header ? /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header) : null;
  if (!match?.[1]) {
    return problem(c, "unauthenticated", {
      detail: "Send an API key as `Authorization: Bearer <key>`.",
      headers: CHALLENGE,
    });
  }
  const principal = await authenticateApiKey(c.get("deps").repos, match[1]);
  if (!principal) {
    return problem(c, "invalid-api-key", { detail: "The key is unknown or revoked.", headers: CHALLENGE });
  }
  c.set("principal", principal);
  await next();
};
