/**
 * Browser sessions of the web interface. A session stands for the API key it was opened with (revoking the key
 * ends it) and holds only the SHA-256 of its cookie token. The PostgreSQL mirror is in src/db/pg/schema.pg.ts.
 */
import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { apiKeys } from "./core.js";

export const webSessions = sqliteTable(
  "web_sessions",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    apiKeyId: text("api_key_id")
      .notNull()
      .references(() => apiKeys.id),
    csrfToken: text("csrf_token").notNull(),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("web_sessions_last_seen_idx").on(t.lastSeenAt)],
);
