/**
 * Use case: the reverse question of an EU manufacturer, "my product is assessed against the CRA: what is missing
 * for the Singapore label or the Japanese star?". From one declaration (and SBOM), both frameworks are assessed;
 * for every requirement of the target framework (at its level) the answer holds the target rule set's finding side
 * by side with the crosswalk relation to the source framework's requirements and their findings.
 * `compareWithEvidence({ ctx, input })`, called the same way by the CLI and the HTTP service.
 */
import { compareFrameworks } from "../crosswalk/compare.js";
import type { RecognitionData } from "../crosswalk/seeds.js";
import type { Confidence, Coverage, Relationship } from "../domain/crosswalk.js";
import type { Parsed } from "../domain/input-issue.js";
import type { AssessmentReport, Finding, FindingStatus, Severity } from "../domain/report.js";
import type { Obligation } from "../domain/requirement.js";
import { type AssessContext, type AssessInput, assessProduct } from "./assess.js";

export interface EvidenceComparisonInput {
  /** The framework the product is assessed against (e.g. `cra`). */
  from: string;
  /** The framework whose requirements are answered (e.g. `sg-cls`). */
  to: string;
  /** Level of the target framework (its only level when it has one). */
  level?: string;
  declaration: AssessInput["declaration"];
  sbom?: AssessInput["sbom"];
  asOf: string;
  /** Crosswalk reviews stored in the service's database, for the CRA side's recognition (`AssessInput.reviews`). */
  reviews?: AssessInput["reviews"];
}

export interface EvidenceLink {
  /** Requirement of the source framework. */
  requirement: string;
  relationship: Relationship;
  confidence: Confidence;
  coverage: Exclude<Coverage, "none">;
  /** The source framework's finding for it, from the same evidence. */
  status?: FindingStatus;
  residual?: string;
}

export interface EvidenceRow {
  requirement: string;
  title: string;
  obligation: Obligation;
  verified: boolean;
  /** The target rule set's finding on the evidence. */
  status: FindingStatus;
  severity: Severity;
  message: string;
  remediation?: string;
  /** How far the source framework covers the requirement, by crosswalk (read backwards when needed). */
  coverage: Coverage;
  links: EvidenceLink[];
}

export interface EvidenceComparison {
  from: { framework: string; name: string; verdict: "pass" | "fail" };
  to: { framework: string; name: string; level?: string; verdict: "pass" | "fail" };
  asOf: string;
  product: AssessmentReport["product"];
  /** How the crosswalk rows were obtained (crosswalk, inverted-crosswalk or derived) and which ones. */
  method: string;
  crosswalks: string[];
  rows: EvidenceRow[];
  /** Target findings by status; `missing` counts gaps, `toReview` needs-review. */
  summary: { total: number; missing: number; toReview: number; byStatus: Partial<Record<FindingStatus, number>> };
  notes: string[];
}

export type EvidenceComparisonOutcome = Parsed<EvidenceComparison>;

export async function compareWithEvidence({
  ctx,
  input,
}: {
  ctx: { assess: AssessContext; data: Pick<RecognitionData, "catalogs" | "crosswalks"> };
  input: EvidenceComparisonInput;
}): Promise<EvidenceComparisonOutcome> {
  const refuse = (message: string): EvidenceComparisonOutcome => ({
    ok: false,
    issues: [{ source: "options", path: "/frameworks", constraint: "comparison", message }],
    omitted: 0,
  });
  if (input.from === input.to) return refuse("Compare two different frameworks.");
  const assessed = await assessProduct({
    ctx: ctx.assess,
    input: {
      declaration: input.declaration,
      ...(input.sbom ? { sbom: input.sbom } : {}),
      asOf: input.asOf,
      frameworks: [input.from, input.to],
      // Only the target's level matters here; the source is assessed whole.
      ...(input.level !== undefined ? { level: `${input.to}=${input.level}` } : {}),
      ...(input.reviews ? { reviews: input.reviews } : {}),
    },
  });
  if (!assessed.ok) return assessed;
  const [source, target] = assessed.reports as [AssessmentReport, AssessmentReport];
  const level = target.framework.level;
  const compared = compareFrameworks(ctx.data, {
    from: input.from,
    to: input.to,
    ...(level !== undefined ? { toLevel: level } : {}),
  });
  if (!compared.ok) return refuse(compared.message);
  const direction = compared.value.forward;
  const coverageRows = new Map(direction.rows.map((row) => [row.target, row]));
  const sourceFindings = new Map(source.findings.map((f) => [f.requirement, f]));

  const rows: EvidenceRow[] = target.findings.map((finding: Finding) => {
    const covered = coverageRows.get(finding.requirement);
    const row: EvidenceRow = {
      requirement: finding.requirement,
      title: finding.title,
      obligation: covered?.obligation ?? "mandatory",
      verified: finding.verified !== false,
      status: finding.status,
      severity: finding.severity,
      message: finding.message,
      coverage: covered?.coverage ?? "none",
      links: (covered?.links ?? []).map((link) => {
        const status = sourceFindings.get(link.source)?.status;
        return {
          requirement: link.source,
          relationship: link.relationship,
          confidence: link.confidence,
          coverage: link.coverage,
          ...(status ? { status } : {}),
          ...(link.residual ? { residual: link.residual } : {}),
        };
      }),
    };
    if (finding.remediation) row.remediation = finding.remediation;
    return row;
  });
  const byStatus: Partial<Record<FindingStatus, number>> = {};
  for (const row of rows) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
  const notes = [...target.notes];
  if (direction.method === "derived") {
    notes.push(
      `No crosswalk links ${input.from} and ${input.to}: the relations are derived candidates through ${direction.pivot ?? "no pivot"}, not reviewed mappings.`,
    );
  }
  return {
    ok: true,
    value: {
      from: { framework: source.framework.id, name: source.framework.name, verdict: source.verdict },
      to: {
        framework: target.framework.id,
        name: target.framework.name,
        ...(level !== undefined ? { level } : {}),
        verdict: target.verdict,
      },
      asOf: target.asOf,
      product: target.product,
      method: direction.method,
      crosswalks: direction.crosswalks,
      rows,
      summary: {
        total: rows.length,
        missing: byStatus.gap ?? 0,
        toReview: byStatus["needs-review"] ?? 0,
        byStatus,
      },
      notes,
    },
  };
}
