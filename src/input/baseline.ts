/**
 * A baseline file: a previous JSON report (`assess --format json`), validated with zod. Only what the comparison
 * needs is checked and kept, so reports of later tool versions with extra fields still serve; what a baseline
 * means is in src/domain/baseline.ts.
 */
import { z } from "zod";
import { type Baseline, type BaselineGap, FINDING_STATUSES, REPORT_SCHEMA_VERSION } from "../domain/baseline.js";
import { MAX_REPORTED_ISSUES, type Parsed } from "../domain/input-issue.js";
import { SEVERITY_ORDER } from "../domain/report.js";
import { repeatedMemberIssues } from "../json/duplicate-members.js";
import { jsonSyntaxIssue } from "../json/syntax.js";
import { validateStructured } from "./structured-input.js";

/** Issues name the rule that was broken ("type"), as the rest of a baseline's checks do. */
const asType = { params: { constraint: "type" } } as const;

const baselineFindingSchema = z.looseObject({
  requirement: z.string().min(1, { message: '"requirement" must be a requirement id.', ...asType }),
  status: z.enum(FINDING_STATUSES as [string, ...string[]]),
  severity: z.enum(SEVERITY_ORDER),
  framework: z.string().optional(),
  residualGap: z.boolean({ message: '"residualGap" must be true or false.' }).optional(),
  components: z.array(z.string(), { message: '"components" must be an array of bom-refs.' }).optional(),
  componentCount: z
    .number()
    .refine((count) => Number.isInteger(count) && count >= 0, {
      message: '"componentCount" must be a non-negative integer.',
      ...asType,
    })
    .optional(),
});

const baselineFileSchema = z.looseObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION, {
    message: `The baseline must be a "${REPORT_SCHEMA_VERSION}" report (the output of \`assess --format json\`).`,
  }),
  asOf: z.string().optional(),
  // Any other shape of `framework` is ignored, as before: only its id is read.
  framework: z.unknown().optional(),
  findings: z.array(baselineFindingSchema),
});

/** Reads a previous JSON report. Bad input comes back as located issues, never as an exception. */
export function parseBaseline(input: string, options: { source?: string } = {}): Parsed<Baseline> {
  const source = options.source ?? "baseline";
  let data: unknown;
  try {
    data = JSON.parse(input);
  } catch (error) {
    return { ok: false, issues: [{ ...jsonSyntaxIssue(input, error), source }] };
  }
  // A report edited by hand or by a tool can repeat a name (a finding's status twice): refused, located, rather
  // than compared as JSON.parse resolved it (json/duplicate-members.ts).
  const repeated = repeatedMemberIssues(input, data, MAX_REPORTED_ISSUES);
  if (repeated.length > 0) return { ok: false, issues: repeated.map((found) => ({ ...found, source })) };
  const validated = validateStructured(baselineFileSchema, data, { source });
  if (!validated.ok) return validated;
  const report = validated.value;
  const gaps: BaselineGap[] = [];
  for (const finding of report.findings) {
    // A partial whose residual is still missing evidence counted as a gap in that report (as in baselineFromReport).
    if (finding.status !== "gap" && !(finding.status === "partial" && finding.residualGap === true)) continue;
    const listed = finding.components ?? [];
    const gap: BaselineGap = {
      requirement: finding.requirement,
      severity: finding.severity as BaselineGap["severity"],
      components: [...listed],
      componentCount: finding.componentCount ?? listed.length,
    };
    if (finding.framework !== undefined) gap.framework = finding.framework;
    gaps.push(gap);
  }
  const baseline: Baseline = { gaps };
  if (report.asOf !== undefined) baseline.asOf = report.asOf;
  const framework = report.framework;
  if (typeof framework === "object" && framework !== null && "id" in framework && typeof framework.id === "string")
    baseline.framework = framework.id;
  return { ok: true, value: baseline };
}
