import { defineConfig } from "drizzle-kit";

/** The PostgreSQL dialect: same table and column names as SQLite, its own migration history. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/pg/schema.pg.ts",
  out: "./src/db/pg/migrations",
});
