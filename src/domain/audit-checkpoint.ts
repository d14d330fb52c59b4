/**
 * Signed checkpoints of the audit chain's head. The chain and its one-row head live in the same database, so
 * someone able to write there can cut off the newest records and set the head back: the chain still verifies.
 * A checkpoint taken earlier (sequence number and hash of the head record, signed with an Ed25519 key the operator
 * keeps outside the database) shows it: the chain must still hold that record, with that hash.
 *
 * The signature covers the RFC 8785 canonical JSON of every field but `signature`. Pure: no storage, no clock,
 * no files; keys come in as node:crypto key objects.
 */
import { createHash, type KeyObject, sign, verify } from "node:crypto";
import { canonicalJson } from "../json/canonical.js";
import type { AuditRecord } from "./audit-chain.js";

export const CHECKPOINT_FORMAT = "cra-assessor-audit-checkpoint";
export const CHECKPOINT_VERSION = 1;
export const CHECKPOINT_ALGORITHM = "Ed25519";

/** What is signed. */
export interface AuditCheckpointBody {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  /** Sequence number of the head record (the chain's length: sequence numbers start at 1, without gaps). */
  seq: number;
  /** Hash of that record. */
  hash: string;
  /** When the checkpoint was signed (ISO 8601, UTC). */
  at: string;
  algorithm: typeof CHECKPOINT_ALGORITHM;
  /** `sha256:` and the SHA-256 (hex) of the public key's DER SubjectPublicKeyInfo. */
  keyId: string;
}

export interface AuditCheckpoint extends AuditCheckpointBody {
  /** Ed25519 signature (base64) over the canonical JSON of the body. */
  signature: string;
}

export type CheckpointProblem =
  /** The checkpoint names another key than the one given. */
  | { kind: "wrong-key"; checkpointKeyId: string; givenKeyId: string }
  /** The signature does not verify with the key: the checkpoint was altered or forged. */
  | { kind: "bad-signature" }
  /** The chain no longer holds the checkpointed record: it ends before it. */
  | { kind: "missing"; seq: number; lastSeq: number }
  /** The chain holds a record at that sequence number, but not the one checkpointed. */
  | { kind: "changed"; seq: number };

export interface CheckpointCheck {
  ok: boolean;
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  problem?: CheckpointProblem;
}

/** The key id of an Ed25519 public key (or of the public half of a private key). */
export function checkpointKeyId(key: KeyObject): string {
  const der = key.export({ type: "spki", format: "der" });
  return `sha256:${createHash("sha256").update(der).digest("hex")}`;
}

function signedBytes(body: AuditCheckpointBody): Buffer {
  const { format, version, seq, hash, at, algorithm, keyId } = body;
  return Buffer.from(canonicalJson({ format, version, seq, hash, at, algorithm, keyId }), "utf8");
}

/** Signs a checkpoint of the head `{seq, hash}`; `publicKey` is the private key's public half (for the key id). */
export function signCheckpoint(
  head: { seq: number; hash: string },
  at: string,
  privateKey: KeyObject,
  publicKey: KeyObject,
): AuditCheckpoint {
  const body: AuditCheckpointBody = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    seq: head.seq,
    hash: head.hash,
    at,
    algorithm: CHECKPOINT_ALGORITHM,
    keyId: checkpointKeyId(publicKey),
  };
  return { ...body, signature: sign(null, signedBytes(body), privateKey).toString("base64") };
}

const FIELDS = ["format", "version", "seq", "hash", "at", "algorithm", "keyId", "signature"] as const;

/**
 * Reads a parsed checkpoint document: every field present with its type, nothing else (an unsigned extra field
 * could only mislead a reader). Returns the problems found, located by field.
 */
export function parseCheckpoint(
  value: unknown,
): { ok: true; value: AuditCheckpoint } | { ok: false; errors: string[] } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, errors: ["a checkpoint is a JSON object"] };
  }
  const record = value as Record<string, unknown>;
  const errors: string[] = [];
  for (const key of Object.keys(record)) {
    if (!(FIELDS as readonly string[]).includes(key)) errors.push(`/${key}: not a checkpoint field`);
  }
  if (record.format !== CHECKPOINT_FORMAT) errors.push(`/format: must be "${CHECKPOINT_FORMAT}"`);
  if (record.version !== CHECKPOINT_VERSION) errors.push(`/version: must be ${CHECKPOINT_VERSION}`);
  if (typeof record.seq !== "number" || !Number.isSafeInteger(record.seq) || record.seq < 1) {
    errors.push("/seq: must be a whole number from 1");
  }
  if (typeof record.hash !== "string" || !/^[0-9a-f]{64}$/.test(record.hash)) {
    errors.push("/hash: must be 64 lowercase hex digits");
  }
  if (typeof record.at !== "string" || Number.isNaN(Date.parse(record.at))) {
    errors.push("/at: must be an ISO 8601 time");
  }
  if (record.algorithm !== CHECKPOINT_ALGORITHM) errors.push(`/algorithm: must be "${CHECKPOINT_ALGORITHM}"`);
  if (typeof record.keyId !== "string" || !/^sha256:[0-9a-f]{64}$/.test(record.keyId)) {
    errors.push("/keyId: must be sha256: and 64 lowercase hex digits");
  }
  if (
    typeof record.signature !== "string" ||
    !/^[A-Za-z0-9+/]+={0,2}$/.test(record.signature) ||
    Buffer.from(record.signature, "base64").length !== 64
  ) {
    errors.push("/signature: must be a base64 Ed25519 signature (64 bytes)");
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: record as unknown as AuditCheckpoint };
}

/**
 * Checks a checkpoint against a public key and the chain as it is now (records in `seq` order): the signature
 * first (a checkpoint that does not verify says nothing about the chain), then that the chain still holds the
 * checkpointed record with its hash.
 */
export function checkCheckpoint(
  checkpoint: AuditCheckpoint,
  publicKey: KeyObject,
  records: readonly AuditRecord[],
): CheckpointCheck {
  const base = { seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at, keyId: checkpoint.keyId };
  const givenKeyId = checkpointKeyId(publicKey);
  if (givenKeyId !== checkpoint.keyId) {
    return { ...base, ok: false, problem: { kind: "wrong-key", checkpointKeyId: checkpoint.keyId, givenKeyId } };
  }
  let valid: boolean;
  try {
    valid = verify(null, signedBytes(checkpoint), publicKey, Buffer.from(checkpoint.signature, "base64"));
  } catch {
    valid = false;
  }
  if (!valid) return { ...base, ok: false, problem: { kind: "bad-signature" } };
  const record = records.find((r) => r.seq === checkpoint.seq);
  if (!record) {
    const lastSeq = records.reduce((max, r) => Math.max(max, r.seq), 0);
    return { ...base, ok: false, problem: { kind: "missing", seq: checkpoint.seq, lastSeq } };
  }
  if (record.hash !== checkpoint.hash) return { ...base, ok: false, problem: { kind: "changed", seq: checkpoint.seq } };
  return { ...base, ok: true };
}
