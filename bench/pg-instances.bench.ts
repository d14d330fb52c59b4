/**
 * One and two real `cra-assessor serve` processes on one PostgreSQL database, loopback only.
 *
 * Needs a PostgreSQL server where the user may create databases: CRA_ASSESSOR_BENCH_PG_URL, else
 * CRA_ASSESSOR_TEST_PG_URL (CI: postgres://cra_ci:cra_ci@127.0.0.1:5432/postgres). A throwaway database is made
 * for the run and dropped after it; without a server the module records nothing and says why.
 *
 * Cases, each bounded by a request count and a time limit, first against instance A alone, then with instance B
 * started on the same database and the requests spread over both (round robin):
 * 1. POST /v1/assess of a typical product: its declaration and a 300-component CycloneDX SBOM.
 * 2. Small reads: GET /v1/products/{id} and GET /v1/products?limit=20, alternating, over 50 stored products.
 *
 * The client is this process (Node's fetch, keep-alive), on the same machine as both servers and the database.
 * The yardstick is JSON.parse of the assess request body, timed right before each case (best of 20): latencies
 * are also given as multiples of it (×y), and throughput as wall time per answered request in yardsticks
 * (y per req: 1 / (req/s × yardstick)), so runs under different load from other jobs can be compared. The load average is read before and after each case.
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { main } from "../src/cli/main.js";
import { createTestPgDatabase, type TestPgDatabase } from "../tests/pg-database.js";
import { type BenchContext, bestOf, percentile, round } from "./harness.js";
import { type ServeProcess, startServeProcess } from "./serve-process.js";
import { syntheticSbomText } from "./synthetic/sbom.js";

export const name = "one and two instances on one PostgreSQL";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

const ASSESS = { concurrency: 4, maxRequests: 1_500, maxMs: 15_000 };
const READS = { concurrency: 8, maxRequests: 6_000, maxMs: 10_000 };

async function stopServer(server: ServeProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  await exited;
}

/**
 * `concurrency` loops send requests until `maxRequests` were sent or `maxMs` passed; request i goes to
 * `urls[i % urls.length]`. Every answer must have the expected status.
 */
async function load(
  urls: string[],
  request: (base: string, i: number) => Promise<Response>,
  expected: number,
  bounds: { concurrency: number; maxRequests: number; maxMs: number },
) {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  const deadline = start + bounds.maxMs;
  const loop = async () => {
    while (next < bounds.maxRequests && performance.now() < deadline) {
      const i = next++;
      const sent = performance.now();
      const res = await request(urls[i % urls.length]!, i);
      const body = await res.text();
      if (res.status !== expected)
        throw new Error(`answered ${res.status}, expected ${expected}: ${body.slice(0, 300)}`);
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: bounds.concurrency }, loop));
  const elapsedMs = performance.now() - start;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    requests: sorted.length,
    seconds: elapsedMs / 1000,
    rps: sorted.length / (elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

async function cliKey(db: string, cwd: string): Promise<string> {
  let out = "";
  let err = "";
  const code = await main(["keys", "create", "--org", "bench-pg", "--role", "manufacturer", "--db", db], {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    isTTY: false,
    cwd,
    env: {},
  });
  if (code !== 0) throw new Error(`keys create exited ${code}: ${err}`);
  return out.trim();
}

export async function run(ctx: BenchContext): Promise<void> {
  const serverUrl = process.env.CRA_ASSESSOR_BENCH_PG_URL ?? process.env.CRA_ASSESSOR_TEST_PG_URL;
  if (!serverUrl) {
    ctx.log("no PostgreSQL server: set CRA_ASSESSOR_BENCH_PG_URL (or CRA_ASSESSOR_TEST_PG_URL); nothing measured");
    return;
  }
  const database: TestPgDatabase = await createTestPgDatabase(serverUrl);
  const servers: ServeProcess[] = [];
  try {
    const key = await cliKey(database.url, ctx.tmpDir);
    const auth = { authorization: `Bearer ${key}` };

    const declaration = parseYaml(
      readFileSync(join(repoRoot, "seeds/demo/declarations/acme-home-hub.yaml"), "utf8"),
    ) as unknown;
    const sbom = JSON.parse(syntheticSbomText({ components: 300, format: "json", seed: 11 })) as unknown;
    const assessBody = JSON.stringify({ sbom, declaration, asOf: "2028-01-15" });
    ctx.log(`assess body: ${round(assessBody.length / 1024)} KiB (300 components and the declaration)`);
    const yardstick = () => bestOf(20, () => JSON.parse(assessBody));
    yardstick();

    servers.push(await startServeProcess(database.url, ["--host", "127.0.0.1"]));
    const a = servers[0]!;
    const productIds: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await fetch(`${a.url}/v1/products`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ name: `Bench product ${i}` }),
      });
      if (res.status !== 201) throw new Error(`create product answered ${res.status}: ${await res.text()}`);
      productIds.push(((await res.json()) as { id: string }).id);
    }

    const assess = (base: string) =>
      fetch(`${base}/v1/assess`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: assessBody,
      });
    const read = (base: string, i: number) =>
      fetch(
        i % 2 === 0
          ? `${base}/v1/products/${productIds[(i >> 1) % productIds.length]}`
          : `${base}/v1/products?limit=20`,
        { headers: auth },
      );

    const measure = async (label: string, urls: string[], kind: "assess" | "reads") => {
      // Warm-up on every instance (schema compilation in the worker, the connection pools), not counted.
      await load(
        urls,
        kind === "assess" ? assess : read,
        200,
        kind === "assess"
          ? { concurrency: 2, maxRequests: 20, maxMs: 30_000 }
          : { concurrency: 4, maxRequests: 200, maxMs: 30_000 },
      );
      const parseMs = yardstick();
      const loadBefore = loadavg()[0]!;
      const result = await load(urls, kind === "assess" ? assess : read, 200, kind === "assess" ? ASSESS : READS);
      const loadAfter = loadavg()[0]!;
      ctx.record({
        case: label,
        metrics: {
          requests: result.requests,
          s: round(result.seconds),
          "req/s": round(result.rps),
          "p50 ms": round(result.p50),
          "p95 ms": round(result.p95),
          "p99 ms": round(result.p99),
          "yardstick ms": round(parseMs, 2),
          "y per req": round(1000 / result.rps / parseMs),
          "p50 ×y": round(result.p50 / parseMs),
          "p95 ×y": round(result.p95 / parseMs),
          "p99 ×y": round(result.p99 / parseMs),
          load: `${round(loadBefore, 2)}→${round(loadAfter, 2)}`,
        },
      });
      return result;
    };

    const assessOne = await measure(
      `POST /v1/assess, 1 instance, ${ASSESS.concurrency} connections`,
      [a.url],
      "assess",
    );
    const readsOne = await measure(`small reads, 1 instance, ${READS.concurrency} connections`, [a.url], "reads");

    servers.push(await startServeProcess(database.url, ["--host", "127.0.0.1"]));
    const both = servers.map((s) => s.url);
    const assessTwo = await measure(`POST /v1/assess, 2 instances, ${ASSESS.concurrency} connections`, both, "assess");
    const readsTwo = await measure(`small reads, 2 instances, ${READS.concurrency} connections`, both, "reads");

    ctx.log(
      `2 instances ÷ 1: assess ${round(assessTwo.rps / assessOne.rps, 2)}× req/s, p99 ${round(assessTwo.p99 / assessOne.p99, 2)}×; ` +
        `reads ${round(readsTwo.rps / readsOne.rps, 2)}× req/s, p99 ${round(readsTwo.p99 / readsOne.p99, 2)}×`,
    );
  } finally {
    for (const server of servers) await stopServer(server);
    await database.drop();
  }
}
