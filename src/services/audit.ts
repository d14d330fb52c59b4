/** Reading and verifying the audit trail. */
import type { Page, Paged, Repositories } from "../db/port.js";
import { type AuditRecord, type AuditVerification, verifyAuditChain } from "../domain/audit-chain.js";
import { authorize } from "./access.js";
import type { ServiceContext, ServiceResult } from "./context.js";

/** Recomputes the whole chain; used by `cra-assessor audit verify` (which reads the file directly). */
export async function verifyAudit({ repos }: { repos: Repositories }): Promise<AuditVerification> {
  const { records, head } = await repos.audit.chain();
  return verifyAuditChain(records, head);
}

/** The trail of the caller's organisation (regulators and operators: every organisation), newest first. */
export async function listAudit({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: Page;
}): Promise<ServiceResult<Paged<AuditRecord>>> {
  const allowed = authorize(ctx.principal, "audit:read");
  if (!allowed.ok) return allowed;
  return { ok: true, value: await ctx.repos.audit.list(allowed.value, input) };
}
