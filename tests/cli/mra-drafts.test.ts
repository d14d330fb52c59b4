/**
 * `mra drafts save|list|show|simulate` on a real database file: the same use cases as /v1/draft-arrangements.
 * Expected values written from the command's contract (its --help and docs/mutual-recognition.md) and from the
 * demo portfolio `db seed` loads (seeds/demo: two products, neither declaring a certificate).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite } from "../../src/db/sqlite/open.js";
import { createSqliteRepositories } from "../../src/db/sqlite/repository.js";
import { runCli } from "./run-cli.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const DRAFT = join(REPO, "seeds/arrangements/drafts/eu-sg-cls-draft.yaml");
let dir: string;
let db: string;
const run = (...args: string[]) => runCli(args, { cwd: dir });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cra-cli-drafts-"));
  db = join(dir, "drafts.db");
  expect((await run("keys", "create", "--org", "authority", "--role", "regulator", "--db", db)).code).toBe(0);
  expect((await run("keys", "create", "--org", "elsewhere", "--role", "regulator", "--db", db)).code).toBe(0);
  expect((await run("db", "seed", "--db", db)).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mra drafts: happy", () => {
  it("saves a draft as version 1, then 2; each version is audited and the chain holds", async () => {
    const first = await run("mra", "drafts", "save", DRAFT, "--org", "authority", "--db", db);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      arrangementId: "eu-sg-cls-draft",
      version: 1,
      mediaType: "application/yaml",
    });
    expect(first.stdout).not.toContain("format: cra-arrangement/1");
    const second = await run("mra", "drafts", "save", DRAFT, "--org", "authority", "--db", db);
    expect(JSON.parse(second.stdout)).toMatchObject({ arrangementId: "eu-sg-cls-draft", version: 2 });

    const database = openSqlite(db, { migrate: false });
    try {
      const chain = await createSqliteRepositories(database).audit.chain();
      const stored = chain.records.filter((r) => r.action === "draft-arrangement.stored");
      expect(stored.map((r) => r.subjectId)).toEqual(["eu-sg-cls-draft/1", "eu-sg-cls-draft/2"]);
      expect(stored.every((r) => r.actor === "cli:mra-drafts-save")).toBe(true);
    } finally {
      database.close();
    }
    expect((await run("audit", "verify", "--db", db)).code).toBe(0);
  });

  it("lists the latest version of each draft (text and json), and shows the file as stored", async () => {
    const text = await run("mra", "drafts", "list", "--org", "authority", "--db", db);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^eu-sg-cls-draft {2}version 2 {2}\S+ {2}sha256 [0-9a-f]{12} {2}Draft EU–Singapore/);
    const json = await run("mra", "drafts", "list", "--org", "authority", "--db", db, "--format", "json");
    const items = (JSON.parse(json.stdout) as { items: { arrangementId: string; version: number }[] }).items;
    expect(items.map((d) => [d.arrangementId, d.version])).toEqual([["eu-sg-cls-draft", 2]]);
    const shown = await run("mra", "drafts", "show", "eu-sg-cls-draft", "--org", "authority", "--db", db);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(readFileSync(DRAFT, "utf8"));
  });

  it("re-simulates the stored draft over the database's portfolio", async () => {
    const result = await run(
      "mra",
      "drafts",
      "simulate",
      "eu-sg-cls-draft",
      "--org",
      "authority",
      "--db",
      db,
      "--as-of",
      "2028-01-15",
      "--format",
      "json",
    );
    expect(result.code).toBe(0);
    const simulation = JSON.parse(result.stdout) as {
      format: string;
      arrangement: { id: string; status: string };
      asOf: string;
      totals: { products: number; productsWithQualifyingCertificate: number; closed: number; narrowed: number };
    };
    // The two demo products declare no certificate: the draft has nothing to accept.
    expect(simulation).toMatchObject({
      format: "cra-assessor-mra-simulation/1",
      arrangement: { id: "eu-sg-cls-draft", status: "draft" },
      asOf: "2028-01-15",
      totals: { products: 2, productsWithQualifyingCertificate: 0, closed: 0, narrowed: 0 },
    });
    const md = await run("mra", "drafts", "simulate", "eu-sg-cls-draft", "--org", "authority", "--db", db);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("# What draft eu-sg-cls-draft would change");
  });
});

describe("mra drafts: errors", () => {
  it("another organisation's draft is not found (exit 2), and its list is empty", async () => {
    const shown = await run("mra", "drafts", "show", "eu-sg-cls-draft", "--org", "elsewhere", "--db", db);
    expect(shown.code).toBe(2);
    expect(shown.stderr).toContain('no draft-arrangement "eu-sg-cls-draft"');
    const simulated = await run("mra", "drafts", "simulate", "eu-sg-cls-draft", "--org", "elsewhere", "--db", db);
    expect(simulated.code).toBe(2);
    const listed = await run("mra", "drafts", "list", "--org", "elsewhere", "--db", db);
    expect(listed.stdout).toBe("No stored drafts for elsewhere.\n");
  });

  it("refuses an arrangement that is not a draft, a hostile file and an unknown organisation, storing nothing", async () => {
    const inForce = join(dir, "in-force.yaml");
    writeFileSync(inForce, readFileSync(DRAFT, "utf8").replace("status: draft", "status: in-force"));
    const notDraft = await run("mra", "drafts", "save", inForce, "--org", "authority", "--db", db);
    expect(notDraft.code).toBe(2);
    expect(notDraft.stderr).toContain('/status A stored draft has status "draft", not "in-force".');
    expect(notDraft.stderr).toContain("in-force.yaml: refused; nothing was stored.");

    // A YAML alias bomb: refused as input, not expanded.
    const bomb = join(dir, "bomb.yaml");
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      levels.push(
        `${next}: &${next} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`,
      );
    }
    writeFileSync(bomb, `${levels.join("\n")}\n`);
    const hostile = await run("mra", "drafts", "save", bomb, "--org", "authority", "--db", db);
    expect(hostile.code).toBe(2);
    expect(hostile.stderr).toContain("bomb.yaml: refused; nothing was stored.");

    const unknownOrg = await run("mra", "drafts", "save", DRAFT, "--org", "nobody", "--db", db);
    expect(unknownOrg.code).toBe(2);
    expect(unknownOrg.stderr).toContain('Unknown organisation "nobody".');

    const missing = await run("mra", "drafts", "save", join(dir, "absent.yaml"), "--org", "authority", "--db", db);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("absent.yaml: cannot read the arrangement (ENOENT).");

    const json = await run("mra", "drafts", "list", "--org", "authority", "--db", db, "--format", "json");
    expect((JSON.parse(json.stdout) as { items: { version: number }[] }).items.map((d) => d.version)).toEqual([2]);
  });

  it("refuses bad options plainly: an unknown format and a malformed date", async () => {
    const format = await run("mra", "drafts", "list", "--org", "authority", "--db", db, "--format", "xml");
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be text or json, not "xml".');
    const date = await run(
      "mra",
      "drafts",
      "simulate",
      "eu-sg-cls-draft",
      "--org",
      "authority",
      "--db",
      db,
      "--as-of",
      "2028-13-40",
    );
    expect(date.code).toBe(2);
    expect(date.stderr).toContain('--as-of must be a date written YYYY-MM-DD, not "2028-13-40".');
  });
});
