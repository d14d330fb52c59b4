/** Reading and verifying the audit trail. */

import { createPublicKey, type KeyObject } from "node:crypto";
import type { Page, Paged, Repositories } from "../db/port.js";
import { type AuditRecord, type AuditVerification, verifyAuditChain } from "../domain/audit-chain.js";
import {
  type AuditCheckpoint,
  type CheckpointCheck,
  checkCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from "../domain/audit-checkpoint.js";
import type { InputIssue } from "../domain/input-issue.js";
import { authorize } from "./access.js";
import { type Forbidden, type InvalidInput, invalidInput, type ServiceContext, type ServiceResult } from "./context.js";

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

/** A PEM public key is a few hundred bytes; anything far longer is not one. */
const MAX_PUBLIC_KEY_CHARS = 16 * 1024;

/**
 * `verifyAuditWithCheckpoint` for a caller that sends the checkpoint document and the PEM Ed25519 public key as
 * values (the HTTP API): both are read here, and refused with located issues when they are not what
 * `audit checkpoint` writes and `audit keygen` makes. Regulators and operators only: the chain spans every
 * organisation.
 */
export async function verifyAuditCheckpoint({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { checkpoint: unknown; publicKey: string };
}): Promise<ServiceResult<CheckpointedVerification, Forbidden | InvalidInput>> {
  const allowed = authorize(ctx.principal, "audit:verify");
  if (!allowed.ok) return allowed;
  const issues: InputIssue[] = [];
  const parsed = parseCheckpoint(input.checkpoint);
  if (!parsed.ok) {
    for (const error of parsed.errors) {
      const field = /^(\/\w+): (.*)$/.exec(error);
      issues.push({
        path: `/checkpoint${field ? field[1] : ""}`,
        constraint: "audit-checkpoint",
        message: field ? field[2]! : error,
      });
    }
  }
  let publicKey: KeyObject | undefined;
  if (/PRIVATE KEY/.test(input.publicKey)) {
    // createPublicKey would take the public half of a private key; a private key has no business in a request.
    issues.push({ path: "/publicKey", constraint: "format", message: "a private key was sent: send the public key" });
  } else if (input.publicKey.length > MAX_PUBLIC_KEY_CHARS) {
    issues.push({ path: "/publicKey", constraint: "size-limit", message: "not a PEM public key: far too long" });
  } else {
    try {
      publicKey = createPublicKey(input.publicKey);
    } catch {
      issues.push({ path: "/publicKey", constraint: "format", message: "not a PEM public key" });
    }
    if (publicKey && publicKey.asymmetricKeyType !== "ed25519") {
      issues.push({
        path: "/publicKey",
        constraint: "format",
        message: `an Ed25519 public key is needed (this one is ${publicKey.asymmetricKeyType ?? "symmetric"})`,
      });
    }
  }
  if (!parsed.ok || !publicKey || issues.length > 0) return invalidInput(issues);
  return {
    ok: true,
    value: await verifyAuditWithCheckpoint({ repos: ctx.repos, checkpoint: parsed.value, publicKey }),
  };
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
