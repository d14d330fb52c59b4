/**
 * The three counts a framework has, which differ on purpose (the CRA: 105 catalog entries, 78 findings per report,
 * 61 comparison targets):
 * - `entries`: requirements in the catalog (`seeds/frameworks/<id>.json`), every level, headings included;
 * - `findings`: findings in one report of `assess`: the CRA leaves out its product-class entries (Annexes III and
 *   IV, which only decide the Art. 32 procedure); a level keeps only its own requirements (`findingsByLevel`);
 * - `comparisonTargets`: rows of `frameworks compare` when the framework is the target: for the CRA, the
 *   obligations a label can cover (Annex I Parts I and II, Annex II, Art. 13, Art. 14), without headings whose
 *   points are counted (Annex II (8)), without Annex VII documentation items and without Art. 32.
 */
import type { FrameworkCatalog } from "../domain/requirement.js";
import { comparedTargets } from "./compare.js";
import { requirementsAtLevel } from "./levels.js";

export interface FrameworkCounts {
  entries: number;
  findings: number;
  /** Findings per report at each level, for frameworks with levels. */
  findingsByLevel: Record<string, number>;
  comparisonTargets: number;
}

/** Catalog entries that are not obligations of their own and get no finding (the CRA's product classes). */
const PRODUCT_CLASS = /^CRA-(DEFAULT|AIII-C[12]-\d+|AIV-\d+)$/;

export function frameworkCounts(catalog: FrameworkCatalog): FrameworkCounts {
  const assessed = catalog.requirements.filter((r) => r.group !== "product-class" && !PRODUCT_CLASS.test(r.id));
  const findingsByLevel: Record<string, number> = {};
  for (const level of catalog.levels ?? []) findingsByLevel[level] = requirementsAtLevel(catalog, level).length;
  return {
    entries: catalog.requirements.length,
    findings: assessed.length,
    findingsByLevel,
    comparisonTargets: comparedTargets(catalog, undefined).length,
  };
}

/** The legend printed under `frameworks list` and kept in docs/mutual-recognition.md. */
export const COUNTS_LEGEND = [
  "entries: requirements in the catalog (seeds/frameworks/<id>.json), all levels, headings included.",
  "findings: findings in one assess report. The CRA leaves out its 27 product-class entries (Annexes III and IV), which only decide the Art. 32 procedure; with --level, a levelled framework keeps only that level's requirements (shown per level).",
  "compared: target rows of frameworks compare. For the CRA these are the obligations a partner label can cover (Annex I Parts I and II, Annex II, Art. 13, Art. 14), without Annex VII documentation items, Art. 32 and headings whose points are counted (Annex II (8)).",
] as const;
