import { afterAll, describe, expect, it } from "vitest";
import { syntheticSbomText } from "../../bench/synthetic/sbom.js";
import { main } from "../../src/cli/main.js";
import { verifyAuditChain } from "../../src/domain/audit-chain.js";
import { createServiceRuntime, type ServiceRuntime } from "../../src/http/runtime.js";
import { cliPrincipal } from "../../src/services/context.js";
import { createApiKey } from "../../src/services/keys.js";
import { createTestPgDatabase, rawQuery, TEST_PG_URL, type TestPgDatabase } from "../pg-database.js";
import { SBOM_JSON } from "./helpers.js";
import { alive, childrenOf, cpuTicks } from "./processes.js";
import { type ServerProcess, spawnServer } from "./server-process.js";

const COMPONENTS = 50_000;

async function cli(...argv: string[]) {
  let stdout = "";
  const code = await main(argv, {
    out: (t) => {
      stdout += t;
    },
    err: () => {},
    isTTY: false,
    cwd: process.cwd(),
    env: {},
  });
  return { code, stdout: stdout.trim() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Quick recovery for the test: dead instances' jobs are looked for every second and retried a second later.
const QUEUE_ENV = { CRA_ASSESSOR_JOB_SWEEP_SECONDS: "1", CRA_ASSESSOR_JOB_RETRY_DELAY_SECONDS: "1" };

// Real processes on a shared 2-core machine: room to spare; nothing here is a timing assertion.
describe.skipIf(!TEST_PG_URL)("SBOM job queue on PostgreSQL", { timeout: 300_000 }, () => {
  const databases: TestPgDatabase[] = [];
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const server of servers) {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGTERM");
      await server.exited;
    }
    for (const database of databases) await database.drop();
  });

  it("an upload whose instance is SIGKILLed mid-ingest is stored once by the other instance", async () => {
    const database = await createTestPgDatabase();
    databases.push(database);
    const [a, b] = await Promise.all([
      spawnServer(database.url, [], { env: QUEUE_ENV }),
      spawnServer(database.url, [], { env: QUEUE_ENV }),
    ]);
    servers.push(a, b);
    const token = (await cli("keys", "create", "--org", "acme", "--role", "manufacturer", "--db", database.url)).stdout;
    const headers = { authorization: `Bearer ${token}` };
    const product = (await (
      await fetch(`${a.url}/v1/products`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: '{"name":"Queue Hub"}',
      })
    ).json()) as { id: string };
    const large = syntheticSbomText({ components: COMPONENTS, format: "json", seed: 13 });
    const uploadHeaders = {
      ...headers,
      "content-type": "application/vnd.cyclonedx+json",
      "idempotency-key": "queue-upload-1",
    };
    const workersOfA = childrenOf(a.child.pid!);
    const workersOfB = childrenOf(b.child.pid!);
    expect(workersOfA.length).toBeGreaterThan(0);
    const idleA = workersOfA.map(cpuTicks);
    const idleB = workersOfB.map(cpuTicks);
    const upload = fetch(`${a.url}/v1/products/${product.id}/sboms`, {
      method: "POST",
      headers: uploadHeaders,
      body: large,
    }).then(
      (res) => ({ answered: res.status }),
      () => ({ answered: null }),
    );
    // A's own worker takes the job it accepted (it is woken at once; B polls): wait until that worker is busy
    // validating (it has spent CPU time, which an idle worker does not), then kill A without warning.
    const busy = () => workersOfA.some((pid, w) => cpuTicks(pid) - idleA[w]! >= 10);
    for (let i = 0; i < 1200 && !busy(); i++) await sleep(10);
    expect(busy()).toBe(true);
    const [running] = await rawQuery(
      database.url,
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'sbom-ingest-bulk' AND state = 'active'",
    );
    expect(running?.n).toBe(1);
    // B's workers did not take it.
    expect(workersOfB.every((pid, w) => cpuTicks(pid) - idleB[w]! < 10)).toBe(true);
    a.child.kill("SIGKILL");
    expect(await a.exited).toMatchObject({ signal: "SIGKILL" });
    expect((await upload).answered).toBeNull();
    // Nothing was stored before the kill: the job was cut short mid-ingest.
    const before = await rawQuery(database.url, "SELECT count(*)::int AS n FROM sboms");
    expect(before[0]?.n).toBe(0);
    // A's worker processes die with it.
    for (let i = 0; i < 100 && workersOfA.some(alive); i++) await sleep(50);
    expect(workersOfA.filter(alive)).toEqual([]);

    // The client retries on B at once, before B has found the dead instance's job: the retry waits for that job
    // instead of queueing a second ingest of the same upload.
    const earlyRetry = fetch(`${b.url}/v1/products/${product.id}/sboms`, {
      method: "POST",
      headers: uploadHeaders,
      body: large,
    });
    // B finds the job of the dead instance, retries it and stores the SBOM, with no client asking again.
    let stored: Record<string, unknown>[] = [];
    for (let i = 0; i < 240 && stored.length === 0; i++) {
      await sleep(500);
      stored = await rawQuery(
        database.url,
        "SELECT id, component_count FROM sboms WHERE idempotency_key = 'queue-upload-1'",
      );
    }
    expect(stored, b.stderr()).toHaveLength(1);
    const sbomId = String(stored[0]!.id);
    expect(stored[0]!.component_count).toBe(COMPONENTS);
    const [components] = await rawQuery(
      database.url,
      `SELECT count(*)::int AS n FROM sbom_components WHERE sbom_id = '${sbomId}'`,
    );
    expect(components?.n).toBe(COMPONENTS);
    // The job ended completed, on its second attempt or later (the first died with A).
    let job: Record<string, unknown> | undefined;
    for (let i = 0; i < 40 && job?.state !== "completed"; i++) {
      [job] = await rawQuery(
        database.url,
        "SELECT state::text AS state, retry_count FROM pgboss.job WHERE name = 'sbom-ingest-bulk'",
      );
      if (job?.state !== "completed") await sleep(250);
    }
    expect(job).toMatchObject({ state: "completed" });
    expect(Number(job!.retry_count)).toBeGreaterThanOrEqual(1);

    const early = await earlyRetry;
    expect(early.status).toBe(201);
    expect(early.headers.get("idempotent-replayed")).toBe("true");
    expect(((await early.json()) as { sbom: { id: string } }).sbom.id).toBe(sbomId);
    const [jobs] = await rawQuery(
      database.url,
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name IN ('sbom-ingest-bulk', 'sbom-ingest-small')",
    );
    expect(jobs?.n).toBe(1);
    // The client retries on B again with its Idempotency-Key: it gets the stored SBOM, not a second one.
    const retry = await fetch(`${b.url}/v1/products/${product.id}/sboms`, {
      method: "POST",
      headers: uploadHeaders,
      body: large,
    });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(((await retry.json()) as { sbom: { id: string; componentCount: number } }).sbom).toMatchObject({
      id: sbomId,
      componentCount: COMPONENTS,
    });

    // Exactly once: one SBOM, one audit record of it, one intact chain; the staged bytes are gone.
    expect(await rawQuery(database.url, "SELECT id FROM sboms")).toEqual([{ id: sbomId }]);
    const audit = await rawQuery(database.url, "SELECT subject_id FROM audit_log WHERE action = 'sbom.submitted'");
    expect(audit).toEqual([{ subject_id: sbomId }]);
    const { openDatabase } = await import("../../src/db/open.js");
    const opened = await openDatabase(database.url, { migrate: false });
    try {
      const chain = await opened.repos.audit.chain();
      expect(verifyAuditChain(chain.records, chain.head)).toMatchObject({ ok: true, breaks: [] });
    } finally {
      await opened.close();
    }
    expect((await cli("audit", "verify", "--db", database.url)).code).toBe(0);
    // The staged bytes go too, though the instance that waited for them is dead: after a minute's grace.
    let left: Record<string, unknown> | undefined;
    for (let i = 0; i < 180; i++) {
      [left] = await rawQuery(database.url, "SELECT count(*)::int AS n FROM cra_queue.job_input");
      if (left?.n === 0) break;
      await sleep(500);
    }
    expect(left?.n).toBe(0);
  });

  it("a job that fails is retried with backoff, then reported failed, and stores nothing", async () => {
    const database = await createTestPgDatabase();
    databases.push(database);
    let runtime: ServiceRuntime | undefined;
    const errors: unknown[] = [];
    try {
      runtime = await createServiceRuntime({
        db: database.url,
        workers: "inline",
        bodyLimitBytes: 1 << 20,
        version: "t",
        queue: { retryLimit: 2, retryDelaySeconds: 1, sweepSeconds: 1 },
        onError: (error) => errors.push(error),
      });
      const created = await createApiKey({
        ctx: { ...runtime.deps, principal: cliPrincipal("test") },
        input: { organization: "acme", role: "manufacturer", createOrganization: true },
      });
      if (!created.ok) throw new Error(JSON.stringify(created.failure));
      const headers = { authorization: `Bearer ${created.value.key}` };
      const product = (await (
        await runtime.app.request("/v1/products", {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: '{"name":"Failing Hub"}',
        })
      ).json()) as { id: string };
      // Every store fails inside the database; a sequence (outside the rolled-back transactions) counts the tries.
      await rawQuery(
        database.url,
        `CREATE SEQUENCE store_attempts;
         CREATE FUNCTION refuse_sbom() RETURNS trigger AS $$
         BEGIN PERFORM nextval('store_attempts'); RAISE EXCEPTION 'storage refused for the test'; END $$ LANGUAGE plpgsql;
         CREATE TRIGGER refuse_sbom BEFORE INSERT ON sboms FOR EACH ROW EXECUTE FUNCTION refuse_sbom();`,
      );
      const response = await runtime.app.request(`/v1/products/${product.id}/sboms`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/vnd.cyclonedx+json" },
        body: SBOM_JSON,
      });
      expect(response.status).toBe(500);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect(((await response.json()) as { detail: string }).detail).toMatch(/tried several times.*nothing was stored/);
      const [job] = await rawQuery(
        database.url,
        "SELECT state::text AS state, retry_count, output FROM pgboss.job WHERE name = 'sbom-ingest-small'",
      );
      expect(job).toMatchObject({ state: "failed", retry_count: 2 });
      expect(JSON.stringify(job!.output)).toContain("storage refused for the test");
      const [attempts] = await rawQuery(database.url, "SELECT last_value::int AS n FROM store_attempts");
      expect(attempts?.n).toBe(3);
      expect(await rawQuery(database.url, "SELECT id FROM sboms")).toEqual([]);
      expect((await rawQuery(database.url, "SELECT count(*)::int AS n FROM cra_queue.job_input"))[0]?.n).toBe(0);
      // The server's log got the job's failure with its attempts.
      expect(String(errors.find((e) => e instanceof Error && /attempt/.test(e.message)))).toMatch(
        /failed after 3 attempt\(s\)/,
      );
    } finally {
      await runtime?.close();
    }
  });

  it("instances starting at once on a fresh database all start (the queue setup runs one at a time)", async () => {
    // Seen in CI: two servers started together both created pg-boss's queues, one lost to "deadlock detected"
    // and exited with an internal error. Repeated, because the race does not lose every time.
    for (let round = 0; round < 3; round++) {
      const database = await createTestPgDatabase();
      databases.push(database);
      const started = await Promise.allSettled(
        Array.from({ length: 4 }, () =>
          createServiceRuntime({
            db: database.url,
            workers: "inline",
            bodyLimitBytes: 1 << 20,
            version: "t",
            onError: () => {},
          }),
        ),
      );
      const failures = started.filter((s) => s.status === "rejected").map((s) => String(s.reason));
      for (const s of started) if (s.status === "fulfilled") await s.value.close();
      expect(failures).toEqual([]);
    }
  });

  it("keeps taking uploads after the database dropped every connection of the instance", async () => {
    const database = await createTestPgDatabase();
    databases.push(database);
    let runtime: ServiceRuntime | undefined;
    try {
      runtime = await createServiceRuntime({
        db: database.url,
        workers: "inline",
        bodyLimitBytes: 1 << 20,
        version: "t",
        queue: { sweepSeconds: 1 },
        onError: () => {},
      });
      const created = await createApiKey({
        ctx: { ...runtime.deps, principal: cliPrincipal("test") },
        input: { organization: "acme", role: "manufacturer", createOrganization: true },
      });
      if (!created.ok) throw new Error(JSON.stringify(created.failure));
      const headers = { authorization: `Bearer ${created.value.key}` };
      const app = runtime.app;
      const product = (await (
        await app.request("/v1/products", {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: '{"name":"Restart Hub"}',
        })
      ).json()) as { id: string };
      const upload = () =>
        app.request(`/v1/products/${product.id}/sboms`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/vnd.cyclonedx+json" },
          body: SBOM_JSON,
        });
      expect((await upload()).status).toBe(201);
      // What a database restart does to the instance: every connection to the database ends, the liveness
      // connection holding the job locks included.
      const name = new URL(database.url).pathname.slice(1);
      const ended = await rawQuery(
        TEST_PG_URL!,
        `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = '${name}'`,
      );
      expect(ended.length).toBeGreaterThan(0);
      await sleep(200);
      const after = await upload();
      expect(after.status).toBe(201);
      expect((await rawQuery(database.url, "SELECT count(*)::int AS n FROM sboms"))[0]?.n).toBe(2);
    } finally {
      await runtime?.close();
    }
  });
});
