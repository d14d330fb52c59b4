/**
 * The legal logic that lives in TypeScript rather than in rules/: the `derived` facts the fact builder computes
 * (src/rules/facts.ts), each with what it means, the clause it serves and what a value of it rests on. The table
 * is the source of the generated "Derived facts" section of docs/rules.md (`renderDerivedFactsReference`) and of
 * the basis reading of rule outcomes (src/rules/basis.ts). A test keeps it in step with `DerivedFacts`.
 */
import type { FindingBasis } from "../domain/report.js";
import { isPresent } from "./operators.js";
import { resolvePath } from "./path.js";

export interface DerivedFactEntry {
  /** Dotted path under `derived`; a parent entry covers its children unless they have their own. */
  path: string;
  definition: string;
  citation: string;
  /** What a value rests on when the tool computed it: `verified` (dates, arithmetic, the SBOM) or `declared`. */
  source: Extract<FindingBasis, "verified" | "declared">;
  /**
   * Values that mean "nothing was said" although they are not empty (a count of 0, an `undeclared` answer);
   * `derived` is the whole derived fact, for values whose meaning depends on another one.
   */
  meansAbsent?: (value: unknown, derived: unknown) => boolean;
}

const zero = (value: unknown) => value === 0;
const isFalse = (value: unknown) => value === false;
const undeclaredAnswer = (value: unknown) =>
  value === "undeclared" || value === "not-applicable-unjustified" || value === "implemented-without-evidence";
/** A list of things left unsaid: any entry in it is an absence. */
const listOfAbsences = (value: unknown) => Array.isArray(value) && value.length > 0;

export const DERIVED_FACTS: readonly DerivedFactEntry[] = [
  {
    path: "asOf",
    definition: "The assessment date (`--as-of`, default today in UTC); decides what applies and what is overdue.",
    citation: "Art. 71(2)",
    source: "verified",
  },
  {
    path: "declarationGiven",
    definition:
      "A declaration was given. Without one only the SBOM (and advisories) are assessed; every rule that reads a value resting on the declaration gives `needs-review` with basis `absent`, and no product class or placing date is assumed.",
    citation: "Art. 13(12); Annex VII",
    source: "declared",
    meansAbsent: isFalse,
  },
  {
    path: "placing",
    definition:
      "Placing is per unit. `date`: the first unit (`product.placedOnMarket`), or the as-of date when none is declared (`declared: false`); `lastUnit`: `product.lastPlacedOnMarket`; `stillPlacing`: no last unit placed by the as-of date; `newestUnit`: the last unit, else the later of first placing and as-of date; `judgedAt`: when Annex I Part I is judged (the last unit once placed, else the as-of date); `onMarket`: first placing not after the as-of date (undeclared counts as on the market); `modifiedIntoScope`: last unit placed before 2027-12-11 and substantially modified since, on a date not declared: `newestUnit` and `judgedAt` are then 2027-12-11, the earliest the modification can be, and retention counts from it.",
    citation: "Art. 13(8); Art. 14; Art. 69(2); Annex I Part I (2)(a)",
    source: "declared",
  },
  {
    path: "legacy",
    definition:
      "Last unit placed on the market before 2027-12-11 and not substantially modified since: outside the CRA except Art. 14 (placing is per unit).",
    citation: "Art. 69(2)-(3)",
    source: "declared",
  },
  {
    path: "productClass",
    definition:
      "`default`, `class-I`, `class-II`, `critical` or `undeclared`, from the declared category (Annex III class I/II, Annex IV).",
    citation: "Art. 7; Art. 8; Annexes III-IV",
    source: "declared",
    meansAbsent: (value) => value === "undeclared",
  },
  {
    path: "steward",
    definition: "The declarant acts as open-source software steward, not as manufacturer.",
    citation: "Art. 3(14); Art. 24",
    source: "declared",
  },
  {
    path: "tailorMadeAgreement",
    definition:
      "Tailor-made for a business user with the agreement referenced: secure-by-default and free-of-charge may be varied.",
    citation: "Annex I Part I (2)(b); Annex I Part II (8)",
    source: "declared",
  },
  {
    path: "fossAnnexIIIException",
    definition:
      "Free and open-source software with public technical documentation: module A is open to Annex III products.",
    citation: "Art. 32(5)",
    source: "declared",
  },
  {
    path: "property",
    definition:
      "How the risk assessment answers each Annex I Part I (2) letter: implemented with or without evidence, not applicable with or without justification, not implemented, or undeclared.",
    citation: "Art. 13(3)-(4); Annex I Part I (2)",
    source: "declared",
    meansAbsent: undeclaredAnswer,
  },
  {
    path: "propertyInWords",
    definition: "The same answers in words, for messages.",
    citation: "Art. 13(3)-(4)",
    source: "declared",
  },
  {
    path: "properties",
    definition:
      "The letters by answer: `undeclared`, `notApplicableUnjustified`, `implementedWithoutEvidence`, `notImplemented`.",
    citation: "Art. 13(3)-(4)",
    source: "declared",
  },
  {
    path: "properties.undeclared",
    definition: "Letters of Annex I Part I (2) the risk assessment does not answer.",
    citation: "Art. 13(3)",
    source: "declared",
    meansAbsent: listOfAbsences,
  },
  {
    path: "properties.notApplicableUnjustified",
    definition: "Letters declared not applicable without the clear justification Art. 13(4) asks for.",
    citation: "Art. 13(4)",
    source: "declared",
    meansAbsent: listOfAbsences,
  },
  {
    path: "properties.implementedWithoutEvidence",
    definition: "Letters declared implemented without a reference to evidence.",
    citation: "Art. 13(3); Annex VII (3)",
    source: "declared",
    meansAbsent: listOfAbsences,
  },
  {
    path: "supportPeriod",
    definition:
      "The support period from the newest unit's placing (`countedFrom`, each unit needs its own) to the declared end (a month-only end is the month's last day): whole `months` and `years`; `endPrecision` day, month or none.",
    citation: "Art. 13(8); Art. 13(19)",
    source: "verified",
    meansAbsent: (value) => value === "none",
  },
  {
    path: "retention",
    definition:
      "`documentationRequiredUntil`: ten years after placing (the last unit once declared, else the first as a lower bound) or the end of the support period, whichever is later. `newestUnitsRequiredUntil`: the same from `placing.newestUnit` (while units are still being placed, the as-of date: units placed up to then each need their ten years).",
    citation: "Art. 13(13)",
    source: "verified",
  },
  {
    path: "spoc",
    definition: "Declared single-point-of-contact `channels` and how many are not automated tools (`nonAutomated`).",
    citation: "Art. 13(17); Annex II (2)",
    source: "declared",
  },
  {
    path: "spoc.channels",
    definition: "Number of declared channels.",
    citation: "Art. 13(17)",
    source: "declared",
    meansAbsent: zero,
  },
  {
    path: "spoc.nonAutomated",
    definition: "Number of declared channels that are not automated tools.",
    citation: "Art. 13(17)",
    source: "declared",
    // No channel at all is silence; channels that are all automated tools are a statement the law refuses.
    meansAbsent: (value, derived) => value === 0 && resolvePath(derived, "spoc.channels") === 0,
  },
  {
    path: "contact",
    definition:
      "`vulnerabilityReports`: an e-mail, security.txt or web form for vulnerability reports is declared; `manufacturerDigital`: the manufacturer's e-mail or other digital contact is declared.",
    citation: "Annex I Part II (6); Art. 13(16)",
    source: "declared",
    meansAbsent: isFalse,
  },
  {
    path: "vulnerableComponents",
    definition:
      "Components the SBOM's own vulnerability records affect: `unresolved` (exploitable, in triage or no analysis), `notAffectedWithoutJustification`.",
    citation: "Annex I Part I (2)(a)",
    source: "verified",
  },
  {
    path: "sbomVulnerabilities",
    definition:
      "The SBOM's own vulnerability records at `placing.judgedAt`, by affected component: `exploitable` (analysis exploitable), `unassessed` (no analysis or in triage), `notAffectedWithoutJustification`, and `afterPlacing` (published after the judging date, a Part II (2) matter).",
    citation: "Annex I Part I (2)(a); Art. 3(41)",
    source: "verified",
  },
  {
    path: "identity",
    definition:
      "The SBOM's root component against the declared product: `sbomRootMatches` (purl in canonical form, CPE, SWID tag id or name), `comparedBy` (`identifiers` when the declaration lists product identifiers, `name` when only the names could be compared), `sbomVersionMatches`; `declared` and `sbomRoot` list both sides.",
    citation: "Annex I Part II (1); Annex VII (1)(b)",
    source: "verified",
  },
  {
    path: "identity.declared",
    definition: "The declared product identifiers.",
    citation: "Art. 13(15); Annex II (3)",
    source: "declared",
  },
  {
    path: "standards",
    definition:
      "Declared standards: `count`, `appliedInFull` (harmonised standards, common specifications or schemes applied in full; other specifications do not count), `coverageDeclared`, `uncovered` (Annex I requirements no harmonised standard or common specification covers, per `covers`, leaving out those in `uncoveredNotApplicable`), `uncoveredNotApplicable` (uncovered Part I (2) requirements the risk assessment declares not applicable with a justification: for a reviewer, since Art. 32(2) is about the essential requirements that apply) and `coveredOnlyByScheme` (covered only by a certification scheme, which counts once a delegated act names it).",
    citation: "Art. 27; Art. 32(2); Annex VII (5)",
    source: "declared",
  },
  {
    path: "standards.coverageDeclared",
    definition:
      "At least one harmonised standard, common specification or certification scheme applied says which Annex I requirements it covers (`covers`); false means the coverage was not stated.",
    citation: "Art. 32(2); Art. 27",
    source: "declared",
    meansAbsent: isFalse,
  },
  {
    path: "standards.count",
    definition: "Number of declared standards.",
    citation: "Annex VII (5)",
    source: "declared",
    meansAbsent: zero,
  },
  {
    path: "testing",
    definition:
      "Declared security tests: `count`, `withDocument`, `latestDate`; `monthsSinceLatest` is whole months from the latest test to the as-of date.",
    citation: "Annex I Part II (3); Annex VII (6)",
    source: "declared",
  },
  {
    path: "testing.count",
    definition: "Number of declared tests.",
    citation: "Annex I Part II (3)",
    source: "declared",
    meansAbsent: zero,
  },
  {
    path: "testing.withDocument",
    definition: "Declared tests with a report document.",
    citation: "Annex VII (6)",
    source: "declared",
    meansAbsent: zero,
  },
  {
    path: "testing.monthsSinceLatest",
    definition: "Whole months from the latest declared test to the as-of date.",
    citation: "Annex I Part II (3)",
    source: "verified",
  },
  {
    path: "coordinator",
    definition:
      "The coordinator CSIRT's Member State (`memberState`) from the main establishment in the Union, else in order from the authorised representative, the importer, the distributor, the Member State with most users; `route` names the step (`undetermined` when none is declared); `declared` is the CSIRT the declaration names and `matches` whether it is the derived one.",
    citation: "Art. 14(7)",
    source: "declared",
    meansAbsent: (value) => value === "undetermined",
  },
  {
    path: "conformityDeclaration",
    definition:
      "`copyListed`: a document of kind `declaration-of-conformity` (a copy of the EU declaration of conformity) is listed among the declaration's documents.",
    citation: "Annex VII (7); Art. 13(12)",
    source: "declared",
    meansAbsent: isFalse,
  },
];

function entryFor(path: string): DerivedFactEntry | undefined {
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const prefix = parts.slice(0, n).join(".");
    const hit = DERIVED_FACTS.find((entry) => entry.path === prefix);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * What a fact value rests on when it is there: the declaration and the partner answers are claims; the SBOM, the
 * advisory matches and computed values are data the tool checked.
 */
export function factSourceBasis(fact: string, path: string): "verified" | "declared" {
  switch (fact) {
    case "sbom":
    case "advisories":
      return "verified";
    case "derived":
      return entryFor(path)?.source ?? "declared";
    default:
      return "declared";
  }
}

/** Whether a fact value says nothing: missing or empty, or one of the values that stand for silence. */
export function isAbsentFactValue(fact: string, path: string, value: unknown, factValue?: unknown): boolean {
  if (!isPresent(value)) return true;
  if (fact === "sbom" && path === "present") return value === false;
  // The SBOM is one place a security contact may be given; not giving it there shows nothing.
  if (fact === "sbom" && path.startsWith("securityContact.")) return value === false;
  if (fact === "advisories" && path === "supplied") return value === false;
  if (fact === "partner" && /\.held$/.test(path)) return value === false;
  if (fact === "derived") return entryFor(path)?.meansAbsent?.(value, factValue) === true;
  return false;
}

/** The "Derived facts" section of docs/rules.md, generated from `DERIVED_FACTS`. */
export function renderDerivedFactsReference(): string {
  const lines = [
    "| derived fact | definition | citation | rests on |",
    "|---|---|---|---|",
    ...[...DERIVED_FACTS]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((e) => `| \`derived.${e.path}\` | ${e.definition} | ${e.citation} | ${e.source} |`),
  ];
  return `${lines.join("\n")}\n`;
}
