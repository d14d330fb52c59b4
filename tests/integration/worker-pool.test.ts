import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticSbomText } from "../../bench/synthetic/sbom.js";
import { mappingKey } from "../../src/crosswalk/recognition.js";
import { openDatabase } from "../../src/db/open.js";
import type { SbomStoreRequest } from "../../src/services/job-executor.js";
import { BULK_LANE_BYTES, createPoolExecutor } from "../../src/workers/pool-executor.js";
import { createTestPgDatabase, INTEGRATION_ON_PG, rawQuery, type TestPgDatabase } from "../pg-database.js";
import { DECLARATION, REPO, SBOM_JSON, SBOM_XML } from "./helpers.js";
import { childrenOf } from "./processes.js";

let dir: string;
/** A SQLite file, or with CRA_ASSESSOR_TEST_DB=postgres a throwaway PostgreSQL database the workers connect to. */
let db: string;
let pgDatabase: TestPgDatabase | undefined;
const organizationId = "org_pool";
const productId = "prd_pool";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cra-pool-"));
  pgDatabase = INTEGRATION_ON_PG ? await createTestPgDatabase() : undefined;
  db = pgDatabase?.url ?? join(dir, "pool.db");
  // Opening applies the dialect's migrations; the organisation and product the jobs store under come next.
  await (await openDatabase(db)).close();
  await rawQuery(
    db,
    `INSERT INTO organizations (id, slug, name, created_at) VALUES ('${organizationId}', 'pool', 'Pool', '2027-01-01T00:00:00Z')`,
  );
  await rawQuery(
    db,
    `INSERT INTO products (id, organization_id, name, created_at) VALUES ('${productId}', '${organizationId}', 'Pool product', '2027-01-01T00:00:00Z')`,
  );
});
afterAll(async () => {
  await pgDatabase?.drop();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const request = (mediaType = "application/vnd.cyclonedx+json"): SbomStoreRequest => ({
  scope: { kind: "organization", organizationId },
  record: { id: `sbm_pool_${++n}`, productId, organizationId, mediaType, createdAt: "2027-01-02T00:00:00.000Z" },
  actor: "test",
});

describe("worker pool (processes)", { timeout: 120_000 }, () => {
  it("validates and stores JSON and XML SBOMs in the worker, and assesses", async () => {
    const work = createPoolExecutor(2, { database: db });
    try {
      const [json, xml] = await Promise.all([
        work.submitSbom(new Uint8Array(SBOM_JSON), request()),
        work.submitSbom(new Uint8Array(SBOM_XML), request("application/vnd.cyclonedx+xml")),
      ]);
      expect(json.ok && json.sbom.format).toBe("json");
      expect(xml.ok && xml.sbom.format).toBe("xml");
      const invalid = await work.submitSbom(new TextEncoder().encode('{"bomFormat":"CycloneDX"}'), request());
      expect(invalid.ok).toBe(false);
      const assessed = await work.assess({ declaration: { text: DECLARATION }, asOf: "2028-01-15" });
      expect(assessed.ok && assessed.reports[0]?.asOf).toBe("2028-01-15");
    } finally {
      await work.close();
    }
    // What the workers stored is in the database, whole, with its audit records.
    const database = await openDatabase(db, { migrate: false });
    const { repos } = database;
    const scope = { kind: "organization", organizationId } as const;
    const stored = await repos.sboms.listForProduct(scope, productId, { limit: 10, offset: 0 });
    expect(stored?.total).toBe(2);
    for (const sbom of stored?.items ?? []) {
      expect((await repos.sboms.components(scope, sbom.id, { limit: 1, offset: 0 }))?.total).toBe(sbom.componentCount);
    }
    expect((await repos.audit.chain()).records.filter((r) => r.action === "sbom.submitted")).toHaveLength(2);
    await database.close();
  });

  it("reads the JSON form of an assess request in a worker: the task with the SBOM as bytes, or why not", async () => {
    const work = createPoolExecutor(1, { database: db });
    try {
      const sbom = JSON.parse(SBOM_JSON.toString("utf8"));
      const read = await work.readAssessRequest(
        new TextEncoder().encode(JSON.stringify({ sbom, frameworks: ["cra"] })),
        "2028-01-15",
      );
      if (!read.ok) throw new Error(read.detail);
      expect(read.task).toMatchObject({ asOf: "2028-01-15", frameworks: ["cra"] });
      expect(JSON.parse(new TextDecoder().decode(read.task.sbom?.bytes))).toEqual(sbom);
      expect(await work.readAssessRequest(new TextEncoder().encode("{oops"), "2028-01-15")).toMatchObject({
        ok: false,
        code: "malformed-body",
      });
      expect(
        await work.readAssessRequest(new TextEncoder().encode('{"asOf":"tomorrow","sbomID":"x"}'), "2028-01-15"),
      ).toMatchObject({ ok: false, code: "invalid-request" });
    } finally {
      await work.close();
    }
  });

  it("hands the stored crosswalk reviews to the worker's recognition (a Map crosses the process boundary)", async () => {
    const example = join(REPO, "seeds/examples/partner-cls-l2-camera");
    const reviews = new Map([
      [
        mappingKey("sg-cls--cra", "SGCLS-ETSI-6-6", "CRA-AI-P1-2g"),
        [{ reviewer: "R. Egulator", organisation: "Authority", date: "2028-05-30", verdict: "agree" as const }],
      ],
    ]);
    const work = createPoolExecutor(1, { database: db });
    try {
      const assessed = await work.assess({
        declaration: { text: readFileSync(join(example, "declaration.yaml"), "utf8") },
        asOf: "2028-06-01",
        reviews,
      });
      if (!assessed.ok) throw new Error(JSON.stringify(assessed.issues));
      const finding = assessed.reports[0]!.findings.find((f) => f.requirement === "CRA-AI-P1-2g")!;
      expect(finding.recognition?.[0]?.via).toMatchObject({ sourceRequirement: "SGCLS-ETSI-6-6", reviewed: true });
    } finally {
      await work.close();
    }
  });

  it("fails the job of a worker that dies, replaces the worker, and carries on", async () => {
    const before = new Set(childrenOf(process.pid));
    const work = createPoolExecutor(1, { database: db });
    try {
      // Both lanes' workers are child processes of this one.
      expect(
        childrenOf(process.pid)
          .filter((pid) => !before.has(pid))
          .sort(),
      ).toEqual([...work.pool.pids, ...work.interactive.pids].sort());
      const big = new TextEncoder().encode(syntheticSbomText({ components: 5_000, format: "json" }));
      expect(big.byteLength).toBeGreaterThanOrEqual(BULK_LANE_BYTES);
      const doomed = work.submitSbom(big, request());
      await new Promise((resolve) => setTimeout(resolve, 100));
      process.kill(work.pool.pids[0]!, "SIGKILL");
      await expect(doomed).rejects.toThrow(/worker process exited/);
      const next = await work.submitSbom(new Uint8Array(SBOM_JSON), request());
      expect(next.ok).toBe(true);
    } finally {
      await work.close();
    }
  });

  it("keeps small jobs out of the queue of large uploads (their own lane)", async () => {
    const work = createPoolExecutor(1, { database: db });
    try {
      const large = new TextEncoder().encode(syntheticSbomText({ components: 20_000, format: "json", seed: 3 }));
      expect(large.byteLength).toBeGreaterThanOrEqual(BULK_LANE_BYTES);
      const settled: string[] = [];
      // Two large uploads fill the single bulk worker and its queue; the small assessment comes last.
      const uploads = [1, 2].map((i) =>
        work.submitSbom(large, request()).then((outcome) => {
          settled.push(`upload ${i}`);
          return outcome;
        }),
      );
      const small = work.assess({ declaration: { text: DECLARATION }, asOf: "2028-01-15" }).then((outcome) => {
        settled.push("assessment");
        return outcome;
      });
      const outcomes = await Promise.all([...uploads, small]);
      expect(outcomes.every((o) => o.ok)).toBe(true);
      // With one queue the assessment would wait for both uploads; in its own lane it is answered first.
      expect(settled[0]).toBe("assessment");
    } finally {
      await work.close();
    }
  });

  it("refuses work after close and leaves no worker behind", async () => {
    const before = new Set(childrenOf(process.pid));
    const work = createPoolExecutor(1, { database: db });
    await work.close();
    expect(childrenOf(process.pid).filter((pid) => !before.has(pid))).toEqual([]);
    await expect(work.assess({ declaration: { text: DECLARATION }, asOf: "2028-01-15" })).rejects.toThrow(/closed/);
  });
});

describe("worker pool (threads)", { timeout: 120_000 }, () => {
  // Why the service uses processes: this test process has already loaded libxmljs2 on its main thread (through
  // the modules it imports), and the addon cannot load in a second thread. The pool must turn that into a
  // rejected job, not a crash or a hang.
  it("rejects the job cleanly when the worker thread cannot load the task code", async () => {
    const work = createPoolExecutor(1, { database: db, kind: "thread" });
    try {
      expect(work.pool.kind).toBe("thread");
      const outcome = work.assess({ declaration: { text: DECLARATION }, asOf: "2028-01-15" }).then(
        () => "answered",
        (error: Error) => error.message,
      );
      expect(await outcome).toMatch(/answered|did not self-register|exited/);
    } finally {
      await work.close();
    }
  });
});
