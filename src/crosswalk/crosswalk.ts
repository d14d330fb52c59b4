/**
 * Crosswalk files (`seeds/crosswalks/<source>--<target>.json`): partner → CRA mappings in NIST IR 8477 style.
 *
 * A file is accepted whole or refused with located issues. Beyond the shape, the load-time checks are:
 * every requirement id exists in its pinned catalog; a pair is mapped at most once; a `subset-of` or
 * `intersects-with` row says in words what remains of the target (the residual drives gap reports); and, for a
 * crosswalk to the CRA, every Annex I requirement is either mapped or listed under `uncovered` with a reason, so
 * a missing row can never be read as "nothing to do".
 */

import { z } from "zod";
import { type Crosswalk, RELATIONSHIPS, REVIEW_VERDICTS } from "../domain/crosswalk.js";
import type { InputIssue, Parsed } from "../domain/input-issue.js";
import type { FrameworkCatalog } from "../domain/requirement.js";
import { validateStructured } from "../input/structured-input.js";
import { locatedIssue, readStructuredText, type StructuredDocument } from "../input/structured-text.js";
import { requirementById } from "./catalog.js";
import { loadDataDir, readDataFile } from "./data-dir.js";

const nonEmpty = z.string().trim().min(1, { error: "Expected non-empty text." });
const frameworkId = z.string().regex(/^[a-z0-9][a-z0-9.-]*(@[A-Za-z0-9.+-]+)?$/, {
  error: "Expected a framework id such as uk-psti or etsi-en-303-645@3.1.3.",
});

const isoDate = z.iso.date({ error: "Expected a calendar date written YYYY-MM-DD." });
const relationshipSchema = z.enum(RELATIONSHIPS);

export const mappingReviewSchema = z
  .strictObject({
    reviewer: nonEmpty,
    organisation: nonEmpty,
    date: isoDate,
    verdict: z.enum(REVIEW_VERDICTS),
    relationship: relationshipSchema.optional(),
    comment: nonEmpty.optional(),
  })
  .superRefine((review, ctx) => {
    if (review.verdict === "changed" && review.relationship === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["relationship"],
        message: 'A "changed" review must name the relationship the reviewer holds right.',
        params: { constraint: "required" },
      });
    }
  });

const mappingSchema = z
  .strictObject({
    source: nonEmpty,
    target: nonEmpty,
    relationship: relationshipSchema,
    rationale: z.enum(["syntactic", "semantic", "functional"]),
    confidence: z.enum(["high", "medium", "low"]),
    residual: nonEmpty.optional(),
    note: z.string().optional(),
    reviews: z.array(mappingReviewSchema).optional(),
  })
  .superRefine((mapping, ctx) => {
    if ((mapping.relationship === "subset-of" || mapping.relationship === "intersects-with") && !mapping.residual) {
      ctx.addIssue({
        code: "custom",
        path: ["residual"],
        message: `A "${mapping.relationship}" mapping must say in "residual" what part of ${mapping.target} it leaves uncovered.`,
        params: { constraint: "required" },
      });
    }
  });

export const crosswalkFileSchema = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal("cra-crosswalk/1", { error: 'Expected format "cra-crosswalk/1".' }),
  id: nonEmpty,
  title: nonEmpty,
  source: z.strictObject({ framework: frameworkId }),
  target: z.strictObject({ framework: frameworkId }),
  useCase: nonEmpty,
  provenance: z.strictObject({
    method: z.enum(["human", "automation", "hybrid"]),
    author: nonEmpty,
    reviewed: z.boolean(),
    sources: z.array(nonEmpty).min(1, { error: "Name at least one source the mappings rest on." }),
    derivedFrom: z.array(nonEmpty).optional(),
  }),
  mappings: z.array(mappingSchema),
  uncovered: z.array(z.strictObject({ target: nonEmpty, reason: nonEmpty })),
  unmappedSources: z.array(z.strictObject({ source: nonEmpty, reason: nonEmpty })).optional(),
});

/** Target requirements a crosswalk to this framework must account for (mapped or listed as uncovered). */
export function mustAccountFor(target: FrameworkCatalog): string[] {
  if (target.id !== "cra") return [];
  // CRA Annex I, Parts I and II: the essential requirements an MRA would be about.
  return target.requirements
    .filter((r) => r.group === "annex-i-part-i" || r.group === "annex-i-part-ii")
    .map((r) => r.id)
    .sort();
}

/**
 * Parses and checks crosswalk text against the loaded catalogs. `source` names the file in issues.
 *
 * @example
 * const parsed = parseCrosswalkText(text, "uk-psti--cra.json", catalogsById);
 * if (!parsed.ok) for (const issue of parsed.issues) console.error(issue.path, issue.message);
 */
export function parseCrosswalkText(
  text: string,
  source: string,
  catalogs: ReadonlyMap<string, FrameworkCatalog>,
): Parsed<Crosswalk> {
  const MAX_CHARS = 8 * 1024 * 1024;
  // Fast path for the shipped JSON files: JSON.parse is several times quicker than the YAML reader. Only when
  // something is wrong is the text read again with positions, so issues still carry line and column. (JSON.parse
  // keeps the last of duplicate keys where the YAML reader refuses them; RFC 8259 only says names SHOULD be unique.)
  let file: CrosswalkFile | undefined;
  if (text.length <= MAX_CHARS && /^\s*\{/.test(text)) {
    try {
      const shaped = crosswalkFileSchema.safeParse(JSON.parse(text));
      if (shaped.success && checkReferences(shaped.data, catalogs, source, () => undefined).length === 0)
        file = shaped.data;
    } catch {
      // Not plain JSON: the located reader below reports why.
    }
  }
  if (!file) {
    const read = readStructuredText(text, { source, maxChars: MAX_CHARS });
    if (!read.ok) return read;
    const shaped = validateStructured(crosswalkFileSchema, read.value.value, { source, locate: read.value.locate });
    if (!shaped.ok) return shaped;
    const issues = checkReferences(shaped.value, catalogs, source, read.value.locate);
    if (issues.length > 0) return { ok: false, issues };
    file = shaped.value;
  }
  const crosswalk: Crosswalk = {
    id: file.id,
    title: file.title,
    sourceFramework: file.source.framework,
    targetFramework: file.target.framework,
    useCase: file.useCase,
    provenance: file.provenance,
    mappings: [...file.mappings].sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target)),
    uncovered: [...file.uncovered].sort((a, b) => a.target.localeCompare(b.target)),
    unmappedSources: [...(file.unmappedSources ?? [])].sort((a, b) => a.source.localeCompare(b.source)),
  };
  return { ok: true, value: crosswalk };
}

type CrosswalkFile = z.output<typeof crosswalkFileSchema>;

function checkReferences(
  file: CrosswalkFile,
  catalogs: ReadonlyMap<string, FrameworkCatalog>,
  source: string,
  locate: StructuredDocument["locate"],
): InputIssue[] {
  const issues: InputIssue[] = [];
  const add = (path: (string | number)[], constraint: string, message: string) =>
    issues.push(locatedIssue(source, locate, path, constraint, message));
  const sourceCatalog = catalogs.get(file.source.framework);
  const targetCatalog = catalogs.get(file.target.framework);
  if (!sourceCatalog)
    add(["source", "framework"], "reference", `No loaded catalog has the framework id "${file.source.framework}".`);
  if (!targetCatalog)
    add(["target", "framework"], "reference", `No loaded catalog has the framework id "${file.target.framework}".`);
  if (!sourceCatalog || !targetCatalog) return issues;
  const sourceIds = requirementById(sourceCatalog);
  const targetIds = requirementById(targetCatalog);
  const seenPairs = new Map<string, number>();
  const mappedTargets = new Set<string>();
  file.mappings.forEach((mapping, index) => {
    if (!sourceIds.has(mapping.source)) {
      add(
        ["mappings", index, "source"],
        "reference",
        `"${mapping.source}" is not a requirement of ${sourceCatalog.id}.`,
      );
    }
    if (!targetIds.has(mapping.target)) {
      add(
        ["mappings", index, "target"],
        "reference",
        `"${mapping.target}" is not a requirement of ${targetCatalog.id}.`,
      );
    }
    const pair = `${mapping.source}\u0000${mapping.target}`;
    const first = seenPairs.get(pair);
    if (first !== undefined) {
      add(
        ["mappings", index],
        "unique",
        `${mapping.source} → ${mapping.target} is already mapped at /mappings/${first}.`,
      );
    } else seenPairs.set(pair, index);
    if (mapping.relationship !== "no-relationship") mappedTargets.add(mapping.target);
  });
  const listedUncovered = new Map<string, number>();
  file.uncovered.forEach((entry, index) => {
    if (!targetIds.has(entry.target)) {
      add(
        ["uncovered", index, "target"],
        "reference",
        `"${entry.target}" is not a requirement of ${targetCatalog.id}.`,
      );
    } else if (mappedTargets.has(entry.target)) {
      add(
        ["uncovered", index, "target"],
        "consistency",
        `${entry.target} is listed as uncovered but is mapped in /mappings.`,
      );
    }
    if (listedUncovered.has(entry.target))
      add(["uncovered", index, "target"], "unique", `${entry.target} is listed twice.`);
    listedUncovered.set(entry.target, index);
  });
  (file.unmappedSources ?? []).forEach((entry, index) => {
    if (!sourceIds.has(entry.source)) {
      add(
        ["unmappedSources", index, "source"],
        "reference",
        `"${entry.source}" is not a requirement of ${sourceCatalog.id}.`,
      );
    }
  });
  const missing = mustAccountFor(targetCatalog).filter((id) => !mappedTargets.has(id) && !listedUncovered.has(id));
  if (missing.length > 0) {
    add(
      ["uncovered"],
      "coverage",
      `Every CRA Annex I requirement must be mapped or listed as uncovered; missing: ${missing.join(", ")}.`,
    );
  }
  return issues;
}

/** Reads and checks one crosswalk file. */
export function loadCrosswalkFile(path: string, catalogs: ReadonlyMap<string, FrameworkCatalog>): Parsed<Crosswalk> {
  const read = readDataFile(path, "crosswalk");
  if (!read.ok) return read;
  const text = read.value;
  return parseCrosswalkText(text, path, catalogs);
}

/**
 * Reads every crosswalk in a directory (sorted by file name). One bad file refuses the whole directory, and two
 * files for the same framework pair are refused too.
 */
export function loadCrosswalkDir(dir: string, catalogs: ReadonlyMap<string, FrameworkCatalog>): Parsed<Crosswalk[]> {
  return loadDataDir(dir, "crosswalk", (path) => loadCrosswalkFile(path, catalogs), [
    {
      path: "/source",
      key: (c) => `${c.sourceFramework} → ${c.targetFramework}`,
      clash: (pair, file) => `${pair} is already mapped by ${file}.`,
    },
    { path: "/id", key: (c) => c.id, clash: (id, file) => `Crosswalk id "${id}" is already used by ${file}.` },
  ]);
}
