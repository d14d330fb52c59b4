/**
 * Version ordering per ecosystem. OSV ranges (`introduced`/`fixed`/`last_affected`) and vers ranges are
 * evaluated with the ordering of the package's own ecosystem: semver for npm and Cargo (and OSV `SEMVER`
 * ranges in any ecosystem), semver with a `v` prefix for Go modules (pseudo-versions are semver pre-releases, so
 * they order by their timestamp), PEP 440 for PyPI, Maven's ComparableVersion rules, NuGet's four-part rules,
 * and a natural order for `generic`.
 */
import * as pep440 from "@renovatebot/pep440";
import semver from "semver";
import { compareGeneric, parseGeneric } from "./generic.js";
import { compareMaven, parseMaven } from "./maven.js";
import { compareNuGet, parseNuGet } from "./nuget.js";

export type SchemeId = "semver" | "npm" | "cargo" | "go" | "pypi" | "maven" | "nuget" | "generic";

/** A version ordering. `parse` returns undefined for a string the ecosystem does not accept as a version. */
export interface VersionScheme {
  id: SchemeId;
  parse(raw: string): unknown;
  compare(a: unknown, b: unknown): number;
}

/**
 * `semver.parse` accepts a leading `v` (Go's `v1.2.3`), and ignores build metadata when comparing, which is what
 * Go's `+incompatible` suffix is in semver terms.
 */
function semverScheme(id: SchemeId): VersionScheme {
  return {
    id,
    parse: (raw) => semver.parse(raw.trim(), { loose: true }) ?? undefined,
    compare: (a, b) => semver.compare(a as semver.SemVer, b as semver.SemVer),
  };
}

const UNGUARDED: Record<SchemeId, VersionScheme> = {
  semver: semverScheme("semver"),
  npm: semverScheme("npm"),
  cargo: semverScheme("cargo"),
  go: semverScheme("go"),
  pypi: {
    id: "pypi",
    // The library compares strings (it re-parses); we keep the validated string and let it do PEP 440 order.
    parse: (raw) => (pep440.valid(raw.trim()) ? raw.trim() : undefined),
    compare: (a, b) => pep440.compare(a as string, b as string),
  },
  maven: {
    id: "maven",
    parse: (raw) => (raw.trim() === "" ? undefined : parseMaven(raw)),
    compare: (a, b) => compareMaven(a as never, b as never),
  },
  nuget: { id: "nuget", parse: parseNuGet, compare: (a, b) => compareNuGet(a as never, b as never) },
  generic: { id: "generic", parse: parseGeneric, compare: (a, b) => compareGeneric(a as never, b as never) },
};

/**
 * No ecosystem has versions anywhere near this long (semver caps them at 256 characters); refusing longer strings
 * up front keeps hostile input away from the version regexes.
 */
export const MAX_VERSION_LENGTH = 256;

export const SCHEMES = Object.fromEntries(
  Object.entries(UNGUARDED).map(([id, scheme]) => [
    id,
    { ...scheme, parse: (raw: string) => (raw.length > MAX_VERSION_LENGTH ? undefined : scheme.parse(raw)) },
  ]),
) as Record<SchemeId, VersionScheme>;

/** OSV ecosystem name → version scheme for its `ECOSYSTEM` ranges. Ecosystems not listed are not evaluated. */
const OSV_ECOSYSTEMS: Record<string, SchemeId> = {
  npm: "npm",
  PyPI: "pypi",
  Maven: "maven",
  Go: "go",
  "crates.io": "cargo",
  NuGet: "nuget",
  generic: "generic",
};

/** purl type → the OSV ecosystem name used for it. */
export const PURL_TYPE_TO_OSV: Record<string, string> = {
  npm: "npm",
  pypi: "PyPI",
  maven: "Maven",
  golang: "Go",
  cargo: "crates.io",
  nuget: "NuGet",
  generic: "generic",
};

export const OSV_TO_PURL_TYPE: Record<string, string> = Object.fromEntries(
  Object.entries(PURL_TYPE_TO_OSV).map(([purl, osv]) => [osv, purl]),
);

/** vers scheme (the purl type) → version scheme. */
const VERS_SCHEMES: Record<string, SchemeId> = {
  npm: "npm",
  pypi: "pypi",
  maven: "maven",
  golang: "go",
  go: "go",
  cargo: "cargo",
  nuget: "nuget",
  semver: "semver",
  generic: "generic",
};

/** Strips the ecosystem's suffix (`Debian:12` → `Debian`) before the lookup. */
export function schemeForOsvEcosystem(ecosystem: string): VersionScheme | undefined {
  const base = ecosystem.split(":")[0] ?? ecosystem;
  const id = OSV_ECOSYSTEMS[base];
  return id ? SCHEMES[id] : undefined;
}

export function schemeForVers(scheme: string): VersionScheme | undefined {
  const id = VERS_SCHEMES[scheme.toLowerCase()];
  return id ? SCHEMES[id] : undefined;
}

export function schemeForPurlType(type: string): VersionScheme | undefined {
  const id = VERS_SCHEMES[type.toLowerCase()];
  return id ? SCHEMES[id] : undefined;
}

/** Compares two version strings in a scheme; undefined when either is not a version there. */
export function compareVersions(scheme: VersionScheme, a: string, b: string): number | undefined {
  const x = scheme.parse(a);
  const y = scheme.parse(b);
  if (x === undefined || y === undefined) return undefined;
  return scheme.compare(x, y);
}
