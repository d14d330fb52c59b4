import { defineConfig } from "drizzle-kit";

/**
 * SQLite is the embedded default. The schema is a folder so that each feature (core records, advisories,
 * Article 14 events) owns its own file; drizzle-kit reads them all and writes one migration history.
 * The PostgreSQL schema (src/db/pg/schema.pg.ts) mirrors the table and column names and has its own config and
 * migration folder (`drizzle-kit generate --config drizzle.pg.config.ts`).
 */
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/sqlite/schema/*.ts",
  out: "./src/db/sqlite/migrations",
});
