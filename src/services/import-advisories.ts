/**
 * `advisories import`: reads advisory files offline and stores their records. Re-importing is idempotent: each
 * record is keyed (`osv:<id>`, `kev:<cve>`, or the source document's file name and JSON pointer for VEX/VDR/CSAF
 * records) and carries the SHA-256 of its normalized content, so only changed records are rewritten. Records are
 * written in batches of whole documents, each batch in one transaction: an interrupted import leaves complete
 * documents stored and nothing half-stored, and running it again finishes the job.
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import type { ParsedDocument } from "../advisories/document.js";
import { type LoadProgress, readAdvisoryFiles } from "../advisories/load.js";
import type { AdvisoryStore, StoredRecord, UpsertOutcome } from "../advisories/store.js";
import type { InputIssue } from "../domain/input-issue.js";

/** Records per transaction: bounds the memory held and the work a crash loses; whole documents are never split. */
export const IMPORT_BATCH_RECORDS = 2000;

export interface ImportAdvisoriesContext {
  store: AdvisoryStore;
  now: () => Date;
  onProgress?: (progress: LoadProgress) => void;
}

export interface ImportSummary extends UpsertOutcome {
  documents: number;
  byKind: Record<string, number>;
  withdrawn: number;
  /** Records and files skipped, with file and JSON pointer; `unsupported` ones are ignored entries, not errors. */
  issues: InputIssue[];
}

function contentHash(body: object): string {
  // Where a record was read from is not its content: moving a file must not count as a change.
  const { origin: _origin, source: _source, ...content } = body as Record<string, unknown>;
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}

function documentKey(origin: string): string {
  const hash = origin.indexOf("#");
  const file = hash >= 0 ? origin.slice(0, hash) : origin;
  const fragment = hash >= 0 ? origin.slice(hash) : "";
  return `${basename(file.replace(/!\//g, "/"))}${fragment}`;
}

export function storedRecords(doc: ParsedDocument): StoredRecord[] {
  const out: StoredRecord[] = [];
  for (const a of doc.advisories) {
    out.push({
      key: a.source === "osv" ? `osv:${a.id}` : `${a.source}:${documentKey(a.origin)}`,
      kind: "advisory",
      recordId: a.id,
      origin: a.origin,
      contentHash: contentHash(a),
      body: a,
      packageKeys: [...new Set(a.affected.map((p) => p.key))],
    });
  }
  for (const k of doc.kev) {
    out.push({
      key: `kev:${k.cveId}`,
      kind: "kev",
      recordId: k.cveId,
      origin: "kev",
      contentHash: contentHash(k),
      body: k,
      packageKeys: [],
    });
  }
  for (const v of doc.vex) {
    out.push({
      key: `vex:${documentKey(v.source)}`,
      kind: "vex",
      recordId: v.ids[0] ?? "",
      origin: v.source,
      contentHash: contentHash(v),
      body: v,
      packageKeys: [],
    });
  }
  return out;
}

export async function importAdvisories({
  ctx,
  input,
}: {
  ctx: ImportAdvisoriesContext;
  input: { paths: string[] };
}): Promise<ImportSummary> {
  const summary: ImportSummary = {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    documents: 0,
    byKind: {},
    withdrawn: 0,
    issues: [],
  };
  let pending: StoredRecord[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const outcome = await ctx.store.upsertBatch(pending, ctx.now().toISOString());
    summary.inserted += outcome.inserted;
    summary.updated += outcome.updated;
    summary.unchanged += outcome.unchanged;
    pending = [];
  };
  const ioIssues = await readAdvisoryFiles(input.paths, {
    ...(ctx.onProgress ? { onProgress: ctx.onProgress } : {}),
    async onDocument(doc) {
      summary.documents++;
      summary.byKind[doc.kind] = (summary.byKind[doc.kind] ?? 0) + 1;
      summary.withdrawn += doc.withdrawn.length;
      summary.issues.push(...doc.issues);
      for (const record of storedRecords(doc)) pending.push(record);
      if (pending.length >= IMPORT_BATCH_RECORDS) await flush();
    },
  });
  await flush();
  summary.issues.unshift(...ioIssues);
  return summary;
}
