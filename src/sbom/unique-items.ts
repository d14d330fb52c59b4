/**
 * JSON Schema `uniqueItems` in O(n) expected time: ajv checks it pairwise, which made 50k components take minutes.
 * The same verdicts as deep equality (`jsonEqual`); `linearUniqueItems` is the ajv keyword that replaces it.
 */
import type { ErrorObject } from "ajv";
import { canonicalJson } from "../json/canonical.js";

/** Name of the linear replacement for `uniqueItems`. Errors it raises still say `uniqueItems` (see below). */
export const UNIQUE_ITEMS_KEYWORD = "uniqueItemsLinear";

/** Beyond this many duplicates in one list, the rest are summarised in one error (a hostile list stays bounded). */
const MAX_DUPLICATES_REPORTED_PER_LIST = 1000;

/**
 * Properties that tell CycloneDX objects apart cheaply. Two deep-equal objects agree on all of them, so a
 * different cheap key proves two items differ; only items whose keys collide are compared by canonical JSON.
 */
const CHEAP_KEY_PROPERTIES = ["purl", "name", "version", "type", "url", "alg", "content", "id", "expression"] as const;

function cheapKey(record: Record<string, unknown>): string {
  let key = "";
  for (const property of CHEAP_KEY_PROPERTIES) {
    const value = record[property];
    if (typeof value === "string" || typeof value === "number") key += `\u0000${property}\u0001${value}`;
  }
  return key;
}

/** Deep equality of JSON values, as JSON Schema defines it for `uniqueItems` (and ajv implements it). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let index = 0; index < a.length; index++) if (!jsonEqual(a[index], other[index])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(right, key) || !jsonEqual(left[key], right[key])) return false;
  }
  return true;
}

const NO_DUPLICATES: readonly (readonly [number, number])[] = Object.freeze([]);

/** Lists up to this long are checked pairwise: no allocation, and at most 28 comparisons that mostly fail fast. */
const PAIRWISE_MAX = 8;

/**
 * The common case first: when no two items share a bucket key (as `findDuplicateItems` buckets them), no two items can be equal, and one Set
 * insertion per item proves it — half the hash probes of the get-then-set bookkeeping that locating duplicates
 * needs (profiled: the components and dependencies lists of a 50k-component SBOM are 100k probes each way).
 * On the first shared key it gives up, and the caller starts over with the full bookkeeping.
 */
function bucketKeysAllDistinct(items: readonly unknown[]): boolean {
  const primitives = new Set<unknown>();
  const bomRefs = new Set<string>();
  const refs = new Set<string>();
  const cheapKeys = new Set<string>();
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    let bucket: Set<unknown>;
    let key: unknown;
    if (item === null || typeof item !== "object") {
      bucket = primitives;
      key = item;
    } else if (Array.isArray(item)) {
      bucket = cheapKeys;
      key = `[${item.length}`;
    } else {
      const record = item as Record<string, unknown>;
      if (typeof record["bom-ref"] === "string") {
        bucket = bomRefs;
        key = record["bom-ref"];
      } else if (typeof record.ref === "string") {
        bucket = refs;
        key = record.ref;
      } else {
        bucket = cheapKeys;
        key = cheapKey(record);
      }
    }
    const before = bucket.size;
    bucket.add(key);
    if (bucket.size === before) return false;
  }
  return true;
}

/**
 * Indexes of items equal to an earlier item, each with the index of that earlier item. Same verdict as JSON
 * Schema `uniqueItems` (deep equality), in O(n) expected time for long lists (see `DuplicateIndex`).
 */
export function findDuplicateItems(
  items: readonly unknown[],
  limit = Number.POSITIVE_INFINITY,
): readonly (readonly [number, number])[] {
  if (items.length <= PAIRWISE_MAX) {
    // Most lists (hashes, licences, dependsOn, urls) are short and unique: allocate only once a duplicate shows.
    let found: [number, number][] | undefined;
    for (let index = 1; index < items.length && (found?.length ?? 0) < limit; index++) {
      for (let earlier = 0; earlier < index; earlier++) {
        if (jsonEqual(items[index], items[earlier])) {
          found ??= [];
          found.push([index, earlier]);
          break;
        }
      }
    }
    return found ?? NO_DUPLICATES;
  }
  if (bucketKeysAllDistinct(items)) return NO_DUPLICATES;
  const duplicates: [number, number][] = [];
  const index = new DuplicateIndex((earlier) => items[earlier]);
  for (let position = 0; position < items.length && duplicates.length < limit; position++) {
    const first = index.add(items[position], position);
    if (first !== -1) duplicates.push([position, first]);
  }
  return duplicates;
}

/**
 * The bookkeeping behind `uniqueItems` for a list seen one item at a time: primitives go straight into a Map,
 * objects are bucketed by bom-ref, ref or a cheap key, and canonicalised only when their bucket already has an
 * item. bom-refs (and dependency refs) are unique in a well-formed BOM, so for the long lists (components,
 * services, dependencies) buckets almost never collide. Used by `findDuplicateItems` over a whole list and by the
 * streaming reader (ingest-stream.ts), which has dropped earlier items and reads them again on a collision.
 */
export class DuplicateIndex {
  private readonly byPrimitive = new Map<unknown, number>();
  private readonly byBomRef = new Map<string, number>();
  private readonly byRef = new Map<string, number>();
  private readonly byCheapKey = new Map<string, number>();
  private byCanonical: Map<string, number> | undefined;
  private canonicalised: Set<number> | undefined;

  /**
   * @param earlier the item at an earlier index (only called when a bucket collides).
   * @param skipBomRefs leave out objects with a bom-ref: for lists whose bom-refs the caller already requires to
   *   be unique (two equal objects share their bom-ref, so the caller has seen that duplicate).
   */
  constructor(
    private readonly earlier: (index: number) => unknown,
    private readonly skipBomRefs = false,
  ) {}

  /** Records `item` at `index`; returns the index of an earlier item equal to it, or -1. */
  add(item: unknown, index: number): number {
    if (item === null || typeof item !== "object") {
      // Map keys use SameValueZero: "1" and 1 stay apart, 0 and -0 meet, exactly like JSON deep equality.
      const first = this.byPrimitive.get(item);
      if (first !== undefined) return first;
      this.byPrimitive.set(item, index);
      return -1;
    }
    let bucket: Map<string, number>;
    let key: string;
    const record = item as Record<string, unknown>;
    if (Array.isArray(item)) {
      bucket = this.byCheapKey;
      key = `[${item.length}`;
    } else if (typeof record["bom-ref"] === "string") {
      if (this.skipBomRefs) return -1;
      bucket = this.byBomRef;
      key = record["bom-ref"] as string;
    } else if (typeof record.ref === "string") {
      bucket = this.byRef;
      key = record.ref as string;
    } else {
      bucket = this.byCheapKey;
      key = cheapKey(record);
    }
    const firstInBucket = bucket.get(key);
    if (firstInBucket === undefined) {
      bucket.set(key, index);
      return -1;
    }
    this.byCanonical ??= new Map();
    this.canonicalised ??= new Set();
    if (!this.canonicalised.has(firstInBucket)) {
      this.canonicalised.add(firstInBucket);
      const canonical = canonicalJson(this.earlier(firstInBucket));
      if (!this.byCanonical.has(canonical)) this.byCanonical.set(canonical, firstInBucket);
    }
    const canonical = canonicalJson(item);
    const first = this.byCanonical.get(canonical);
    if (first !== undefined) return first;
    this.byCanonical.set(canonical, index);
    return -1;
  }
}

interface LinearUniqueItems {
  (schema: unknown, data: unknown, parentSchema?: unknown, dataCxt?: { instancePath: string }): boolean;
  errors?: Partial<ErrorObject>[];
}

export const linearUniqueItems: LinearUniqueItems = (schema, data, _parentSchema, dataCxt) => {
  if (schema !== true || !Array.isArray(data) || data.length < 2) return true;
  const duplicates = findDuplicateItems(data, MAX_DUPLICATES_REPORTED_PER_LIST + 1);
  if (duplicates.length === 0) return true;
  const listPath = dataCxt?.instancePath ?? "";
  linearUniqueItems.errors = duplicates.slice(0, MAX_DUPLICATES_REPORTED_PER_LIST).map(([index, first]) => ({
    keyword: "uniqueItems",
    instancePath: `${listPath}/${index}`,
    params: { i: index, j: first },
    message: `item ${index} is identical to item ${first}; every entry of this list must be unique`,
  }));
  if (duplicates.length > MAX_DUPLICATES_REPORTED_PER_LIST) {
    linearUniqueItems.errors.push({
      keyword: "uniqueItems",
      instancePath: listPath,
      params: {},
      message: `more than ${MAX_DUPLICATES_REPORTED_PER_LIST} entries of this list repeat earlier ones; remove the duplicates`,
    });
  }
  return false;
};
