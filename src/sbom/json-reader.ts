/**
 * CycloneDX JSON for the normalizer (normalize.ts): the parsed objects are the nodes, and a field is the member
 * of that name. A value of another type than the field's reads as absent, so a schema-valid document and a
 * hostile one go through the same checks.
 */
import { asBoolean, asFiniteNumber, asJsonObject, asString, isJsonObject, type JsonObject } from "../json/value.js";
import type { BomReader, ModelShapedLists } from "./bom-reader.js";
import type { NormalizedSbom, SpecVersion } from "./model.js";
import { BomBuilder, normalizeBom } from "./normalize.js";
import { EMPTY, listOrEmpty } from "./normalize-common.js";

function isNonEmptyString(item: unknown): boolean {
  return typeof item === "string" && item !== "";
}

function onlyKeys(o: JsonObject, a: string, b: string): boolean {
  let keys = 0;
  for (const key in o) {
    if (key !== a && key !== b) return false;
    keys++;
  }
  return keys === 2;
}

/** A contact that already has the model's shape: only non-empty `name`, `email`, `phone` strings. */
function isPlainContact(item: unknown): boolean {
  if (!isJsonObject(item)) return false;
  const o = item as JsonObject;
  for (const key in o) {
    if (key !== "name" && key !== "email" && key !== "phone") return false;
    if (!isNonEmptyString(o[key])) return false;
  }
  return true;
}

/** A schema-valid hash is exactly `{ alg, content }` (additionalProperties: false in every spec version). */
function isPlainHash(item: unknown): boolean {
  if (!isJsonObject(item)) return false;
  const o = item as JsonObject;
  return isNonEmptyString(o.alg) && isNonEmptyString(o.content) && onlyKeys(o, "alg", "content");
}

/** A property that already has the model's shape: exactly a non-empty `name` and a string `value`. */
function isPlainProperty(item: unknown): boolean {
  if (!isJsonObject(item)) return false;
  const o = item as JsonObject;
  return isNonEmptyString(o.name) && typeof o.value === "string" && onlyKeys(o, "name", "value");
}

const PLAIN: { readonly [K in keyof ModelShapedLists]: (item: unknown) => boolean } = {
  hash: isPlainHash,
  contact: isPlainContact,
  property: isPlainProperty,
};

/**
 * A member by name. The names are the normalizer's fixed field names, none of which Object.prototype has, so a
 * plain look-up cannot reach an inherited value; a `__proto__` member that JSON.parse made is an own key nobody asks for.
 */
function member(node: JsonObject, field: string): unknown {
  return node[field];
}

/**
 * The JSON objects of an array: the parsed array itself in the valid case; entries of other types are left out
 * (their indexes with them, which only a schema-invalid document has). Not an array: the empty list.
 */
export function objectList(value: unknown): readonly JsonObject[] {
  if (!Array.isArray(value) || value.length === 0) return EMPTY;
  return value.every(isJsonObject) ? value : value.filter(isJsonObject);
}

class JsonReader implements BomReader<JsonObject> {
  readonly standard = "CycloneDX";
  readonly format = "json";
  readonly rootLocation = "";

  string(node: JsonObject, field: string): string | undefined {
    const value = member(node, field);
    return typeof value === "string" && value !== "" ? value : undefined;
  }

  verbatim(node: JsonObject, field: string): string | undefined {
    return asString(member(node, field));
  }

  number(node: JsonObject, field: string): number | undefined {
    return asFiniteNumber(member(node, field));
  }

  boolean(node: JsonObject, field: string): boolean | undefined {
    return asBoolean(member(node, field));
  }

  child(node: JsonObject, field: string): JsonObject | undefined {
    return asJsonObject(member(node, field));
  }

  list(node: JsonObject, field: string): readonly JsonObject[] {
    return objectList(member(node, field));
  }

  strings(node: JsonObject, field: string): string[] {
    const value = member(node, field);
    if (!Array.isArray(value) || value.length === 0) return EMPTY;
    // The parsed array is reused when it already is a list of non-empty strings (the valid case): one array
    // fewer per dependency entry and URL list while the document and the model are both alive.
    if (value.every(isNonEmptyString)) return value;
    return listOrEmpty(value.filter(isNonEmptyString));
  }

  integers(node: JsonObject, field: string): number[] {
    const value = member(node, field);
    if (!Array.isArray(value) || value.length === 0) return EMPTY;
    return listOrEmpty(value.filter(Number.isInteger));
  }

  entryLocation(parent: string, field: string, index: number): string {
    return `${parent}/${field}/${index}`;
  }

  childLocation(parent: string, field: string): string {
    return `${parent}/${field}`;
  }

  modelShaped<K extends keyof ModelShapedLists>(
    node: JsonObject,
    field: string,
    shape: K,
  ): ModelShapedLists[K][] | undefined {
    const value = member(node, field);
    if (value === undefined) return EMPTY;
    return Array.isArray(value) && value.every(PLAIN[shape]) ? value : undefined;
  }
}

const reader = new JsonReader();

/**
 * The normalizer fed one part of a CycloneDX JSON document at a time, as the streaming reader (ingest-stream.ts)
 * parses them; every part is validated first. Parts that are not objects are skipped.
 */
export class JsonBomBuilder {
  private readonly builder: BomBuilder<JsonObject>;

  constructor(specVersion: SpecVersion) {
    this.builder = new BomBuilder(reader, specVersion);
  }

  setMetadata(value: unknown): void {
    this.builder.setMetadata(asJsonObject(value));
  }

  addComponent(item: unknown, index: number): void {
    const node = asJsonObject(item);
    if (node) this.builder.addComponent(node, index);
  }

  addService(item: unknown, index: number): void {
    const node = asJsonObject(item);
    if (node) this.builder.addService(node, index);
  }

  addDependency(item: unknown): void {
    const node = asJsonObject(item);
    if (node) this.builder.addDependency(node);
  }

  addVulnerability(item: unknown, index: number): void {
    const node = asJsonObject(item);
    if (node) this.builder.addVulnerability(node, index);
  }

  setTopLevel(doc: Record<string, unknown>): void {
    this.builder.setTopLevel(doc);
  }

  /** See `BomBuilder.exact`. */
  get exact(): boolean {
    return this.builder.exact;
  }

  finish(): NormalizedSbom {
    return this.builder.finish();
  }
}

/** Normalizes a schema-valid CycloneDX JSON document. Never throws on document content. */
export function normalizeJsonBom(doc: Record<string, unknown>, specVersion: SpecVersion): NormalizedSbom {
  return normalizeBom(reader, doc, specVersion);
}
