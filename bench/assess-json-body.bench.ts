/**
 * The event loop while `POST /v1/assess` reads a large SBOM given inside a JSON body, against the real
 * `cra-assessor serve` child process (one bulk worker, as on a 2-core machine) on loopback.
 *
 * The JSON form (`{ "sbom": {…}, "asOf": … }`) has to be decoded, parsed, validated and serialized back to the
 * bytes the assessment reads; done on the event loop, a 50k-component body stalls every other request for that
 * long. Measured here: the latency of `GET /healthz` (no database, no work: pure event-loop responsiveness) idle
 * and while two such assessments run, with JSON.parse of the same body as the yardstick of the machine's load.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../src/cli/main.js";
import { type BenchContext, bestOf, percentile, round } from "./harness.js";
import { startServeProcess } from "./serve-process.js";
import { writeSyntheticSbom } from "./synthetic/sbom.js";

export const name = "assess with the SBOM in a JSON body";

/** Sequential `GET /healthz`: `count` of them, or until `until` settles. */
async function probe(url: string, until: Promise<unknown> | number) {
  const latencies: number[] = [];
  let settled = false;
  if (typeof until !== "number") void until.finally(() => (settled = true));
  const more = () => (typeof until === "number" ? latencies.length < until : !settled);
  while (more()) {
    const start = performance.now();
    const res = await fetch(`${url}/healthz`);
    await res.arrayBuffer();
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
  const sbomFile = join(ctx.tmpDir, "sbom-50k.cdx.json");
  await writeSyntheticSbom(sbomFile, { components: 50_000, format: "json" });
  const body = Buffer.concat([
    Buffer.from('{"asOf":"2028-01-15","frameworks":["cra"],"sbom":'),
    readFileSync(sbomFile),
    Buffer.from("}"),
  ]);
  const parseMs = bestOf(3, () => JSON.parse(body.toString("utf8")));
  ctx.log(`body: ${round(body.byteLength / 1024 / 1024)} MiB, JSON.parse ${round(parseMs)} ms`);

  const { child, url } = await startServeProcess(db);
  try {
    const assess = async () => {
      const start = performance.now();
      const res = await fetch(`${url}/v1/assess`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body,
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`assess answered ${res.status}: ${text.slice(0, 300)}`);
      return performance.now() - start;
    };
    // Warm: the worker compiles the schema and loads the rules on its first task.
    const first = await assess();
    await probe(url, 50);
    const idle = await probe(url, 300);
    const burst = Promise.all([assess(), assess()]);
    const during = await probe(url, burst);
    const [a, b] = await burst;
    ctx.record({
      case: "GET /healthz, idle",
      metrics: { requests: idle.count, "p50 ms": idle.p50, "p99 ms": idle.p99, "max ms": idle.max },
    });
    ctx.record({
      case: "GET /healthz, during two 50k JSON-body assessments",
      metrics: {
        requests: during.count,
        "p50 ms": during.p50,
        "p99 ms": during.p99,
        "max ms": during.max,
        "max / JSON.parse": round(during.max / parseMs, 2),
      },
    });
    ctx.record({
      case: "POST /v1/assess, 50k components in a JSON body",
      metrics: {
        "first ms": round(first),
        "concurrent ms": round(Math.max(a ?? 0, b ?? 0)),
        "x JSON.parse": round(Math.max(a ?? 0, b ?? 0) / parseMs),
      },
    });
    ctx.target({
      target: "the event loop stays free: no /healthz reply during the assessments waits a JSON.parse of the body",
      actual: `max ${during.max} ms vs JSON.parse ${round(parseMs)} ms`,
      met: during.max < parseMs,
    });
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}
