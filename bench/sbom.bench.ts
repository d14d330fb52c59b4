/**
 * SBOM ingest (validate + normalize + quality facts) on synthetic CycloneDX 1.6 SBOMs of 1k–100k components.
 * Each time is reported as a ratio to JSON.parse of the same file, measured in the same child process (best of
 * N), in wall time (the target) and CPU time (steadier when the host is shared). Peak RSS comes from a separate
 * child per file that ingests once (`process.resourceUsage().maxRSS`); another child reads and JSON.parses the
 * file alone, to show how much of the peak the parsed document itself takes.
 *
 * Targets (issue 2): 50k <= 4x JSON.parse; 100k time <= 2.2x the 50k time; peak RSS < 5x the file size.
 */
import { execFile } from "node:child_process";
import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { writeSyntheticSbom } from "../src/sbom/synthetic.js";
import { type BenchContext, round } from "./harness.js";

export const name = "sbom ingest";

const run$ = promisify(execFile);
const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(benchDir, "..");

async function child(args: string[]): Promise<Record<string, number | boolean | null>> {
  const { stdout } = await run$(
    process.execPath,
    ["--expose-gc", "--import", "tsx", join(benchDir, "ingest-one.ts"), ...args],
    { cwd: repoRoot, maxBuffer: 1 << 20 },
  );
  const line = stdout.trim().split("\n").pop() ?? "{}";
  return JSON.parse(line);
}

const num = (value: unknown): number => (typeof value === "number" ? value : Number.NaN);

const CASES: { components: number; format: "json" | "xml"; repeat: number }[] = [
  { components: 1_000, format: "json", repeat: 5 },
  { components: 10_000, format: "json", repeat: 3 },
  { components: 50_000, format: "json", repeat: 3 },
  { components: 100_000, format: "json", repeat: 2 },
  // XML has no target; one size shows its cost relative to JSON.
  { components: 10_000, format: "xml", repeat: 1 },
];

export async function run(ctx: BenchContext): Promise<void> {
  const ingestMs = new Map<string, number>();
  for (const { components, format, repeat } of CASES) {
    const label = `${format} ${components / 1000}k`;
    const file = join(ctx.tmpDir, `synthetic-${components}.cdx.${format}`);
    await writeSyntheticSbom(file, { components, format, specVersion: "1.6", seed: 1 });
    const fileMiB = statSync(file).size / 1024 ** 2;
    ctx.log(`${label}: ${round(fileMiB)} MiB, timing (best of ${repeat}) and peak RSS in child processes…`);
    const timing = await child(["time", file, String(repeat)]);
    const rss = await child(["rss", file]);
    const parseRss = format === "json" ? await child(["rss-parse", file]) : undefined;
    const parse = num(timing.jsonParseMs);
    const ingest = num(timing.ingestMs);
    ingestMs.set(label, ingest);
    const peak = num(rss.peakMiB);
    ctx.record({
      case: `ingest ${label}`,
      metrics: {
        components: num(timing.components),
        fileMiB: round(fileMiB),
        jsonParseMs: format === "json" ? round(parse) : null,
        ingestMs: round(ingest),
        ratioToParse: format === "json" ? round(ingest / parse, 2) : null,
        cpuRatioToParse: format === "json" ? round(num(timing.ingestCpuMs) / num(timing.jsonParseCpuMs), 2) : null,
        jsonParseCpuMs: format === "json" ? round(num(timing.jsonParseCpuMs)) : null,
        validateCpuMs: round(num(timing.validateCpuMs)),
        normalizeCpuMs: round(num(timing.normalizeCpuMs)),
        qualityCpuMs: round(num(timing.qualityCpuMs)),
        sha256CpuMs: round(num(timing.sha256CpuMs)),
        peakRssMiB: round(peak),
        baselineRssMiB: round(num(rss.baselineMiB)),
        rssPerFileSize: round(peak / fileMiB, 2),
        parseOnlyPeakRssMiB: parseRss ? round(num(parseRss.peakMiB)) : null,
      },
    });
    if (format === "json" && components >= 50_000) {
      ctx.target({
        target: `${label}: peak RSS < 5x file size`,
        actual: `${round(peak)} MiB for ${round(fileMiB)} MiB (${round(peak / fileMiB, 2)}x)`,
        met: peak < 5 * fileMiB,
      });
    }
    if (format === "json" && components === 50_000) {
      ctx.target({
        target: "json 50k: ingest <= 4x JSON.parse",
        actual: `${round(ingest)} ms vs ${round(parse)} ms (${round(ingest / parse, 2)}x)`,
        met: ingest <= 4 * parse,
      });
    }
  }
  const t50 = ingestMs.get("json 50k");
  const t100 = ingestMs.get("json 100k");
  if (t50 !== undefined && t100 !== undefined) {
    ctx.target({
      target: "json 100k time <= 2.2x json 50k time (linear growth)",
      actual: `${round(t100)} ms vs ${round(t50)} ms (${round(t100 / t50, 2)}x)`,
      met: t100 <= 2.2 * t50,
    });
  }
}
