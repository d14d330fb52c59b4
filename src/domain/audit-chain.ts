/**
 * The audit trail as a hash chain: each record carries the hash of the one before it, and its own hash
 * covers its canonical JSON together with that previous hash. Changing, inserting or deleting a record then
 * breaks the chain at a point `verifyAuditChain` names. Pure: no storage, no clock.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../json/canonical.js";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The hash the first record links to. */
export const GENESIS_HASH = "0".repeat(64);

/** What a caller asks to record. */
export interface AuditDraft {
  at: string;
  organizationId: string | null;
  /** Who did it: an API key id, or `cli:<command>` for the command line. */
  actor: string;
  /** Stable verb: `sbom.submitted`, `declaration.put`, `assessment.created`, `product.created` … */
  action: string;
  subjectType: string;
  subjectId: string;
  details: { [key: string]: JsonValue };
}

export interface AuditRecord extends AuditDraft {
  seq: number;
  prevHash: string;
  hash: string;
}

/** The hash of a record: SHA-256 over the previous hash and the canonical JSON of every other field. */
export function auditRecordHash(record: Omit<AuditRecord, "hash">): string {
  const body = canonicalJson({
    seq: record.seq,
    at: record.at,
    organizationId: record.organizationId,
    actor: record.actor,
    action: record.action,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    details: record.details,
    prevHash: record.prevHash,
  });
  return createHash("sha256").update(record.prevHash).update("\n").update(body).digest("hex");
}

/** Builds the next record of the chain from the current head. */
export function chainAuditRecord(draft: AuditDraft, head: { seq: number; hash: string } | null): AuditRecord {
  const base = { ...draft, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? GENESIS_HASH };
  return { ...base, hash: auditRecordHash(base) };
}

export type AuditBreak =
  /** The record's content no longer matches its hash. */
  | { kind: "changed"; seq: number }
  /** A record that does not belong: it does not link to its predecessor, and its successor skips it. */
  | { kind: "inserted"; seq: number }
  /** One or more records are missing before `seq` (sequence gap or a link to a record that is gone). */
  | { kind: "deleted"; beforeSeq: number; missing: number | "unknown" }
  /** The newest records are missing: the chain ends before the recorded head. */
  | { kind: "truncated"; lastSeq: number; headSeq: number }
  /** Links do not match and no simpler explanation fits. */
  | { kind: "broken-link"; seq: number };

export interface AuditVerification {
  ok: boolean;
  records: number;
  breaks: AuditBreak[];
}

/**
 * Checks a chain given in `seq` order, with the head recorded beside it (null when none was ever written).
 * Each record is checked on its own (its hash) and against its neighbours (its link), so the report says which
 * record changed, which one was slipped in and where records went missing.
 */
export function verifyAuditChain(
  records: readonly AuditRecord[],
  head: { seq: number; hash: string } | null,
): AuditVerification {
  const breaks: AuditBreak[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const { hash, ...rest } = record;
    if (auditRecordHash(rest) !== hash) breaks.push({ kind: "changed", seq: record.seq });
    if (seen.has(record.seq)) breaks.push({ kind: "inserted", seq: record.seq });
    seen.add(record.seq);

    const previous = i > 0 ? records[i - 1]! : null;
    const expectedPrev = previous ? previous.hash : GENESIS_HASH;
    if (record.prevHash === expectedPrev) continue;
    const beforePrevious = i > 1 ? records[i - 2]!.hash : i === 1 ? GENESIS_HASH : null;
    if (previous && beforePrevious !== null && record.prevHash === beforePrevious) {
      // This record links over its predecessor: the predecessor was slipped in.
      if (!breaks.some((b) => b.kind === "inserted" && b.seq === previous.seq)) {
        breaks.push({ kind: "inserted", seq: previous.seq });
      }
      continue;
    }
    const expectedSeq = previous ? previous.seq + 1 : 1;
    if (record.seq > expectedSeq) {
      breaks.push({ kind: "deleted", beforeSeq: record.seq, missing: record.seq - expectedSeq });
    } else if (!breaks.some((b) => b.kind === "changed" && previous && b.seq === previous.seq)) {
      // A changed predecessor whose stored hash was recomputed by the tamperer also lands here.
      breaks.push({ kind: "broken-link", seq: record.seq });
    }
  }
  const last = records.at(-1);
  if (head) {
    if (!last || last.seq < head.seq) {
      breaks.push({ kind: "truncated", lastSeq: last?.seq ?? 0, headSeq: head.seq });
    } else if (last.seq === head.seq && last.hash !== head.hash) {
      breaks.push({ kind: "changed", seq: last.seq });
    } else if (last.seq > head.seq) {
      breaks.push({ kind: "inserted", seq: last.seq });
    }
  } else if (last) {
    breaks.push({ kind: "broken-link", seq: last.seq });
  }
  const unique = new Map(breaks.map((b) => [canonicalJson(b), b]));
  return { ok: breaks.length === 0, records: records.length, breaks: [...unique.values()] };
}
