/**
 * Crosswalk analyses: compare every pair of loaded frameworks (both directions each), and simulate a
 * draft arrangement over N synthetic products for N = 100 and 1,000.
 *
 * Targets: every pair compared in well under a second in total (< 1 s); simulation grows linearly
 * (time(1000) / time(100) <= 12, i.e. within 20 % of the linear factor 10).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadArrangementFile } from "../src/crosswalk/arrangement.js";
import { allPairs, compareFrameworks } from "../src/crosswalk/compare.js";
import { seedRecognitionData } from "../src/crosswalk/seeds.js";
import { createAssessContext } from "../src/services/assess.js";
import { type SimulationProduct, simulateArrangement } from "../src/services/simulate-arrangement.js";
import { type BenchContext, round } from "./harness.js";

export const name = "crosswalk compare and mra simulate";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const LEVELS = ["L1", "L2", "L3", "L4"];

/** N products from the partner-certificate examples, with CLS levels and expiry dates varied so the draft bites differently. */
function syntheticProducts(n: number): SimulationProduct[] {
  const dir = join(root, "seeds/examples");
  const templates = readdirSync(dir)
    .filter((name) => name.startsWith("partner-"))
    .sort()
    .map((id) => readFileSync(join(dir, id, "declaration.yaml"), "utf8"));
  return Array.from({ length: n }, (_, i) => {
    let text = templates[i % templates.length]!;
    text = text
      .replace(/level: L[1-4]/, `level: ${LEVELS[i % LEVELS.length]}`)
      .replace(/validUntil: 20\d\d/, `validUntil: ${2027 + (i % 4)}`);
    return { id: `product-${String(i).padStart(5, "0")}`, declaration: { text } };
  });
}

export async function run(ctx: BenchContext): Promise<void> {
  let t = performance.now();
  const data = seedRecognitionData();
  const loadMs = performance.now() - t;
  ctx.record({
    case: "load seeds (catalogs, crosswalks, arrangements)",
    metrics: { ms: round(loadMs), frameworks: data.catalogs.size, crosswalks: data.crosswalks.length },
  });

  const pairs = allPairs(data.catalogs);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i += 1) {
    t = performance.now();
    for (const [from, to] of pairs) {
      const result = compareFrameworks(data, { from, to });
      if (!result.ok) throw new Error(result.message);
    }
    best = Math.min(best, performance.now() - t);
  }
  ctx.record({
    case: `compare all ${pairs.length} pairs, both directions (best of 5)`,
    metrics: { ms: round(best), perPairMs: round(best / pairs.length) },
  });
  ctx.target({
    target: "compare every pair of loaded frameworks < 1 s",
    actual: `${round(best)} ms`,
    met: best < 1000,
  });

  const draft = loadArrangementFile(join(root, "seeds/arrangements/drafts/eu-sg-cls-draft.yaml"), data.catalogs);
  if (!draft.ok) throw new Error(JSON.stringify(draft.issues));
  const assess = await createAssessContext({ frameworks: ["cra"] });
  const simulate = (products: SimulationProduct[]) =>
    simulateArrangement({ ctx: { assess, data }, input: { arrangement: draft.value, products, asOf: "2028-06-01" } });
  await simulate(syntheticProducts(20)); // warm-up: JIT and rule compilation
  const times = new Map<number, number>();
  for (const n of [100, 1000]) {
    const products = syntheticProducts(n);
    t = performance.now();
    const result = await simulate(products);
    const ms = performance.now() - t;
    times.set(n, ms);
    ctx.record({
      case: `mra simulate over ${n} products`,
      metrics: {
        ms: round(ms),
        perProductMs: round(ms / n),
        closed: result.totals.closed,
        narrowed: result.totals.narrowed,
      },
    });
  }
  const ratio = times.get(1000)! / times.get(100)!;
  ctx.target({
    target: "simulate grows linearly: time(1000)/time(100) <= 12",
    actual: `${round(ratio)}x`,
    met: ratio <= 12,
  });
}
