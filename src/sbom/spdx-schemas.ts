/**
 * The official SPDX JSON schemas (schemas/spdx/, copied from the specification), compiled once per process on
 * first use. SPDX 2.x YAML and tag-value documents are read into the JSON shape and checked against the same
 * 2.x schema, so every serialisation of one version meets one set of rules.
 *
 * Neither schema uses `uniqueItems`, whose pairwise check made the CycloneDX schemas quadratic (schemas.ts), so
 * ajv's generated code is used as it comes, with the same rewrite of its error merging (ajv-code.ts).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { packagePath } from "../package-root.js";
import { appendErrorsInPlace } from "./ajv-code.js";
import type { SpdxVersion } from "./model.js";

const require = createRequire(import.meta.url);
const addFormats = require("ajv-formats") as (ajv: Ajv) => Ajv;

const SCHEMA_FILE: Record<SpdxVersion, string[]> = {
  "2.2": ["schemas", "spdx", "2.2", "spdx-schema.json"],
  "2.3": ["schemas", "spdx", "2.3", "spdx-schema.json"],
  "3.0.0": ["schemas", "spdx", "3.0.0", "spdx-json-schema.json"],
  "3.0.1": ["schemas", "spdx", "3.0.1", "spdx-json-schema.json"],
};

interface CompiledSpdxSchema {
  ajv: Ajv;
  schema: Record<string, unknown>;
  validate: ValidateFunction;
  /** SPDX 2: the item validators of the lists the streaming reader reads entry by entry (see below). */
  items?: ReadonlyMap<string, ValidateFunction> | null;
  /** SPDX 3: the classes a graph item may be (spdx3ClassValidator). */
  classes: ReadonlySet<string>;
}

const compiled = new Map<SpdxVersion, CompiledSpdxSchema>();
const elementValidators = new Map<string, ValidateFunction>();

const OPTIONS = {
  strict: false,
  allErrors: true,
  verbose: true,
  addUsedSchema: false,
  validateSchema: false,
  code: { process: appendErrorsInPlace },
  loadSchema: (uri: string) => Promise.reject(new Error(`remote schemas are disabled: ${uri}`)),
} as const;

/** The validator of one SPDX version: draft-07 for 2.x, draft 2020-12 for 3.0.x. */
export function spdxSchemaValidator(version: SpdxVersion): ValidateFunction {
  return compile(version).validate;
}

function compile(version: SpdxVersion): CompiledSpdxSchema {
  const known = compiled.get(version);
  if (known) return known;
  const schema = JSON.parse(readFileSync(packagePath(...SCHEMA_FILE[version]), "utf8")) as Record<string, unknown>;
  // The draft-07 `$schema` of the 2.x files is ajv's default meta-schema; 2020-12 needs its own class.
  const ajv = version.startsWith("3.") ? new Ajv2020(OPTIONS) : new Ajv(OPTIONS);
  addFormats(ajv as Ajv);
  // SPDX 3 writes IRIs (`iri`, `iri-reference`), which ajv-formats cannot check: accepted as strings, as the
  // OpenVEX reader does.
  ajv.addFormat("iri", true);
  ajv.addFormat("iri-reference", true);
  const validate = ajv.compile(schema);
  const classes = classNames(schema);
  // SPDX 3's classes are compiled one by one from this schema, by its key (spdx3ClassValidator).
  if (classes.size > 0) ajv.addSchema(schema, schemaKey(version));
  const entry: CompiledSpdxSchema = { ajv: ajv as Ajv, schema, validate, classes };
  compiled.set(version, entry);
  return entry;
}

/** The SPDX 2 lists the streaming reader (ingest-stream.ts, spdx-stream.ts) reads one entry at a time. */
export const SPDX2_STREAMED_LISTS = ["packages", "files", "relationships"] as const;

/** Keywords of the document schema's root, and of a streamed list's own schema, that look at no list as a whole. */
const INERT_ROOT_KEYWORDS = new Set([
  "$schema",
  "$id",
  "title",
  "description",
  "$comment",
  "type",
  "properties",
  "required",
  "additionalProperties",
]);
const INERT_LIST_KEYWORDS = new Set(["type", "items", "title", "description", "$comment"]);

/**
 * For SPDX 2.2 and 2.3, the validator of one entry of each streamed list: the list's own `items` schema,
 * compiled by the same ajv instance (same formats, same options) as the whole document's. A document is valid
 * exactly when its entries each meet that schema and the rest of it, with those lists empty, meets the whole
 * schema, as long as neither the root nor the lists' own schemas carry a keyword that looks at a list as a whole
 * (a length, a combinator, a conditional): checked here from the schema itself, and `undefined` (nothing is
 * streamed) when a schema ever does. The 2.x schemas have no `$ref`, so an `items` schema compiles on its own.
 */
export function spdx2ItemValidators(version: "2.2" | "2.3"): ReadonlyMap<string, ValidateFunction> | undefined {
  const entry = compile(version);
  if (entry.items !== undefined) return entry.items ?? undefined;
  entry.items = null;
  if (!Object.keys(entry.schema).every((key) => INERT_ROOT_KEYWORDS.has(key))) return undefined;
  const properties = (entry.schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const items = new Map<string, ValidateFunction>();
  for (const name of SPDX2_STREAMED_LISTS) {
    const list = properties[name];
    if (list?.type !== "array" || !Object.keys(list).every((key) => INERT_LIST_KEYWORDS.has(key))) return undefined;
    const item = list.items;
    if (item === null || typeof item !== "object" || Array.isArray(item)) return undefined;
    items.set(name, entry.ajv.compile(item as Record<string, unknown>));
  }
  entry.items = items;
  return items;
}

/** SPDX 3: the classes a graph item may be, the `$defs` the schema's `AnyClass` lists. */
function classNames(schema: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  const defs = schema.$defs as Record<string, { anyOf?: { $ref?: unknown }[] }> | undefined;
  for (const branch of defs?.AnyClass?.anyOf ?? [])
    if (typeof branch.$ref === "string" && branch.$ref.startsWith("#/$defs/"))
      names.add(branch.$ref.slice("#/$defs/".length));
  return names;
}

function schemaKey(version: SpdxVersion): string {
  return `spdx-${version}`;
}

/**
 * SPDX 3: the schema's definition of one class (`software_Package`), closed as the document schema closes each
 * graph item; undefined for a name the version does not define. The whole-document schema tries every class for
 * every item, so its errors for one bad property are a list of every class the item is not; checked against its
 * own `type`, an item's errors are about that item.
 */
export function spdx3ClassValidator(version: SpdxVersion, type: string): ValidateFunction | undefined {
  const compiler = compile(version);
  // Only the schema's own class names are compiled and kept: a document's made-up types cost nothing.
  if (!compiler.classes.has(type)) return undefined;
  const cacheKey = `${version} ${type}`;
  let validate = elementValidators.get(cacheKey);
  if (validate === undefined) {
    validate = compiler.ajv.compile({
      $ref: `${schemaKey(version)}#/$defs/${type}`,
      type: "object",
      unevaluatedProperties: false,
    });
    elementValidators.set(cacheKey, validate);
  }
  return validate;
}
