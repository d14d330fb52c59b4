/**
 * Crash safety: a server killed with SIGKILL in the middle of an ingest leaves no half-stored SBOM or
 * assessment, and the audit chain stays intact. Real child processes, real database files.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticSbomText } from "../../bench/synthetic/sbom.js";
import { main } from "../../src/cli/main.js";
import { DECLARATION, REPO, SBOM_JSON } from "./helpers.js";
import { spawnServer } from "./server-process.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cra-crash-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let stdout = "";
  const code = await main(argv, {
    out: (t) => {
      stdout += t;
    },
    err: () => {},
    isTTY: false,
    cwd: dir,
    env: {},
  });
  return { code, stdout: stdout.trim() };
}

/** Every stored SBOM is whole (all its components, its blob, its audit record) and the chain verifies. */
function expectConsistent(db: string): { sboms: number; assessments: number } {
  const sqlite = new Database(db, { readonly: true });
  try {
    const sboms = sqlite.prepare("SELECT id, sha256, component_count FROM sboms").all() as {
      id: string;
      sha256: string;
      component_count: number;
    }[];
    for (const sbom of sboms) {
      const { n } = sqlite.prepare("SELECT count(*) AS n FROM sbom_components WHERE sbom_id = ?").get(sbom.id) as {
        n: number;
      };
      expect(n).toBe(sbom.component_count);
      expect(sqlite.prepare("SELECT 1 FROM sbom_blobs WHERE sha256 = ?").get(sbom.sha256)).toBeDefined();
      expect(
        sqlite.prepare("SELECT 1 FROM audit_log WHERE action = 'sbom.submitted' AND subject_id = ?").get(sbom.id),
      ).toBeDefined();
    }
    const orphans = sqlite
      .prepare("SELECT count(*) AS n FROM sbom_components WHERE sbom_id NOT IN (SELECT id FROM sboms)")
      .get() as { n: number };
    expect(orphans.n).toBe(0);
    const audited = sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'sbom.submitted'").get() as {
      n: number;
    };
    expect(audited.n).toBe(sboms.length);
    const assessments = sqlite.prepare("SELECT id FROM assessments").all() as { id: string }[];
    for (const a of assessments) {
      expect(
        sqlite.prepare("SELECT 1 FROM audit_log WHERE action = 'assessment.created' AND subject_id = ?").get(a.id),
      ).toBeDefined();
    }
    return { sboms: sboms.length, assessments: assessments.length };
  } finally {
    sqlite.close();
  }
}

function childrenOf(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
}

/** User and system CPU ticks a process has used so far (Linux /proc). */
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// Real processes on a shared 2-core machine: more room than the suite default; nothing here is a timing assertion.
describe("crash safety", { timeout: 180_000 }, () => {
  it("a server SIGKILLed during a large ingest restarts with no half-stored SBOM and an intact audit chain", async () => {
    const db = join(dir, "server", "service.db");
    const key = (await cli("keys", "create", "--org", "acme", "--role", "manufacturer", "--db", db)).stdout;
    const headers = { authorization: `Bearer ${key}` };
    let server = await spawnServer(db);
    const product = (await (
      await fetch(`${server.url}/v1/products`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: '{"name":"Crash Hub"}',
      })
    ).json()) as { id: string };
    // Committed state before the crash: one SBOM, a declaration, an assessment.
    expect(
      (
        await fetch(`${server.url}/v1/products/${product.id}/sboms`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/vnd.cyclonedx+json" },
          body: SBOM_JSON,
        })
      ).status,
    ).toBe(201);
    await fetch(`${server.url}/v1/products/${product.id}/declaration`, {
      method: "PUT",
      headers: { ...headers, "content-type": "application/yaml" },
      body: DECLARATION,
    });
    expect(
      (
        await fetch(`${server.url}/v1/products/${product.id}/assessments`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: "{}",
        })
      ).status,
    ).toBe(201);

    const large = syntheticSbomText({ components: 20_000, format: "json", seed: 7 });
    const workers = childrenOf(server.child.pid!);
    const largeHeaders = {
      ...headers,
      "content-type": "application/vnd.cyclonedx+json",
      "idempotency-key": "crash-upload-1",
    };
    const upload = fetch(`${server.url}/v1/products/${product.id}/sboms`, {
      method: "POST",
      headers: largeHeaders,
      body: large,
    }).then(
      (res) => ({ answered: res.status }),
      () => ({ answered: null }),
    );
    // The upload is accepted and being validated in the worker (it has spent CPU time on it, which an idle worker
    // does not): kill the server without warning.
    const idle = workers.map(cpuTicks);
    for (let i = 0; i < 400 && !workers.some((pid, w) => cpuTicks(pid) - idle[w]! >= 10); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    server.child.kill("SIGKILL");
    expect(await server.exited).toMatchObject({ signal: "SIGKILL" });
    expect((await upload).answered).toBeNull();
    // Worker processes notice their parent is gone and exit: nothing is left holding the database.
    for (let i = 0; i < 100 && workers.some(alive); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(workers.filter(alive)).toEqual([]);

    server = await spawnServer(db);
    try {
      const state = expectConsistent(db);
      // Only the SBOM committed before the crash: the killed upload's client saw a reset, so it was not stored
      // by an orphaned worker afterwards either.
      expect(state.sboms).toBe(1);
      expect(state.assessments).toBe(1);
      expect((await cli("audit", "verify", "--db", db)).code).toBe(0);
      // The client retries with its Idempotency-Key: stored once; a second retry (say the first answer was lost
      // too) gets that same SBOM back, marked as a replay, instead of a duplicate.
      const retry = await fetch(`${server.url}/v1/products/${product.id}/sboms`, {
        method: "POST",
        headers: largeHeaders,
        body: large,
      });
      expect(retry.status).toBe(201);
      const stored = ((await retry.json()) as { sbom: { id: string } }).sbom.id;
      const again = await fetch(`${server.url}/v1/products/${product.id}/sboms`, {
        method: "POST",
        headers: largeHeaders,
        body: large,
      });
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(((await again.json()) as { sbom: { id: string } }).sbom.id).toBe(stored);
      expect(expectConsistent(db).sboms).toBe(2);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
    expectConsistent(db);
  });

  it("a writer SIGKILLed inside its transactions leaves only whole SBOMs", async () => {
    const db = join(dir, "storm", "service.db");
    await cli("keys", "create", "--org", "storm", "--role", "manufacturer", "--db", db);
    const setup = new Database(db);
    const org = setup.prepare("SELECT id FROM organizations WHERE slug = 'storm'").get() as { id: string };
    setup
      .prepare(
        "INSERT INTO products (id, organization_id, name, created_at) VALUES ('prd_storm', ?, 'Storm', '2027-01-01T00:00:00Z')",
      )
      .run(org.id);
    setup.close();
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(REPO, "tests/integration/fixtures/store-loop.ts"), db, org.id, "prd_storm"],
      {
        cwd: REPO,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    const exited = new Promise((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    // Wait for two commits, then kill at an arbitrary point of the third or a later transaction.
    for (let i = 0; i < 600 && !/stored 2\n/.test(out); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(out).toMatch(/stored 2\n/);
    await new Promise((resolve) => setTimeout(resolve, 37));
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const committed = (out.match(/stored \d+\n/g) ?? []).length;
    const state = expectConsistent(db);
    // Every reported commit survived; at most the one in flight (committed but not yet reported) more.
    expect(state.sboms).toBeGreaterThanOrEqual(committed);
    expect(state.sboms).toBeLessThanOrEqual(committed + 1);
    expect((await cli("audit", "verify", "--db", db)).code).toBe(0);
  });
});
