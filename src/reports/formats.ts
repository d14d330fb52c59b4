/**
 * The names of the report formats and what to call their output, without the renderers: the CLI lists them in its
 * help and validates `--format` against them without loading any renderer.
 */
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
