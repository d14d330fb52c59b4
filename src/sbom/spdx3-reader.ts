/**
 * SPDX 3.0.1 JSON-LD: validation (the official JSON schema, unique `spdxId`s, relationships that name elements
 * of the document or of a declared import) and a `BomReader` for the one normalizer (normalize.ts), like
 * spdx-reader.ts for SPDX 2.
 *
 * Mapping (SPDX 3.0.1 model names): `software_Package` and `software_File` elements are components; the one
 * package or file an `software_Sbom` (or the `SpdxDocument`) names as `rootElement`, or that a `describes`
 * relationship targets, is the root; `software_packageVersion` the version; `suppliedBy` the supplier and the
 * first of `originatedBy` the manufacturer (the agents' names, and an e-mail external identifier); `verifiedUsing`
 * hashes; `software_packageUrl` or a `packageUrl`/`cpe23`/`cpe22` external identifier the purl and CPE;
 * `hasDeclaredLicense`/`hasConcludedLicense` relationships to licence expressions the licences; `dependsOn`,
 * `contains` and the link and dependency kinds the graph, whose `completeness` says how complete each entry
 * is (as CycloneDX compositions); the document's creation info the timestamp, authors (`createdBy` persons and
 * organisations) and tools (`createdUsing`). SPDX 3 has no serial number apart from the document's `spdxId`,
 * which is used as the SBOM's URI. The root's `validUntilTime` is the product's end of support. `NOASSERTION`/`NONE`
 * licences read as absent.
 */
import type { InputIssue } from "../domain/input-issue.js";
import { capIssues, MAX_REPORTED_ISSUES } from "../domain/input-issue.js";
import { jsonPointer } from "../json/pointer.js";
import { asBoolean, asFiniteNumber, asJsonObject, asString, isJsonObject, type JsonObject } from "../json/value.js";
import type { BomReader, ModelShapedLists } from "./bom-reader.js";
import { objectList as objects } from "./json-reader.js";
import type { Hash, NormalizedSbom } from "./model.js";
import { BomBuilder } from "./normalize.js";
import { EMPTY } from "./normalize-common.js";
import { asserted } from "./spdx-reader.js";
import { spdxSchemaValidator } from "./spdx-schemas.js";
import type { SpdxValidation } from "./spdx-validate.js";
import { explainSchemaErrors } from "./validate-json.js";

export const SPDX_301_CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld";

const COMPONENT_TYPES = new Set(["software_Package", "software_File"]);

/** `verifiedUsing` algorithm names (3.0.1 HashAlgorithm) in CycloneDX spelling where CycloneDX has them. */
const HASH_ALGORITHM: Readonly<Record<string, string>> = {
  md5: "MD5",
  sha1: "SHA-1",
  sha224: "SHA-224",
  sha256: "SHA-256",
  sha384: "SHA-384",
  sha512: "SHA-512",
  sha3_256: "SHA3-256",
  sha3_384: "SHA3-384",
  sha3_512: "SHA3-512",
  blake2b256: "BLAKE2b-256",
  blake2b384: "BLAKE2b-384",
  blake2b512: "BLAKE2b-512",
  blake3: "BLAKE3",
};

/** `software_primaryPurpose` (3.0.1 SoftwarePurpose) as a CycloneDX component type, where CycloneDX has one. */
const PURPOSE_TYPE: Readonly<Record<string, string>> = {
  application: "application",
  framework: "framework",
  library: "library",
  container: "container",
  operatingSystem: "operating-system",
  device: "device",
  firmware: "firmware",
  file: "file",
};

/** Relationship types that make a dependency edge from `from` to each of `to` (SPDX 3 has no inverse forms). */
const DEPENDENCY_TYPES = new Set([
  "dependsOn",
  "contains",
  "hasStaticLink",
  "hasDynamicLink",
  "hasOptionalDependency",
  "hasProvidedDependency",
]);

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function stringList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** The elements of a document: its `@graph`, or the document itself when it is one element. */
function graphOf(doc: JsonObject): { elements: readonly JsonObject[]; base: string } {
  if (Array.isArray(doc["@graph"])) return { elements: objects(doc["@graph"]), base: "/@graph" };
  return { elements: [doc], base: "" };
}

export function validateSpdx3(doc: JsonObject): SpdxValidation {
  const context = doc["@context"];
  if (context !== SPDX_301_CONTEXT) {
    return {
      ok: false,
      format: "json",
      ...(typeof context === "string" ? { version: context } : {}),
      issues: [
        {
          path: "/@context",
          constraint: "spec-version",
          message: `"@context" is ${JSON.stringify(context)?.slice(0, 120)}; cra-assessor reads SPDX 3 documents whose "@context" is "${SPDX_301_CONTEXT}" (SPDX 3.0.1), and SPDX 2.2 and 2.3`,
        },
      ],
    };
  }
  const validate = spdxSchemaValidator("3.0.1");
  if (!validate(doc)) {
    const explained = explainSchemaErrors(validate.errors ?? [], "3.0.1", MAX_REPORTED_ISSUES, "SPDX");
    return {
      ok: false,
      format: "json",
      version: "3.0.1",
      issues: explained.issues,
      unlisted: explained.more,
      unvalidated: { document: doc, version: "3.0.1" },
    };
  }
  const references = checkSpdx3References(doc);
  if (references.length > 0) {
    const { issues, omitted } = capIssues(references);
    return {
      ok: false,
      format: "json",
      version: "3.0.1",
      issues,
      unlisted: omitted,
      unvalidated: { document: doc, version: "3.0.1" },
    };
  }
  const index = indexSpdx3(doc);
  const componentCount = index.components.length - (index.rootId === undefined ? 0 : 1);
  return { ok: true, version: "3.0.1", format: "json", document: doc, componentCount, warnings: [] };
}

function checkSpdx3References(doc: JsonObject): InputIssue[] {
  const { elements, base } = graphOf(doc);
  const issues: InputIssue[] = [];
  // Each spdxId with the index of its first element; pointers are written only for the issues.
  const ids = new Map<string, number>();
  const imported = new Set<string>();
  const pointerOf = (i: number) => (base === "" ? "/spdxId" : `${base}/${i}/spdxId`);
  elements.forEach((element, i) => {
    const id = element.spdxId;
    if (typeof id === "string") {
      const first = ids.get(id);
      if (first !== undefined) {
        issues.push({
          path: pointerOf(i),
          constraint: "duplicate-spdxid",
          message: `spdxId ${JSON.stringify(id).slice(0, 120)} is already used at ${pointerOf(first)}; every element needs its own spdxId`,
        });
      } else ids.set(id, i);
    }
    // Elements defined elsewhere are declared by the document's `import` (ExternalMap, 3.0.1 Core).
    for (const map of objects(element.import))
      if (typeof map.externalSpdxId === "string") imported.add(map.externalSpdxId);
  });
  elements.forEach((element, i) => {
    if (element.type !== "Relationship" && !String(element.type).endsWith("Relationship")) return;
    const at = () => (base === "" ? "" : `${base}/${i}`);
    const unknown = (id: string, pointer: string) => {
      issues.push({
        path: pointer,
        constraint: "unknown-spdxid",
        message: `${JSON.stringify(id).slice(0, 120)} is no element of this document, nor declared in its "import"; fix the spdxId or add the element`,
      });
    };
    const known = (id: string) => ids.has(id) || imported.has(id);
    if (typeof element.from === "string" && !known(element.from)) unknown(element.from, `${at()}/from`);
    const to = element.to;
    if (Array.isArray(to))
      to.forEach((id, k) => {
        if (typeof id === "string" && !known(id)) unknown(id, jsonPointer(["to", k], at()));
      });
  });
  return issues;
}

interface Spdx3Index {
  byId: Map<string, { element: JsonObject; index: number }>;
  /** Packages and files, in document order, with their index in the graph. */
  components: { element: JsonObject; index: number }[];
  rootId?: string;
  base: string;
}

function indexSpdx3(doc: JsonObject): Spdx3Index {
  const { elements, base } = graphOf(doc);
  const byId = new Map<string, { element: JsonObject; index: number }>();
  const components: { element: JsonObject; index: number }[] = [];
  elements.forEach((element, index) => {
    if (typeof element.spdxId === "string") byId.set(element.spdxId, { element, index });
    if (typeof element.type === "string" && COMPONENT_TYPES.has(element.type)) components.push({ element, index });
  });
  // The product: the one package or file named as root by an Sbom (or the document), or described.
  const candidates = new Set<string>();
  const isComponent = (id: string) => {
    const type = byId.get(id)?.element.type;
    return typeof type === "string" && COMPONENT_TYPES.has(type);
  };
  for (const element of elements) {
    if (element.type === "software_Sbom" || element.type === "SpdxDocument")
      for (const id of stringList(element.rootElement)) if (isComponent(id)) candidates.add(id);
    if (element.type === "Relationship" && element.relationshipType === "describes")
      for (const id of stringList(element.to)) if (isComponent(id)) candidates.add(id);
  }
  const index: Spdx3Index = { byId, components, base };
  if (candidates.size === 1) index.rootId = [...candidates][0] as string;
  return index;
}

function isComponentElement(node: JsonObject): boolean {
  return typeof node.spdxId === "string" && typeof node.type === "string" && COMPONENT_TYPES.has(node.type);
}

class Spdx3Reader implements BomReader<JsonObject> {
  readonly standard = "SPDX";
  readonly format = "json";
  readonly rootLocation = "";
  readonly licenses = new Map<string, { declared?: string; concluded?: string }>();
  private readonly agents = new Map<string, JsonObject | undefined>();

  constructor(
    private readonly index: Spdx3Index,
    private readonly rootPointer: string,
  ) {}

  string(node: JsonObject, field: string): string | undefined {
    if (!isComponentElement(node)) return text(node[field]);
    switch (field) {
      case "bom-ref":
        return text(node.spdxId);
      case "name":
        return text(node.name);
      case "version":
        return text(node.software_packageVersion);
      case "type": {
        const purpose = text(node.software_primaryPurpose);
        if (purpose !== undefined && PURPOSE_TYPE[purpose] !== undefined) return PURPOSE_TYPE[purpose];
        return node.type === "software_File" ? "file" : undefined;
      }
      case "description":
        return text(node.description) ?? text(node.summary);
      case "copyright":
        return asserted(node.software_copyrightText);
      case "purl":
        return text(node.software_packageUrl) ?? this.identifier(node, "packageUrl");
      case "cpe":
        return this.identifier(node, "cpe23") ?? this.identifier(node, "cpe22");
      default:
        return undefined;
    }
  }

  verbatim(node: JsonObject, field: string): string | undefined {
    return isComponentElement(node) ? undefined : asString(node[field]);
  }

  number(node: JsonObject, field: string): number | undefined {
    return isComponentElement(node) ? undefined : asFiniteNumber(node[field]);
  }

  boolean(node: JsonObject, field: string): boolean | undefined {
    return isComponentElement(node) ? undefined : asBoolean(node[field]);
  }

  child(node: JsonObject, field: string): JsonObject | undefined {
    if (!isComponentElement(node)) return asJsonObject(node[field]);
    if (field === "supplier") return this.agent(text(node.suppliedBy));
    if (field === "manufacturer") return this.agent(stringList(node.originatedBy)[0]);
    return undefined;
  }

  list(node: JsonObject, field: string): readonly JsonObject[] {
    if (!isComponentElement(node)) return objects(node[field]);
    if (field === "licenses") {
      const found = this.licenses.get(node.spdxId as string);
      if (!found) return EMPTY;
      const out: JsonObject[] = [];
      if (found.declared !== undefined) out.push({ expression: found.declared, acknowledgement: "declared" });
      if (found.concluded !== undefined) out.push({ expression: found.concluded, acknowledgement: "concluded" });
      return out;
    }
    if (field === "externalReferences") {
      const out: JsonObject[] = [];
      const download = asserted(node.software_downloadLocation);
      if (download !== undefined)
        out.push({ type: /^(git|hg|svn|bzr)\+/.test(download) ? "vcs" : "distribution", url: download });
      const homepage = asserted(node.software_homePage);
      if (homepage !== undefined) out.push({ type: "website", url: homepage });
      return out;
    }
    return EMPTY;
  }

  strings(node: JsonObject, field: string): string[] {
    if (isComponentElement(node)) return EMPTY;
    return stringList(node[field]).filter((item) => item !== "");
  }

  integers(): number[] {
    return EMPTY;
  }

  entryLocation(parent: string, field: string, index: number): string {
    // Components are handed over with their index in the graph.
    if (parent === "" && field === "components") return this.index.base === "" ? "" : `${this.index.base}/${index}`;
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
    if (!isComponentElement(node)) return undefined;
    if (field !== "hashes") return EMPTY;
    const out: Hash[] = [];
    for (const hash of objects(node.verifiedUsing)) {
      const algorithm = text(hash.algorithm);
      const value = text(hash.hashValue);
      if (hash.type === "Hash" && algorithm !== undefined && value !== undefined)
        out.push({ alg: HASH_ALGORITHM[algorithm] ?? algorithm, content: value });
    }
    return (out.length === 0 ? EMPTY : out) as ModelShapedLists[K][];
  }

  private identifier(node: JsonObject, type: string): string | undefined {
    for (const id of objects(node.externalIdentifier))
      if (id.externalIdentifierType === type && text(id.identifier) !== undefined) return id.identifier as string;
    return undefined;
  }

  /** An agent (person, organisation, software agent) as an entity: its name, and its e-mail identifier. */
  agent(id: string | undefined): JsonObject | undefined {
    if (id === undefined) return undefined;
    if (this.agents.has(id)) return this.agents.get(id);
    const element = this.index.byId.get(id)?.element;
    let entity: JsonObject | undefined;
    const name = element === undefined ? undefined : text(element.name);
    if (element !== undefined && name !== undefined) {
      entity = { name };
      const email = this.identifier(element, "email");
      if (email !== undefined) entity.contact = [{ email }];
    }
    this.agents.set(id, entity);
    return entity;
  }
}

/** The model of a valid SPDX 3.0.1 document (validateSpdx3). Never throws on document content. */
export function normalizeSpdx3(doc: JsonObject): NormalizedSbom {
  const index = indexSpdx3(doc);
  const { elements } = graphOf(doc);
  const root = index.rootId === undefined ? undefined : index.byId.get(index.rootId);
  const rootPointer = root === undefined ? "" : index.base === "" ? "" : `${index.base}/${root.index}`;
  const reader = new Spdx3Reader(index, rootPointer);

  // Licences and the dependency graph come from relationships.
  const graph = new Map<string, Set<string>>();
  const compositions: JsonObject[] = [];
  for (const element of elements) {
    if (element.type !== "Relationship") continue;
    const from = text(element.from);
    const type = element.relationshipType;
    if (from === undefined) continue;
    if (type === "hasDeclaredLicense" || type === "hasConcludedLicense") {
      const expression = licenceOf(index, stringList(element.to)[0]);
      if (expression === undefined) continue;
      const entry = reader.licenses.get(from) ?? {};
      if (type === "hasDeclaredLicense") entry.declared = expression;
      else entry.concluded = expression;
      reader.licenses.set(from, entry);
      continue;
    }
    if (typeof type !== "string" || !DEPENDENCY_TYPES.has(type) || !isComponentId(index, from)) continue;
    let targets = graph.get(from);
    if (!targets) {
      targets = new Set();
      graph.set(from, targets);
    }
    for (const to of stringList(element.to)) if (isComponentId(index, to)) targets.add(to);
    // 3.0.1 RelationshipCompleteness: whether `to` lists everything of this kind, as CycloneDX compositions do.
    if (element.completeness === "complete" || element.completeness === "incomplete")
      compositions.push({ aggregate: element.completeness, dependencies: [from] });
  }

  const builder = new BomBuilder(reader, "3.0.1");
  builder.setMetadata(metadataNode(reader, index, elements, root?.element));
  for (const { element, index: at } of index.components)
    if (element !== root?.element) builder.addComponent(element, at);
  for (const [ref, dependsOn] of graph) builder.addDependency({ ref, dependsOn: [...dependsOn] });
  const top: JsonObject = { compositions };
  const documentElement = elements.find((element) => element.type === "SpdxDocument");
  const documentId = documentElement === undefined ? undefined : text(documentElement.spdxId);
  if (documentId !== undefined) top.serialNumber = documentId;
  builder.setTopLevel(top);
  const sbom = builder.finish();
  // 3.0.1 Core, Artifact: `validUntilTime`, until when the product may be used before it must be reassessed; read
  // as its end of support (the field a reviewer is shown says which one it was).
  const validUntil = root === undefined ? undefined : text(root.element.validUntilTime);
  if (validUntil !== undefined)
    sbom.metadata.endOfSupport = { value: validUntil, field: `${rootPointer}/validUntilTime` };
  return sbom;
}

function isComponentId(index: Spdx3Index, id: string): boolean {
  const type = index.byId.get(id)?.element.type;
  return typeof type === "string" && COMPONENT_TYPES.has(type);
}

/** A licence element as an SPDX expression: a LicenseExpression's text, or a listed licence's id. */
function licenceOf(index: Spdx3Index, id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const element = index.byId.get(id)?.element;
  if (element === undefined) {
    // A listed licence may be named by its spdx.org IRI without an element in the document.
    const listed = /^https:\/\/spdx\.org\/licenses\/([A-Za-z0-9.+-]+)$/.exec(id);
    return listed?.[1];
  }
  if (element.type === "simplelicensing_LicenseExpression") return asserted(element.simplelicensing_licenseExpression);
  const listed = /^https:\/\/spdx\.org\/licenses\/([A-Za-z0-9.+-]+)$/.exec(id);
  return listed?.[1];
}

function metadataNode(
  reader: Spdx3Reader,
  index: Spdx3Index,
  elements: readonly JsonObject[],
  root: JsonObject | undefined,
): JsonObject {
  const documentElement = elements.find((element) => element.type === "SpdxDocument");
  const reference = documentElement?.creationInfo;
  let info: JsonObject | undefined;
  if (isJsonObject(reference)) info = reference;
  else if (typeof reference === "string")
    info = elements.find((element) => element.type === "CreationInfo" && element["@id"] === reference);
  info ??= elements.find((element) => element.type === "CreationInfo");
  const authors: JsonObject[] = [];
  const tools: JsonObject[] = [];
  if (info !== undefined) {
    for (const id of stringList(info.createdBy)) {
      const type = index.byId.get(id)?.element.type;
      if (type !== "Person" && type !== "Organization") continue;
      const entity = reader.agent(id);
      if (entity === undefined) continue;
      const contact = Array.isArray(entity.contact) ? (entity.contact[0] as JsonObject | undefined) : undefined;
      authors.push(contact?.email === undefined ? { name: entity.name } : { name: entity.name, email: contact.email });
    }
    for (const id of stringList(info.createdUsing)) {
      const tool = index.byId.get(id)?.element;
      const name = tool === undefined ? undefined : text(tool.name);
      if (name !== undefined) tools.push({ name });
    }
  }
  const metadata: JsonObject = { authors, tools };
  const created = info === undefined ? undefined : text(info.created);
  if (created !== undefined) metadata.timestamp = created;
  if (root !== undefined) metadata.component = root;
  return metadata;
}
