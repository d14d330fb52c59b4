/**
 * `npm run bench [-- filter…]`: runs every bench/*.bench.ts module (or those whose file name contains a filter),
 * prints one table per module and the targets, and writes bench/out/results.json.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BenchModule, type BenchRow, type BenchTarget, type Metric, machineInfo } from "./harness.js";

const benchDir = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);

function printTable(rows: BenchRow[]): void {
  const columns = ["case", ...new Set(rows.flatMap((row) => Object.keys(row.metrics)))];
  const cell = (value: Metric | undefined) => (value === undefined || value === null ? "" : String(value));
  const lines = rows.map((row) => columns.map((c) => (c === "case" ? row.case : cell(row.metrics[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...lines.map((line) => line[i]?.length ?? 0)));
  const format = (cells: string[]) => `| ${cells.map((text, i) => text.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  console.log(format(columns));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const line of lines) console.log(format(line));
}

const files = readdirSync(benchDir)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

const machine = machineInfo();
console.log(
  `bench: ${new Date().toISOString()} · ${machine.cpuModel} · ${machine.nproc} cpu · ${machine.memoryGiB} GiB · Node ${machine.node}`,
);

const results: { module: string; rows: BenchRow[]; targets: BenchTarget[]; error?: string }[] = [];
let failed = false;
for (const file of files) {
  const mod = (await import(pathToFileURL(join(benchDir, file)).href)) as Partial<BenchModule>;
  if (typeof mod.name !== "string" || typeof mod.run !== "function") {
    console.error(`${file}: does not export name and run(ctx); skipped`);
    failed = true;
    continue;
  }
  const rows: BenchRow[] = [];
  const targets: BenchTarget[] = [];
  const tmp = mkdtempSync(join(tmpdir(), "cra-bench-"));
  console.log(`\n## ${mod.name} (${file})`);
  const entry: (typeof results)[number] = { module: mod.name, rows, targets };
  try {
    await mod.run({
      tmpDir: tmp,
      record: (row) => rows.push(row),
      target: (target) => targets.push(target),
      log: (message) => console.log(`  ${message}`),
    });
  } catch (error) {
    failed = true;
    entry.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`${mod.name} failed: ${entry.error}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  results.push(entry);
  if (rows.length > 0) printTable(rows);
  for (const target of targets) console.log(`${target.met ? "MET   " : "MISSED"} ${target.target}: ${target.actual}`);
}

mkdirSync(join(benchDir, "out"), { recursive: true });
const outFile = join(benchDir, "out", "results.json");
writeFileSync(outFile, `${JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2)}\n`);
console.log(`\nwrote ${outFile}`);
// Missed targets are reported, not fatal: they are measurements on a shared machine, not a test.
if (failed) process.exitCode = 1;
