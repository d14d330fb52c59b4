/**
 * Several instances on one PostgreSQL database: every write of every instance lands, and the audit trail stays
 * one hash chain (appends serialize on a transaction-scoped advisory lock). First two in-process apps, then two
 * real server processes on loopback ports. Runs when CRA_ASSESSOR_TEST_PG_URL names a server (`.ci/run` sets it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { openDatabase } from "../../src/db/open.js";
import { verifyAuditChain } from "../../src/domain/audit-chain.js";
import { createServiceRuntime, type ServiceRuntime } from "../../src/http/runtime.js";
import { cliPrincipal } from "../../src/services/context.js";
import { createApiKey } from "../../src/services/keys.js";
import { createTestPgDatabase, TEST_PG_URL, type TestPgDatabase } from "../pg-database.js";
import { type ServerProcess, spawnServer } from "./server-process.js";

const WRITES_PER_INSTANCE = 40;

async function cli(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
    isTTY: false,
    cwd: process.cwd(),
    env: {},
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

async function chainOf(url: string) {
  const database = await openDatabase(url, { migrate: false });
  try {
    const chain = await database.repos.audit.chain();
    const products = await database.repos.products.list({ kind: "all" }, {}, { limit: 1, offset: 0 });
    return { ...chain, products: products.total };
  } finally {
    await database.close();
  }
}

describe.skipIf(!TEST_PG_URL)("two instances on one PostgreSQL database", () => {
  describe("two apps in one process", () => {
    let database: TestPgDatabase;
    const runtimes: ServiceRuntime[] = [];
    beforeAll(async () => {
      database = await createTestPgDatabase();
      for (let i = 0; i < 2; i++) {
        runtimes.push(
          await createServiceRuntime({ db: database.url, workers: "inline", bodyLimitBytes: 1 << 20, version: "t" }),
        );
      }
    });
    afterAll(async () => {
      for (const runtime of runtimes) await runtime.close();
      await database?.drop();
    });

    it("loses no write and keeps one verifiable chain", async () => {
      const [a, b] = runtimes as [ServiceRuntime, ServiceRuntime];
      const created = await createApiKey({
        ctx: { ...a.deps, principal: cliPrincipal("test") },
        input: { organization: "acme", role: "manufacturer", createOrganization: true },
      });
      if (!created.ok) throw new Error(JSON.stringify(created.failure));
      const before = await chainOf(database.url);
      const post = (runtime: ServiceRuntime, n: number) =>
        runtime.app.request("/v1/products", {
          method: "POST",
          headers: { authorization: `Bearer ${created.value.key}`, "content-type": "application/json" },
          body: JSON.stringify({ name: `Product ${n}` }),
        });
      const responses = await Promise.all(
        Array.from({ length: WRITES_PER_INSTANCE * 2 }, (_, n) => post(n % 2 === 0 ? a : b, n)),
      );
      expect(responses.map((r) => r.status)).toEqual(responses.map(() => 201));
      const after = await chainOf(database.url);
      expect(after.products).toBe(WRITES_PER_INSTANCE * 2);
      expect(after.records.length - before.records.length).toBe(WRITES_PER_INSTANCE * 2);
      expect(after.records.map((r) => r.seq)).toEqual(after.records.map((_, i) => i + 1));
      expect(verifyAuditChain(after.records, after.head)).toMatchObject({ ok: true, breaks: [] });
      const verified = await cli("audit", "verify", "--db", database.url);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toBe(`audit chain intact: ${after.records.length} record(s)\n`);
    });

    it("verifies the chain while both instances append (records and head read in one snapshot)", async () => {
      const [a, b] = runtimes as [ServiceRuntime, ServiceRuntime];
      const created = await createApiKey({
        ctx: { ...a.deps, principal: cliPrincipal("test") },
        input: { organization: "acme-live", role: "manufacturer", createOrganization: true },
      });
      if (!created.ok) throw new Error(JSON.stringify(created.failure));
      const post = (runtime: ServiceRuntime, n: number) =>
        runtime.app.request("/v1/products", {
          method: "POST",
          headers: { authorization: `Bearer ${created.value.key}`, "content-type": "application/json" },
          body: JSON.stringify({ name: `Live ${n}` }),
        });
      let writing = true;
      const writes = Promise.all(
        Array.from({ length: WRITES_PER_INSTANCE * 2 }, (_, n) => post(n % 2 === 0 ? a : b, n)),
      ).finally(() => {
        writing = false;
      });
      const verifications: boolean[] = [];
      const verifier = b.deps.repos;
      while (writing || verifications.length < 5) {
        const chain = await verifier.audit.chain();
        verifications.push(verifyAuditChain(chain.records, chain.head).ok);
      }
      expect((await writes).map((r) => r.status)).toEqual(Array.from({ length: WRITES_PER_INSTANCE * 2 }, () => 201));
      expect(verifications.filter((ok) => !ok)).toEqual([]);
    });
  });

  describe("two server processes on loopback ports", () => {
    let database: TestPgDatabase;
    const servers: ServerProcess[] = [];
    beforeAll(async () => {
      database = await createTestPgDatabase();
      // Both start at once: the migrations run once, the other instance waits for them.
      servers.push(...(await Promise.all([spawnServer(database.url), spawnServer(database.url)])));
    }, 60_000);
    afterAll(async () => {
      for (const server of servers) {
        server.child.kill("SIGTERM");
        await server.exited;
      }
      await database?.drop();
    });

    it("loses no write and keeps one verifiable chain", async () => {
      for (const server of servers) {
        expect(server.stdout()).toContain("database postgres://");
        expect(server.stdout()).toContain(":***@");
      }
      const key = await cli("keys", "create", "--org", "acme", "--role", "manufacturer", "--db", database.url);
      expect(key.code).toBe(0);
      const token = key.stdout.trim();
      const post = (server: ServerProcess, n: number) =>
        fetch(`${server.url}/v1/products`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ name: `Product ${n}` }),
        });
      const responses = await Promise.all(
        Array.from({ length: WRITES_PER_INSTANCE * 2 }, (_, n) => post(servers[n % 2]!, n)),
      );
      const failed = responses.filter((r) => r.status !== 201);
      expect(failed.length, servers.map((s) => s.stderr()).join("\n")).toBe(0);
      // Each instance sees what the other wrote.
      for (const server of servers) {
        const listed = (await (
          await fetch(`${server.url}/v1/products?limit=1`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as { total: number };
        expect(listed.total).toBe(WRITES_PER_INSTANCE * 2);
      }
      const after = await chainOf(database.url);
      expect(after.records.filter((r) => r.action === "product.created")).toHaveLength(WRITES_PER_INSTANCE * 2);
      expect(verifyAuditChain(after.records, after.head)).toMatchObject({ ok: true, breaks: [] });
      const verified = await cli("audit", "verify", "--db", database.url);
      expect(verified.code).toBe(0);
    }, 60_000);
  });
});
