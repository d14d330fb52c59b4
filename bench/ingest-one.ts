/**
 * Child process of bench/sbom.bench.ts, one per file and mode, so peak RSS of one size never mixes with another.
 *
 *   node --expose-gc --import tsx bench/ingest-one.ts time FILE ROUNDS     -> timings (JSON line)
 *   node --expose-gc --import tsx bench/ingest-one.ts rss FILE file|bytes  -> peak RSS of one ingest (JSON line)
 *   node --expose-gc --import tsx bench/ingest-one.ts rss-parse FILE       -> peak RSS of read + JSON.parse alone
 *   node --expose-gc --import tsx bench/ingest-one.ts growth SMALL LARGE ROUNDS -> LARGE/SMALL time, per round
 *
 * `time` runs rounds; each round times, one after the other and after a collection: JSON.parse of the text, the
 * issue's "validate and normalize" (the streaming reader on the bytes in memory), the full ingest (the same plus
 * SHA-256 and the quality facts) and the whole-document path (the previous implementation, still used for XML
 * and for documents with issues). Ratios are taken within a round, so a host that speeds up or slows down
 * between rounds moves numerator and denominator together; the median round is reported with the best times.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { ingestSbomBytes, ingestSbomFile, ingestWholeDocument } from "../src/sbom/ingest.js";
import { streamJsonBytes } from "../src/sbom/ingest-stream.js";
import { computeQualityFacts } from "../src/sbom/quality.js";
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH } from "../src/sbom/validate.js";
import { bestOfWithCpu } from "./harness.js";
import { syntheticSbomText } from "./synthetic/sbom.js";

const [mode, file, arg, extra] = process.argv.slice(2);
if ((mode !== "time" && mode !== "rss" && mode !== "rss-parse" && mode !== "growth") || !file) {
  console.error(
    "usage: ingest-one.ts time FILE [ROUNDS] | rss FILE file|bytes | rss-parse FILE | growth SMALL LARGE ROUNDS",
  );
  process.exit(2);
}
const format = file.endsWith(".xml") ? "xml" : "json";
const limits = { maxBytes: DEFAULT_MAX_BYTES, maxDepth: DEFAULT_MAX_DEPTH };

// Warm up on a document of the same format and spec, through every path (and JSON.parse): schema compilation
// (50–250 ms, once per process) and JIT warm-up are start-up cost, not the per-document cost being measured.
// 2,000 components, three times: enough for V8 to optimize the per-component code before the first timed run.
const timing = mode === "time" || mode === "growth";
const warmText = syntheticSbomText({ components: timing ? 2000 : 50, format, specVersion: "1.6", seed: 2 });
const warmBytes = new TextEncoder().encode(warmText);
for (let round = 0; round < (timing ? 3 : 1); round++) {
  if (format === "json") JSON.parse(warmText);
  for (const path of [ingestSbomBytes, ingestWholeDocument]) {
    const warm = path(warmBytes);
    if (!warm.ok) throw new Error(`warm-up document rejected: ${JSON.stringify(warm.issues.slice(0, 2))}`);
  }
}

const maxRssMiB = () => process.resourceUsage().maxRSS / 1024;

/** CPU time of the main thread alone (Linux), so the parallel GC threads do not count; undefined elsewhere. */
function mainThreadCpuMs(): number | undefined {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 10 ms clock ticks
  } catch {
    return undefined;
  }
}

function timed(fn: () => unknown): { wallMs: number; cpuMs: number; mainCpuMs: number | undefined } {
  globalThis.gc?.();
  const main = mainThreadCpuMs();
  const cpu = process.cpuUsage();
  const start = performance.now();
  fn();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const mainAfter = mainThreadCpuMs();
  return {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    mainCpuMs: main === undefined || mainAfter === undefined ? undefined : mainAfter - main,
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? Number.NaN;
};

if (mode === "growth") {
  // Linear growth, measured in one process: each round times the small and the large document back to back, so
  // a host that slows down for a minute slows both (separate processes minutes apart do not share that luck).
  const small = readFileSync(file);
  const large = readFileSync(arg ?? file);
  const rounds = Number(extra ?? "5");
  const ratios: number[] = [];
  const smallMs: number[] = [];
  const largeMs: number[] = [];
  const once = (bytes: Buffer) =>
    timed(() => {
      const outcome = streamJsonBytes(bytes, limits);
      if (!outcome.streamed) throw new Error(`not streamed: ${outcome.reason}`);
    }).wallMs;
  for (let round = 0; round < rounds; round++) {
    const a = once(small);
    const b = once(large);
    smallMs.push(a);
    largeMs.push(b);
    ratios.push(b / a);
  }
  console.log(
    JSON.stringify({
      rounds,
      medianRatio: median(ratios),
      bestRatio: Math.min(...largeMs) / Math.min(...smallMs),
      smallBestMs: Math.min(...smallMs),
      largeBestMs: Math.min(...largeMs),
      ratios,
    }),
  );
} else if (mode === "rss" || mode === "rss-parse") {
  globalThis.gc?.();
  const baselineMiB = maxRssMiB();
  let components = 0;
  let ok = true;
  if (mode === "rss" && arg === "file") {
    const result = await ingestSbomFile(file);
    ok = result.ok;
    components = result.ok ? result.sbom.components.length : 0;
  } else if (mode === "rss") {
    const result = ingestSbomBytes(readFileSync(file));
    ok = result.ok;
    components = result.ok ? result.sbom.components.length : 0;
  } else {
    const doc = JSON.parse(readFileSync(file).toString("utf8"));
    components = Array.isArray(doc.components) ? doc.components.length : 0;
  }
  console.log(JSON.stringify({ ok, components, baselineMiB, peakMiB: maxRssMiB() }));
} else {
  const rounds = Number(arg ?? "3");
  const bytes = readFileSync(file);
  const text = bytes.toString("utf8");
  const runs: Record<string, ReturnType<typeof timed>[]> = {};
  let components = 0;
  const paths: Record<string, () => unknown> =
    format === "json"
      ? {
          parse: () => JSON.parse(text),
          validateNormalize: () => {
            const outcome = streamJsonBytes(bytes, limits);
            // The benchmark must measure the streaming reader, not a silent hand-over to the whole-document path.
            if (!outcome.streamed) throw new Error(`not streamed: ${outcome.reason}`);
            components = outcome.sbom.components.length;
          },
          ingest: () => {
            if (!ingestSbomBytes(bytes).ok) throw new Error("rejected");
          },
          wholeDocument: () => {
            if (!ingestWholeDocument(bytes).ok) throw new Error("rejected");
          },
        }
      : {
          ingest: () => {
            const result = ingestSbomBytes(bytes);
            if (!result.ok) throw new Error("rejected");
            components = result.sbom.components.length;
          },
        };
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(paths)) {
      const list = runs[name] ?? [];
      list.push(timed(fn));
      runs[name] = list;
    }
  }
  const best = (name: string, key: "wallMs" | "cpuMs" | "mainCpuMs") => {
    const values = (runs[name] ?? []).map((run) => run[key]).filter((value): value is number => value !== undefined);
    return values.length > 0 ? Math.min(...values) : null;
  };
  const medianOf = (name: string) => (runs[name] ? median(runs[name].map((run) => run.wallMs)) : null);
  const medianRatio = (name: string, key: "wallMs" | "mainCpuMs") => {
    if (!runs[name] || !runs.parse) return null;
    const ratios = runs[name].map((run, round) => {
      const numerator = run[key];
      const denominator = runs.parse![round]![key];
      return numerator === undefined || denominator === undefined ? Number.NaN : numerator / denominator;
    });
    return median(ratios);
  };
  const result = ingestSbomBytes(bytes);
  if (!result.ok) throw new Error("rejected");
  const qualityCpuMs = bestOfWithCpu(2, () => computeQualityFacts(result.sbom)).cpuMs;
  const sha256CpuMs = bestOfWithCpu(2, () => createHash("sha256").update(bytes).digest("hex")).cpuMs;
  console.log(
    JSON.stringify({
      components,
      rounds,
      jsonParseMs: best("parse", "wallMs"),
      jsonParseMainCpuMs: best("parse", "mainCpuMs"),
      validateNormalizeMs: best("validateNormalize", "wallMs"),
      validateNormalizeMainCpuMs: best("validateNormalize", "mainCpuMs"),
      jsonParseMedianMs: medianOf("parse"),
      validateNormalizeMedianMs: medianOf("validateNormalize"),
      ingestMs: best("ingest", "wallMs"),
      wholeDocumentMs: best("wholeDocument", "wallMs"),
      medianRatioWall: medianRatio("validateNormalize", "wallMs"),
      medianRatioMainCpu: medianRatio("validateNormalize", "mainCpuMs"),
      medianIngestRatioWall: medianRatio("ingest", "wallMs"),
      medianWholeRatioWall: medianRatio("wholeDocument", "wallMs"),
      qualityCpuMs,
      sha256CpuMs,
    }),
  );
}
