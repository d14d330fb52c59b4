/**
 * CycloneDX attestations (CDXA, CycloneDX 1.6 `definitions.standards` and `declarations`): the assessed framework
 * written as a standard (one requirement per finding, with its citation) and the assessment as a declaration
 * (assessor, target, one attestation map entry per requirement with claim, evidence, conformance and confidence).
 *
 * Choices:
 * - Conformance score from the status: met, recognized, not-applicable 1; partial and needs-review 0.5 (the
 *   residual or a person's judgement is still open); gap and waived 0 (a waiver accepts a gap, it does not close
 *   it). The rationale starts with `Status: <status>; basis: <basis>.` so the status reads back exactly
 *   (`src/input/cdxa.ts`).
 * - Confidence from what the status rests on: verified or contradicted by data 1; declared by the manufacturer
 *   0.5; nothing said 0.25 (the status then follows from absence alone).
 * - A gap's claim is a counter-claim (the requirement is not shown to be met); other findings carry a claim.
 * - Recognition traces (a partner certificate carried over by crosswalk or arrangement) are evidence listed as
 *   the conformance's mitigation strategies; the claim's reasoning names the certificates relied on and what is
 *   still to show. A `partial` finding whose residual is still missing evidence (`residualGap`) also gets a
 *   counter-claim for that residual, since it counts as a gap. A gap a certificate would have covered but the
 *   evidence holds names that certificate in its reasoning.
 * - The target is the product, tied to the SBOM it was assessed from by the SBOM's SHA-256.
 * - Deterministic: the serial number is derived from the report's content, no wall clock is read.
 */
import { createHash } from "node:crypto";
import type { AssessmentReport, Finding, FindingBasis, FindingStatus } from "../domain/report.js";
import { compareRequirementIds } from "../domain/verdict.js";
import { inputNotice, outcomeLines, recognitionFacts, recognitionText, SOURCE_KIND_LABEL } from "./wording.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };
type JsonObject = { [key: string]: Json | undefined };

const CONFORMANCE: Record<FindingStatus, number> = {
  met: 1,
  recognized: 1,
  "not-applicable": 1,
  partial: 0.5,
  "needs-review": 0.5,
  gap: 0,
  waived: 0,
};

const CONFIDENCE: Record<FindingBasis, number> = { verified: 1, contradicted: 1, declared: 0.5, absent: 0.25 };

/** The rationale prefix the reader parses: `Status: gap; basis: absent.` */
export const CDXA_STATUS_PATTERN = /^Status: ([a-z-]+)(?:; basis: ([a-z]+))?\./;

function ref(kind: string, id: string): string {
  return `${kind}:${id}`;
}

/** A name-based UUID (RFC 4122 version 5 layout over SHA-1) so equal reports get equal serial numbers. */
function serialNumberOf(seed: string): string {
  const hex = createHash("sha1").update(`cra-assessor-cdxa:${seed}`).digest("hex").slice(0, 32).split("");
  hex[12] = "5";
  hex[16] = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function evidenceData(finding: Finding): JsonObject[] {
  return finding.evidence.map((fact) => ({
    name: fact.location ? `${fact.fact} (${fact.location})` : fact.fact,
    contents: {
      attachment: {
        contentType: "application/json",
        content: JSON.stringify(fact.value === undefined ? null : fact.value),
      },
    },
  }));
}

export function renderCdxa(report: AssessmentReport): string {
  const findings = [...report.findings].sort((a, b) => compareRequirementIds(a.requirement, b.requirement));
  const created = report.generatedAt ?? `${report.asOf}T00:00:00Z`;
  const standardRef = ref("standard", report.framework.id);
  const targetRef = "target:product";
  const assessorRef = "assessor:cra-assessor";

  const requirements: JsonObject[] = findings.map((finding) => {
    const descriptions = [
      finding.citation.text,
      `Source: ${SOURCE_KIND_LABEL[finding.sourceKind] ?? finding.sourceKind}.`,
      ...(finding.verified === false ? ["Unverified: the reference material marks this requirement unverified."] : []),
    ];
    return {
      "bom-ref": ref("requirement", finding.requirement),
      identifier: finding.requirement,
      title: finding.title,
      ...(finding.paraphrase ? { text: finding.paraphrase } : {}),
      descriptions,
      ...(finding.citation.url
        ? { externalReferences: [{ type: "documentation", url: finding.citation.url, comment: finding.citation.text }] }
        : {}),
    };
  });

  const claims: JsonObject[] = [];
  const evidence: JsonObject[] = [];
  const map: JsonObject[] = [];
  for (const finding of findings) {
    const id = finding.requirement;
    const evidenceRef = ref("evidence", id);
    evidence.push({
      "bom-ref": evidenceRef,
      propertyName: "cra-assessor:facts-read",
      description: `Facts read by ${finding.rules.join(", ") || "the assessment"} for ${id}.`,
      ...(finding.evidence.length > 0 ? { data: evidenceData(finding) } : {}),
      created,
    });
    const mitigationRefs: string[] = [];
    (finding.recognition ?? []).forEach((trace, index) => {
      const traceRef = ref("recognition", `${id}:${index}`);
      mitigationRefs.push(traceRef);
      evidence.push({
        "bom-ref": traceRef,
        propertyName: "cra-assessor:recognition",
        description: recognitionText(trace),
        created,
      });
    });
    const claimRef = ref("claim", id);
    const recognition = recognitionFacts(finding);
    const stillToShow = recognition.residuals.join(" ");
    claims.push({
      "bom-ref": claimRef,
      target: targetRef,
      predicate: finding.message,
      ...(mitigationRefs.length > 0 ? { mitigationStrategies: mitigationRefs } : {}),
      reasoning: [
        `${finding.status} (${finding.severity})`,
        finding.basis ? `basis ${finding.basis}` : undefined,
        ...outcomeLines(finding).map((line) => `Rule outcome: ${line}`),
        recognition.reliedOn.length > 0 ? `Relied on: ${recognition.reliedOn.join(", ")}` : undefined,
        stillToShow ? `Still to show: ${stillToShow}` : undefined,
        recognition.heldByEvidence.length > 0
          ? `Held by evidence: ${recognition.heldByEvidence.join(", ")} would have covered this requirement, but the evidence shows it unmet`
          : undefined,
        finding.remediation ? `To do: ${finding.remediation}` : undefined,
      ]
        .filter(Boolean)
        .join("; "),
      ...(finding.status === "gap" ? { counterEvidence: [evidenceRef] } : { evidence: [evidenceRef] }),
    });
    const counterClaims = finding.status === "gap" ? [claimRef] : [];
    if (finding.status === "partial" && recognition.residualGap) {
      // The residual of a lifted gap is still missing evidence: a counter-claim of its own, beside the claim of what
      // the certificate covers.
      const residualRef = ref("claim", `${id}:residual`);
      counterClaims.push(residualRef);
      claims.push({
        "bom-ref": residualRef,
        target: targetRef,
        predicate: `Not shown for ${id}: ${stillToShow || "what the certificate does not cover"}`,
        reasoning: `Residual gap (${finding.severity}): ${recognition.reliedOn.join(", ")} cover(s) part of the requirement; the rest is missing evidence and counts as a gap for the gate`,
        counterEvidence: [evidenceRef],
      });
    }
    const basis = finding.basis;
    map.push({
      requirement: ref("requirement", id),
      ...(finding.status === "gap" ? {} : { claims: [claimRef] }),
      ...(counterClaims.length > 0 ? { counterClaims } : {}),
      conformance: {
        score: CONFORMANCE[finding.status],
        rationale: `Status: ${finding.status}${basis ? `; basis: ${basis}` : ""}. ${finding.message}`,
        ...(mitigationRefs.length > 0 ? { mitigationStrategies: mitigationRefs } : {}),
      },
      confidence: {
        score: basis ? CONFIDENCE[basis] : 0.5,
        rationale: basis
          ? {
              verified: "The tool checked the data itself.",
              contradicted: "The evidence shows non-compliance.",
              declared: "The manufacturer's declaration says so; nothing checked contradicts it.",
              absent: "The inputs say nothing about it.",
            }[basis]
          : "The report does not say what the status rests on.",
      },
    });
  }

  const sbom = report.inputs.sbom;
  const target: JsonObject = {
    type: "device",
    "bom-ref": targetRef,
    name: report.product.name,
    ...(report.product.version ? { version: report.product.version } : {}),
    ...(report.product.manufacturer ? { manufacturer: { name: report.product.manufacturer } } : {}),
    ...(sbom
      ? {
          externalReferences: [
            {
              type: "bom",
              url: sbom.file ? encodeURI(sbom.file.replaceAll("\\", "/")) : `urn:sha256:${sbom.sha256}`,
              comment: `The SBOM assessed: ${sbom.standard === undefined ? "" : `${sbom.standard} `}${sbom.format} ${sbom.specVersion}, ${sbom.components} components.`,
              hashes: [{ alg: "SHA-256", content: sbom.sha256 }],
            },
          ],
        }
      : {}),
  };

  const document: JsonObject = {
    $schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: serialNumberOf(
      JSON.stringify([
        report.framework,
        report.asOf,
        report.product,
        report.inputs,
        findings.map((f) => [f.requirement, f.status, f.basis ?? null]),
      ]),
    ),
    version: 1,
    metadata: {
      timestamp: created,
      tools: { components: [{ type: "application", name: report.tool.name, version: report.tool.version }] },
      component: {
        type: "device",
        "bom-ref": "product",
        name: report.product.name,
        ...(report.product.version ? { version: report.product.version } : {}),
      },
    },
    definitions: {
      standards: [
        {
          "bom-ref": standardRef,
          name: report.framework.name,
          version: report.framework.version,
          description: `${report.framework.name} as assessed by cra-assessor (rule set ${report.tool.ruleSetVersion}); requirement texts are paraphrases.`,
          requirements,
        },
      ],
    },
    declarations: {
      assessors: [
        { "bom-ref": assessorRef, thirdParty: false, organization: { name: "cra-assessor (automated assessment)" } },
      ],
      attestations: [
        {
          summary: `${report.framework.name} assessment of ${report.product.name}${report.product.version ? ` ${report.product.version}` : ""} as of ${report.asOf}: verdict ${report.verdict} (fail on ${report.failOn}).${inputNotice(report) ? ` ${inputNotice(report)}` : ""}`,
          assessor: assessorRef,
          map,
        },
      ],
      claims,
      evidence,
      targets: { components: [target] },
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
