/**
 * OSV records (ossf/osv-schema 1.x) → `Advisory`. A record that breaks the schema's types is reported with its
 * JSON pointer and skipped; records with `withdrawn` set are dropped (the schema: a withdrawn entry must not be
 * used). `GIT` ranges need commit graphs and are left out; the record's `versions` list still applies.
 */
import type { InputIssue } from "../domain/input-issue.js";
import { isJsonObject } from "../json/value.js";
import { cvssBaseScore, severityFromScore, severityFromWord } from "./cvss.js";
import { issue, optionalString, pointer, stringArray } from "./json-read.js";
import {
  type Advisory,
  type AdvisorySeverity,
  type AffectedPackage,
  type AffectedRange,
  type RangeEvent,
  SEVERITY_RANK,
} from "./model.js";
import { osvPackageToPurlParts, packageKey, parsePurl } from "./package-key.js";

export type OsvRecordResult =
  | { kind: "advisory"; advisory: Advisory; warnings: InputIssue[] }
  | { kind: "withdrawn"; id: string }
  | { kind: "invalid"; issues: InputIssue[] };

const EVENT_KEYS = ["introduced", "fixed", "last_affected", "limit"] as const;

/** Heuristic test used to recognise an OSV record among other JSON documents. */
export function looksLikeOsv(value: unknown): boolean {
  return (
    isJsonObject(value) &&
    typeof value.id === "string" &&
    ("affected" in value || "modified" in value || "schema_version" in value)
  );
}

export function parseOsvRecord(value: unknown, source: string, at = ""): OsvRecordResult {
  const issues: InputIssue[] = [];
  const warnings: InputIssue[] = [];
  if (!isJsonObject(value))
    return { kind: "invalid", issues: [issue(source, at, "type", "An OSV record must be a JSON object.")] };
  const id = optionalString(value.id);
  if (!id)
    return {
      kind: "invalid",
      issues: [issue(source, pointer(at, "id"), "required", "An OSV record needs a non-empty string `id`.")],
    };
  if (value.withdrawn !== undefined && value.withdrawn !== null) return { kind: "withdrawn", id };
  const aliases = stringArray(value.aliases);
  if (!aliases) issues.push(issue(source, pointer(at, "aliases"), "type", "`aliases` must be an array of strings."));
  for (const key of ["published", "modified"] as const) {
    const v = value[key];
    if (v !== undefined && (typeof v !== "string" || Number.isNaN(Date.parse(v)))) {
      issues.push(issue(source, pointer(at, key), "format", `\`${key}\` must be an RFC 3339 date-time.`));
    }
  }
  const affected: AffectedPackage[] = [];
  if (value.affected !== undefined && !Array.isArray(value.affected)) {
    issues.push(issue(source, pointer(at, "affected"), "type", "`affected` must be an array."));
  }
  let severity: AdvisorySeverity | undefined = severityFromWord(
    isJsonObject(value.database_specific) ? value.database_specific.severity : undefined,
  );
  for (const [i, entry] of (Array.isArray(value.affected) ? value.affected : []).entries()) {
    const here = pointer(at, "affected", i);
    const parsed = parseAffected(entry, source, here, issues, warnings);
    if (parsed) affected.push(parsed);
    if (isJsonObject(entry) && isJsonObject(entry.ecosystem_specific)) {
      const word = severityFromWord(entry.ecosystem_specific.severity);
      if (word && (!severity || SEVERITY_RANK[word] > SEVERITY_RANK[severity])) severity = word;
    }
  }
  severity ??= severityFromVectors(value.severity);
  if (issues.length > 0) return { kind: "invalid", issues };
  const advisory: Advisory = {
    id,
    aliases: [...new Set((aliases ?? []).filter((a) => a !== id))].sort(),
    source: "osv",
    severity: severity ?? "unknown",
    affected,
    origin: at === "" ? source : `${source}#${at}`,
  };
  const summary = optionalString(value.summary);
  if (summary) advisory.summary = summary;
  if (typeof value.published === "string") advisory.published = value.published;
  if (typeof value.modified === "string") advisory.modified = value.modified;
  return { kind: "advisory", advisory, warnings };
}

function severityFromVectors(value: unknown): AdvisorySeverity | undefined {
  if (!Array.isArray(value)) return undefined;
  let best: AdvisorySeverity | undefined;
  for (const entry of value) {
    if (!isJsonObject(entry) || typeof entry.score !== "string") continue;
    const score = /^CVSS:/.test(entry.score) ? cvssBaseScore(entry.score) : Number.parseFloat(entry.score);
    if (score === undefined || Number.isNaN(score)) continue;
    const s = severityFromScore(score);
    if (!best || SEVERITY_RANK[s] > SEVERITY_RANK[best]) best = s;
  }
  return best;
}

function parseAffected(
  entry: unknown,
  source: string,
  at: string,
  issues: InputIssue[],
  warnings: InputIssue[],
): AffectedPackage | undefined {
  if (!isJsonObject(entry)) {
    issues.push(issue(source, at, "type", "Each `affected` entry must be an object."));
    return undefined;
  }
  const pkg = entry.package;
  if (!isJsonObject(pkg) || typeof pkg.ecosystem !== "string" || typeof pkg.name !== "string") {
    issues.push(issue(source, pointer(at, "package"), "required", "`package` needs string `ecosystem` and `name`."));
    return undefined;
  }
  const fromPurl = typeof pkg.purl === "string" ? parsePurl(pkg.purl) : undefined;
  const parts = fromPurl ?? osvPackageToPurlParts(pkg.ecosystem, pkg.name);
  const versions = stringArray(entry.versions);
  if (!versions) issues.push(issue(source, pointer(at, "versions"), "type", "`versions` must be an array of strings."));
  const ranges: AffectedRange[] = [];
  if (entry.ranges !== undefined && !Array.isArray(entry.ranges)) {
    issues.push(issue(source, pointer(at, "ranges"), "type", "`ranges` must be an array."));
  }
  for (const [j, range] of (Array.isArray(entry.ranges) ? entry.ranges : []).entries()) {
    const here = pointer(at, "ranges", j);
    if (!isJsonObject(range) || !Array.isArray(range.events)) {
      issues.push(issue(source, here, "type", "A range needs a `type` and an `events` array."));
      continue;
    }
    if (range.type === "GIT") continue;
    if (range.type !== "SEMVER" && range.type !== "ECOSYSTEM") {
      issues.push(issue(source, pointer(here, "type"), "enum", "A range `type` is SEMVER, ECOSYSTEM or GIT."));
      continue;
    }
    const events: RangeEvent[] = [];
    for (const [k, event] of range.events.entries()) {
      const keys = isJsonObject(event) ? EVENT_KEYS.filter((key) => key in event) : [];
      const key = keys[0];
      const version = isJsonObject(event) && key ? event[key] : undefined;
      if (keys.length !== 1 || key === undefined || typeof version !== "string" || version === "") {
        issues.push(
          issue(
            source,
            pointer(here, "events", k),
            "type",
            "An event has exactly one of introduced, fixed, last_affected or limit, with a version string.",
          ),
        );
        continue;
      }
      events.push({ [key]: version } as RangeEvent);
    }
    ranges.push({ kind: "osv", type: range.type, events });
  }
  if (!parts) {
    // Not an error in the record: we just cannot key this ecosystem to a purl, so it can never match.
    warnings.push(
      issue(
        source,
        pointer(at, "package"),
        "unsupported",
        `Ecosystem "${pkg.ecosystem}" cannot be matched by purl; entry ignored.`,
      ),
    );
    return undefined;
  }
  return {
    key: packageKey(parts.type, parts.namespace, parts.name),
    purlType: parts.type,
    ecosystem: pkg.ecosystem,
    ranges,
    versions: versions ?? [],
  };
}
