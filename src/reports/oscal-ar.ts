/**
 * OSCAL assessment results (1.0.6, the newest version NIST publishes as JSON Schema): one result for the
 * assessment, one finding per requirement targeting the control of the same id in the framework's OSCAL catalog
 * (`frameworks export ID --format oscal-catalog`), and one observation per finding holding the facts read.
 *
 * OSCAL knows two objective states; the exact status is kept in props (`status`, `basis`) and the mapping is:
 * met and recognized are `satisfied` (reason pass); not-applicable is `satisfied` with reason other (nothing to
 * satisfy); gap and waived are `not-satisfied` (reason fail); needs-review and partial are `not-satisfied` with
 * reason other (not shown yet), except a partial whose residual is still missing evidence (`residualGap`), which
 * counts as a gap and so fails. Observation methods: TEST where the tool checked data, EXAMINE where it read the
 * manufacturer's declaration, UNKNOWN otherwise.
 *
 * Recognition: each finding names the certificates relied on (`recognized-by` props), what a partial recognition
 * leaves to show (`residual` props, `residual-gap` when that residual is a gap), and on a gap the evidence holds the
 * certificates that would have covered it (`held-by-evidence`); the remarks say the same in sentences.
 */
import { token } from "../crosswalk/catalog-export.js";
import { nameUuid, PROP_NS } from "../crosswalk/oscal.js";
import type { AssessmentReport, Finding, FindingStatus } from "../domain/report.js";
import { compareRequirementIds } from "../domain/verdict.js";
import { factValueText, inputNotice, outcomeLines, recognitionFacts, recognitionText } from "./wording.js";

export const OSCAL_AR_VERSION = "1.0.6";

const STATE: Record<FindingStatus, { state: "satisfied" | "not-satisfied"; reason: "pass" | "fail" | "other" }> = {
  met: { state: "satisfied", reason: "pass" },
  recognized: { state: "satisfied", reason: "pass" },
  "not-applicable": { state: "satisfied", reason: "other" },
  gap: { state: "not-satisfied", reason: "fail" },
  waived: { state: "not-satisfied", reason: "fail" },
  "needs-review": { state: "not-satisfied", reason: "other" },
  partial: { state: "not-satisfied", reason: "other" },
};

function prop(name: string, value: string): { name: string; ns: string; value: string } {
  return { name, ns: PROP_NS, value };
}

/** OSCAL `string` values are one line with no surrounding space. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function method(finding: Finding): string {
  if (finding.basis === "verified" || finding.basis === "contradicted") return "TEST";
  if (finding.basis === "declared") return "EXAMINE";
  return "UNKNOWN";
}

export function renderOscalAr(report: AssessmentReport): string {
  const stamp = report.generatedAt ?? `${report.asOf}T00:00:00Z`;
  const key = `${report.framework.id}:${report.product.name}:${report.product.version ?? ""}:${report.asOf}:${report.inputs.sbom?.sha256 ?? ""}:${report.inputs.declaration?.sha256 ?? ""}`;
  const findings = [...report.findings].sort((a, b) => compareRequirementIds(a.requirement, b.requirement));
  const ruleSetUuid = nameUuid(`rule-set:${report.tool.ruleSetVersion}`);

  const observations = findings.map((finding) => ({
    uuid: nameUuid(`observation:${key}:${finding.requirement}`),
    title: `Facts read for ${finding.requirement}`,
    description:
      finding.evidence.length > 0
        ? finding.evidence
            .map((fact) => `${fact.fact}${fact.location ? ` (${fact.location})` : ""} = ${factValueText(fact.value)}`)
            .join("; ")
        : "No facts were read: the requirement needs a person's review.",
    props: [prop("basis", finding.basis ?? "unknown")],
    methods: [method(finding)],
    collected: stamp,
  }));

  const oscalFindings = findings.map((finding, index) => {
    const recognition = recognitionFacts(finding);
    const residualGap = finding.status === "partial" && recognition.residualGap;
    const state = residualGap ? { state: "not-satisfied" as const, reason: "fail" as const } : STATE[finding.status];
    const remarks = [
      ...outcomeLines(finding).map((line) => `Rule outcome: ${line}`),
      finding.remediation ? `To do: ${finding.remediation}` : undefined,
      ...(finding.recognition ?? []).map((trace) => `Recognition: ${recognitionText(trace)}`),
      recognition.residuals.length > 0
        ? `${residualGap ? "Residual gap (missing evidence, counts as a gap for the gate)" : "Still to show"}: ${recognition.residuals.join(" ")}`
        : undefined,
      recognition.heldByEvidence.length > 0
        ? `Held by evidence: ${recognition.heldByEvidence.join(", ")} would have covered this requirement, but the evidence shows it unmet.`
        : undefined,
      finding.waiver
        ? `Waived until ${finding.waiver.expires} by ${finding.waiver.approver}: ${finding.waiver.justification}`
        : undefined,
    ].filter((line): line is string => Boolean(line));
    return {
      uuid: nameUuid(`finding:${key}:${finding.requirement}`),
      title: `${finding.requirement}: ${finding.title}`,
      description: finding.message,
      props: [
        prop("status", finding.status),
        prop("basis", finding.basis ?? "unknown"),
        prop("severity", finding.severity),
        prop("source-kind", finding.sourceKind),
        prop("citation", finding.citation.text),
        ...(finding.verified === false ? [prop("verified", "false")] : []),
        ...recognition.reliedOn.map((certificate) => prop("recognized-by", oneLine(certificate))),
        ...recognition.residuals.map((residual) => prop("residual", oneLine(residual))),
        ...(residualGap ? [prop("residual-gap", "true")] : []),
        ...recognition.heldByEvidence.map((certificate) => prop("held-by-evidence", oneLine(certificate))),
      ],
      ...(finding.citation.url ? { links: [{ href: finding.citation.url, rel: "reference" }] } : {}),
      target: {
        type: "objective-id",
        "target-id": token(finding.requirement),
        status: { state: state.state, reason: state.reason },
      },
      "related-observations": [{ "observation-uuid": observations[index]!.uuid }],
      ...(remarks.length > 0 ? { remarks: remarks.join("\n") } : {}),
    };
  });

  const product = [report.product.name, report.product.version].filter(Boolean).join(" ");
  const document = {
    "assessment-results": {
      uuid: nameUuid(`assessment-results:${key}`),
      metadata: {
        title: `${report.framework.name} assessment of ${product}`,
        "last-modified": stamp,
        version: report.tool.version,
        "oscal-version": OSCAL_AR_VERSION,
        props: [
          prop("framework-id", report.framework.id),
          prop("verdict", report.verdict),
          prop("fail-on", report.failOn),
          prop("as-of", report.asOf),
        ],
      },
      "import-ap": {
        href: `#${ruleSetUuid}`,
        remarks:
          "No OSCAL assessment plan exists for this automated assessment; the plan is the rule set in the back matter.",
      },
      results: [
        {
          uuid: nameUuid(`result:${key}`),
          title: `${report.framework.name}: verdict ${report.verdict}`,
          description: `${inputNotice(report) ? `${inputNotice(report)} ` : ""}Automated assessment by cra-assessor as of ${report.asOf}; ${report.summary.total} requirement(s), ${report.summary.byStatus.gap} gap(s), ${report.summary.byStatus["needs-review"]} to review.`,
          start: stamp,
          "reviewed-controls": {
            "control-selections": [
              findings.length > 0
                ? { "include-controls": findings.map((f) => ({ "control-id": token(f.requirement) })) }
                : { "include-all": {} },
            ],
          },
          ...(observations.length > 0 ? { observations } : {}),
          ...(oscalFindings.length > 0 ? { findings: oscalFindings } : {}),
          ...(report.notes.length > 0 ? { remarks: report.notes.join("\n") } : {}),
        },
      ],
      "back-matter": {
        resources: [
          {
            uuid: ruleSetUuid,
            title: `cra-assessor rule set ${report.tool.ruleSetVersion}`,
            description: `The rules (json-rules-engine, data under rules/) that decided each finding, cra-assessor ${report.tool.version}.`,
          },
        ],
      },
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
