/**
 * Recognition arrangement files (`seeds/arrangements/*.yaml|json`, and regulators' drafts): which certificate of
 * which scheme and level counts, under which conditions, for which scheme level or named requirements.
 *
 * A file is accepted whole or refused with located issues (file, JSON pointer, line and column). Beyond the shape,
 * every scheme must be a loaded catalog or an external scheme the file declares, every level must exist in its
 * catalog, every named requirement in its catalog, and the effective dates must be in order.
 */

import { z } from "zod";
import type { Arrangement, SchemeRef } from "../domain/crosswalk.js";
import type { InputIssue, Parsed } from "../domain/input-issue.js";
import type { FrameworkCatalog } from "../domain/requirement.js";
import { validateStructured } from "../input/structured-input.js";
import { locatedIssue, readStructuredText, type StructuredDocument } from "../input/structured-text.js";
import { requirementById } from "./catalog.js";
import { loadDataDir, readDataFile } from "./data-dir.js";
import { resolveLevel } from "./levels.js";

const nonEmpty = z.string().trim().min(1, { error: "Expected non-empty text." });
const isoDate = z.iso.date({ error: "Expected a calendar date written YYYY-MM-DD." });
const schemeId = z.string().regex(/^[a-z0-9][a-z0-9.-]*(@[A-Za-z0-9.+-]+)?$/, {
  error: "Expected a scheme id such as sg-cls, uk-psti or cra.",
});

const schemeRefSchema = z.strictObject({
  scheme: schemeId,
  level: nonEmpty.optional(),
  orHigher: z.boolean().optional(),
  assurance: z.enum(["self", "third-party"]).optional(),
  requirements: z
    .array(nonEmpty)
    .min(1, { error: "List at least one requirement, or leave the field out." })
    .optional(),
});

const routeSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: "Expected a route id of lower-case letters, digits and -." }),
  kind: z.enum(["recognition", "simplified-application"]),
  from: schemeRefSchema,
  to: schemeRefSchema,
  conditions: z.strictObject({
    validLabel: z.boolean(),
    productScope: z
      .strictObject({ include: z.array(nonEmpty).optional(), exclude: z.array(nonEmpty).optional() })
      .optional(),
    versions: z.record(schemeId, nonEmpty).optional(),
    notes: z.array(nonEmpty).optional(),
  }),
});

export const arrangementFileSchema = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal("cra-arrangement/1", { error: 'Expected format "cra-arrangement/1".' }),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: "Expected an id of lower-case letters, digits and -." }),
  title: nonEmpty,
  kind: z.enum(["mutual-recognition", "unilateral-recognition", "simplified-application"]),
  status: z.enum(["in-force", "draft", "expired"]),
  parties: z.array(nonEmpty).min(1, { error: "Name at least one party." }),
  externalSchemes: z.array(z.strictObject({ id: schemeId, name: nonEmpty, note: z.string().optional() })).optional(),
  effective: z.strictObject({ from: isoDate, to: isoDate.optional() }),
  routes: z.array(routeSchema).min(1, { error: "An arrangement has at least one route." }),
  source: z.strictObject({
    title: nonEmpty,
    url: z.url({ protocol: /^https?$/ }).optional(),
    date: isoDate.optional(),
    quality: z.enum(["primary", "secondary", "draft"]),
    verified: z.boolean().optional(),
    note: z.string().optional(),
  }),
});

type ArrangementFile = z.output<typeof arrangementFileSchema>;

/**
 * Parses and checks arrangement text (YAML or JSON) against the loaded catalogs.
 *
 * @example
 * const parsed = parseArrangementText(yamlText, "drafts/eu-sg.yaml", catalogsById);
 */
export function parseArrangementText(
  text: string,
  source: string,
  catalogs: ReadonlyMap<string, FrameworkCatalog>,
): Parsed<Arrangement> {
  const read = readStructuredText(text, { source, maxChars: 1024 * 1024 });
  if (!read.ok) return read;
  const shaped = validateStructured(arrangementFileSchema, read.value.value, { source, locate: read.value.locate });
  if (!shaped.ok) return shaped;
  const file = shaped.value;
  const issues = checkReferences(file, catalogs, source, read.value.locate);
  if (issues.length > 0) return { ok: false, issues };
  const { $schema: _schema, format: _format, ...rest } = file;
  const arrangement: Arrangement = {
    ...rest,
    externalSchemes: [...(file.externalSchemes ?? [])].sort((a, b) => a.id.localeCompare(b.id)),
    routes: file.routes.map((route) => ({ ...route, conditions: { ...route.conditions } })),
  };
  return { ok: true, value: arrangement };
}

function checkReferences(
  file: ArrangementFile,
  catalogs: ReadonlyMap<string, FrameworkCatalog>,
  source: string,
  locate: StructuredDocument["locate"],
): InputIssue[] {
  const issues: InputIssue[] = [];
  const add = (path: (string | number)[], constraint: string, message: string) =>
    issues.push(locatedIssue(source, locate, path, constraint, message));
  if (file.effective.to !== undefined && file.effective.to < file.effective.from) {
    add(
      ["effective", "to"],
      "range",
      `The end date ${file.effective.to} is before the start date ${file.effective.from}.`,
    );
  }
  const external = new Set<string>();
  (file.externalSchemes ?? []).forEach((scheme, index) => {
    if (catalogs.has(scheme.id)) {
      add(
        ["externalSchemes", index, "id"],
        "consistency",
        `"${scheme.id}" has a loaded catalog; do not declare it as external.`,
      );
    }
    external.add(scheme.id);
  });
  const routeIds = new Set<string>();
  file.routes.forEach((route, index) => {
    if (routeIds.has(route.id)) add(["routes", index, "id"], "unique", `Route id "${route.id}" is used twice.`);
    routeIds.add(route.id);
    for (const side of ["from", "to"] as const) {
      checkSchemeRef(route[side], ["routes", index, side], catalogs, external, add);
    }
    if (route.from.scheme === route.to.scheme) {
      add(["routes", index, "to", "scheme"], "consistency", "A route must lead from one scheme to another.");
    }
    if (route.to.orHigher)
      add(
        ["routes", index, "to", "orHigher"],
        "consistency",
        "orHigher applies to the certificate held (from), not to what it counts as.",
      );
    for (const scheme of Object.keys(route.conditions.versions ?? {})) {
      if (scheme !== route.from.scheme && scheme !== route.to.scheme) {
        add(
          ["routes", index, "conditions", "versions", scheme],
          "reference",
          `"${scheme}" is neither the route's from nor its to scheme.`,
        );
      }
    }
  });
  return issues;
}

function checkSchemeRef(
  ref: SchemeRef,
  path: (string | number)[],
  catalogs: ReadonlyMap<string, FrameworkCatalog>,
  external: ReadonlySet<string>,
  add: (path: (string | number)[], constraint: string, message: string) => void,
): void {
  const catalog = catalogs.get(ref.scheme);
  if (!catalog) {
    if (!external.has(ref.scheme)) {
      add(
        [...path, "scheme"],
        "reference",
        `"${ref.scheme}" is neither a loaded framework catalog nor declared in externalSchemes.`,
      );
    } else if (ref.requirements) {
      add(
        [...path, "requirements"],
        "reference",
        `External scheme "${ref.scheme}" has no catalog, so its requirements cannot be named.`,
      );
    }
    return;
  }
  if (ref.level !== undefined && resolveLevel(catalog, ref.level) === undefined) {
    const levels = catalog.levels ?? [];
    add(
      [...path, "level"],
      "reference",
      levels.length > 0
        ? `"${ref.level}" is not a level of ${catalog.id} (${levels.join(", ")}).`
        : `${catalog.id} has no levels; leave "level" out.`,
    );
  }
  if (ref.orHigher && ref.level === undefined) add([...path, "orHigher"], "consistency", "orHigher needs a level.");
  if (ref.requirements) {
    const ids = requirementById(catalog);
    ref.requirements.forEach((id, i) => {
      if (!ids.has(id))
        add([...path, "requirements", i], "reference", `"${id}" is not a requirement of ${catalog.id}.`);
    });
  }
}

/** Reads and checks one arrangement file (e.g. a regulator's draft given on the command line). */
export function loadArrangementFile(
  path: string,
  catalogs: ReadonlyMap<string, FrameworkCatalog>,
): Parsed<Arrangement> {
  const read = readDataFile(path, "arrangement");
  if (!read.ok) return read;
  const text = read.value;
  return parseArrangementText(text, path, catalogs);
}

/**
 * Reads every arrangement in a directory, not descending into sub-directories (drafts live in `drafts/` and are
 * loaded only when asked for). One bad file refuses the whole directory.
 */
export function loadArrangementDir(
  dir: string,
  catalogs: ReadonlyMap<string, FrameworkCatalog>,
): Parsed<Arrangement[]> {
  return loadDataDir(dir, "arrangement", (path) => loadArrangementFile(path, catalogs), [
    { path: "/id", key: (a) => a.id, clash: (id, file) => `Arrangement id "${id}" is already used by ${file}.` },
  ]);
}
