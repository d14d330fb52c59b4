/**
 * Child process of bench/sbom.bench.ts, one per file and mode, so peak RSS of one size never mixes with another.
 *
 *   node --expose-gc --import tsx bench/ingest-one.ts time FILE REPEAT   -> best-of timings (JSON line)
 *   node --expose-gc --import tsx bench/ingest-one.ts rss FILE           -> peak RSS of one ingest (JSON line)
 *   node --expose-gc --import tsx bench/ingest-one.ts rss-parse FILE     -> peak RSS of read + JSON.parse alone
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { ingestSbomBytes, normalizeDocument } from "../src/sbom/ingest.js";
import { computeQualityFacts } from "../src/sbom/quality.js";
import { syntheticSbomText } from "../src/sbom/synthetic.js";
import { validateSbomBytes } from "../src/sbom/validate.js";
import { bestOfWithCpu } from "./harness.js";

const [mode, file, repeatArg] = process.argv.slice(2);
if ((mode !== "time" && mode !== "rss" && mode !== "rss-parse") || !file) {
  console.error("usage: ingest-one.ts time|rss|rss-parse FILE [REPEAT]");
  process.exit(2);
}
const format = file.endsWith(".xml") ? "xml" : "json";

// Warm up on a tiny document of the same format and spec: schema compilation (50–180 ms, once per process) is
// start-up cost, not the per-document cost being measured.
const warm = ingestSbomBytes(
  new TextEncoder().encode(syntheticSbomText({ components: 5, format, specVersion: "1.6" })),
);
if (!warm.ok) throw new Error(`warm-up document rejected: ${JSON.stringify(warm.issues.slice(0, 2))}`);

const maxRssMiB = () => process.resourceUsage().maxRSS / 1024;

if (mode === "rss" || mode === "rss-parse") {
  globalThis.gc?.();
  const baselineMiB = maxRssMiB();
  const bytes = readFileSync(file);
  let components = 0;
  let ok = true;
  if (mode === "rss") {
    const result = ingestSbomBytes(bytes);
    ok = result.ok;
    components = result.ok ? result.sbom.components.length : 0;
  } else {
    const doc = JSON.parse(bytes.toString("utf8"));
    components = Array.isArray(doc.components) ? doc.components.length : 0;
  }
  console.log(JSON.stringify({ ok, components, baselineMiB, peakMiB: maxRssMiB() }));
} else {
  const repeat = Number(repeatArg ?? "3");
  const stageRepeat = Math.min(repeat, 2);
  const bytes = readFileSync(file);
  const text = bytes.toString("utf8");
  const parse = format === "json" ? bestOfWithCpu(repeat, () => JSON.parse(text)) : null;
  let components = 0;
  const ingest = bestOfWithCpu(repeat, () => {
    const result = ingestSbomBytes(bytes);
    if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.issues.slice(0, 2))}`);
    components = result.sbom.components.length;
  });
  // Stage breakdown in CPU time, each best-of on its own (the sum can differ a little from the pipeline time).
  const validateCpuMs = bestOfWithCpu(stageRepeat, () => validateSbomBytes(bytes)).cpuMs;
  const validation = validateSbomBytes(bytes);
  if (!validation.ok) throw new Error("rejected");
  const normalizeCpuMs = bestOfWithCpu(stageRepeat, () =>
    normalizeDocument(validation.document, validation.specVersion),
  ).cpuMs;
  const sbom = normalizeDocument(validation.document, validation.specVersion);
  const qualityCpuMs = bestOfWithCpu(stageRepeat, () => computeQualityFacts(sbom)).cpuMs;
  const sha256CpuMs = bestOfWithCpu(stageRepeat, () => createHash("sha256").update(bytes).digest("hex")).cpuMs;
  console.log(
    JSON.stringify({
      components,
      jsonParseMs: parse?.wallMs ?? null,
      jsonParseCpuMs: parse?.cpuMs ?? null,
      ingestMs: ingest.wallMs,
      ingestCpuMs: ingest.cpuMs,
      validateCpuMs,
      normalizeCpuMs,
      qualityCpuMs,
      sha256CpuMs,
    }),
  );
}
