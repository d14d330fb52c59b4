/**
 * Matches the components of a normalized SBOM against the advisory index and combines each match with VEX
 * (CRA Annex I Part I (2)(a): no known exploitable vulnerabilities; Part II (2): remediate without delay).
 * A matched vulnerability is exploitable unless a VEX statement says `not_affected` with a justification, or
 * `resolved` / `resolved_with_pedigree` / `false_positive`. A KEV-listed one is actively exploited (Art. 3(42))
 * and rated `critical` whatever the advisory says.
 */
import type { VulnerabilityMatch } from "../domain/vulnerability-match.js";
import type { Component, NormalizedSbom } from "../sbom/model.js";
import {
  type AdvisoryIndex,
  type AliasGroup,
  aliasGroups,
  compileAffected,
  type IndexedAffected,
  stripV,
} from "./index.js";
import { type AdvisorySeverity, type KevEntry, SEVERITY_RANK, type VexStatement } from "./model.js";
import { packageKey, parsePurl } from "./package-key.js";
import { inRange } from "./ranges.js";
import type { VersionScheme } from "./versions/index.js";

const RESOLVING_STATES = new Set(["resolved", "resolved_with_pedigree", "false_positive"]);

/** The SBOM's own `vulnerabilities[].analysis` as VEX statements, one per affected bom-ref. */
export function sbomVexStatements(sbom: NormalizedSbom): VexStatement[] {
  const out: VexStatement[] = [];
  for (const v of sbom.vulnerabilities) {
    const state = v.analysis?.state;
    if (!state) continue;
    const ids = [...new Set([...(v.id ? [v.id] : []), ...v.references.map((r) => r.id)])];
    for (const affects of v.affects) {
      const bomLink = /^urn:cdx:[^#]+#(.+)$/.exec(affects.ref);
      out.push({
        ids,
        ...(affects.ref.startsWith("pkg:")
          ? { purl: affects.ref }
          : { bomRef: bomLink ? (bomLink[1] as string) : affects.ref }),
        state,
        ...(v.analysis?.justification ? { justification: v.analysis.justification } : {}),
        ...(v.analysis?.detail ? { detail: v.analysis.detail } : {}),
        source: `sbom:${v.location}`,
      });
    }
  }
  return out;
}

interface Accumulated {
  group: AliasGroup;
  severity: AdvisorySeverity;
  fixed: Map<string, { scheme?: VersionScheme; parsed?: unknown }>;
  fixAvailableSince?: string;
  knownSince?: string;
}

function componentVersion(component: Component): string | undefined {
  return component.purl?.version ?? component.version;
}

function componentKey(component: Component): string | undefined {
  const p = component.purl;
  if (!p || p.parseError || !p.type || !p.name) return undefined;
  return packageKey(p.type, p.namespace, p.name);
}

function isAffected(entry: IndexedAffected, version: string, parsedCache: Map<VersionScheme, unknown>): boolean {
  entry.compiled ??= compileAffected(entry.pkg);
  const compiled = entry.compiled;
  if (compiled.versions.has(version) || compiled.versions.has(stripV(version))) return true;
  for (const range of compiled.ranges) {
    let parsed = parsedCache.get(range.scheme);
    if (parsed === undefined && !parsedCache.has(range.scheme)) {
      parsed = range.scheme.parse(version);
      parsedCache.set(range.scheme, parsed);
    }
    // A component version the ecosystem cannot read cannot be placed in a range: only `versions` lists apply.
    if (parsed !== undefined && inRange(range, parsed)) return true;
  }
  return false;
}

function vexTargets(statement: VexStatement, component: Component, version: string | undefined): number {
  // Lower is more specific: a bom-ref of this SBOM, then a purl with this version, then a versionless purl, then
  // the component's name.
  if (statement.bomRef !== undefined) return statement.bomRef === component.bomRef ? 0 : -1;
  if (statement.purl === undefined) {
    return statement.componentName !== undefined && statement.componentName === component.name ? 3 : -1;
  }
  const target = parsePurl(statement.purl);
  const key = componentKey(component);
  if (!target || !key || packageKey(target.type, target.namespace, target.name) !== key) return -1;
  if (target.version === undefined) return 2;
  return version !== undefined && stripV(target.version) === stripV(version) ? 1 : -1;
}

function chooseVex(
  group: AliasGroup,
  component: Component,
  version: string | undefined,
  sources: readonly Map<string, VexStatement[]>[],
): VexStatement | undefined {
  // Sources in order of precedence (see matchAdvisories); within one, the most specific target first, then the
  // order the statements were read.
  for (const source of sources) {
    let best: { statement: VexStatement; rank: number } | undefined;
    const seen = new Set<VexStatement>();
    for (const id of group.ids) {
      for (const statement of source.get(id) ?? []) {
        if (seen.has(statement)) continue;
        seen.add(statement);
        const rank = vexTargets(statement, component, version);
        if (rank >= 0 && (!best || rank < best.rank)) best = { statement, rank };
      }
    }
    if (best) return best.statement;
  }
  return undefined;
}

function compareFixed(
  a: [string, { scheme?: VersionScheme; parsed?: unknown }],
  b: [string, { scheme?: VersionScheme; parsed?: unknown }],
): number {
  const [ra, va] = a;
  const [rb, vb] = b;
  if (va.scheme && va.scheme === vb.scheme && va.parsed !== undefined && vb.parsed !== undefined) {
    const c = va.scheme.compare(va.parsed, vb.parsed);
    if (c !== 0) return c;
  }
  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

function byVulnerabilityId(statements: readonly VexStatement[]): Map<string, VexStatement[]> {
  const byId = new Map<string, VexStatement[]>();
  for (const statement of statements) {
    for (const id of statement.ids) {
      const list = byId.get(id);
      if (list) list.push(statement);
      else byId.set(id, [statement]);
    }
  }
  return byId;
}

/**
 * The SBOM's own vulnerability records whose id (or a referenced id) is in the CISA KEV catalog, on components no
 * advisory file matched them to. The manufacturer records the vulnerability in its own components, and the KEV
 * listing makes it actively exploited (Art. 3(42)), so it weighs on Annex I Part I (2)(a) like a matched advisory
 * even when no advisory file names the component's package (OSV has none for many firmware and C components).
 */
function kevListedSbomRecords(
  sbom: NormalizedSbom,
  index: AdvisoryIndex,
  sources: readonly Map<string, VexStatement[]>[],
  already: readonly VulnerabilityMatch[],
): VulnerabilityMatch[] {
  if (index.kev.size === 0 || sbom.vulnerabilities.length === 0) return [];
  const components = sbom.root ? [sbom.root, ...sbom.components] : sbom.components;
  const byRef = new Map(components.map((c) => [c.bomRef, c]));
  const byPurl = new Map(components.filter((c) => c.purl?.raw).map((c) => [c.purl?.raw as string, c]));
  const seen = new Set(already.flatMap((m) => [m.advisoryId, ...m.aliases].map((id) => `${m.component}\u0000${id}`)));
  const out: VulnerabilityMatch[] = [];
  for (const record of sbom.vulnerabilities) {
    const ids = [...new Set([...(record.id ? [record.id] : []), ...record.references.map((r) => r.id)])].sort();
    const listed = ids.find((id) => index.kev.has(id));
    if (listed === undefined) continue;
    const kev = index.kev.get(listed) as KevEntry;
    const group: AliasGroup = { primary: listed, ids, kev };
    for (const affects of record.affects) {
      const bomLink = /^urn:cdx:[^#]+#(.+)$/.exec(affects.ref);
      const component = affects.ref.startsWith("pkg:")
        ? byPurl.get(affects.ref)
        : byRef.get(bomLink ? (bomLink[1] as string) : affects.ref);
      if (component === undefined || component.scope === "excluded") continue;
      if (ids.some((id) => seen.has(`${component.bomRef}\u0000${id}`))) continue;
      for (const id of ids) seen.add(`${component.bomRef}\u0000${id}`);
      const version = componentVersion(component);
      const vex = chooseVex(group, component, version, sources);
      const notAffected = vex !== undefined && vex.state === "not_affected" && Boolean(vex.justification);
      const resolved = vex !== undefined && RESOLVING_STATES.has(vex.state);
      const match: VulnerabilityMatch = {
        component: component.bomRef,
        componentName: component.name,
        advisoryId: listed,
        aliases: ids.filter((id) => id !== listed),
        severity: "critical",
        knownExploited: true,
        fixedVersions: [],
        exploitable: !notAffected && !resolved,
      };
      if (version !== undefined) match.componentVersion = version;
      if (component.purl?.raw) match.purl = component.purl.raw;
      // Known at the latest when the SBOM record was published or the KEV listing added, whichever came first.
      const knownSince = [record.published, kev.dateAdded].filter((d): d is string => d !== undefined).sort()[0];
      if (knownSince) match.knownSince = knownSince;
      if (vex) {
        match.vex = { state: vex.state, source: vex.source };
        if (vex.justification) match.vex.justification = vex.justification;
      }
      out.push(match);
    }
  }
  return out;
}

/**
 * Every (component, vulnerability) pair where the component's version is affected, sorted by component bom-ref
 * and advisory id. Linear in components plus the advisory entries that name their packages.
 *
 * The VEX analysis applied to a match comes, in this order, from the manufacturer's triage recorded in the
 * service for the assessed product version (`recorded`: the newest, deliberate statement about this very product),
 * the SBOM's own `vulnerabilities[].analysis`, then imported VEX documents.
 */
export function matchAdvisories(
  sbom: NormalizedSbom,
  index: AdvisoryIndex,
  recorded: readonly VexStatement[] = [],
): VulnerabilityMatch[] {
  const sources = [byVulnerabilityId(recorded), byVulnerabilityId(sbomVexStatements(sbom)), index.vexById];
  const matches: VulnerabilityMatch[] = [];
  const components = sbom.root ? [sbom.root, ...sbom.components] : sbom.components;
  for (const component of components) {
    // CycloneDX `scope: excluded` marks components that are not part of the delivered product (build or test
    // tools): they cannot make the product vulnerable.
    if (component.scope === "excluded") continue;
    const key = componentKey(component);
    if (key === undefined) continue;
    const candidates = index.byPackage.get(key);
    const version = componentVersion(component);
    if (!candidates || version === undefined) continue;
    const parsedCache = new Map<VersionScheme, unknown>();
    const hits: IndexedAffected[] = [];
    for (const entry of candidates) if (isAffected(entry, version, parsedCache)) hits.push(entry);
    if (hits.length === 0) continue;
    const groups = aliasGroups([...new Set(hits.map((h) => h.advisory))], index.kev);
    const found = new Map<AliasGroup, Accumulated>();
    for (const entry of hits) {
      const group = groups.get(entry.advisory) as AliasGroup;
      const acc: Accumulated = found.get(group) ?? { group, severity: "unknown", fixed: new Map() };
      if (SEVERITY_RANK[entry.advisory.severity] > SEVERITY_RANK[acc.severity]) acc.severity = entry.advisory.severity;
      let hasFix = false;
      for (const range of entry.compiled?.ranges ?? []) {
        for (const fixed of range.fixed) {
          hasFix = true;
          if (!acc.fixed.has(fixed)) acc.fixed.set(fixed, { scheme: range.scheme, parsed: range.scheme.parse(fixed) });
        }
      }
      // The date a fix became available: a dated vendor fix when the source gives one, else the advisory's
      // publication (coordinated disclosure normally publishes with the fix; a later fix would make this early).
      const since = entry.advisory.fixedAt ?? (hasFix ? entry.advisory.published : undefined);
      if (since && (!acc.fixAvailableSince || since < acc.fixAvailableSince)) acc.fixAvailableSince = since;
      // When the vulnerability became public: the earliest publication of any advisory that names it.
      const published = entry.advisory.published;
      if (published && (!acc.knownSince || published < acc.knownSince)) acc.knownSince = published;
      found.set(group, acc);
    }
    for (const acc of found.values()) {
      const vex = chooseVex(acc.group, component, version, sources);
      const notAffected = vex !== undefined && vex.state === "not_affected" && Boolean(vex.justification);
      const resolved = vex !== undefined && RESOLVING_STATES.has(vex.state);
      const match: VulnerabilityMatch = {
        component: component.bomRef,
        componentName: component.name,
        advisoryId: acc.group.primary,
        aliases: acc.group.ids.filter((id) => id !== acc.group.primary),
        severity: acc.group.kev ? "critical" : acc.severity,
        knownExploited: acc.group.kev !== undefined,
        fixedVersions: [...acc.fixed.entries()].sort(compareFixed).map(([raw]) => raw),
        exploitable: !notAffected && !resolved,
      };
      if (component.version !== undefined) match.componentVersion = component.version;
      else match.componentVersion = version;
      if (component.purl?.raw) match.purl = component.purl.raw;
      if (acc.fixAvailableSince) match.fixAvailableSince = acc.fixAvailableSince;
      // A KEV listing makes the vulnerability known at the latest on the day it was added.
      const kevAdded = acc.group.kev?.dateAdded;
      const knownSince = [acc.knownSince, kevAdded].filter((date): date is string => date !== undefined).sort()[0];
      if (knownSince) match.knownSince = knownSince;
      if (vex) {
        match.vex = { state: vex.state, source: vex.source };
        if (vex.justification) match.vex.justification = vex.justification;
      }
      matches.push(match);
    }
  }
  matches.push(...kevListedSbomRecords(sbom, index, sources, matches));
  return matches.sort((a, b) =>
    a.component < b.component
      ? -1
      : a.component > b.component
        ? 1
        : a.advisoryId < b.advisoryId
          ? -1
          : a.advisoryId > b.advisoryId
            ? 1
            : 0,
  );
}
