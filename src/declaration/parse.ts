/**
 * Reading a `cra-declaration/1` document from YAML or JSON text (CLI, files) or from an already-parsed value
 * (HTTP bodies). Missing facts are accepted; malformed input comes back as located `InputIssue`s.
 */
import { z } from "zod";
import type { Parsed } from "../domain/input-issue.js";
import { parseStructured, validateStructured } from "../input/structured-input.js";
import type { StructuredReadOptions } from "../input/structured-text.js";
import { type Declaration, declarationSchema, withoutNulls } from "./schema.js";

/**
 * Declarations are tens of kilobytes; the cap keeps the worst case of the YAML reader to about a second or two
 * on a shared 2-core machine (measured: 0.6 MB of YAML took 1.6 s to read and validate).
 */
export const MAX_DECLARATION_CHARS = 1024 * 1024;

/**
 * Parses declaration text, YAML or JSON.
 *
 * @example
 * const parsed = parseDeclaration("format: cra-declaration/1\nproduct: { name: Acme Home Hub }\n", "hub.yaml");
 * if (!parsed.ok) for (const issue of parsed.issues) console.error(issue.line, issue.path, issue.message);
 */
export function parseDeclaration(
  text: string,
  sourceName = "declaration",
  limits: Omit<StructuredReadOptions, "source"> = {},
): Parsed<Declaration> {
  return dropNulls(
    parseStructured(declarationSchema, text, { maxChars: MAX_DECLARATION_CHARS, ...limits, source: sourceName }),
  );
}

/** Validates an already-parsed value (e.g. a JSON request body). Issues carry JSON pointers only. */
export function parseDeclarationValue(value: unknown, sourceName = "declaration"): Parsed<Declaration> {
  return dropNulls(validateStructured(declarationSchema, value, { source: sourceName }));
}

function dropNulls<T>(parsed: Parsed<T>): Parsed<ReturnType<typeof withoutNulls<T>>> {
  return parsed.ok ? { ...parsed, value: withoutNulls(parsed.value) } : parsed;
}

/** The JSON Schema (draft 2020-12) of `cra-declaration/1`, generated from the zod schema so the two cannot drift. */
export function declarationJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(declarationSchema, { target: "draft-2020-12", unrepresentable: "any" });
  return {
    ...schema,
    $id: "urn:cra-assessor:schema:cra-declaration:1",
    title: "cra-declaration/1",
  };
}
