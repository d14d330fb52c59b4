/**
 * Storage ports for advisories and Article 14 events, beside the core repository port (src/db/port.ts): imported advisory data and
 * Article 14 events. SQLite implements them in src/db/sqlite/advisory-repository.ts; a PostgreSQL one would
 * implement the same interfaces. Methods are async for that driver; SQLite does its work synchronously inside.
 */
import type { TenantScope } from "../db/port.js";
import type { Art14Event } from "../domain/art14.js";
import type { AuditDraft } from "../domain/audit-chain.js";
import type { Advisory, KevEntry, VexStatement } from "./model.js";

export type StoredRecord =
  | {
      key: string;
      kind: "advisory";
      recordId: string;
      origin: string;
      contentHash: string;
      body: Advisory;
      packageKeys: string[];
    }
  | { key: string; kind: "kev"; recordId: string; origin: string; contentHash: string; body: KevEntry; packageKeys: [] }
  | {
      key: string;
      kind: "vex";
      recordId: string;
      origin: string;
      contentHash: string;
      body: VexStatement;
      packageKeys: [];
    };

export interface UpsertOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface AdvisoryStore {
  /** Stores a batch in one transaction: every record of the batch, or none of them. */
  upsertBatch(records: readonly StoredRecord[], at: string): Promise<UpsertOutcome>;
  /** Advisories that name any of these package keys. */
  advisoriesForPackages(packageKeys: readonly string[]): Promise<Advisory[]>;
  kev(): Promise<KevEntry[]>;
  vex(): Promise<VexStatement[]>;
  counts(): Promise<{ advisory: number; kev: number; vex: number }>;
}

export interface Art14EventStore {
  /**
   * Creates or replaces the event and appends the audit record, both or neither. Null when its organisation is
   * outside the scope (or the id belongs to another organisation's event).
   */
  put(scope: TenantScope, event: Art14Event, at: string, audit: AuditDraft): Promise<Art14Event | null>;
  get(scope: TenantScope, id: string): Promise<Art14Event | null>;
  /** Events in the scope, oldest awareness first. */
  list(scope: TenantScope): Promise<Art14Event[]>;
}
