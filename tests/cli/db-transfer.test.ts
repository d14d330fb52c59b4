/**
 * `db migrate --from sqlite:FILE --to postgres://…`: an installation filled through the service (the demo seed, the
 * HTTP API, the CLI) moves to PostgreSQL with every row and its audit chain. The table list is held against the
 * schema folder and a migrated database, so a new table cannot be left behind. The copy itself runs when
 * CRA_ASSESSOR_TEST_PG_URL names a server (`.ci/run` sets it); the refusals need none.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getTableColumns, getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPg } from "../../src/db/pg/open.js";
import * as pgSchema from "../../src/db/pg/schema.pg.js";
import { openSqlite } from "../../src/db/sqlite/open.js";
import { sqliteTableNames, TRANSFER_TABLES, transferSqliteToPg } from "../../src/db/transfer.js";
import { createServiceRuntime } from "../../src/http/runtime.js";
import { canonicalJson } from "../../src/json/canonical.js";
import { cliPrincipal } from "../../src/services/context.js";
import { createApiKey } from "../../src/services/keys.js";
import { signIn } from "../../src/services/web-sessions.js";
import { createTestPgDatabase, TEST_PG_URL, type TestPgDatabase } from "../pg-database.js";
import { runCli } from "./run-cli.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const SCHEMA_DIR = join(REPO, "src/db/sqlite/schema");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cra-cli-transfer-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) => runCli(args, { cwd: dir });

describe("the table list of db migrate --from", () => {
  it("names every table of the SQLite schema folder, of a migrated database and of the PostgreSQL schema", async () => {
    const planned = TRANSFER_TABLES.map((t) => t.name).sort();
    const declared: string[] = [];
    for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith(".ts"))) {
      const module = (await import(join(SCHEMA_DIR, file))) as Record<string, unknown>;
      for (const value of Object.values(module)) if (is(value, SQLiteTable)) declared.push(getTableName(value));
    }
    expect(declared.sort()).toEqual(planned);

    const migrated = openSqlite(join(dir, "plan", "service.db"));
    try {
      expect(sqliteTableNames(migrated).sort()).toEqual(planned);
    } finally {
      migrated.close();
    }

    const pgTables: string[] = [];
    for (const value of Object.values(pgSchema) as unknown[])
      if (is(value, PgTable)) pgTables.push(getTableName(value));
    expect(pgTables.sort()).toEqual(planned);
  });

  it("pairs tables whose columns have the same keys and names in both dialects", () => {
    for (const t of TRANSFER_TABLES) {
      const columns = (table: Parameters<typeof getTableColumns>[0]) =>
        Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name]);
      expect(getTableName(t.pg), t.name).toBe(t.name);
      expect(columns(t.pg), t.name).toEqual(columns(t.sqlite));
    }
  });
});

describe("db migrate --from/--to: unusable input (exit 2)", () => {
  it("refuses a missing file, a file that is not SQLite, odd option sets and an unreachable server", async () => {
    const notSqlite = join(dir, "notes.txt");
    writeFileSync(notSqlite, "these are not the tables you are looking for\n".repeat(200));
    const seeded = join(dir, "refusals", "service.db");
    expect((await cli("db", "migrate", "--db", seeded)).code).toBe(0);
    const unreachable = "postgres://mover:s3cret-pw@127.0.0.1:1/cra";
    const extra = join(dir, "extra", "service.db");
    const withExtra = openSqlite(extra);
    withExtra.sqlite.exec("CREATE TABLE invoices (id TEXT PRIMARY KEY)");
    withExtra.close();
    const older = join(dir, "older", "service.db");
    const withoutEvents = openSqlite(older);
    withoutEvents.sqlite.exec("DROP TABLE art14_events");
    withoutEvents.close();
    const cases: [string[], string][] = [
      [["--from", `sqlite:${join(dir, "nowhere.db")}`, "--to", unreachable], "no such SQLite file"],
      [["--from", notSqlite, "--to", unreachable], `--from ${notSqlite}: not a SQLite database`],
      [["--from", `sqlite:${seeded}`], "--from sqlite:FILE and --to postgres://… go together"],
      [["--to", unreachable], "go together"],
      [["--from", seeded, "--to", join(dir, "other.db")], "--to must be a postgres:// URL"],
      [["--from", unreachable, "--to", unreachable], "--from must be a SQLite file"],
      [["--db", seeded, "--from", seeded, "--to", unreachable], "--db migrates one database"],
      [["--from", extra, "--to", unreachable], "holds table(s) this version does not know how to copy: invoices"],
      [["--from", older, "--to", unreachable], "lacks table(s) art14_events"],
      [
        ["--from", `sqlite:${seeded}`, "--to", unreachable],
        "cannot connect to PostgreSQL at postgres://mover:***@127.0.0.1:1/cra: connection refused",
      ],
    ];
    for (const [argv, message] of cases) {
      const result = await cli("db", "migrate", ...argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr, argv.join(" ")).toContain(message);
      expect(result.stderr).not.toContain("s3cret-pw");
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toBe("");
    }
  });
});

/** Every row of every table, in a canonical order, as plain values (blobs as Buffers on both sides). */
async function sqliteRows(file: string): Promise<Record<string, unknown[]>> {
  const source = openSqlite(file, { readonly: true, migrate: false });
  try {
    const out: Record<string, unknown[]> = {};
    for (const t of TRANSFER_TABLES) out[t.name] = sorted(source.db.select().from(t.sqlite).all());
    return out;
  } finally {
    source.close();
  }
}

async function pgRows(url: string): Promise<Record<string, unknown[]>> {
  const target = await openPg(url, { migrate: false, poolSize: 1 });
  try {
    const out: Record<string, unknown[]> = {};
    for (const t of TRANSFER_TABLES) out[t.name] = sorted(await target.db.select().from(t.pg));
    return out;
  } finally {
    await target.close();
  }
}

function sorted(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const key = (row: Record<string, unknown>) =>
    canonicalJson(
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString("hex") : v])),
    );
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** An installation used every way the service offers, so that no table is empty. */
async function fillThroughTheService(file: string): Promise<void> {
  expect((await cli("db", "seed", "--db", file)).code).toBe(0);
  const runtime = await createServiceRuntime({ db: file, workers: "inline", bodyLimitBytes: 50 << 20, version: "t" });
  try {
    const ctx = { ...runtime.deps, principal: cliPrincipal("test") };
    const key = async (organization: string, role: "manufacturer" | "regulator") => {
      const made = await createApiKey({ ctx, input: { organization, role, createOrganization: true } });
      if (!made.ok) throw new Error(JSON.stringify(made.failure));
      return made.value.key;
    };
    const maker = await key("mover-maker", "manufacturer");
    const regulator = await key("mover-authority", "regulator");
    const send = async (token: string, method: string, path: string, body: string | Buffer, type: string) => {
      const res = await runtime.app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": type },
        body,
      });
      expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
      return (await res.json()) as Record<string, unknown>;
    };
    const json = "application/json";
    const product = await send(maker, "POST", "/v1/products", JSON.stringify({ name: "Mover Gateway" }), json);
    const productId = String(product.id);
    const sbom = (await import("node:fs")).readFileSync(join(REPO, "sbom-samples/synthetic-200.cdx.json"));
    await send(maker, "POST", `/v1/products/${productId}/sboms`, sbom, "application/vnd.cyclonedx+json");
    const declaration = (await import("node:fs")).readFileSync(
      join(REPO, "seeds/demo/declarations/acme-home-hub.yaml"),
      "utf8",
    );
    await send(maker, "PUT", `/v1/products/${productId}/declaration`, declaration, "application/yaml");
    await send(maker, "POST", `/v1/products/${productId}/assessments`, "{}", json);
    await send(
      maker,
      "PUT",
      `/v1/products/${productId}/vex`,
      JSON.stringify({
        productVersion: "2.3.0",
        vulnerability: "CVE-2021-23337",
        component: "pkg:npm/lodash@4.17.20",
        state: "in_triage",
      }),
      json,
    );
    await send(
      maker,
      "POST",
      "/v1/events",
      JSON.stringify({
        kind: "actively-exploited-vulnerability",
        title: "RCE in the web UI",
        product: { name: "Mover Gateway", version: "2.3.0" },
        awareAt: "2026-10-01T08:00:00Z",
        manufacturer: { name: "Mover GmbH", mainEstablishment: "DE" },
      }),
      json,
    );
    await send(
      regulator,
      "POST",
      "/v1/crosswalks/uk-psti--cra/reviews",
      JSON.stringify({ source: "UKPSTI-S1-1.2", target: "CRA-AI-P1-2b", reviewer: "A. Analyst", verdict: "agree" }),
      json,
    );
    const draft = (await import("node:fs")).readFileSync(
      join(REPO, "seeds/arrangements/drafts/eu-sg-cls-draft.yaml"),
      "utf8",
    );
    await send(regulator, "POST", "/v1/draft-arrangements", draft, "application/yaml");
    expect(await signIn({ ctx: runtime.deps, input: { apiKey: maker } })).not.toBeNull();
  } finally {
    await runtime.close();
  }
  const fixtures = join(REPO, "tests/fixtures/advisories");
  const imported = await cli("advisories", "import", join(fixtures, "osv"), join(fixtures, "kev.json"), "--db", file);
  expect(imported.code, imported.stderr).toBe(0);
}

describe.skipIf(!TEST_PG_URL)("db migrate --from sqlite:FILE --to postgres://… on a real server", () => {
  const databases: TestPgDatabase[] = [];
  let file: string;
  beforeAll(async () => {
    file = join(dir, "installation", "service.db");
    await fillThroughTheService(file);
  }, 120_000);
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it("moves every row of every table and the audit chain, prints the counts, and refuses to do it twice", async () => {
    const before = await sqliteRows(file);
    for (const t of TRANSFER_TABLES) expect(before[t.name]!.length, `${t.name} is filled`).toBeGreaterThan(0);
    const database = await createTestPgDatabase();
    databases.push(database);

    const moved = await cli("db", "migrate", "--from", `sqlite:${file}`, "--to", database.url);
    expect(moved.code, moved.stderr).toBe(0);
    const lines = moved.stdout.split("\n");
    expect(lines[0]).toBe(`moved ${file} to ${database.url.replace(/:cra_ci@/, ":***@")} in one transaction:`);
    for (const t of TRANSFER_TABLES) {
      const n = before[t.name]!.length;
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  ${t.name} +${n} +${n}$`)));
    }
    const records = before.audit_log!.length;
    expect(moved.stdout).toContain(`audit chain intact on the target: ${records} record(s)\n`);

    expect(await pgRows(database.url)).toEqual(before);
    const verified = await cli("audit", "verify", "--db", database.url);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toBe(`audit chain intact: ${records} record(s)\n`);
    // The service goes on there: a new audited write continues the same chain.
    expect((await cli("keys", "create", "--org", "after-the-move", "--role", "admin", "--db", database.url)).code).toBe(
      0,
    );
    expect((await cli("audit", "verify", "--db", database.url)).stdout).toBe(
      `audit chain intact: ${records + 2} record(s)\n`,
    );

    // Not twice into a database that holds rows, unless told; told, it replaces them.
    const again = await cli("db", "migrate", "--from", file, "--to", database.url);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("the target is not empty (rows in organizations, api_keys");
    expect(again.stderr).toContain("give --replace");
    const replaced = await cli("db", "migrate", "--from", file, "--to", database.url, "--replace");
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(await pgRows(database.url)).toEqual(before);
    expect((await cli("audit", "verify", "--db", database.url)).stdout).toBe(
      `audit chain intact: ${records} record(s)\n`,
    );
  }, 120_000);

  it("copies across page boundaries, and leaves the target untouched when it fails midway", async () => {
    const database = await createTestPgDatabase();
    databases.push(database);
    const source = openSqlite(file, { readonly: true, migrate: false });
    const target = await openPg(database.url, { poolSize: 1 });
    try {
      const copied: Record<string, number> = {};
      const result = await transferSqliteToPg(source, target, {
        maxPageRows: 7,
        onTable: (name, rows) => {
          copied[name] = rows;
        },
      });
      expect(result.targetAudit).toMatchObject({ ok: true, breaks: [] });
      expect(copied.sbom_components).toBeGreaterThan(7 * 3);
      expect(result.tables.every((t) => t.source === t.target)).toBe(true);
    } finally {
      source.close();
      await target.close();
    }
    expect(await pgRows(database.url)).toEqual(await sqliteRows(file));

    // A row PostgreSQL cannot store (a NUL in a text column, which SQLite keeps) stops the copy: nothing stays.
    const broken = join(dir, "nul", "service.db");
    expect((await cli("keys", "create", "--org", "nul-org", "--role", "admin", "--db", broken)).code).toBe(0);
    const raw = openSqlite(broken, { migrate: false });
    raw.sqlite.prepare("UPDATE organizations SET name = 'a' || char(0) || 'b'").run();
    raw.close();
    const fresh = await createTestPgDatabase();
    databases.push(fresh);
    const refused = await cli("db", "migrate", "--from", broken, "--to", fresh.url);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain("table organizations holds text PostgreSQL cannot store");
    const client = new pg.Client({ connectionString: fresh.url });
    await client.connect();
    try {
      const { rows } = await client.query("select count(*)::int as n from organizations");
      expect(rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  }, 120_000);
});
