/**
 * Throwaway PostgreSQL databases for tests. CRA_ASSESSOR_TEST_PG_URL names a server where the user may create
 * databases (CI: postgres://cra_ci:cra_ci@127.0.0.1:5432/postgres); each call makes a fresh database on it.
 * CRA_ASSESSOR_TEST_DB=postgres additionally runs the HTTP integration suite on PostgreSQL instead of SQLite.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";

export const TEST_PG_URL = process.env.CRA_ASSESSOR_TEST_PG_URL;
export const INTEGRATION_ON_PG = process.env.CRA_ASSESSOR_TEST_DB === "postgres" && TEST_PG_URL !== undefined;

export interface TestPgDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestPgDatabase(serverUrl = TEST_PG_URL): Promise<TestPgDatabase> {
  if (!serverUrl) throw new Error("CRA_ASSESSOR_TEST_PG_URL is not set");
  const name = `cra_test_${randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Runs one SQL statement on a test database (SQLite file or PostgreSQL URL), e.g. to tamper with the audit log. */
export async function rawQuery(target: string, text: string): Promise<Record<string, unknown>[]> {
  if (/^postgres(?:ql)?:\/\//.test(target)) {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      return (await client.query(text)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  }
  const { default: Database } = await import("better-sqlite3");
  const sqlite = new Database(target);
  try {
    const statement = sqlite.prepare(text);
    if (statement.reader) return statement.all() as Record<string, unknown>[];
    statement.run();
    return [];
  } finally {
    sqlite.close();
  }
}
