/** The Article 14 context as the event routes see it: the stores come from the repository port. */
import type { Art14Context } from "../../../services/art14-events.js";
import type { AppDeps, AppEnv } from "../../env.js";

type DepsContext = { get(key: "deps"): AppDeps; get(key: "principal"): AppEnv["Variables"]["principal"] };

export function art14ContextOf(c: DepsContext): Art14Context {
  const deps = c.get("deps");
  return { events: deps.repos.art14Events, now: deps.now, newId: deps.newId, principal: c.get("principal") };
}
