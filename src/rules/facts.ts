/**
 * Fact builders: the declaration, the SBOM quality facts, advisory matches and a few derived values, gathered
 * once per assessment into the facts the rules read. Per-component work happens here in plain TypeScript (or
 * earlier, in the SBOM layer); the declarative rules then run once on the aggregates.
 *
 * Fact names: `declaration` (the validated declaration as written), `sbom` (presence, format and
 * SbomQualityFacts), `advisories` (tallies of VulnerabilityMatch[]), `derived` (computed values, each with the
 * inputs it comes from in `DERIVED_LOCATIONS`).
 */
import { PackageURL } from "packageurl-js";
import type { Declaration, StandardApplied } from "../declaration/schema.js";
import { coordinatorCsirt, type Establishment } from "../domain/art14.js";
import { ESSENTIAL_REQUIREMENT_IDS, SECURITY_PROPERTY_LETTERS, toMemberState } from "../domain/cra-terms.js";
import type { VulnerabilityMatch } from "../domain/vulnerability-match.js";
import type { NormalizedSbom, OffenderList, SbomQualityFacts } from "../sbom/model.js";
import { OFFENDER_CAP } from "../sbom/model.js";
import { type SbomFieldNames, sbomFieldNames } from "../sbom/vocabulary.js";
import {
  addYears,
  type CalendarDate,
  daysBetween,
  formatDate,
  laterOf,
  parseCalendarDate,
  wholeMonthsBetween,
} from "./dates.js";
import { DEFAULT_FACT_POLICY, type FactPolicy } from "./fact-policy.js";
import { isPresent } from "./operators.js";
import { buildPartnerFacts, locatePartnerFact, type PartnerFacts } from "./partner-facts.js";

// `partner`: facts for the partner-framework rule sets (src/rules/partner-facts.ts).
export const FACT_NAMES = ["declaration", "derived", "sbom", "advisories", "partner"] as const;
export type FactName = (typeof FACT_NAMES)[number];

/** The date from which Annex I, Art. 13, Art. 32 and the rest apply (Art. 71(2)); Art. 69(2) cuts off at it. */
export const CRA_GENERAL_APPLICATION = "2027-12-11";

export { SECURITY_PROPERTY_LETTERS };

/** How the declaration answers one Annex I Part I (2) letter (Art. 13(3)-(4)). */
export type PropertyAnswer =
  | "implemented-with-evidence"
  | "implemented-without-evidence"
  | "not-applicable-justified"
  | "not-applicable-unjustified"
  | "not-implemented"
  | "undeclared";

const PROPERTY_ANSWER_WORDS: Record<PropertyAnswer, string> = {
  "implemented-with-evidence": "declared implemented, with evidence",
  "implemented-without-evidence": "declared implemented, without evidence",
  "not-applicable-justified": "declared not applicable, with a justification",
  "not-applicable-unjustified": "declared not applicable without the clear justification Art. 13(4) requires",
  "not-implemented": "declared not implemented",
  undeclared: "not answered, so the risk assessment does not say whether it applies (Art. 13(3))",
};

export type ProductClass = "default" | "class-I" | "class-II" | "critical" | "undeclared";

export interface SbomFact extends Partial<SbomQualityFacts> {
  present: boolean;
  /** `CycloneDX` or `SPDX`. */
  standard?: string;
  format?: string;
  specVersion?: string;
  /** Standard and version in one value (`CycloneDX 1.6`, `SPDX 3.0.1`), for rules that accept a list of them. */
  standardVersion?: string;
  /**
   * What the SBOM's format calls the fields rule texts name (`{{sbom.fields.supplier}}`): SPDX names on SPDX
   * input, CycloneDX names on CycloneDX input and when no SBOM was given (src/sbom/vocabulary.ts).
   */
  fields: SbomFieldNames;
}

export interface AdvisoryFacts {
  /** True when advisory matching ran; false means only the SBOM's own vulnerability data is known. */
  supplied: boolean;
  matchCount: number;
  /** Exploitable matches (not excused by VEX), by component. */
  exploitable: OffenderList;
  /** Exploitable and listed in CISA KEV: actively exploited. */
  knownExploited: OffenderList;
  /** Exploitable matches whose fix has been available for longer than `fixOverdueDays` on the assessment date. */
  fixOverdue: OffenderList;
  fixOverdueDays: number;
  /** Advisory ids of exploitable matches (capped), for the report. */
  exploitableIds: string[];
  /**
   * Annex I Part I (2)(a) is judged when units are placed (`derived.placing.judgedAt`): only matches publicly known
   * by then count, and exploitability is judged case by case (Art. 3(41)). `knownExploited`: listed in CISA KEV;
   * `confirmed`: a VEX analysis says `exploitable`; `unassessed`: no VEX analysis, `in_triage`, or `not_affected`
   * without a justification (a person must judge them).
   */
  atPlacing: {
    judgedAt: string;
    knownExploited: OffenderList;
    confirmed: OffenderList;
    confirmedIds: string[];
    unassessed: OffenderList;
    unassessedIds: string[];
  };
  /** Exploitable matches that became known only after `judgedAt`: Part II (2) (remediate without delay), not (2)(a). */
  afterPlacing: OffenderList;
  /** Their advisory ids (capped), and those of them listed in CISA KEV (actively exploited). */
  afterPlacingIds: string[];
  afterPlacingKnownExploited: OffenderList;
}

export interface PlacingFacts {
  /** First placing on the market as declared, or the as-of date when none is declared. */
  date: string;
  declared: boolean;
  /** `product.lastPlacedOnMarket`, when declared. */
  lastUnit?: string;
  /** Units are still being placed on the as-of date: no last-unit date, or one after the as-of date. */
  stillPlacing: boolean;
  /** When the newest unit is placed: the last unit when declared, else the later of first placing and as-of. */
  newestUnit: string;
  /** Annex I Part I is judged at placing: the last unit's date once placed, else the as-of date. */
  judgedAt: string;
  /** On the market on the as-of date: first placing declared and not after it. Unknown (undeclared) counts as on it. */
  onMarket: boolean;
  /** Why the support period counts from `newestUnit`, in words for messages. */
  countedFromWhy: string;
  /**
   * The last unit was placed before 2027-12-11 but the product was substantially modified afterwards (Art. 69(2)):
   * it is in scope from the modification, whose date the declaration does not give. Dates then count from
   * 2027-12-11, the earliest the modification can be, so only what holds for every possible date is a gap.
   */
  modifiedIntoScope?: boolean;
}

export interface DerivedFacts {
  asOf: string;
  /**
   * False when only an SBOM was given: every fact that rests on the declaration (class, dates, answers) is then
   * unknown, and rules that read one give `needs-review` (src/rules/evaluate.ts), never a guess.
   */
  declarationGiven: boolean;
  placing: PlacingFacts;
  /**
   * Placing is per unit: legacy (outside all but Art. 14, Art. 69(2)-(3)) only when the last unit was placed before
   * 2027-12-11 and the product was not substantially modified afterwards.
   */
  legacy: boolean;
  productClass: ProductClass;
  steward: boolean;
  /** Tailor-made for a business user with the agreement referenced: Annex I Part I (2)(b) and Part II (8) may vary. */
  tailorMadeAgreement: boolean;
  /** FOSS with public technical documentation: Art. 32(5) opens every Art. 32(1) route for Annex III products. */
  fossAnnexIIIException: boolean;
  property: Record<(typeof SECURITY_PROPERTY_LETTERS)[number], PropertyAnswer>;
  /** The same answers in words, for messages. */
  propertyInWords: Record<(typeof SECURITY_PROPERTY_LETTERS)[number], string>;
  properties: {
    undeclared: string[];
    notApplicableUnjustified: string[];
    implementedWithoutEvidence: string[];
    notImplemented: string[];
  };
  /** Counted from `placing.newestUnit` (`countedFrom`). */
  supportPeriod: {
    months?: number;
    years?: number;
    endPrecision: "month" | "day" | "none";
    countedFrom: string;
    /**
     * The SBOM's end of support for the product (`sbom.supportPeriod.endOfSupport`) against the declared end,
     * compared to the coarser precision of the two (the month when either gives only a month): `same`,
     * `sbom-earlier` or `sbom-later`. Absent when either date is missing or unreadable.
     */
    sbomEnd?: "same" | "sbom-earlier" | "sbom-later";
    /** `sbomEnd` in words, for messages. */
    sbomEndInWords?: string;
  };
  retention: { documentationRequiredUntil?: string; newestUnitsRequiredUntil?: string };
  spoc: { channels: number; nonAutomated: number };
  contact: { vulnerabilityReports: boolean; manufacturerDigital: boolean };
  /** Components that the SBOM's own vulnerability records affect, by analysis outcome (for the finding's component list). */
  vulnerableComponents: { unresolved: OffenderList; notAffectedWithoutJustification: OffenderList };
  /**
   * The SBOM's own vulnerability records read for Annex I Part I (2)(a) at `placing.judgedAt`: `exploitable`
   * (analysis state exploitable), `unassessed` (no analysis or in_triage), `notAffectedWithoutJustification`, and
   * `afterPlacing` (published after the judging date: Part II (2)). Components by bom-ref.
   */
  sbomVulnerabilities: {
    exploitable: OffenderList;
    unassessed: OffenderList;
    notAffectedWithoutJustification: OffenderList;
    afterPlacing: OffenderList;
  };
  identity: {
    /** True/false when an SBOM was supplied; undefined without one. */
    sbomRootMatches?: boolean;
    /**
     * How `sbomRootMatches` was decided (with an SBOM only): `identifiers` when the declaration lists product
     * identifiers (one must name the root), `name` when it lists none and only the names could be compared.
     */
    comparedBy?: "identifiers" | "name";
    sbomVersionMatches?: boolean;
    declared: string[];
    sbomRoot: string[];
  };
  standards: {
    appliedInFull: number;
    count: number;
    /** At least one harmonised standard, common specification or scheme says which Annex I requirements it covers. */
    coverageDeclared: boolean;
    /** Annex I requirements no harmonised standard or common specification applied covers (Art. 27(1)-(2)). */
    uncovered: string[];
    uncoveredCount: number;
    /** Annex I requirements covered only by a certification scheme, which counts once a delegated act names it (Art. 27(9)). */
    coveredOnlyByScheme: string[];
    coveredOnlyBySchemeCount: number;
    /**
     * Annex I Part I (2) requirements no standard or scheme covers that the risk assessment declares not applicable
     * with a justification (Art. 13(3)-(4)): Art. 32(2) sends to module B+C or H the essential requirements left
     * uncovered, and whether one that does not apply counts is for a reviewer, not a sure gap.
     */
    uncoveredNotApplicable: string[];
    uncoveredNotApplicableCount: number;
  };
  testing: { count: number; withDocument: number; latestDate?: string; monthsSinceLatest?: number };
  /**
   * Art. 14(7): the coordinator CSIRT's Member State derived from the main establishment, or without one in the
   * Union from the fallbacks in order; `route` says which (`undetermined` when nothing is declared). `declared` is the
   * CSIRT the manufacturer names (readiness), `matches` whether it is the derived one.
   */
  coordinator: { route: string; memberState?: string; declared?: string; matches?: boolean };
  /** Annex VII (7): a copy of the EU declaration of conformity is listed among the documents. */
  conformityDeclaration: { copyListed: boolean };
}

export interface AssessmentFacts {
  declaration: Declaration;
  sbom: SbomFact;
  advisories: AdvisoryFacts;
  derived: DerivedFacts;
  partner: PartnerFacts;
}

export interface SbomInput {
  sbom: NormalizedSbom;
  quality: SbomQualityFacts;
}

export { DEFAULT_FACT_POLICY, type FactPolicy } from "./fact-policy.js";

/**
 * What the fact builder reads when no declaration is given: a declaration that says nothing, so every derived
 * value takes its "not declared" form. Rules that read such values are turned into needs-review by the evaluator.
 */
const SILENT_DECLARATION: Declaration = { format: "cra-declaration/1", product: { name: "" } };

export function buildAssessmentFacts(input: {
  /** Absent: an SBOM-only assessment (`derived.declarationGiven` false). */
  declaration?: Declaration;
  sbom?: SbomInput;
  vulnerabilityMatches?: VulnerabilityMatch[];
  asOf: string;
  policy?: FactPolicy;
}): AssessmentFacts {
  const policy = input.policy ?? DEFAULT_FACT_POLICY;
  const d = input.declaration ?? SILENT_DECLARATION;
  const standard = input.sbom?.sbom.standard ?? "CycloneDX";
  const sbom: SbomFact = input.sbom
    ? {
        present: true,
        standard,
        format: input.sbom.sbom.format,
        specVersion: input.sbom.sbom.specVersion,
        standardVersion: `${standard} ${input.sbom.sbom.specVersion}`,
        ...input.sbom.quality,
        fields: sbomFieldNames(standard, input.sbom.sbom.specVersion, input.sbom.sbom.format),
      }
    : { present: false, fields: sbomFieldNames(undefined, undefined, undefined) };
  const derived = deriveFacts(d, input.sbom?.sbom, input.asOf, input.declaration !== undefined);
  compareSupportEnds(derived.supportPeriod, d.supportPeriod?.end ?? undefined, input.sbom?.quality.supportPeriod);
  return {
    declaration: d,
    sbom,
    advisories: adviseFacts(input.vulnerabilityMatches, input.asOf, derived.placing.judgedAt, policy),
    derived,
    partner: buildPartnerFacts(d, input.asOf),
  };
}

const SUPPORT_END_WORDS: Record<NonNullable<DerivedFacts["supportPeriod"]["sbomEnd"]>, string> = {
  same: "the two agree",
  "sbom-earlier": "the SBOM's date is earlier than the declared end",
  "sbom-later": "the SBOM's date is later than the declared end",
};

/**
 * The SBOM's stated end of support against the declared support period end. A date-time in the SBOM is read by
 * its calendar date as written; a month-only date on either side makes the comparison by month, since a
 * declared `2034-03` says nothing about the day.
 */
function compareSupportEnds(
  into: DerivedFacts["supportPeriod"],
  declared: string | undefined,
  stated: SbomQualityFacts["supportPeriod"] | undefined,
): void {
  const sbomEnd = stated?.endOfSupport;
  const calendar = /^(\d{4}-(0[1-9]|1[0-2]))(-(0[1-9]|[12]\d|3[01]))?/;
  const a = declared === undefined ? null : calendar.exec(declared.trim());
  const b = sbomEnd === undefined ? null : calendar.exec(sbomEnd.trim());
  if (!a || !b) return;
  const byMonth = a[3] === undefined || b[3] === undefined;
  const declaredKey = byMonth ? (a[1] as string) : a[0];
  const sbomKey = byMonth ? (b[1] as string) : b[0];
  into.sbomEnd = sbomKey === declaredKey ? "same" : sbomKey < declaredKey ? "sbom-earlier" : "sbom-later";
  into.sbomEndInWords = SUPPORT_END_WORDS[into.sbomEnd];
}

function deriveFacts(
  d: Declaration,
  sbom: NormalizedSbom | undefined,
  asOf: string,
  declarationGiven: boolean,
): DerivedFacts {
  const product = d.product;
  const placedOnMarket = product.placedOnMarket ?? undefined;
  const placing = placingFacts(
    placedOnMarket,
    product.lastPlacedOnMarket ?? undefined,
    asOf,
    product.substantiallyModified === true,
  );
  const legacy =
    placing.lastUnit !== undefined &&
    placing.lastUnit < CRA_GENERAL_APPLICATION &&
    product.substantiallyModified !== true;

  const property = {} as DerivedFacts["property"];

  const propertyInWords = {} as DerivedFacts["propertyInWords"];
  const properties: DerivedFacts["properties"] = {
    undeclared: [],
    notApplicableUnjustified: [],
    implementedWithoutEvidence: [],
    notImplemented: [],
  };
  for (const letter of SECURITY_PROPERTY_LETTERS) {
    const entry = d.securityProperties?.[letter];
    let answer: PropertyAnswer;
    if (!entry) answer = "undeclared";
    else if (entry.status === "not-implemented") answer = "not-implemented";
    else if (entry.status === "not-applicable")
      answer = isPresent(entry.justification) ? "not-applicable-justified" : "not-applicable-unjustified";
    else answer = isPresent(entry.evidence) ? "implemented-with-evidence" : "implemented-without-evidence";
    property[letter] = answer;
    propertyInWords[letter] = PROPERTY_ANSWER_WORDS[answer];
    if (answer === "undeclared") properties.undeclared.push(letter);
    if (answer === "not-applicable-unjustified") properties.notApplicableUnjustified.push(letter);
    if (answer === "implemented-without-evidence") properties.implementedWithoutEvidence.push(letter);
    if (answer === "not-implemented") properties.notImplemented.push(letter);
  }

  // Art. 13(8): every unit placed needs its own support period, so the minimum is judged from the newest unit.
  const supportPeriod: DerivedFacts["supportPeriod"] = { endPrecision: "none", countedFrom: placing.newestUnit };
  const end = d.supportPeriod?.end ?? undefined;
  const newestUnit = parseCalendarDate(placing.newestUnit);
  const endDate = parseCalendarDate(end, "last");
  if (end) supportPeriod.endPrecision = end.length === 7 ? "month" : "day";
  if (newestUnit && endDate) {
    const months = wholeMonthsBetween(newestUnit, endDate);
    supportPeriod.months = months;
    supportPeriod.years = Math.round((months / 12) * 100) / 100;
  }

  // Art. 13(13): technical documentation and DoC kept for ten years after placing or the support period, the longer.
  // Placing is per unit, so the ten years run from the last unit once it is declared; while units are still being
  // placed the first placing gives the lower bound (the date moves with every unit, so no fixed date can be asked).
  const retention: DerivedFacts["retention"] = {};
  const retentionFrom = parseCalendarDate(
    placing.modifiedIntoScope ? placing.newestUnit : (placing.lastUnit ?? placing.date),
  );
  if (retentionFrom) {
    let required: CalendarDate = addYears(retentionFrom, 10);
    if (endDate) required = laterOf(required, endDate);
    retention.documentationRequiredUntil = formatDate(required);
  }
  // While units are still being placed, those placed up to the newest one (the as-of date) are already on the market
  // and each needs its ten years: a date short of that is known to be too early for them.
  const newestFrom = parseCalendarDate(placing.newestUnit);
  if (newestFrom) {
    let required: CalendarDate = addYears(newestFrom, 10);
    if (endDate) required = laterOf(required, endDate);
    retention.newestUnitsRequiredUntil = formatDate(required);
  }

  const channels = d.vulnerabilityHandling?.singlePointOfContact ?? [];
  const contact = d.vulnerabilityHandling?.contact;

  const standards = d.documentation?.standardsApplied ?? [];
  const tests = d.vulnerabilityHandling?.securityTesting ?? [];
  const testDates = tests
    .map((t) => t.date)
    .filter((date): date is string => typeof date === "string")
    .sort();
  const latestDate = testDates[testDates.length - 1];
  const testing: DerivedFacts["testing"] = {
    count: tests.length,
    withDocument: tests.filter((t) => isPresent(t.document)).length,
  };
  if (latestDate) {
    testing.latestDate = latestDate;
    const from = parseCalendarDate(latestDate);
    const to = parseCalendarDate(asOf);
    if (from && to) testing.monthsSinceLatest = wholeMonthsBetween(from, to);
  }

  return {
    asOf,
    declarationGiven,
    placing,
    legacy,
    productClass: classOf(product.category ?? undefined),
    steward: product.openSource?.steward === true,
    tailorMadeAgreement: product.tailorMade === true && isPresent(product.businessUserAgreement),
    fossAnnexIIIException:
      product.openSource?.foss === true && isPresent(product.openSource?.technicalDocumentationPublicUrl),
    property,
    propertyInWords,
    properties,
    supportPeriod,
    retention,
    spoc: { channels: channels.length, nonAutomated: channels.filter((c) => c.automated !== true).length },
    contact: {
      vulnerabilityReports:
        isPresent(contact?.email) || isPresent(contact?.securityTxtUrl) || isPresent(contact?.webFormUrl),
      manufacturerDigital: isPresent(d.manufacturer?.email) || isPresent(d.manufacturer?.digitalContact),
    },
    identity: identityFacts(d, sbom),
    vulnerableComponents: vulnerableComponents(sbom),
    sbomVulnerabilities: sbomVulnerabilities(sbom, placing.judgedAt),
    standards: standardsCoverage(standards, property),
    testing,
    coordinator: coordinatorFacts(d),
    conformityDeclaration: {
      copyListed: (d.documents ?? []).some((document) => document.kind === "declaration-of-conformity"),
    },
  };
}

/** Art. 14(7) routing from the declaration's establishment and fallback fields. */
function coordinatorRoute(d: Declaration | undefined) {
  return coordinatorCsirt({
    mainEstablishment: d?.manufacturer?.mainEstablishment,
    authorisedRepresentative: d?.manufacturer?.authorisedRepresentative?.memberState,
    importer: d?.reporting?.importerMemberState,
    distributor: d?.reporting?.distributorMemberState,
    mostUsers: d?.reporting?.mostUsersMemberState,
  });
}

/** The declaration field each step of Art. 14(7) reads: the evidence of the derived CSIRT points at the one that decided. */
const ROUTE_LOCATIONS: Record<keyof Establishment, string> = {
  mainEstablishment: "declaration:/manufacturer/mainEstablishment",
  authorisedRepresentative: "declaration:/manufacturer/authorisedRepresentative/memberState",
  importer: "declaration:/reporting/importerMemberState",
  distributor: "declaration:/reporting/distributorMemberState",
  mostUsers: "declaration:/reporting/mostUsersMemberState",
};

function coordinatorFacts(d: Declaration): DerivedFacts["coordinator"] {
  const route = coordinatorRoute(d);
  const declared = toMemberState(d.reporting?.coordinatorCsirt);
  const facts: DerivedFacts["coordinator"] = { route: route ? ROUTE_WORDS[route.basis] : "undetermined" };
  if (route) facts.memberState = route.memberState;
  if (declared) facts.declared = declared;
  if (route && declared) facts.matches = declared === route.memberState;
  return facts;
}

const ROUTE_WORDS: Record<keyof Establishment, string> = {
  mainEstablishment: "main establishment",
  authorisedRepresentative: "authorised representative (no main establishment in the Union)",
  importer: "importer (no main establishment or authorised representative in the Union)",
  distributor: "distributor (no main establishment, authorised representative or importer in the Union)",
  mostUsers: "Member State with the most users (no other connection to the Union declared)",
};

/** Placing is per unit (Commission FAQ on placing on the market): first unit, last unit, and the dates that follow. */
function placingFacts(
  first: string | undefined,
  last: string | undefined,
  asOf: string,
  substantiallyModified: boolean,
): PlacingFacts {
  const date = first ?? asOf;
  const lastPlaced = last !== undefined && last <= asOf;
  const stillPlacing = !lastPlaced;
  // Art. 69(2): a product whose last unit was placed before the CRA applied comes into scope through a substantial
  // modification from 2027-12-11 on. Judging it at its earlier placing would judge it before the law applied; the
  // modification date is not declared, so the earliest possible one is used: a vulnerability known before it is a
  // (2)(a) matter whatever the real date, one known later is left to a reviewer.
  const modifiedIntoScope = last !== undefined && last < CRA_GENERAL_APPLICATION && substantiallyModified;
  if (modifiedIntoScope) {
    return {
      date,
      declared: first !== undefined,
      lastUnit: last,
      stillPlacing,
      newestUnit: CRA_GENERAL_APPLICATION,
      judgedAt: CRA_GENERAL_APPLICATION,
      onMarket: first === undefined || first <= asOf,
      countedFromWhy: `the last unit was placed on ${last}, before ${CRA_GENERAL_APPLICATION}, and the product was substantially modified afterwards (Art. 69(2)) on a date not declared, so it counts from ${CRA_GENERAL_APPLICATION}, the earliest that date can be`,
      modifiedIntoScope,
    };
  }
  const newestUnit = last ?? (date > asOf ? date : asOf);
  const countedFromWhy =
    last !== undefined
      ? `the last unit ${lastPlaced ? "was" : "is to be"} placed on the market on ${last}`
      : first === undefined
        ? "no placing date is declared, so it counts from the assessment date"
        : `units are still being placed (no product.lastPlacedOnMarket): each new unit needs its own support period, so it counts from the newest units, placed on ${newestUnit}`;
  const placing: PlacingFacts = {
    date,
    declared: first !== undefined,
    stillPlacing,
    newestUnit,
    judgedAt: lastPlaced ? last : asOf,
    onMarket: first === undefined || first <= asOf,
    countedFromWhy,
  };
  if (last !== undefined) placing.lastUnit = last;
  return placing;
}

/** Kinds of specification that give a presumption of conformity for what they cover (Art. 27(1), (2), (8)-(9)). */
const PRESUMPTION_KINDS = new Set(["harmonised-standard", "common-specification"]);

function standardsCoverage(
  standards: readonly StandardApplied[],
  property: DerivedFacts["property"],
): DerivedFacts["standards"] {
  const covered = new Set<string>();
  const byScheme = new Set<string>();
  let coverageDeclared = false;
  for (const standard of standards) {
    const covers = standard.covers ?? [];
    if (covers.length === 0) continue;
    if (standard.kind === "certification-scheme") {
      coverageDeclared = true;
      for (const id of covers) byScheme.add(id);
    } else if (standard.kind !== undefined && PRESUMPTION_KINDS.has(standard.kind)) {
      coverageDeclared = true;
      for (const id of covers) covered.add(id);
    }
  }
  const uncovered = ESSENTIAL_REQUIREMENT_IDS.filter((id) => !covered.has(id));
  const notApplicable = (id: string) => {
    const letter = /^CRA-AI-P1-(2[a-m])$/.exec(id)?.[1] as keyof DerivedFacts["property"] | undefined;
    return letter !== undefined && property[letter] === "not-applicable-justified";
  };
  const unmet = uncovered.filter((id) => !byScheme.has(id));
  const open = unmet.filter((id) => !notApplicable(id));
  const openNotApplicable = unmet.filter(notApplicable);
  const schemeOnly = uncovered.filter((id) => byScheme.has(id));
  return {
    count: standards.length,
    // Art. 32(2): only harmonised standards, common specifications or a certification scheme applied in full open
    // module A to class I; an "other" specification does not.
    appliedInFull: standards.filter((s) => s.application === "full" && s.kind !== "other").length,
    coverageDeclared,
    uncovered: open,
    uncoveredCount: open.length,
    coveredOnlyByScheme: schemeOnly,
    coveredOnlyBySchemeCount: schemeOnly.length,
    uncoveredNotApplicable: openNotApplicable,
    uncoveredNotApplicableCount: openNotApplicable.length,
  };
}

/** The SBOM's own vulnerability records as Annex I Part I (2)(a) reads them at the judging date. */
function sbomVulnerabilities(sbom: NormalizedSbom | undefined, judgedAt: string): DerivedFacts["sbomVulnerabilities"] {
  const exploitable: string[] = [];
  const unassessed: string[] = [];
  const unjustified: string[] = [];
  const after: string[] = [];
  for (const vulnerability of sbom?.vulnerabilities ?? []) {
    const refs = vulnerability.affects.map((a) => a.ref);
    const state = vulnerability.analysis?.state;
    if (state !== undefined && !OPEN_STATES.has(state) && state !== "not_affected") continue;
    if (state === "not_affected" && vulnerability.analysis?.justification !== undefined) continue;
    if (knownAfter(vulnerability.published, judgedAt)) {
      after.push(...refs);
      continue;
    }
    if (state === "exploitable") exploitable.push(...refs);
    else if (state === "not_affected") unjustified.push(...refs);
    else unassessed.push(...refs);
  }
  return {
    exploitable: offenders(exploitable),
    unassessed: offenders(unassessed),
    notAffectedWithoutJustification: offenders(unjustified),
    afterPlacing: offenders(after),
  };
}

const OPEN_STATES = new Set(["exploitable", "in_triage"]);

/** True when a publication date (date or date-time) lies after the judging date; an unknown date is not after. */
function knownAfter(published: string | undefined, judgedAt: string): boolean {
  return published !== undefined && published.slice(0, 10) > judgedAt;
}

export function classOf(category: string | undefined): ProductClass {
  if (!category) return "undeclared";
  if (category.startsWith("CRA-AIII-C1-")) return "class-I";
  if (category.startsWith("CRA-AIII-C2-")) return "class-II";
  if (category.startsWith("CRA-AIV-")) return "critical";
  return "default";
}

/** purls compare in canonical form (packageurl-js), other identifiers (CPE, names) as trimmed, case-folded text. */
function canonicalIdentifier(value: string): string {
  const text = value.trim();
  if (text.startsWith("pkg:")) {
    try {
      return PackageURL.fromString(text).toString();
    } catch {
      return text;
    }
  }
  return text.toLowerCase();
}

function identityFacts(d: Declaration, sbom: NormalizedSbom | undefined): DerivedFacts["identity"] {
  const declared = [...(d.product.identifiers ?? [])].sort();
  const root = sbom?.root;
  const sbomRoot: string[] = [];
  if (root) {
    if (root.purl) sbomRoot.push(root.purl.raw);
    if (root.cpe) sbomRoot.push(root.cpe);
    if (root.swidTagId) sbomRoot.push(root.swidTagId);
    sbomRoot.push(root.name);
  }
  const identity: DerivedFacts["identity"] = { declared, sbomRoot };
  if (!sbom) return identity;
  identity.comparedBy = declared.length > 0 ? "identifiers" : "name";
  if (!root) {
    identity.sbomRootMatches = false;
    return identity;
  }
  const rootKeys = new Set(sbomRoot.map(canonicalIdentifier));
  // With declared identifiers, one of them must name the SBOM's root (purl, CPE, SWID tag or name); without any,
  // the product name must equal the root's name. Either way the SBOM is tied to the declared product.
  identity.sbomRootMatches =
    declared.length > 0
      ? declared.some((id) => rootKeys.has(canonicalIdentifier(id)))
      : canonicalIdentifier(d.product.name) === canonicalIdentifier(root.name);
  if (d.product.version && root.version) identity.sbomVersionMatches = d.product.version === root.version;
  return identity;
}

/**
 * The same reading of VEX states as the SBOM quality facts (exploitable, in_triage or no analysis: unresolved;
 * not_affected needs a justification), but collected by affected component so waivers and reports can name them.
 */
function vulnerableComponents(sbom: NormalizedSbom | undefined): DerivedFacts["vulnerableComponents"] {
  const unresolved: string[] = [];
  const unjustified: string[] = [];
  for (const vulnerability of sbom?.vulnerabilities ?? []) {
    const state = vulnerability.analysis?.state;
    const refs = vulnerability.affects.map((a) => a.ref);
    if (state === undefined || state === "exploitable" || state === "in_triage") unresolved.push(...refs);
    if (state === "not_affected" && vulnerability.analysis?.justification === undefined) unjustified.push(...refs);
  }
  return { unresolved: offenders(unresolved), notAffectedWithoutJustification: offenders(unjustified) };
}

/** Maps component bom-refs to their location in the SBOM (built on first use: most assessments never ask). */
export function componentLocator(sbom: NormalizedSbom | undefined): (ref: string) => string | undefined {
  let byRef: Map<string, string> | undefined;
  return (ref) => {
    if (!sbom) return undefined;
    if (!byRef) {
      byRef = new Map();
      if (sbom.root) byRef.set(sbom.root.bomRef, sbom.root.location);
      for (const component of sbom.components)
        if (!byRef.has(component.bomRef)) byRef.set(component.bomRef, component.location);
    }
    const location = byRef.get(ref);
    return location === undefined ? undefined : `sbom:${location.startsWith("/") ? "" : "/"}${location}`;
  };
}

function offenders(refs: Iterable<string>): OffenderList {
  const unique = [...new Set(refs)].sort();
  return { count: unique.length, refs: unique.slice(0, OFFENDER_CAP) };
}

function adviseFacts(
  matches: VulnerabilityMatch[] | undefined,
  asOf: string,
  judgedAt: string,
  policy: FactPolicy,
): AdvisoryFacts {
  const list = matches ?? [];
  const open = list.filter((m) => m.exploitable);
  const atPlacing = open.filter((m) => !knownAfter(m.knownSince, judgedAt));
  const later = open.filter((m) => knownAfter(m.knownSince, judgedAt));
  const kev = atPlacing.filter((m) => m.knownExploited);
  const confirmed = atPlacing.filter((m) => !m.knownExploited && m.vex?.state === "exploitable");
  const unassessed = atPlacing.filter((m) => !m.knownExploited && m.vex?.state !== "exploitable");
  const ids = (some: VulnerabilityMatch[]) => [...new Set(some.map((m) => m.advisoryId))].sort().slice(0, OFFENDER_CAP);
  const exploitable = list.filter((m) => m.exploitable);
  const overdue = exploitable.filter((m) => {
    if (!m.fixAvailableSince || m.fixedVersions.length === 0) return false;
    const days = daysBetween(m.fixAvailableSince, asOf);
    return days !== undefined && days > policy.fixOverdueDays;
  });
  return {
    supplied: matches !== undefined,
    matchCount: list.length,
    exploitable: offenders(exploitable.map((m) => m.component)),
    knownExploited: offenders(exploitable.filter((m) => m.knownExploited).map((m) => m.component)),
    fixOverdue: offenders(overdue.map((m) => m.component)),
    fixOverdueDays: policy.fixOverdueDays,
    exploitableIds: ids(exploitable),
    atPlacing: {
      judgedAt,
      knownExploited: offenders(kev.map((m) => m.component)),
      confirmed: offenders(confirmed.map((m) => m.component)),
      confirmedIds: ids(confirmed),
      unassessed: offenders(unassessed.map((m) => m.component)),
      unassessedIds: ids(unassessed),
    },
    afterPlacing: offenders(later.map((m) => m.component)),
    afterPlacingIds: ids(later),
    afterPlacingKnownExploited: offenders(later.filter((m) => m.knownExploited).map((m) => m.component)),
  };
}

/** Where a derived value comes from, for the evidence trail of a finding. Longest matching prefix wins. */
export const DERIVED_LOCATIONS: Record<string, string> = {
  asOf: "option:--as-of",
  declarationGiven: "declaration:/",
  placing: "declaration:/product/placedOnMarket",
  legacy: "declaration:/product/lastPlacedOnMarket",
  productClass: "declaration:/product/category",
  steward: "declaration:/product/openSource/steward",
  tailorMadeAgreement: "declaration:/product/tailorMade",
  fossAnnexIIIException: "declaration:/product/openSource",
  property: "declaration:/securityProperties",
  propertyInWords: "declaration:/securityProperties",
  properties: "declaration:/securityProperties",
  supportPeriod: "declaration:/supportPeriod/end",
  "supportPeriod.sbomEnd": "sbom:/metadata/component",
  "supportPeriod.sbomEndInWords": "sbom:/metadata/component",
  retention: "declaration:/product/lastPlacedOnMarket",
  spoc: "declaration:/vulnerabilityHandling/singlePointOfContact",
  contact: "declaration:/vulnerabilityHandling/contact",
  "contact.manufacturerDigital": "declaration:/manufacturer",
  identity: "sbom:/metadata/component",
  vulnerableComponents: "sbom:/vulnerabilities",
  sbomVulnerabilities: "sbom:/vulnerabilities",
  "placing.lastUnit": "declaration:/product/lastPlacedOnMarket",
  "placing.stillPlacing": "declaration:/product/lastPlacedOnMarket",
  "placing.modifiedIntoScope": "declaration:/product/substantiallyModified",
  "placing.newestUnit": "declaration:/product/lastPlacedOnMarket",
  "placing.judgedAt": "declaration:/product/lastPlacedOnMarket",
  "placing.countedFromWhy": "declaration:/product/lastPlacedOnMarket",
  "identity.declared": "declaration:/product/identifiers",
  standards: "declaration:/documentation/standardsApplied",
  testing: "declaration:/vulnerabilityHandling/securityTesting",
  conformityDeclaration: "declaration:/documents",
  coordinator: "declaration:/manufacturer/mainEstablishment",
  "coordinator.declared": "declaration:/reporting/coordinatorCsirt",
};

const SBOM_LOCATIONS: Record<string, string> = {
  present: "sbom:/",
  standard: "sbom:/",
  format: "sbom:/",
  specVersion: "sbom:/specVersion",
  standardVersion: "sbom:/specVersion",
  root: "sbom:/metadata/component",
  "root.directDependencyCount": "sbom:/dependencies",
  "root.directDependenciesIncomplete": "sbom:/components",
  "root.topLevelSource": "sbom:/dependencies",
  "root.topLevelCount": "sbom:/dependencies",
  vulnerabilities: "sbom:/vulnerabilities",
  securityContact: "sbom:/externalReferences",
  supportPeriod: "sbom:/metadata",
  ntia: "sbom:/components",
  bsi: "sbom:/components",
  licenses: "sbom:/components",
  purls: "sbom:/components",
  hashes: "sbom:/components",
  duplicates: "sbom:/components",
  danglingDependencyRefs: "sbom:/dependencies",
  componentCount: "sbom:/components",
};

/**
 * The tables name CycloneDX's members; an SPDX document keeps the same facts elsewhere: SPDX 2 (JSON shape, which
 * YAML and tag-value are read into) in `packages`, `relationships`, `creationInfo`, `spdxVersion`; SPDX 3 in its
 * `@graph`, its version in `@context`. Locations SPDX has no member for point at the document.
 */
const SPDX2_LOCATIONS: Record<string, string> = {
  "sbom:/metadata/component": "sbom:/packages",
  "sbom:/components": "sbom:/packages",
  "sbom:/externalReferences": "sbom:/packages",
  "sbom:/dependencies": "sbom:/relationships",
  "sbom:/metadata": "sbom:/creationInfo",
  "sbom:/specVersion": "sbom:/spdxVersion",
  "sbom:/vulnerabilities": "sbom:/",
};

function inSbomStandard(location: string | undefined, facts: Record<string, unknown> | undefined): string | undefined {
  if (location === undefined || !location.startsWith("sbom:/")) return location;
  const sbom = facts?.sbom as { standard?: string; specVersion?: string } | undefined;
  if (sbom?.standard !== "SPDX") return location;
  if (sbom.specVersion?.startsWith("2.")) return SPDX2_LOCATIONS[location] ?? location;
  if (location === "sbom:/") return location;
  return location === "sbom:/specVersion" ? "sbom:/@context" : "sbom:/@graph";
}

function byLongestPrefix(table: Record<string, string>, path: string): string | undefined {
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const hit = table[parts.slice(0, n).join(".")];
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Derived values computed from the SBOM, the advisories and the assessment date alone; every other derived value
 * rests on the declaration. Without a declaration the vulnerability records are read at the as-of date, as for
 * units still being placed (no placing date is known).
 */
const DERIVED_WITHOUT_DECLARATION = ["asOf", "vulnerableComponents", "sbomVulnerabilities", "identity.sbomRoot"];

/**
 * True when a fact path rests on the declaration: its own fields, the partner facts built from it, and every
 * derived value except those in `DERIVED_WITHOUT_DECLARATION`. A rule reading one cannot be judged without it.
 */
export function restsOnDeclaration(fact: string, path: string | undefined): boolean {
  if (fact === "declaration" || fact === "partner") return true;
  if (fact !== "derived") return false;
  const p = path ?? "";
  return !DERIVED_WITHOUT_DECLARATION.some((prefix) => p === prefix || p.startsWith(`${prefix}.`));
}

/**
 * The input location a fact path reads: `declaration:/updates/signed`, `sbom:/metadata/component` … With the facts,
 * a derived value whose source depends on the input points at the field that decided it (the Art. 14(7) step that
 * gave the coordinator CSIRT); without them, or when nothing decided it, at the field the table names.
 */
export function locateFact(
  fact: string,
  path: string | undefined,
  facts?: Record<string, unknown>,
): string | undefined {
  const p = path ?? "";
  if (fact === "derived" && facts !== undefined && (p === "coordinator" || p.startsWith("coordinator."))) {
    // `coordinator.declared` is the CSIRT the declaration names, read from its own field whatever the route.
    const route = p === "coordinator.declared" ? undefined : coordinatorRoute(facts.declaration as Declaration);
    if (route) return ROUTE_LOCATIONS[route.basis];
  }
  switch (fact) {
    case "declaration":
      return `declaration:/${p.split(".").join("/")}`;
    case "sbom":
      return inSbomStandard(byLongestPrefix(SBOM_LOCATIONS, p) ?? "sbom:/", facts);
    case "advisories":
      return "advisories";
    case "derived":
      return inSbomStandard(byLongestPrefix(DERIVED_LOCATIONS, p), facts);
    case "partner":
      return locatePartnerFact(p);
    default:
      return undefined;
  }
}
