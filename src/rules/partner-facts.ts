/**
 * Facts for the partner-framework rule sets (rules/uk-psti, rules/etsi-en-303-645@3.1.3 …), gathered once per
 * assessment into the `partner` fact.
 *
 * Why a separate fact: ETSI EN 303 645 provision ids (`5.1-1`, `5.3-4A`) contain dots and dashes, which a rule's
 * dotted fact path cannot address inside `declaration.etsiIcs.provisions`. Here each answer is re-keyed
 * (`5.1-1` → `5_1_1`) and classified once, the way `derived.property` classifies the CRA security properties, so
 * the rules stay plain data. Certificate validity (UK PSTI Schedule 2 conditions B and C, S.I. 2025/1267: a
 * current, unexpired label) is judged here against the assessment date.
 */
import { normalizeLevel } from "../crosswalk/levels.js";
import type { Certification, Declaration } from "../declaration/schema.js";
import { formatDate, parseCalendarDate } from "./dates.js";
import { isPresent } from "./operators.js";

/**
 * One ICS answer (ETSI EN 303 645 Annex B, "Support" column) with whether the declaration backs it: evidence for
 * a "yes", a justification for a "no" or "not applicable" (provision 5.0-1).
 */
export type IcsAnswerFact =
  | "yes-with-evidence"
  | "yes-without-evidence"
  | "no-justified"
  | "no-unjustified"
  | "not-applicable-justified"
  | "not-applicable-unjustified";

export interface IcsProvisionFact {
  /** The answer as written in the ICS. */
  stated: "yes" | "no" | "not-applicable";
  answer: IcsAnswerFact;
  justification?: string;
  evidence: string[];
}

export interface LabelFact {
  /** The declaration lists a certificate of this scheme (and level), valid or not. */
  held: boolean;
  /** At least one such certificate is current on the assessment date: started, and with a declared expiry date not
   * passed. A certificate without `validUntil` cannot be shown unexpired, so it does not count here. */
  valid: boolean;
  /** Certificate ids (or scheme:level when no id is given) of the held certificates, sorted. */
  certificates: string[];
  /** Why held certificates do not count, one sentence each, sorted. */
  problems: string[];
}

export interface PartnerFacts {
  etsi: {
    /** The edition the declaration's ICS answers (`3.1.3` or `2.1.1`), when there is an ICS. */
    icsVersion?: string;
    /** For messages: `none`, `V3.1.3` or `V2.1.1`. */
    icsOnFile: string;
    /** Answers of a V3.1.3 ICS by re-keyed provision id (`5_1_1`); empty when the ICS answers another edition. */
    v3: Record<string, IcsProvisionFact>;
    /** Answers of a V2.1.1 ICS (the edition UK PSTI Schedule 2 cites), re-keyed the same way. */
    v2: Record<string, IcsProvisionFact>;
    /** Provisions answered "no" or "not applicable" without a justification (provision 5.0-1), sorted. */
    notAppliedWithoutJustification: string[];
  };
  labels: {
    /** A JC-STAR ★1 label (UK PSTI Schedule 2 condition B). */
    jcStarStar1: LabelFact;
    /** A Singapore CLS(IoT) label at any level (UK PSTI Schedule 2 condition C). */
    sgCls: LabelFact;
    /** For messages: the certificates of both kinds that are current, and the problems of the others, sorted. */
    current: string[];
    problems: string[];
  };
  testing: {
    /**
     * The kinds of security testing the declaration lists (`vulnerabilityHandling.securityTesting[].kind`), sorted
     * and unique, so a rule can ask for a binary analysis (CLS L3) or a vulnerability scan (JC-STAR S1.1-13) with
     * `contains`.
     */
    kinds: string[];
  };
  psti: {
    /** Schedule 4 (b): manufacturers listed in the statement of compliance without an address. */
    manufacturersWithoutAddress: number;
    /** Schedule 4 para 2: standards listed without a version or a date of issue. */
    standardsIncomplete: number;
    /** The statement says a Schedule 1 requirement is met through a standard (ETSI EN 303 645 or ISO/IEC 29147). */
    reliesOnStandard: boolean;
    /**
     * Schedule 1 para 3(6): the declared support-period end against the one in the statement of compliance (the
     * period as first supplied). `shortened` is a breach; `unknown` when either end is missing. Month-only ends mean
     * the last day of the month, so "2034-03" and "2034-03-31" are the same end.
     */
    supportPeriodChange: "shortened" | "kept" | "extended" | "unknown";
  };
}

/** `5.1-1` → `5_1_1`, `6-3A` → `6_3A`: a key a dotted rule path can address. */
export function icsKey(provision: string): string {
  return provision.replace(/[.-]/g, "_");
}

/** The inverse of `icsKey` for well-formed keys: `5_1_1` → `5.1-1`, `6_3A` → `6-3A`. */
export function provisionOfKey(key: string): string {
  const parts = key.split("_");
  if (parts.length === 3) return `${parts[0]}.${parts[1]}-${parts[2]}`;
  if (parts.length === 2) return `${parts[0]}-${parts[1]}`;
  return key;
}

function classify(entry: { answer: string; justification?: string; evidence?: string[] }): IcsAnswerFact {
  const justified = isPresent(entry.justification);
  if (entry.answer === "yes") return isPresent(entry.evidence) ? "yes-with-evidence" : "yes-without-evidence";
  if (entry.answer === "no") return justified ? "no-justified" : "no-unjustified";
  return justified ? "not-applicable-justified" : "not-applicable-unjustified";
}

function labelFact(
  certificates: Certification[],
  asOf: string,
  accepts: (c: Certification) => boolean,
): LabelFact & { current: string[] } {
  const held = certificates.filter(accepts);
  const problems: string[] = [];
  const current: string[] = [];
  const nameOf = (c: Certification) => c.certificateId ?? `${c.scheme}:${c.level ?? "?"}`;
  for (const c of held) {
    const name = nameOf(c);
    if (c.validFrom !== undefined && c.validFrom > asOf) problems.push(`${name} is valid only from ${c.validFrom}.`);
    else if (c.validUntil === undefined)
      problems.push(`${name} declares no expiry date, so it cannot be shown current.`);
    else if (c.validUntil < asOf) problems.push(`${name} expired on ${c.validUntil}.`);
    else current.push(name);
  }
  return {
    held: held.length > 0,
    valid: current.length > 0,
    certificates: [...new Set(held.map(nameOf))].sort(),
    problems: problems.sort(),
    current,
  };
}

function supportPeriodChange(current: string | undefined, first: string | undefined) {
  const now = parseCalendarDate(current, "last");
  const then = parseCalendarDate(first, "last");
  if (!now || !then) return "unknown";
  const a = formatDate(now);
  const b = formatDate(then);
  return a < b ? "shortened" : a === b ? "kept" : "extended";
}

const JC_STAR = "jp-jc-star";
const SG_CLS = "sg-cls";
const STANDARD_ROUTES = new Set(["etsi-en-303-645@2.1.1", "iso-iec-29147"]);

export function buildPartnerFacts(declaration: Declaration, asOf: string): PartnerFacts {
  const ics = declaration.etsiIcs;
  const answers: Record<string, IcsProvisionFact> = {};
  const notAppliedWithoutJustification: string[] = [];
  for (const [provision, entry] of Object.entries(ics?.provisions ?? {})) {
    const answer = classify(entry);
    const fact: IcsProvisionFact = { stated: entry.answer, answer, evidence: [...(entry.evidence ?? [])] };
    if (isPresent(entry.justification)) fact.justification = entry.justification!;
    answers[icsKey(provision)] = fact;
    if (answer === "no-unjustified" || answer === "not-applicable-unjustified") {
      notAppliedWithoutJustification.push(provision);
    }
  }
  const etsi: PartnerFacts["etsi"] = {
    v3: ics?.version === "3.1.3" ? answers : {},
    v2: ics?.version === "2.1.1" ? answers : {},
    notAppliedWithoutJustification: notAppliedWithoutJustification.sort(),
    icsOnFile: ics ? `V${ics.version}` : "none",
  };
  if (ics) etsi.icsVersion = ics.version;

  const certificates = declaration.certifications ?? [];
  const soc = declaration.pstiStatementOfCompliance;
  const basis = Object.values(soc?.complianceBasis ?? {});
  // JC-STAR has one level in S.I. 2025/1267's sense: ★1 ("STAR-1"); written "star-1", "★1", "STAR 1" …
  const { current: jcCurrent, ...jcStarStar1 } = labelFact(
    certificates,
    asOf,
    (c) => c.scheme === JC_STAR && c.level !== undefined && normalizeLevel(c.level) === "star1",
  );
  // Condition C accepts a CLS(IoT) label at any level.
  const { current: clsCurrent, ...sgCls } = labelFact(certificates, asOf, (c) => c.scheme === SG_CLS);
  return {
    etsi,
    labels: {
      jcStarStar1,
      sgCls,
      current: [...jcCurrent, ...clsCurrent].sort(),
      problems: [...jcStarStar1.problems, ...sgCls.problems].sort(),
    },
    testing: {
      kinds: [...new Set((declaration.vulnerabilityHandling?.securityTesting ?? []).map((t) => t.kind))].sort(),
    },
    psti: {
      manufacturersWithoutAddress: (soc?.manufacturers ?? []).filter((m) => !isPresent(m.address)).length,
      standardsIncomplete: (soc?.standards ?? []).filter((s) => !isPresent(s.version) || !isPresent(s.dateOfIssue))
        .length,
      reliesOnStandard: basis.some((route) => typeof route === "string" && STANDARD_ROUTES.has(route)),
      supportPeriodChange: supportPeriodChange(declaration.supportPeriod?.end, soc?.definedSupportPeriod?.end),
    },
  };
}

/** The input location a `partner` fact path reads, for the evidence trail of a finding. */
export function locatePartnerFact(path: string): string {
  const parts = path.split(".");
  if (parts[0] === "etsi") {
    if ((parts[1] === "v3" || parts[1] === "v2") && parts[2] !== undefined) {
      return `declaration:/etsiIcs/provisions/${provisionOfKey(parts[2])}`;
    }
    if (parts[1] === "icsVersion") return "declaration:/etsiIcs/version";
    return "declaration:/etsiIcs";
  }
  if (parts[0] === "labels") return "declaration:/certifications";
  if (parts[0] === "psti") return "declaration:/pstiStatementOfCompliance";
  if (parts[0] === "testing") return "declaration:/vulnerabilityHandling/securityTesting";
  return "declaration:/";
}
