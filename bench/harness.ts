/**
 * Shared types and helpers for `npm run bench`. A benchmark module is a file `bench/<name>.bench.ts` that
 * exports `name` and `async run(ctx)`; it records rows through `ctx.record` and the runner prints and saves them.
 */
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

export type Metric = number | string | boolean | null;

export interface BenchRow {
  /** What was measured, e.g. `ingest json 50k`. */
  case: string;
  metrics: Record<string, Metric>;
}

export interface BenchTarget {
  /** e.g. `50k ingest <= 4x JSON.parse`. */
  target: string;
  actual: string;
  met: boolean;
}

export interface BenchContext {
  /** A fresh temporary directory for this module, removed after it ran. */
  tmpDir: string;
  record(row: BenchRow): void;
  target(target: BenchTarget): void;
  log(message: string): void;
}

export interface BenchModule {
  name: string;
  run(ctx: BenchContext): Promise<void>;
}

export interface MachineInfo {
  nproc: number;
  memoryGiB: number;
  cpuModel: string;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  let cpuModel = cpus()[0]?.model ?? "unknown";
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (match?.[1]) cpuModel = match[1].trim();
  } catch {
    // Not Linux: os.cpus() is the fallback.
  }
  return {
    nproc: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    cpuModel,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** Runs `fn` `times` times (after a collection, when --expose-gc is on) and returns the fastest wall time in ms. */
export function bestOf(times: number, fn: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) {
    globalThis.gc?.();
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** Like `bestOf`, but also the least CPU time (user + system) of any run: steadier than wall time on a busy host. */
export function bestOfWithCpu(times: number, fn: () => unknown): { wallMs: number; cpuMs: number } {
  let wallMs = Number.POSITIVE_INFINITY;
  let cpuMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) {
    globalThis.gc?.();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    fn();
    wallMs = Math.min(wallMs, performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuMs = Math.min(cpuMs, (cpu.user + cpu.system) / 1000);
  }
  return { wallMs, cpuMs };
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The p-th percentile (nearest rank) of ascending `sorted` values; NaN for none. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
