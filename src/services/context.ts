/**
 * What every use case receives: the repositories, the clock, an id source, the job executor (SBOM ingestion and
 * assessment, in a worker pool or inline) and who is asking. HTTP builds one per request; the CLI builds one
 * per command with a `cli` actor.
 */

import type { Repositories, Role } from "../db/port.js";
import type { InputIssue } from "../domain/input-issue.js";
import type { JobExecutor } from "./job-executor.js";

/** Who is calling: an API key, or the local command line (a platform operator of the database it opened). */
export interface Principal {
  /**
   * True only for the local command line: whoever can run it can open the database directly. Only such a
   * principal may create `operator` keys, so no HTTP caller can mint a platform-wide key.
   */
  local?: true;
  /** API key id, or `cli:<command>`. Recorded as the audit actor. */
  actor: string;
  organizationId: string;
  role: Role;
  /** For `ci` keys: the products the key may touch. */
  productIds: readonly string[];
}

/** The command line's principal: a platform operator, recorded in the audit trail as `cli:<command>`. */
export function cliPrincipal(command: string): Principal {
  return { actor: `cli:${command}`, organizationId: "", role: "operator", productIds: [], local: true };
}

export interface ServiceDeps {
  repos: Repositories;
  work: JobExecutor;
  /** The clock, injected (deterministic tests, no hidden wall-clock reads). */
  now: () => Date;
  /** A new unique id with a readable prefix (`prd`, `sbm` …). */
  newId: (prefix: string) => string;
}

export interface ServiceContext extends ServiceDeps {
  principal: Principal;
}

export type NotFound = { kind: "not-found"; resource: string; id: string };
export type Forbidden = { kind: "forbidden"; action: string; role: Role };
export type InvalidInput = { kind: "invalid-input"; issues: InputIssue[]; omitted: number };
export type Conflict = { kind: "conflict"; message: string };

export type ServiceFailure = NotFound | Forbidden | InvalidInput | Conflict;

/**
 * A use case's answer. `F` names the ways it can fail (default: any); the HTTP layer answers each kind with its
 * own status, so a narrower `F` is what lets a route declare only the statuses it can really answer.
 */
export type ServiceResult<T, F extends ServiceFailure = ServiceFailure> =
  | { ok: true; value: T }
  | { ok: false; failure: F };

export const success = <T>(value: T): ServiceResult<T, never> => ({ ok: true, value });
export const failure = <F extends ServiceFailure>(f: F): ServiceResult<never, F> => ({ ok: false, failure: f });
export const notFound = (resource: string, id: string): ServiceResult<never, NotFound> =>
  failure({ kind: "not-found", resource, id });
export const invalidInput = (issues: InputIssue[], omitted = 0): ServiceResult<never, InvalidInput> =>
  failure({ kind: "invalid-input", issues, omitted });

/** ISO instant of the injected clock. */
export const nowIso = (ctx: ServiceDeps): string => ctx.now().toISOString();
