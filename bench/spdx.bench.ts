/**
 * SPDX 2.3 JSON ingest on synthetic documents (bench/synthetic/spdx.ts) of 10k and 50k packages. The measure is
 * the one set for CycloneDX JSON: "validate + normalize" by the streaming reader on the bytes in memory
 * (streamJsonBytes: packages, files and relationships parsed, validated and normalized one entry at a time, the
 * rest of the document against the SPDX 2.3 schema, the SPDXID checks), as a ratio to JSON.parse of the same
 * text, taken within each round (timed back to back after a collection) and judged on the median round. The
 * whole-document path (validateSbomBytes then the SPDX reader: decoding, JSON.parse, the schema, the SPDXID
 * checks, normalization), which read every SPDX document before the reader streamed SPDX and still reads those
 * with issues, is timed in the same rounds, and so is the full ingest (plus SHA-256 and the quality facts).
 *
 * Target: 50k <= 4x JSON.parse.
 */
import { ingestSbomBytes, normalizeDocument } from "../src/sbom/ingest.js";
import { streamJsonBytes } from "../src/sbom/ingest-stream.js";
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, validateSbomBytes } from "../src/sbom/validate.js";
import { type BenchContext, round } from "./harness.js";
import { syntheticSpdxText } from "./synthetic/spdx.js";

export const name = "spdx ingest";

const LIMITS = { maxBytes: DEFAULT_MAX_BYTES, maxDepth: DEFAULT_MAX_DEPTH };

function timed(fn: () => unknown): number {
  globalThis.gc?.();
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;

function streamed(bytes: Uint8Array): number {
  const outcome = streamJsonBytes(bytes, LIMITS);
  // The benchmark must measure the streaming reader, not a silent hand-over to the whole-document path.
  if (!outcome.streamed) throw new Error(`synthetic SPDX not streamed: ${outcome.reason}`);
  return outcome.sbom.components.length;
}

function wholeDocument(bytes: Uint8Array): void {
  const validation = validateSbomBytes(bytes);
  if (!validation.ok) throw new Error(`synthetic SPDX rejected: ${JSON.stringify(validation.issues.slice(0, 2))}`);
  normalizeDocument(validation.document, validation.specVersion);
}

export async function run(ctx: BenchContext): Promise<void> {
  // Warm-up: schema compilation and JIT are start-up cost, not the per-document cost measured.
  const warm = new TextEncoder().encode(syntheticSpdxText({ packages: 2000, seed: 2 }));
  for (let i = 0; i < 3; i++) {
    streamed(warm);
    wholeDocument(warm);
  }

  for (const [packages, rounds] of [
    [10_000, 5],
    [50_000, 7],
  ] as const) {
    const text = syntheticSpdxText({ packages, seed: 1 });
    const bytes = new TextEncoder().encode(text);
    ctx.log(`${packages / 1000}k packages: ${round(bytes.length / 1024 ** 2)} MiB, ${rounds} rounds…`);
    const parse: number[] = [];
    const read: number[] = [];
    const whole: number[] = [];
    const ratios: number[] = [];
    const wholeRatios: number[] = [];
    const ingestRatios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const p = timed(() => JSON.parse(text));
      const v = timed(() => {
        if (streamed(bytes) !== packages) throw new Error("wrong SPDX component count");
      });
      const w = timed(() => wholeDocument(bytes));
      const i = timed(() => {
        const result = ingestSbomBytes(bytes);
        if (!result.ok || result.sbom.components.length !== packages) throw new Error("wrong SPDX ingest result");
      });
      parse.push(p);
      read.push(v);
      whole.push(w);
      ratios.push(v / p);
      wholeRatios.push(w / p);
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
        wholeDocumentBestMs: round(Math.min(...whole)),
        wholeDocumentMedianRoundRatio: round(median(wholeRatios), 2),
        fullIngestMedianRoundRatio: round(median(ingestRatios), 2),
      },
    });
    if (packages === 50_000) {
      ctx.target({
        target: "spdx json 50k: validate + normalize (streamed) <= 4x JSON.parse (median of in-round ratios)",
        actual: `median round ${round(medianRatio, 2)}x; best ${round(Math.min(...read))} ms vs best JSON.parse ${round(Math.min(...parse))} ms; whole-document path median round ${round(median(wholeRatios), 2)}x`,
        met: medianRatio <= 4,
      });
    }
  }
}
