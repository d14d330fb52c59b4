/**
 * The report formats, by the names the CLI (`--format`) and the HTTP API use. Every renderer is a pure function
 * from the one `AssessmentReport` to text.
 */
import type { AssessmentReport } from "../domain/report.js";
import { renderCdxa } from "./cdxa.js";
import { renderCsv } from "./csv.js";
import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown } from "./markdown.js";
import { renderOscalAr } from "./oscal-ar.js";
import { renderSarif } from "./sarif.js";

export const REPORT_FORMATS = ["json", "md", "sarif", "junit", "html", "csv", "cdxa", "oscal-ar"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** What to call and label each format's output (file extension, HTTP media type). */
export const REPORT_FORMAT_INFO: Record<ReportFormat, { extension: string; mediaType: string; description: string }> = {
  json: {
    extension: ".json",
    mediaType: "application/json",
    description: "the report model (docs/report.schema.json)",
  },
  md: { extension: ".md", mediaType: "text/markdown; charset=utf-8", description: "a pull-request comment" },
  sarif: { extension: ".sarif", mediaType: "application/sarif+json", description: "SARIF 2.1.0 for code scanning" },
  junit: { extension: ".xml", mediaType: "application/xml", description: "JUnit XML for CI dashboards" },
  html: { extension: ".html", mediaType: "text/html; charset=utf-8", description: "a self-contained page" },
  csv: { extension: ".csv", mediaType: "text/csv; charset=utf-8; header=present", description: "one row per finding" },
  cdxa: {
    extension: ".cdx.json",
    mediaType: "application/vnd.cyclonedx+json",
    description: "CycloneDX 1.6 attestation: the framework as a standard, the assessment as a declaration",
  },
  "oscal-ar": {
    extension: ".oscal.json",
    mediaType: "application/oscal+json",
    description: "OSCAL 1.0.6 assessment results, one finding per requirement",
  },
};

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
