/**
 * The zod schema of a framework catalog file (`seeds/frameworks/*.json`): the CRA and every partner framework.
 * Strict: an unknown field is an error (a typo in a catalog would otherwise silently drop a citation), so any
 * descriptive field a catalog needs is declared here. Cross-field checks (unique ids, levels and conditions that
 * exist, parents that exist) are in the object refinement so that every file is checked the same way.
 */
import { z } from "zod";
import type { FrameworkCatalog } from "../domain/requirement.js";

const isoDate = z.iso.date({ error: "Expected a calendar date written YYYY-MM-DD." });
const nonEmpty = z.string().min(1, { error: "Expected non-empty text." });
/** Standards are often dated by month only ("ETSI EN 303 645 V2.1.1 (2020-06)"), so a publication date may be partial. */
const publicationDate = z
  .string()
  .refine((value) => /^\d{4}(-(0[1-9]|1[0-2]))?$/.test(value) || isoDate.safeParse(value).success, {
    error: "Expected a date written YYYY, YYYY-MM or YYYY-MM-DD.",
  });

export const sourceKindSchema = z.enum(["law", "guidance", "draft-standard", "standard", "assessor-policy"]);
export const evidenceKindSchema = z.enum(["sbom", "declaration", "document", "manual-review"]);
export const obligationSchema = z.enum(["mandatory", "recommended", "conditional", "feature-dependent"]);
export const conformityRouteSchema = z.enum(["A", "B+C", "H", "EUCC"]);

/** Requirement and framework ids: letters, digits and `.-_@+/:` (ETSI provisions, `etsi-en-303-645@3.1.3`). */
export const REQUIREMENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@+/:-]{0,127}$/;
const requirementId = z.string().regex(REQUIREMENT_ID_PATTERN, {
  error: "Expected an id of letters, digits and . _ @ + / : - (at most 128 characters).",
});

export const citationSchema = z.strictObject({
  text: nonEmpty,
  article: z.string().optional(),
  paragraph: z.string().optional(),
  annex: z.string().optional(),
  point: z.string().optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
});

export const conformityRoutesSchema = z.strictObject({
  allowed: z.array(conformityRouteSchema),
  conditional: z
    .array(z.strictObject({ route: conformityRouteSchema, condition: nonEmpty, citation: nonEmpty }))
    .optional(),
});

export const requirementSchema = z.strictObject({
  id: requirementId,
  title: nonEmpty,
  paraphrase: nonEmpty,
  citation: citationSchema,
  sourceKind: sourceKindSchema,
  appliesFrom: isoDate.optional(),
  riskBased: z.boolean().optional(),
  evidence: z.array(evidenceKindSchema).min(1, { error: "Name at least one way the requirement can be evidenced." }),
  obligation: z.union([obligationSchema, z.record(z.string(), obligationSchema)]).optional(),
  verified: z.boolean().optional(),
  note: z.string().optional(),
  group: z.string().optional(),
  parent: requirementId.optional(),
  conditions: z.array(z.string()).optional(),
  features: z.array(z.string()).optional(),
  conformityRoutes: conformityRoutesSchema.optional(),
});

const applicabilityTermSchema = z.strictObject({ id: nonEmpty, description: nonEmpty });

export const frameworkCatalogSchema = z
  .strictObject({
    /** Allows `"$schema"` so editors can validate catalog files against the exported JSON Schema. */
    $schema: z.string().optional(),
    id: requirementId,
    name: nonEmpty,
    version: nonEmpty,
    jurisdiction: z.string().optional(),
    sourceKind: sourceKindSchema,
    status: z.string().optional(),
    source: z.strictObject({
      title: nonEmpty,
      url: z.url({ protocol: /^https?$/ }).optional(),
      date: publicationDate.optional(),
    }),
    levels: z.array(nonEmpty).optional(),
    conditions: z.array(applicabilityTermSchema).optional(),
    features: z.array(applicabilityTermSchema).optional(),
    verified: z.boolean().optional(),
    note: z.string().optional(),
    requirements: z.array(requirementSchema).min(1, { error: "A catalog lists at least one requirement." }),
  })
  .superRefine((catalog, ctx) => {
    const issue = (path: (string | number)[], constraint: string, message: string) =>
      ctx.addIssue({ code: "custom", path, message, params: { constraint } });
    const firstIndex = new Map<string, number>();
    catalog.requirements.forEach((requirement, index) => {
      const first = firstIndex.get(requirement.id);
      if (first === undefined) firstIndex.set(requirement.id, index);
      else
        issue(
          ["requirements", index, "id"],
          "unique",
          `Requirement id "${requirement.id}" is already used by /requirements/${first}.`,
        );
    });
    const levels = new Set(catalog.levels ?? []);
    const conditions = new Set((catalog.conditions ?? []).map((term) => term.id));
    const features = new Set((catalog.features ?? []).map((term) => term.id));
    for (const [name, terms] of [
      ["conditions", catalog.conditions ?? []],
      ["features", catalog.features ?? []],
    ] as const) {
      const seen = new Set<string>();
      terms.forEach((term, index) => {
        if (seen.has(term.id)) issue([name, index, "id"], "unique", `${name} id "${term.id}" is listed twice.`);
        seen.add(term.id);
      });
    }
    catalog.requirements.forEach((requirement, index) => {
      const at = (...rest: (string | number)[]) => ["requirements", index, ...rest];
      if (requirement.obligation !== undefined && typeof requirement.obligation === "object") {
        for (const level of Object.keys(requirement.obligation)) {
          if (!levels.has(level)) {
            issue(
              at("obligation", level),
              "reference",
              `Level "${level}" is not in the catalog's levels (${[...levels].join(", ") || "none"}).`,
            );
          }
        }
      }
      requirement.conditions?.forEach((id, i) => {
        if (!conditions.has(id))
          issue(at("conditions", i), "reference", `Condition "${id}" is not defined in the catalog's conditions.`);
      });
      requirement.features?.forEach((id, i) => {
        if (!features.has(id))
          issue(at("features", i), "reference", `Feature "${id}" is not defined in the catalog's features.`);
      });
      requirement.conformityRoutes?.conditional?.forEach((rule, i) => {
        if (!conditions.has(rule.condition)) {
          issue(
            at("conformityRoutes", "conditional", i, "condition"),
            "reference",
            `Condition "${rule.condition}" is not defined in the catalog's conditions.`,
          );
        }
      });
      if (requirement.parent !== undefined) {
        if (requirement.parent === requirement.id)
          issue(at("parent"), "reference", "A requirement cannot be its own parent.");
        else if (!firstIndex.has(requirement.parent))
          issue(at("parent"), "reference", `Parent "${requirement.parent}" is not a requirement of this catalog.`);
      }
    });
  });

export type CatalogFile = z.output<typeof frameworkCatalogSchema>;

// The schema must produce the domain type: if requirement.ts or this file changes, one of them must follow.
type Assignable<T extends FrameworkCatalog> = T;
export type CatalogFileIsFrameworkCatalog = Assignable<Omit<CatalogFile, "$schema">>;
