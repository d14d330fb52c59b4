/**
 * What the `declaration` commands do (registered in ../commands/declaration.ts). Imported only when one of them runs,
 * so that building the command tree for help or a usage error loads none of what the actions need.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CatalogLoadError, listCatalogIds } from "../../crosswalk/catalog.js";
import { declarationJsonSchema, parseDeclaration } from "../../declaration/parse.js";
import { DECLARATION_FORMAT, type Declaration, SECURITY_PROPERTY_KEYS } from "../../declaration/schema.js";
import type { InputIssue } from "../../domain/input-issue.js";
import { closest } from "../../input/structured-input.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";

/**
 * Certificates naming a scheme with no framework catalog cannot be recognised later; say so now (a warning: the
 * declaration is still valid, and the assessment reports the certificate as counting for nothing).
 */
function unknownSchemes(declaration: Declaration): string[] {
  if (!declaration.certifications?.length) return [];
  let ids: string[];
  try {
    ids = listCatalogIds();
  } catch (error) {
    if (error instanceof CatalogLoadError)
      return ["framework catalogs could not be loaded; certification schemes were not checked."];
    throw error;
  }
  const known = new Set([...ids, ...ids.map((id) => id.split("@")[0]!)]);
  const warnings: string[] = [];
  declaration.certifications.forEach((certification, index) => {
    if (known.has(certification.scheme)) return;
    const suggestion = closest(certification.scheme, [...known]);
    warnings.push(
      `/certifications/${index}/scheme "${certification.scheme}" is not a known framework` +
        (suggestion ? ` (did you mean "${suggestion}"?)` : ` (known: ${[...known].sort().join(", ")})`) +
        "; it cannot be recognised.",
    );
  });
  return warnings;
}

function formatIssue(file: string, issue: InputIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`;
  const pointer = issue.path ? ` ${issue.path}` : "";
  return `${where}:${pointer} ${issue.message} [${issue.constraint}]`;
}

export function runSchema(io: CliIo) {
  io.out(`${JSON.stringify(declarationJsonSchema(), null, 2)}\n`);
}

export async function runValidate(io: CliIo, file: string, options: { format: string }) {
  if (options.format !== "text" && options.format !== "json") {
    throw new CliExit(ExitCode.invalidInput, `--format must be text or json, not "${options.format}".`);
  }
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), "utf8");
  } catch (error) {
    const code = error && typeof error === "object" && "code" in error ? String(error.code) : String(error);
    throw new CliExit(ExitCode.invalidInput, `${file}: cannot read the declaration (${code}).`);
  }
  const parsed = parseDeclaration(text, file);
  if (options.format === "json") {
    io.out(
      `${JSON.stringify(parsed.ok ? { valid: true, format: DECLARATION_FORMAT, issues: [] } : { valid: false, issues: parsed.issues }, null, 2)}\n`,
    );
    if (!parsed.ok) throw new CliExit(ExitCode.invalidInput);
    return;
  }
  if (!parsed.ok) {
    for (const issue of parsed.issues) io.err(`${formatIssue(file, issue)}\n`);
    throw new CliExit(
      ExitCode.invalidInput,
      `${file}: invalid ${DECLARATION_FORMAT} (${parsed.issues.length} ${parsed.issues.length === 1 ? "error" : "errors"}).`,
    );
  }
  const value = parsed.value;
  for (const warning of unknownSchemes(value)) io.err(`${file}: warning: ${warning}\n`);
  const product = [value.product.name, value.product.version].filter(Boolean).join(" ");
  const stated = SECURITY_PROPERTY_KEYS.filter((key) => value.securityProperties?.[key]).length;
  io.out(
    `${file}: valid ${DECLARATION_FORMAT} for ${product}; ` +
      `${stated} of ${SECURITY_PROPERTY_KEYS.length} Annex I Part I (2) properties stated, ` +
      `${value.documents?.length ?? 0} documents.\n`,
  );
}
