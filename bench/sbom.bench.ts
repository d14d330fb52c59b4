/**
 * SBOM ingest on synthetic CycloneDX 1.6 SBOMs of 1k–100k components. The measure is "validate and
 * normalize" (the streaming reader, on the bytes in memory) as a ratio to JSON.parse of the same file, measured
 * in the same child process in interleaved rounds; the full ingest (plus SHA-256 and the quality facts) and the
 * whole-document path are timed alongside for comparison. Peak RSS comes from separate children that ingest
 * once, from the file (the CLI's path, read in chunks) and from bytes already in memory (the service's path);
 * another child reads and JSON.parses the file alone, for scale.
 *
 * Targets: 50k <= 4x JSON.parse; 100k time <= 2.2x the 50k time; peak RSS < 5x the file size.
 */
import { execFile } from "node:child_process";
import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type BenchContext, round } from "./harness.js";
import { writeSyntheticSbom } from "./synthetic/sbom.js";

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

const CASES: { components: number; format: "json" | "xml"; rounds: number }[] = [
  { components: 1_000, format: "json", rounds: 7 },
  { components: 10_000, format: "json", rounds: 5 },
  { components: 50_000, format: "json", rounds: 7 },
  { components: 100_000, format: "json", rounds: 7 },
  // XML has no target; one size shows its cost relative to JSON.
  { components: 10_000, format: "xml", rounds: 1 },
];

export async function run(ctx: BenchContext): Promise<void> {
  const validateNormalizeMs = new Map<string, { best: number; median: number }>();
  for (const { components, format, rounds } of CASES) {
    const label = `${format} ${components / 1000}k`;
    const file = join(ctx.tmpDir, `synthetic-${components}.cdx.${format}`);
    await writeSyntheticSbom(file, { components, format, specVersion: "1.6", seed: 1 });
    const fileMiB = statSync(file).size / 1024 ** 2;
    ctx.log(`${label}: ${round(fileMiB)} MiB, ${rounds} timing rounds and peak RSS in child processes…`);
    const timing = await child(["time", file, String(rounds)]);
    const rssFile = await child(["rss", file, "file"]);
    const rssBytes = await child(["rss", file, "bytes"]);
    const parseRss = format === "json" ? await child(["rss-parse", file]) : undefined;
    const parse = num(timing.jsonParseMs);
    const validateNormalize = num(timing.validateNormalizeMs);
    validateNormalizeMs.set(label, { best: validateNormalize, median: num(timing.validateNormalizeMedianMs) });
    const peakFile = num(rssFile.peakMiB);
    const peakBytes = num(rssBytes.peakMiB);
    const baseline = num(rssFile.baselineMiB);
    const json = format === "json";
    ctx.record({
      case: `ingest ${label}`,
      metrics: {
        components: components,
        fileMiB: round(fileMiB),
        jsonParseMs: json ? round(parse) : null,
        validateNormalizeMs: json ? round(validateNormalize) : null,
        validateNormalizeMedianMs: json ? round(num(timing.validateNormalizeMedianMs)) : null,
        ratioToParse: json ? round(validateNormalize / parse, 2) : null,
        medianRoundRatio: json ? round(num(timing.medianRatioWall), 2) : null,
        medianRoundRatioMainThreadCpu: json ? round(num(timing.medianRatioMainCpu), 2) : null,
        ingestMs: round(num(timing.ingestMs)),
        ingestRatioToParse: json ? round(num(timing.medianIngestRatioWall), 2) : null,
        wholeDocumentMs: json ? round(num(timing.wholeDocumentMs)) : null,
        wholeDocumentRatioToParse: json ? round(num(timing.medianWholeRatioWall), 2) : null,
        qualityCpuMs: round(num(timing.qualityCpuMs)),
        sha256CpuMs: round(num(timing.sha256CpuMs)),
        baselineRssMiB: round(baseline),
        peakRssFileMiB: round(peakFile),
        rssFilePerFileSize: round(peakFile / fileMiB, 2),
        rssAboveBaselinePerFileSize: round((peakFile - baseline) / fileMiB, 2),
        peakRssBytesMiB: round(peakBytes),
        rssBytesPerFileSize: round(peakBytes / fileMiB, 2),
        parseOnlyPeakRssMiB: parseRss ? round(num(parseRss.peakMiB)) : null,
      },
    });
    if (json && components >= 50_000) {
      ctx.target({
        target: `${label}: peak RSS < 5x file size (file read in chunks; whole process)`,
        actual: `${round(peakFile)} MiB for ${round(fileMiB)} MiB (${round(peakFile / fileMiB, 2)}x; ${round((peakFile - baseline) / fileMiB, 2)}x above the ${round(baseline)} MiB the process holds before reading)`,
        met: peakFile < 5 * fileMiB,
      });
    }
    if (json && components === 50_000) {
      // The ratio is taken within each round (JSON.parse and the reader timed back to back) and the median
      // round is the verdict: on a shared host the fastest JSON.parse and the fastest ingest often come from
      // different moments, so best-of over best-of swings by ±0.5x from run to run; it is reported alongside.
      const medianRatio = num(timing.medianRatioWall);
      ctx.target({
        target: "json 50k: validate + normalize <= 4x JSON.parse (median of in-round ratios)",
        actual: `median round ${round(medianRatio, 2)}x; best ${round(validateNormalize)} ms vs best ${round(parse)} ms (${round(validateNormalize / parse, 2)}x)`,
        met: medianRatio <= 4,
      });
    }
  }
  const t50 = validateNormalizeMs.get("json 50k");
  const t100 = validateNormalizeMs.get("json 100k");
  if (t50 !== undefined && t100 !== undefined) {
    // Growth in one child that alternates the 50k and 100k documents, round by round: the per-size children
    // above run minutes apart, and on a shared host one of them can fall in a slow minute (their own ratio is
    // shown for comparison).
    ctx.log("growth: 50k and 100k alternating in one child…");
    const growth = await child([
      "growth",
      join(ctx.tmpDir, "synthetic-50000.cdx.json"),
      join(ctx.tmpDir, "synthetic-100000.cdx.json"),
      "7",
    ]);
    ctx.record({
      case: "growth json 50k -> 100k",
      metrics: {
        medianRoundRatio: round(num(growth.medianRatio), 2),
        bestRatio: round(num(growth.bestRatio), 2),
        bestMs50k: round(num(growth.smallBestMs)),
        bestMs100k: round(num(growth.largeBestMs)),
        separateChildrenMedianRatio: round(t100.median / t50.median, 2),
        separateChildrenBestRatio: round(t100.best / t50.best, 2),
      },
    });
    ctx.target({
      target: "json 100k time <= 2.2x json 50k time (linear growth; median of alternating rounds)",
      actual: `median round ${round(num(growth.medianRatio), 2)}x, best ${round(num(growth.bestRatio), 2)}x; separate children: median ${round(t100.median / t50.median, 2)}x, best ${round(t100.best / t50.best, 2)}x`,
      met: num(growth.medianRatio) <= 2.2,
    });
  }
}
