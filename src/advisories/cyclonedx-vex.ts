/**
 * CycloneDX VEX and VDR documents (CycloneDX 1.4+ `vulnerabilities`). Each `analysis` becomes a VEX statement
 * for every component in `affects`; `affects` entries that name versions of a component with a purl also become
 * advisory data (a VDR says which versions are affected), unless the analysis says the component is not
 * affected. `affects[].ref` may be a bom-ref of this document (resolved to its purl), a BOM-Link
 * (`urn:cdx:<serial>/<version>#<bom-ref>`, CycloneDX 1.5 §BOM-Link) into the assessed SBOM, or a purl.
 */
import type { InputIssue } from "../domain/input-issue.js";
import { IMPACT_STATES } from "../domain/vex.js";
import { isJsonObject } from "../json/value.js";
import { severityFromScore, severityFromWord } from "./cvss.js";
import { issue, optionalString, pointer } from "./json-read.js";
import {
  type Advisory,
  type AdvisorySeverity,
  type AffectedPackage,
  SEVERITY_RANK,
  type VexStatement,
} from "./model.js";
import { packageKey, parsePurl } from "./package-key.js";
import { OSV_TO_PURL_TYPE } from "./versions/index.js";

export function looksLikeCycloneDx(value: unknown): boolean {
  return isJsonObject(value) && value.bomFormat === "CycloneDX";
}

const NOT_AFFECTED_STATES = new Set(["not_affected", "false_positive"]);
const STATES: ReadonlySet<string> = new Set(IMPACT_STATES);

function collectPurls(value: unknown, into: Map<string, string>): void {
  if (!Array.isArray(value)) return;
  for (const c of value) {
    if (!isJsonObject(c)) continue;
    if (typeof c["bom-ref"] === "string" && typeof c.purl === "string") into.set(c["bom-ref"], c.purl);
    collectPurls(c.components, into);
  }
}

interface Target {
  bomRef?: string;
  purl?: string;
}

function resolveRef(ref: string, purlsByRef: Map<string, string>): Target {
  if (ref.startsWith("pkg:")) return { purl: ref };
  const bomLink = /^urn:cdx:[^#]+#(.+)$/.exec(ref);
  if (bomLink) {
    try {
      return { bomRef: decodeURIComponent(bomLink[1] as string) };
    } catch {
      return { bomRef: bomLink[1] as string };
    }
  }
  const purl = purlsByRef.get(ref);
  return purl ? { purl } : { bomRef: ref };
}

export function parseCycloneDxVex(
  value: unknown,
  source: string,
): { advisories: Advisory[]; vex: VexStatement[]; issues: InputIssue[] } {
  const advisories: Advisory[] = [];
  const vex: VexStatement[] = [];
  const issues: InputIssue[] = [];
  if (!isJsonObject(value))
    return { advisories, vex, issues: [issue(source, "", "type", "Not a CycloneDX document.")] };
  if (value.vulnerabilities !== undefined && !Array.isArray(value.vulnerabilities)) {
    return {
      advisories,
      vex,
      issues: [issue(source, "/vulnerabilities", "type", "`vulnerabilities` must be an array.")],
    };
  }
  const purlsByRef = new Map<string, string>();
  if (isJsonObject(value.metadata)) collectPurls([value.metadata.component], purlsByRef);
  collectPurls(value.components, purlsByRef);
  for (const [i, v] of (Array.isArray(value.vulnerabilities) ? value.vulnerabilities : []).entries()) {
    const at = pointer("/vulnerabilities", i);
    const id = isJsonObject(v) ? optionalString(v.id) : undefined;
    if (!isJsonObject(v) || !id) {
      issues.push(issue(source, pointer(at, "id"), "required", "A vulnerability needs a string `id`."));
      continue;
    }
    if (v.affects !== undefined && !Array.isArray(v.affects)) {
      issues.push(issue(source, pointer(at, "affects"), "type", "`affects` must be an array."));
      continue;
    }
    const references = Array.isArray(v.references)
      ? v.references.flatMap((r) => (isJsonObject(r) && typeof r.id === "string" ? [r.id] : []))
      : [];
    const ids = [...new Set([id, ...references])];
    const analysis = isJsonObject(v.analysis) ? v.analysis : undefined;
    const state = optionalString(analysis?.state);
    if (state && !STATES.has(state)) {
      issues.push(issue(source, pointer(at, "analysis", "state"), "enum", `Unknown analysis state "${state}".`));
      continue;
    }
    const justification = optionalString(analysis?.justification);
    const detail = optionalString(analysis?.detail);
    const affected: AffectedPackage[] = [];
    for (const [j, a] of (Array.isArray(v.affects) ? v.affects : []).entries()) {
      if (!isJsonObject(a) || typeof a.ref !== "string") {
        issues.push(
          issue(source, pointer(at, "affects", j, "ref"), "required", "An `affects` entry needs a string `ref`."),
        );
        continue;
      }
      const target = resolveRef(a.ref, purlsByRef);
      if (state) {
        vex.push({
          ids,
          ...target,
          state,
          ...(justification ? { justification } : {}),
          ...(detail ? { detail } : {}),
          source: `${source}#${pointer(at, "affects", j)}`,
        });
      }
      if (state && NOT_AFFECTED_STATES.has(state)) continue;
      const pkg = target.purl ? parsePurl(target.purl) : undefined;
      if (!pkg) continue;
      const versions: string[] = [];
      const vers: string[] = [];
      for (const entry of Array.isArray(a.versions) ? a.versions : []) {
        if (!isJsonObject(entry) || (entry.status !== undefined && entry.status !== "affected")) continue;
        if (typeof entry.version === "string") versions.push(entry.version);
        if (typeof entry.range === "string") vers.push(entry.range);
      }
      if (versions.length === 0 && vers.length === 0 && pkg.version) versions.push(pkg.version);
      if (versions.length === 0 && vers.length === 0) continue;
      affected.push({
        key: packageKey(pkg.type, pkg.namespace, pkg.name),
        purlType: pkg.type,
        ecosystem: Object.entries(OSV_TO_PURL_TYPE).find(([, t]) => t === pkg.type)?.[0] ?? pkg.type,
        ranges: vers.map((r) => ({ kind: "vers" as const, vers: r })),
        versions,
      });
    }
    if (affected.length > 0) {
      const advisory: Advisory = {
        id,
        aliases: ids.filter((x) => x !== id).sort(),
        source: "cyclonedx",
        severity: ratingSeverity(v.ratings),
        affected,
        origin: `${source}#${at}`,
      };
      const summary = optionalString(v.description);
      if (summary) advisory.summary = summary;
      if (typeof v.published === "string") advisory.published = v.published;
      if (typeof v.updated === "string") advisory.modified = v.updated;
      advisories.push(advisory);
    }
  }
  return { advisories, vex, issues };
}

function ratingSeverity(ratings: unknown): AdvisorySeverity {
  let best: AdvisorySeverity = "unknown";
  for (const r of Array.isArray(ratings) ? ratings : []) {
    if (!isJsonObject(r)) continue;
    const s = severityFromWord(r.severity) ?? (typeof r.score === "number" ? severityFromScore(r.score) : undefined);
    if (s && SEVERITY_RANK[s] > SEVERITY_RANK[best]) best = s;
  }
  return best;
}
