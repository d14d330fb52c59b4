/**
 * Framework-to-framework comparison for regulators: for every requirement of the target framework, how far the
 * source framework covers it (full, partial, none), counted and weighted by obligation, in both directions.
 *
 * Where the pair has a crosswalk, its rows are used (read backwards when only the reverse crosswalk exists: set
 * relationships invert exactly). Where it has none, rows are derived through a pivot both frameworks are mapped
 * to (ETSI EN 303 645 first, then the CRA) and are marked as derived candidates, never as reviewed mappings.
 */
import {
  type Confidence,
  type Coverage,
  type Crosswalk,
  coverageOf,
  inverseRelationship,
  type Mapping,
  type Relationship,
} from "../domain/crosswalk.js";
import type { FrameworkCatalog, Obligation, Requirement } from "../domain/requirement.js";
import { mustAccountFor } from "./crosswalk.js";
import { obligationAt, resolveLevel } from "./levels.js";

/** Weights used for the "weighted by obligation" shares (assessor policy, documented in docs/mutual-recognition.md). */
export const OBLIGATION_WEIGHT: Readonly<Record<Obligation, number>> = {
  mandatory: 3,
  conditional: 2,
  "feature-dependent": 2,
  recommended: 1,
};

/** Frameworks tried as pivots for derived comparisons, in order of preference. */
export const PIVOT_PREFERENCE = ["etsi-en-303-645@3.1.3", "cra"] as const;

/** CRA groups a comparison targets; product classes and Annex VII documentation items are not requirements a label can cover. */
const CRA_COMPARED_GROUPS = new Set(["annex-i-part-i", "annex-i-part-ii", "annex-ii", "article-13", "article-14"]);

export type ComparisonMethod = "crosswalk" | "inverted-crosswalk" | "derived";

export interface CoverageLink {
  source: string;
  relationship: Relationship;
  confidence: Confidence;
  coverage: Exclude<Coverage, "none">;
  residual?: string;
  /** Pivot requirement for derived rows. */
  via?: string;
  note?: string;
}

export interface CoverageRow {
  target: string;
  title: string;
  group?: string;
  obligation: Obligation;
  weight: number;
  coverage: Coverage;
  links: CoverageLink[];
  /** For uncovered rows: the crosswalk's stated reason, when it gives one. */
  reason?: string;
  verified: boolean;
}

export interface CoverageTotals {
  count: { full: number; partial: number; none: number; total: number };
  weighted: { full: number; partial: number; none: number; total: number };
  /** Shares in [0, 1], rounded to 4 decimals. */
  share: { full: number; partial: number; none: number };
  weightedShare: { full: number; partial: number; none: number };
}

export interface DirectionComparison {
  source: { framework: string; level?: string };
  target: { framework: string; level?: string };
  method: ComparisonMethod;
  /** Crosswalks used (and the pivot, for derived rows). */
  crosswalks: string[];
  pivot?: string;
  /** True only for a direct crosswalk whose provenance says it was reviewed. Derived rows are never reviewed. */
  reviewed: boolean;
  rows: CoverageRow[];
  totals: CoverageTotals;
  /** Totals per target group (for the CRA: Annex I Part I, Part II, Annex II, Art. 13, Art. 14). */
  totalsByGroup: Record<string, CoverageTotals>;
  /** Target requirements not covered at all, in id order. */
  uncovered: string[];
  /** Present when there is no crosswalk and no pivot: nothing can be said. */
  unavailable?: string;
}

export interface FrameworkComparison {
  from: { framework: string; level?: string };
  to: { framework: string; level?: string };
  forward: DirectionComparison;
  backward: DirectionComparison;
}

export interface ComparisonData {
  catalogs: ReadonlyMap<string, FrameworkCatalog>;
  crosswalks: readonly Crosswalk[];
}

export interface CompareRequest {
  from: string;
  to: string;
  /** Level of `from` (e.g. `L2` for sg-cls). */
  level?: string;
  /** Level of `to`, when it has levels. */
  toLevel?: string;
}

export type CompareResult = { ok: true; value: FrameworkComparison } | { ok: false; message: string };

/**
 * Compares two loaded frameworks in both directions.
 *
 * @example
 * const result = compareFrameworks(data, { from: "uk-psti", to: "cra" });
 * if (result.ok) console.log(result.value.forward.totals.share.full);
 */
export function compareFrameworks(data: ComparisonData, request: CompareRequest): CompareResult {
  const from = data.catalogs.get(request.from);
  const to = data.catalogs.get(request.to);
  if (!from)
    return {
      ok: false,
      message: `Unknown framework "${request.from}". Known: ${[...data.catalogs.keys()].sort().join(", ")}.`,
    };
  if (!to)
    return {
      ok: false,
      message: `Unknown framework "${request.to}". Known: ${[...data.catalogs.keys()].sort().join(", ")}.`,
    };
  if (from.id === to.id) return { ok: false, message: "Compare two different frameworks." };
  const fromLevel = pickLevel(from, request.level);
  if (!fromLevel.ok) return fromLevel;
  const toLevel = pickLevel(to, request.toLevel);
  if (!toLevel.ok) return toLevel;
  return {
    ok: true,
    value: {
      from: { framework: from.id, ...(fromLevel.level ? { level: fromLevel.level } : {}) },
      to: { framework: to.id, ...(toLevel.level ? { level: toLevel.level } : {}) },
      forward: compareDirection(data, from, fromLevel.level, to, toLevel.level),
      backward: compareDirection(data, to, toLevel.level, from, fromLevel.level),
    },
  };
}

function pickLevel(
  catalog: FrameworkCatalog,
  level: string | undefined,
): { ok: true; level?: string } | { ok: false; message: string } {
  if (level === undefined) return { ok: true };
  const resolved = resolveLevel(catalog, level);
  if (resolved === undefined) {
    const levels = catalog.levels ?? [];
    return {
      ok: false,
      message:
        levels.length > 0
          ? `"${level}" is not a level of ${catalog.id} (${levels.join(", ")}).`
          : `${catalog.id} has no levels.`,
    };
  }
  return { ok: true, level: resolved };
}

/** Target requirements a comparison counts. */
export function comparedTargets(target: FrameworkCatalog, level: string | undefined): Requirement[] {
  return target.requirements.filter((requirement) => {
    if (target.id === "cra")
      return CRA_COMPARED_GROUPS.has(requirement.group ?? "") && !isGroupingOnly(target, requirement);
    return obligationAt(requirement, level) !== undefined;
  });
}

/** `CRA-AII-8` only introduces 8a-8f: counting it too would count those items twice. */
function isGroupingOnly(catalog: FrameworkCatalog, requirement: Requirement): boolean {
  return catalog.requirements.some((other) => other.parent === requirement.id);
}

interface DirectedMapping extends Mapping {
  via?: string;
}

function compareDirection(
  data: ComparisonData,
  source: FrameworkCatalog,
  sourceLevel: string | undefined,
  target: FrameworkCatalog,
  targetLevel: string | undefined,
): DirectionComparison {
  const direct = data.crosswalks.find((c) => c.sourceFramework === source.id && c.targetFramework === target.id);
  const reverse = data.crosswalks.find((c) => c.sourceFramework === target.id && c.targetFramework === source.id);
  let method: ComparisonMethod;
  let mappings: DirectedMapping[];
  let used: string[];
  let pivot: string | undefined;
  let reviewed = false;
  let uncoveredReasons = new Map<string, string>();
  if (direct) {
    method = "crosswalk";
    mappings = direct.mappings;
    used = [direct.id];
    reviewed = direct.provenance.reviewed;
    uncoveredReasons = new Map(direct.uncovered.map((u) => [u.target, u.reason]));
  } else if (reverse) {
    method = "inverted-crosswalk";
    mappings = reverse.mappings.map((m) => ({
      ...m,
      source: m.target,
      target: m.source,
      relationship: inverseRelationship(m.relationship),
      // The residual was written about the reverse direction's target; it does not describe this one.
      residual: undefined,
      note: `Read backwards from ${reverse.id}.`,
    }));
    used = [reverse.id];
    reviewed = reverse.provenance.reviewed;
  } else {
    const derived = derive(data, source.id, target.id);
    method = "derived";
    mappings = derived?.mappings ?? [];
    used = derived?.crosswalks ?? [];
    pivot = derived?.pivot;
  }

  const sourceReqs = new Map(source.requirements.map((r) => [r.id, r]));
  const rows: CoverageRow[] = comparedTargets(target, targetLevel).map((requirement) => {
    const links: CoverageLink[] = [];
    for (const mapping of mappings) {
      if (mapping.target !== requirement.id) continue;
      const sourceReq = sourceReqs.get(mapping.source);
      if (!sourceReq) continue;
      const sourceObligation = obligationAt(sourceReq, sourceLevel);
      if (sourceObligation === undefined) continue;
      let coverage = coverageOf(mapping.relationship);
      if (coverage === "none") continue;
      let note = mapping.note;
      // A holder need not implement a recommendation, so it can support but not settle the target.
      if (sourceObligation === "recommended" && coverage === "full") {
        coverage = "partial";
        note = [note, "The source requirement is only a recommendation."].filter(Boolean).join(" ");
      }
      links.push({
        source: mapping.source,
        relationship: mapping.relationship,
        confidence: mapping.confidence,
        coverage,
        ...(mapping.residual ? { residual: mapping.residual } : {}),
        ...(mapping.via ? { via: mapping.via } : {}),
        ...(note ? { note } : {}),
      });
    }
    links.sort(
      (a, b) =>
        rankCoverage(a.coverage) - rankCoverage(b.coverage) ||
        a.source.localeCompare(b.source, "en", { numeric: true }) ||
        (a.via ?? "").localeCompare(b.via ?? ""),
    );
    const coverage: Coverage = links.some((l) => l.coverage === "full")
      ? "full"
      : links.length > 0
        ? "partial"
        : "none";
    const obligation = obligationAt(requirement, targetLevel) ?? "mandatory";
    const reason = coverage === "none" ? uncoveredReasons.get(requirement.id) : undefined;
    return {
      target: requirement.id,
      title: requirement.title,
      ...(requirement.group ? { group: requirement.group } : {}),
      obligation,
      weight: OBLIGATION_WEIGHT[obligation],
      coverage,
      links,
      ...(reason ? { reason } : {}),
      verified: requirement.verified !== false,
    };
  });
  // Rows stay in catalog order (Annex I Part I, Part II, Art. 13 …), which the catalog fixes.
  const groups = new Map<string, CoverageRow[]>();
  for (const row of rows) {
    const key = row.group ?? "requirements";
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const totalsByGroup: Record<string, CoverageTotals> = {};
  for (const key of [...groups.keys()].sort()) totalsByGroup[key] = totalsOf(groups.get(key)!);
  const result: DirectionComparison = {
    source: { framework: source.id, ...(sourceLevel ? { level: sourceLevel } : {}) },
    target: { framework: target.id, ...(targetLevel ? { level: targetLevel } : {}) },
    method,
    crosswalks: [...used].sort(),
    ...(pivot ? { pivot } : {}),
    reviewed: method !== "derived" && reviewed,
    rows,
    totals: totalsOf(rows),
    totalsByGroup,
    uncovered: rows.filter((r) => r.coverage === "none").map((r) => r.target),
  };
  if (method === "derived" && !pivot) {
    result.unavailable = `No crosswalk links ${source.id} and ${target.id}, and no framework is mapped from both.`;
  }
  return result;
}

function rankCoverage(coverage: Coverage): number {
  return coverage === "full" ? 0 : coverage === "partial" ? 1 : 2;
}

export function totalsOf(rows: readonly CoverageRow[]): CoverageTotals {
  const count = { full: 0, partial: 0, none: 0, total: rows.length };
  const weighted = { full: 0, partial: 0, none: 0, total: 0 };
  for (const row of rows) {
    count[row.coverage] += 1;
    weighted[row.coverage] += row.weight;
    weighted.total += row.weight;
  }
  const share = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 10000) / 10000);
  return {
    count,
    weighted,
    share: {
      full: share(count.full, count.total),
      partial: share(count.partial, count.total),
      none: share(count.none, count.total),
    },
    weightedShare: {
      full: share(weighted.full, weighted.total),
      partial: share(weighted.partial, weighted.total),
      none: share(weighted.none, weighted.total),
    },
  };
}

const CONFIDENCE_ORDER: readonly Confidence[] = ["high", "medium", "low"];
function weaker(a: Confidence, b: Confidence): Confidence {
  return CONFIDENCE_ORDER[Math.max(CONFIDENCE_ORDER.indexOf(a), CONFIDENCE_ORDER.indexOf(b))]!;
}

/**
 * Composes A→P and B→P into candidate A→B rows (set algebra over the pivot P; NIST IR 8477 does not define
 * composition, so every result is a candidate for an analyst to review):
 * - equal/equivalent on either side passes the other relationship through (A = P ⊂ B gives A ⊂ B);
 * - A ⊂ P ⊂ B gives subset-of, A ⊃ P ⊃ B superset-of;
 * - A ⊃ P and B ⊃ P share P, so they intersect (medium confidence);
 * - two parts of the same P, or any overlap, may or may not meet: intersects-with at low confidence.
 */
export function composeRelationships(
  aToP: Relationship,
  bToP: Relationship,
): { relationship: Relationship; cap?: Confidence } | undefined {
  if (aToP === "no-relationship" || bToP === "no-relationship") return undefined;
  const pToB = inverseRelationship(bToP);
  const same = (r: Relationship) => r === "equal" || r === "equivalent";
  if (same(aToP) && same(pToB)) return { relationship: aToP === "equal" && pToB === "equal" ? "equal" : "equivalent" };
  if (same(aToP)) return { relationship: pToB };
  if (same(pToB)) return { relationship: aToP };
  if (aToP === "subset-of" && pToB === "subset-of") return { relationship: "subset-of" };
  if (aToP === "superset-of" && pToB === "superset-of") return { relationship: "superset-of" };
  if (aToP === "superset-of" && pToB === "subset-of") return { relationship: "intersects-with", cap: "medium" };
  return { relationship: "intersects-with", cap: "low" };
}

function derive(
  data: ComparisonData,
  source: string,
  target: string,
): { pivot: string; crosswalks: string[]; mappings: DirectedMapping[] } | undefined {
  const outgoing = (framework: string) => data.crosswalks.filter((c) => c.sourceFramework === framework);
  const sourceTargets = new Map(outgoing(source).map((c) => [c.targetFramework, c]));
  const targetTargets = new Map(outgoing(target).map((c) => [c.targetFramework, c]));
  const common = [...sourceTargets.keys()].filter((p) => targetTargets.has(p));
  if (common.length === 0) return undefined;
  const preferred = [...common].sort((a, b) => pivotRank(a) - pivotRank(b) || a.localeCompare(b))[0]!;
  const a = sourceTargets.get(preferred)!;
  const b = targetTargets.get(preferred)!;
  const byPivot = new Map<string, Mapping[]>();
  for (const m of b.mappings) byPivot.set(m.target, [...(byPivot.get(m.target) ?? []), m]);
  const best = new Map<string, DirectedMapping>();
  for (const am of a.mappings) {
    for (const bm of byPivot.get(am.target) ?? []) {
      const composed = composeRelationships(am.relationship, bm.relationship);
      if (!composed) continue;
      let confidence = weaker(am.confidence, bm.confidence);
      if (composed.cap) confidence = weaker(confidence, composed.cap);
      const candidate: DirectedMapping = {
        source: am.source,
        target: bm.source,
        relationship: composed.relationship,
        rationale: "semantic",
        confidence,
        via: am.target,
        note: `Derived candidate through ${preferred} (${am.relationship} / ${bm.relationship} ${am.target}); not a reviewed mapping.`,
      };
      const key = `${candidate.source}\u0000${candidate.target}`;
      const existing = best.get(key);
      if (!existing || strength(candidate) > strength(existing)) best.set(key, candidate);
    }
  }
  const mappings = [...best.values()].sort(
    (x, y) => x.source.localeCompare(y.source) || x.target.localeCompare(y.target),
  );
  return { pivot: preferred, crosswalks: [a.id, b.id], mappings };
}

function pivotRank(framework: string): number {
  const index = (PIVOT_PREFERENCE as readonly string[]).indexOf(framework);
  return index < 0 ? PIVOT_PREFERENCE.length : index;
}

function strength(m: Mapping): number {
  const rel = coverageOf(m.relationship) === "full" ? 2 : coverageOf(m.relationship) === "partial" ? 1 : 0;
  return rel * 10 + (3 - CONFIDENCE_ORDER.indexOf(m.confidence));
}

/** All ordered pairs of loaded frameworks (for the benchmark and `frameworks compare --all`). */
export function allPairs(catalogs: ReadonlyMap<string, FrameworkCatalog>): [string, string][] {
  const ids = [...catalogs.keys()].sort();
  const pairs: [string, string][] = [];
  for (const a of ids) for (const b of ids) if (a < b) pairs.push([a, b]);
  return pairs;
}

/** Annex I requirements a crosswalk must account for, re-exported for renderers. */
export { mustAccountFor };
