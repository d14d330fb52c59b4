/** `Accept` / `?format=` negotiation for reports. Formats and their media types come from src/reports. */
import { REPORT_FORMAT_INFO, REPORT_FORMATS, type ReportFormat } from "../reports/index.js";

export { REPORT_FORMATS, type ReportFormat };

const ACCEPT_TO_FORMAT: Record<string, ReportFormat> = {
  "text/xml": "junit",
  "application/junit+xml": "junit",
  ...Object.fromEntries(REPORT_FORMATS.map((format) => [mediaEssence(REPORT_FORMAT_INFO[format].mediaType), format])),
};

/** The essence of a media type (`type/subtype`, lower-case), without parameters. */
export function mediaEssence(value: string | undefined): string {
  return (value ?? "").split(";")[0]!.trim().toLowerCase();
}

export function reportMediaType(format: ReportFormat): string {
  return REPORT_FORMAT_INFO[format].mediaType;
}

/**
 * `?format=` wins; otherwise the `Accept` entry with the highest q-value we can serve; no `Accept` (or a wildcard)
 * gives JSON. Null when nothing acceptable can be produced (406).
 */
export function negotiateReportFormat(
  formatParam: string | undefined,
  accept: string | undefined,
): ReportFormat | null {
  if (formatParam !== undefined) {
    return (REPORT_FORMATS as readonly string[]).includes(formatParam) ? (formatParam as ReportFormat) : null;
  }
  if (!accept || accept.trim() === "") return "json";
  const entries = accept
    .split(",")
    .map((part, index) => {
      const [type, ...params] = part.split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { type: mediaEssence(type), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((e) => e.type && e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of entries) {
    const format = ACCEPT_TO_FORMAT[entry.type];
    if (format) return format;
    if (entry.type === "*/*" || entry.type === "application/*") return "json";
    if (entry.type === "text/*") return "md";
  }
  return null;
}
