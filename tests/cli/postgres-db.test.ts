/**
 * Every command that takes --db opens PostgreSQL for a postgres:// URL: never a SQLite file named like the URL.
 * The parts that need a server run when CRA_ASSESSOR_TEST_PG_URL is set (`.ci/run` sets it); the refusals
 * (unsupported scheme, unreachable server, wrong password) need none, or only a closed port.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { createTestPgDatabase, TEST_PG_URL, type TestPgDatabase } from "../pg-database.js";

async function run(cwd: string, env: Record<string, string>, ...argv: string[]) {
  const io = {
    stdout: "",
    stderr: "",
    out: (text: string) => {
      io.stdout += text;
    },
    err: (text: string) => {
      io.stderr += text;
    },
    isTTY: false,
    cwd,
    env,
  } satisfies CliIo & { stdout: string; stderr: string };
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cra-cli-pg-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("--db with a URL that cannot be used", () => {
  it("refuses an unreachable server with exit 2, a plain message, no stack, no password, no file", async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const url = "postgres://someone:s3cret-pw@127.0.0.1:1/cra";
    for (const argv of [
      ["keys", "create", "--org", "acme", "--role", "manufacturer", "--db", url],
      ["audit", "verify", "--db", url],
      ["db", "migrate", "--db", url],
      ["advisories", "stats", "--db", url],
      ["events", "list", "--db", url],
    ]) {
      const result = await run(dir, {}, ...argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr).toContain("cannot connect to PostgreSQL at postgres://someone:***@127.0.0.1:1/cra");
      expect(result.stderr).toContain("connection refused");
      expect(result.stderr).not.toContain("s3cret-pw");
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    // Nothing was created in the working directory, whatever the URL looks like.
    expect(readdirSync(dir)).toEqual([]);
  });
  it("takes CRA_ASSESSOR_DB as a URL too", async () => {
    const result = await run(dir, { CRA_ASSESSOR_DB: "postgresql://u:pw@127.0.0.1:1/x" }, "db", "migrate");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("postgresql://u:***@127.0.0.1:1/x");
    expect(readdirSync(dir)).toEqual([]);
  });
  it("refuses another scheme instead of making a file of it", async () => {
    const result = await run(dir, {}, "db", "migrate", "--db", "mysql://root:pw@localhost/cra");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unsupported database URL mysql://root:***@localhost/cra");
    expect(existsSync(join(dir, "mysql:"))).toBe(false);
    const serve = await run(dir, {}, "serve", "--port", "0", "--db", "postgress://typo@localhost/cra");
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain("unsupported database URL");
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe.skipIf(!TEST_PG_URL)("--db postgres://… on a real server", () => {
  let database: TestPgDatabase;
  beforeAll(async () => {
    database = await createTestPgDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("refuses a wrong password with exit 2 and a plain message", async () => {
    const wrong = new URL(database.url);
    wrong.password = "not-the-password";
    const result = await run(dir, {}, "db", "migrate", "--db", wrong.toString());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("login refused (wrong user or password)");
    expect(result.stderr).not.toContain("not-the-password");
  });

  it("migrates, creates and lists keys, seeds the demo, counts advisories and verifies the chain there", async () => {
    const env = { CRA_ASSESSOR_DB: database.url };
    const migrated = await run(dir, env, "db", "migrate");
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain("migrated postgres://");
    expect(migrated.stdout).toContain(":***@");
    const key = await run(dir, {}, "keys", "create", "--org", "acme", "--role", "manufacturer", "--db", database.url);
    expect(key.code).toBe(0);
    expect(key.stdout).toMatch(/^cra_/);
    const listed = await run(dir, env, "keys", "list", "--org", "acme");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("manufacturer");
    const stats = await run(dir, env, "advisories", "stats");
    expect(stats.stdout).toBe("0 advisories, 0 KEV entries, 0 VEX statements\n");
    const seeded = await run(dir, env, "db", "seed");
    expect(seeded.code).toBe(0);
    const verified = await run(dir, env, "audit", "verify");
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^audit chain intact: \d+ record\(s\)\n$/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
