/**
 * Reading a JSON assessment report (the output of `assess --format json`) back, for the documents that cite it.
 * Only what a document uses is checked (schema version, framework, verdict, date, findings' requirement, status,
 * severity, citation and message); later report fields are let through, so reports of newer minor versions read.
 */
import { z } from "zod";
import type { AssessmentDigest } from "../documents/model.js";
import type { Parsed } from "../domain/input-issue.js";
import { SEVERITY_ORDER } from "../domain/report.js";
import { FINDING_STATUSES } from "../domain/verdict.js";
import { parseStructured, validateStructured } from "./structured-input.js";

const findingSchema = z.looseObject({
  requirement: z.string().min(1),
  status: z.enum(FINDING_STATUSES as [string, ...string[]]),
  severity: z.enum(SEVERITY_ORDER),
  citation: z.looseObject({ text: z.string() }),
  message: z.string(),
});

const reportSchema = z.looseObject({
  schemaVersion: z.literal("cra-assessor-report/1", {
    error: 'Expected a "cra-assessor-report/1" report (the output of `assess --format json`).',
  }),
  framework: z.looseObject({ id: z.string().min(1) }),
  verdict: z.enum(["pass", "fail"]),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Expected a date written YYYY-MM-DD." }),
  summary: z.looseObject({ byStatus: z.record(z.string(), z.number().int().nonnegative()) }),
  findings: z.array(findingSchema),
});

type ReportValue = z.output<typeof reportSchema>;

function digest(report: ReportValue): AssessmentDigest {
  return {
    framework: report.framework.id,
    asOf: report.asOf,
    verdict: report.verdict,
    byStatus: { ...report.summary.byStatus },
    gaps: report.findings
      .filter((finding) => finding.status === "gap")
      .map((finding) => ({
        requirement: finding.requirement,
        citation: finding.citation.text,
        message: finding.message,
        severity: finding.severity,
      })),
  };
}

/** Reads report text (a file). Issues carry line, column and JSON pointer. */
export function parseAssessmentReport(text: string, source = "assessment"): Parsed<AssessmentDigest> {
  const parsed = parseStructured(reportSchema, text, { source });
  return parsed.ok ? { ok: true, value: digest(parsed.value) } : parsed;
}

/** Validates an already-parsed report (an HTTP body). */
export function parseAssessmentReportValue(value: unknown, source = "assessment"): Parsed<AssessmentDigest> {
  const parsed = validateStructured(reportSchema, value, { source });
  return parsed.ok ? { ok: true, value: digest(parsed.value) } : parsed;
}
