/**
 * Framework scope: which catalog requirements become findings, which are outside the framework's scope for this
 * product (and why), and from when each applies. The CRA's scope is the product's timing and role (Art. 69,
 * Art. 71, Art. 24); a partner framework plugs in its own or uses `assessEveryRequirement`.
 */
import { obligationAt } from "../crosswalk/levels.js";
import type { Requirement } from "../domain/requirement.js";
import { type AssessmentFacts, CRA_GENERAL_APPLICATION } from "./facts.js";

export interface FrameworkScope {
  /** False for catalog entries that are not obligations, e.g. the CRA product classes (they feed CRA-A32). */
  isAssessed(requirement: Requirement): boolean;
  /** A reason when the requirement does not apply to this product at all (it then is `not-applicable`). */
  outOfScope(requirement: Requirement, facts: AssessmentFacts): string | undefined;
  /**
   * ISO date from which the requirement applies; before it, gaps are shown for preparation at severity info. The
   * facts may move it for one product (an open-source steward's Art. 14 duties come with Art. 24).
   */
  appliesFrom(requirement: Requirement, facts?: AssessmentFacts): string | undefined;
  /** A reading of the law the verdict rests on that is the assessor's interpretation, shown in the finding. */
  interpretation?(requirement: Requirement, facts: AssessmentFacts): string | undefined;
  /** Report notes about scope decisions for this product. */
  notes(facts: AssessmentFacts): string[];
}

export const assessEveryRequirement: FrameworkScope = {
  isAssessed: () => true,
  outOfScope: () => undefined,
  appliesFrom: (requirement) => requirement.appliesFrom,
  notes: () => [],
};

/** A framework's scope narrowed to the requirements of one of its levels (e.g. CLS(IoT) L1 of L1-L4). */
export function atLevel(scope: FrameworkScope, level: string): FrameworkScope {
  return {
    ...scope,
    isAssessed: (requirement) => scope.isAssessed(requirement) && obligationAt(requirement, level) !== undefined,
  };
}

const PRODUCT_CLASS = /^CRA-(DEFAULT|AIII-C[12]-\d+|AIV-\d+)$/;
/** Art. 14 reporting applies from 2026-09-11, also to products placed on the market before 2027-12-11. */
const ARTICLE_14 = /^CRA-A14(-|$)/;
const ARTICLE_14_FROM = "2026-09-11";

export const craScope: FrameworkScope = {
  isAssessed: (requirement) => requirement.group !== "product-class" && !PRODUCT_CLASS.test(requirement.id),

  outOfScope(requirement, facts) {
    const d = facts.derived;
    const isArticle14 = ARTICLE_14.test(requirement.id);
    if (d.steward && !isArticle14) {
      return (
        "The declarant acts as open-source software steward (Art. 3(14)): stewards are not manufacturers; their duties " +
        "are the cybersecurity policy of Art. 24 and Art. 14 as far as they take part in development (Art. 24(3))."
      );
    }
    if (d.legacy && !isArticle14) {
      return (
        `Last unit placed on the market on ${d.placing.lastUnit}, before ${CRA_GENERAL_APPLICATION}, and not ` +
        "substantially modified since: outside the CRA except the Art. 14 reporting duties (Art. 69(2)-(3))."
      );
    }
    if (isArticle14 && !d.placing.onMarket) {
      // Art. 14 concerns vulnerabilities and incidents of products made available; before the first unit is placed
      // there is nothing to report.
      return (
        `Not yet on the market on ${d.asOf} (first placing declared for ${d.placing.date}): the Art. 14 reporting ` +
        "duties concern products placed on the market, so there is nothing to report yet; assess again from that date."
      );
    }
    return undefined;
  },

  appliesFrom(requirement, facts) {
    if (ARTICLE_14.test(requirement.id)) {
      // Interpretation: a steward is not a manufacturer; its reporting duty comes only through Art. 24(3), which
      // applies from the general date (Art. 71(2) brings forward Art. 14, not Art. 24).
      if (facts?.derived.steward) return CRA_GENERAL_APPLICATION;
      return requirement.appliesFrom ?? ARTICLE_14_FROM;
    }
    return requirement.appliesFrom ?? CRA_GENERAL_APPLICATION;
  },

  interpretation(requirement, facts) {
    if (!facts.derived.steward || !ARTICLE_14.test(requirement.id)) return undefined;
    return (
      "Interpretation (assessor): an open-source software steward's reporting duty comes through Art. 24(3) (as far as " +
      "it takes part in development, and for severe incidents on the systems it provides for development); Art. 24 " +
      `applies from ${CRA_GENERAL_APPLICATION} (Art. 71(2) brings forward Art. 14 only), so these duties are read ` +
      `as binding a steward from ${CRA_GENERAL_APPLICATION}.`
    );
  },

  notes(facts) {
    const d = facts.derived;
    const notes: string[] = [];
    if (!d.declarationGiven) {
      // No placing dates, class or role are known: the placing notes below would describe assumptions.
      notes.push(
        `No placing date is known: known vulnerabilities are judged on what is known on ${d.asOf}, as for units still being placed.`,
      );
    } else if (!d.placing.declared) {
      notes.push(
        `No placing-on-market date was declared: dates that count from it (support period, retention) count from the assessment date ${d.asOf}.`,
      );
    }
    if (d.legacy) {
      notes.push(
        `Legacy product (last unit placed ${d.placing.lastUnit}, not substantially modified): only Art. 14 reporting is assessed (Art. 69(3)).`,
      );
    } else if (d.placing.declared && d.placing.date < CRA_GENERAL_APPLICATION && d.placing.lastUnit === undefined) {
      notes.push(
        `First placed on ${d.placing.date}, before ${CRA_GENERAL_APPLICATION}, with units still being placed (no product.lastPlacedOnMarket): ` +
          `placing is per unit, so every unit placed from ${CRA_GENERAL_APPLICATION} must meet the CRA; the product is legacy only if its last unit is placed before that date.`,
      );
    }
    if (d.legacy || d.steward || !d.declarationGiven) {
      // Annex I does not apply (legacy, steward), or no placing is known: nothing is judged at placing.
    } else if (d.placing.modifiedIntoScope) {
      notes.push(
        `Last unit placed on ${d.placing.lastUnit}, before ${CRA_GENERAL_APPLICATION}, but substantially modified since: in scope from the modification (Art. 69(2)), whose date is not declared. ` +
          `Annex I Part I, the support period and retention count from ${CRA_GENERAL_APPLICATION}, the earliest that date can be; whether a vulnerability that became known later was known at the modification is for a reviewer.`,
      );
    } else if (d.placing.stillPlacing) {
      notes.push(
        `Units are still being placed: Annex I Part I is judged on what is known on ${d.placing.judgedAt}, and the support period counts from the newest units (${d.placing.newestUnit}).`,
      );
    } else {
      notes.push(
        `Last unit placed on ${d.placing.lastUnit}: Annex I Part I is judged on what was known then; vulnerabilities that became known later are for Annex I Part II.`,
      );
    }
    if (d.steward)
      notes.push("Open-source software steward: only Art. 14 is assessed; Art. 24 duties are not in this catalog.");
    if (!facts.sbom.present)
      notes.push("No SBOM was supplied: SBOM-based checks could not run and Annex I Part II (1) is a gap.");
    if (!facts.advisories.supplied) {
      notes.push(
        "No advisory data was matched: known vulnerabilities are judged from the SBOM's own vulnerability and VEX entries only.",
      );
    }
    return notes;
  },
};
