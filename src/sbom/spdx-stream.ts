/**
 * SPDX 2.2 and 2.3 JSON for the streaming reader (ingest-stream.ts): `packages`, `files` and `relationships`
 * are read one entry at a time, each validated against its list's `items` schema (spdx-schemas.ts), checked,
 * added to the model (Spdx2ModelBuilder, the same builder the whole-document path uses) and dropped. What is
 * kept of them is what the reference rules and the model need at the end: each element's SPDXID, the references
 * not yet resolved, the DESCRIBES relationships and the dependency edges. The rest of the document, with those
 * lists empty, is validated against the whole schema at the end; then the references are checked with the
 * rules of the whole-document check (spdx-validate.ts), and the described element, read again from the source,
 * becomes the root.
 *
 * The version may come after the lists (Microsoft's sbom-tool writes `spdxVersion` last): until it is known,
 * entries are checked against the item schemas of both 2.2 and 2.3 and the versions they break are ruled out.
 * Any issue (an invalid entry, a duplicate or unknown SPDXID, a version this does not read) hands the document
 * over to the whole-document path, which words it.
 */
import type { ValidateFunction } from "ajv";
import { isJsonObject, type JsonObject } from "../json/value.js";
import { classifyJson } from "./detect.js";
import { objectList as objects } from "./json-reader.js";
import { DEPENDENCY_DIRECTION, describedIds, type Spdx2ElementList, Spdx2ModelBuilder } from "./spdx-reader.js";
import { spdx2ItemValidators, spdxSchemaValidator } from "./spdx-schemas.js";
import {
  externalDocumentIds,
  hasFilesProblem,
  knownSpdxId,
  namesRelatedElement,
  type Spdx2Names,
  spdx2Version,
} from "./spdx-validate.js";
import { handOver, type StreamedDocument, type StreamedResult } from "./stream-document.js";

type Spdx2Version = "2.2" | "2.3";

export class Spdx2StreamDocument implements StreamedDocument {
  /** The versions the document can still be, each with its item validators. */
  private readonly candidates = new Map<Spdx2Version, ReadonlyMap<string, ValidateFunction>>();
  /** Packages and files: SPDXID -> the element's number (its place in `ids`, in the order read). */
  private readonly elements = new Map<string, number>();
  /** Each element's own SPDXID string: references are swapped for it, so the model holds each once. */
  private readonly ids: string[] = [];
  /** Where each element list starts among the numbers, and how many entries it has. */
  private readonly from: Record<Spdx2ElementList, number> = { packages: -1, files: -1 };
  private readonly counts: Record<Spdx2ElementList, number> = { packages: 0, files: 0 };
  private readonly again: Partial<Record<Spdx2ElementList, (index: number) => unknown>> = {};
  /** Relationship ends that named no element when read (the document's own SPDXID, later elements …). */
  private readonly unresolved: string[] = [];
  private readonly hasFiles: string[] = [];
  /** DESCRIBES and DESCRIBED_BY relationships, for the root. */
  private readonly describing: JsonObject[] = [];
  /** Undefined when only checking (`sbom validate`). */
  private readonly model: Spdx2ModelBuilder | undefined;

  /** `version`: as the document states it so far (undefined: not yet). */
  constructor(version: unknown, normalize: boolean) {
    const versions: Spdx2Version[] = version === undefined ? ["2.2", "2.3"] : [this.versionOf(version)];
    for (const candidate of versions) {
      const validators = spdx2ItemValidators(candidate);
      if (validators === undefined) handOver("an SPDX schema whose lists cannot be read entry by entry");
      this.candidates.set(candidate, validators);
    }
    this.model = normalize ? new Spdx2ModelBuilder("json") : undefined;
  }

  private versionOf(value: unknown): Spdx2Version {
    const version = spdx2Version(value);
    if (version === undefined) handOver("an spdxVersion this does not read");
    return version;
  }

  /** The document states its version: the entries read so far must meet that version's schema. */
  private settle(value: unknown): Spdx2Version {
    const version = this.versionOf(value);
    if (!this.candidates.has(version)) handOver("an entry invalid under the stated version");
    for (const other of this.candidates.keys()) if (other !== version) this.candidates.delete(other);
    return version;
  }

  member(key: string, value: unknown): void {
    if (key === "spdxVersion") this.settle(value);
  }

  streams(key: string): boolean {
    if (key !== "packages" && key !== "files" && key !== "relationships") return false;
    // The model takes one element list after the other; a second one of a kind never comes (a repeated key
    // hands over), so only the order matters, and both orders are read.
    return true;
  }

  list(key: string, again: (index: number) => unknown): (item: unknown, index: number) => void {
    const check = (item: unknown) => {
      for (const [version, validators] of this.candidates)
        if (!validators.get(key)!(item)) this.candidates.delete(version);
      if (this.candidates.size === 0) handOver(`invalid ${key} entry`);
      if (!isJsonObject(item)) handOver(`${key} entry is not an object`);
      return item;
    };
    if (key === "relationships") return (item) => this.relationship(check(item));
    const list = key as Spdx2ElementList;
    this.from[list] = this.ids.length;
    this.again[list] = again;
    return (item, index) => this.element(list, check(item), index);
  }

  private element(list: Spdx2ElementList, item: JsonObject, index: number): void {
    const id = item.SPDXID;
    // The schema requires a string SPDXID on every package and file.
    if (typeof id !== "string") handOver("an element without SPDXID");
    if (this.elements.has(id)) handOver("duplicate SPDXID");
    this.elements.set(id, this.ids.length);
    this.ids.push(id);
    this.counts[list]++;
    if (list === "packages" && Array.isArray(item.hasFiles)) {
      const files = item.hasFiles;
      for (let k = 0; k < files.length; k++) {
        const file = files[k];
        if (typeof file !== "string") continue;
        // Swapped for the element's own string when already read; checked at the end, when every file is known
        // (files often come after packages).
        const known = this.elements.get(file);
        const id = known === undefined ? file : this.ids[known]!;
        files[k] = id;
        this.hasFiles.push(id);
      }
    }
    this.model?.addElement(list, item, index);
  }

  /** A relationship end as the element's own string, or noted for the end when no element has that SPDXID yet. */
  private resolve(id: string): string {
    const known = this.elements.get(id);
    if (known !== undefined) return this.ids[known]!;
    this.unresolved.push(id);
    return id;
  }

  private relationship(item: JsonObject): void {
    const from = item.spdxElementId;
    if (typeof from === "string") item.spdxElementId = this.resolve(from);
    const to = item.relatedSpdxElement;
    if (typeof to === "string" && namesRelatedElement(to)) item.relatedSpdxElement = this.resolve(to);
    const type = item.relationshipType;
    // A dependency on an element of another document is warned about by the whole-document path (spdx-validate.ts).
    if (
      typeof type === "string" &&
      Object.hasOwn(DEPENDENCY_DIRECTION, type) &&
      ((typeof from === "string" && from.startsWith("DocumentRef-")) ||
        (typeof to === "string" && to.startsWith("DocumentRef-")))
    )
      handOver("a dependency on an element of another document");
    if (type === "DESCRIBES" || type === "DESCRIBED_BY") this.describing.push(item);
    this.model?.addRelationship(item);
  }

  private isFile(element: number): boolean {
    // The schema requires `fileName` on files and has no such field for packages: the whole-document check's
    // test (a `fileName`) and this one (an entry of `files`) agree on every valid document.
    const start = this.from.files;
    return start >= 0 && element >= start && element < start + this.counts.files;
  }

  finish(skeleton: Record<string, unknown>): StreamedResult {
    const classified = classifyJson(skeleton);
    if (classified.kind !== "spdx" || classified.generation !== 2) handOver("not SPDX 2");
    const version = this.settle(skeleton.spdxVersion);
    if (!spdxSchemaValidator(version)(skeleton)) handOver("schema errors outside the lists");

    // The same rules as checkSpdx2References (spdx-validate.ts), whose messages the whole-document path gives.
    const others = new Set<string>();
    const take = (id: unknown) => {
      if (typeof id !== "string") return;
      if (this.elements.has(id) || others.has(id)) handOver("duplicate SPDXID");
      others.add(id);
    };
    take(skeleton.SPDXID);
    for (const snippet of objects(skeleton.snippets)) take(snippet.SPDXID);
    const names: Spdx2Names = {
      isElement: (id) => this.elements.has(id),
      isOther: (id) => others.has(id),
      isFile: (id) => {
        const element = this.elements.get(id);
        return element !== undefined && this.isFile(element);
      },
      externalDocuments: externalDocumentIds(skeleton),
    };
    for (const id of this.unresolved) if (!knownSpdxId(names, id)) handOver("unknown SPDXID");
    if (Array.isArray(skeleton.documentDescribes))
      for (const id of skeleton.documentDescribes)
        if (typeof id === "string" && !knownSpdxId(names, id)) handOver("unknown SPDXID");
    for (const id of this.hasFiles) if (hasFilesProblem(names, id) !== undefined) handOver("hasFiles names no file");

    // The root: the one package or file the document describes (as indexSpdx2 finds it).
    let root = -1;
    for (const id of describedIds({
      SPDXID: skeleton.SPDXID,
      documentDescribes: skeleton.documentDescribes,
      relationships: this.describing,
    })) {
      const element = this.elements.get(id);
      if (element === undefined) continue;
      if (root !== -1) {
        root = -1;
        break;
      }
      root = element;
    }
    const componentCount = this.counts.packages + this.counts.files - (root === -1 ? 0 : 1);
    const model = this.model;
    if (!model) return { standard: "SPDX", specVersion: version, sbom: undefined, componentCount };
    let described: { node: JsonObject; list: Spdx2ElementList; index: number } | undefined;
    if (root !== -1) {
      const list = this.isFile(root) ? "files" : "packages";
      const index = root - this.from[list];
      const node = this.again[list]!(index);
      if (!isJsonObject(node)) handOver("source changed while reading");
      described = { node, list, index };
    }
    const sbom = model.finish(skeleton, version, described, this.elements);
    return { standard: "SPDX", specVersion: version, sbom, componentCount };
  }
}
