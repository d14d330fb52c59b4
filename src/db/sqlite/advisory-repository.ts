/**
 * SQLite implementation of the advisory and event stores of the repository port (src/db/port.ts). Batches are written with prepared
 * statements inside one synchronous better-sqlite3 transaction: an async callback would commit outside it,
 * and a crash mid-import must leave whole batches or nothing.
 */

import type { Advisory, KevEntry, VexStatement } from "../../advisories/model.js";
import type { Art14Event } from "../../domain/art14.js";
import type { AuditDraft, AuditRecord } from "../../domain/audit-chain.js";
import type { AdvisoryStore, Art14EventStore, StoredRecord, TenantScope, UpsertOutcome } from "../port.js";
import type { SqliteDatabase } from "./open.js";

/** SQLite's default host-parameter limit is 32766 since 3.32; stay far below it. */
const IN_CHUNK = 500;

export function createAdvisoryStore(database: SqliteDatabase): AdvisoryStore {
  const { sqlite } = database;
  const selectHash = sqlite.prepare<[string], { content_hash: string }>(
    "SELECT content_hash FROM advisory_records WHERE key = ?",
  );
  const insertRecord = sqlite.prepare(
    "INSERT INTO advisory_records (key, kind, record_id, origin, content_hash, body, imported_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const updateRecord = sqlite.prepare(
    "UPDATE advisory_records SET kind = ?, record_id = ?, origin = ?, content_hash = ?, body = ?, updated_at = ? WHERE key = ?",
  );
  const deletePackages = sqlite.prepare("DELETE FROM advisory_packages WHERE record_key = ?");
  const insertPackage = sqlite.prepare(
    "INSERT OR IGNORE INTO advisory_packages (record_key, package_key) VALUES (?, ?)",
  );
  const bodiesOfKind = sqlite.prepare<[string], { body: string }>(
    "SELECT body FROM advisory_records WHERE kind = ? ORDER BY key",
  );
  const countKinds = sqlite.prepare<[], { kind: string; n: number }>(
    "SELECT kind, COUNT(*) AS n FROM advisory_records GROUP BY kind",
  );

  const writeBatch = sqlite.transaction((records: readonly StoredRecord[], at: string): UpsertOutcome => {
    const outcome: UpsertOutcome = { inserted: 0, updated: 0, unchanged: 0 };
    for (const r of records) {
      const existing = selectHash.get(r.key);
      if (existing?.content_hash === r.contentHash) {
        outcome.unchanged++;
        continue;
      }
      const body = JSON.stringify(r.body);
      if (existing) {
        updateRecord.run(r.kind, r.recordId, r.origin, r.contentHash, body, at, r.key);
        deletePackages.run(r.key);
        outcome.updated++;
      } else {
        insertRecord.run(r.key, r.kind, r.recordId, r.origin, r.contentHash, body, at, at);
        outcome.inserted++;
      }
      for (const packageKey of r.packageKeys) insertPackage.run(r.key, packageKey);
    }
    return outcome;
  });

  return {
    async upsertBatch(records, at) {
      return writeBatch.immediate(records, at);
    },
    async advisoriesForPackages(packageKeys) {
      const unique = [...new Set(packageKeys)];
      const out: Advisory[] = [];
      const seen = new Set<string>();
      for (let i = 0; i < unique.length; i += IN_CHUNK) {
        const chunk = unique.slice(i, i + IN_CHUNK);
        const rows = sqlite
          .prepare<string[], { key: string; body: string }>(
            `SELECT DISTINCT r.key, r.body FROM advisory_packages p JOIN advisory_records r ON r.key = p.record_key
             WHERE p.package_key IN (${chunk.map(() => "?").join(",")}) ORDER BY r.key`,
          )
          .all(...chunk);
        for (const row of rows) {
          if (seen.has(row.key)) continue;
          seen.add(row.key);
          out.push(JSON.parse(row.body) as Advisory);
        }
      }
      return out;
    },
    async kev() {
      return bodiesOfKind.all("kev").map((row) => JSON.parse(row.body) as KevEntry);
    },
    async vex() {
      return bodiesOfKind.all("vex").map((row) => JSON.parse(row.body) as VexStatement);
    },
    async counts() {
      const counts = { advisory: 0, kev: 0, vex: 0 };
      for (const row of countKinds.all()) counts[row.kind as keyof typeof counts] = row.n;
      return counts;
    },
  };
}

function inScope(scope: TenantScope, organizationId: string): boolean {
  return scope.kind === "all" || scope.organizationId === organizationId;
}

export function createArt14EventStore(
  database: SqliteDatabase,
  appendAuditIn: (tx: SqliteDatabase["db"], draft: AuditDraft) => AuditRecord,
): Art14EventStore {
  const { sqlite } = database;
  const select = sqlite.prepare<[string], { body: string; organization_id: string }>(
    "SELECT body, organization_id FROM art14_events WHERE id = ?",
  );
  const upsert = sqlite.prepare(
    `INSERT INTO art14_events (id, organization_id, kind, title, aware_at, body, created_at, updated_at)
     VALUES (@id, @organizationId, @kind, @title, @awareAt, @body, @at, @at)
     ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, title = excluded.title, aware_at = excluded.aware_at,
       body = excluded.body, updated_at = excluded.updated_at`,
  );
  const listAll = sqlite.prepare<[], { body: string }>("SELECT body FROM art14_events ORDER BY aware_at, id");
  const listOrg = sqlite.prepare<[string], { body: string }>(
    "SELECT body FROM art14_events WHERE organization_id = ? ORDER BY aware_at, id",
  );
  const put = sqlite.transaction(
    (scope: TenantScope, event: Art14Event, at: string, audit: AuditDraft): Art14Event | null => {
      if (!inScope(scope, event.organizationId)) return null;
      const existing = select.get(event.id);
      // An event id of another organisation is "not found" for this caller: never overwrite across tenants.
      if (existing && existing.organization_id !== event.organizationId) return null;
      upsert.run({
        id: event.id,
        organizationId: event.organizationId,
        kind: event.kind,
        title: event.title,
        awareAt: event.awareAt,
        body: JSON.stringify(event),
        at,
      });
      appendAuditIn(database.db, audit);
      return event;
    },
  );
  return {
    async put(scope, event, at, audit) {
      return put.immediate(scope, event, at, audit);
    },
    async get(scope, id) {
      const row = select.get(id);
      if (!row || !inScope(scope, row.organization_id)) return null;
      return JSON.parse(row.body) as Art14Event;
    },
    async list(scope) {
      const rows = scope.kind === "all" ? listAll.all() : listOrg.all(scope.organizationId);
      return rows.map((row) => JSON.parse(row.body) as Art14Event);
    },
  };
}
