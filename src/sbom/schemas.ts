/**
 * The official CycloneDX schemas, as bundled in @cyclonedx/cyclonedx-library (res/schema), compiled offline.
 *
 * JSON: ajv (draft-07: every bundled schema declares http://json-schema.org/draft-07/schema#), configured as the
 * library's own validator is (strict off, no remote loading, ajv-formats + idn-email, iri-reference accepted),
 * with one deliberate change: `uniqueItems` is replaced by an O(n) keyword. ajv checks `uniqueItems` pairwise,
 * which made the library's validator take 16 s at 10k components and 390 s at 50k.
 * XML: the XSDs, parsed once per version with libxml2's network access and entity substitution off.
 * The e-mail grammar (idn-email.ts), the uniqueness index (unique-items.ts) and the changes to ajv's generated
 * code (ajv-code.ts) live beside this file; this one loads and compiles the schemas.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { Document as XmlDocument } from "libxmljs2";
import { appendErrorsInPlace, regExpEngine } from "./ajv-code.js";
import { isIdnEmail } from "./idn-email.js";
import type { SpecVersion } from "./model.js";
import { linearUniqueItems, UNIQUE_ITEMS_KEYWORD } from "./unique-items.js";

const require = createRequire(import.meta.url);
const addFormats = require("ajv-formats") as (ajv: Ajv) => Ajv;

type LibXml = typeof import("libxmljs2");
let libxml: LibXml | undefined;

/**
 * libxmljs2's parser, the addon loaded on the first XML document (an XSD or an SBOM): reading JSON never needs
 * libxml2, so `sbom validate` and `assess` on a JSON document do not load it.
 */
export function parseXml(...args: Parameters<LibXml["parseXml"]>): XmlDocument {
  libxml ??= require("libxmljs2") as LibXml;
  return libxml.parseXml(...args);
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
