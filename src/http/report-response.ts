import type { Context, TypedResponse } from "hono";
import type { AssessmentReport } from "../domain/report.js";
import { renderReport } from "../reports/index.js";
import { etagOf, notModified } from "./caching.js";
import { formatContent } from "./format-content.js";
import { negotiateReportFormat, REPORT_FORMATS, reportMediaType } from "./negotiate.js";
import { type ProblemReply, problem } from "./problem.js";

/** The 200 `content` of a report route: every report format's media type. */
export const REPORT_CONTENT = formatContent(REPORT_FORMATS.map(reportMediaType));

/** Header carrying the gate's verdict, so a CI job can branch without parsing the body (same gate as the CLI). */
export const VERDICT_HEADER = "cra-verdict";

interface ReportInput {
  reports: readonly AssessmentReport[];
  verdict: "pass" | "fail";
  /** Content hash of the stored reports, for a strong ETag on immutable records. */
  contentHash?: string;
  extraHeaders?: Record<string, string>;
}

/** The report in the negotiated format, or why there is none: the statuses a report route declares. */
type ReportReply = (Response & TypedResponse<string, 200, "body">) | ProblemReply<404 | 406>;

/**
 * Answers with one report in the negotiated format. An assessment of several frameworks holds one report per
 * framework; `?framework=` picks one (default: the first, the CRA). The verdict header carries the overall
 * verdict across all of them, as the CLI's exit code does.
 */
export function reportResponse(
  c: Context,
  input: ReportInput & { contentHash: string },
): ReportReply | (Response & TypedResponse<null, 304, "body">);
/** Without a content hash there is no ETag, so no 304 either. */
export function reportResponse(c: Context, input: ReportInput & { contentHash?: undefined }): ReportReply;
export function reportResponse(
  c: Context,
  input: ReportInput,
): ReportReply | (Response & TypedResponse<null, 304, "body">) {
  const format = negotiateReportFormat(c.req.query("format"), c.req.header("accept"));
  if (!format) {
    return problem(c, "not-acceptable", {
      detail: `Report formats: ${REPORT_FORMATS.join(", ")} (?format= or Accept).`,
    });
  }
  const wanted = c.req.query("framework");
  const report = wanted ? input.reports.find((r) => r.framework.id === wanted) : input.reports[0];
  if (!report) {
    return problem(c, "not-found", {
      detail: `No report for framework ${wanted ?? "(none)"}; available: ${input.reports.map((r) => r.framework.id).join(", ")}.`,
    });
  }
  const headers: Record<string, string> = {
    [VERDICT_HEADER]: input.verdict,
    vary: "accept",
    ...input.extraHeaders,
  };
  if (input.contentHash) {
    const etag = etagOf(input.contentHash, `${report.framework.id}.${format}`);
    headers.etag = etag;
    headers["cache-control"] = "private, max-age=31536000, immutable";
    if (notModified(c, etag)) return c.body(null, 304, headers);
  }
  headers["content-type"] = reportMediaType(format);
  return c.body(renderReport(report, format), 200, headers);
}
