/**
 * SPDX 2.3 JSON ingest on synthetic documents (bench/synthetic/spdx.ts) of 10k and 50k packages. The measure is
 * the one set for CycloneDX JSON: "validate + normalize" (validateSbomBytes: decoding, JSON.parse, the SPDX 2.3
 * schema and the SPDXID checks; then the SPDX reader into the normalized model) as a ratio to JSON.parse of the
 * same text, taken within each round (the two timed back to back after a collection) and judged on the median
 * round. The full ingest (plus SHA-256 and the quality facts) is timed alongside. SPDX is read whole, not
 * streamed: the document's graph (relationships naming elements anywhere) is only known at its end.
 *
 * Target: 50k <= 4x JSON.parse.
 */
import { ingestWholeDocument, normalizeDocument } from "../src/sbom/ingest.js";
import { validateSbomBytes } from "../src/sbom/validate.js";
import { type BenchContext, round } from "./harness.js";
import { syntheticSpdxText } from "./synthetic/spdx.js";

export const name = "spdx ingest";

function timed(fn: () => unknown): number {
  globalThis.gc?.();
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;

function validateNormalize(bytes: Uint8Array): void {
  const validation = validateSbomBytes(bytes);
  if (!validation.ok) throw new Error(`synthetic SPDX rejected: ${JSON.stringify(validation.issues.slice(0, 2))}`);
  normalizeDocument(validation.document, validation.specVersion);
}

export async function run(ctx: BenchContext): Promise<void> {
  // Warm-up: schema compilation and JIT are start-up cost, not the per-document cost measured.
  const warm = new TextEncoder().encode(syntheticSpdxText({ packages: 2000, seed: 2 }));
  for (let i = 0; i < 3; i++) validateNormalize(warm);

  for (const [packages, rounds] of [
    [10_000, 5],
    [50_000, 7],
  ] as const) {
    const text = syntheticSpdxText({ packages, seed: 1 });
    const bytes = new TextEncoder().encode(text);
    ctx.log(`${packages / 1000}k packages: ${round(bytes.length / 1024 ** 2)} MiB, ${rounds} rounds…`);
    const parse: number[] = [];
    const read: number[] = [];
    const ingest: number[] = [];
    const ratios: number[] = [];
    const ingestRatios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const p = timed(() => JSON.parse(text));
      const v = timed(() => validateNormalize(bytes));
      const i = timed(() => {
        const result = ingestWholeDocument(bytes);
        if (!result.ok || result.sbom.components.length !== packages) throw new Error("wrong SPDX ingest result");
      });
      parse.push(p);
      read.push(v);
      ingest.push(i);
      ratios.push(v / p);
      ingestRatios.push(i / p);
    }
    const medianRatio = median(ratios);
    ctx.record({
      case: `spdx json ${packages / 1000}k`,
      metrics: {
        packages,
        fileMiB: round(bytes.length / 1024 ** 2),
        jsonParseBestMs: round(Math.min(...parse)),
        validateNormalizeBestMs: round(Math.min(...read)),
        validateNormalizeMedianMs: round(median(read)),
        medianRoundRatio: round(medianRatio, 2),
        fullIngestMedianMs: round(median(ingest)),
        fullIngestMedianRoundRatio: round(median(ingestRatios), 2),
      },
    });
    if (packages === 50_000) {
      ctx.target({
        target: "spdx json 50k: validate + normalize <= 4x JSON.parse (median of in-round ratios)",
        actual: `median round ${round(medianRatio, 2)}x; best ${round(Math.min(...read))} ms vs best JSON.parse ${round(Math.min(...parse))} ms`,
        met: medianRatio <= 4,
      });
    }
  }
}
