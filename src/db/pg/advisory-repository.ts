/**
 * PostgreSQL implementation of the advisory and Article 14 event stores of the repository port (the SQLite one is
 * src/db/sqlite/advisory-repository.ts). A batch is one transaction; an event write appends its audit record in the
 * same transaction, under the audit chain's lock like every other audited write.
 */
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Advisory, KevEntry, VexStatement } from "../../advisories/model.js";
import type { Art14Event } from "../../domain/art14.js";
import type { AuditDraft, AuditRecord } from "../../domain/audit-chain.js";
import type { AdvisoryStore, Art14EventStore, TenantScope, UpsertOutcome } from "../port.js";
import { advisoryPackages, advisoryRecords, art14Events } from "./schema.pg.js";

type Db = NodePgDatabase;
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Far below PostgreSQL's 65,535 bind parameters per statement. */
const IN_CHUNK = 5_000;

/** Orders text by code point, as SQLite does, whatever the database's collation. */
const byteOrder = (column: PgColumn) => sql`${column} collate "C"`;

export function createPgAdvisoryStore(db: Db): AdvisoryStore {
  const bodiesOfKind = async (kind: "kev" | "vex") =>
    (
      await db
        .select({ body: advisoryRecords.body })
        .from(advisoryRecords)
        .where(eq(advisoryRecords.kind, kind))
        .orderBy(byteOrder(advisoryRecords.key))
    ).map((row) => JSON.parse(row.body) as unknown);
  return {
    async upsertBatch(records, at) {
      return db.transaction(async (tx) => {
        const outcome: UpsertOutcome = { inserted: 0, updated: 0, unchanged: 0 };
        for (const r of records) {
          const [existing] = await tx
            .select({ contentHash: advisoryRecords.contentHash })
            .from(advisoryRecords)
            .where(eq(advisoryRecords.key, r.key))
            .for("update");
          if (existing?.contentHash === r.contentHash) {
            outcome.unchanged++;
            continue;
          }
          const values = {
            kind: r.kind,
            recordId: r.recordId,
            origin: r.origin,
            contentHash: r.contentHash,
            body: JSON.stringify(r.body),
            updatedAt: at,
          };
          if (existing) {
            await tx.update(advisoryRecords).set(values).where(eq(advisoryRecords.key, r.key));
            await tx.delete(advisoryPackages).where(eq(advisoryPackages.recordKey, r.key));
            outcome.updated++;
          } else {
            await tx.insert(advisoryRecords).values({ key: r.key, importedAt: at, ...values });
            outcome.inserted++;
          }
          const packageKeys = [...new Set<string>(r.packageKeys)];
          for (let i = 0; i < packageKeys.length; i += IN_CHUNK) {
            await tx
              .insert(advisoryPackages)
              .values(packageKeys.slice(i, i + IN_CHUNK).map((packageKey) => ({ recordKey: r.key, packageKey })))
              .onConflictDoNothing();
          }
        }
        return outcome;
      });
    },
    async advisoriesForPackages(packageKeys) {
      const unique = [...new Set(packageKeys)];
      const out: Advisory[] = [];
      const seen = new Set<string>();
      for (let i = 0; i < unique.length; i += IN_CHUNK) {
        const rows = await db
          .select({ key: advisoryRecords.key, body: advisoryRecords.body })
          .from(advisoryPackages)
          .innerJoin(advisoryRecords, eq(advisoryRecords.key, advisoryPackages.recordKey))
          .where(inArray(advisoryPackages.packageKey, unique.slice(i, i + IN_CHUNK)))
          .orderBy(byteOrder(advisoryRecords.key));
        // A record naming several of the asked keys comes once per key; the set keeps the first.
        for (const row of rows) {
          if (seen.has(row.key)) continue;
          seen.add(row.key);
          out.push(JSON.parse(row.body) as Advisory);
        }
      }
      return out;
    },
    async kev() {
      return (await bodiesOfKind("kev")) as KevEntry[];
    },
    async vex() {
      return (await bodiesOfKind("vex")) as VexStatement[];
    },
    async counts() {
      const counts = { advisory: 0, kev: 0, vex: 0 };
      const rows = await db
        .select({ kind: advisoryRecords.kind, n: count() })
        .from(advisoryRecords)
        .groupBy(advisoryRecords.kind);
      for (const row of rows) counts[row.kind] = Number(row.n);
      return counts;
    },
  };
}

function inScope(scope: TenantScope, organizationId: string): boolean {
  return scope.kind === "all" || scope.organizationId === organizationId;
}

export function createPgArt14EventStore(
  db: Db,
  write: <T>(work: (tx: Tx) => Promise<T>) => Promise<T>,
  appendAudit: (tx: Tx, draft: AuditDraft) => Promise<AuditRecord>,
): Art14EventStore {
  return {
    async put(scope, event, at, audit) {
      if (!inScope(scope, event.organizationId)) return null;
      return write(async (tx) => {
        const [existing] = await tx
          .select({ organizationId: art14Events.organizationId })
          .from(art14Events)
          .where(eq(art14Events.id, event.id));
        // An event id of another organisation is "not found" for this caller: never overwrite across tenants.
        if (existing && existing.organizationId !== event.organizationId) return null;
        const columns = { kind: event.kind, title: event.title, awareAt: event.awareAt, body: JSON.stringify(event) };
        await tx
          .insert(art14Events)
          .values({ id: event.id, organizationId: event.organizationId, ...columns, createdAt: at, updatedAt: at })
          .onConflictDoUpdate({ target: art14Events.id, set: { ...columns, updatedAt: at } });
        await appendAudit(tx, audit);
        return event;
      });
    },
    async get(scope, id) {
      const [row] = await db
        .select({ body: art14Events.body, organizationId: art14Events.organizationId })
        .from(art14Events)
        .where(eq(art14Events.id, id));
      if (!row || !inScope(scope, row.organizationId)) return null;
      return JSON.parse(row.body) as Art14Event;
    },
    async list(scope) {
      const rows = await db
        .select({ body: art14Events.body })
        .from(art14Events)
        .where(scope.kind === "all" ? undefined : and(eq(art14Events.organizationId, scope.organizationId)))
        .orderBy(asc(art14Events.awareAt), byteOrder(art14Events.id));
      return rows.map((row) => JSON.parse(row.body) as Art14Event);
    },
  };
}
