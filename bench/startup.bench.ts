/**
 * Start-up of the installed command: whole `cra-assessor` processes against `node -e 0` (the floor: Node itself),
 * interleaved round by round so both see the same moment of a shared host. The verdict is the median of the
 * in-round ratios. Peak RSS of each process comes from GNU time when the machine has it (`/usr/bin/time -f %M`).
 *
 * Target: `cra-assessor --help` within 1.5x the start-up of `node -e 0`.
 *
 * `BENCH_STARTUP_BASELINE=<bin>` adds the help cases of another build (the bin of an older checkout, built with
 * `npm run build`) to the same rounds, so a before/after comparison shares its moments and its `node -e 0`.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type BenchContext, round } from "./harness.js";

export const name = "start-up";

const run$ = promisify(execFile);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(repoRoot, "bin", "cra-assessor.js");
const gnuTime = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const baselineBin = process.env.BENCH_STARTUP_BASELINE;

const CASES: { label: string; args: string[] }[] = [
  { label: "node -e 0", args: ["-e", "0"] },
  { label: "--help", args: [bin, "--help"] },
  { label: "--version", args: [bin, "--version"] },
  { label: "sbom --help", args: [bin, "sbom", "--help"] },
  { label: "assess --help", args: [bin, "assess", "--help"] },
  {
    label: "sbom validate (example, 1 file)",
    args: [bin, "sbom", "validate", join(repoRoot, "seeds/examples/home-hub-default/sbom.cdx.json")],
  },
  ...(baselineBin
    ? [
        { label: "--help (baseline build)", args: [baselineBin, "--help"] },
        { label: "sbom --help (baseline build)", args: [baselineBin, "sbom", "--help"] },
        { label: "assess --help (baseline build)", args: [baselineBin, "assess", "--help"] },
      ]
    : []),
];

async function once(args: string[]): Promise<{ ms: number; rssMiB: number | undefined }> {
  const started = process.hrtime.bigint();
  if (gnuTime) {
    const { stderr } = await run$(gnuTime, ["-f", "%M", process.execPath, ...args], { cwd: repoRoot });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const kib = Number(stderr.trim().split("\n").pop());
    return { ms, rssMiB: Number.isFinite(kib) ? kib / 1024 : undefined };
  }
  await run$(process.execPath, args, { cwd: repoRoot });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, rssMiB: undefined };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export async function run(ctx: BenchContext): Promise<void> {
  ctx.log(`${ROUNDS} interleaved rounds of ${CASES.length} processes (bin: ${bin})…`);
  if (baselineBin) ctx.log(`baseline build: ${baselineBin}`);
  const times = CASES.map(() => [] as number[]);
  const ratios = CASES.map(() => [] as number[]);
  const rss = CASES.map(() => [] as number[]);
  for (const c of CASES) await once(c.args); // warm the file cache
  for (let r = 0; r < ROUNDS; r++) {
    let floor = Number.NaN;
    for (const [i, c] of CASES.entries()) {
      const { ms, rssMiB } = await once(c.args);
      if (i === 0) floor = ms;
      times[i]?.push(ms);
      ratios[i]?.push(ms / floor);
      if (rssMiB !== undefined) rss[i]?.push(rssMiB);
    }
  }
  for (const [i, c] of CASES.entries()) {
    const t = times[i] ?? [];
    ctx.record({
      case: c.label,
      metrics: {
        bestMs: round(Math.min(...t)),
        medianMs: round(median(t)),
        medianInRoundRatio: round(median(ratios[i] ?? []), 2),
        peakRssMiB: rss[i]?.length ? round(median(rss[i] ?? [])) : null,
      },
    });
  }
  const help = median(ratios[1] ?? []);
  ctx.target({
    target: "cra-assessor --help <= 1.5x node -e 0 (median of in-round ratios)",
    actual: `${round(help, 2)}x (median ${round(median(times[1] ?? []))} ms vs ${round(median(times[0] ?? []))} ms)`,
    met: help <= 1.5,
  });
}
