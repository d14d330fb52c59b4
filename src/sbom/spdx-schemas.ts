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
  "3.0.1": ["schemas", "spdx", "3.0.1", "spdx-json-schema.json"],
};

const validators = new Map<SpdxVersion, ValidateFunction>();

const OPTIONS = {
  strict: false,
  allErrors: true,
  verbose: true,
  addUsedSchema: false,
  validateSchema: false,
  code: { process: appendErrorsInPlace },
  loadSchema: (uri: string) => Promise.reject(new Error(`remote schemas are disabled: ${uri}`)),
} as const;

/** The validator of one SPDX version: draft-07 for 2.x, draft 2020-12 for 3.0.1. */
export function spdxSchemaValidator(version: SpdxVersion): ValidateFunction {
  const known = validators.get(version);
  if (known) return known;
  const schema = JSON.parse(readFileSync(packagePath(...SCHEMA_FILE[version]), "utf8")) as Record<string, unknown>;
  // The draft-07 `$schema` of the 2.x files is ajv's default meta-schema; 2020-12 needs its own class.
  const ajv = version === "3.0.1" ? new Ajv2020(OPTIONS) : new Ajv(OPTIONS);
  addFormats(ajv as Ajv);
  // SPDX 3 writes IRIs (`iri`, `iri-reference`), which ajv-formats cannot check: accepted as strings, as the
  // OpenVEX reader does.
  ajv.addFormat("iri", true);
  ajv.addFormat("iri-reference", true);
  const validate = ajv.compile(schema);
  validators.set(version, validate);
  return validate;
}
