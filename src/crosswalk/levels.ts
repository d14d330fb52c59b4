/**
 * Scheme levels as written by people ("Level 2", "L2", "2", "★1", "STAR-1") compared with a catalog's `levels`,
 * and what a requirement asks at a given level.
 */
import type { FrameworkCatalog, Obligation, Requirement } from "../domain/requirement.js";

/** A comparable form of a level name: lower case, "★" as "star", no separators, no "level"/"l" prefix before a digit. */
export function normalizeLevel(level: string): string {
  const compact = level
    .toLowerCase()
    .replaceAll("★", "star")
    .replace(/[\s_-]+/g, "");
  return compact.replace(/^(level|lvl|l)(?=\d)/, "");
}

/** The catalog's own spelling of a level, or undefined when the catalog has no such level. */
export function resolveLevel(catalog: FrameworkCatalog, level: string): string | undefined {
  const wanted = normalizeLevel(level);
  return (catalog.levels ?? []).find((candidate) => normalizeLevel(candidate) === wanted);
}

/** Position of a level in the catalog's ordered levels (lowest first), or -1. */
export function levelRank(catalog: FrameworkCatalog, level: string): number {
  const resolved = resolveLevel(catalog, level);
  return resolved === undefined ? -1 : (catalog.levels ?? []).indexOf(resolved);
}

/**
 * What the requirement asks of a holder of `level` (undefined: not part of that level). A catalog without levels
 * applies every requirement; a per-level obligation without the level means the level does not include it.
 */
export function obligationAt(requirement: Requirement, level: string | undefined): Obligation | undefined {
  const obligation = requirement.obligation ?? "mandatory";
  if (typeof obligation === "string") return obligation;
  if (level === undefined) {
    // No level chosen: the strongest obligation at any level, so a whole-framework view still shows the row.
    const values = Object.values(obligation);
    for (const candidate of ["mandatory", "conditional", "feature-dependent", "recommended"] as const) {
      if (values.includes(candidate)) return candidate;
    }
    return undefined;
  }
  return obligation[level];
}

/** Requirements in force at a level, in catalog order. */
export function requirementsAtLevel(catalog: FrameworkCatalog, level: string | undefined): Requirement[] {
  return catalog.requirements.filter((requirement) => obligationAt(requirement, level) !== undefined);
}
