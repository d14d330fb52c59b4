/**
 * The official CycloneDX schemas, as bundled in @cyclonedx/cyclonedx-library (res/schema), compiled offline.
 *
 * JSON: ajv (draft-07: every bundled schema declares http://json-schema.org/draft-07/schema#), configured as the
 * library's own validator is (strict off, no remote loading, ajv-formats + idn-email, iri-reference accepted),
 * with one deliberate change: `uniqueItems` is replaced by an O(n) keyword. ajv checks `uniqueItems` pairwise,
 * which made the library's validator take 16 s at 10k components and 390 s at 50k.
 * XML: the XSDs, parsed once per version with libxml2's network access and entity substitution off.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from "ajv";
import { parseXml, type Document as XmlDocument } from "libxmljs2";
import { canonicalJson } from "../json/canonical.js";
import type { SpecVersion } from "./model.js";

const require = createRequire(import.meta.url);
const addFormats = require("ajv-formats") as (ajv: Ajv) => Ajv;
/** The `idn-email` checker the CycloneDX library uses (ajv-formats-draft2019, built on smtp-address-parser). */
const parseIdnEmail = require("ajv-formats-draft2019/formats/idn-email.js") as (value: string) => boolean;

/**
 * smtp-address-parser runs an Earley parser (nearley) per address: profiled on a 50k-component SBOM with one
 * supplier e-mail per component, it took about 12 s of a 13 s validation (shared 2-core machine), and a hostile
 * 960-character address costs it over 100 ms. Its grammar is Mailbox = Local-part "@" (Domain / address-literal),
 * with Local-part = Dot-string / Quoted-string (RFC 5321 §4.1.2, UTF-8 allowed as in RFC 6531), read per UTF-16
 * code unit. The expressions below are exactly those productions; every one is unambiguous, so the parser's
 * "exactly one parse" rule holds, and the checks after them are the library's own post-parse checks. Only
 * address literals (`[…]`, at most a few dozen characters) still go to the library, with the local part replaced
 * by `a`: the two halves parse independently. So the verdict is always the library's, in linear time.
 */
const ATEXT = "[0-9A-Za-z!#$%&'*+\\-/=?^_`{|}~\\u0080-\\uFFFF]+";
const QUOTED_STRING = '"(?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e\\u0080-\\uFFFF]|\\\\[\\x20-\\x7e])*"';
const LET_DIG = "[0-9A-Za-z\\u0080-\\uFFFF]";
const LABEL = `${LET_DIG}(?:[-0-9A-Za-z\\u0080-\\uFFFF]*${LET_DIG})?`;
// Sticky, and run with test(): lastIndex then gives where the match ended, so checking an address allocates no
// match array, domain substring or label list (profiled: ~0.7 µs per address, half of it allocation, at 50k).
const LOCAL_PART_AND_AT = new RegExp(`(?:${ATEXT}(?:\\.${ATEXT})*|${QUOTED_STRING})@`, "y");
const DOMAIN = new RegExp(`${LABEL}(?:\\.${LABEL})*$`, "y");
/** smtp-address-parser refuses addresses longer than an SMTP line minus `MAIL FROM:<>\r\n`. */
const MAX_MAILBOX_LENGTH = 1000 - "MAIL FROM:<>\r\n".length;

export function isIdnEmail(value: string): boolean {
  if (value.length > MAX_MAILBOX_LENGTH) return false;
  LOCAL_PART_AND_AT.lastIndex = 0;
  if (!LOCAL_PART_AND_AT.test(value)) return false; // No Local-part followed by "@": the grammar cannot derive it.
  const domainStart = LOCAL_PART_AND_AT.lastIndex;
  if (value.charCodeAt(domainStart) === 0x5b /* [ */) return parseIdnEmail(`a@${value.slice(domainStart)}`);
  DOMAIN.lastIndex = domainStart;
  if (!DOMAIN.test(value)) return false;
  if (value.length - domainStart > 253) return false;
  // At least two labels, none over 63 characters, the last at least two: walked by index, no split.
  let labelStart = domainStart;
  let labels = 0;
  while (true) {
    const dot = value.indexOf(".", labelStart);
    const labelEnd = dot === -1 ? value.length : dot;
    if (labelEnd - labelStart > 63) return false;
    labels++;
    if (dot === -1) return labels >= 2 && labelEnd - labelStart >= 2;
    labelStart = dot + 1;
  }
}

export const SUPPORTED_SPEC_VERSIONS: readonly SpecVersion[] = ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"];

export function isSupportedSpecVersion(value: unknown): value is SpecVersion {
  return typeof value === "string" && (SUPPORTED_SPEC_VERSIONS as readonly string[]).includes(value);
}

export const SCHEMA_DIR = join(dirname(require.resolve("@cyclonedx/cyclonedx-library/package.json")), "res", "schema");

/**
 * The standard schema of each version. For 1.2 and 1.3 the specification also publishes "strict" variants, the
 * same schemas with `additionalProperties: false`: the standard ones allow extra properties, so a document with
 * them is valid 1.2/1.3 and is accepted; the strict variant then only yields warnings (see validate-json.ts).
 * From 1.4 on, the standard schemas are strict themselves.
 */
const JSON_SCHEMA_FILE: Record<SpecVersion, string> = {
  "1.2": "bom-1.2.SNAPSHOT.schema.json",
  "1.3": "bom-1.3.SNAPSHOT.schema.json",
  "1.4": "bom-1.4.SNAPSHOT.schema.json",
  "1.5": "bom-1.5.SNAPSHOT.schema.json",
  "1.6": "bom-1.6.SNAPSHOT.schema.json",
  "1.7": "bom-1.7.SNAPSHOT.schema.json",
};

const STRICT_JSON_SCHEMA_FILE: Partial<Record<SpecVersion, string>> = {
  "1.2": "bom-1.2-strict.SNAPSHOT.schema.json",
  "1.3": "bom-1.3-strict.SNAPSHOT.schema.json",
};

/** Whether a version has a separate strict variant (only 1.2 and 1.3). */
export function hasStrictVariant(version: SpecVersion): boolean {
  return STRICT_JSON_SCHEMA_FILE[version] !== undefined;
}

/** The schemas the bom schemas `$ref` by relative file name; registered under the URIs those refs resolve to. */
const REFERENCED_JSON_SCHEMAS = [
  "spdx.SNAPSHOT.schema.json",
  "jsf-0.82.SNAPSHOT.schema.json",
  "cryptography-defs.SNAPSHOT.schema.json",
];

/** Name of the linear replacement for `uniqueItems`. Errors it raises still say `uniqueItems` (see below). */
const UNIQUE_ITEMS_KEYWORD = "uniqueItemsLinear";

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

const linearUniqueItems: LinearUniqueItems = (schema, data, _parentSchema, dataCxt) => {
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

/** Name of the Set-backed replacement for long all-string `enum`s. Its errors say `enum`, like the original. */
const STRING_SET_KEYWORD = "enumStringSet";

/**
 * ajv checks an `enum` of 200 or more values with a loop of deep-equality calls: the SPDX licence list (about 700
 * ids) then costs hundreds of calls per licence. For all-string enums a Set answers the same question
 * (`data === one of them`) in one lookup. Below this size ajv's inline `===` chain is as fast.
 */
const STRING_SET_MIN_SIZE = 32;

const stringSets = new WeakMap<readonly unknown[], Set<unknown>>();

interface StringSetEnum {
  (schema: readonly unknown[], data: unknown): boolean;
  errors?: Partial<ErrorObject>[];
}

const stringSetEnum: StringSetEnum = (schema, data) => {
  let set = stringSets.get(schema);
  if (!set) {
    set = new Set(schema);
    stringSets.set(schema, set);
  }
  if (typeof data === "string" && set.has(data)) return true;
  stringSetEnum.errors = [
    { keyword: "enum", params: { allowedValues: schema }, message: "must be equal to one of the allowed values" },
  ];
  return false;
};

/**
 * A copy of a schema with `uniqueItems: true` and long all-string `enum`s swapped for the linear keywords above.
 * Only keywords are rewritten: under `properties`/`definitions` the keys are names, so a property that happens
 * to be called uniqueItems or enum stays as it is.
 */
function prepareSchema(node: unknown, keysAreNames = false): unknown {
  if (Array.isArray(node)) return node.map((child) => prepareSchema(child));
  if (node === null || typeof node !== "object") return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!keysAreNames && key === "uniqueItems" && value === true) {
      copy[UNIQUE_ITEMS_KEYWORD] = true;
    } else if (
      !keysAreNames &&
      key === "enum" &&
      Array.isArray(value) &&
      value.length >= STRING_SET_MIN_SIZE &&
      value.every((entry) => typeof entry === "string")
    ) {
      copy[STRING_SET_KEYWORD] = value;
    } else if (!keysAreNames && (key === "enum" || key === "const" || key === "examples" || key === "default")) {
      copy[key] = value; // Data, not schema: never rewritten.
    } else {
      const isNameMap = key === "properties" || key === "definitions" || key === "patternProperties";
      copy[key] = prepareSchema(value, !keysAreNames && isNameMap);
    }
  }
  return copy;
}

function readJsonSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, file), "utf8")) as Record<string, unknown>;
}

/**
 * Patterns that V8 runs slowly, answered by equivalent code. The hash pattern backtracks through its five
 * alternatives on every digest: profiled on a 50k-component SBOM with one SHA-512 per component it was 30% of
 * validation time (3–4 µs per hash). `^(.*)$` (88 uses, on names and descriptions) means "no line terminator",
 * since `.` matches anything else, lone surrogates included under the `u` flag.
 */
const HASH_CONTENT_PATTERN = "^([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$";
const HASH_LENGTHS = new Set([32, 40, 64, 96, 128]);
function isHex(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (!((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66)))
      return false;
  }
  return true;
}
const SINGLE_LINE_PATTERN = "^(.*)$";
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

type PatternMatcher = { test(text: string): boolean; toString(): string };
type RegExpEngine = Exclude<NonNullable<Options["code"]>["regExp"], undefined>;

/** ajv keys its cache of compiled patterns by `toString()`, so each matcher must print as its own pattern. */
function matcher(pattern: string, test: (text: string) => boolean): PatternMatcher {
  return { test, toString: () => `/${pattern}/` };
}

const regExpEngine: RegExpEngine = Object.assign(
  (pattern: string, flags: string): PatternMatcher => {
    if (pattern === HASH_CONTENT_PATTERN)
      return matcher(pattern, (text) => HASH_LENGTHS.has(text.length) && isHex(text));
    if (pattern === SINGLE_LINE_PATTERN) return matcher(pattern, (text) => !LINE_TERMINATOR.test(text));
    return new RegExp(pattern, flags);
  },
  { code: "new RegExp" },
);

/**
 * ajv (8.20) merges the errors of every `$ref` call and custom keyword with `vErrors.concat(callee.errors)`,
 * which copies every error collected so far: a document with n failing components costs O(n²). Measured: 40,000
 * components with a bad licence choice took 55 s in ajv alone (20,000: 6.9 s). Appending in place gives the same
 * list in O(n). Taking the callee's array as our own when we have none is safe: each call of a validate function
 * (and each failure of our keywords) starts a fresh array.
 */
const CONCAT_ERRORS = /vErrors = vErrors === null \? ([\w$.]+)\.errors : vErrors\.concat\(\1\.errors\);/g;

function appendErrorsInPlace(code: string): string {
  return code.replace(
    CONCAT_ERRORS,
    (_match, source: string) =>
      `if (vErrors === null) { vErrors = ${source}.errors; } else { for (const e of ${source}.errors) vErrors.push(e); }`,
  );
}

/**
 * One validator per version, with allErrors (every error, not just the first) and verbose (errors carry the
 * offending value, for plain messages). Measured on a 50k-component SBOM: within noise of a stop-at-first-error
 * validator (262–457 ms vs 265–453 ms over ten alternating runs), so a second fast-path validator, which would
 * double the 0.1–0.5 s compile for every failed document, is not worth having.
 */
function newAjv(): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true,
    useDefaults: false,
    addUsedSchema: false,
    validateSchema: false,
    code: { regExp: regExpEngine, process: appendErrorsInPlace },
    loadSchema: (uri: string) => Promise.reject(new Error(`remote schemas are disabled: ${uri}`)),
  });
  addFormats(ajv);
  ajv.addFormat("idn-email", isIdnEmail);
  // The library accepts any iri-reference (ajv-formats has no IRI checker); do the same so verdicts agree.
  ajv.addFormat("iri-reference", true);
  ajv.addKeyword({
    keyword: UNIQUE_ITEMS_KEYWORD,
    type: "array",
    schemaType: "boolean",
    errors: true,
    validate: linearUniqueItems,
  });
  // No `type` restriction: like `enum`, it must also reject a number or an object where a string is expected.
  ajv.addKeyword({ keyword: STRING_SET_KEYWORD, schemaType: "array", errors: true, validate: stringSetEnum });
  for (const file of REFERENCED_JSON_SCHEMAS) {
    const schema = prepareSchema(readJsonSchema(file)) as Record<string, unknown>;
    ajv.addSchema(schema, `http://cyclonedx.org/schema/${file}`);
  }
  return ajv;
}

export interface CompiledJsonSchema {
  validate: ValidateFunction;
  /**
   * For each top-level list whose schema is exactly "an array of unique `$ref` items" (components, services,
   * dependencies and, from 1.4, vulnerabilities), the validator of one item: the same compiled definition the
   * whole-document validator calls for each entry. The streaming reader (ingest-stream.ts) validates such lists
   * one entry at a time with these, and the rest of the document with `validate`.
   */
  itemValidators: ReadonlyMap<string, ValidateFunction>;
  /** Milliseconds spent compiling (the first use of a version pays it; later uses are cached). */
  compileMs: number;
}

/** Keywords a streamed list's own schema may carry: anything else would constrain the list as a whole. */
const STREAMABLE_LIST_KEYWORDS = new Set([
  "$id",
  "type",
  "items",
  UNIQUE_ITEMS_KEYWORD,
  "additionalItems",
  "title",
  "description",
  "$comment",
]);

/**
 * The top-level properties whose schema is `{ type: "array", items: { $ref }, uniqueItems: true }` and nothing
 * that looks at the list as a whole (`additionalItems` is inert next to a single `items` schema), with the
 * `$ref` of their items. Read from the schema itself, so a new version's lists are found, or left alone.
 */
function streamableLists(schema: Record<string, unknown>): Map<string, string> {
  const lists = new Map<string, string>();
  const rootKeywords = Object.keys(schema).filter(
    (key) =>
      ![
        "$schema",
        "$id",
        "type",
        "title",
        "$comment",
        "required",
        "additionalProperties",
        "properties",
        "definitions",
      ].includes(key),
  );
  // A combinator or conditional at the root could look into the lists: then nothing is streamed.
  if (rootKeywords.length > 0) return lists;
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const name of ["components", "services", "dependencies", "vulnerabilities"]) {
    const list = properties[name];
    if (list?.type !== "array" || list[UNIQUE_ITEMS_KEYWORD] !== true) continue;
    if (!Object.keys(list).every((key) => STREAMABLE_LIST_KEYWORDS.has(key))) continue;
    const items = list.items as Record<string, unknown> | undefined;
    if (
      !items ||
      Object.keys(items).length !== 1 ||
      typeof items.$ref !== "string" ||
      !items.$ref.startsWith("#/definitions/")
    )
      continue;
    lists.set(name, items.$ref);
  }
  return lists;
}

const jsonValidators = new Map<string, CompiledJsonSchema>();

/**
 * The compiled schema of one spec version, compiled on first use and cached for the life of the process.
 * `strict` selects the strict variant where one exists (1.2, 1.3); elsewhere it is the standard schema.
 */
export function jsonSchemaValidator(
  version: SpecVersion,
  variant: "standard" | "strict" = "standard",
): CompiledJsonSchema {
  const file = (variant === "strict" ? STRICT_JSON_SCHEMA_FILE[version] : undefined) ?? JSON_SCHEMA_FILE[version];
  const cached = jsonValidators.get(file);
  if (cached) return cached;
  const started = performance.now();
  const ajv = newAjv();
  const schema = prepareSchema(readJsonSchema(file)) as Record<string, unknown>;
  // The bom schema's own $id ends in e.g. bom-1.2b.schema.json; relative refs resolve against
  // http://cyclonedx.org/schema/, where the referenced schemas are registered above.
  const id = schema.$id;
  if (typeof id !== "string") throw new Error(`${file} has no $id`);
  ajv.addSchema(schema, id);
  const validate = ajv.getSchema(id);
  if (!validate) throw new Error(`${file} did not compile`);
  const itemValidators = new Map<string, ValidateFunction>();
  for (const [name, ref] of streamableLists(schema)) {
    const item = ajv.getSchema(`${id}${ref}`);
    if (item) itemValidators.set(name, item);
  }
  const compiled = { validate, itemValidators, compileMs: performance.now() - started };
  jsonValidators.set(file, compiled);
  return compiled;
}

const xmlSchemas = new Map<SpecVersion, XmlDocument>();

/** The parsed XSD of one spec version (it imports spdx.SNAPSHOT.xsd from the same folder, found via baseUrl). */
export function xmlSchema(version: SpecVersion): XmlDocument {
  const cached = xmlSchemas.get(version);
  if (cached) return cached;
  const path = join(SCHEMA_DIR, `bom-${version}.SNAPSHOT.xsd`);
  const schema = parseXml(readFileSync(path, "utf8"), {
    nonet: true,
    noent: false,
    dtdload: false,
    baseUrl: pathToFileURL(path).toString(),
  });
  xmlSchemas.set(version, schema);
  return schema;
}
