/**
 * The manufacturer's VEX analyses, one row per product version, vulnerability and component (src/domain/vex.ts).
 * Recording an analysis again replaces it; every write is in the audit chain. The PostgreSQL mirror is in
 * src/db/pg/schema.pg.ts.
 */
import { index, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organizations, products } from "./core.js";

export const productVex = sqliteTable(
  "product_vex",
  {
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id),
    productVersion: text("product_version").notNull(),
    vulnerability: text("vulnerability").notNull(),
    component: text("component").notNull(),
    state: text("state").notNull(),
    justification: text("justification"),
    /** JSON array of CycloneDX impact analysis responses. */
    responses: text("responses").notNull(),
    detail: text("detail"),
    author: text("author").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.productVersion, t.vulnerability, t.component] }),
    index("product_vex_org_idx").on(t.organizationId),
  ],
);
