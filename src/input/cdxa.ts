/**
 * Reading back the status per requirement from a CDXA document written by `assess --format cdxa`: each
 * attestation map entry's conformance rationale starts with `Status: <status>; basis: <basis>.`, and its
 * requirement bom-ref names the requirement in `definitions.standards`.
 */
import type { FindingBasis, FindingStatus } from "../domain/report.js";
import { FINDING_BASES } from "../domain/report.js";
import { FINDING_STATUSES } from "../domain/verdict.js";
import { isJsonObject } from "../json/value.js";
import { CDXA_STATUS_PATTERN } from "../reports/cdxa.js";

export interface CdxaRequirementStatus {
  requirement: string;
  status: FindingStatus;
  basis?: FindingBasis;
}

/** Status per requirement id, in document order; entries without a readable status are left out. */
export function statusesFromCdxa(document: unknown): CdxaRequirementStatus[] {
  if (!isJsonObject(document) || !isJsonObject(document.definitions) || !isJsonObject(document.declarations)) return [];
  const identifiers = new Map<string, string>();
  const standards = Array.isArray(document.definitions.standards) ? document.definitions.standards : [];
  for (const standard of standards) {
    if (!isJsonObject(standard) || !Array.isArray(standard.requirements)) continue;
    for (const requirement of standard.requirements) {
      if (
        isJsonObject(requirement) &&
        typeof requirement["bom-ref"] === "string" &&
        typeof requirement.identifier === "string"
      ) {
        identifiers.set(requirement["bom-ref"], requirement.identifier);
      }
    }
  }
  const out: CdxaRequirementStatus[] = [];
  const attestations = Array.isArray(document.declarations.attestations) ? document.declarations.attestations : [];
  for (const attestation of attestations) {
    if (!isJsonObject(attestation) || !Array.isArray(attestation.map)) continue;
    for (const entry of attestation.map) {
      if (!isJsonObject(entry) || typeof entry.requirement !== "string" || !isJsonObject(entry.conformance)) continue;
      const requirement = identifiers.get(entry.requirement);
      const rationale = entry.conformance.rationale;
      const match = typeof rationale === "string" ? CDXA_STATUS_PATTERN.exec(rationale) : null;
      if (!requirement || !match) continue;
      const status = match[1] as FindingStatus;
      if (!FINDING_STATUSES.includes(status)) continue;
      const basis = match[2] as FindingBasis | undefined;
      out.push({ requirement, status, ...(basis && FINDING_BASES.includes(basis) ? { basis } : {}) });
    }
  }
  return out;
}
