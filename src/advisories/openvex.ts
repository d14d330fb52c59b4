/**
 * OpenVEX 0.2.0 documents as a VEX source beside CycloneDX VEX and CSAF. A document is validated against the
 * OpenVEX JSON schema (schemas/openvex/, copied from the specification) first: one that breaks it yields its
 * located issues and no statements, so `assess --advisories` fails closed on it like on any malformed advisory file.
 *
 * Statements become `VexStatement`s in CycloneDX words (not_affected, exploitable, resolved, in_triage), one per
 * package URL they name: the subcomponents of a product when it lists any (the statement is about those
 * components inside the product), otherwise the product itself. A product or subcomponent with no package URL
 * cannot be matched against an SBOM and is reported as unsupported.
 */
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import type { InputIssue } from "../domain/input-issue.js";
import { isJsonObject } from "../json/value.js";
import { packagePath } from "../package-root.js";
import { issue, pointer } from "./json-read.js";
import type { VexStatement } from "./model.js";

const STATUS_TO_STATE: Record<string, string> = {
  not_affected: "not_affected",
  affected: "exploitable",
  fixed: "resolved",
  under_investigation: "in_triage",
};

let validator: ValidateFunction | undefined;

function validateOpenVex(value: unknown): ValidateFunction["errors"] {
  if (!validator) {
    const schema = JSON.parse(readFileSync(packagePath("schemas", "openvex", "openvex_json_schema.json"), "utf8"));
    // The schema's `format: iri` and `date-time` are checked as plain strings: ajv-formats has no IRI grammar, and
    // a VEX statement with an odd timestamp is still a statement.
    validator = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(schema as object);
  }
  return validator(value) ? null : validator.errors;
}

export function looksLikeOpenVex(value: unknown): boolean {
  return (
    isJsonObject(value) &&
    typeof value["@context"] === "string" &&
    value["@context"].startsWith("https://openvex.dev/ns") &&
    "statements" in value
  );
}

interface Identified {
  "@id"?: unknown;
  identifiers?: { purl?: unknown };
}

function purlOf(entry: Identified): string | undefined {
  if (typeof entry.identifiers?.purl === "string") return entry.identifiers.purl;
  return typeof entry["@id"] === "string" && entry["@id"].startsWith("pkg:") ? entry["@id"] : undefined;
}

export function parseOpenVex(value: unknown, source: string): { vex: VexStatement[]; issues: InputIssue[] } {
  const errors = validateOpenVex(value);
  if (errors && errors.length > 0) {
    return {
      vex: [],
      issues: errors
        .slice(0, 20)
        .map((e) => issue(source, e.instancePath, "schema", `OpenVEX schema: ${e.message ?? "invalid"}`)),
    };
  }
  const vex: VexStatement[] = [];
  const issues: InputIssue[] = [];
  const statements = (value as { statements: Record<string, unknown>[] }).statements;
  for (const [i, statement] of statements.entries()) {
    const at = pointer("/statements", i);
    const vulnerability = statement.vulnerability as { name: string; "@id"?: string; aliases?: string[] };
    const ids = [...new Set([vulnerability.name, ...(vulnerability.aliases ?? [])])];
    const state = STATUS_TO_STATE[statement.status as string];
    if (!state) continue;
    const justification = typeof statement.justification === "string" ? statement.justification : undefined;
    const detail = [statement.impact_statement, statement.action_statement, statement.status_notes].find(
      (text): text is string => typeof text === "string",
    );
    const products = (statement.products as (Identified & { subcomponents?: Identified[] })[] | undefined) ?? [];
    for (const [j, product] of products.entries()) {
      const targets = product.subcomponents && product.subcomponents.length > 0 ? product.subcomponents : [product];
      for (const [k, target] of targets.entries()) {
        const where =
          targets === product.subcomponents
            ? pointer(at, "products", j, "subcomponents", k)
            : pointer(at, "products", j);
        const purl = purlOf(target);
        if (!purl) {
          issues.push(
            issue(
              source,
              where,
              "unsupported",
              "This product names no package URL, so it cannot be matched against an SBOM.",
            ),
          );
          continue;
        }
        vex.push({
          ids,
          purl,
          state,
          ...(justification ? { justification } : {}),
          ...(detail ? { detail } : {}),
          source: `${source}#${where}`,
        });
      }
    }
  }
  return { vex, issues };
}
