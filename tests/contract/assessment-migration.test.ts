/**
 * The migrations that move report bodies out of the assessments table, fill the stored counts and make the
 * declaration reference nullable must carry existing rows over: a database holding an assessment from before it is migrated, then read through the
 * repository, in each dialect (PostgreSQL when CRA_ASSESSOR_TEST_PG_URL is set, as in pg.test.ts).
 */
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openPg, PG_MIGRATIONS } from "../../src/db/pg/open.js";
import { createPgRepositories } from "../../src/db/pg/repository.js";
import type { Repositories } from "../../src/db/port.js";
import { openSqlite, SQLITE_MIGRATIONS } from "../../src/db/sqlite/open.js";
import { createSqliteRepositories } from "../../src/db/sqlite/repository.js";

/** A copy of a migrations folder whose journal stops before the migration named `name` (its tag after the number). */
function migrationsBefore(folder: string, name: string, into: string): string {
  cpSync(folder, into, { recursive: true });
  const journalFile = join(into, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const stop = journal.entries.findIndex((entry) => entry.tag.replace(/^\d+_/, "") === name);
  expect(stop).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, stop);
  writeFileSync(journalFile, JSON.stringify(journal));
  return into;
}

const zero = { met: 0, gap: 0, "needs-review": 0, "not-applicable": 0, recognized: 0, partial: 0, waived: 0 };
// Two reports as the service stores them (only the fields the migration reads, plus one it must ignore).
const reports = JSON.stringify([
  {
    framework: { id: "cra", name: "CRA" },
    summary: {
      total: 3,
      byStatus: { ...zero, met: 1, gap: 2 },
      byBasis: { verified: 1, declared: 0, absent: 1, contradicted: 1 },
      gapsBySeverity: { critical: 0, high: 1, medium: 0, low: 1, info: 0 },
    },
    findings: [
      { requirement: "CRA-AI-P1-03", title: "Protection from unauthorised access", status: "gap" },
      { requirement: "CRA-AI-P2-01", title: "SBOM", status: "met" },
      { requirement: "CRA-AII-02", title: "Single point of contact", status: "gap" },
    ],
  },
  {
    framework: { id: "uk-psti", name: "UK PSTI" },
    summary: {
      total: 1,
      byStatus: { ...zero, "needs-review": 1 },
      byBasis: { verified: 0, declared: 1, absent: 0, contradicted: 0 },
      gapsBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    },
    findings: [{ requirement: "PSTI-1", title: "No default passwords", status: "gap" }],
  },
]);

const expectedListing = {
  reportCounts: [
    {
      framework: "cra",
      byStatus: { ...zero, met: 1, gap: 2 },
      byBasis: { verified: 1, declared: 0, absent: 1, contradicted: 1 },
      gapsBySeverity: { critical: 0, high: 1, medium: 0, low: 1, info: 0 },
    },
    {
      framework: "uk-psti",
      byStatus: { ...zero, "needs-review": 1 },
      byBasis: { verified: 0, declared: 1, absent: 0, contradicted: 0 },
      gapsBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    },
  ],
  // Only the CRA report's gaps, in report order; the partner report's gap is not one of them.
  craGaps: [
    { requirement: "CRA-AI-P1-03", title: "Protection from unauthorised access" },
    { requirement: "CRA-AII-02", title: "Single point of contact" },
  ],
};

/** Rows written as the schema before the migration had them; `reports` still a column of `assessments`. */
const seedStatements = [
  `insert into organizations (id, slug, name, created_at) values ('org_m', 'm', 'M', '2027-01-01T00:00:00.000Z')`,
  `insert into products (id, organization_id, name, product_class, description, created_at)
     values ('prd_m', 'org_m', 'Hub', null, null, '2027-01-01T00:00:00.000Z')`,
  `insert into declarations (id, product_id, organization_id, version, sha256, media_type, content, product_version, created_at)
     values ('dcl_m', 'prd_m', 'org_m', 1, 'd', 'application/yaml', 'x', null, '2027-01-01T00:00:00.000Z')`,
  `insert into assessments (id, product_id, organization_id, sbom_id, declaration_id, sbom_sha256, declaration_sha256,
     rule_set_version, frameworks, as_of, fail_on, verdict, highest_gap_severity, product_class, reports, reports_sha256, created_at)
     values ('asm_m', 'prd_m', 'org_m', null, 'dcl_m', null, 'd', 'cra@test', '["cra","uk-psti"]', '2028-01-01', 'high',
     'fail', 'high', null, $1, 'e', '2027-01-02T00:00:00.000Z')`,
];

async function expectCarriedOver(repos: Repositories): Promise<void> {
  const scope = { kind: "organization" as const, organizationId: "org_m" };
  const listed = await repos.assessments.list(scope, {}, { limit: 10, offset: 0 });
  expect(listed.total).toBe(1);
  expect(listed.items[0]).toMatchObject({ id: "asm_m", frameworks: ["cra", "uk-psti"], ...expectedListing });
  const full = await repos.assessments.get(scope, "asm_m");
  // The body is the stored text, byte for byte (its SHA-256 is the ETag).
  expect(full?.reports).toBe(reports);
  expect(full).toMatchObject(expectedListing);
}

describe("assessment summaries migration", () => {
  it("sqlite: moves the reports and fills the counts of existing assessments", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cra-migration-"));
    try {
      const file = join(dir, "old.db");
      const old = new Database(file);
      migrate(drizzle(old), {
        migrationsFolder: migrationsBefore(SQLITE_MIGRATIONS, "assessment_summaries", join(dir, "old")),
      });
      for (const statement of seedStatements)
        old.prepare(statement.replace("$1", "?")).run(...(statement.includes("$1") ? [reports] : []));
      old.close();
      const database = openSqlite(file);
      try {
        await expectCarriedOver(createSqliteRepositories(database));
        const columns = database.sqlite.prepare("select name from pragma_table_info('assessments')").all();
        expect(columns).not.toContainEqual({ name: "reports" });
        // A later migration rebuilds the table (declaration_id nullable for SBOM-only assessments) while
        // assessment_reports refers to its rows: the rows and the references survive it.
        const declarationColumn = database.sqlite
          .prepare("select \"notnull\" as required from pragma_table_info('assessments') where name = 'declaration_id'")
          .get();
        expect(declarationColumn).toEqual({ required: 0 });
        expect(database.sqlite.pragma("foreign_key_check")).toEqual([]);
        expect(database.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
      } finally {
        database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const url = process.env.CRA_ASSESSOR_TEST_PG_URL;
  it.skipIf(!url)("postgresql: moves the reports and fills the counts of existing assessments", async () => {
    const name = `cra_migration_${randomUUID().replaceAll("-", "")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const dir = mkdtempSync(join(tmpdir(), "cra-migration-"));
    try {
      const target = new URL(url ?? "");
      target.pathname = `/${name}`;
      const pool = new pg.Pool({ connectionString: target.toString(), max: 1 });
      try {
        await migratePg(drizzlePg(pool), {
          migrationsFolder: migrationsBefore(PG_MIGRATIONS, "assessment_summaries", join(dir, "old")),
        });
        for (const statement of seedStatements) {
          await pool.query(statement, statement.includes("$1") ? [reports] : []);
        }
      } finally {
        await pool.end();
      }
      const database = await openPg(target.toString());
      try {
        await expectCarriedOver(createPgRepositories(database));
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await admin.query(`drop database ${name}`);
      await admin.end();
    }
  });
});
