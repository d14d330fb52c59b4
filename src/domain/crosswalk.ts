/**
 * Crosswalks and recognition arrangements, in the terms of NIST IR 8477 (set-theory relationship mapping) and of
 * the arrangements partner regulators have signed. No I/O here: the loaders in src/crosswalk read the files.
 */

/**
 * How a source (partner, "focal") requirement A relates to a target (CRA, "reference") requirement B, NIST IR 8477
 * §3. `equal` is the same content (e.g. a verbatim transposition); `equivalent` the same effect in other words.
 */
export const RELATIONSHIPS = [
  "equal",
  "equivalent",
  "subset-of",
  "superset-of",
  "intersects-with",
  "no-relationship",
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
/** IR 8477 matching rationale: wording, meaning, or what the requirement achieves. */
export type Rationale = "syntactic" | "semantic" | "functional";
export type Confidence = "high" | "medium" | "low";

/** What holding the source requirement does for the target requirement (the IR 8477 reading used in gap reports). */
export type Coverage = "full" | "partial" | "none";

/** A holder of A has B covered when A equals, is equivalent to or contains B; subset and overlap leave a residual. */
export function coverageOf(relationship: Relationship): Coverage {
  switch (relationship) {
    case "equal":
    case "equivalent":
    case "superset-of":
      return "full";
    case "subset-of":
    case "intersects-with":
      return "partial";
    default:
      return "none";
  }
}

/** The relationship read the other way round (B relative to A). */
export function inverseRelationship(relationship: Relationship): Relationship {
  if (relationship === "subset-of") return "superset-of";
  if (relationship === "superset-of") return "subset-of";
  return relationship;
}

/** What a reviewer says about one mapping row: it is right, it is wrong, or it was changed to `relationship`. */
export const REVIEW_VERDICTS = ["agree", "disagree", "changed"] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

/**
 * A review of one mapping row (IR 8477 §3 step 3: a second person checks each relationship). Shipped rows carry the
 * project's own reviews; regulators record theirs through the API or the CLI, and those are stored, not written
 * into the seed files.
 */
export interface MappingReview {
  reviewer: string;
  organisation: string;
  /** YYYY-MM-DD. */
  date: string;
  verdict: ReviewVerdict;
  /** `changed`: the relationship the reviewer holds right (the row's current one for a shipped change). */
  relationship?: Relationship;
  comment?: string;
}

/** True when at least one review agrees with the row as it stands. */
export function hasAgreeingReview(reviews: readonly MappingReview[] | undefined): boolean {
  return (reviews ?? []).some((review) => review.verdict === "agree");
}

export interface Mapping {
  /** Requirement id in the source framework. */
  source: string;
  /** Requirement id in the target framework. */
  target: string;
  relationship: Relationship;
  rationale: Rationale;
  confidence: Confidence;
  /** In words: the part of the target requirement the source requirement does not cover. */
  residual?: string;
  note?: string;
  /** Reviews of this row, oldest first. */
  reviews?: MappingReview[];
}

export interface CrosswalkProvenance {
  method: "human" | "automation" | "hybrid";
  author: string;
  /** True only once a second person has reviewed the mappings (IR 8477 §3 step 3). */
  reviewed: boolean;
  sources: string[];
  /** Crosswalks whose rows this one inherits (e.g. a CLS profile inherits the ETSI rows). */
  derivedFrom?: string[];
}

export interface Crosswalk {
  id: string;
  title: string;
  /** Pinned framework ids, e.g. `uk-psti` → `cra`. */
  sourceFramework: string;
  targetFramework: string;
  useCase: string;
  provenance: CrosswalkProvenance;
  mappings: Mapping[];
  /** Target requirements no source requirement reaches, each with the reason. */
  uncovered: { target: string; reason: string }[];
  /** Source requirements deliberately left without a target, each with the reason. */
  unmappedSources: { source: string; reason: string }[];
}

export type ArrangementKind = "mutual-recognition" | "unilateral-recognition" | "simplified-application";
/** A route either recognises (the target counts as met) or only simplifies an application (nothing counts as met). */
export type RouteKind = "recognition" | "simplified-application";
export type Assurance = "self" | "third-party";

export interface SchemeRef {
  /** Framework id of a loaded catalog, or an external scheme the arrangement declares. */
  scheme: string;
  level?: string;
  /** The level or any higher level of the scheme's ordered `levels`. */
  orHigher?: boolean;
  /** Only certificates with this assurance mode qualify (a regulator's draft may insist on third-party). */
  assurance?: Assurance;
  /** Named requirements of the scheme (e.g. the three ★1 criteria IPA accepts from PSTI). */
  requirements?: string[];
}

export interface RouteConditions {
  /** The certificate or label must be current (not expired) on the assessment date. */
  validLabel: boolean;
  /** Product kinds the route is limited to or excludes (the kinds a product declares it is). */
  productScope?: { include?: string[]; exclude?: string[] };
  /** Criteria versions the certificate must have been issued against, by scheme. */
  versions?: Record<string, string>;
  notes?: string[];
}

export interface ArrangementRoute {
  id: string;
  kind: RouteKind;
  from: SchemeRef;
  to: SchemeRef;
  conditions: RouteConditions;
}

export interface Arrangement {
  id: string;
  title: string;
  kind: ArrangementKind;
  status: "in-force" | "draft" | "expired";
  parties: string[];
  externalSchemes: { id: string; name: string; note?: string }[];
  effective: { from: string; to?: string };
  routes: ArrangementRoute[];
  source: {
    title: string;
    url?: string;
    date?: string;
    quality: "primary" | "secondary" | "draft";
    verified?: boolean;
    note?: string;
  };
}
