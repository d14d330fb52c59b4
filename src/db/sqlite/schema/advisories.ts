/**
 * Imported advisory data: OSV/CycloneDX/CSAF advisories, KEV entries and VEX statements, one row per
 * record with the hash of its normalized content so a re-import updates only what changed. `advisory_packages`
 * is the index by (purl type, namespace, name) that matching reads.
 */
import { index, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const advisoryRecords = sqliteTable(
  "advisory_records",
  {
    /** `osv:<id>`, `kev:<cve>`, or `<source>:<file name>#<pointer>` for records read out of VEX/VDR/CSAF documents. */
    key: text("key").primaryKey(),
    kind: text("kind", { enum: ["advisory", "kev", "vex"] }).notNull(),
    recordId: text("record_id").notNull(),
    /** Where it was last imported from (file, zip entry, JSON pointer). */
    origin: text("origin").notNull(),
    /** SHA-256 of the normalized record's JSON. */
    contentHash: text("content_hash").notNull(),
    /** The normalized record (Advisory, KevEntry or VexStatement) as JSON. */
    body: text("body").notNull(),
    importedAt: text("imported_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("advisory_records_kind_idx").on(t.kind)],
);

export const advisoryPackages = sqliteTable(
  "advisory_packages",
  {
    recordKey: text("record_key")
      .notNull()
      .references(() => advisoryRecords.key, { onDelete: "cascade" }),
    packageKey: text("package_key").notNull(),
  },
  (t) => [primaryKey({ columns: [t.recordKey, t.packageKey] }), index("advisory_packages_key_idx").on(t.packageKey)],
);
