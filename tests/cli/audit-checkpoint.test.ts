/**
 * Signed checkpoints of the audit chain's head: `audit keygen`, `audit checkpoint`, `audit verify --checkpoint`.
 * The same cases on a SQLite file and, when CRA_ASSESSOR_TEST_PG_URL is set, on PostgreSQL. The point of a
 * checkpoint: cutting off the newest records and setting the head back leaves a chain that verifies on its own;
 * only the checkpoint shows it.
 */
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPgDatabase, rawQuery, TEST_PG_URL, type TestPgDatabase } from "../pg-database.js";
import { runCli } from "./run-cli.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cra-cli-checkpoint-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(args, { cwd: dir });

async function keyPair(name: string): Promise<{ privateKey: string; publicKey: string }> {
  const privateKey = join(dir, `${name}.key.pem`);
  const publicKey = join(dir, `${name}.pub.pem`);
  const made = await cli("audit", "keygen", "--out-private", privateKey, "--out-public", publicKey);
  expect(made.code, made.stderr).toBe(0);
  expect(made.stdout).toMatch(/key id sha256:[0-9a-f]{64}\n$/);
  return { privateKey, publicKey };
}

/** Three organisations with a key each: six audit records. */
async function fill(db: string, prefix: string, count = 3): Promise<void> {
  for (let i = 0; i < count; i++) {
    const made = await cli("keys", "create", "--org", `${prefix}-${i}`, "--role", "manufacturer", "--db", db);
    expect(made.code, made.stderr).toBe(0);
  }
}

async function headOf(db: string): Promise<{ seq: number; hash: string }> {
  const [row] = await rawQuery(db, "SELECT seq, hash FROM audit_head WHERE id = 1");
  return { seq: Number(row!.seq), hash: String(row!.hash) };
}

/** What someone with write access to the database can do: cut the chain after `keep` and set the head back. */
async function cutAfter(db: string, keep: number): Promise<void> {
  const [kept] = await rawQuery(db, `SELECT hash FROM audit_log WHERE seq = ${keep}`);
  await rawQuery(db, `DELETE FROM audit_log WHERE seq > ${keep}`);
  await rawQuery(db, `UPDATE audit_head SET seq = ${keep}, hash = '${String(kept!.hash)}' WHERE id = 1`);
}

interface Target {
  name: string;
  make(label: string): Promise<string>;
}

const targets: Target[] = [{ name: "SQLite", make: async (label) => join(dir, label, "service.db") }];
const pgDatabases: TestPgDatabase[] = [];
if (TEST_PG_URL) {
  targets.push({
    name: "PostgreSQL",
    make: async () => {
      const database = await createTestPgDatabase();
      pgDatabases.push(database);
      return database.url;
    },
  });
}
afterAll(async () => {
  for (const database of pgDatabases) await database.drop();
});

describe.each(targets)("audit checkpoints on $name", (target) => {
  let keys: { privateKey: string; publicKey: string };
  beforeAll(async () => {
    keys = await keyPair(`operator-${target.name}`);
  });

  it("detects the newest records cut off after a checkpoint, which audit verify alone cannot", async () => {
    const db = await target.make("cut");
    await fill(db, "cut");
    const file = join(dir, `cut-${target.name}.json`);
    const signed = await cli("audit", "checkpoint", "--db", db, "--key", keys.privateKey, "--out", file);
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toMatch(/^checkpoint of record 6 \(hash [0-9a-f]{64}\) signed with key sha256:/);
    const checkpoint = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    expect(checkpoint).toMatchObject({ seq: 6, hash: (await headOf(db)).hash, algorithm: "Ed25519" });

    // The chain grows past the checkpoint: still fine.
    await fill(db, "later", 1);
    const grown = await cli("audit", "verify", "--db", db, "--checkpoint", file, "--public-key", keys.publicKey);
    expect(grown.code, grown.stdout + grown.stderr).toBe(0);
    expect(grown.stdout).toBe(
      "audit chain intact: 8 record(s)\n" +
        `checkpoint holds: record 6 (signed ${String(checkpoint.at)} with key ${String(checkpoint.keyId)}) is still in the chain\n`,
    );

    await cutAfter(db, 4);
    const alone = await cli("audit", "verify", "--db", db);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toBe("audit chain intact: 4 record(s)\n");
    const checked = await cli("audit", "verify", "--db", db, "--checkpoint", file, "--public-key", keys.publicKey);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain("checkpoint FAILED (record 6, signed ");
    expect(checked.stdout).toContain(
      "the chain ends at record 4, before the checkpointed record 6: records were cut off after the checkpoint",
    );
    const json = await cli(
      "audit",
      "verify",
      "--db",
      db,
      "--checkpoint",
      file,
      "--public-key",
      keys.publicKey,
      "--json",
    );
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      chainOk: true,
      records: 4,
      checkpoint: { ok: false, seq: 6, problem: { kind: "missing", seq: 6, lastSeq: 4 } },
    });
  });

  it("detects a head rewritten after the checkpoint (records cut off, then new ones appended in their place)", async () => {
    const db = await target.make("rewritten");
    await fill(db, "rw");
    const file = join(dir, `rewritten-${target.name}.json`);
    expect((await cli("audit", "checkpoint", "--db", db, "--key", keys.privateKey, "--out", file)).code).toBe(0);
    await cutAfter(db, 5);
    // New writes make a chain of the same length again, which verifies on its own.
    await fill(db, "rw-new", 1);
    expect((await headOf(db)).seq).toBe(7);
    expect((await cli("audit", "verify", "--db", db)).code).toBe(0);
    const checked = await cli("audit", "verify", "--db", db, "--checkpoint", file, "--public-key", keys.publicKey);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain(
      "record 6 is not the one checkpointed (another hash): the chain was rewritten from there on",
    );
  });

  it("refuses a tampered, a forged and a wrongly keyed checkpoint (exit 1)", async () => {
    const db = await target.make("forged");
    await fill(db, "forged");
    const file = join(dir, `forged-${target.name}.json`);
    expect((await cli("audit", "checkpoint", "--db", db, "--key", keys.privateKey, "--out", file)).code).toBe(0);
    const original = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    await cutAfter(db, 4);
    const [record4] = await rawQuery(db, "SELECT hash FROM audit_log WHERE seq = 4");

    // Tampered: the checkpoint moved back to the records that are left, signature kept.
    const tampered = join(dir, `tampered-${target.name}.json`);
    writeFileSync(tampered, JSON.stringify({ ...original, seq: 4, hash: String(record4!.hash) }));
    const t = await cli("audit", "verify", "--db", db, "--checkpoint", tampered, "--public-key", keys.publicKey);
    expect(t.code).toBe(1);
    expect(t.stdout).toContain("the checkpoint's signature does not verify with the given public key");

    // Forged with another key, claiming the operator's key id.
    const intruder = await keyPair(`intruder-${target.name}`);
    const forged = join(dir, `forged-own-${target.name}.json`);
    expect((await cli("audit", "checkpoint", "--db", db, "--key", intruder.privateKey, "--out", forged)).code).toBe(0);
    const forgedValue = JSON.parse(readFileSync(forged, "utf8")) as Record<string, unknown>;
    writeFileSync(forged, JSON.stringify({ ...forgedValue, keyId: original.keyId }));
    const f = await cli("audit", "verify", "--db", db, "--checkpoint", forged, "--public-key", keys.publicKey);
    expect(f.code).toBe(1);
    expect(f.stdout).toContain("signature does not verify");

    // Signed by another key, named as such: the given public key is not that key.
    writeFileSync(forged, JSON.stringify(forgedValue));
    const w = await cli("audit", "verify", "--db", db, "--checkpoint", forged, "--public-key", keys.publicKey);
    expect(w.code).toBe(1);
    expect(w.stdout).toContain(`the checkpoint names key ${String(forgedValue.keyId)}, not the given public key`);

    // The right checkpoint checked with the wrong public key.
    const k = await cli("audit", "verify", "--db", db, "--checkpoint", file, "--public-key", intruder.publicKey);
    expect(k.code).toBe(1);
    expect(k.stdout).toContain("not the given public key");
  });

  it("signs no checkpoint of a broken or an empty chain", async () => {
    const db = await target.make("broken");
    await fill(db, "broken");
    await rawQuery(db, "UPDATE audit_log SET actor = 'someone else' WHERE seq = 3");
    const out = join(dir, `broken-${target.name}.json`);
    const broken = await cli("audit", "checkpoint", "--db", db, "--key", keys.privateKey, "--out", out);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("the audit chain is BROKEN, so no checkpoint was signed");
    expect(broken.stderr).toContain("record 3 was changed");
    expect(existsSync(out)).toBe(false);

    const empty = await target.make("empty");
    expect((await cli("db", "migrate", "--db", empty)).code).toBe(0);
    const none = await cli("audit", "checkpoint", "--db", empty, "--key", keys.privateKey);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("the audit chain is empty");
  });
});

describe("audit checkpoint and verify --checkpoint: unusable input (exit 2)", () => {
  it("refuses unreadable, malformed and non-Ed25519 inputs with a located message", async () => {
    const keys = await keyPair("inputs");
    const db = join(dir, "inputs", "service.db");
    await fill(db, "inputs", 1);
    const file = join(dir, "inputs.json");
    expect((await cli("audit", "checkpoint", "--db", db, "--key", keys.privateKey, "--out", file)).code).toBe(0);

    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const rsaPrivate = join(dir, "rsa.key.pem");
    const rsaPublic = join(dir, "rsa.pub.pem");
    writeFileSync(rsaPrivate, rsa.privateKey.export({ type: "pkcs8", format: "pem" }));
    writeFileSync(rsaPublic, rsa.publicKey.export({ type: "spki", format: "pem" }));
    const notJson = join(dir, "not.json");
    writeFileSync(notJson, "{ nope");
    const extra = join(dir, "extra.json");
    writeFileSync(extra, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), note: "trust me" }));

    const cases: [string[], RegExp][] = [
      [["audit", "checkpoint", "--db", db, "--key", join(dir, "nowhere.pem")], /--key .*nowhere\.pem/],
      [["audit", "checkpoint", "--db", db, "--key", notJson], /not a PEM private key/],
      [["audit", "checkpoint", "--db", db, "--key", rsaPrivate], /an Ed25519 key is needed \(this one is rsa\)/],
      [["audit", "checkpoint", "--db", join(dir, "nowhere.db"), "--key", keys.privateKey], /no database at/],
      [["audit", "verify", "--db", db, "--checkpoint", file], /--checkpoint and --public-key go together/],
      [["audit", "verify", "--db", db, "--public-key", keys.publicKey], /go together/],
      [["audit", "verify", "--db", db, "--checkpoint", notJson, "--public-key", keys.publicKey], /not JSON/],
      [
        ["audit", "verify", "--db", db, "--checkpoint", extra, "--public-key", keys.publicKey],
        /not an audit checkpoint:\n {2}\/note: not a checkpoint field/,
      ],
      [["audit", "verify", "--db", db, "--checkpoint", file, "--public-key", rsaPublic], /this one is rsa/],
      [["audit", "verify", "--db", db, "--checkpoint", file, "--public-key", notJson], /not a PEM public key/],
    ];
    for (const [argv, message] of cases) {
      const result = await cli(...argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr, argv.join(" ")).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("keygen writes the private key for its owner only and never overwrites a key", async () => {
    mkdirSync(join(dir, "keygen"));
    const privateKey = join(dir, "keygen", "k.pem");
    const publicKey = join(dir, "keygen", "k.pub.pem");
    expect((await cli("audit", "keygen", "--out-private", privateKey, "--out-public", publicKey)).code).toBe(0);
    expect(statSync(privateKey).mode & 0o777).toBe(0o600);
    expect(readFileSync(privateKey, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readFileSync(publicKey, "utf8")).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const before = readFileSync(privateKey, "utf8");
    const again = await cli("audit", "keygen", "--out-private", privateKey, "--out-public", join(dir, "keygen", "o"));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("the file exists; a key pair is never overwritten");
    expect(readFileSync(privateKey, "utf8")).toBe(before);
    expect(existsSync(join(dir, "keygen", "o"))).toBe(false);
    // The public file existing: the new private key is not left behind alone.
    const fresh = join(dir, "keygen", "fresh.pem");
    const half = await cli("audit", "keygen", "--out-private", fresh, "--out-public", publicKey);
    expect(half.code).toBe(2);
    expect(existsSync(fresh)).toBe(false);
  });
});
