/**
 * The in-memory advisory index: affected packages keyed by (purl type, namespace, name), so matching an SBOM
 * costs one map lookup per component plus the work on the advisories that name that package. Records of the
 * same vulnerability (a GHSA, its CVE, a PYSEC or GO id …) that match a component are merged into one alias
 * group over `id` + `aliases`, so a component gets one match per vulnerability, not one per database.
 */

import type { Advisory, AdvisoryData, AffectedPackage, KevEntry, VexStatement } from "./model.js";
import { type CompiledRange, compileRange } from "./ranges.js";
import {
  SCHEMES,
  type SchemeId,
  schemeForOsvEcosystem,
  schemeForPurlType,
  type VersionScheme,
} from "./versions/index.js";

const SEMVER_BASED = new Set<SchemeId>(["semver", "npm", "cargo", "go"]);

export interface AliasGroup {
  /** The id reports show first: a CVE id when the group has one, else a GHSA id, else the smallest id. */
  primary: string;
  /** Every id in the group, sorted. */
  ids: string[];
  kev?: KevEntry;
}

export interface CompiledAffected {
  scheme?: VersionScheme;
  ranges: CompiledRange[];
  versions: Set<string>;
  /** Ranges we could not evaluate (unsupported ecosystem order or an unparseable version), with the reason. */
  skipped: string[];
}

export interface IndexedAffected {
  advisory: Advisory;
  pkg: AffectedPackage;
  /** Compiled on first use: most indexed packages never meet a component. */
  compiled?: CompiledAffected;
}

export interface AdvisoryIndex {
  byPackage: Map<string, IndexedAffected[]>;
  kev: Map<string, KevEntry>;
  /** Imported VEX statements by every id they name. */
  vexById: Map<string, VexStatement[]>;
  advisoryCount: number;
}

function idRank(id: string): number {
  if (id.startsWith("CVE-")) return 0;
  if (id.startsWith("GHSA-")) return 1;
  return 2;
}

export function choosePrimary(ids: Iterable<string>): string {
  let best: string | undefined;
  for (const id of ids) {
    if (best === undefined || idRank(id) < idRank(best) || (idRank(id) === idRank(best) && id < best)) best = id;
  }
  return best ?? "";
}

/**
 * Building the index is one pass that files each affected package under its key; nothing is compiled or merged
 * until a component meets it (measured: a global union-find over 200k records cost as much as the matching).
 */
export function buildAdvisoryIndex(data: AdvisoryData): AdvisoryIndex {
  const byPackage = new Map<string, IndexedAffected[]>();
  for (const advisory of data.advisories) {
    for (const pkg of advisory.affected) {
      const entry: IndexedAffected = { advisory, pkg };
      const list = byPackage.get(pkg.key);
      if (list) list.push(entry);
      else byPackage.set(pkg.key, [entry]);
    }
  }
  const vexById = new Map<string, VexStatement[]>();
  for (const statement of data.vex) {
    for (const id of statement.ids) {
      const list = vexById.get(id);
      if (list) list.push(statement);
      else vexById.set(id, [statement]);
    }
  }
  return { byPackage, kev: new Map(data.kev.map((k) => [k.cveId, k])), vexById, advisoryCount: data.advisories.length };
}

/**
 * Merges the records that matched one component into alias groups: two records are the same vulnerability when
 * their `id` + `aliases` share an id, transitively (OSV schema: `aliases` lists the same vulnerability in other
 * databases). The records are few (those naming one package), so a quadratic-free pass over a small map is enough.
 */
export function aliasGroups(advisories: readonly Advisory[], kev: Map<string, KevEntry>): Map<Advisory, AliasGroup> {
  if (advisories.length === 1) {
    // The common case (one record matched): no merging to do.
    const advisory = advisories[0] as Advisory;
    const ids = [advisory.id, ...advisory.aliases].sort();
    const group: AliasGroup = { primary: choosePrimary(ids), ids: [...new Set(ids)] };
    const listed = group.ids.find((id) => kev.has(id));
    if (listed) group.kev = kev.get(listed) as KevEntry;
    return new Map([[advisory, group]]);
  }
  const members = new Map<string, Set<string>>();
  for (const advisory of advisories) {
    let target: Set<string> | undefined;
    for (const id of [advisory.id, ...advisory.aliases]) {
      const existing = members.get(id);
      if (!existing || existing === target) continue;
      if (!target) target = existing;
      else {
        const [large, small] = target.size >= existing.size ? [target, existing] : [existing, target];
        for (const member of small) {
          large.add(member);
          members.set(member, large);
        }
        target = large;
      }
    }
    target ??= new Set();
    for (const id of [advisory.id, ...advisory.aliases]) {
      target.add(id);
      members.set(id, target);
    }
  }
  const built = new Map<Set<string>, AliasGroup>();
  const out = new Map<Advisory, AliasGroup>();
  for (const advisory of advisories) {
    const set = members.get(advisory.id) as Set<string>;
    let group = built.get(set);
    if (!group) {
      const ids = [...set].sort();
      group = { primary: choosePrimary(ids), ids };
      const listed = ids.find((id) => kev.has(id));
      if (listed) group.kev = kev.get(listed) as KevEntry;
      built.set(set, group);
    }
    out.set(advisory, group);
  }
  return out;
}

export function compileAffected(pkg: AffectedPackage): CompiledAffected {
  const scheme = schemeForOsvEcosystem(pkg.ecosystem) ?? schemeForPurlType(pkg.purlType);
  const compiled: CompiledAffected = { ranges: [], versions: new Set(pkg.versions.map(stripV)), skipped: [] };
  if (scheme) compiled.scheme = scheme;
  for (const range of pkg.ranges) {
    // OSV: SEMVER ranges are semver whatever the ecosystem (osv-schema "affected[].ranges[].type").
    const semverBased = scheme && SEMVER_BASED.has(scheme.id);
    const rangeScheme = range.kind === "osv" && range.type === "SEMVER" && !semverBased ? SCHEMES.semver : scheme;
    const result = compileRange(range, rangeScheme);
    if (result.ok) compiled.ranges.push(result.range);
    else compiled.skipped.push(result.reason);
  }
  return compiled;
}

export function stripV(version: string): string {
  return version.startsWith("v") && /^v\d/.test(version) ? version.slice(1) : version;
}
