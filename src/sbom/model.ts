/**
 * The normalized SBOM: one shape for CycloneDX 1.2–1.7 (JSON or XML) and SPDX 2.2/2.3 (JSON, YAML, tag-value)
 * and 3.0.0/3.0.1 (JSON-LD). Everything downstream (quality facts, rules, storage, vulnerability matching) reads this
 * model and never the raw document. What a format cannot express stays absent.
 *
 * Conventions: absent values are `undefined` (never empty strings); lists are always present (possibly empty);
 * component order is document order, depth-first, with nested components flattened after their parent.
 */
import type { SignatureFacts } from "./signature.js";

/** The serialisation: JSON (SPDX 3 JSON-LD included), XML (CycloneDX), YAML or tag-value (SPDX 2.x). */
export type SbomFormat = "json" | "xml" | "yaml" | "tag-value";
/** A CycloneDX specification version. */
export type SpecVersion = "1.2" | "1.3" | "1.4" | "1.5" | "1.6" | "1.7";
/** An SPDX specification version, as the document states it (`SPDX-2.3`; in SPDX 3, the version of its `@context`). */
export type SpdxVersion = "2.2" | "2.3" | "3.0.0" | "3.0.1";
export type SbomStandard = "CycloneDX" | "SPDX";
/** The version of whichever standard the document follows. */
export type SbomSpecVersion = SpecVersion | SpdxVersion;

export interface OrganizationalEntity {
  name?: string;
  url: string[];
  contact: { name?: string; email?: string; phone?: string }[];
}

export interface Hash {
  alg: string;
  content: string;
}

/** A licence as declared: an SPDX id, a free-text name, or an SPDX expression, with the parse result for expressions. */
export interface License {
  kind: "id" | "name" | "expression";
  value: string;
  /** For `expression` (and `id`): whether spdx-expression-parse accepted it. */
  validSpdx?: boolean;
  /** SPDX ids referenced by the expression, when it parsed. */
  spdxIds?: string[];
  acknowledgement?: "declared" | "concluded";
}

export interface ExternalReference {
  /** CycloneDX external reference type: `security-contact`, `rfc-9116`, `advisories`, `vcs`, `distribution`, … */
  type: string;
  url: string;
  comment?: string;
  /** Hashes of the referenced artefact (CycloneDX 1.3+). BSI TR-03183-2 v2.1 reads the SHA-512 of the deployable
   * form from the `distribution` reference. Optional so hand-built models stay valid; normalizers always set it. */
  hashes?: Hash[];
}

export interface Property {
  name: string;
  value: string;
}

/** A package URL parsed with packageurl-js; `parseError` is set (and the fields absent) when the string is not a valid purl. */
export interface ParsedPurl {
  raw: string;
  type?: string;
  namespace?: string;
  name?: string;
  version?: string;
  qualifiers?: Record<string, string>;
  subpath?: string;
  parseError?: string;
}

export interface Component {
  /** The document's bom-ref, or a synthesized `#index` ref when the component has none (flag `hasBomRef`). */
  bomRef: string;
  hasBomRef: boolean;
  type: string;
  name: string;
  version?: string;
  group?: string;
  description?: string;
  scope?: "required" | "optional" | "excluded";
  purl?: ParsedPurl;
  cpe?: string;
  /** SWID tagId, when present. */
  swidTagId?: string;
  supplier?: OrganizationalEntity;
  manufacturer?: OrganizationalEntity;
  author?: string;
  authors: string[];
  publisher?: string;
  copyright?: string;
  hashes: Hash[];
  licenses: License[];
  externalReferences: ExternalReference[];
  properties: Property[];
  /** bom-ref of the enclosing component when it was nested in the document. */
  parentRef?: string;
  /** JSON pointer (JSON input) or XPath-like location (XML input) of the component in the source document. */
  location: string;
}

export interface Service {
  /** The document's bom-ref, or a synthesized `#service-<index>`; `hasBomRef` is false then (optional: additive). */
  bomRef: string;
  hasBomRef?: boolean;
  name: string;
  version?: string;
  group?: string;
  provider?: OrganizationalEntity;
  endpoints: string[];
  authenticated?: boolean;
  xTrustBoundary?: boolean;
  externalReferences: ExternalReference[];
  location: string;
}

export interface Dependency {
  ref: string;
  dependsOn: string[];
}

export interface VulnerabilityAffects {
  ref: string;
  versions: { version?: string; range?: string; status?: string }[];
}

export interface Vulnerability {
  bomRef?: string;
  id?: string;
  sourceName?: string;
  sourceUrl?: string;
  references: { id: string; sourceName?: string }[];
  ratings: { severity?: string; score?: number; method?: string }[];
  cwes: number[];
  description?: string;
  recommendation?: string;
  published?: string;
  updated?: string;
  analysis?: {
    /** CycloneDX impactAnalysisState: resolved, resolved_with_pedigree, exploitable, in_triage, false_positive, not_affected. */
    state?: string;
    /** impactAnalysisJustification: code_not_present, code_not_reachable, requires_configuration, … */
    justification?: string;
    response: string[];
    detail?: string;
  };
  affects: VulnerabilityAffects[];
  location: string;
}

export interface CryptoAsset {
  bomRef: string;
  name: string;
  assetType?: string;
  /** `cryptoProperties.algorithmProperties.primitive` (e.g. `ae`, `signature`, `hash`) for algorithm assets. */
  algorithm?: string;
  /** `cryptoProperties.oid`, when given. */
  oid?: string;
  location: string;
}

/** A `compositions[]` entry: how complete the listed assemblies / dependencies are (NTIA known unknowns, BSI-C-5). */
export interface Composition {
  /** CycloneDX aggregate: complete, incomplete, incomplete_first_party_only, unknown, not_specified, … */
  aggregate: string;
  assemblies: string[];
  dependencies: string[];
}

export interface SbomMetadata {
  timestamp?: string;
  /** Tool names with versions, flattened from both the legacy array and the 1.5+ `tools.components/services` form. */
  tools: { vendor?: string; name?: string; version?: string }[];
  authors: { name?: string; email?: string }[];
  manufacturer?: OrganizationalEntity;
  /** `metadata.manufacture` (deprecated in 1.6, kept for older documents). */
  manufacture?: OrganizationalEntity;
  supplier?: OrganizationalEntity;
  lifecycles: string[];
  properties: Property[];
  licenses: License[];
  /**
   * The end of support the document's own standard records for the product (the root), as written: SPDX 2
   * `validUntilDate` (2.3 clause 7.28, "the end of the support period for a package from the supplier"), SPDX 3
   * `validUntilTime` (3.0.1 Core, Artifact). `field` says which field and where. CycloneDX has no such field (its
   * property taxonomy's `cdx:lifecycle:milestone:endOfSupport` is a property of the root, read from there).
   */
  endOfSupport?: { value: string; field: string };
}

export interface NormalizedSbom {
  /** Optional so hand-built models stay valid (absent: CycloneDX); normalizers always set it. */
  standard?: SbomStandard;
  format: SbomFormat;
  specVersion: SbomSpecVersion;
  serialNumber?: string;
  version?: number;
  metadata: SbomMetadata;
  /** `metadata.component`: the product the SBOM describes. Not included in `components`. */
  root?: Component;
  /** Every component, nested ones flattened, in document order. Does not include `root`. */
  components: Component[];
  services: Service[];
  dependencies: Dependency[];
  /** bom-refs the root directly depends on (from `dependencies` entry whose ref is the root's bom-ref). */
  rootDirectDependencies: string[];
  vulnerabilities: Vulnerability[];
  cryptoAssets: CryptoAsset[];
  externalReferences: ExternalReference[];
  /** `compositions[]` (1.3+). Optional so hand-built models stay valid; normalizers always set it. */
  compositions?: Composition[];
}

/**
 * SBOM quality facts, computed in one linear pass over the normalized SBOM. Rules read these aggregates;
 * no rule ever runs once per component.
 * Offender lists hold bom-refs, capped at `OFFENDER_CAP`, with the full count beside them.
 */
export interface OffenderList {
  count: number;
  refs: string[];
}

export interface SbomQualityFacts {
  componentCount: number;
  serviceCount: number;
  dependencyEntryCount: number;
  /** Components the per-component element checks (supplier, name, version, identifier, licence, hash, BSI
   * fields) ran on: all except `cryptographic-asset` entries (CBOM algorithms, certificates and keys are not
   * software units, so such gaps would be noise). Graph, purl-validity and duplicate checks cover every component. */
  checkedComponentCount: number;
  cryptoAssetCount: number;
  /** Document-level facts for CISA 2026 minimum elements and BSI-SB-*: the SBOM itself, not its components. */
  document: {
    standard: SbomStandard;
    format: SbomFormat;
    specVersion: SbomSpecVersion;
    hasSerialNumber: boolean;
    hasBomVersion: boolean;
    /** `metadata.authors` with a name or e-mail, or `metadata.manufacturer`: a person or organisation, not a tool. */
    hasAuthorEntity: boolean;
    toolCount: number;
    toolsWithoutVersion: number;
    /** `metadata.lifecycles` phases (generation context), sorted. */
    lifecycles: string[];
    /** Timestamp present and given in UTC (`Z` or `+00:00`), as BSI v2.1 recommends. */
    timestampIsUtc: boolean;
  };
  /** NTIA minimum elements (2021) and CISA 2026 minimum elements. */
  ntia: {
    hasAuthor: boolean;
    hasTimestamp: boolean;
    missingSupplier: OffenderList;
    missingName: OffenderList;
    missingVersion: OffenderList;
    /** No purl, cpe or swid. */
    missingUniqueIdentifier: OffenderList;
    /** Components that appear in no dependency relationship (neither as ref nor as dependsOn). */
    missingFromDependencyGraph: OffenderList;
    hasDependencyRelationships: boolean;
  };
  /** BSI TR-03183-2 v2.1 §8 field checks. */
  bsi: {
    hasCreator: boolean;
    hasCreatorContact: boolean;
    /** The SBOM creator (`metadata.manufacturer`) gives a URL that does not parse as an absolute URL. */
    creatorUrlInvalid: boolean;
    hasTimestamp: boolean;
    hasSbomUri: boolean;
    /** Components the BSI component-field checks ran on: the checked components plus the primary component
     * (`metadata.component`), which BSI-G-3 counts among the components. */
    checkedComponentCount: number;
    missingCreatorOrSupplier: OffenderList;
    missingName: OffenderList;
    missingVersion: OffenderList;
    missingFilename: OffenderList;
    missingDependencies: OffenderList;
    missingDistributionLicence: OffenderList;
    missingSha512: OffenderList;
    missingExecutableProperty: OffenderList;
    missingArchiveProperty: OffenderList;
    missingStructuredProperty: OffenderList;
    missingUniqueIdentifier: OffenderList;
    /** Strict BSI-C-1: the component's `manufacturer` has no URL or contact e-mail (`missingCreatorOrSupplier`
     * also accepts the supplier's). */
    missingManufacturerContact: OffenderList;
    /** BSI-C-14 (MUST-if): no licence with `acknowledgement: declared`. */
    missingOriginalLicence: OffenderList;
    /** Strict BSI-C-7 v2.1 mapping: no SHA-512 on a `distribution` external reference (`missingSha512` also accepts
     * a SHA-512 in the component's own `hashes`). */
    missingDistributionSha512: OffenderList;
    /** BSI-C-8, C-9, C-10, each on its own: the property is present with a value outside executable|non-executable,
     * archive|no archive, structured|unstructured respectively. */
    invalidExecutableProperty: OffenderList;
    invalidArchiveProperty: OffenderList;
    invalidStructuredProperty: OffenderList;
    /** BSI-C-11 / C-12 (MUST-if): no source code reference (`source-distribution`, or `vcs`: the repository
     * itself) / no `distribution` external reference. */
    missingSourceCodeUri: OffenderList;
    missingDeployableUri: OffenderList;
    /** A source code / deployable-form reference whose URL is not an absolute URL with scheme and host. */
    invalidSourceCodeUri: OffenderList;
    invalidDeployableUri: OffenderList;
    /** A component creator (`manufacturer`) URL that is not an absolute URL with scheme and host. */
    invalidCreatorUrl: OffenderList;
    /** BSI-C-6 v2.0 ("associated licences"): no licence at all, primary component included. */
    missingAnyLicence: OffenderList;
    /** The optional (MAY) fields, C-15 to C-17: how many components give them, and those whose value is wrong. */
    optional: {
      /** v2.1 C-15: property `bsi:component:effectiveLicense`; invalid when it is not an SPDX expression. */
      effectiveLicenceCount: number;
      invalidEffectiveLicence: OffenderList;
      /** v2.0 C-15 ("declared licences"): a licence with `acknowledgement: declared`. */
      declaredLicenceCount: number;
      /** C-16: hashes on a `source-distribution` reference. */
      sourceHashCount: number;
      /** v2.1 C-17: an `rfc-9116` reference; invalid when its URL is not an absolute URL with scheme and host. */
      securityTxtCount: number;
      invalidSecurityTxt: OffenderList;
    };
  };
  /** `compositions[]`: whether completeness is declared (BSI-C-5 v2.1, NTIA-PP-3), tallied by aggregate. */
  completeness: {
    declared: boolean;
    aggregates: Record<string, number>;
    /** The primary component has outgoing edges (a dependency entry with `dependsOn`, or nested components). */
    rootHasDependencies: boolean;
    /** Components no path of dependency or nesting edges leads to from the primary component (all of them
     * when there is no primary component). */
    unreachableFromRoot: OffenderList;
  };
  /** Root (product) level facts used by CRA Annex I Part II (1). */
  root: {
    present: boolean;
    hasName: boolean;
    hasVersion: boolean;
    hasIdentifier: boolean;
    identifiers: string[];
    directDependencyCount: number;
    /** Direct dependencies lacking name, version or identifier. */
    directDependenciesIncomplete: OffenderList;
    /**
     * Where the top-level dependencies come from: the root's dependency entry (`root`), the components no entry
     * depends on when the root has no entry but a graph exists (`graph`), or nowhere (`none`: no graph at all).
     */
    topLevelSource: "root" | "graph" | "none";
    topLevelCount: number;
  };
  licenses: {
    componentsWithoutLicense: OffenderList;
    /** Components with a licence that is no SPDX identifier or expression: one that does not parse, or a
     * free-text licence name (CycloneDX `license.name`) that is not an SPDX identifier either. */
    invalidSpdxExpressions: OffenderList;
  };
  purls: { invalid: OffenderList };
  hashes: { componentsWithoutHash: OffenderList; algorithms: Record<string, number> };
  duplicates: { bomRefs: OffenderList };
  /** Dependency entries whose ref or dependsOn target no component, service or the root. */
  danglingDependencyRefs: OffenderList;
  securityContact: { present: boolean; urls: string[] };
  /** The BOM's JSF signature checked against a public key the user gave (`not-checked` without one). */
  signature: SignatureFacts;
  supportPeriod: { endOfSupport?: string; source?: string };
  vulnerabilities: {
    total: number;
    byState: Record<string, number>;
    /** exploitable, in_triage, or no analysis. */
    unresolved: OffenderList;
    notAffectedWithoutJustification: OffenderList;
  };
}

export const OFFENDER_CAP = 50;
