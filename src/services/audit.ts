/** Reading and verifying the audit trail. */

import type { KeyObject } from "node:crypto";
import type { Page, Paged, Repositories } from "../db/port.js";
import { type AuditRecord, type AuditVerification, verifyAuditChain } from "../domain/audit-chain.js";
import {
  type AuditCheckpoint,
  type CheckpointCheck,
  checkCheckpoint,
  signCheckpoint,
} from "../domain/audit-checkpoint.js";
import { authorize } from "./access.js";
import type { Forbidden, ServiceContext, ServiceResult } from "./context.js";

/** Recomputes the whole chain; used by `cra-assessor audit verify` (which reads the file directly). */
export async function verifyAudit({ repos }: { repos: Repositories }): Promise<AuditVerification> {
  const { records, head } = await repos.audit.chain();
  return verifyAuditChain(records, head);
}

export interface CheckpointedVerification extends AuditVerification {
  /** The chain's own verification (`ok` above also needs the checkpoint to hold). */
  chainOk: boolean;
  checkpoint: CheckpointCheck;
}

/**
 * The chain's verification and a signed checkpoint's check against the same snapshot of the chain: `ok` only
 * when both hold (`audit verify --checkpoint`).
 */
export async function verifyAuditWithCheckpoint({
  repos,
  checkpoint,
  publicKey,
}: {
  repos: Repositories;
  checkpoint: AuditCheckpoint;
  publicKey: KeyObject;
}): Promise<CheckpointedVerification> {
  const { records, head } = await repos.audit.chain();
  const verification = verifyAuditChain(records, head);
  const check = checkCheckpoint(checkpoint, publicKey, records);
  return { ...verification, ok: verification.ok && check.ok, chainOk: verification.ok, checkpoint: check };
}

export type CheckpointOutcome =
  | { kind: "signed"; checkpoint: AuditCheckpoint; records: number }
  | { kind: "empty" }
  | { kind: "broken"; verification: AuditVerification };

/**
 * Signs a checkpoint of the chain's head, only for a chain that verifies (signing a broken chain would vouch for
 * it). The head is the newest record read, in the same snapshot as the verification.
 */
export async function checkpointAudit({
  repos,
  privateKey,
  publicKey,
  now,
}: {
  repos: Repositories;
  privateKey: KeyObject;
  publicKey: KeyObject;
  now: () => Date;
}): Promise<CheckpointOutcome> {
  const { records, head } = await repos.audit.chain();
  const verification = verifyAuditChain(records, head);
  if (!verification.ok) return { kind: "broken", verification };
  const last = records.at(-1);
  if (!last) return { kind: "empty" };
  return {
    kind: "signed",
    checkpoint: signCheckpoint({ seq: last.seq, hash: last.hash }, now().toISOString(), privateKey, publicKey),
    records: records.length,
  };
}

/** The trail of the caller's organisation (regulators and operators: every organisation), newest first. */
export async function listAudit({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: Page;
}): Promise<ServiceResult<Paged<AuditRecord>, Forbidden>> {
  const allowed = authorize(ctx.principal, "audit:read");
  if (!allowed.ok) return allowed;
  return { ok: true, value: await ctx.repos.audit.list(allowed.value, input) };
}
