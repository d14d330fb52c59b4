/**
 * Scopes of the partner frameworks: every catalog requirement is assessed (as `assessEveryRequirement`), and the
 * report carries notes on the framework's status and on what the evidence could not show, so that a reader of a
 * UK PSTI or NIST IR 8425 report sees the caveats of those schemes beside the findings.
 *
 * Hook (src/services/assess.ts): `const SCOPES = { cra: craScope, ...PARTNER_SCOPES };`
 */
import type { AssessmentFacts } from "./facts.js";
import type { LabelFact } from "./partner-facts.js";
import { assessEveryRequirement, type FrameworkScope } from "./scope.js";

function withNotes(notes: (facts: AssessmentFacts) => string[]): FrameworkScope {
  return { ...assessEveryRequirement, notes };
}

const NO_SBOM =
  "No SBOM was supplied: every element of this SBOM profile is unshown; only the SBOM-supplied check reports it.";

function sbomProfile(status: string): FrameworkScope {
  return withNotes((facts) => [status, ...(facts.sbom.present ? [] : [NO_SBOM])]);
}

/** What the ICS on file means for a scheme that profiles ETSI EN 303 645 V3.1.3. */
function etsiIcsNotes(facts: AssessmentFacts): string[] {
  const version = facts.partner.etsi.icsVersion;
  if (version === undefined) {
    return [
      "No ETSI EN 303 645 Implementation Conformance Statement (etsiIcs) was supplied: provisions without a direct check on the declaration are gaps.",
    ];
  }
  if (version !== "3.1.3") {
    return [
      `The declaration's ICS answers V${version}, not V3.1.3: its answers are not used (provision numbering and content changed between editions).`,
    ];
  }
  return [];
}

/** A label of the scheme itself on file: said beside the findings, which judge the evidence, not the label. */
function labelNotes(label: LabelFact, scheme: string): string[] {
  if (!label.held) return [];
  if (label.valid) {
    return [
      `The declaration lists a current ${scheme} label (${label.certificates.join(", ")}); the findings judge the declaration and SBOM, not the label.`,
    ];
  }
  return [`The declaration lists a ${scheme} label that is not current: ${label.problems.join(" ")}`];
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
  "bsi-tr-03183-2@2.0": withNotes((facts) => [
    "BSI TR-03183-2 v2.0.0 was replaced by v2.1.0 on 2025-08-20; BSI's transition rule (§7) accepts v2.0.0 for six months after that (to about 2026-02-20), and an SBOM that conformed to the version current at its delivery date stays conformant. For SBOMs delivered later, assess against bsi-tr-03183-2@2.1.",
    ...(facts.sbom.present ? [] : [NO_SBOM]),
  ]),
  "sg-cls": withNotes((facts) => [
    "CLS(IoT) levels are modelled as profiles over ETSI EN 303 645 V3.1.3: the per-level provision lists of CCC SP-151-2 were not retrieved, so which provisions a level holds is an analyst assumption (catalog: unverified). L1 and L2 are manufacturer declarations reviewed by an approved lab; L3 and L4 need lab reports.",
    ...etsiIcsNotes(facts),
    ...labelNotes(facts.partner.labels.sgCls, "CLS(IoT)"),
  ]),
  "de-bsi-it-security-label": withNotes((facts) => [
    "The German IT Security Label is a manufacturer declaration plus a BSI security-information page after a plausibility check, not a certification; for smart consumer products BSI's category specification follows ETSI EN 303 645, whose exact provision set was not checked (catalog: unverified). The label says nothing about data protection (§ 9c(1) BSIG).",
    ...etsiIcsNotes(facts),
  ]),
  "etsi-en-303-645@2.1.1": withNotes((facts) => {
    const version = facts.partner.etsi.icsVersion;
    const notes = [
      "Only the four provisions UK PSTI Schedule 2 cites are catalogued; their V2.1.1 status column was not checked (catalog: unverified).",
    ];
    if (version === undefined) {
      notes.push(
        "No V2.1.1 Implementation Conformance Statement (etsiIcs) was supplied: only the checks on the declaration ran.",
      );
    } else if (version !== "2.1.1") {
      notes.push(
        `The declaration's ICS answers V${version}, not V2.1.1: its answers are not used in this report (provision numbering and content changed between editions).`,
      );
    }
    return notes;
  }),
  "jp-jc-star": withNotes((facts) => [
    "JC-STAR ★1 criteria are paraphrased from secondary sources where IPA's checklist was not retrieved; criteria marked unverified (S1.1-06, -09, -15, -16) keep the mark. ★1 is a self-declaration with IPA's checklist; device-test criteria (S1.1-04, -13, -14) are review items.",
    ...labelNotes(facts.partner.labels.jcStarStar1, "JC-STAR ★1"),
  ]),
  "kr-iot-cic": withNotes(() => [
    "KISA's item-level criteria (Lite 10, Basic 29, Standard 43-50 items over seven areas) were not retrieved: each area is judged from the declaration's CRA answers, which can show a contradiction but not conformity, and the lab-tested items are review items (catalog: unverified). Every level is tested by a designated lab.",
  ]),
  "au-smart-devices": withNotes(() => [
    "The Smart Devices Rules apply to consumer-grade relevant connectable products manufactured on or after 2026-03-04; the exclusions of s. 8 (desktops, laptops, smartphones, tablets …) are not assessed here. Clause wording is taken from a summary, not F2025L00276 itself (catalog: unverified).",
  ]),
  "bsi-tr-03183-2@2.1": sbomProfile(
    "BSI TR-03183-2 v2.1.0 (2025-08-20) is the current version; an SBOM that conformed to the version current at its delivery date stays conformant.",
  ),
};
