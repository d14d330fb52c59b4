/**
 * The HTTP service under load, on loopback, against the real `cra-assessor serve` child process (1 worker
 * process, as on a 2-core machine) and a real SQLite file.
 *
 * 1. A 50k-component CycloneDX JSON SBOM posted to /v1/products/{id}/sboms: validated and normalized in the
 *    worker, stored with its components in one transaction. Target: <= 3 s end to end.
 * 2. The p99 latency of small authenticated reads (GET /v1/products/{id}) while that upload is processed,
 *    against the same reads on an idle server: the worker pool keeps the event loop free.
 * 3. A bounded autocannon run (10 s) against POST /v1/assess with a 200-component SBOM: throughput, p99,
 *    and zero errors.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../src/cli/main.js";
import { ingestSbomBytes } from "../src/sbom/ingest.js";
import { type BenchContext, bestOf, percentile, round } from "./harness.js";
import { startServeProcess } from "./serve-process.js";
import { writeSyntheticSbom } from "./synthetic/sbom.js";

export const name = "http service";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

/** Sequential small reads: `count` of them, or until `until` settles. */
async function smallReads(url: string, headers: Record<string, string>, until: Promise<unknown> | number) {
  const latencies: number[] = [];
  let settled = false;
  if (typeof until !== "number") void until.finally(() => (settled = true));
  const more = () => (typeof until === "number" ? latencies.length < until : !settled);
  while (more()) {
    const start = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`small read answered ${res.status}`);
    latencies.push(performance.now() - start);
  }
  if (typeof until !== "number") await until;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

/**
 * Sequential small writes, `count` of them or until `until` settles: each round creates a product and runs a
 * stateless assessment of a 200-component SBOM (a CI pipeline's call), the two writes a busy service sees most.
 */
async function smallWrites(
  url: string,
  headers: Record<string, string>,
  assessBody: string,
  until: Promise<unknown> | number,
) {
  const latencies: number[] = [];
  let settled = false;
  if (typeof until !== "number") void until.finally(() => (settled = true));
  const more = () => (typeof until === "number" ? latencies.length < until : !settled);
  const timed = async (path: string, body: string, expected: number) => {
    const start = performance.now();
    const res = await fetch(`${url}${path}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body,
    });
    await res.arrayBuffer();
    if (res.status !== expected) throw new Error(`small write ${path} answered ${res.status}`);
    latencies.push(performance.now() - start);
  };
  while (more()) {
    await timed("/v1/products", `{"name":"Small write ${latencies.length}"}`, 201);
    await timed("/v1/assess", assessBody, 200);
  }
  if (typeof until !== "number") await until;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

export async function run(ctx: BenchContext): Promise<void> {
  const db = join(ctx.tmpDir, "bench.db");
  let key = "";
  await main(["keys", "create", "--org", "bench", "--role", "manufacturer", "--db", db], {
    out: (t) => {
      key += t;
    },
    err: () => {},
    isTTY: false,
    cwd: ctx.tmpDir,
    env: {},
  });
  key = key.trim();
  const sbom50k = join(ctx.tmpDir, "sbom-50k.cdx.json");
  const bytes = await writeSyntheticSbom(sbom50k, { components: 50_000, format: "json" });
  const body50k = readFileSync(sbom50k);
  // JSON.parse of the same bytes, as a yardstick for how loaded the shared machine is during this run.
  const parseMs = bestOf(3, () => JSON.parse(body50k.toString("utf8")));
  ctx.log(`50k SBOM: ${round(bytes / 1024 / 1024)} MiB, JSON.parse ${round(parseMs)} ms`);

  // The same validation and normalization in this process, without HTTP, IPC or storage: what the HTTP path
  // adds on top of the ingest pipeline is the difference. Measured before the server starts, so this blocking
  // work cannot stall the client's keep-alive connections.
  ingestSbomBytes(body50k);
  const ingestOnly = bestOf(2, () => ingestSbomBytes(body50k));

  const { child, url } = await startServeProcess(db);
  try {
    const auth = { authorization: `Bearer ${key}` };
    const product = (await (
      await fetch(`${url}/v1/products`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: '{"name":"Bench Product"}',
      })
    ).json()) as { id: string };
    const productUrl = `${url}/v1/products/${product.id}`;

    const upload = async () => {
      const start = performance.now();
      const res = await fetch(`${productUrl}/sboms`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/vnd.cyclonedx+json" },
        body: body50k,
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${text.slice(0, 300)}`);
      return performance.now() - start;
    };

    // 1. 50k through HTTP. The first upload includes compiling the schema in the worker.
    const times = [await upload(), await upload(), await upload()];
    const best = Math.min(...times.slice(1));
    ctx.record({
      case: "POST /sboms 50k JSON (validate, normalize, store)",
      metrics: {
        "first ms": round(times[0]!),
        "best warm ms": round(best),
        "x JSON.parse": round(best / parseMs),
        MiB: round(bytes / 1024 / 1024),
      },
    });
    ctx.record({
      case: "  of which: ingestSbomBytes alone, in-process",
      metrics: { "best warm ms": round(ingestOnly), "x JSON.parse": round(ingestOnly / parseMs) },
    });
    ctx.target({
      target: "50k-component SBOM through HTTP <= 3 s",
      actual: `${round(best / 1000, 2)} s`,
      met: best <= 3000,
    });

    // 2. Small requests while a 50k upload runs, against an idle baseline.
    await smallReads(productUrl, auth, 50);
    const idle = await smallReads(productUrl, auth, 300);
    const during = await smallReads(productUrl, auth, upload());
    ctx.record({
      case: "GET /products/{id}, idle",
      metrics: { requests: idle.count, "p50 ms": idle.p50, "p99 ms": idle.p99, "max ms": idle.max },
    });
    ctx.record({
      case: "GET /products/{id}, during a 50k upload",
      metrics: { requests: during.count, "p50 ms": during.p50, "p99 ms": during.p99, "max ms": during.max },
    });

    // 3. Bounded load on the stateless assessment.
    const sbom200 = JSON.parse(readFileSync(join(repoRoot, "sbom-samples/synthetic-200.cdx.json"), "utf8")) as unknown;
    const declaration = readFileSync(join(repoRoot, "seeds/demo/declarations/acme-home-hub.yaml"), "utf8");
    const { parse } = await import("yaml");
    const assessBody = JSON.stringify({ sbom: sbom200, declaration: parse(declaration), asOf: "2028-01-15" });
    const warm = await fetch(`${url}/v1/assess`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: assessBody,
    });
    if (warm.status !== 200) throw new Error(`assess answered ${warm.status}: ${await warm.text()}`);
    const load = await autocannon({
      url: `${url}/v1/assess`,
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: assessBody,
      connections: 4,
      duration: 10,
    });
    ctx.record({
      case: "POST /v1/assess 200 components, 4 connections, 10 s",
      metrics: {
        "req/s": round(load.requests.average),
        requests: load.requests.total,
        "p50 ms": load.latency.p50,
        "p99 ms": load.latency.p99,
        errors: load.errors + load.timeouts,
        non2xx: load.non2xx,
      },
    });
    ctx.target({
      target: "autocannon POST /v1/assess: zero errors",
      actual: `${load.errors} errors, ${load.timeouts} timeouts, ${load.non2xx} non-2xx`,
      met: load.errors + load.timeouts + load.non2xx === 0,
    });

    // 4. Small writes while four 50k uploads arrive at once (two cores): the uploads take the bulk lane, the
    // small writes their own worker, so none of them waits for an upload to finish.
    await smallWrites(url, auth, assessBody, 10);
    const writesIdle = await smallWrites(url, auth, assessBody, 60);
    const burstStart = performance.now();
    const burst = Promise.all([upload(), upload(), upload(), upload()]);
    const writesDuring = await smallWrites(url, auth, assessBody, burst);
    const burstMs = performance.now() - burstStart;
    ctx.record({
      case: "small writes (POST /products, POST /assess 200), idle",
      metrics: {
        requests: writesIdle.count,
        "p50 ms": writesIdle.p50,
        "p99 ms": writesIdle.p99,
        "max ms": writesIdle.max,
      },
    });
    ctx.record({
      case: "the same during four concurrent 50k uploads",
      metrics: {
        requests: writesDuring.count,
        "p50 ms": writesDuring.p50,
        "p99 ms": writesDuring.p99,
        "max ms": writesDuring.max,
        "burst ms": round(burstMs),
        "p99 / one upload": round(writesDuring.p99 / best, 2),
      },
    });
    ctx.target({
      target: "small writes during a burst of 50k uploads: p99 below one upload's time (never queued behind it)",
      actual: `p99 ${writesDuring.p99} ms vs one 50k upload ${round(best)} ms`,
      met: writesDuring.p99 < best,
    });
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}
