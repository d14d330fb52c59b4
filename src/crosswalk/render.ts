/**
 * Pure renderers for framework comparisons and crosswalks: Markdown, CSV (RFC 4180), HTML and JSON. Input is
 * already sorted by the comparison; nothing here reads the clock or the file system.
 */
import type { Crosswalk, MappingReview } from "../domain/crosswalk.js";
import type { FrameworkCatalog } from "../domain/requirement.js";
import type { CoverageRow, CoverageTotals, DirectionComparison, FrameworkComparison } from "./compare.js";
import { mappingKey, mappingReviewed } from "./recognition.js";

const GROUP_TITLES: Record<string, string> = {
  "annex-i-part-i": "Annex I Part I (product properties)",
  "annex-i-part-ii": "Annex I Part II (vulnerability handling)",
  "annex-ii": "Annex II (user information)",
  "article-13": "Article 13 (manufacturer obligations)",
  "article-14": "Article 14 (reporting)",
};

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

function side(ref: { framework: string; level?: string }): string {
  return ref.level ? `${ref.framework} (level ${ref.level})` : ref.framework;
}

function methodNote(direction: DirectionComparison): string {
  switch (direction.method) {
    case "crosswalk":
      return `From crosswalk ${direction.crosswalks.join(", ")} (${direction.reviewed ? "reviewed" : "not yet reviewed"}).`;
    case "inverted-crosswalk":
      return `From crosswalk ${direction.crosswalks.join(", ")}, read backwards (${direction.reviewed ? "reviewed" : "not yet reviewed"}); residuals are not available in this direction.`;
    default:
      return direction.unavailable
        ? direction.unavailable
        : `**Derived candidates** through ${direction.pivot} (${direction.crosswalks.join(", ")}): composed from two crosswalks, never reviewed. Treat every row as a lead for an analyst, not a mapping.`;
  }
}

function totalsLine(totals: CoverageTotals): string {
  const c = totals.count;
  return `${c.full} full (${percent(totals.share.full)}), ${c.partial} partial (${percent(totals.share.partial)}), ${c.none} none (${percent(totals.share.none)}) of ${c.total}; weighted by obligation: ${percent(totals.weightedShare.full)} full, ${percent(totals.weightedShare.partial)} partial, ${percent(totals.weightedShare.none)} none`;
}

const md = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

function linkText(row: CoverageRow): string {
  if (row.links.length === 0) return row.reason ? `— (${row.reason})` : "—";
  return row.links
    .map((l) => `${l.source} *${l.relationship}* (${l.confidence}${l.via ? `, via ${l.via}` : ""})`)
    .join("; ");
}

function residualText(row: CoverageRow): string {
  if (row.coverage === "full") return "";
  return uniqueSentences(row.links.map((l) => l.residual).filter((r): r is string => Boolean(r)));
}

/**
 * Residuals of several links often share a sentence ("Item-level criteria not retrieved."): each sentence is said
 * once, in the order first met.
 */
export function uniqueSentences(texts: readonly string[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const text of texts) {
    for (const sentence of text.split(/(?<=[.;!?])\s+/)) {
      const trimmed = sentence.trim();
      const key = trimmed.replace(/[.;!?]$/, "").toLowerCase();
      if (trimmed === "" || seen.has(key)) continue;
      seen.add(key);
      out.push(trimmed);
    }
  }
  return out.join(" ");
}

function directionMarkdown(direction: DirectionComparison, heading: string): string {
  const lines: string[] = [];
  lines.push(`## ${heading}: ${side(direction.source)} → ${side(direction.target)}`, "");
  lines.push(methodNote(direction), "");
  lines.push(`**Coverage of ${direction.target.framework}:** ${totalsLine(direction.totals)}.`, "");
  const groups = Object.keys(direction.totalsByGroup);
  if (groups.length > 1) {
    lines.push("| Group | Full | Partial | None | Total | Full (weighted) |", "|---|---:|---:|---:|---:|---:|");
    for (const group of groups) {
      const t = direction.totalsByGroup[group]!;
      lines.push(
        `| ${GROUP_TITLES[group] ?? group} | ${t.count.full} | ${t.count.partial} | ${t.count.none} | ${t.count.total} | ${percent(t.weightedShare.full)} |`,
      );
    }
    lines.push("");
  }
  lines.push(
    "| Target requirement | Title | Obligation | Coverage | Covered by | What remains |",
    "|---|---|---|---|---|---|",
  );
  for (const row of direction.rows) {
    lines.push(
      `| ${row.target}${row.verified ? "" : " (unverified)"} | ${md(row.title)} | ${row.obligation} | ${row.coverage} | ${md(linkText(row))} | ${md(residualText(row))} |`,
    );
  }
  lines.push("");
  lines.push(
    `**Not covered (${direction.uncovered.length}):** ${direction.uncovered.length ? direction.uncovered.join(", ") : "none"}.`,
    "",
  );
  return lines.join("\n");
}

/** Markdown report of a comparison, both directions. */
export function comparisonToMarkdown(
  comparison: FrameworkComparison,
  catalogs: ReadonlyMap<string, FrameworkCatalog>,
): string {
  const name = (id: string) => catalogs.get(id)?.name ?? id;
  const out = [
    `# ${side(comparison.from)} compared with ${side(comparison.to)}`,
    "",
    `- From: ${name(comparison.from.framework)}`,
    `- To: ${name(comparison.to.framework)}`,
    "- Coverage: *full* when some source requirement is equal, equivalent or a superset (NIST IR 8477); *partial* for subset-of or intersects-with (or a recommendation); *none* otherwise.",
    "- Weights by obligation: mandatory 3, conditional 2, feature-dependent 2, recommended 1.",
    "- These are analyst mappings for evidence reuse, not legal equivalence: no CRA mutual recognition agreement is in force.",
    "",
    directionMarkdown(comparison.forward, "Forward"),
    directionMarkdown(comparison.backward, "Backward"),
  ];
  return `${out.join("\n").trimEnd()}\n`;
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =+-@ is neutralised for spreadsheets. */
export function csvField(value: string | number | boolean | undefined): string {
  let text = value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (fields: (string | number | boolean | undefined)[]) => `${fields.map(csvField).join(",")}\r\n`;

/** The coverage matrix as CSV: one line per (direction, target requirement, covering source requirement). */
export function comparisonToCsv(comparison: FrameworkComparison): string {
  let out = csvLine([
    "direction",
    "source_framework",
    "source_level",
    "target_framework",
    "target_level",
    "method",
    "reviewed",
    "target_id",
    "target_title",
    "target_group",
    "obligation",
    "weight",
    "coverage",
    "source_id",
    "relationship",
    "confidence",
    "derived_via",
    "residual",
  ]);
  for (const [name, direction] of [
    ["forward", comparison.forward],
    ["backward", comparison.backward],
  ] as const) {
    for (const row of direction.rows) {
      const base = [
        name,
        direction.source.framework,
        direction.source.level,
        direction.target.framework,
        direction.target.level,
        direction.method,
        direction.reviewed,
        row.target,
        row.title,
        row.group,
        row.obligation,
        row.weight,
        row.coverage,
      ];
      if (row.links.length === 0) out += csvLine([...base, "", "", "", "", row.reason ?? ""]);
      for (const link of row.links)
        out += csvLine([...base, link.source, link.relationship, link.confidence, link.via, link.residual]);
    }
  }
  return out;
}

/** A crosswalk file as CSV, one line per mapping, then one per uncovered target. */
/** One review as a CSV or OSCAL value: date, verdict (and the relationship for a change), reviewer, organisation. */
export function reviewText(review: MappingReview): string {
  const change = review.verdict === "changed" && review.relationship ? ` to ${review.relationship}` : "";
  const comment = review.comment ? `: ${review.comment}` : "";
  return `${review.date} ${review.verdict}${change} by ${review.reviewer} (${review.organisation})${comment}`;
}

/**
 * The crosswalk as CSV, one line per row and per uncovered target. `reviewed` is per row (its latest review agrees,
 * or, without reviews, the crosswalk is marked reviewed); `reviews` lists the row's reviews, oldest first, with
 * the ones recorded in the database (`stored`, by `mappingKey`) after those the file carries.
 */
export function crosswalkToCsv(crosswalk: Crosswalk, stored?: ReadonlyMap<string, readonly MappingReview[]>): string {
  let out = csvLine([
    "crosswalk",
    "source_framework",
    "source_id",
    "relationship",
    "target_framework",
    "target_id",
    "rationale",
    "confidence",
    "residual",
    "reviewed",
    "note",
    "reviews",
  ]);
  for (const m of crosswalk.mappings) {
    const reviews = [...(m.reviews ?? []), ...(stored?.get(mappingKey(crosswalk.id, m.source, m.target)) ?? [])];
    out += csvLine([
      crosswalk.id,
      crosswalk.sourceFramework,
      m.source,
      m.relationship,
      crosswalk.targetFramework,
      m.target,
      m.rationale,
      m.confidence,
      m.residual,
      mappingReviewed(crosswalk, m, stored),
      m.note,
      reviews.map(reviewText).join(" | "),
    ]);
  }
  for (const u of crosswalk.uncovered) {
    out += csvLine([
      crosswalk.id,
      crosswalk.sourceFramework,
      "",
      "uncovered",
      crosswalk.targetFramework,
      u.target,
      "",
      "",
      u.reason,
      crosswalk.provenance.reviewed,
      "",
      "",
    ]);
  }
  return out;
}

export const escapeHtml = (text: string) =>
  text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");

/** Escapes, then renders the Markdown emphasis the shared texts use (`**strong**`, `*em*`) as HTML. */
export function inlineHtml(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\*([^*\s][^*]*)\*/g, "<em>$1</em>");
}

function directionHtml(direction: DirectionComparison, heading: string): string {
  const rows = direction.rows
    .map(
      (row) =>
        `<tr class="${row.coverage}"><td>${escapeHtml(row.target)}${row.verified ? "" : " <em>(unverified)</em>"}</td><td>${escapeHtml(row.title)}</td><td>${row.obligation}</td><td>${row.coverage}</td><td>${inlineHtml(linkText(row))}</td><td>${inlineHtml(residualText(row))}</td></tr>`,
    )
    .join("\n");
  return `<section>
<h2>${escapeHtml(heading)}: ${escapeHtml(side(direction.source))} → ${escapeHtml(side(direction.target))}</h2>
<p>${inlineHtml(methodNote(direction))}</p>
<p><strong>Coverage:</strong> ${escapeHtml(totalsLine(direction.totals))}.</p>
<table><thead><tr><th>Target</th><th>Title</th><th>Obligation</th><th>Coverage</th><th>Covered by</th><th>What remains</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p><strong>Not covered:</strong> ${escapeHtml(direction.uncovered.join(", ") || "none")}</p>
</section>`;
}

/** A self-contained HTML page (inline CSS, no scripts, every text escaped). */
export function comparisonToHtml(comparison: FrameworkComparison): string {
  const title = `${side(comparison.from)} compared with ${side(comparison.to)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}tr.full td:nth-child(4){background:#d7f5dd}tr.partial td:nth-child(4){background:#fff2c6}tr.none td:nth-child(4){background:#fbd5d5}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>Analyst mappings for evidence reuse, not legal equivalence. Full = equal, equivalent or superset; partial = subset or intersection; weights: mandatory 3, conditional 2, feature-dependent 2, recommended 1.</p>
${directionHtml(comparison.forward, "Forward")}
${directionHtml(comparison.backward, "Backward")}
</body></html>
`;
}

/** JSON form (stable key order comes from the comparison objects, which are built in a fixed order). */
export function comparisonToJson(comparison: FrameworkComparison): string {
  return `${JSON.stringify({ format: "cra-assessor-comparison/1", ...comparison }, null, 2)}\n`;
}
