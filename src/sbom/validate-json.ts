/**
 * CycloneDX JSON: depth guard, parse, version detection, schema validation, reference integrity.
 * Every problem becomes a located `InputIssue` with a plain message; nothing here throws for bad input.
 */
import type { ErrorObject } from "ajv";
import { type InputIssue, MAX_REPORTED_ISSUES } from "../domain/input-issue.js";
import { countParsedMembers, duplicateMemberIssues } from "../json/duplicate-members.js";
import { pointerToken } from "../json/pointer.js";
import { jsonSyntaxIssue, lineColumnAt } from "../json/syntax.js";
import { asJsonObject } from "../json/value.js";
import { classifyJson } from "./detect.js";
import { scanJsonStructure } from "./guard.js";
import type { SbomSpecVersion, SbomStandard, SpecVersion } from "./model.js";
import { hasStrictVariant, jsonSchemaValidator } from "./schemas.js";

export type JsonValidation =
  /** SPDX JSON: parsed, for spdx-validate.ts (2.x) or spdx3-reader.ts (3.x) to check. */
  | { ok: "spdx"; json: Record<string, unknown>; generation: 2 | 3 }
  | {
      ok: true;
      specVersion: SpecVersion;
      json: Record<string, unknown>;
      componentCount: number;
      warnings: InputIssue[];
    }
  | {
      ok: false;
      specVersion?: string;
      issues: InputIssue[];
      /** Further schema errors, counted but not worded: they fall past the reporting cap anyway. */
      unlisted?: number;
      /** The parsed document when it broke only the schema or the references (for `sbom inspect`'s facts). */
      unvalidated?: { json: Record<string, unknown>; specVersion: SpecVersion };
    };

export function validateJsonText(text: string, maxDepth: number): JsonValidation {
  const { tooDeep, members } = scanJsonStructure(text, maxDepth);
  if (tooDeep !== undefined) {
    return {
      ok: false,
      issues: [
        {
          ...lineColumnAt(text, tooDeep),
          constraint: "depth-limit",
          message: `the document nests objects and arrays more than ${maxDepth} levels deep; no CycloneDX BOM needs that, so it is refused rather than parsed`,
        },
      ],
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, issues: [jsonSyntaxIssue(text, error)] };
  }
  // A repeated member name is refused as malformed, before anything reads the document: JSON.parse kept the last
  // value, another tool may keep the first, so there is no one set of facts to assess (an SBOM that shows one
  // component list to one tool and another to this one). The CycloneDX and SPDX JSON schemas cannot say it (they
  // see the parsed value), but RFC 8259 leaves such an object's meaning open, and the project already refuses
  // repeated names in YAML and JSON declarations, catalogs and SPDX YAML (structured-input.ts). Compared by count
  // first: the guard's pass counted the members written, so the located scan runs only when one is missing.
  if (members !== countParsedMembers(value)) {
    const duplicates = duplicateMemberIssues(text, MAX_REPORTED_ISSUES);
    if (duplicates.length > 0) return { ok: false, issues: duplicates };
  }
  const classified = classifyJson(value);
  if (classified.kind === "spdx")
    return { ok: "spdx", json: value as Record<string, unknown>, generation: classified.generation };
  if (classified.kind === "rejected")
    return { ok: false, specVersion: classified.specVersion, issues: [classified.issue] };
  const { specVersion } = classified;
  const json = value as Record<string, unknown>;

  let schemaIssues: InputIssue[] = [];
  let unworded = 0;
  const strictWarnings: InputIssue[] = [];
  try {
    const { validate } = jsonSchemaValidator(specVersion);
    if (!validate(json)) {
      const explained = explainSchemaErrors(validate.errors ?? [], specVersion, MAX_REPORTED_ISSUES);
      schemaIssues = explained.issues;
      unworded = explained.more;
    } else if (hasStrictVariant(specVersion)) {
      // Valid 1.2/1.3 may carry properties the specification does not define (its standard schemas allow them);
      // the strict variant names them, as warnings: most are typos or tool-specific data.
      const strict = jsonSchemaValidator(specVersion, "strict").validate;
      if (!strict(json)) {
        for (const issue of explainSchemaErrors(strict.errors ?? [], specVersion, MAX_REPORTED_ISSUES).issues) {
          strictWarnings.push({
            ...issue,
            message: `${issue.message} (allowed by the standard CycloneDX ${specVersion} schema, refused by its strict variant)`,
          });
        }
      }
    }
  } catch (error) {
    // The depth guard keeps documents within reach of ajv's recursion; a larger configured limit may not.
    if (error instanceof RangeError) {
      return {
        ok: false,
        specVersion,
        issues: [
          {
            path: "",
            constraint: "depth-limit",
            message: "the document nests too deeply to be validated; lower its nesting depth",
          },
        ],
      };
    }
    throw error;
  }
  const references = checkReferences(json);
  const issues = [...schemaIssues, ...references.errors];
  if (issues.length > 0 || unworded > 0)
    return { ok: false, specVersion, issues, unlisted: unworded, unvalidated: { json, specVersion } };
  return {
    ok: true,
    specVersion,
    json,
    componentCount: references.componentCount,
    warnings: strictWarnings,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Schema errors in plain words

function quote(value: unknown, max = 80): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  return `a ${typeof value}`;
}

const FORMAT_HINTS: Record<string, string> = {
  "date-time": "an RFC 3339 date and time such as 2025-03-01T12:00:00Z",
  date: "a date such as 2025-03-01",
  "idn-email": "an e-mail address",
  email: "an e-mail address",
  uri: "an absolute URI such as https://example.com/",
  "iri-reference": "a URI or IRI reference",
};

/** Hints for the schema's patterns, keyed by what the pattern is for (recognised by its text). */
function patternHint(pattern: string): string {
  if (pattern.startsWith("^urn:uuid:"))
    return "a serial number of the form urn:uuid: followed by a lowercase RFC 4122 UUID";
  if (pattern.includes("{32}") && pattern.includes("{128}"))
    return "a hash value in hexadecimal (32, 40, 64, 96 or 128 digits)";
  return `text matching the pattern ${pattern}`;
}

/** The schema's own "Requirement: …" descriptions read well as messages once the label and final stop go. */
function requirementText(schema: unknown): string | undefined {
  const description = (schema as { description?: unknown } | undefined)?.description;
  if (typeof description !== "string") return undefined;
  return description.replace(/^Requirement:\s*/i, "").replace(/\.\s*$/, "");
}

function describeNot(schema: unknown, parentSchema: unknown): string {
  const description = requirementText(parentSchema);
  if (description !== undefined) return description;
  const required = (schema as { required?: unknown } | undefined)?.required;
  if (Array.isArray(required) && required.length > 0) {
    return required.length === 1
      ? `property "${required[0]}" is not allowed here`
      : `properties ${required.map((name) => `"${name}"`).join(" and ")} must not appear together`;
  }
  return "this value matches a form the schema forbids here";
}

function leafMessage(
  error: ErrorObject,
  specVersion: SbomSpecVersion,
  standard: SbomStandard,
): { path: string; message: string } {
  const params = error.params as Record<string, unknown>;
  const path = error.instancePath;
  const data: unknown = error.data;
  switch (error.keyword) {
    case "required":
      return { path, message: `missing required property "${String(params.missingProperty)}"` };
    case "additionalProperties":
    case "unevaluatedProperties": {
      // SPDX 3's schema (draft 2020-12) closes its classes with `unevaluatedProperties`.
      const property = String(params.additionalProperty ?? params.unevaluatedProperty);
      return {
        path: `${path}/${pointerToken(property)}`,
        // `properties` (name/value pairs for custom data) exists from 1.3 on.
        message:
          standard === "SPDX"
            ? `property "${property}" is not defined here by SPDX ${specVersion}; remove it, or record custom data as an annotation or a comment`
            : `property "${property}" is not defined here by CycloneDX ${specVersion}; ${specVersion === "1.2" ? "remove it" : 'remove it, or record custom data as an entry of "properties"'}`,
      };
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[] | undefined) ?? [];
      if (error.schemaPath.startsWith("spdx.")) {
        return {
          path,
          message: `${quote(data)} is not an SPDX licence identifier; use the exact SPDX id (case matters), put a licence outside the SPDX list in "name", or write an SPDX "expression"`,
        };
      }
      const list =
        allowed.length <= 25
          ? allowed.map((value) => quote(value)).join(", ")
          : `${allowed
              .slice(0, 25)
              .map((value) => quote(value))
              .join(", ")}, … (${allowed.length} in all)`;
      return { path, message: `${quote(data)} is not an allowed value here; use one of: ${list}` };
    }
    case "const":
      return { path, message: `must be ${quote(params.allowedValue)}, found ${quote(data)}` };
    case "type":
      return { path, message: `must be ${String(params.type).replaceAll(",", " or ")}, found ${typeName(data)}` };
    case "format": {
      const format = String(params.format);
      return { path, message: `${quote(data)} is not ${FORMAT_HINTS[format] ?? `a valid ${format}`}` };
    }
    case "pattern":
      return { path, message: `${quote(data)} is not ${patternHint(String(params.pattern))}` };
    case "minLength":
      return {
        path,
        message: params.limit === 1 ? "must not be empty" : `must be at least ${String(params.limit)} characters long`,
      };
    case "maxLength":
      return { path, message: `must be at most ${String(params.limit)} characters long` };
    case "minItems":
      return { path, message: `must have at least ${String(params.limit)} entr${params.limit === 1 ? "y" : "ies"}` };
    case "maxItems":
      return { path, message: `must have at most ${String(params.limit)} entr${params.limit === 1 ? "y" : "ies"}` };
    case "minProperties":
      return { path, message: "must not be an empty object" };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return { path, message: `${quote(data)} must be ${String(params.comparison)} ${String(params.limit)}` };
    case "uniqueItems":
      return { path, message: error.message ?? "entries of this list must be unique" };
    case "not":
      return { path, message: describeNot(error.schema, error.parentSchema) };
    case "false schema":
      return { path, message: "no value is allowed here" };
    case "dependencies":
    case "dependentRequired":
      return {
        path,
        message: `property "${String(params.property)}" requires property "${String(params.missingProperty)}" as well`,
      };
    default:
      return { path, message: error.message ?? `breaks the schema rule "${error.keyword}"` };
  }
}

const COMBINATORS = new Set(["oneOf", "anyOf", "if"]);

/**
 * Turns ajv's error list (allErrors, verbose) into issues. Leaf errors map one to one. A failed oneOf/anyOf/if
 * becomes one issue whose message sums up why each alternative failed, built from the branch errors raised in
 * the same schema (their schemaPath extends the combinator's); those branch errors are not repeated on their
 * own. Errors raised behind a `$ref` inside a branch carry the referenced definition's path instead, so they
 * cannot be tied to a branch and stay separate issues: nothing is dropped.
 */
export function explainSchemaErrors(
  errors: readonly ErrorObject[],
  specVersion: SbomSpecVersion,
  /** Issues past this many are counted, not worded: a flood of errors costs no messages nobody will read. */
  limit = Number.POSITIVE_INFINITY,
  standard: SbomStandard = "CycloneDX",
): { issues: InputIssue[]; more: number } {
  const absorbed = new Set<number>();
  const branchesOf = new Map<number, Map<string, number[]>>();
  errors.forEach((error, index) => {
    if (!COMBINATORS.has(error.keyword)) return;
    // Branch errors of `oneOf` live under …/oneOf/<i>/; those of `if` under the sibling …/then/ or …/else/.
    const base = error.keyword === "if" ? error.schemaPath.slice(0, -"/if".length) : error.schemaPath;
    const branchPrefix = `${base}/`;
    const branches = new Map<string, number[]>();
    // ajv pushes a combinator's branch errors as one block right before the combinator's own error (and drops
    // them when it passes), all inside the combinator's instance. Walking back stops at the first error outside
    // that instance, so a list of 20,000 failing items costs 20,000 steps, not 20,000².
    for (let k = index - 1; k >= 0; k--) {
      const candidate = errors[k]!;
      if (!isWithin(candidate.instancePath, error.instancePath)) break;
      if (absorbed.has(k) || !candidate.schemaPath.startsWith(branchPrefix)) continue;
      absorbed.add(k);
      const branch = candidate.schemaPath.slice(branchPrefix.length).split("/")[0] ?? "";
      const list = branches.get(branch) ?? [];
      list.unshift(k);
      branches.set(branch, list);
    }
    branchesOf.set(index, branches);
  });

  const messageOf = (index: number): { path: string; message: string } => {
    const error = errors[index]!;
    const branches = branchesOf.get(index);
    if (!branches) return leafMessage(error, specVersion, standard);
    const worded = new Map<string, string[]>();
    for (const [branch, members] of branches) {
      worded.set(
        branch,
        members.map((k) => {
          const relative = errors[k]!.instancePath.slice(error.instancePath.length);
          const leaf = messageOf(k).message;
          return relative ? `at ${relative}: ${leaf}` : leaf;
        }),
      );
    }
    return { path: error.instancePath, message: combinatorMessage(error, worded) };
  };

  const issues: InputIssue[] = [];
  let more = 0;
  errors.forEach((error, index) => {
    if (absorbed.has(index)) return;
    if (issues.length >= limit) {
      more++;
      return;
    }
    const { path, message } = messageOf(index);
    issues.push({ path, constraint: error.keyword, message });
  });
  return { issues, more };
}

/** Whether a JSON pointer is `base` or below it (by whole segments: /a/1 is not below /a/10). */
function isWithin(pointer: string, base: string): boolean {
  return pointer === base || (pointer.startsWith(base) && (base === "" || pointer[base.length] === "/"));
}

function summarise(messages: string[] | undefined): string {
  if (!messages || messages.length === 0) return "see the other errors reported inside this value";
  const shown = messages.slice(0, 3).join("; ");
  return messages.length > 3 ? `${shown}; and ${messages.length - 3} more` : shown;
}

function combinatorMessage(error: ErrorObject, byBranch: Map<string, string[]>): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "if") {
    const rule = requirementText(error.parentSchema) ?? "a conditional rule applies here";
    return `${rule}: ${summarise(byBranch.get(String(params.failingKeyword)))}`;
  }
  const passing = params.passingSchemas;
  if (Array.isArray(passing) && passing.length > 1) {
    return `matches more than one of the allowed forms (forms ${passing.map((i) => Number(i) + 1).join(" and ")}); it must match exactly one, so remove the properties of the others`;
  }
  const branches = Array.isArray(error.schema) ? error.schema.length : byBranch.size;
  const parts: string[] = [];
  for (let branch = 0; branch < branches; branch++) {
    parts.push(`form ${branch + 1}: ${summarise(byBranch.get(String(branch)))}`);
  }
  return `does not match any of the ${branches} allowed forms (${parts.join(" | ")})`;
}

// ---------------------------------------------------------------------------------------------------------
// Reference integrity and component count, in one pass with an explicit stack (no recursion on hostile depth).

interface ReferenceCheck {
  componentCount: number;
  errors: InputIssue[];
}

type Inventory = "components" | "services";

/**
 * Visits every inventory item in document order, depth first: `metadata.component` and its sub-components, the
 * components and their sub-components, the services and theirs. An explicit stack, so nesting depth cannot
 * overflow it. JSON pointers are built only when asked for (the error path), not for every component.
 */
function walkInventory(
  json: Record<string, unknown>,
  withPaths: boolean,
  visit: (item: Record<string, unknown>, counted: boolean, path: string) => void,
): void {
  const items: unknown[] = [];
  const paths: string[] = [];
  const kinds: Inventory[] = [];
  const counted: boolean[] = [];
  const push = (item: unknown, path: string, isCounted: boolean, kind: Inventory) => {
    items.push(item);
    paths.push(path);
    kinds.push(kind);
    counted.push(isCounted);
  };
  const pushList = (list: unknown, path: string, isCounted: boolean, kind: Inventory) => {
    if (!Array.isArray(list)) return;
    for (let index = list.length - 1; index >= 0; index--) {
      push(list[index], withPaths ? `${path}/${index}` : "", isCounted, kind);
    }
  };
  // Pushed last-first, so that items pop in document order.
  pushList(json.services, "/services", false, "services");
  pushList(json.components, "/components", true, "components");
  const metadata = asJsonObject(json.metadata);
  if (metadata?.component !== undefined) push(metadata.component, "/metadata/component", false, "components");
  while (items.length > 0) {
    const item = asJsonObject(items.pop());
    const path = paths.pop()!;
    const kind = kinds.pop()!;
    const isCounted = counted.pop()!;
    if (!item) continue;
    visit(item, isCounted, path);
    // The product's own sub-components are components of the model (normalize.ts lists them); the product is not.
    pushList(item[kind], withPaths ? `${path}/${kind}` : "", isCounted || item === metadata?.component, kind);
  }
}

/**
 * bom-refs must be unique within a BOM, and a dependency's `ref` and `dependsOn` must name a bom-ref in the same
 * BOM (CycloneDX 1.4+ `refLinkType`: "an identifier ... within the BOM"). A broken reference is malformed input.
 * The targets are the components (nested ones too, and `metadata.component` with its own sub-components) and
 * the services (nested too): the things the dependency graph is defined over. Checked against the conformance
 * suite: no valid-* document has a dangling or duplicate reference under this rule.
 */
export function checkReferences(json: Record<string, unknown>): ReferenceCheck {
  const errors: InputIssue[] = [];
  const targets = new Set<string>();
  let componentCount = 0;
  let duplicated = false;
  walkInventory(json, false, (item, counted) => {
    if (counted) componentCount++;
    const bomRef = item["bom-ref"];
    if (typeof bomRef !== "string") return;
    // One hash probe, not two: a Set that does not grow already held the ref.
    const before = targets.size;
    targets.add(bomRef);
    if (targets.size === before) duplicated = true;
  });
  if (duplicated) {
    // Rare: walk again, this time with JSON pointers, to say where each duplicate and its first use are.
    const firstPathOfRef = new Map<string, string>();
    walkInventory(json, true, (item, _counted, path) => {
      const bomRef = item["bom-ref"];
      if (typeof bomRef !== "string") return;
      const first = firstPathOfRef.get(bomRef);
      if (first === undefined) firstPathOfRef.set(bomRef, path);
      else {
        errors.push({
          path: `${path}/bom-ref`,
          constraint: "duplicate-bom-ref",
          message: `bom-ref ${quote(bomRef)} is already used at ${first}; every bom-ref must be unique within the BOM`,
        });
      }
    });
  }

  const dependencies = json.dependencies;
  if (Array.isArray(dependencies)) {
    for (let index = 0; index < dependencies.length; index++) {
      const dependency = asJsonObject(dependencies[index]);
      if (!dependency) continue;
      const ref = dependency.ref;
      if (typeof ref === "string" && ref !== "" && !targets.has(ref)) {
        errors.push(danglingRef(`/dependencies/${index}/ref`, ref));
      }
      const dependsOn = dependency.dependsOn;
      if (Array.isArray(dependsOn)) {
        for (let k = 0; k < dependsOn.length; k++) {
          const target = dependsOn[k];
          if (typeof target === "string" && target !== "" && !targets.has(target)) {
            errors.push(danglingRef(`/dependencies/${index}/dependsOn/${k}`, target));
          }
        }
      }
    }
  }
  return { componentCount, errors };
}

function danglingRef(path: string, ref: string): InputIssue {
  return {
    path,
    constraint: "dangling-ref",
    message: `${quote(ref)} is not the bom-ref of any component or service in this BOM; fix the reference or add the missing component`,
  };
}
