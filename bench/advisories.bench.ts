/**
 * Advisory matching and import, on synthetic data:
 * - match a 50k-component SBOM (synthetic CycloneDX 1.6) against 200k synthetic OSV records, as a ratio to
 *   JSON.parse of the same SBOM file: index build + matching with cold (never compiled) ranges;
 * - read the 200k records from an OSV-style zip without a database (the `assess --advisories` path);
 * - import the zip into a fresh SQLite file with the progress bar drawing (a terminal that discards output), then
 *   import it again (every record unchanged).
 * Best of N in one process, with a GC between runs; the machine is shared, so read the ratios, not the ms.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildAdvisoryIndex } from "../src/advisories/index.js";
import { loadAdvisoryFiles } from "../src/advisories/load.js";
import { matchAdvisories } from "../src/advisories/match.js";
import type { Advisory } from "../src/advisories/model.js";
import { parseOsvRecord } from "../src/advisories/osv.js";
import type { CliIo } from "../src/cli/io.js";
import { progressBar } from "../src/cli/progress.js";
import { createAdvisoryStore } from "../src/db/sqlite/advisory-repository.js";
import { openSqlite } from "../src/db/sqlite/open.js";
import { ingestSbomBytes } from "../src/sbom/ingest.js";
import { importAdvisories } from "../src/services/import-advisories.js";
import { storedZip } from "../tests/fixtures/advisories/zip-writer.js";
import { type BenchContext, round } from "./harness.js";
import { type SyntheticTarget, syntheticOsvRecords } from "./synthetic/osv.js";
import { writeSyntheticSbom } from "./synthetic/sbom.js";

export const name = "advisories";

const COMPONENTS = 50_000;
const ADVISORIES = 200_000;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function best(repeat: number, fn: () => void): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeat; i++) {
    gc();
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

export async function run(ctx: BenchContext): Promise<void> {
  const sbomFile = join(ctx.tmpDir, "sbom-50k.cdx.json");
  await writeSyntheticSbom(sbomFile, { components: COMPONENTS, format: "json", specVersion: "1.6", seed: 1 });
  const bytes = readFileSync(sbomFile);
  const text = bytes.toString("utf8");
  const ingested = ingestSbomBytes(bytes);
  if (!ingested.ok) throw new Error("synthetic SBOM did not ingest");
  const sbom = ingested.sbom;

  const targets: SyntheticTarget[] = [];
  for (const c of sbom.components) {
    const p = c.purl;
    if (!p?.type || !p.name || !p.version) continue;
    if (!["npm", "pypi", "maven", "golang", "cargo", "nuget"].includes(p.type)) continue;
    targets.push({
      type: p.type,
      name: p.name,
      version: p.version,
      ...(p.namespace ? { namespace: p.namespace } : {}),
    });
  }
  ctx.log(
    `SBOM: ${COMPONENTS} components, ${round(bytes.length / 1024 ** 2)} MiB, ${targets.length} in OSV ecosystems`,
  );

  const synthetic = { count: ADVISORIES, seed: 7, targets };
  let advisories: Advisory[] = [];
  const parseRecordsMs = best(1, () => {
    advisories = [];
    for (const r of syntheticOsvRecords(synthetic)) {
      const parsed = parseOsvRecord(r, "synthetic");
      if (parsed.kind === "advisory") advisories.push(parsed.advisory);
    }
  });
  // JSON.parse is timed with the advisories in memory, so both sides of the ratio pay the same GC.
  const parseMs = best(5, () => JSON.parse(text));

  let matchCount = 0;
  let indexMs = Number.POSITIVE_INFINITY;
  let matchMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    gc();
    const t0 = performance.now();
    const index = buildAdvisoryIndex({ advisories, kev: [], vex: [] });
    const t1 = performance.now();
    matchCount = matchAdvisories(sbom, index).length;
    const t2 = performance.now();
    indexMs = Math.min(indexMs, t1 - t0);
    matchMs = Math.min(matchMs, t2 - t1);
  }
  ctx.record({
    case: `match 50k components × 200k advisories`,
    metrics: {
      "JSON.parse ms": round(parseMs),
      "index ms": round(indexMs),
      "match ms": round(matchMs),
      "index+match ms": round(indexMs + matchMs),
      "ratio (index+match)/parse": round((indexMs + matchMs) / parseMs, 2),
      matches: matchCount,
    },
  });
  ctx.record({ case: "parse 200k OSV records (in memory)", metrics: { ms: round(parseRecordsMs) } });
  ctx.target({
    target: "match 50k × 200k (index + match) <= 5x JSON.parse of the SBOM",
    actual: `${round((indexMs + matchMs) / parseMs, 2)}x`,
    met: indexMs + matchMs <= 5 * parseMs,
  });

  advisories = [];
  // OSV's ecosystem exports are zips of one JSON file per record; our test writer makes plain (not zip64)
  // archives, so the 200k records go into four zips of 50k.
  const zipFiles: string[] = [];
  let chunk: { name: string; data: Buffer }[] = [];
  const flush = () => {
    const file = join(ctx.tmpDir, `all-${zipFiles.length}.zip`);
    writeFileSync(file, storedZip(chunk));
    zipFiles.push(file);
    chunk = [];
  };
  for (const r of syntheticOsvRecords(synthetic)) {
    chunk.push({ name: `${String(r.id)}.json`, data: Buffer.from(JSON.stringify(r)) });
    if (chunk.length === 50_000) flush();
  }
  if (chunk.length > 0) flush();

  gc();
  let t0 = performance.now();
  const loaded = await loadAdvisoryFiles(zipFiles);
  const loadMs = performance.now() - t0;
  ctx.record({
    case: "read 200k records from zip, no database (assess --advisories)",
    metrics: { ms: round(loadMs), advisories: loaded.data.advisories.length, issues: loaded.issues.length },
  });

  let draws = 0;
  const terminal: CliIo = { out() {}, err: () => void draws++, isTTY: true, cwd: ctx.tmpDir, env: {} };
  const database = openSqlite(join(ctx.tmpDir, "import.db"));
  try {
    const store = createAdvisoryStore(database);
    for (const pass of ["first", "again"] as const) {
      draws = 0;
      const bar = progressBar(terminal, "importing");
      gc();
      t0 = performance.now();
      const summary = await importAdvisories({
        ctx: {
          store,
          now: () => new Date("2099-06-01T00:00:00Z"),
          onProgress: (p) => bar.update(p.done, p.total, p.current),
        },
        input: { paths: zipFiles },
      });
      bar.finish();
      const ms = performance.now() - t0;
      ctx.record({
        case: `import 200k advisories into SQLite (${pass})`,
        metrics: {
          ms: round(ms),
          "records/s": Math.round(ADVISORIES / (ms / 1000)),
          inserted: summary.inserted,
          updated: summary.updated,
          unchanged: summary.unchanged,
          "progress draws": draws,
        },
      });
    }
  } finally {
    database.close();
  }
}
