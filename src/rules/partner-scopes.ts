/**
 * Scopes of the partner frameworks: every catalog requirement is assessed (as `assessEveryRequirement`), and the
 * report carries notes on the framework's status and on what the evidence could not show, so that a reader of a
 * UK PSTI or NIST IR 8425 report sees the caveats of partner-frameworks.md §2, §3, §7 and §13 beside the findings.
 *
 * Hook (src/services/assess.ts): `const SCOPES = { cra: craScope, ...PARTNER_SCOPES };`
 */
import type { AssessmentFacts } from "./facts.js";
import { assessEveryRequirement, type FrameworkScope } from "./scope.js";

function withNotes(notes: (facts: AssessmentFacts) => string[]): FrameworkScope {
  return { ...assessEveryRequirement, notes };
}

const NO_SBOM =
  "No SBOM was supplied: every element of this SBOM profile is unshown; only the SBOM-supplied check reports it.";

function sbomProfile(status: string): FrameworkScope {
  return withNotes((facts) => [status, ...(facts.sbom.present ? [] : [NO_SBOM])]);
}

export const PARTNER_SCOPES: Readonly<Record<string, FrameworkScope>> = {
  "uk-psti": withNotes((facts) => {
    const notes = [
      "UK PSTI applies to relevant connectable products made available to UK consumers; the Schedule 3 exceptions (e.g. EV charge points, regulated medical devices, smart meters, computers not designed for under-14s) are not assessed here.",
      "The label routes (Schedule 2 conditions B and C, reg. 4A; S.I. 2025/1267, in force 2025-12-04) rest on consistent secondary sources, not the legislation text: verify before relying on them.",
    ];
    if (facts.partner.etsi.icsVersion === "3.1.3") {
      notes.push(
        "The declaration's ICS answers ETSI EN 303 645 V3.1.3; the Schedule 2 condition A routes cite V2.1.1, so they are not shown by it.",
      );
    }
    return notes;
  }),
  "etsi-en-303-645@3.1.3": withNotes((facts) => {
    const version = facts.partner.etsi.icsVersion;
    if (version === undefined) {
      return [
        "No Implementation Conformance Statement (etsiIcs) was supplied: mandatory provisions without a direct check on the declaration are gaps and recommendations need review.",
      ];
    }
    if (version !== "3.1.3") {
      return [
        `The declaration's ICS answers V${version}, not V3.1.3: its answers are not used in this report (provision numbering and content changed between editions).`,
      ];
    }
    return [];
  }),
  "nist-ir-8425": withNotes(() => [
    "NIST IR 8425 is the technical basis of the U.S. Cyber Trust Mark (FCC 24-26, 47 CFR Part 8). The programme is legally in force but operationally stalled: national-security review from mid-2025, the Lead Administrator withdrew on 2025-12-19, and the FCC sought a new one in January 2026. A met outcome here is not a label.",
    "Several outcomes are read from the declaration's CRA Annex I answers; where IR 8425 only overlaps the CRA property, a holding claim still needs review.",
  ]),
  "ntia-sbom-2021": sbomProfile(
    "NTIA's 2021 minimum elements were replaced by CISA's 2026 Minimum Elements (published 2026-07-29); assess against cisa-sbom-2026 for current guidance.",
  ),
  "cisa-sbom-2026": sbomProfile(
    "The element list of CISA's 2026 Minimum Elements is taken from consistent secondary sources; the CISA PDF itself was not read (catalog: verified false).",
  ),
  "bsi-tr-03183-2@2.1": sbomProfile(
    "BSI TR-03183-2 v2.1.0 (2025-08-20) is the current version; an SBOM that conformed to the version current at its delivery date stays conformant.",
  ),
};
