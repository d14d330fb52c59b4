/**
 * SBOM quality facts: every per-component check of NTIA 2021 / CISA 2026 minimum elements, BSI TR-03183-2 v2.1
 * and CRA Annex I Part II (1) is folded into counts and capped offender lists here,
 * in one walk over the components. Rules then read these aggregates once per SBOM, never once per component
 *.
 *
 * Besides that walk, the only other work is one O(n) index of the refs and one pass over the dependency graph.
 */
import parseSpdxExpression from "spdx-expression-parse";
import type { Component, Hash, NormalizedSbom, OffenderList, SbomQualityFacts } from "./model.js";
import { OFFENDER_CAP } from "./model.js";
import { SIGNATURE_NOT_CHECKED } from "./signature.js";

class Offenders {
  count = 0;
  readonly refs: string[] = [];

  add(ref: string): void {
    this.count++;
    if (this.refs.length < OFFENDER_CAP) this.refs.push(ref);
  }

  list(): OffenderList {
    return { count: this.count, refs: this.refs };
  }
}

/** Counts distinct values once each (duplicate and dangling refs are reported per ref, not per occurrence). */
class DistinctOffenders extends Offenders {
  private readonly seen = new Set<string>();

  override add(ref: string): void {
    if (this.seen.has(ref)) return;
    this.seen.add(ref);
    super.add(ref);
  }
}

type Entity = Component["supplier"];

function entityPresent(entity: Entity): boolean {
  return entity !== undefined && (entity.name !== undefined || entity.url.length > 0 || entity.contact.length > 0);
}

/**
 * A URL field (download, source code, creator URL, security.txt) holds a URL only when the WHATWG parser reads it
 * as absolute with a scheme and a host: `not-a-valid-url`, a bare path or `mailto:` name no place to fetch from.
 */
export function isAbsoluteUrl(value: string): boolean {
  // One parse on the common (valid) path; the throw is the parser's way of saying "not a URL".
  try {
    return new URL(value).host !== "";
  } catch {
    return false;
  }
}

/** BSI-C-1 / BSI-SB-1: a creator is reachable by e-mail or, failing that, a URL (one that parses as a URL). */
function entityHasContact(entity: Entity): boolean {
  if (!entity) return false;
  for (const contact of entity.contact) if (contact.email !== undefined) return true;
  for (const url of entity.url) if (isAbsoluteUrl(url)) return true;
  return false;
}

/**
 * Who created the SBOM (BSI-SB-1): CycloneDX's `metadata.manufacturer`, "the organization that created the BOM"
 * (`manufacture` before 1.6). SPDX has no such field: its creators (2.x `creationInfo.creators` persons and
 * organizations, 3.0 `createdBy`) are who created the document, and the readers put them in `metadata.authors`;
 * the first one reachable by e-mail is the creator, else the first named one.
 */
function sbomCreator(sbom: NormalizedSbom): Entity {
  const { metadata } = sbom;
  const stated = metadata.manufacturer ?? metadata.manufacture;
  if (stated !== undefined || sbom.standard !== "SPDX") return stated;
  const author =
    metadata.authors.find((candidate) => candidate.email !== undefined) ??
    metadata.authors.find((candidate) => candidate.name !== undefined);
  if (author === undefined) return undefined;
  return {
    ...(author.name === undefined ? {} : { name: author.name }),
    url: [],
    contact: author.email === undefined ? [] : [{ email: author.email }],
  };
}

/** The entity gives a URL that is not one: a finding of its own, even when an e-mail address reaches the creator. */
function entityHasBadUrl(entity: Entity): boolean {
  if (!entity) return false;
  for (const url of entity.url) if (!isAbsoluteUrl(url)) return true;
  return false;
}

/** BSI-G-7: an SPDX identifier or expression (LicenseRef-… included); parse results cached per value. */
const spdxValidity = new Map<string, boolean>();
function isSpdxExpression(value: string): boolean {
  let valid = spdxValidity.get(value);
  if (valid === undefined) {
    try {
      parseSpdxExpression(value);
      valid = true;
    } catch {
      valid = false;
    }
    if (spdxValidity.size < 10_000) spdxValidity.set(value, valid);
  }
  return valid;
}

function hasValidIdentifier(component: Component): boolean {
  // A purl that does not parse identifies nothing a scanner can match; it is reported under `purls.invalid`.
  return (
    (component.purl !== undefined && component.purl.parseError === undefined) ||
    component.cpe !== undefined ||
    component.swidTagId !== undefined
  );
}

function hasSha512(hashes: readonly Hash[]): boolean {
  for (const hash of hashes) if (hash.alg === "SHA-512") return true;
  return false;
}

/** BSI TR-03183 CycloneDX property taxonomy names (reference notes §7.4, BSI-C-4/8/9/10). */
const BSI_FILENAME = "bsi:component:filename";
const BSI_EXECUTABLE = "bsi:component:executable";
const BSI_ARCHIVE = "bsi:component:archive";
const BSI_STRUCTURED = "bsi:component:structured";
/** BSI-C-15 v2.1 (MAY): the licence under which the SBOM creator uses the component, as an SPDX expression. */
const BSI_EFFECTIVE_LICENCE = "bsi:component:effectiveLicense";
/** The values BSI-C-8, C-9 and C-10 allow for their properties. */
const EXECUTABLE_VALUES: readonly string[] = ["executable", "non-executable"];
const ARCHIVE_VALUES: readonly string[] = ["archive", "no archive"];
const STRUCTURED_VALUES: readonly string[] = ["structured", "unstructured"];

const SECURITY_CONTACT_TYPES = new Set(["security-contact", "rfc-9116"]);

/**
 * CycloneDX has no end-of-support field (SPDX has: `metadata.endOfSupport`, read first). We read a property on the root component, then on `metadata`, whose
 * name's last `:`-separated segment is (case-insensitively, ignoring `-` and `_`) `endOfSupport`,
 * `supportPeriodEnd` or `supportEnd` — e.g. `cra:supportPeriodEnd`, `acme:end-of-support` — and whose value
 * starts with a `YYYY-MM` date (CRA Art. 13(19) asks for at least month and year).
 */
const SUPPORT_END_NAMES = new Set(["endofsupport", "supportperiodend", "supportend"]);

function supportEndName(name: string): boolean {
  const last = name.slice(name.lastIndexOf(":") + 1);
  return SUPPORT_END_NAMES.has(last.toLowerCase().replace(/[-_]/g, ""));
}

function findSupportEnd(sbom: NormalizedSbom): SbomQualityFacts["supportPeriod"] {
  // A field of the standard itself (SPDX) comes first: it means the end of support by definition.
  const stated = sbom.metadata.endOfSupport;
  if (stated !== undefined && /^\d{4}-(0[1-9]|1[0-2])/.test(stated.value.trim()))
    return { endOfSupport: stated.value.trim(), source: stated.field };
  const candidates: [string, typeof sbom.metadata.properties][] = [
    ["metadata.component.properties", sbom.root?.properties ?? []],
    ["metadata.properties", sbom.metadata.properties],
  ];
  for (const [where, properties] of candidates) {
    for (const property of properties) {
      if (supportEndName(property.name) && /^\d{4}-(0[1-9]|1[0-2])/.test(property.value.trim())) {
        return { endOfSupport: property.value.trim(), source: `${where}[${property.name}]` };
      }
    }
  }
  return {};
}

const UNRESOLVED_STATES = new Set(["exploitable", "in_triage"]);

/** Computes every quality fact of a normalized SBOM in linear time. Pure: same SBOM, same facts. */
export function computeQualityFacts(sbom: NormalizedSbom): SbomQualityFacts {
  const { components, services, dependencies, root, metadata } = sbom;

  // One index of the refs that exist (first occurrence wins), then one pass over the dependency graph that
  // marks components by position in a byte array: one hash table of n entries and read-only look-ups, instead
  // of growing separate Sets for "is a dependency ref", "is in the graph" and "exists" (the hash-table work is
  // most of this function's cost at 50k components, BENCHMARKS.md).
  const refIndex = new Map<string, number>();
  const duplicateRefs = new DistinctOffenders();
  const ROOT_INDEX = -1;
  const SERVICE_INDEX = -2;
  const noteRef = (ref: string, real: boolean, index: number) => {
    if (!real) return;
    if (refIndex.has(ref)) duplicateRefs.add(ref);
    else refIndex.set(ref, index);
  };
  if (root) noteRef(root.bomRef, root.hasBomRef, ROOT_INDEX);
  // Where each component's graph flags live: its own slot, or that of the first component with the same ref.
  // Known now for real bom-refs (the first occurrence never changes afterwards), which spares the main walk one
  // hash look-up per component; a synthesized `#i` ref is looked up in the walk, since a later component or
  // service may carry that text as its real bom-ref.
  const UNKNOWN_SLOT = -1;
  const flagSlot = new Int32Array(components.length);
  // Usually every bom-ref is unique: then one insertion per component, checked by the map's size, builds the
  // index (half the hash probes of get-then-set). The first repeat ends this optimistic pass, since its set
  // replaced the first occurrence, and the careful pass below rebuilds the index from scratch.
  let allDistinct = true;
  for (let i = 0; i < components.length; i++) {
    const component = components[i]!;
    if (!component.hasBomRef) {
      flagSlot[i] = UNKNOWN_SLOT;
      continue;
    }
    const before = refIndex.size;
    refIndex.set(component.bomRef, i);
    if (refIndex.size === before) {
      allDistinct = false;
      break;
    }
    flagSlot[i] = i;
  }
  if (!allDistinct) {
    refIndex.clear();
    if (root) noteRef(root.bomRef, root.hasBomRef, ROOT_INDEX);
  }
  for (let i = 0; !allDistinct && i < components.length; i++) {
    const component = components[i]!;
    if (!component.hasBomRef) {
      flagSlot[i] = UNKNOWN_SLOT;
      continue;
    }
    const first = refIndex.get(component.bomRef);
    if (first === undefined) {
      refIndex.set(component.bomRef, i);
      flagSlot[i] = i;
    } else {
      duplicateRefs.add(component.bomRef);
      flagSlot[i] = first >= 0 ? first : i;
    }
  }
  for (const service of services) noteRef(service.bomRef, service.hasBomRef !== false, SERVICE_INDEX);

  const HAS_ENTRY = 1;
  const IN_GRAPH = 2;
  /** Named in some entry's dependsOn: not a top-level dependency when the top level is read from the graph. */
  const DEPENDED_ON = 4;
  const graphFlags = new Uint8Array(components.length);
  const dangling = new DistinctOffenders();
  let hasRelationships = false;
  const mark = (ref: string, flags: number) => {
    const index = refIndex.get(ref);
    if (index === undefined) dangling.add(ref);
    else if (index >= 0) graphFlags[index]! |= flags;
  };
  for (const dependency of dependencies) {
    mark(dependency.ref, HAS_ENTRY | IN_GRAPH);
    if (dependency.dependsOn.length > 0) hasRelationships = true;
    for (const target of dependency.dependsOn) mark(target, IN_GRAPH | DEPENDED_ON);
  }

  const ntiaSupplier = new Offenders();
  const missingName = new Offenders();
  const missingVersion = new Offenders();
  const missingIdentifier = new Offenders();
  const missingFromGraph = new Offenders();
  const bsiCreator = new Offenders();
  const bsiManufacturer = new Offenders();
  const bsiFilename = new Offenders();
  const bsiDependencies = new Offenders();
  const bsiDistributionLicence = new Offenders();
  const bsiOriginalLicence = new Offenders();
  const bsiSha512 = new Offenders();
  const bsiDistributionSha512 = new Offenders();
  const bsiExecutable = new Offenders();
  const bsiArchive = new Offenders();
  const bsiStructured = new Offenders();
  const bsiInvalidExecutable = new Offenders();
  const bsiInvalidArchive = new Offenders();
  const bsiInvalidStructured = new Offenders();
  const bsiSourceUri = new Offenders();
  const bsiDeployableUri = new Offenders();
  const bsiInvalidSourceUri = new Offenders();
  const bsiInvalidDeployableUri = new Offenders();
  const bsiInvalidCreatorUrl = new Offenders();
  const bsiAnyLicence = new Offenders();
  const bsiName = new Offenders();
  const bsiVersion = new Offenders();
  const bsiIdentifier = new Offenders();
  // The optional (MAY) fields: who gives them, and whose value is not what the field asks for.
  let bsiEffectiveLicence = 0;
  const bsiInvalidEffectiveLicence = new Offenders();
  let bsiDeclaredLicence = 0;
  let bsiSourceHash = 0;
  let bsiSecurityTxt = 0;
  const bsiInvalidSecurityTxt = new Offenders();
  const withoutLicense = new Offenders();
  const invalidSpdx = new Offenders();
  const invalidPurl = new Offenders();
  const withoutHash = new Offenders();
  const algorithms: Record<string, number> = Object.create(null);
  let checked = 0;
  let cryptoAssetCount = 0;

  // The BSI component fields (C-1 to C-4, C-6 to C-17; C-5 is read from the graph). BSI-G-3 counts the primary component among the
  // components, and BSI-C-1 maps to `metadata.component` too, so the root is checked with the same function as
  // every entry of `components[]` (the walk stays linear: one more call).
  let bsiChecked = 0;
  const checkBsiFields = (component: Component, ref: string): void => {
    bsiChecked++;
    if (component.name === "") bsiName.add(ref);
    if (component.version === undefined) bsiVersion.add(ref);
    if (!hasValidIdentifier(component)) bsiIdentifier.add(ref);
    if (!(entityHasContact(component.manufacturer) || entityHasContact(component.supplier))) bsiCreator.add(ref);
    if (!entityHasContact(component.manufacturer)) bsiManufacturer.add(ref);
    if (entityHasBadUrl(component.manufacturer)) bsiInvalidCreatorUrl.add(ref);

    let concluded = false;
    let declared = false;
    for (const license of component.licenses) {
      if (license.acknowledgement === "concluded") concluded = true;
      else if (license.acknowledgement === "declared") declared = true;
    }
    if (!concluded) bsiDistributionLicence.add(ref);
    if (!declared) bsiOriginalLicence.add(ref);
    else bsiDeclaredLicence++;
    if (component.licenses.length === 0) bsiAnyLicence.add(ref);

    let distributionSha512 = false;
    let hasSource = false;
    let hasDistribution = false;
    let badSource = false;
    let badDistribution = false;
    let sourceHash = false;
    let securityTxt = false;
    let badSecurityTxt = false;
    for (const reference of component.externalReferences) {
      const type = reference.type;
      if (type === "distribution") {
        hasDistribution = true;
        if (!isAbsoluteUrl(reference.url)) badDistribution = true;
        if (reference.hashes && hasSha512(reference.hashes)) distributionSha512 = true;
      } else if (type === "source-distribution" || type === "vcs") {
        // A `vcs` reference points at the source repository itself, which BSI-C-11 accepts as the source code URI.
        hasSource = true;
        if (!isAbsoluteUrl(reference.url)) badSource = true;
        if (type === "source-distribution" && reference.hashes && reference.hashes.length > 0) sourceHash = true;
      } else if (type === "rfc-9116") {
        securityTxt = true;
        if (!isAbsoluteUrl(reference.url)) badSecurityTxt = true;
      }
    }
    if (!distributionSha512) bsiDistributionSha512.add(ref);
    if (!(distributionSha512 || hasSha512(component.hashes))) bsiSha512.add(ref);
    if (!hasSource) bsiSourceUri.add(ref);
    if (!hasDistribution) bsiDeployableUri.add(ref);
    if (badSource) bsiInvalidSourceUri.add(ref);
    if (badDistribution) bsiInvalidDeployableUri.add(ref);
    if (sourceHash) bsiSourceHash++;
    if (securityTxt) bsiSecurityTxt++;
    if (badSecurityTxt) bsiInvalidSecurityTxt.add(ref);

    // Each property is judged on its own: a bad `executable` value says nothing about `archive` or `structured`.
    let filename = false;
    let executable = false;
    let archive = false;
    let structured = false;
    let effectiveLicence = false;
    let badExecutable = false;
    let badArchive = false;
    let badStructured = false;
    let badEffectiveLicence = false;
    for (const property of component.properties) {
      const name = property.name;
      if (!name.startsWith("bsi:component:")) continue;
      const value = property.value.trim();
      if (value === "") continue;
      if (name === BSI_FILENAME) filename = true;
      else if (name === BSI_EXECUTABLE) {
        executable = true;
        if (!EXECUTABLE_VALUES.includes(value)) badExecutable = true;
      } else if (name === BSI_ARCHIVE) {
        archive = true;
        if (!ARCHIVE_VALUES.includes(value)) badArchive = true;
      } else if (name === BSI_STRUCTURED) {
        structured = true;
        if (!STRUCTURED_VALUES.includes(value)) badStructured = true;
      } else if (name === BSI_EFFECTIVE_LICENCE) {
        effectiveLicence = true;
        if (!isSpdxExpression(value)) badEffectiveLicence = true;
      }
    }
    if (!filename) bsiFilename.add(ref);
    if (!executable) bsiExecutable.add(ref);
    if (!archive) bsiArchive.add(ref);
    if (!structured) bsiStructured.add(ref);
    if (badExecutable) bsiInvalidExecutable.add(ref);
    if (badArchive) bsiInvalidArchive.add(ref);
    if (badStructured) bsiInvalidStructured.add(ref);
    if (effectiveLicence) bsiEffectiveLicence++;
    if (badEffectiveLicence) bsiInvalidEffectiveLicence.add(ref);
  };
  if (root) checkBsiFields(root, root.bomRef);

  // The one walk over the components.
  for (let i = 0; i < components.length; i++) {
    const component = components[i]!;
    const ref = component.bomRef;
    // Graph membership is per ref: a duplicate of a ref shares the flags of its first occurrence.
    let slot = flagSlot[i]!;
    if (slot === UNKNOWN_SLOT) {
      const first = refIndex.get(ref);
      slot = first !== undefined && first >= 0 ? first : i;
    }
    const flags = graphFlags[slot]!;
    if (component.purl?.parseError !== undefined) invalidPurl.add(ref);
    if ((flags & IN_GRAPH) === 0) missingFromGraph.add(ref);
    if ((flags & HAS_ENTRY) === 0) bsiDependencies.add(ref);
    if (component.type === "cryptographic-asset") {
      cryptoAssetCount++;
      continue;
    }
    checked++;

    if (!(entityPresent(component.supplier) || entityPresent(component.manufacturer) || component.publisher))
      ntiaSupplier.add(ref);
    if (component.name === "") missingName.add(ref);
    if (component.version === undefined) missingVersion.add(ref);
    if (!hasValidIdentifier(component)) missingIdentifier.add(ref);

    let badSpdx = false;
    // BSI-G-7: a licence is an SPDX identifier, expression or LicenseRef; a CycloneDX `license.name` that is none
    // of them ("Custom licence") is not one, any more than an expression that does not parse.
    for (const license of component.licenses)
      if (license.validSpdx === false || (license.kind === "name" && !isSpdxExpression(license.value))) badSpdx = true;
    if (component.licenses.length === 0) withoutLicense.add(ref);
    if (badSpdx) invalidSpdx.add(ref);

    if (component.hashes.length === 0) withoutHash.add(ref);
    for (const hash of component.hashes) algorithms[hash.alg] = (algorithms[hash.alg] ?? 0) + 1;
    checkBsiFields(component, ref);
  }

  // Reachability from the primary component (BSI-C-5 with a completeness statement, BSI-G-5): a breadth-first walk
  // over the dependency entries and the nesting of components, one slot per distinct ref (slot 0 is the root,
  // slot i + 1 the first component with that ref), so the walk is linear in components plus edges.
  const slotOf = (ref: string): number => {
    const index = refIndex.get(ref);
    if (index === undefined || index === SERVICE_INDEX) return -1;
    return index === ROOT_INDEX ? 0 : index + 1;
  };
  const edges: (number[] | undefined)[] = new Array(components.length + 1);
  const addEdge = (from: number, to: number) => {
    if (from < 0 || to < 0) return;
    let list = edges[from];
    if (!list) {
      list = [];
      edges[from] = list;
    }
    list.push(to);
  };
  for (const dependency of dependencies) {
    const from = slotOf(dependency.ref);
    if (from < 0) continue;
    for (const target of dependency.dependsOn) addEdge(from, slotOf(target));
  }
  const componentSlot = (i: number): number => {
    const slot = flagSlot[i]!;
    if (slot !== UNKNOWN_SLOT) return slot + 1;
    return i + 1;
  };
  for (let i = 0; i < components.length; i++) {
    const parentRef = components[i]!.parentRef;
    if (parentRef !== undefined) addEdge(slotOf(parentRef), componentSlot(i));
  }
  const reached = new Uint8Array(components.length + 1);
  const unreachable = new Offenders();
  const rootHasDependencies = root !== undefined && (edges[0]?.length ?? 0) > 0;
  if (root) {
    const queue = new Int32Array(components.length + 1);
    let head = 0;
    let tail = 0;
    reached[0] = 1;
    queue[tail++] = 0;
    while (head < tail) {
      const list = edges[queue[head++]!];
      if (!list) continue;
      for (const next of list) {
        if (reached[next]) continue;
        reached[next] = 1;
        queue[tail++] = next;
      }
    }
  }
  for (let i = 0; i < components.length; i++) {
    if (!reached[componentSlot(i)]) unreachable.add(components[i]!.bomRef);
  }

  // Root facts for CRA Annex I Part II (1): the SBOM must name the product and at least its top-level dependencies.
  const directIncomplete = new Offenders();
  for (const ref of sbom.rootDirectDependencies) {
    const index = refIndex.get(ref);
    const dependency = index !== undefined && index >= 0 ? components[index] : undefined;
    if (!dependency || dependency.name === "" || dependency.version === undefined || !hasValidIdentifier(dependency))
      directIncomplete.add(ref);
  }
  // Annex I Part II (1) asks for the top-level dependencies. The root's own dependency entry names them; without
  // it, a graph still tells them: the components nothing depends on (dropwizard's and keycloak's SBOMs in
  // CycloneDX's bom-examples have this shape). A flat list without any graph cannot tell them apart.
  let topLevelSource: "root" | "graph" | "none" = "none";
  let topLevelCount = 0;
  if (sbom.rootDirectDependencies.length > 0) {
    topLevelSource = "root";
    topLevelCount = sbom.rootDirectDependencies.length;
  } else if (hasRelationships) {
    topLevelSource = "graph";
    for (let i = 0; i < components.length; i++) if ((graphFlags[i]! & DEPENDED_ON) === 0) topLevelCount++;
  }
  const rootIdentifiers: string[] = [];
  if (root?.purl && root.purl.parseError === undefined) rootIdentifiers.push(root.purl.raw);
  if (root?.cpe) rootIdentifiers.push(root.cpe);
  if (root?.swidTagId) rootIdentifiers.push(root.swidTagId);

  const securityUrls = new Set<string>();
  for (const reference of [...sbom.externalReferences, ...(root?.externalReferences ?? [])])
    if (SECURITY_CONTACT_TYPES.has(reference.type)) securityUrls.add(reference.url);

  const byState: Record<string, number> = Object.create(null);
  const unresolved = new Offenders();
  const notAffectedUnjustified = new Offenders();
  for (const vulnerability of sbom.vulnerabilities) {
    const state = vulnerability.analysis?.state;
    const key = state ?? "none";
    byState[key] = (byState[key] ?? 0) + 1;
    const label = vulnerability.id ?? vulnerability.bomRef ?? vulnerability.location;
    if (state === undefined || UNRESOLVED_STATES.has(state)) unresolved.add(label);
    if (state === "not_affected" && vulnerability.analysis?.justification === undefined)
      notAffectedUnjustified.add(label);
  }

  const aggregates: Record<string, number> = Object.create(null);
  for (const composition of sbom.compositions ?? []) {
    const key = composition.aggregate === "" ? "not_specified" : composition.aggregate;
    aggregates[key] = (aggregates[key] ?? 0) + 1;
  }

  const authorNamed = metadata.authors.some((author) => author.name !== undefined || author.email !== undefined);
  const creator = sbomCreator(sbom);
  const timestamp = metadata.timestamp;
  let toolsWithoutVersion = 0;
  for (const tool of metadata.tools) if (tool.version === undefined) toolsWithoutVersion++;

  return {
    componentCount: components.length,
    serviceCount: services.length,
    dependencyEntryCount: dependencies.length,
    checkedComponentCount: checked,
    cryptoAssetCount,
    document: {
      standard: sbom.standard ?? "CycloneDX",
      format: sbom.format,
      specVersion: sbom.specVersion,
      hasSerialNumber: sbom.serialNumber !== undefined,
      hasBomVersion: sbom.version !== undefined,
      hasAuthorEntity: authorNamed || entityPresent(metadata.manufacturer),
      toolCount: metadata.tools.length,
      toolsWithoutVersion,
      lifecycles: [...new Set(metadata.lifecycles)].sort(),
      timestampIsUtc: timestamp !== undefined && /(Z|[+-]00:?00)$/i.test(timestamp),
    },
    ntia: {
      // NTIA-DF-6 lets the author be a tool; CISA 2026 does not (see document.hasAuthorEntity).
      hasAuthor: authorNamed || metadata.tools.length > 0,
      hasTimestamp: timestamp !== undefined,
      missingSupplier: ntiaSupplier.list(),
      missingName: missingName.list(),
      missingVersion: missingVersion.list(),
      missingUniqueIdentifier: missingIdentifier.list(),
      missingFromDependencyGraph: missingFromGraph.list(),
      hasDependencyRelationships: hasRelationships,
    },
    bsi: {
      checkedComponentCount: bsiChecked,
      hasCreator: entityPresent(creator),
      hasCreatorContact: entityHasContact(creator),
      creatorUrlInvalid: entityHasBadUrl(creator),
      hasTimestamp: timestamp !== undefined,
      hasSbomUri: sbom.serialNumber !== undefined,
      missingCreatorOrSupplier: bsiCreator.list(),
      missingName: bsiName.list(),
      missingVersion: bsiVersion.list(),
      missingFilename: bsiFilename.list(),
      missingDependencies: bsiDependencies.list(),
      missingDistributionLicence: bsiDistributionLicence.list(),
      missingSha512: bsiSha512.list(),
      missingExecutableProperty: bsiExecutable.list(),
      missingArchiveProperty: bsiArchive.list(),
      missingStructuredProperty: bsiStructured.list(),
      missingUniqueIdentifier: bsiIdentifier.list(),
      missingManufacturerContact: bsiManufacturer.list(),
      missingOriginalLicence: bsiOriginalLicence.list(),
      missingDistributionSha512: bsiDistributionSha512.list(),
      invalidExecutableProperty: bsiInvalidExecutable.list(),
      invalidArchiveProperty: bsiInvalidArchive.list(),
      invalidStructuredProperty: bsiInvalidStructured.list(),
      missingSourceCodeUri: bsiSourceUri.list(),
      missingDeployableUri: bsiDeployableUri.list(),
      invalidSourceCodeUri: bsiInvalidSourceUri.list(),
      invalidDeployableUri: bsiInvalidDeployableUri.list(),
      invalidCreatorUrl: bsiInvalidCreatorUrl.list(),
      missingAnyLicence: bsiAnyLicence.list(),
      optional: {
        effectiveLicenceCount: bsiEffectiveLicence,
        invalidEffectiveLicence: bsiInvalidEffectiveLicence.list(),
        declaredLicenceCount: bsiDeclaredLicence,
        sourceHashCount: bsiSourceHash,
        securityTxtCount: bsiSecurityTxt,
        invalidSecurityTxt: bsiInvalidSecurityTxt.list(),
      },
    },
    completeness: {
      declared: (sbom.compositions ?? []).length > 0,
      aggregates,
      rootHasDependencies,
      unreachableFromRoot: unreachable.list(),
    },
    root: {
      present: root !== undefined,
      hasName: root !== undefined && root.name !== "",
      hasVersion: root?.version !== undefined,
      hasIdentifier: rootIdentifiers.length > 0,
      identifiers: rootIdentifiers,
      directDependencyCount: sbom.rootDirectDependencies.length,
      directDependenciesIncomplete: directIncomplete.list(),
      topLevelSource,
      topLevelCount,
    },
    licenses: { componentsWithoutLicense: withoutLicense.list(), invalidSpdxExpressions: invalidSpdx.list() },
    purls: { invalid: invalidPurl.list() },
    hashes: { componentsWithoutHash: withoutHash.list(), algorithms },
    duplicates: { bomRefs: duplicateRefs.list() },
    danglingDependencyRefs: dangling.list(),
    securityContact: { present: securityUrls.size > 0, urls: [...securityUrls].sort() },
    // Checking needs the document's bytes and a key: the ingest pipeline fills this in when given a key.
    signature: SIGNATURE_NOT_CHECKED,
    supportPeriod: findSupportEnd(sbom),
    vulnerabilities: {
      total: sbom.vulnerabilities.length,
      byState,
      unresolved: unresolved.list(),
      notAffectedWithoutJustification: notAffectedUnjustified.list(),
    },
  };
}
