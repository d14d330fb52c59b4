/**
 * Who may do what. Roles decide WHICH actions a key may take; the tenant scope decides WHOSE
 * records it sees. A key acting outside its scope finds nothing (404), so another organisation's products stay
 * invisible; only an action the role can never take answers 403.
 */
import type { Role, TenantScope } from "../db/port.js";
import { type Forbidden, failure, type Principal, type ServiceResult } from "./context.js";

export type Action =
  | "organization:create"
  | "organization:read"
  | "key:manage"
  | "product:create"
  | "product:read"
  | "sbom:submit"
  | "declaration:put"
  | "vex:write"
  | "assessment:create"
  | "assessment:read"
  | "assess:stateless"
  | "audit:read"
  | "audit:verify"
  | "event:write"
  | "event:read"
  | "advisory:read"
  | "framework:read"
  | "framework:compare"
  | "arrangement:simulate"
  | "crosswalk:review"
  | "arrangement:draft";

const PERMISSIONS: Record<Action, readonly Role[]> = {
  "organization:create": ["operator"],
  "organization:read": ["admin", "operator"],
  "key:manage": ["admin", "operator"],
  "product:create": ["manufacturer"],
  "product:read": ["manufacturer", "ci", "regulator"],
  "sbom:submit": ["manufacturer", "ci"],
  "declaration:put": ["manufacturer", "ci"],
  "vex:write": ["manufacturer", "ci"],
  "assessment:create": ["manufacturer", "ci"],
  "assessment:read": ["manufacturer", "ci", "regulator"],
  "assess:stateless": ["manufacturer", "ci", "regulator"],
  "audit:read": ["manufacturer", "regulator", "admin", "operator"],
  // The chain spans every organisation: only roles that see all of it may check all of it.
  "audit:verify": ["regulator", "operator"],
  // Article 14 obligations are the manufacturer's; its organisation's admin may record them too.
  "event:write": ["manufacturer", "admin"],
  "event:read": ["manufacturer", "ci", "regulator", "admin"],
  "advisory:read": ["manufacturer", "ci", "regulator", "admin", "operator"],
  "framework:read": ["manufacturer", "ci", "regulator", "admin", "operator"],
  "framework:compare": ["regulator"],
  "arrangement:simulate": ["regulator"],
  // A review is a regulator's statement about a mapping; a draft arrangement is a regulator's working document.
  "crosswalk:review": ["regulator"],
  "arrangement:draft": ["regulator"],
};

export function may(principal: Principal, action: Action): boolean {
  return PERMISSIONS[action].includes(principal.role);
}

/**
 * The scope a principal acts in. Regulators read every organisation but write nothing of theirs; operators
 * (platform staff, keys made only from the command line) manage every organisation; `ci` keys are narrowed to
 * their named products; everyone else, organisation admins included, sees their own organisation only.
 */
export function scopeOf(principal: Principal): TenantScope {
  if (principal.role === "regulator" || principal.role === "operator") return { kind: "all" };
  if (principal.role === "ci") {
    return { kind: "organization", organizationId: principal.organizationId, productIds: principal.productIds };
  }
  return { kind: "organization", organizationId: principal.organizationId };
}

/** Checks the role, then hands back the scope to query in. */
export function authorize(principal: Principal, action: Action): ServiceResult<TenantScope, Forbidden> {
  if (!may(principal, action)) return failure({ kind: "forbidden", action, role: principal.role });
  return { ok: true, value: scopeOf(principal) };
}
