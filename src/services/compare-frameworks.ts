/**
 * Use case: compare two frameworks (regulator view) and render the result.
 * `compareFrameworksUseCase({ ctx, input })`, called the same way by the CLI and the HTTP service.
 */
import { type CompareRequest, compareFrameworks, type FrameworkComparison } from "../crosswalk/compare.js";
import { fromComparison, toOscalMappingCollection } from "../crosswalk/oscal.js";
import { comparisonToCsv, comparisonToHtml, comparisonToJson, comparisonToMarkdown } from "../crosswalk/render.js";
import type { RecognitionData } from "../crosswalk/seeds.js";
import type { ComparisonFormat } from "./comparison-formats.js";

export { COMPARISON_FORMATS, type ComparisonFormat } from "./comparison-formats.js";

export interface CompareFrameworksContext {
  data: Pick<RecognitionData, "catalogs" | "crosswalks">;
  /** Injected clock, used only for the OSCAL `last-modified` stamp. */
  now: () => Date;
}

export interface CompareFrameworksInput extends CompareRequest {
  format: ComparisonFormat;
}

export type CompareFrameworksResult =
  | { ok: true; comparison: FrameworkComparison; body: string; mediaType: string }
  | { ok: false; message: string };

/** The media type of each comparison format. */
export const COMPARISON_MEDIA_TYPES: Record<ComparisonFormat, string> = {
  md: "text/markdown; charset=utf-8",
  json: "application/json",
  csv: "text/csv; charset=utf-8",
  html: "text/html; charset=utf-8",
  oscal: "application/json",
};

/**
 * @example
 * const result = compareFrameworksUseCase({ ctx: { data: seedRecognitionData(), now: () => new Date() },
 *   input: { from: "uk-psti", to: "cra", format: "md" } });
 */
export function compareFrameworksUseCase({
  ctx,
  input,
}: {
  ctx: CompareFrameworksContext;
  input: CompareFrameworksInput;
}): CompareFrameworksResult {
  const compared = compareFrameworks(ctx.data, input);
  if (!compared.ok) return compared;
  const comparison = compared.value;
  return {
    ok: true,
    comparison,
    body: render(comparison, input.format, ctx),
    mediaType: COMPARISON_MEDIA_TYPES[input.format],
  };
}

function render(comparison: FrameworkComparison, format: ComparisonFormat, ctx: CompareFrameworksContext): string {
  switch (format) {
    case "md":
      return comparisonToMarkdown(comparison, ctx.data.catalogs);
    case "json":
      return comparisonToJson(comparison);
    case "csv":
      return comparisonToCsv(comparison);
    case "html":
      return comparisonToHtml(comparison);
    case "oscal": {
      // OSCAL carries one direction per mapping collection: the forward one (from → to) is what was asked.
      const title = `${comparison.from.framework}${comparison.from.level ? ` ${comparison.from.level}` : ""} to ${comparison.to.framework}`;
      const doc = toOscalMappingCollection(
        fromComparison(comparison.forward, title),
        ctx.data.catalogs,
        ctx.now().toISOString(),
      );
      return `${JSON.stringify(doc, null, 2)}\n`;
    }
  }
}
