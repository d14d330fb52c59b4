/**
 * The advisory and event stores as the routes see them. They ride on the app's dependencies (`AppDeps`) as optional
 * members, so the core service compiles without them; the runtime that opens the database sets them.
 */
import type { AdvisoryStore, Art14EventStore } from "../../../advisories/store.js";
import type { Art14Context } from "../../../services/art14-events.js";
import type { AppDeps, AppEnv } from "../../env.js";

export interface AdvisoryDeps {
  advisoryStore?: AdvisoryStore;
  art14Events?: Art14EventStore;
}

type DepsContext = { get(key: "deps"): AppDeps; get(key: "principal"): AppEnv["Variables"]["principal"] };

export function advisoryStoreOf(c: DepsContext): AdvisoryStore {
  const store = (c.get("deps") as AppDeps & AdvisoryDeps).advisoryStore;
  // Missing wiring is a fault of the installation, not of the request: it surfaces as a 500.
  if (!store) throw new Error("advisoryStore is not wired into AppDeps");
  return store;
}

export function art14ContextOf(c: DepsContext): Art14Context {
  const deps = c.get("deps") as AppDeps & AdvisoryDeps;
  if (!deps.art14Events) throw new Error("art14Events is not wired into AppDeps");
  return { events: deps.art14Events, now: deps.now, newId: deps.newId, principal: c.get("principal") };
}
