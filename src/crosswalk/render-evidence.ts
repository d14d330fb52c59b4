/**
 * Renderers of an evidence comparison (`frameworks compare cra sg-cls --product …`): what the target framework asks,
 * judged on the product's own evidence, beside the crosswalk relation to the source framework. Pure functions.
 */
import type { EvidenceComparison, EvidenceRow } from "../services/compare-with-evidence.js";
import { escapeHtml, inlineHtml, uniqueSentences } from "./render.js";

const STATUS_ORDER = ["gap", "needs-review", "partial", "waived", "recognized", "met", "not-applicable"] as const;

function side(ref: { framework: string; level?: string }): string {
  return ref.level ? `${ref.framework} (level ${ref.level})` : ref.framework;
}

function title(c: EvidenceComparison): string {
  return `What ${side(c.to)} asks beyond ${c.from.framework}: ${c.product.name}`;
}

function summaryLine(c: EvidenceComparison): string {
  const parts = STATUS_ORDER.filter((s) => (c.summary.byStatus[s] ?? 0) > 0).map(
    (s) => `${c.summary.byStatus[s]} ${s}`,
  );
  return `${c.summary.missing} missing (gap), ${c.summary.toReview} to review, of ${c.summary.total} requirements (${parts.join(", ")})`;
}

function linksText(row: EvidenceRow, from: string): string {
  if (row.links.length === 0) return `no ${from} requirement mapped`;
  return row.links
    .map(
      (l) => `${l.requirement} *${l.relationship}* (${l.confidence}; ${from} finding: ${l.status ?? "not assessed"})`,
    )
    .join("; ");
}

function residuals(row: EvidenceRow): string {
  if (row.coverage === "full") return "";
  return uniqueSentences(row.links.map((l) => l.residual).filter((r): r is string => Boolean(r)));
}

function sorted(rows: readonly EvidenceRow[]): EvidenceRow[] {
  const rank = (s: string) => STATUS_ORDER.indexOf(s as (typeof STATUS_ORDER)[number]);
  return [...rows].sort((a, b) => rank(a.status) - rank(b.status));
}

const md = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

export function evidenceComparisonToMarkdown(c: EvidenceComparison): string {
  const lines = [
    `# ${md(title(c))}`,
    "",
    `- Assessed on ${c.asOf} from one declaration${c.product.version ? ` (version ${c.product.version})` : ""}: ${c.from.name} verdict **${c.from.verdict}**, ${c.to.name} verdict **${c.to.verdict}**.`,
    `- ${summaryLine(c)}.`,
    `- Relations: ${c.method === "derived" ? "*derived candidates*" : c.method} from ${c.crosswalks.join(", ") || "no crosswalk"}; each names how a ${c.from.framework} requirement relates to the ${c.to.framework} one (NIST IR 8477) and the ${c.from.framework} finding on the same evidence.`,
    "- A relation says how far holding one framework's requirement carries over; the finding says what this product's evidence shows. Analyst mappings, not legal equivalence.",
    "",
    `| ${c.to.framework} requirement | Finding | What the evidence shows / what to do | ${c.from.framework} coverage | ${c.from.framework} requirements | What remains |`,
    "|---|---|---|---|---|---|",
  ];
  for (const row of sorted(c.rows)) {
    const todo = row.status === "gap" || row.status === "needs-review" ? (row.remediation ?? "") : "";
    lines.push(
      `| ${row.requirement}${row.verified ? "" : " (unverified)"} ${md(row.title)} | ${row.status}${row.status === "gap" || row.status === "needs-review" ? ` (${row.severity})` : ""} | ${md(row.message)}${todo ? ` **To do:** ${md(todo)}` : ""} | ${row.coverage} | ${md(linksText(row, c.from.framework))} | ${md(residuals(row))} |`,
    );
  }
  if (c.notes.length > 0) lines.push("", "## Notes", "", ...c.notes.map((n) => `- ${md(n)}`));
  return `${lines.join("\n")}\n`;
}

export function evidenceComparisonToJson(c: EvidenceComparison): string {
  return `${JSON.stringify({ format: "cra-assessor-evidence-comparison/1", ...c }, null, 2)}\n`;
}

export function evidenceComparisonToHtml(c: EvidenceComparison): string {
  const rows = sorted(c.rows)
    .map((row) => {
      const todo = row.status === "gap" || row.status === "needs-review" ? (row.remediation ?? "") : "";
      return `<tr class="${row.status}"><td>${escapeHtml(row.requirement)}${row.verified ? "" : " <em>(unverified)</em>"}<br>${escapeHtml(row.title)}</td><td>${row.status}</td><td>${inlineHtml(row.message)}${todo ? `<br><strong>To do:</strong> ${inlineHtml(todo)}` : ""}</td><td>${row.coverage}</td><td>${inlineHtml(linksText(row, c.from.framework))}</td><td>${inlineHtml(residuals(row))}</td></tr>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title(c))}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}tr.gap td:nth-child(2){background:#fbd5d5}tr.needs-review td:nth-child(2){background:#fff2c6}tr.met td:nth-child(2){background:#d7f5dd}</style>
</head><body>
<h1>${escapeHtml(title(c))}</h1>
<p>${escapeHtml(summaryLine(c))}. ${escapeHtml(c.from.name)}: ${c.from.verdict}; ${escapeHtml(c.to.name)}: ${c.to.verdict}. Assessed on ${escapeHtml(c.asOf)}.</p>
<table><thead><tr><th>${escapeHtml(c.to.framework)} requirement</th><th>Finding</th><th>Evidence / to do</th><th>Coverage</th><th>${escapeHtml(c.from.framework)} requirements</th><th>What remains</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${c.notes.length ? `<ul>${c.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : ""}
</body></html>
`;
}
