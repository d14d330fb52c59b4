/**
 * The shape of every fact the rules read, so the loader can refuse a rule whose fact path names nothing (a typo
 * such as `declaration.updates.sigend` would otherwise resolve to `undefined` on every product and give a quiet,
 * wrong verdict).
 *
 * The shapes come from the sources of truth rather than a hand-kept list of paths: the declaration's from its zod
 * schema (walked at load), the others from descriptors typed `ShapeOf<T>` of the TypeScript fact types, so adding,
 * removing or retyping a fact field fails to compile until its descriptor follows.
 */
import { z } from "zod";
import { declarationSchema } from "../declaration/schema.js";
import { SECURITY_PROPERTY_LETTERS } from "../domain/cra-terms.js";
import type { OffenderList } from "../sbom/model.js";
import { SBOM_FIELD_KEYS } from "../sbom/vocabulary.js";
import type { AdvisoryFacts, DerivedFacts, FactName, SbomFact } from "./facts.js";
import { type IcsProvisionFact, type LabelFact, type PartnerFacts, provisionOfKey } from "./partner-facts.js";

/**
 * What a dotted fact path (src/rules/path.ts) can walk into: a `value` (string, number, boolean: nothing below it),
 * named `fields`, array `items` (addressed by index), map `entries` (any key the `key` test accepts), or one of
 * several shapes (`anyOf`).
 */
export type FactShape =
  | "value"
  | { readonly fields: { readonly [key: string]: FactShape } }
  | { readonly items: FactShape }
  | { readonly entries: FactShape; readonly key?: (key: string) => boolean }
  | { readonly anyOf: readonly FactShape[] };

type Scalar = string | number | boolean | bigint;
type Defined<T> = Exclude<T, undefined | null>;

/**
 * The descriptor a TypeScript type needs: every field named (none missing, none extra), scalars as `value`, arrays
 * as `items`, string-keyed maps as `entries`. Optional fields are listed too: a rule may read them.
 */
export type ShapeOf<T> = [Defined<T>] extends [Scalar]
  ? "value"
  : [Defined<T>] extends [readonly (infer U)[]]
    ? { readonly items: ShapeOf<U> }
    : string extends keyof Defined<T>
      ? { readonly entries: ShapeOf<Defined<T>[string & keyof Defined<T>]>; readonly key?: (key: string) => boolean }
      : { readonly fields: { readonly [K in keyof Defined<T>]-?: ShapeOf<Defined<T>[K]> } };

/** The same shape under each of `keys` (the keys are the source of the type, so none is forgotten). */
function eachOf<K extends string, S extends FactShape>(keys: readonly K[], shape: S): { readonly [P in K]: S } {
  return Object.fromEntries(keys.map((key) => [key, shape])) as { readonly [P in K]: S };
}

const OFFENDERS: ShapeOf<OffenderList> = { fields: { count: "value", refs: { items: "value" } } };
const TEXTS = { items: "value" } as const;

const SBOM_SHAPE: ShapeOf<SbomFact> = {
  fields: {
    present: "value",
    standard: "value",
    format: "value",
    specVersion: "value",
    standardVersion: "value",
    fields: { fields: eachOf(SBOM_FIELD_KEYS, "value") },
    componentCount: "value",
    serviceCount: "value",
    dependencyEntryCount: "value",
    checkedComponentCount: "value",
    cryptoAssetCount: "value",
    document: {
      fields: {
        standard: "value",
        format: "value",
        specVersion: "value",
        hasSerialNumber: "value",
        hasBomVersion: "value",
        hasAuthorEntity: "value",
        toolCount: "value",
        toolsWithoutVersion: "value",
        lifecycles: TEXTS,
        timestampIsUtc: "value",
      },
    },
    ntia: {
      fields: {
        hasAuthor: "value",
        hasTimestamp: "value",
        missingSupplier: OFFENDERS,
        missingName: OFFENDERS,
        missingVersion: OFFENDERS,
        missingUniqueIdentifier: OFFENDERS,
        missingFromDependencyGraph: OFFENDERS,
        hasDependencyRelationships: "value",
      },
    },
    bsi: {
      fields: {
        hasCreator: "value",
        hasCreatorContact: "value",
        creatorUrlInvalid: "value",
        hasTimestamp: "value",
        hasSbomUri: "value",
        checkedComponentCount: "value",
        missingCreatorOrSupplier: OFFENDERS,
        missingName: OFFENDERS,
        missingVersion: OFFENDERS,
        missingFilename: OFFENDERS,
        missingDependencies: OFFENDERS,
        missingDistributionLicence: OFFENDERS,
        missingSha512: OFFENDERS,
        missingExecutableProperty: OFFENDERS,
        missingArchiveProperty: OFFENDERS,
        missingStructuredProperty: OFFENDERS,
        missingUniqueIdentifier: OFFENDERS,
        missingManufacturerContact: OFFENDERS,
        missingOriginalLicence: OFFENDERS,
        missingDistributionSha512: OFFENDERS,
        invalidExecutableProperty: OFFENDERS,
        invalidArchiveProperty: OFFENDERS,
        invalidStructuredProperty: OFFENDERS,
        missingSourceCodeUri: OFFENDERS,
        missingDeployableUri: OFFENDERS,
        invalidSourceCodeUri: OFFENDERS,
        invalidDeployableUri: OFFENDERS,
        invalidCreatorUrl: OFFENDERS,
        missingAnyLicence: OFFENDERS,
        optional: {
          fields: {
            effectiveLicenceCount: "value",
            invalidEffectiveLicence: OFFENDERS,
            declaredLicenceCount: "value",
            sourceHashCount: "value",
            securityTxtCount: "value",
            invalidSecurityTxt: OFFENDERS,
          },
        },
      },
    },
    completeness: {
      fields: {
        declared: "value",
        aggregates: { entries: "value" },
        rootHasDependencies: "value",
        unreachableFromRoot: OFFENDERS,
      },
    },
    root: {
      fields: {
        present: "value",
        hasName: "value",
        hasVersion: "value",
        hasIdentifier: "value",
        identifiers: TEXTS,
        directDependencyCount: "value",
        directDependenciesIncomplete: OFFENDERS,
        topLevelSource: "value",
        topLevelCount: "value",
      },
    },
    licenses: { fields: { componentsWithoutLicense: OFFENDERS, invalidSpdxExpressions: OFFENDERS } },
    purls: { fields: { invalid: OFFENDERS } },
    hashes: { fields: { componentsWithoutHash: OFFENDERS, algorithms: { entries: "value" } } },
    duplicates: { fields: { bomRefs: OFFENDERS } },
    danglingDependencyRefs: OFFENDERS,
    securityContact: { fields: { present: "value", urls: TEXTS } },
    signature: { fields: { status: "value", algorithm: "value", reason: "value" } },
    supportPeriod: { fields: { endOfSupport: "value", source: "value" } },
    vulnerabilities: {
      fields: {
        total: "value",
        byState: { entries: "value" },
        unresolved: OFFENDERS,
        notAffectedWithoutJustification: OFFENDERS,
      },
    },
  },
};

const ADVISORIES_SHAPE: ShapeOf<AdvisoryFacts> = {
  fields: {
    supplied: "value",
    matchCount: "value",
    exploitable: OFFENDERS,
    knownExploited: OFFENDERS,
    fixOverdue: OFFENDERS,
    fixOverdueDays: "value",
    exploitableIds: TEXTS,
    atPlacing: {
      fields: {
        judgedAt: "value",
        knownExploited: OFFENDERS,
        confirmed: OFFENDERS,
        confirmedIds: TEXTS,
        unassessed: OFFENDERS,
        unassessedIds: TEXTS,
      },
    },
    afterPlacing: OFFENDERS,
    afterPlacingIds: TEXTS,
    afterPlacingKnownExploited: OFFENDERS,
  },
};

const DERIVED_SHAPE: ShapeOf<DerivedFacts> = {
  fields: {
    asOf: "value",
    declarationGiven: "value",
    placing: {
      fields: {
        date: "value",
        declared: "value",
        lastUnit: "value",
        stillPlacing: "value",
        newestUnit: "value",
        judgedAt: "value",
        onMarket: "value",
        countedFromWhy: "value",
        modifiedIntoScope: "value",
      },
    },
    legacy: "value",
    productClass: "value",
    steward: "value",
    tailorMadeAgreement: "value",
    fossAnnexIIIException: "value",
    property: { fields: eachOf(SECURITY_PROPERTY_LETTERS, "value") },
    propertyInWords: { fields: eachOf(SECURITY_PROPERTY_LETTERS, "value") },
    properties: {
      fields: {
        undeclared: TEXTS,
        notApplicableUnjustified: TEXTS,
        implementedWithoutEvidence: TEXTS,
        notImplemented: TEXTS,
      },
    },
    supportPeriod: {
      fields: {
        months: "value",
        years: "value",
        endPrecision: "value",
        countedFrom: "value",
        sbomEnd: "value",
        sbomEndInWords: "value",
      },
    },
    retention: { fields: { documentationRequiredUntil: "value", newestUnitsRequiredUntil: "value" } },
    spoc: { fields: { channels: "value", nonAutomated: "value" } },
    contact: { fields: { vulnerabilityReports: "value", manufacturerDigital: "value" } },
    vulnerableComponents: { fields: { unresolved: OFFENDERS, notAffectedWithoutJustification: OFFENDERS } },
    sbomVulnerabilities: {
      fields: {
        exploitable: OFFENDERS,
        unassessed: OFFENDERS,
        notAffectedWithoutJustification: OFFENDERS,
        afterPlacing: OFFENDERS,
      },
    },
    identity: {
      fields: {
        sbomRootMatches: "value",
        comparedBy: "value",
        sbomVersionMatches: "value",
        declared: TEXTS,
        sbomRoot: TEXTS,
      },
    },
    standards: {
      fields: {
        appliedInFull: "value",
        count: "value",
        coverageDeclared: "value",
        uncovered: TEXTS,
        uncoveredCount: "value",
        coveredOnlyByScheme: TEXTS,
        coveredOnlyBySchemeCount: "value",
        uncoveredNotApplicable: TEXTS,
        uncoveredNotApplicableCount: "value",
      },
    },
    testing: { fields: { count: "value", withDocument: "value", latestDate: "value", monthsSinceLatest: "value" } },
    coordinator: { fields: { route: "value", memberState: "value", declared: "value", matches: "value" } },
    conformityDeclaration: { fields: { copyListed: "value" } },
  },
};

const ICS_PROVISION: ShapeOf<IcsProvisionFact> = {
  fields: { stated: "value", answer: "value", justification: "value", evidence: TEXTS },
};
const LABEL: ShapeOf<LabelFact> = {
  fields: { held: "value", valid: "value", certificates: TEXTS, problems: TEXTS },
};
/** ICS answers are keyed by re-keyed provision id (`5_1_1`): a key must turn back into a well-formed provision id. */
const ICS_KEY = (key: string) => /^\d+(\.\d+)?-\d+[A-Za-z]?$/.test(provisionOfKey(key));

const PARTNER_SHAPE: ShapeOf<PartnerFacts> = {
  fields: {
    etsi: {
      fields: {
        icsVersion: "value",
        icsOnFile: "value",
        v3: { entries: ICS_PROVISION, key: ICS_KEY },
        v2: { entries: ICS_PROVISION, key: ICS_KEY },
        notAppliedWithoutJustification: TEXTS,
      },
    },
    labels: { fields: { jcStarStar1: LABEL, sgCls: LABEL, current: TEXTS, problems: TEXTS } },
    testing: { fields: { kinds: TEXTS } },
    psti: {
      fields: {
        manufacturersWithoutAddress: "value",
        standardsIncomplete: "value",
        reliesOnStandard: "value",
        supportPeriodChange: "value",
      },
    },
  },
};

/** The shape of a zod schema as the parsed declaration has it (optional and nullable wrappers see through). */
export function shapeOfSchema(schema: z.ZodType): FactShape {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return shapeOfSchema(schema.unwrap() as z.ZodType);
  }
  if (schema instanceof z.ZodObject) {
    const fields: Record<string, FactShape> = {};
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      fields[key] = shapeOfSchema(field);
    }
    return { fields };
  }
  if (schema instanceof z.ZodArray) return { items: shapeOfSchema(schema.element as z.ZodType) };
  if (schema instanceof z.ZodRecord) {
    const keyType = schema.keyType as z.ZodType;
    return { entries: shapeOfSchema(schema.valueType as z.ZodType), key: (key) => keyType.safeParse(key).success };
  }
  if (schema instanceof z.ZodUnion) {
    const options = (schema.options as readonly z.ZodType[]).map(shapeOfSchema);
    return options.every((option) => option === "value") ? "value" : { anyOf: options };
  }
  if (schema instanceof z.ZodPipe) return shapeOfSchema(schema.out as z.ZodType);
  return "value";
}

let declarationShape: FactShape | undefined;

/** The shape of each fact the assessment provides (`FACT_NAMES`). */
export function factShape(fact: FactName): FactShape {
  switch (fact) {
    case "declaration":
      declarationShape ??= shapeOfSchema(declarationSchema);
      return declarationShape;
    case "sbom":
      return SBOM_SHAPE;
    case "advisories":
      return ADVISORIES_SHAPE;
    case "derived":
      return DERIVED_SHAPE;
    case "partner":
      return PARTNER_SHAPE;
  }
}

/**
 * Why `path` names nothing in `shape`, as a sentence (undefined when it names a value or a container of values).
 * `label` is the fact name, for the sentence.
 */
export function pathProblem(shape: FactShape, path: string, label: string): string | undefined {
  if (path === "") return undefined;
  return walk(shape, path.split("."), 0, label);
}

function walk(shape: FactShape, parts: string[], index: number, walked: string): string | undefined {
  if (index === parts.length) return undefined;
  const part = parts[index]!;
  const here = `${walked}.${part}`;
  if (shape === "value") return `${walked} is a single value: it has no "${part}" (${parts.slice(index).join(".")}).`;
  if ("anyOf" in shape) {
    const problems = shape.anyOf.map((option) => walk(option, parts, index, walked));
    return problems.includes(undefined) ? undefined : problems[0];
  }
  if ("fields" in shape) {
    if (!Object.hasOwn(shape.fields, part)) {
      const known = Object.keys(shape.fields);
      const near = nearest(part, known);
      return `${walked} has no field "${part}"${near ? `; did you mean "${near}"?` : ""} (fields: ${known.join(", ")}).`;
    }
    return walk(shape.fields[part]!, parts, index + 1, here);
  }
  if ("items" in shape) {
    if (!/^(0|[1-9]\d*)$/.test(part)) return `${walked} is a list: "${part}" is not an index (0, 1, …).`;
    return walk(shape.items, parts, index + 1, here);
  }
  if (shape.key && !shape.key(part)) return `${walked} has no entry "${part}": not a key it can hold.`;
  return walk(shape.entries, parts, index + 1, here);
}

/** The known name closest to a mistyped one (edit distance at most 2, or a case-only difference). */
function nearest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
