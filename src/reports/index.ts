/**
 * The report formats, by the names the CLI (`--format`) and the HTTP API use. Every renderer is a pure function
 * from the one `AssessmentReport` to text.
 */
import type { AssessmentReport } from "../domain/report.js";
import { renderCdxa } from "./cdxa.js";
import { renderCsv } from "./csv.js";
import type { ReportFormat } from "./formats.js";
import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown } from "./markdown.js";
import { renderOscalAr } from "./oscal-ar.js";
import { renderSarif } from "./sarif.js";

export { isReportFormat, REPORT_FORMAT_INFO, REPORT_FORMATS, type ReportFormat } from "./formats.js";

const RENDERERS: Record<ReportFormat, (report: AssessmentReport) => string> = {
  json: renderJson,
  md: renderMarkdown,
  sarif: renderSarif,
  junit: renderJunit,
  html: renderHtml,
  csv: renderCsv,
  cdxa: renderCdxa,
  "oscal-ar": renderOscalAr,
};

/** Renders the report in the given format. */
export function renderReport(report: AssessmentReport, format: ReportFormat): string {
  return RENDERERS[format](report);
}

export { renderCdxa, renderCsv, renderHtml, renderJson, renderJunit, renderMarkdown, renderOscalAr, renderSarif };
