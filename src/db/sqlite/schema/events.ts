/**
 * Article 14 events: actively exploited vulnerabilities and severe incidents of an organisation's
 * products, with the reports sent. The whole event is kept as JSON (`body`); the columns are what lists filter on.
 */
import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organizations } from "./core.js";

export const art14Events = sqliteTable(
  "art14_events",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    kind: text("kind", { enum: ["actively-exploited-vulnerability", "severe-incident"] }).notNull(),
    title: text("title").notNull(),
    awareAt: text("aware_at").notNull(),
    body: text("body").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("art14_events_org_idx").on(t.organizationId, t.awareAt)],
);
