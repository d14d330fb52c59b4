/**
 * The in-memory advisory index: affected packages keyed by (purl type, namespace, name), so matching an SBOM
 * costs one map lookup per component plus the work on the advisories that name that package. Records of the
 * same vulnerability (a GHSA, its CVE, a PYSEC or GO id …) are merged into one alias group by union-find over
 * `id` + `aliases`, so a component gets one match per vulnerability, not one per database that reports it.
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
  group: AliasGroup;
  pkg: AffectedPackage;
  /** Compiled on first use: most indexed packages never meet a component. */
  compiled?: CompiledAffected;
}

export interface AdvisoryIndex {
  byPackage: Map<string, IndexedAffected[]>;
  /** Alias group of every id (advisory ids, aliases, KEV CVEs, VEX ids). */
  groups: Map<string, AliasGroup>;
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

class UnionFind {
  private parent = new Map<string, string>();
  find(x: string): string {
    let root = this.parent.get(x) ?? x;
    if (root === x) {
      if (!this.parent.has(x)) this.parent.set(x, x);
      return x;
    }
    while (true) {
      const next = this.parent.get(root) ?? root;
      if (next === root) break;
      root = next;
    }
    // Path compression keeps later finds near O(1).
    let node = x;
    while (node !== root) {
      const next = this.parent.get(node) ?? root;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
  keys(): IterableIterator<string> {
    return this.parent.keys();
  }
}

export function buildAdvisoryIndex(data: AdvisoryData): AdvisoryIndex {
  const uf = new UnionFind();
  for (const a of data.advisories) {
    uf.find(a.id);
    for (const alias of a.aliases) uf.union(a.id, alias);
  }
  for (const k of data.kev) uf.find(k.cveId);
  const members = new Map<string, string[]>();
  for (const id of [...uf.keys()]) {
    const root = uf.find(id);
    const list = members.get(root);
    if (list) list.push(id);
    else members.set(root, [id]);
  }
  const kev = new Map(data.kev.map((k) => [k.cveId, k]));
  const groups = new Map<string, AliasGroup>();
  for (const ids of members.values()) {
    ids.sort();
    const group: AliasGroup = { primary: choosePrimary(ids), ids };
    const listed = ids.find((id) => kev.has(id));
    if (listed) group.kev = kev.get(listed) as KevEntry;
    for (const id of ids) groups.set(id, group);
  }
  const byPackage = new Map<string, IndexedAffected[]>();
  for (const advisory of data.advisories) {
    const group = groups.get(advisory.id) as AliasGroup;
    for (const pkg of advisory.affected) {
      const entry: IndexedAffected = { advisory, group, pkg };
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
  return { byPackage, groups, kev, vexById, advisoryCount: data.advisories.length };
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
