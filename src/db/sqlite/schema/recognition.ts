/**
 * Regulators' work on the mutual-recognition data: reviews of crosswalk rows and draft arrangements. The PostgreSQL
 * mirror is in src/db/pg/schema.pg.ts.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizations } from "./core.js";

export const crosswalkReviews = sqliteTable(
  "crosswalk_reviews",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    crosswalkId: text("crosswalk_id").notNull(),
    source: text("source").notNull(),
    target: text("target").notNull(),
    reviewer: text("reviewer").notNull(),
    organisation: text("organisation").notNull(),
    date: text("date").notNull(),
    verdict: text("verdict", { enum: ["agree", "disagree", "changed"] }).notNull(),
    relationship: text("relationship"),
    comment: text("comment"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("crosswalk_reviews_crosswalk_idx").on(t.crosswalkId, t.date)],
);

export const draftArrangements = sqliteTable(
  "draft_arrangements",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    arrangementId: text("arrangement_id").notNull(),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    mediaType: text("media_type").notNull(),
    content: text("content").notNull(),
    sha256: text("sha256").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("draft_arrangements_version_idx").on(t.organizationId, t.arrangementId, t.version)],
);
