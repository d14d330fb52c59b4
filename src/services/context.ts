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

export type ServiceFailure =
  | { kind: "not-found"; resource: string; id: string }
  | { kind: "forbidden"; action: string; role: Role }
  | { kind: "invalid-input"; issues: InputIssue[]; omitted: number }
  | { kind: "conflict"; message: string };

export type ServiceResult<T> = { ok: true; value: T } | { ok: false; failure: ServiceFailure };

export const success = <T>(value: T): ServiceResult<T> => ({ ok: true, value });
export const failure = <T = never>(f: ServiceFailure): ServiceResult<T> => ({ ok: false, failure: f });
export const notFound = <T = never>(resource: string, id: string): ServiceResult<T> =>
  failure({ kind: "not-found", resource, id });
export const invalidInput = <T = never>(issues: InputIssue[], omitted = 0): ServiceResult<T> =>
  failure({ kind: "invalid-input", issues, omitted });

/** ISO instant of the injected clock. */
export const nowIso = (ctx: ServiceDeps): string => ctx.now().toISOString();
