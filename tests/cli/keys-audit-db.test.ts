import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { hashApiKey } from "../../src/services/keys.js";

function recordingIo(cwd: string): CliIo & { stdout: string; stderr: string } {
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
    env: {},
  };
  return io;
}

async function run(cwd: string, ...argv: string[]) {
  const io = recordingIo(cwd);
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cra-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("keys create", () => {
  it("creates the database, the organisation and a key, and prints only the key", async () => {
    const db = join(dir, "keys", "service.db");
    const result = await run(dir, "keys", "create", "--org", "Acme Devices GmbH", "--role", "manufacturer", "--db", db);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^cra_[A-Za-z0-9_-]{43}\n$/);
    const key = result.stdout.trim();
    const sqlite = new Database(db, { readonly: true });
    try {
      const org = sqlite.prepare("SELECT * FROM organizations WHERE slug = ?").get("acme-devices-gmbh") as {
        id: string;
        name: string;
      };
      expect(org.name).toBe("Acme Devices GmbH");
      const row = sqlite.prepare("SELECT * FROM api_keys WHERE key_hash = ?").get(hashApiKey(key)) as {
        organization_id: string;
        role: string;
      };
      expect(row).toMatchObject({ organization_id: org.id, role: "manufacturer" });
      expect(JSON.stringify(sqlite.prepare("SELECT * FROM api_keys").all())).not.toContain(key);
    } finally {
      sqlite.close();
    }
    // A second key for the same organisation reuses it (found by slug).
    const again = await run(dir, "keys", "create", "--org", "acme-devices-gmbh", "--role", "regulator", "--db", db);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).not.toBe(key);
    const list = await run(dir, "keys", "list", "--org", "acme-devices-gmbh", "--db", db);
    expect(list.stdout.trim().split("\n")).toHaveLength(2);
    expect(list.stdout).not.toContain(key);
  });

  it("answers invalid input with exit 2 and nothing on stdout", async () => {
    const db = join(dir, "keys-bad", "service.db");
    const badRole = await run(dir, "keys", "create", "--org", "acme", "--role", "root", "--db", db);
    expect(badRole.code).toBe(2);
    expect(badRole.stdout).toBe("");
    expect(badRole.stderr).toMatch(/role/i);
    const ciWithout = await run(dir, "keys", "create", "--org", "acme", "--role", "ci", "--db", db);
    expect(ciWithout.code).toBe(2);
    expect(ciWithout.stdout).toBe("");
    const ciUnknown = await run(
      dir,
      "keys",
      "create",
      "--org",
      "acme",
      "--role",
      "ci",
      "--products",
      "prd_nope",
      "--db",
      db,
    );
    expect(ciUnknown.code).toBe(2);
    expect(ciUnknown.stderr).toMatch(/prd_nope/);
    const missing = await run(dir, "keys", "create", "--role", "admin", "--db", db);
    expect(missing.code).toBe(2);
  });

  it("explains itself in --help", async () => {
    const help = await run(dir, "keys", "create", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--org/);
    expect(help.stdout).toMatch(/Example/);
  });
});

describe("audit verify", () => {
  async function seededDb(name: string): Promise<string> {
    const db = join(dir, name, "service.db");
    for (const org of ["a", "b", "c"]) {
      expect((await run(dir, "keys", "create", "--org", org, "--role", "manufacturer", "--db", db)).code).toBe(0);
    }
    // 3 organisations + 3 keys = 6 audit records.
    return db;
  }
  const tamper = (db: string, sql: string) => {
    const sqlite = new Database(db);
    try {
      sqlite.prepare(sql).run();
    } finally {
      sqlite.close();
    }
  };

  it("passes an intact chain (exit 0)", async () => {
    const db = await seededDb("audit-ok");
    const result = await run(dir, "audit", "verify", "--db", db);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/intact: 6 record/);
  });

  it("names a changed record (exit 1)", async () => {
    const db = await seededDb("audit-changed");
    tamper(db, 'UPDATE audit_log SET details = \'{"role":"admin"}\' WHERE seq = 4');
    const result = await run(dir, "audit", "verify", "--db", db);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/record 4 was changed/);
  });

  it("names deleted records (exit 1)", async () => {
    const db = await seededDb("audit-deleted");
    tamper(db, "DELETE FROM audit_log WHERE seq IN (2, 3)");
    const result = await run(dir, "audit", "verify", "--db", db);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/2 record\(s\) deleted before record 4/);
  });

  it("names an inserted record (exit 1)", async () => {
    const db = await seededDb("audit-inserted");
    // Shift the tail up and slip a forged record in at 4, copying a real record's fields.
    tamper(db, "UPDATE audit_log SET seq = seq + 100 WHERE seq >= 4");
    tamper(db, "UPDATE audit_log SET seq = seq - 99 WHERE seq >= 100");
    tamper(
      db,
      "INSERT INTO audit_log (seq, at, organization_id, actor, action, subject_type, subject_id, details, prev_hash, hash) SELECT 4, at, organization_id, 'intruder', action, subject_type, subject_id, details, hash, lower(hex(randomblob(32))) FROM audit_log WHERE seq = 3",
    );
    const result = await run(dir, "audit", "verify", "--db", db, "--json");
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout) as { breaks: { kind: string; seq?: number }[] };
    expect(parsed.breaks).toContainEqual({ kind: "inserted", seq: 4 });
  });

  it("notices the newest record removed (exit 1)", async () => {
    const db = await seededDb("audit-truncated");
    tamper(db, "DELETE FROM audit_log WHERE seq = 6");
    const result = await run(dir, "audit", "verify", "--db", db);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/newest records were deleted/);
  });

  it("answers a missing database with exit 2", async () => {
    const result = await run(dir, "audit", "verify", "--db", join(dir, "nowhere.db"));
    expect(result.code).toBe(2);
  });
});

describe("db migrate and db seed", () => {
  it("migrates, then seeds the demo data idempotently", async () => {
    const db = join(dir, "seed", "service.db");
    expect((await run(dir, "db", "migrate", "--db", db)).code).toBe(0);
    const first = await run(dir, "db", "seed", "--db", db);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/2 organisation\(s\), 2 product\(s\), 2 declaration\(s\), 2 SBOM\(s\) added/);
    const second = await run(dir, "db", "seed", "--db", db);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 organisation\(s\), 0 product\(s\), 0 declaration\(s\), 0 SBOM\(s\) added/);
    const verify = await run(dir, "audit", "verify", "--db", db);
    expect(verify.code).toBe(0);
  });
});
