/**
 * SPDX validation: the document's version from the document itself, the official schema of that version
 * (spdx-schemas.ts), then the references the schema cannot check: every SPDXID unique, and every relationship,
 * `documentDescribes` and `hasFiles` entry naming an element of the document (or of a declared external
 * document). Issues carry a JSON pointer, and the line and column for YAML and tag-value input.
 */
import { capIssues, type InputIssue, MAX_REPORTED_ISSUES } from "../domain/input-issue.js";
import { readStructuredText } from "../input/structured-text.js";
import { jsonPointer, pointerPath } from "../json/pointer.js";
import { isJsonObject, type JsonObject } from "../json/value.js";
import type { SbomFormat, SpdxVersion } from "./model.js";
import { DEPENDENCY_DIRECTION, indexSpdx2, type Spdx2Index } from "./spdx-reader.js";
import { spdxSchemaValidator } from "./spdx-schemas.js";
import { readTagValue } from "./spdx-tag-value.js";
import { explainSchemaErrors } from "./validate-json.js";

export const SPDX_VERSIONS: readonly SpdxVersion[] = ["2.2", "2.3", "3.0.0", "3.0.1"];

export type SpdxValidation =
  | {
      ok: true;
      version: SpdxVersion;
      format: SbomFormat;
      /** SPDX 2.x in the JSON shape, or the SPDX 3 JSON-LD document. */
      document: JsonObject;
      /** Components of the model: packages and files, less the described root. */
      componentCount: number;
      warnings: InputIssue[];
      /** SPDX 2.x: what the normalizer needs from the document, found while validating it. */
      index?: Spdx2Index;
    }
  | {
      ok: false;
      version?: string;
      format: SbomFormat;
      issues: InputIssue[];
      unlisted?: number;
      /** The document, in the JSON shape, when it broke only the schema or the references (`sbom inspect`). */
      unvalidated?: { document: JsonObject; version: SpdxVersion };
    };

type Locate = (pointer: string) => { line: number; column: number } | undefined;

const READS_SPDX = "cra-assessor reads SPDX 2.2 and 2.3 (JSON, YAML, tag-value) and SPDX 3.0.0 and 3.0.1 (JSON-LD)";

function located(issue: InputIssue, locate: Locate | undefined): InputIssue {
  if (!locate || issue.path === undefined) return issue;
  const position = locate(issue.path);
  return position ? { ...issue, ...position } : issue;
}

/** `SPDX-2.3` -> `2.3`, for the versions this reads. */
export function spdx2Version(value: unknown): "2.2" | "2.3" | undefined {
  if (value === "SPDX-2.2") return "2.2";
  if (value === "SPDX-2.3") return "2.3";
  return undefined;
}

function versionIssue(value: unknown): InputIssue {
  return {
    path: "/spdxVersion",
    constraint: "spec-version",
    message:
      typeof value === "string"
        ? `"spdxVersion" is ${JSON.stringify(value).slice(0, 80)}; ${READS_SPDX}`
        : `"spdxVersion" must be a string such as "SPDX-2.3"; ${READS_SPDX}`,
  };
}

/** An SPDX 2.x document already in the JSON shape (parsed JSON, YAML, or tag-value read by spdx-tag-value.ts). */
export function validateSpdx2(value: unknown, format: SbomFormat, locate?: Locate): SpdxValidation {
  if (!isJsonObject(value)) {
    return {
      ok: false,
      format,
      issues: [{ path: "", constraint: "type", message: "an SPDX 2 document is an object (a mapping in YAML)" }],
    };
  }
  const version = spdx2Version(value.spdxVersion);
  if (version === undefined) {
    const stated = typeof value.spdxVersion === "string" ? value.spdxVersion : undefined;
    return {
      ok: false,
      format,
      ...(stated === undefined ? {} : { version: stated }),
      issues: [located(versionIssue(value.spdxVersion), locate)],
    };
  }
  const respelled = version === "2.2" ? spell22Categories(value) : undefined;
  const purposes = version === "2.3" ? spell23Purposes(value) : undefined;
  const validate = spdxSchemaValidator(version);
  if (!validate(value)) {
    const explained = explainSchemaErrors(validate.errors ?? [], version, MAX_REPORTED_ISSUES, "SPDX");
    return {
      ok: false,
      format,
      version,
      issues: explained.issues.map((issue) => located(issue, locate)),
      unlisted: explained.more,
      unvalidated: { document: value, version },
    };
  }
  const index = indexSpdx2(value);
  const references = checkSpdx2References(value, index, locate);
  if (references.length > 0) {
    const { issues, omitted } = capIssues(references);
    return {
      ok: false,
      format,
      version,
      issues: issues.map((issue) => located(issue, locate)),
      unlisted: omitted,
      unvalidated: { document: value, version },
    };
  }
  const warnings: InputIssue[] =
    respelled === undefined || format === "tag-value"
      ? []
      : [
          located(
            {
              path: respelled.first,
              constraint: "enum",
              message: `"PACKAGE-MANAGER" (${respelled.count} external reference${respelled.count === 1 ? "" : "s"}) is the 2.2 specification's spelling of the category, which its JSON schema spells "PACKAGE_MANAGER"; read as that`,
            },
            locate,
          ),
        ];
  if (purposes !== undefined && format !== "tag-value")
    warnings.push(
      located(
        {
          path: purposes.first,
          constraint: "enum",
          message: `"OPERATING-SYSTEM" (${purposes.count} package${purposes.count === 1 ? "" : "s"}) is the 2.3 specification's spelling of the purpose, which its JSON schema spells "OPERATING_SYSTEM"; read as that`,
        },
        locate,
      ),
    );
  const external = externalDependencies(value);
  if (external !== undefined) warnings.push(located(external, locate));
  return { ok: true, version, format, document: value, componentCount: index.componentCount, warnings, index };
}

/**
 * Dependency relationships (CONTAINS, DEPENDS_ON …) naming an element of another SPDX document
 * (`DocumentRef-<doc>:SPDXRef-…`): that element is not in this file, so it is no component of the model and its
 * edge is left out. Yocto's image SBOM is written this way (the image CONTAINS every package, each package in a
 * document of its own): read alone it has no components, which a warning says instead of leaving it silent.
 */
function externalDependencies(doc: JsonObject): InputIssue | undefined {
  const relationships = doc.relationships;
  if (!Array.isArray(relationships)) return undefined;
  let count = 0;
  let first = "";
  const documents = new Set<string>();
  for (let i = 0; i < relationships.length; i++) {
    const relationship = relationships[i];
    if (!isJsonObject(relationship)) continue;
    const type = relationship.relationshipType;
    if (typeof type !== "string" || !Object.hasOwn(DEPENDENCY_DIRECTION, type)) continue;
    let named = false;
    for (const [member, id] of [
      ["spdxElementId", relationship.spdxElementId],
      ["relatedSpdxElement", relationship.relatedSpdxElement],
    ] as const) {
      if (typeof id !== "string" || !id.startsWith("DocumentRef-")) continue;
      const colon = id.indexOf(":");
      documents.add(colon > 0 ? id.slice(0, colon) : id);
      if (!named && count === 0) first = jsonPointer(["relationships", i, member]);
      named = true;
    }
    if (named) count++;
  }
  if (count === 0) return undefined;
  const names = [...documents].slice(0, 3).join(", ") + (documents.size > 3 ? ", …" : "");
  return {
    path: first,
    constraint: "external-document",
    message: `${count} dependency relationship${count === 1 ? "" : "s"} name elements of ${documents.size} other SPDX document${documents.size === 1 ? "" : "s"} (${names}); those documents are not in this file, so their packages are not read as components of this SBOM: assess an SBOM that holds them (merge the documents)`,
  };
}

/**
 * The 2.2 specification spells the category `PACKAGE-MANAGER` (2.2 clause 3.21, in every format), its JSON schema
 * `PACKAGE_MANAGER` (2.3 settled on the hyphen). Generators follow the specification's text in JSON too
 * (Microsoft's sbom-tool writes 2.2 JSON with `PACKAGE-MANAGER` on every purl), so a 2.2 document takes the
 * schema's spelling before the schema check instead of being refused for the specification's own word. Says how
 * many were respelled and where the first was, for the warning; undefined when none.
 */
function spell22Categories(doc: JsonObject): { count: number; first: string } | undefined {
  const packages = doc.packages;
  if (!Array.isArray(packages)) return undefined;
  let count = 0;
  let first = "";
  for (let i = 0; i < packages.length; i++) {
    const item = packages[i];
    if (!isJsonObject(item) || !Array.isArray(item.externalRefs)) continue;
    for (let k = 0; k < item.externalRefs.length; k++) {
      const ref = item.externalRefs[k];
      if (!isJsonObject(ref) || ref.referenceCategory !== "PACKAGE-MANAGER") continue;
      ref.referenceCategory = "PACKAGE_MANAGER";
      if (count++ === 0) first = jsonPointer(["packages", i, "externalRefs", k, "referenceCategory"]);
    }
  }
  return count === 0 ? undefined : { count, first };
}

/**
 * The 2.3 specification spells the primary package purpose `OPERATING-SYSTEM` (2.3 clause 7.24, the tag-value
 * form too), its JSON schema `OPERATING_SYSTEM`; generators write the specification's word in JSON as well. Taken in
 * the schema's spelling before the schema check, as `spell22Categories` does; says how many and where the first.
 */
function spell23Purposes(doc: JsonObject): { count: number; first: string } | undefined {
  const packages = doc.packages;
  if (!Array.isArray(packages)) return undefined;
  let count = 0;
  let first = "";
  for (let i = 0; i < packages.length; i++) {
    const item = packages[i];
    if (!isJsonObject(item) || item.primaryPackagePurpose !== "OPERATING-SYSTEM") continue;
    item.primaryPackagePurpose = "OPERATING_SYSTEM";
    if (count++ === 0) first = jsonPointer(["packages", i, "primaryPackagePurpose"]);
  }
  return count === 0 ? undefined : { count, first };
}

const ELEMENT_LISTS = ["packages", "files", "snippets"] as const;

/**
 * Where each SPDXID is first declared, for the messages about a duplicate. Only built when the index met one:
 * a valid document needs no pointer string per element.
 */
function firstDeclarations(doc: JsonObject): Map<string, string> {
  const first = new Map<string, string>();
  if (typeof doc.SPDXID === "string") first.set(doc.SPDXID, "/SPDXID");
  for (const list of ELEMENT_LISTS) {
    const items = doc[list];
    if (!Array.isArray(items)) continue;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (isJsonObject(item) && typeof item.SPDXID === "string" && !first.has(item.SPDXID))
        first.set(item.SPDXID, jsonPointer([list, i, "SPDXID"]));
    }
  }
  return first;
}

/**
 * The SPDXIDs of one document, as the reference rules below ask about them: the whole-document check answers
 * from its index, the streaming reader (spdx-stream.ts) from what it kept of the entries.
 */
export interface Spdx2Names {
  /** A package or file of this document. */
  isElement(id: string): boolean;
  /** The document's own SPDXID or a snippet's: a relationship may name them, they are no components. */
  isOther(id: string): boolean;
  isFile(id: string): boolean;
  /** The `externalDocumentId`s the document declares. */
  readonly externalDocuments: ReadonlySet<string>;
}

export function externalDocumentIds(doc: JsonObject): Set<string> {
  const ids = new Set<string>();
  if (Array.isArray(doc.externalDocumentRefs))
    for (const ref of doc.externalDocumentRefs)
      if (isJsonObject(ref) && typeof ref.externalDocumentId === "string") ids.add(ref.externalDocumentId);
  return ids;
}

/** Whether a reference names an element of the document, or of a declared external document. */
export function knownSpdxId(names: Spdx2Names, id: string): boolean {
  if (names.isElement(id) || names.isOther(id)) return true;
  // `DocumentRef-<id>:SPDXRef-<element>` names an element of a declared external document (2.3 clause 6.6).
  const colon = id.indexOf(":");
  return colon > 0 && id.startsWith("DocumentRef-") && names.externalDocuments.has(id.slice(0, colon));
}

/** 2.3 clause 11.1: a relationship's related element may be NONE or NOASSERTION instead of an SPDXID. */
export function namesRelatedElement(id: string): boolean {
  return id !== "NONE" && id !== "NOASSERTION";
}

/** What is wrong with an entry of a package's `hasFiles`: it names no file of this document, or nothing known. */
export function hasFilesProblem(names: Spdx2Names, id: string): "not-a-file" | "unknown" | undefined {
  if ((names.isElement(id) || names.isOther(id)) && !names.isFile(id)) return "not-a-file";
  return knownSpdxId(names, id) ? undefined : "unknown";
}

/**
 * Duplicate SPDXIDs and references to elements the document does not have, with the index of the same document
 * (indexSpdx2). One pass over each list; JSON pointers are only written for the issues.
 */
export function checkSpdx2References(
  doc: JsonObject,
  index: Spdx2Index = indexSpdx2(doc),
  locate?: Locate,
): InputIssue[] {
  // The first use of a duplicated SPDXID, as the reader of the input finds it: a line in YAML and tag-value.
  const where = (pointer: string | undefined): string => {
    const at = pointer === undefined ? undefined : locate?.(pointer);
    return at === undefined ? String(pointer) : `line ${at.line}`;
  };
  const issues: InputIssue[] = [];
  if (index.duplicateIds > 0) {
    const first = firstDeclarations(doc);
    const seen = new Set<string>();
    if (typeof doc.SPDXID === "string") seen.add(doc.SPDXID);
    for (const list of ELEMENT_LISTS) {
      const items = doc[list];
      if (!Array.isArray(items)) continue;
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (!isJsonObject(item) || typeof item.SPDXID !== "string") continue;
        const id = item.SPDXID;
        if (!seen.has(id)) {
          seen.add(id);
          continue;
        }
        issues.push({
          path: jsonPointer([list, i, "SPDXID"]),
          constraint: "duplicate-spdxid",
          message: `SPDXID ${JSON.stringify(id).slice(0, 80)} is already used at ${where(first.get(id))}; every element needs its own SPDXID`,
        });
      }
    }
  }
  const names: Spdx2Names = {
    isElement: (id) => index.elements.has(id),
    isOther: (id) => index.otherIds.has(id),
    isFile: (id) => isFile(index, id),
    externalDocuments: externalDocumentIds(doc),
  };
  const known = (id: string): boolean => knownSpdxId(names, id);
  const unknown = (id: string, pointer: string): InputIssue => ({
    path: pointer,
    constraint: "unknown-spdxid",
    message: `${JSON.stringify(id).slice(0, 80)} is no element of this document (nor of a declared external document); fix the SPDXID or add the element`,
  });
  const documentDescribes = doc.documentDescribes;
  if (Array.isArray(documentDescribes)) {
    for (let i = 0; i < documentDescribes.length; i++) {
      const id = documentDescribes[i];
      if (typeof id === "string" && !known(id)) issues.push(unknown(id, jsonPointer(["documentDescribes", i])));
    }
  }
  const relationships = doc.relationships;
  if (Array.isArray(relationships)) {
    for (let i = 0; i < relationships.length; i++) {
      const relationship = relationships[i];
      if (!isJsonObject(relationship)) continue;
      const from = relationship.spdxElementId;
      if (typeof from === "string" && !known(from))
        issues.push(unknown(from, jsonPointer(["relationships", i, "spdxElementId"])));
      const to = relationship.relatedSpdxElement;
      if (typeof to === "string" && namesRelatedElement(to) && !known(to))
        issues.push(unknown(to, jsonPointer(["relationships", i, "relatedSpdxElement"])));
    }
  }
  const packages = doc.packages;
  if (Array.isArray(packages)) {
    for (let i = 0; i < packages.length; i++) {
      const item = packages[i];
      if (!isJsonObject(item) || !Array.isArray(item.hasFiles)) continue;
      for (let k = 0; k < item.hasFiles.length; k++) {
        const id: unknown = item.hasFiles[k];
        if (typeof id !== "string") continue;
        const problem = hasFilesProblem(names, id);
        if (problem === "not-a-file") {
          issues.push({
            path: jsonPointer(["packages", i, "hasFiles", k]),
            constraint: "unknown-spdxid",
            message: `${JSON.stringify(id).slice(0, 80)} in "hasFiles" is not a file of this document`,
          });
        } else if (problem === "unknown") issues.push(unknown(id, jsonPointer(["packages", i, "hasFiles", k])));
      }
    }
  }
  return issues;
}

/**
 * Whether an SPDXID of this document is a file's: files have a `fileName` (2.3 clause 8.1), which the schema
 * does not allow on a package (the reader tells them apart the same way).
 */
function isFile(index: Spdx2Index, id: string): boolean {
  const element = index.elements.get(id);
  return element !== undefined && typeof element.fileName === "string";
}

export function validateSpdx2Yaml(text: string, maxChars: number): SpdxValidation {
  const read = readStructuredText(text, { maxChars });
  if (!read.ok) return { ok: false, format: "yaml", issues: read.issues };
  const { value, locate } = read.value;
  return validateSpdx2(value, "yaml", (pointer) => locate(pointerPath(pointer)));
}

export function validateSpdx2TagValue(text: string): SpdxValidation {
  const read = readTagValue(text);
  if (!read.ok) return { ok: false, format: "tag-value", issues: read.issues };
  const { value, lineOf, warnings } = read.document;
  const result = validateSpdx2(value, "tag-value", (pointer) => {
    const line = lineOf(pointer);
    return line === undefined ? undefined : { line, column: 1 };
  });
  return result.ok ? { ...result, warnings: [...warnings, ...result.warnings] } : result;
}
