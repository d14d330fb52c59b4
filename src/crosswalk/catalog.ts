/**
 * Loading framework catalogs (`seeds/frameworks/*.json`, the CRA and partner frameworks). A catalog file is
 * either loaded whole or refused with located issues (file, JSON pointer, line and column, what is wrong);
 * a directory with one bad file loads nothing, so an assessment never runs against half a framework.
 */
import { z } from "zod";
import type { InputIssue, Parsed } from "../domain/input-issue.js";
import type { FrameworkCatalog, Requirement } from "../domain/requirement.js";
import { parseStructured } from "../input/structured-input.js";
import { findDuplicateMembers } from "../json/duplicate-members.js";
import { packagePath } from "../package-root.js";
import { frameworkCatalogSchema } from "./catalog-schema.js";
import { loadDataDir, readDataFile } from "./data-dir.js";

/** The seed catalogs shipped with the package, resolved from this module so it works from any working directory. */
export const SEED_FRAMEWORKS_DIR = packagePath("seeds", "frameworks");

/** Catalog files are small; a larger file is refused before it is parsed. */
const MAX_CATALOG_CHARS = 8 * 1024 * 1024;

/**
 * Parses catalog text (JSON, or YAML for hand-written drafts). `source` names the file in issues.
 *
 * JSON that parses, has no repeated key and passes the schema is taken on a fast path (`JSON.parse` + zod): the
 * located reader below builds a YAML document with positions for every node, which made loading the 14 seed
 * catalogs take 0.3–0.4 s per process (measured; the fast path takes about 20–35 ms). Anything else goes through
 * the located reader, so every refusal keeps its line and column. The verdict is the same on both paths: JSON is
 * YAML 1.2, the located reader refuses repeated keys (checked here too) and both validate with the same schema.
 */
export function parseCatalogText(text: string, source: string): Parsed<FrameworkCatalog> {
  return parseCatalogJsonFast(text) ?? parseCatalogTextLocated(text, source);
}

/** The located reader alone (YAML document with positions, then the schema): every issue has line and column. */
export function parseCatalogTextLocated(text: string, source: string): Parsed<FrameworkCatalog> {
  const parsed = parseStructured(frameworkCatalogSchema, text, { source, maxChars: MAX_CATALOG_CHARS });
  if (!parsed.ok) return parsed;
  const { $schema: _schema, ...catalog } = parsed.value;
  return { ok: true, value: catalog };
}

/** The fast path: a loaded catalog, or undefined when the text needs the located reader (any doubt at all). */
function parseCatalogJsonFast(text: string): Parsed<FrameworkCatalog> | undefined {
  if (text.length > MAX_CATALOG_CHARS) return undefined;
  // The located reader drops one leading byte order mark too.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/\S/.exec(body)?.[0] !== "{") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (hasRepeatedJsonKey(body)) return undefined;
  const result = frameworkCatalogSchema.safeParse(value);
  if (!result.success) return undefined;
  const { $schema: _schema, ...catalog } = result.data;
  return { ok: true, value: catalog };
}

/**
 * Whether an object in a JSON text (already known to parse) repeats a key. `JSON.parse` keeps the last value
 * silently; the located reader refuses the document, so the fast path must not accept it.
 */
export function hasRepeatedJsonKey(text: string): boolean {
  return findDuplicateMembers(text, 1).length > 0;
}

/**
 * Reads and validates one catalog file. Synchronous on purpose: catalogs are a few hundred kilobytes, read once
 * per process, and callers (rule loaders, CLI) are simpler without a promise.
 */
export function loadCatalogFile(path: string): Parsed<FrameworkCatalog> {
  const read = readDataFile(path, "catalog");
  if (!read.ok) return read;
  const text = read.value;
  return parseCatalogText(text, path);
}

/**
 * Reads every `*.json`, `*.yaml` and `*.yml` catalog in a directory, sorted by file name. Fails as a whole if any
 * file is invalid, or two files declare the same framework id or the same name: lists (CLI, HTTP, web, reports)
 * show frameworks by name, so two versions of one document must say their version in the name.
 */
export function loadCatalogDir(dir: string): Parsed<FrameworkCatalog[]> {
  return loadDataDir(dir, "catalog", loadCatalogFile, [
    { path: "/id", key: (c) => c.id, clash: (id, file) => `Framework id "${id}" is already declared by ${file}.` },
    {
      path: "/name",
      key: (c) => c.name,
      clash: (name, file) =>
        `Framework name "${name}" is already used by ${file}; frameworks are listed by name, so give each one its own (a version of a document says its version in the name).`,
    },
  ]);
}

/** A loaded seed catalog failed validation: a fault of the package, not of the user's input. */
export class CatalogLoadError extends Error {
  constructor(readonly issues: InputIssue[]) {
    super(
      `Framework catalogs in ${SEED_FRAMEWORKS_DIR} are invalid:\n` +
        issues
          .map(
            (i) => `  ${i.source ?? ""}${i.path ? ` ${i.path}` : ""}${i.line ? ` (line ${i.line})` : ""}: ${i.message}`,
          )
          .join("\n"),
    );
    this.name = "CatalogLoadError";
  }
}

let seedCatalogs: Map<string, FrameworkCatalog> | undefined;

/** All seed catalogs by id, loaded once per process. Throws `CatalogLoadError` if the shipped seeds are broken. */
export function seedCatalogMap(): Map<string, FrameworkCatalog> {
  if (!seedCatalogs) {
    const loaded = loadCatalogDir(SEED_FRAMEWORKS_DIR);
    if (!loaded.ok) throw new CatalogLoadError(loaded.issues);
    seedCatalogs = new Map(loaded.value.map((catalog) => [catalog.id, catalog]));
  }
  return seedCatalogs;
}

/**
 * A seed catalog by framework id (`cra`, `uk-psti`, `etsi-en-303-645@3.1.3` …), or undefined if there is none.
 *
 * @example
 * const cra = getCatalog("cra");
 * const p2_1 = cra && requirementById(cra).get("CRA-AI-P2-1");
 */
export function getCatalog(id: string): FrameworkCatalog | undefined {
  return seedCatalogMap().get(id);
}

/** Ids of all seed catalogs, sorted. */
export function listCatalogIds(): string[] {
  return [...seedCatalogMap().keys()].sort();
}

/** Forgets the cached seed catalogs (tests that write seeds). */
export function resetCatalogCache(): void {
  seedCatalogs = undefined;
}

const byIdCache = new WeakMap<FrameworkCatalog, Map<string, Requirement>>();

/** The catalog's requirements by id (cached per catalog object). */
export function requirementById(catalog: FrameworkCatalog): Map<string, Requirement> {
  let map = byIdCache.get(catalog);
  if (!map) {
    map = new Map(catalog.requirements.map((requirement) => [requirement.id, requirement]));
    byIdCache.set(catalog, map);
  }
  return map;
}

/** The JSON Schema of a catalog file, for editors and for partner catalogs written by hand. */
export function catalogJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(frameworkCatalogSchema, { target: "draft-2020-12", unrepresentable: "any" });
}
