import { describe, expect, it } from "vitest";
import {
  type AuditRecord,
  auditRecordHash,
  chainAuditRecord,
  GENESIS_HASH,
  verifyAuditChain,
} from "../../src/domain/audit-chain.js";
import { canonicalJson } from "../../src/json/canonical.js";

function chain(n: number): { records: AuditRecord[]; head: { seq: number; hash: string } } {
  const records: AuditRecord[] = [];
  for (let i = 0; i < n; i++) {
    const previous = records.at(-1);
    records.push(
      chainAuditRecord(
        {
          at: new Date(Date.UTC(2027, 0, 1, 0, i)).toISOString(),
          organizationId: "org_a",
          actor: "key_1",
          action: "sbom.submitted",
          subjectType: "sbom",
          subjectId: `sbm_${i}`,
          details: { sha256: String(i).repeat(64).slice(0, 64), components: i * 10 },
        },
        previous ? { seq: previous.seq, hash: previous.hash } : null,
      ),
    );
  }
  const last = records.at(-1)!;
  return { records, head: { seq: last.seq, hash: last.hash } };
}

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"x":2,"y":1}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
  it("refuses non-finite numbers instead of writing null", () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN/);
  });
});

describe("verifyAuditChain", () => {
  it("accepts an intact chain linked from the genesis hash", () => {
    const { records, head } = chain(5);
    expect(records[0]!.prevHash).toBe(GENESIS_HASH);
    expect(verifyAuditChain(records, head)).toEqual({ ok: true, records: 5, breaks: [] });
    expect(verifyAuditChain([], null)).toEqual({ ok: true, records: 0, breaks: [] });
  });

  it("names a record whose content was changed", () => {
    const { records, head } = chain(5);
    records[2] = { ...records[2]!, details: { ...records[2]!.details, components: 999 } };
    const result = verifyAuditChain(records, head);
    expect(result.ok).toBe(false);
    expect(result.breaks).toEqual([{ kind: "changed", seq: 3 }]);
  });

  it("detects a change even when the tamperer recomputed the record's own hash", () => {
    const { records, head } = chain(5);
    const forged = { ...records[1]!, actor: "someone-else" };
    const { hash: _old, ...rest } = forged;
    records[1] = { ...forged, hash: auditRecordHash(rest) };
    const result = verifyAuditChain(records, head);
    expect(result.ok).toBe(false);
    // The forged record is self-consistent, so the break shows at the next link.
    expect(result.breaks).toEqual([{ kind: "broken-link", seq: 3 }]);
  });

  it("names a record that was slipped in between two others", () => {
    const { records, head } = chain(5);
    const intruder: AuditRecord = { ...records[2]!, subjectId: "sbm_fake", hash: "f".repeat(64) };
    records.splice(3, 0, intruder);
    const result = verifyAuditChain(records, head);
    expect(result.ok).toBe(false);
    expect(result.breaks).toContainEqual({ kind: "inserted", seq: 3 });
  });

  it("says how many records were deleted and where", () => {
    const { records, head } = chain(6);
    records.splice(2, 2);
    const result = verifyAuditChain(records, head);
    expect(result.ok).toBe(false);
    expect(result.breaks).toEqual([{ kind: "deleted", beforeSeq: 5, missing: 2 }]);
  });

  it("detects the first record deleted", () => {
    const { records, head } = chain(3);
    records.shift();
    expect(verifyAuditChain(records, head).breaks).toEqual([{ kind: "deleted", beforeSeq: 2, missing: 1 }]);
  });

  it("detects the newest records cut off, through the head", () => {
    const { records, head } = chain(4);
    records.pop();
    expect(verifyAuditChain(records, head).breaks).toEqual([{ kind: "truncated", lastSeq: 3, headSeq: 4 }]);
    expect(verifyAuditChain([], head).breaks).toEqual([{ kind: "truncated", lastSeq: 0, headSeq: 4 }]);
  });

  it("detects records appended behind the head's back", () => {
    const { records, head } = chain(3);
    const extra = chainAuditRecord({ ...records[2]!, subjectId: "late" }, head);
    expect(verifyAuditChain([...records, extra], head).breaks).toEqual([{ kind: "inserted", seq: 4 }]);
  });
});
