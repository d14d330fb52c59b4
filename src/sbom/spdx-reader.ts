/**
 * SPDX 2.2/2.3 (JSON, YAML or tag-value, all read into the JSON shape first) for the normalizer (normalize.ts):
 * a `BomReader` that answers the normalizer's CycloneDX field names from SPDX elements, so the model is written
 * by the same builder as for CycloneDX JSON and XML.
 *
 * Nodes are the document's own objects (packages and files, recognised by their `SPDXID`) and a few small
 * objects made here in the normalizer's vocabulary (the metadata, an entity, a licence, a dependency entry),
 * which are read member by member like CycloneDX JSON. The mapping, field by field (SPDX 2.3 clause numbers):
 * - packages (7) and files (8) are components; the element the document DESCRIBES (or `documentDescribes`) is
 *   the root when there is exactly one; `SPDXID` is the bom-ref;
 * - `versionInfo` is the version, `supplier` (7.5) the supplier, `originator` (7.6) the manufacturer,
 *   `checksums` the hashes (`SHA256` spelled `SHA-256` as in CycloneDX), `licenseDeclared`/`licenseConcluded`
 *   SPDX expressions acknowledged as declared/concluded, `copyrightText` the copyright, `description` (or
 *   `summary`) the description, `primaryPackagePurpose` the type, `packageFileName` the BSI filename property;
 * - external references of type `purl`, `cpe23Type`/`cpe22Type` give purl and CPE; `downloadLocation` is the
 *   distribution (or VCS) reference and `homepage` the website;
 * - DEPENDS_ON, CONTAINS, the other dependency kinds and their inverse forms make the dependency graph;
 * - creation info gives timestamp, authors (Person and Organization creators) and tools (Tool creators), the
 *   document namespace the serial number, `dataLicense` the document's licence.
 * - the root's `validUntilDate` (2.3 clause 7.28) is the product's end of support (`metadata.endOfSupport`).
 * `NOASSERTION` and `NONE` read as absent. What SPDX 2 has no field for (group, scope, publisher, services,
 * vulnerabilities, lifecycle phases, completeness statements) stays absent.
 */
import { asBoolean, asFiniteNumber, asJsonObject, asString, type JsonObject } from "../json/value.js";
import type { BomReader, ModelShapedLists } from "./bom-reader.js";
import { objectList as objects } from "./json-reader.js";
import type { Component, Hash, NormalizedSbom, Property, SbomFormat, SpdxVersion } from "./model.js";
import { BomBuilder } from "./normalize.js";
import { EMPTY } from "./normalize-common.js";

/**
 * SPDX's checksum algorithm names in CycloneDX spelling where CycloneDX has the algorithm. A `Map`: the names
 * come from the document (the schema limits them, but a look-up in a plain object would also find `__proto__`).
 */
const HASH_ALGORITHM: ReadonlyMap<string, string> = new Map([
  ["SHA1", "SHA-1"],
  ["SHA224", "SHA-224"],
  ["SHA256", "SHA-256"],
  ["SHA384", "SHA-384"],
  ["SHA512", "SHA-512"],
]);

/** `primaryPackagePurpose` (2.3 clause 7.24) as a CycloneDX component type, where CycloneDX has one. */
const PURPOSE_TYPE: Readonly<Record<string, string>> = {
  APPLICATION: "application",
  FRAMEWORK: "framework",
  LIBRARY: "library",
  CONTAINER: "container",
  // The 2.3 JSON schema's spelling; the specification's OPERATING-SYSTEM is respelled on reading (spdx-validate.ts).
  OPERATING_SYSTEM: "operating-system",
  DEVICE: "device",
  FIRMWARE: "firmware",
  FILE: "file",
};

/**
 * Relationship types that make a dependency edge, and which way: `forward` when the element depends on (or
 * contains) the related one, `inverse` when the related element depends on (contains) the element.
 */
export const DEPENDENCY_DIRECTION: Readonly<Record<string, "forward" | "inverse">> = {
  DEPENDS_ON: "forward",
  CONTAINS: "forward",
  STATIC_LINK: "forward",
  DYNAMIC_LINK: "forward",
  DEPENDENCY_OF: "inverse",
  CONTAINED_BY: "inverse",
  BUILD_DEPENDENCY_OF: "inverse",
  DEV_DEPENDENCY_OF: "inverse",
  OPTIONAL_DEPENDENCY_OF: "inverse",
  PROVIDED_DEPENDENCY_OF: "inverse",
  TEST_DEPENDENCY_OF: "inverse",
  RUNTIME_DEPENDENCY_OF: "inverse",
};

export const BSI_FILENAME_PROPERTY = "bsi:component:filename";

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A value that may be `NOASSERTION` or `NONE`, which say nothing about the element: absent. */
export function asserted(value: unknown): string | undefined {
  const s = text(value);
  return s === undefined || s === "NOASSERTION" || s === "NONE" ? undefined : s;
}

/** `Person: Jane Doe (jane@example.com)` or `Organization: ACME ()`: kind, name and e-mail. */
export function parseActor(value: string): { kind: string; name: string; email?: string } | undefined {
  const match = /^\s*(Person|Organization|Tool)\s*:\s*(.*?)\s*(?:\(([^()]*)\))?\s*$/.exec(value);
  if (!match) return undefined;
  const actor: { kind: string; name: string; email?: string } = { kind: match[1] as string, name: match[2] as string };
  const email = match[3]?.trim();
  if (email) actor.email = email;
  return actor;
}

/**
 * `Tool: name-version` (2.3 clause 6.8): the version is what follows the last hyphen when it starts with a digit
 * (or `v` and a digit); otherwise the whole text is the name and the version is absent.
 */
export function parseTool(value: string): { name: string; version?: string } {
  const at = value.lastIndexOf("-");
  if (at > 0 && /^v?\d/.test(value.slice(at + 1))) return { name: value.slice(0, at), version: value.slice(at + 1) };
  return { name: value };
}

function isElement(node: JsonObject): boolean {
  return typeof node.SPDXID === "string";
}

/** The two lists of an SPDX 2 document whose entries are components. */
export type Spdx2ElementList = "packages" | "files";

class Spdx2Reader implements BomReader<JsonObject> {
  readonly standard = "SPDX";
  readonly rootLocation = "";
  private readonly licenseNodes = [new Map<string, JsonObject>(), new Map<string, JsonObject>()];
  private readonly entities = new Map<string, JsonObject | undefined>();
  /** The list whose entries are being added (their index is their position in it). */
  addingTo: Spdx2ElementList = "packages";
  /** Where the described element is, once known. */
  rootPointer = "";

  constructor(readonly format: SbomFormat) {}

  string(node: JsonObject, field: string): string | undefined {
    if (!isElement(node)) return text(node[field]);
    switch (field) {
      case "bom-ref":
        return text(node.SPDXID);
      case "name":
        return text(node.name) ?? text(node.fileName);
      case "version":
        return text(node.versionInfo);
      case "type": {
        if (node.fileName !== undefined) return "file";
        const purpose = text(node.primaryPackagePurpose);
        return purpose === undefined ? undefined : PURPOSE_TYPE[purpose];
      }
      case "description":
        return text(node.description) ?? text(node.summary);
      case "copyright":
        return asserted(node.copyrightText);
      case "purl":
        return this.externalRef(node, "purl");
      case "cpe":
        return this.externalRef(node, "cpe23Type") ?? this.externalRef(node, "cpe22Type");
      default:
        return undefined;
    }
  }

  verbatim(node: JsonObject, field: string): string | undefined {
    return isElement(node) ? undefined : asString(node[field]);
  }

  number(node: JsonObject, field: string): number | undefined {
    return isElement(node) ? undefined : asFiniteNumber(node[field]);
  }

  boolean(node: JsonObject, field: string): boolean | undefined {
    return isElement(node) ? undefined : asBoolean(node[field]);
  }

  child(node: JsonObject, field: string): JsonObject | undefined {
    if (!isElement(node)) return asJsonObject(node[field]);
    if (field === "supplier") return this.entity(node.supplier);
    if (field === "manufacturer") return this.entity(node.originator);
    return undefined;
  }

  list(node: JsonObject, field: string): readonly JsonObject[] {
    if (!isElement(node)) return objects(node[field]);
    if (field === "licenses") return this.licenses(node);
    if (field === "externalReferences") return this.references(node);
    return EMPTY;
  }

  strings(node: JsonObject, field: string): string[] {
    if (isElement(node)) return EMPTY;
    const value = node[field];
    if (!Array.isArray(value)) return EMPTY;
    return value.filter((item): item is string => typeof item === "string" && item !== "");
  }

  integers(): number[] {
    return EMPTY;
  }

  entryLocation(parent: string, field: string, index: number): string {
    // Components are handed over with their index in their own list (see Spdx2ModelBuilder).
    if (parent === "" && field === "components") return `/${this.addingTo}/${index}`;
    return `${parent}/${field}/${index}`;
  }

  childLocation(parent: string, field: string): string {
    if (parent === "" && field === "metadata") return "/creationInfo";
    if (parent === "/creationInfo" && field === "component") return this.rootPointer;
    return `${parent}/${field}`;
  }

  modelShaped<K extends keyof ModelShapedLists>(
    node: JsonObject,
    field: string,
    _shape: K,
  ): ModelShapedLists[K][] | undefined {
    if (!isElement(node)) return undefined;
    if (field === "hashes") return hashes(node) as ModelShapedLists[K][];
    if (field === "properties") return properties(node) as ModelShapedLists[K][];
    return EMPTY;
  }

  private externalRef(node: JsonObject, type: string): string | undefined {
    for (const ref of objects(node.externalRefs)) {
      if (ref.referenceType === type) {
        const locator = text(ref.referenceLocator);
        if (locator !== undefined) return locator;
      }
    }
    return undefined;
  }

  /** Equal supplier strings repeat across a document: one entity node each, so the builder shares the entity. */
  private entity(value: unknown): JsonObject | undefined {
    const raw = asserted(value);
    if (raw === undefined) return undefined;
    if (this.entities.has(raw)) return this.entities.get(raw);
    const actor = parseActor(raw);
    let node: JsonObject | undefined;
    if (actor && actor.name !== "" && actor.name !== "NOASSERTION") {
      node = { name: actor.name };
      if (actor.email !== undefined) node.contact = [{ email: actor.email }];
    }
    this.entities.set(raw, node);
    return node;
  }

  private licenses(node: JsonObject): readonly JsonObject[] {
    const declared = asserted(node.licenseDeclared);
    const concluded = asserted(node.licenseConcluded);
    if (declared === undefined) return concluded === undefined ? EMPTY : [this.licenseNode(1, concluded)];
    if (concluded === undefined) return [this.licenseNode(0, declared)];
    return [this.licenseNode(0, declared), this.licenseNode(1, concluded)];
  }

  private licenseNode(slot: 0 | 1, expression: string): JsonObject {
    const cache = this.licenseNodes[slot] as Map<string, JsonObject>;
    let node = cache.get(expression);
    if (!node) {
      node = { expression, acknowledgement: slot === 0 ? "declared" : "concluded" };
      cache.set(expression, node);
    }
    return node;
  }

  private references(node: JsonObject): readonly JsonObject[] {
    const download = asserted(node.downloadLocation);
    const homepage = asserted(node.homepage);
    if (download === undefined) return homepage === undefined ? EMPTY : [{ type: "website", url: homepage }];
    // 2.3 clause 7.7: a VCS location is written `<vcs>+<transport>://…` (git+https://…).
    const where = { type: /^(git|hg|svn|bzr)\+/.test(download) ? "vcs" : "distribution", url: download };
    return homepage === undefined ? [where] : [where, { type: "website", url: homepage }];
  }
}

function hashes(node: JsonObject): Hash[] {
  const list = objects(node.checksums);
  if (list.length === 0) return EMPTY;
  // Sized up front: a list grown from `[]` reserves 16 slots, kept by the model for every package.
  const out = new Array<Hash>(list.length);
  let n = 0;
  for (const checksum of list) {
    const algorithm = text(checksum.algorithm);
    const content = text(checksum.checksumValue);
    if (algorithm !== undefined && content !== undefined)
      out[n++] = {
        alg: HASH_ALGORITHM.get(algorithm) ?? algorithm,
        content,
      };
  }
  if (n === 0) return EMPTY;
  if (n < out.length) out.length = n;
  return out;
}

function properties(node: JsonObject): Property[] {
  const filename = text(node.packageFileName);
  return filename === undefined ? EMPTY : [{ name: BSI_FILENAME_PROPERTY, value: filename }];
}

/** The element an SPDX 2 document describes: its node, and entry `index` of `list`, at `pointer`. */
export interface Spdx2Root {
  readonly node: JsonObject;
  readonly list: Spdx2ElementList;
  readonly index: number;
  readonly pointer: string;
}

/**
 * What validation and normalization both need from an SPDX 2.x document, found in one pass over its element lists
 * and one over its relationships: the packages and files by SPDXID, the described elements and the root. The
 * validator builds it (spdx-validate.ts) and hands it on with the document, so the normalizer walks no list a
 * second time to find the same things.
 */
export interface Spdx2Index {
  /** Packages and files by SPDXID; for an SPDXID used twice (refused by validation), the first. */
  readonly elements: ReadonlyMap<string, JsonObject>;
  /** The SPDXIDs of the document itself and of its snippets: elements a relationship may name, not components. */
  readonly otherIds: ReadonlySet<string>;
  /** How many SPDXIDs were already taken when met again (validation names them). */
  readonly duplicateIds: number;
  /** The described package or file when the document describes exactly one, where it is, and its JSON pointer. */
  readonly root?: Spdx2Root;
  /** Components of the model: packages and files, less the root. */
  readonly componentCount: number;
}

/**
 * The elements a document says it describes: `documentDescribes` and DESCRIBES / DESCRIBED_BY relationships
 * (the streaming reader hands over a document holding only those relationships).
 */
export function describedIds(doc: JsonObject): Set<string> {
  const documentId = doc.SPDXID;
  const out = new Set<string>();
  const documentDescribes = doc.documentDescribes;
  if (Array.isArray(documentDescribes)) for (const id of documentDescribes) if (typeof id === "string") out.add(id);
  for (const relationship of objects(doc.relationships)) {
    const type = relationship.relationshipType;
    if (type === "DESCRIBES" && relationship.spdxElementId === documentId) {
      if (typeof relationship.relatedSpdxElement === "string") out.add(relationship.relatedSpdxElement);
    } else if (type === "DESCRIBED_BY" && relationship.relatedSpdxElement === documentId) {
      if (typeof relationship.spdxElementId === "string") out.add(relationship.spdxElementId);
    }
  }
  return out;
}

/**
 * The index of an SPDX 2.x document in the JSON shape. The root is the one package or file the document
 * describes; with several (or none) the product is not named, and none of them is picked in its place.
 */
export function indexSpdx2(doc: JsonObject): Spdx2Index {
  const packages = objects(doc.packages);
  const files = objects(doc.files);
  const elements = new Map<string, JsonObject>();
  const otherIds = new Set<string>();
  let duplicateIds = 0;
  const taken = (id: string) => elements.has(id) || otherIds.has(id);
  if (typeof doc.SPDXID === "string") otherIds.add(doc.SPDXID);
  for (const list of [packages, files]) {
    for (const item of list) {
      const id = item.SPDXID;
      if (typeof id !== "string") continue;
      if (taken(id)) duplicateIds++;
      else elements.set(id, item);
    }
  }
  for (const item of objects(doc.snippets)) {
    const id = item.SPDXID;
    if (typeof id !== "string") continue;
    if (taken(id)) duplicateIds++;
    else otherIds.add(id);
  }
  let root: Spdx2Index["root"];
  let rootNode: JsonObject | undefined;
  for (const id of describedIds(doc)) {
    const node = elements.get(id);
    if (node === undefined) continue;
    if (rootNode !== undefined) {
      rootNode = undefined;
      break;
    }
    rootNode = node;
  }
  if (rootNode !== undefined) {
    const inPackages = packages.indexOf(rootNode);
    const list = inPackages >= 0 ? "packages" : "files";
    const index = inPackages >= 0 ? inPackages : files.indexOf(rootNode);
    root = { node: rootNode, list, index, pointer: `/${list}/${index}` };
  }
  const componentCount = packages.length + files.length - (root === undefined ? 0 : 1);
  return root === undefined
    ? { elements, otherIds, duplicateIds, componentCount }
    : { elements, otherIds, duplicateIds, root, componentCount };
}

/**
 * The model of a schema-valid SPDX 2.x document in the JSON shape, whose references were checked
 * (spdx-validate.ts), with the index validation built (built here when not given). Never throws on document
 * content.
 */
export function normalizeSpdx2(
  doc: JsonObject,
  format: SbomFormat,
  version: SpdxVersion,
  index: Spdx2Index = indexSpdx2(doc),
): NormalizedSbom {
  const model = new Spdx2ModelBuilder(format, version);
  const packages = objects(doc.packages);
  for (let i = 0; i < packages.length; i++) model.addElement("packages", packages[i] as JsonObject, i);
  const files = objects(doc.files);
  for (let i = 0; i < files.length; i++) model.addElement("files", files[i] as JsonObject, i);
  for (const relationship of objects(doc.relationships)) model.addRelationship(relationship);
  return model.finish(doc, version, index.root, index.elements);
}

/**
 * The model of an SPDX 2 document, built from its elements and relationships in the order the document gives
 * them: `normalizeSpdx2` hands it a whole document's, the streaming reader (spdx-stream.ts) one list entry at a
 * time, each dropped once added. The element the document describes (the root) is only known once every
 * relationship is read, and a document may list its files before its packages (Microsoft's sbom-tool does), so
 * every element becomes a component as it comes; `finish` takes the root out and puts the packages first.
 */
export class Spdx2ModelBuilder {
  private readonly reader: Spdx2Reader;
  private readonly builder: BomBuilder<JsonObject>;
  private readonly counts = { packages: 0, files: 0 };
  /** Whether the files came first: then the components are files, then packages, until `finish`. */
  private filesFirst = false;
  /** Dependency edges as [from, to] pairs, unchecked: relationships', then `hasFiles`' (the graph's order). */
  private readonly relationshipEdges: unknown[] = [];
  private readonly hasFilesEdges: unknown[] = [];

  /** `version` may be left for `finish` (a streamed document can state it after its lists). */
  constructor(format: SbomFormat, version?: SpdxVersion) {
    this.reader = new Spdx2Reader(format);
    this.builder = new BomBuilder(this.reader, version);
  }

  /** Entry `index` of `packages` or `files`; one list's entries all come before the other's. */
  addElement(list: Spdx2ElementList, item: JsonObject, index: number): void {
    if (list === "packages" && this.counts.packages === 0 && this.counts.files > 0) this.filesFirst = true;
    this.reader.addingTo = list;
    this.builder.addComponent(item, index);
    this.counts[list]++;
    // `hasFiles` (2.3 clause 7.23, deprecated for CONTAINS) says the same as CONTAINS.
    if (list === "packages" && Array.isArray(item.hasFiles))
      for (const file of item.hasFiles) this.hasFilesEdges.push(item.SPDXID, file);
  }

  addRelationship(relationship: JsonObject): void {
    const type = relationship.relationshipType;
    if (typeof type !== "string" || !Object.hasOwn(DEPENDENCY_DIRECTION, type)) return;
    if (DEPENDENCY_DIRECTION[type] === "forward")
      this.relationshipEdges.push(relationship.spdxElementId, relationship.relatedSpdxElement);
    else this.relationshipEdges.push(relationship.relatedSpdxElement, relationship.spdxElementId);
  }

  /**
   * The model, given the document's other members (creation info, data licence, namespace), its version, the
   * root (see `Spdx2Index`) and which SPDXIDs are packages or files (dependency edges join those alone).
   */
  finish(
    doc: JsonObject,
    version: SpdxVersion,
    root: Omit<Spdx2Root, "pointer"> | undefined,
    elements: { has(id: string): boolean },
  ): NormalizedSbom {
    const builder = this.builder;
    const { packages, files } = this.counts;
    // Where each list's components start in the builder's list, which has them in the order the lists came.
    const packagesFrom = this.filesFirst ? files : 0;
    const filesFrom = this.filesFirst ? 0 : packages;
    const rootAt = root === undefined ? -1 : (root.list === "packages" ? packagesFrom : filesFrom) + root.index;
    if (this.filesFirst || rootAt >= 0) {
      builder.arrangeComponents((components) => {
        const arranged = new Array<Component>(packages + files - (rootAt >= 0 ? 1 : 0));
        let n = 0;
        for (let i = packagesFrom; i < packagesFrom + packages; i++) if (i !== rootAt) arranged[n++] = components[i]!;
        for (let i = filesFrom; i < filesFrom + files; i++) if (i !== rootAt) arranged[n++] = components[i]!;
        return arranged;
      });
    }
    if (root !== undefined) this.reader.rootPointer = `/${root.list}/${root.index}`;
    builder.setMetadata(metadataNode(doc, root?.node));
    for (const [ref, dependsOn] of dependencyGraph(this.relationshipEdges, this.hasFilesEdges, elements))
      builder.addDependency({ ref, dependsOn });
    const top: JsonObject = {};
    const namespace = text(doc.documentNamespace);
    if (namespace !== undefined) top.serialNumber = namespace;
    builder.setTopLevel(top);
    const sbom = builder.finish(version);
    // 2.3 clause 7.28: the end of the supplier's support period for the package (absent from 2.2).
    const validUntil = root === undefined ? undefined : text(root.node.validUntilDate);
    if (validUntil !== undefined)
      sbom.metadata.endOfSupport = { value: validUntil, field: `${this.reader.rootPointer}/validUntilDate` };
    return sbom;
  }
}

function metadataNode(doc: JsonObject, root: JsonObject | undefined): JsonObject {
  const info = (
    typeof doc.creationInfo === "object" && doc.creationInfo !== null ? doc.creationInfo : {}
  ) as JsonObject;
  const authors: JsonObject[] = [];
  const tools: JsonObject[] = [];
  if (Array.isArray(info.creators)) {
    for (const creator of info.creators) {
      if (typeof creator !== "string") continue;
      const actor = parseActor(creator);
      if (!actor || actor.name === "") continue;
      if (actor.kind === "Tool") {
        const tool = parseTool(actor.name);
        tools.push(tool.version === undefined ? { name: tool.name } : { name: tool.name, version: tool.version });
      } else {
        authors.push(actor.email === undefined ? { name: actor.name } : { name: actor.name, email: actor.email });
      }
    }
  }
  const metadata: JsonObject = { authors, tools };
  const created = text(info.created);
  if (created !== undefined) metadata.timestamp = created;
  const dataLicense = text(doc.dataLicense);
  if (dataLicense !== undefined) metadata.licenses = [{ license: { id: dataLicense } }];
  if (root !== undefined) metadata.component = root;
  return metadata;
}

/**
 * Dependency entries by element, in the order the elements first appear; edges between packages and files only.
 * Targets are kept in arrays and made unique once at the end, only where an element has several: a `Set` per
 * element was most of the graph's memory and time at 50k packages, where nearly every element has one target.
 */
function dependencyGraph(
  relationshipEdges: readonly unknown[],
  hasFilesEdges: readonly unknown[],
  elements: { has(id: string): boolean },
): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const edges of [relationshipEdges, hasFilesEdges]) {
    for (let i = 0; i < edges.length; i += 2) {
      const from = edges[i];
      const to = edges[i + 1];
      // `X DEPENDS_ON NONE` (or CONTAINS NONE …): X has none (2.3 clause 11.1), CycloneDX's empty dependsOn. Only
      // a forward edge can end in NONE; an inverse one would start there and says nothing about X's dependencies.
      if (to === "NONE" && typeof from === "string" && elements.has(from)) {
        if (!graph.has(from)) graph.set(from, []);
        continue;
      }
      if (typeof from !== "string" || typeof to !== "string" || !elements.has(from) || !elements.has(to)) continue;
      const targets = graph.get(from);
      if (targets === undefined) graph.set(from, [to]);
      else targets.push(to);
    }
  }
  for (const [from, targets] of graph) if (targets.length > 1) graph.set(from, unique(targets));
  return graph;
}

function unique(values: string[]): string[] {
  const seen = new Set(values);
  return seen.size === values.length ? values : [...seen];
}
