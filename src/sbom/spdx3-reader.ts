/**
 * SPDX 3.0.0 and 3.0.1 JSON-LD: validation (a document holding an SpdxDocument or an Sbom, the official JSON
 * schema of the version its `@context` names, unique `spdxId`s, relationships and root elements that name elements of the
 * document or of a declared import) and a `BomReader` for the one normalizer (normalize.ts), like spdx-reader.ts
 * for SPDX 2. Both versions read into the same model: the properties it reads are spelled alike in both.
 *
 * Mapping (SPDX 3.0 model names): `software_Package` and `software_File` elements are components; the one
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
import type { Hash, NormalizedSbom, SpdxVersion } from "./model.js";
import { BomBuilder } from "./normalize.js";
import { EMPTY } from "./normalize-common.js";
import { asserted } from "./spdx-reader.js";
import { spdx3ClassValidator, spdxSchemaValidator } from "./spdx-schemas.js";
import type { SpdxValidation } from "./spdx-validate.js";
import { explainSchemaErrors } from "./validate-json.js";

/** The JSON-LD context of each SPDX 3 version read; the context is how a JSON-LD document says its version. */
export const SPDX3_CONTEXTS: Readonly<Record<Spdx3Version, string>> = {
  "3.0.0": "https://spdx.org/rdf/3.0.0/spdx-context.jsonld",
  "3.0.1": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
};

export type Spdx3Version = Extract<SpdxVersion, `3.${string}`>;

/**
 * The SpdxDocument's list of elements defined elsewhere (ExternalMap): `imports` in 3.0.0, renamed `import` in
 * 3.0.1. It is the one property difference between the versions that the model depends on (the others, such as
 * a build's parameters or a file's content type, are not read).
 */
const IMPORT_PROPERTY: Readonly<Record<Spdx3Version, string>> = { "3.0.0": "imports", "3.0.1": "import" };

/** Properties 3.0.1 renamed, as each version spells the other's name: a document mixing them is told the fix. */
const RENAMED: Readonly<Record<Spdx3Version, Readonly<Record<string, string>>>> = {
  "3.0.0": { import: "imports", build_parameter: "build_parameters", contentType: "software_contentType" },
  "3.0.1": { imports: "import", build_parameters: "build_parameter", software_contentType: "contentType" },
};

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
/**
 * The named individuals SPDX 3 defines in place of an element (Core: `NoneElement`, `NoAssertionElement`,
 * `SpdxOrganization`; ExpandedLicensing: `NoneLicense`, `NoAssertionLicense`), in the compact JSON-LD form the
 * schema allows where an element is named: no graph item carries them, and naming them is no dangling reference.
 */
const INDIVIDUALS: ReadonlySet<string> = new Set([
  "NoneElement",
  "NoAssertionElement",
  "SpdxOrganization",
  "expandedlicensing_NoneLicense",
  "expandedlicensing_NoAssertionLicense",
]);

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

function versionOfContext(context: unknown): Spdx3Version | undefined {
  for (const version of Object.keys(SPDX3_CONTEXTS) as Spdx3Version[])
    if (context === SPDX3_CONTEXTS[version]) return version;
  return undefined;
}

const READS_SPDX3 = `cra-assessor reads SPDX 3 documents whose "@context" is "${SPDX3_CONTEXTS["3.0.0"]}" (SPDX 3.0.0) or "${SPDX3_CONTEXTS["3.0.1"]}" (SPDX 3.0.1), and SPDX 2.2 and 2.3`;

function contextIssue(context: unknown): InputIssue {
  const listed = Array.isArray(context) ? context.find((item) => versionOfContext(item) !== undefined) : undefined;
  if (listed !== undefined) {
    // JSON-LD allows a list of contexts (the SPDX one plus a prefix map); the SPDX JSON schema does not: its
    // `@context` is one constant string, and IRIs are written out in full.
    return {
      path: "/@context",
      constraint: "const",
      message: `"@context" is a list (${JSON.stringify(listed)} and more); the SPDX 3 JSON schema requires the single string ${JSON.stringify(listed)}: write prefixed IDs out as full IRIs and drop the extra context`,
    };
  }
  return {
    path: "/@context",
    constraint: "spec-version",
    message: `"@context" is ${JSON.stringify(context)?.slice(0, 120)}; ${READS_SPDX3}`,
  };
}

/** The element collections that say what a serialization describes: its root element, creation info, imports. */
const COLLECTION_TYPES = new Set(["SpdxDocument", "software_Sbom"]);

/**
 * What the schema cannot say about the document's shape. The schema accepts one bare element (a Person, a
 * Package) as a whole document, and a graph of loose elements; the specification (3.0 Core, SpdxDocument) only
 * forbids more than one SpdxDocument per serialization, so that alone is an error. Data with neither an
 * SpdxDocument nor a software_Sbom is well-formed SPDX that names no product: it is read, with a warning, and
 * what it leaves out (the primary component, perhaps every component) is left to the checks to report as gaps,
 * as an SBOM that omits what the law asks for is still input to assess.
 */
function documentShape(doc: JsonObject): { errors: InputIssue[]; warnings: InputIssue[] } {
  if (!Array.isArray(doc["@graph"])) {
    if (doc["@graph"] !== undefined || (typeof doc.type === "string" && COLLECTION_TYPES.has(doc.type)))
      return { errors: [], warnings: [] };
    const type = typeof doc.type === "string" ? doc.type : undefined;
    return {
      errors: [],
      warnings: [
        {
          path: "/type",
          constraint: "spdx-document",
          message: `this is a single SPDX 3 element${type === undefined ? "" : ` (type ${JSON.stringify(type).slice(0, 60)})`}, not an SBOM document: nothing names the product. It is read as it is; an SPDX 3 SBOM is usually a "@graph" holding an SpdxDocument (or a software_Sbom) whose rootElement is the product, beside the packages, files and relationships`,
        },
      ],
    };
  }
  const documents: number[] = [];
  let collections = 0;
  doc["@graph"].forEach((element, i) => {
    if (!isJsonObject(element) || typeof element.type !== "string" || !COLLECTION_TYPES.has(element.type)) return;
    collections++;
    if (element.type === "SpdxDocument") documents.push(i);
  });
  const errors = documents.slice(1).map((i) => ({
    path: `/@graph/${i}/type`,
    constraint: "spdx-document",
    message: `a second SpdxDocument (the first is /@graph/${documents[0]}); an SPDX 3 serialization holds at most one`,
  }));
  const warnings =
    collections > 0
      ? []
      : [
          {
            path: "/@graph",
            constraint: "spdx-document",
            message:
              'the "@graph" has neither an SpdxDocument nor a software_Sbom element, so nothing names the product these elements describe (unless a "describes" relationship does). It is read as it is; an SPDX 3 SBOM usually has an SpdxDocument whose rootElement is the product',
          },
        ];
  return { errors, warnings };
}

export function validateSpdx3(doc: JsonObject): SpdxValidation {
  const context = doc["@context"];
  const version = versionOfContext(context);
  if (version === undefined) {
    return {
      ok: false,
      format: "json",
      ...(typeof context === "string" ? { version: context } : {}),
      issues: [contextIssue(context)],
    };
  }
  const shape = documentShape(doc);
  if (shape.errors.length > 0) return { ok: false, format: "json", version, ...capped(shape.errors) };
  const validate = spdxSchemaValidator(version);
  if (!validate(doc)) {
    const explained =
      explainByElement(doc, version) ??
      explainSchemaErrors(validate.errors ?? [], version, MAX_REPORTED_ISSUES, "SPDX");
    return {
      ok: false,
      format: "json",
      version,
      issues: explained.issues,
      unlisted: explained.more,
      unvalidated: { document: doc, version },
    };
  }
  const references = checkSpdx3References(doc, version);
  if (references.length > 0)
    return { ok: false, format: "json", version, ...capped(references), unvalidated: { document: doc, version } };
  const index = indexSpdx3(doc);
  const componentCount = index.components.length - (index.rootId === undefined ? 0 : 1);
  return { ok: true, version, format: "json", document: doc, componentCount, warnings: shape.warnings };
}

/**
 * The schema errors of a document that failed its schema, item by item: each graph item (or the one top-level
 * element) against the class its `type` names, so a bad property is reported where it is. Undefined when that
 * finds nothing, for the whole-document errors to be worded instead.
 */
function explainByElement(doc: JsonObject, version: Spdx3Version): { issues: InputIssue[]; more: number } | undefined {
  const issues: InputIssue[] = [];
  let more = 0;
  const add = (found: InputIssue[], extra = 0) => {
    for (const issue of found) {
      if (issues.length < MAX_REPORTED_ISSUES) issues.push(issue);
      else more++;
    }
    more += extra;
  };
  const graph = doc["@graph"];
  // A "@graph" that is no list is the whole document's error, which its schema words well enough.
  if (graph !== undefined && !Array.isArray(graph)) return undefined;
  const items: { element: unknown; base: string }[] = [];
  if (Array.isArray(graph)) {
    for (const key of Object.keys(doc))
      if (key !== "@context" && key !== "@graph")
        add([
          {
            path: jsonPointer([key]),
            constraint: "unevaluatedProperties",
            message: `${JSON.stringify(key).slice(0, 80)} is not allowed beside "@context" and "@graph"; elements go into the "@graph"`,
          },
        ]);
    graph.forEach((element, i) => {
      items.push({ element, base: `/@graph/${i}` });
    });
  } else {
    const { "@context": _context, ...element } = doc;
    items.push({ element, base: "" });
  }
  for (const { element, base } of items) {
    if (!isJsonObject(element)) {
      add([
        { path: base, constraint: "type", message: "a graph item is an object (an SPDX element or a CreationInfo)" },
      ]);
      continue;
    }
    const type = element.type;
    const validate = typeof type === "string" ? spdx3ClassValidator(version, type) : undefined;
    if (validate === undefined) {
      add([
        {
          path: `${base}/type`,
          constraint: "enum",
          message:
            typeof type === "string"
              ? `${JSON.stringify(type).slice(0, 80)} is not a class of SPDX ${version}`
              : 'every graph item names its class in "type" (such as "software_Package")',
        },
      ]);
      continue;
    }
    if (validate(element)) continue;
    // When a value breaks its definition, ajv forgets which properties the failing part had evaluated, and every
    // one of them is reported as not allowed (`type`, `spdxId`): those reports wait until the real error is fixed.
    const errors = validate.errors ?? [];
    const real = errors.filter((error) => error.keyword !== "unevaluatedProperties");
    const explained = explainSchemaErrors(real.length > 0 ? real : errors, version, MAX_REPORTED_ISSUES, "SPDX");
    add(
      explained.issues.map((issue) => {
        const path = `${base}${issue.path ?? ""}`;
        const property = issue.constraint === "unevaluatedProperties" ? path.split("/").at(-1) : undefined;
        const renamed = property === undefined ? undefined : RENAMED[version][property];
        return renamed === undefined
          ? { ...issue, path }
          : {
              ...issue,
              path,
              message: `property "${property}" is not defined here by SPDX ${version}, which calls it "${renamed}"`,
            };
      }),
      explained.more,
    );
  }
  return issues.length === 0 ? undefined : { issues, more };
}

function capped(found: InputIssue[]): { issues: InputIssue[]; unlisted: number } {
  const { issues, omitted } = capIssues(found);
  return { issues, unlisted: omitted };
}

function checkSpdx3References(doc: JsonObject, version: Spdx3Version): InputIssue[] {
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
    // Elements defined elsewhere are declared by the document's imports (ExternalMap, 3.0 Core).
    for (const map of objects(element[IMPORT_PROPERTY[version]]))
      if (typeof map.externalSpdxId === "string") imported.add(map.externalSpdxId);
  });
  elements.forEach((element, i) => {
    const at = () => (base === "" ? "" : `${base}/${i}`);
    const unknown = (id: string, pointer: string) => {
      issues.push({
        path: pointer,
        constraint: "unknown-spdxid",
        message: `${JSON.stringify(id).slice(0, 120)} is no element of this document, nor declared in its "${IMPORT_PROPERTY[version]}"; fix the spdxId or add the element`,
      });
    };
    const known = (id: string) => ids.has(id) || imported.has(id) || INDIVIDUALS.has(id);
    // The root a document or an SBOM names is the product the model is about: it must be found.
    if (element.type === "SpdxDocument" || element.type === "software_Sbom") {
      const roots = element.rootElement;
      if (Array.isArray(roots))
        roots.forEach((id, k) => {
          if (typeof id === "string" && !known(id)) unknown(id, jsonPointer(["rootElement", k], at()));
        });
      return;
    }
    if (element.type !== "Relationship" && !String(element.type).endsWith("Relationship")) return;
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

/**
 * A package or file of the graph (the other nodes a reader sees are the metadata it builds). Told apart by type
 * alone: 3.0.0 lets an element go without an `spdxId` (a blank node), which 3.0.1 requires.
 */
function isComponentElement(node: JsonObject): boolean {
  return typeof node.type === "string" && COMPONENT_TYPES.has(node.type);
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
      const id = text(node.spdxId);
      const found = id === undefined ? undefined : this.licenses.get(id);
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

/** The model of a valid SPDX 3.0.x document (validateSpdx3). Never throws on document content. */
export function normalizeSpdx3(doc: JsonObject, version: Spdx3Version): NormalizedSbom {
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
    // `to: [NoneElement]` says there are none: an entry with no targets. `NoAssertionElement` says nothing, as
    // SPDX 2's NOASSERTION: no entry of its own.
    const to = stringList(element.to);
    if (to.length > 0 && to.every((id) => id === "NoAssertionElement")) continue;
    let targets = graph.get(from);
    if (!targets) {
      targets = new Set();
      graph.set(from, targets);
    }
    for (const id of to) if (isComponentId(index, id)) targets.add(id);
    // 3.0.1 RelationshipCompleteness: whether `to` lists everything of this kind, as CycloneDX compositions do.
    if (element.completeness === "complete" || element.completeness === "incomplete")
      compositions.push({ aggregate: element.completeness, dependencies: [from] });
  }

  const builder = new BomBuilder(reader, version);
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
