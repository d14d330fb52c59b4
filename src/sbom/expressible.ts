/**
 * What a standard has no field for, by the quality fact that would carry it. A finding that fails on such a fact
 * says so (src/rules/evaluate.ts): the value is absent because the format cannot hold it, not because the SBOM's
 * author left it out, and the remedy is another format or a side document rather than a better SBOM tool.
 *
 * Only what the standard itself lacks is listed, not what this project's readers leave unread: SPDX 3.0.1 has
 * software purposes `executable` and `archive`, an SBOM type (the lifecycle phase), relationship completeness and
 * a security profile, so none of those is claimed missing from it.
 */
import type { SbomStandard } from "./model.js";

/** Quality-fact path prefixes (as rules read them, under `sbom.`) and what the standard has no field for. */
export type MissingFields = ReadonlyArray<readonly [prefix: string, what: string]>;

const SPDX2: MissingFields = [
  ["document.lifecycles", "the lifecycle phase the SBOM was made in"],
  ["document.hasBomVersion", "a version number of the SBOM document"],
  ["bsi.missingExecutableProperty", "whether a component is executable"],
  ["bsi.missingArchiveProperty", "whether a component is an archive"],
  ["bsi.missingStructuredProperty", "whether a component is structured"],
  ["bsi.missingDistributionSha512", "a hash on the download location (its checksums are the package's own)"],
  ["completeness", "a statement of how complete the dependency graph is"],
  ["securityContact", "a security contact (its SECURITY references are CPEs, advisories, fixes and URLs)"],
  ["vulnerabilities", "vulnerability records"],
  ["signature", "an embedded signature"],
];

const SPDX3: MissingFields = [
  ["document.hasBomVersion", "a version number of the SBOM document"],
  ["bsi.missingDistributionSha512", "a hash on the download location (its verifiedUsing is the package's own)"],
  ["signature", "an embedded signature"],
];

/** The fields `standard` `version` lacks; empty for CycloneDX, whose fields the quality facts are named after. */
export function fieldsMissingFrom(standard: SbomStandard | undefined, version: string | undefined): MissingFields {
  if (standard !== "SPDX") return [];
  return version?.startsWith("3.") ? SPDX3 : SPDX2;
}

/** What the standard lacks for one fact path (`document.lifecycles`, `bsi.missingArchiveProperty.count`). */
export function missingField(missing: MissingFields, path: string): string | undefined {
  for (const [prefix, what] of missing) if (path === prefix || path.startsWith(`${prefix}.`)) return what;
  return undefined;
}
