/**
 * Advisory data, normalized from every source we read offline (OSV, CISA KEV, CycloneDX VEX/VDR, CSAF 2.0 VEX).
 * Matching (match.ts) reads only these shapes, never the raw documents.
 */

export type AdvisorySeverity = "critical" | "high" | "medium" | "low" | "unknown";

export const SEVERITY_RANK: Record<AdvisorySeverity, number> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 };

/** One OSV range event; exactly one key is set. */
export type RangeEvent = { introduced: string } | { fixed: string } | { last_affected: string } | { limit: string };

export type AffectedRange =
  /** OSV `SEMVER` or `ECOSYSTEM` range (`GIT` ranges are kept out: they need commit graphs, not versions). */
  | { kind: "osv"; type: "SEMVER" | "ECOSYSTEM"; events: RangeEvent[] }
  /** A vers range (`vers:npm/>=1.0.0|<1.2.3`), as CycloneDX `affects[].versions[].range` carries them. */
  | { kind: "vers"; vers: string };

/** The package an advisory affects, keyed like a purl without version (see `packageKey`). */
export interface AffectedPackage {
  key: string;
  purlType: string;
  /** OSV ecosystem name (`npm`, `PyPI`, `Maven`, `Go`, `crates.io`, `NuGet`, …) or `generic`. */
  ecosystem: string;
  ranges: AffectedRange[];
  /** Explicitly listed affected versions. */
  versions: string[];
}

export interface Advisory {
  /** The record's own id (OSV id, GHSA id, CVE id, or a CycloneDX/CSAF vulnerability id). */
  id: string;
  /** Other ids of the same vulnerability the record names (OSV `aliases`, CycloneDX `references`, CSAF `cve`/`ids`). */
  aliases: string[];
  source: "osv" | "cyclonedx" | "csaf";
  summary?: string;
  published?: string;
  modified?: string;
  severity: AdvisorySeverity;
  affected: AffectedPackage[];
  /** When the source dates the fix (a CSAF `vendor_fix` remediation date); otherwise `published` stands in. */
  fixedAt?: string;
  /** Where the record came from: file (and zip entry) and JSON pointer. */
  origin: string;
}

export interface KevEntry {
  cveId: string;
  vendorProject?: string;
  product?: string;
  name?: string;
  dateAdded?: string;
  dueDate?: string;
  knownRansomwareCampaignUse?: string;
}

/**
 * A VEX statement about one vulnerability and one component, in CycloneDX `impactAnalysisState` words:
 * `resolved`, `resolved_with_pedigree`, `exploitable`, `in_triage`, `false_positive`, `not_affected`.
 */
export interface VexStatement {
  /** Vulnerability id and the aliases the statement names. */
  ids: string[];
  /** The component: a bom-ref of the assessed SBOM and/or a purl (with or without version). */
  bomRef?: string;
  purl?: string;
  /**
   * The component's name, for an analysis recorded against a component without a purl (the service's triage keys
   * a statement by purl, or by name where the matched component has none). Least specific target.
   */
  componentName?: string;
  state: string;
  justification?: string;
  detail?: string;
  /**
   * Where the statement came from: `sbom:` and a pointer for the product SBOM's own analysis, `recorded:` for the
   * manufacturer's triage stored in the service, otherwise the file and pointer.
   */
  source: string;
}

/** Everything read from a set of advisory files. */
export interface AdvisoryData {
  advisories: Advisory[];
  kev: KevEntry[];
  vex: VexStatement[];
}
