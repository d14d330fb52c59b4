/**
 * The manufacturer's own analysis of a vulnerability matched against its product (VEX: Vulnerability Exploitability
 * eXchange), recorded per product version. It is the triage that CRA Annex I Part I (2)(a) and Part II (2) turn on:
 * whether a known vulnerability is exploitable in the product, and what is done about it.
 *
 * The vocabulary is CycloneDX's impact analysis (state, justification, response, detail), the richest of the three
 * formats written out; `toVexStatus` maps it to the OpenVEX and CSAF VEX status and justification names.
 */

export const IMPACT_STATES = [
  "resolved",
  "resolved_with_pedigree",
  "exploitable",
  "in_triage",
  "false_positive",
  "not_affected",
] as const;
export type ImpactState = (typeof IMPACT_STATES)[number];

export const IMPACT_JUSTIFICATIONS = [
  "code_not_present",
  "code_not_reachable",
  "requires_configuration",
  "requires_dependency",
  "requires_environment",
  "protected_by_compiler",
  "protected_at_runtime",
  "protected_at_perimeter",
  "protected_by_mitigating_control",
] as const;
export type ImpactJustification = (typeof IMPACT_JUSTIFICATIONS)[number];

export const IMPACT_RESPONSES = ["can_not_fix", "will_not_fix", "update", "rollback", "workaround_available"] as const;
export type ImpactResponse = (typeof IMPACT_RESPONSES)[number];

export interface ProductVexStatement {
  productId: string;
  organizationId: string;
  /** The product version the analysis holds for: each version is triaged on its own. */
  productVersion: string;
  /** CVE, GHSA or OSV id. */
  vulnerability: string;
  /** The component the vulnerability was matched on: its purl, or its name where it has none. */
  component: string;
  state: ImpactState;
  justification?: ImpactJustification;
  responses: ImpactResponse[];
  detail?: string;
  /** Who recorded it (API key id or `cli:…`). */
  author: string;
  updatedAt: string;
}

/**
 * What the VEX minimum requirements ask of a statement (CISA, "Minimum Requirements for VEX", 2023): a not-affected
 * status carries a justification or an impact statement; an affected one carries an action statement. Returns the
 * problems in plain words (empty when the statement is complete).
 */
export function vexStatementProblems(
  statement: Pick<ProductVexStatement, "state" | "justification" | "responses" | "detail">,
): string[] {
  const problems: string[] = [];
  if (
    (statement.state === "not_affected" || statement.state === "false_positive") &&
    !statement.justification &&
    !statement.detail
  ) {
    problems.push(
      `A "${statement.state}" analysis needs a justification or a detail saying why the product is not affected.`,
    );
  }
  if (statement.state === "exploitable" && statement.responses.length === 0 && !statement.detail) {
    problems.push(
      'An "exploitable" analysis needs a response (update, workaround_available …) or a detail saying what users should do.',
    );
  }
  return problems;
}

export type VexStatus = "not_affected" | "affected" | "fixed" | "under_investigation";

/** The OpenVEX / CSAF VEX justification labels (the two formats share them). */
export type VexJustificationLabel =
  | "component_not_present"
  | "vulnerable_code_not_present"
  | "vulnerable_code_not_in_execute_path"
  | "vulnerable_code_cannot_be_controlled_by_adversary"
  | "inline_mitigations_already_exist";

const JUSTIFICATION_LABEL: Record<ImpactJustification, VexJustificationLabel> = {
  code_not_present: "vulnerable_code_not_present",
  code_not_reachable: "vulnerable_code_not_in_execute_path",
  requires_configuration: "vulnerable_code_cannot_be_controlled_by_adversary",
  requires_dependency: "vulnerable_code_cannot_be_controlled_by_adversary",
  requires_environment: "vulnerable_code_cannot_be_controlled_by_adversary",
  protected_by_compiler: "inline_mitigations_already_exist",
  protected_at_runtime: "inline_mitigations_already_exist",
  protected_at_perimeter: "inline_mitigations_already_exist",
  protected_by_mitigating_control: "inline_mitigations_already_exist",
};

/** The status and justification label of the OpenVEX and CSAF VEX vocabularies. */
export function toVexStatus(statement: Pick<ProductVexStatement, "state" | "justification">): {
  status: VexStatus;
  justification?: VexJustificationLabel;
} {
  switch (statement.state) {
    case "resolved":
    case "resolved_with_pedigree":
      return { status: "fixed" };
    case "exploitable":
      return { status: "affected" };
    case "in_triage":
      return { status: "under_investigation" };
    case "false_positive":
      // The match itself is wrong: the vulnerable code is not in the product.
      return { status: "not_affected", justification: "vulnerable_code_not_present" };
    case "not_affected":
      return {
        status: "not_affected",
        ...(statement.justification ? { justification: JUSTIFICATION_LABEL[statement.justification] } : {}),
      };
  }
}
