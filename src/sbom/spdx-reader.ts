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
 * `NOASSERTION` and `NONE` read as absent. What SPDX 2 has no field for (group, scope, publisher, services,
 * vulnerabilities, lifecycle phases, completeness statements) stays absent.
 */
import type { JsonObject } from "../json/value.js";
import type { BomReader, ModelShapedLists } from "./bom-reader.js";
import type { Hash, NormalizedSbom, Property, SbomFormat, SpdxVersion } from "./model.js";
import { BomBuilder } from "./normalize.js";
import { EMPTY } from "./normalize-common.js";

/** SPDX's checksum algorithm names in CycloneDX spelling where CycloneDX has the algorithm. */
const HASH_ALGORITHM: Readonly<Record<string, string>> = {
  SHA1: "SHA-1",
  SHA224: "SHA-224",
  SHA256: "SHA-256",
  SHA384: "SHA-384",
  SHA512: "SHA-512",
};

/** `primaryPackagePurpose` (2.3 clause 7.24) as a CycloneDX component type, where CycloneDX has one. */
const PURPOSE_TYPE: Readonly<Record<string, string>> = {
  APPLICATION: "application",
  FRAMEWORK: "framework",
  LIBRARY: "library",
  CONTAINER: "container",
  "OPERATING-SYSTEM": "operating-system",
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

function objects(value: unknown): readonly JsonObject[] {
  if (!Array.isArray(value) || value.length === 0) return EMPTY;
  for (const item of value) {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      return value.filter((entry) => typeof entry === "object" && entry !== null && !Array.isArray(entry));
    }
  }
  return value as JsonObject[];
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

class Spdx2Reader implements BomReader<JsonObject> {
  readonly standard = "SPDX";
  readonly rootLocation = "";
  private readonly licenseNodes = [new Map<string, JsonObject>(), new Map<string, JsonObject>()];
  private readonly entities = new Map<string, JsonObject | undefined>();

  constructor(
    readonly format: SbomFormat,
    private readonly packageCount: number,
    private readonly rootPointer: string,
  ) {}

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
    if (isElement(node)) return undefined;
    const value = node[field];
    return typeof value === "string" ? value : undefined;
  }

  number(node: JsonObject, field: string): number | undefined {
    if (isElement(node)) return undefined;
    const value = node[field];
    return typeof value === "number" && Number.isFinite(value) ? value : undefined;
  }

  boolean(node: JsonObject, field: string): boolean | undefined {
    if (isElement(node)) return undefined;
    const value = node[field];
    return typeof value === "boolean" ? value : undefined;
  }

  child(node: JsonObject, field: string): JsonObject | undefined {
    if (!isElement(node)) {
      const value = node[field];
      return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
    }
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
    // Components are handed over with their index in `packages`, then files after them (see normalizeSpdx2).
    if (parent === "" && field === "components")
      return index < this.packageCount ? `/packages/${index}` : `/files/${index - this.packageCount}`;
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
    if (declared === undefined && concluded === undefined) return EMPTY;
    const out: JsonObject[] = [];
    if (declared !== undefined) out.push(this.licenseNode(0, declared));
    if (concluded !== undefined) out.push(this.licenseNode(1, concluded));
    return out;
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
    if (download === undefined && homepage === undefined) return EMPTY;
    const out: JsonObject[] = [];
    // 2.3 clause 7.7: a VCS location is written `<vcs>+<transport>://…` (git+https://…).
    if (download !== undefined)
      out.push({ type: /^(git|hg|svn|bzr)\+/.test(download) ? "vcs" : "distribution", url: download });
    if (homepage !== undefined) out.push({ type: "website", url: homepage });
    return out;
  }
}

function hashes(node: JsonObject): Hash[] {
  const list = objects(node.checksums);
  if (list.length === 0) return EMPTY;
  const out: Hash[] = [];
  for (const checksum of list) {
    const algorithm = text(checksum.algorithm);
    const content = text(checksum.checksumValue);
    if (algorithm !== undefined && content !== undefined)
      out.push({ alg: HASH_ALGORITHM[algorithm] ?? algorithm, content });
  }
  return out.length === 0 ? EMPTY : out;
}

function properties(node: JsonObject): Property[] {
  const filename = text(node.packageFileName);
  return filename === undefined ? EMPTY : [{ name: BSI_FILENAME_PROPERTY, value: filename }];
}

/** The elements a document says it describes: `documentDescribes` and DESCRIBES / DESCRIBED_BY relationships. */
function describedIds(doc: JsonObject): string[] {
  const documentId = doc.SPDXID;
  const out: string[] = [];
  const documentDescribes = doc.documentDescribes;
  if (Array.isArray(documentDescribes)) for (const id of documentDescribes) if (typeof id === "string") out.push(id);
  for (const relationship of objects(doc.relationships)) {
    const type = relationship.relationshipType;
    if (type === "DESCRIBES" && relationship.spdxElementId === documentId) {
      if (typeof relationship.relatedSpdxElement === "string") out.push(relationship.relatedSpdxElement);
    } else if (type === "DESCRIBED_BY" && relationship.relatedSpdxElement === documentId) {
      if (typeof relationship.spdxElementId === "string") out.push(relationship.spdxElementId);
    }
  }
  return [...new Set(out)];
}

/**
 * The root is the one package or file the document describes; with several (or none) the product is not
 * named, and none of them is picked in its place.
 */
function rootElementId(doc: JsonObject, elements: { has(id: string): boolean }): string | undefined {
  const described = describedIds(doc).filter((id) => elements.has(id));
  return described.length === 1 ? described[0] : undefined;
}

/** How many components the model of a valid SPDX 2.x document has: packages and files, less the root. */
export function spdx2ComponentCount(doc: JsonObject): number {
  const ids = new Set<string>();
  for (const list of [objects(doc.packages), objects(doc.files)])
    for (const item of list) if (typeof item.SPDXID === "string") ids.add(item.SPDXID);
  return objects(doc.packages).length + objects(doc.files).length - (rootElementId(doc, ids) === undefined ? 0 : 1);
}

/**
 * The model of a schema-valid SPDX 2.x document in the JSON shape, whose references were checked
 * (spdx-validate.ts). Never throws on document content.
 */
export function normalizeSpdx2(doc: JsonObject, format: SbomFormat, version: SpdxVersion): NormalizedSbom {
  const packages = objects(doc.packages);
  const files = objects(doc.files);
  const elements = new Map<string, JsonObject>();
  for (const item of packages) if (typeof item.SPDXID === "string") elements.set(item.SPDXID, item);
  for (const item of files)
    if (typeof item.SPDXID === "string" && !elements.has(item.SPDXID)) elements.set(item.SPDXID, item);

  const rootId = rootElementId(doc, elements);
  const rootNode = rootId === undefined ? undefined : elements.get(rootId);
  let rootPointer = "";
  if (rootNode !== undefined) {
    const inPackages = packages.indexOf(rootNode);
    rootPointer = inPackages >= 0 ? `/packages/${inPackages}` : `/files/${files.indexOf(rootNode)}`;
  }

  const reader = new Spdx2Reader(format, packages.length, rootPointer);
  const builder = new BomBuilder(reader, version);
  builder.setMetadata(metadataNode(doc, rootNode));
  for (let i = 0; i < packages.length; i++) {
    const item = packages[i] as JsonObject;
    if (item !== rootNode) builder.addComponent(item, i);
  }
  for (let i = 0; i < files.length; i++) {
    const item = files[i] as JsonObject;
    if (item !== rootNode) builder.addComponent(item, packages.length + i);
  }
  for (const [ref, dependsOn] of dependencyGraph(doc, packages, elements))
    builder.addDependency({ ref, dependsOn: [...dependsOn] });
  const top: JsonObject = {};
  const namespace = text(doc.documentNamespace);
  if (namespace !== undefined) top.serialNumber = namespace;
  builder.setTopLevel(top);
  return builder.finish();
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

/** Dependency entries by element, in the order the elements first appear; edges between packages and files only. */
function dependencyGraph(
  doc: JsonObject,
  packages: readonly JsonObject[],
  elements: ReadonlyMap<string, JsonObject>,
): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const edge = (from: unknown, to: unknown) => {
    if (typeof from !== "string" || typeof to !== "string" || !elements.has(from) || !elements.has(to)) return;
    let targets = graph.get(from);
    if (!targets) {
      targets = new Set();
      graph.set(from, targets);
    }
    targets.add(to);
  };
  for (const relationship of objects(doc.relationships)) {
    const direction = DEPENDENCY_DIRECTION[String(relationship.relationshipType)];
    if (direction === "forward") edge(relationship.spdxElementId, relationship.relatedSpdxElement);
    else if (direction === "inverse") edge(relationship.relatedSpdxElement, relationship.spdxElementId);
  }
  // `hasFiles` (2.3 clause 7.23, deprecated for CONTAINS) says the same as CONTAINS.
  for (const item of packages) {
    if (!Array.isArray(item.hasFiles)) continue;
    for (const file of item.hasFiles) edge(item.SPDXID, file);
  }
  return graph;
}
