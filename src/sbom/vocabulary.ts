/**
 * The names an SBOM's own format gives the fields the rules talk about, so that a finding on an SPDX document
 * tells its author which SPDX field to fill, not a CycloneDX one. Rule texts name a field as
 * `{{sbom.fields.supplier}}` (the `fields` of the `sbom` fact, src/rules/facts.ts); the wording around it stays
 * format-neutral.
 *
 * The names are those of the SPDX 2.3 JSON schema and its tag-value keys, the SPDX 3.0.1 JSON-LD schema
 * (schemas/spdx) and the CycloneDX schema, and only the fields this project's readers take the fact from (see
 * spdx-reader.ts and spdx3-reader.ts). Where the format has no such field the name says so; src/sbom/expressible.ts adds the one-sentence note to failing findings.
 */
import type { SbomFormat, SbomStandard } from "./model.js";

export const SBOM_FIELD_KEYS = [
  "root",
  "rootVersion",
  "components",
  "supplier",
  "manufacturer",
  "dependencies",
  "noDependencies",
  "completeness",
  "lifecycle",
  "buildPhase",
  "timestamp",
  "authors",
  "tools",
  "creatorContact",
  "serialNumber",
  "bomVersion",
  "hashes",
  "distribution",
  "distributionHash",
  "source",
  "sourceHash",
  "securityTxt",
  "endOfSupport",
] as const;

export type SbomFieldKey = (typeof SBOM_FIELD_KEYS)[number];
export type SbomFieldNames = Readonly<Record<SbomFieldKey, string>>;

const CYCLONEDX: SbomFieldNames = {
  root: "metadata.component",
  rootVersion: "metadata.component.version",
  components: "components[]",
  supplier: "components[].supplier.name, or manufacturer or publisher",
  manufacturer: "components[].manufacturer",
  dependencies: "dependencies[]",
  noDependencies: "an entry with an empty dependsOn",
  completeness: "compositions[]",
  lifecycle: "metadata.lifecycles",
  buildPhase: 'metadata.lifecycles: [{ phase: "build" }]',
  timestamp: "metadata.timestamp",
  authors: "metadata.authors",
  tools: "metadata.tools",
  creatorContact: "metadata.manufacturer with a full URL (scheme and host) or a contact e-mail",
  serialNumber: "serialNumber, a urn:uuid",
  bomVersion: "version",
  hashes: "components[].hashes",
  distribution: "externalReferences[type=distribution]",
  distributionHash: "externalReferences[type=distribution].hashes",
  source: "externalReferences[type=source-distribution], or type=vcs",
  sourceHash: "externalReferences[type=source-distribution].hashes",
  securityTxt: "externalReferences[type=rfc-9116]",
  endOfSupport: "property cdx:lifecycle:milestone:endOfSupport on metadata.component",
};

/** SPDX 2.2/2.3 in JSON or YAML: the JSON schema's property names. */
const SPDX2_JSON: SbomFieldNames = {
  root: "the described package: documentDescribes, or a DESCRIBES relationship",
  rootVersion: "versionInfo of the described package",
  components: "packages[]",
  supplier: "supplier, or originator",
  manufacturer: "originator",
  dependencies: "DEPENDS_ON and CONTAINS relationships",
  noDependencies: "a DEPENDS_ON relationship to NONE",
  completeness: "none in SPDX 2; SPDX 3 has the completeness of a relationship",
  lifecycle: "none in SPDX 2; SPDX 3 has software_sbomType",
  buildPhase: 'none in SPDX 2; SPDX 3 has software_sbomType "build"',
  timestamp: "creationInfo.created",
  authors: "creationInfo.creators as Person: or Organization:",
  tools: "creationInfo.creators as Tool: name-version",
  creatorContact:
    "a creator with an e-mail address, `Organization: Name (e-mail)` or `Person: Name (e-mail)` in creationInfo.creators",
  serialNumber: "documentNamespace",
  bomVersion: "none in SPDX 2",
  hashes: "checksums",
  distribution: "downloadLocation",
  distributionHash: "none in SPDX 2: its downloadLocation carries no hash",
  source: "downloadLocation as a VCS location, git+https://…",
  sourceHash: "none in SPDX 2: a VCS downloadLocation carries no hash",
  securityTxt: "none read from SPDX 2",
  endOfSupport: "validUntilDate on the described package",
};

/** SPDX 2.2/2.3 tag-value: the keys of the tag-value format. */
const SPDX2_TAG_VALUE: SbomFieldNames = {
  ...SPDX2_JSON,
  root: "the described package: a `Relationship: SPDXRef-DOCUMENT DESCRIBES …` line",
  rootVersion: "PackageVersion of the described package",
  components: "packages (PackageName sections)",
  supplier: "PackageSupplier, or PackageOriginator",
  manufacturer: "PackageOriginator",
  dependencies: "Relationship lines with DEPENDS_ON or CONTAINS",
  noDependencies: "a `Relationship: … DEPENDS_ON NONE` line",
  timestamp: "Created",
  authors: "Creator: Person: or Creator: Organization:",
  tools: "Creator: Tool: name-version",
  creatorContact:
    "a creator with an e-mail address, `Creator: Organization: Name (e-mail)` or `Creator: Person: Name (e-mail)`",
  serialNumber: "DocumentNamespace",
  hashes: "PackageChecksum",
  distribution: "PackageDownloadLocation",
  distributionHash: "none in SPDX 2: its PackageDownloadLocation carries no hash",
  source: "PackageDownloadLocation as a VCS location, git+https://…",
  sourceHash: "none in SPDX 2: a VCS PackageDownloadLocation carries no hash",
  endOfSupport: "ValidUntilDate on the described package",
};

/** SPDX 3.0.x JSON-LD: the JSON-LD schema's property names. */
const SPDX3: SbomFieldNames = {
  root: "the rootElement of the software_Sbom",
  rootVersion: "software_packageVersion of the root element",
  components: "software_Package elements",
  supplier: "suppliedBy, or originatedBy",
  manufacturer: "originatedBy",
  dependencies: "dependsOn and contains relationships",
  noDependencies: "a dependsOn relationship to NoneElement",
  completeness: "the completeness of the dependsOn and contains relationships",
  lifecycle: "software_sbomType",
  buildPhase: 'software_sbomType: ["build"]',
  timestamp: "creationInfo.created",
  authors: "creationInfo.createdBy",
  tools: "creationInfo.createdUsing",
  creatorContact: "a createdBy agent with an e-mail external identifier",
  serialNumber: "the SpdxDocument's spdxId",
  bomVersion: "none in SPDX 3",
  hashes: "verifiedUsing",
  distribution: "software_downloadLocation",
  distributionHash: "none in SPDX 3: its software_downloadLocation carries no hash",
  source: "software_downloadLocation as a VCS location, git+https://…",
  sourceHash: "none in SPDX 3: a VCS software_downloadLocation carries no hash",
  securityTxt: "none read from SPDX 3",
  endOfSupport: "validUntilTime on the root element",
};

/**
 * The field names of an SBOM's format; CycloneDX's when there is no SBOM (the rules then tell how to make one,
 * and they suggest CycloneDX).
 */
export function sbomFieldNames(
  standard: SbomStandard | undefined,
  specVersion: string | undefined,
  format: SbomFormat | undefined,
): SbomFieldNames {
  if (standard !== "SPDX") return CYCLONEDX;
  if (specVersion?.startsWith("3.")) return SPDX3;
  return format === "tag-value" ? SPDX2_TAG_VALUE : SPDX2_JSON;
}
