/** Pure renderers for an arrangement simulation: Markdown, HTML, CSV and JSON. */
import type { SimulationResult } from "../services/simulate-arrangement.js";
import { csvField, escapeHtml } from "./render.js";

export function simulationToMarkdown(result: SimulationResult): string {
  const t = result.totals;
  const lines = [
    `# What draft ${result.arrangement.id} would change`,
    "",
    `${result.arrangement.title} (${result.arrangement.status}), as of ${result.asOf}.`,
    "",
    `- Products assessed: ${t.products} (${result.invalidProducts.length} refused as invalid input); ${t.productsWithQualifyingCertificate} hold a certificate the draft accepts.`,
    `- Open CRA findings (gap, needs-review, partial): ${t.openBefore} before, ${t.openAfter} after.`,
    `- Closed (now recognized): ${t.closed}. Narrowed (now partial): ${t.narrowed}.`,
    `- Gaps the draft would accept a certificate for, but the product's own evidence shows unmet (kept as gaps): ${t.heldByEvidence}.`,
    "",
    "A gap the declaration or SBOM shows is never closed by recognition; gaps they are silent on, and findings that need a person's review, can be.",
    "",
    "## Per requirement",
    "",
    "| Requirement | Title | Closed | Narrowed | Held by evidence | Still open after |",
    "|---|---|---:|---:|---:|---:|",
    ...result.requirements.map(
      (r) =>
        `| ${r.requirement} | ${r.title.replaceAll("|", "\\|")} | ${r.closed} | ${r.narrowed} | ${r.heldByEvidence} | ${r.remainingOpen} |`,
    ),
    "",
    "## Per product",
    "",
    "| Product | Certificates | Open before | Open after | Closed | Narrowed | Held by evidence |",
    "|---|---|---:|---:|---:|---:|---:|",
    ...result.products.map((p) => {
      const certs =
        p.certificates
          .map((c) => `${c.scheme}${c.level ? ` ${c.level}` : ""}${c.counts ? "" : " (counts for nothing)"}`)
          .join("; ") || "none";
      const n = (kind: string) => p.changes.filter((c) => c.change === kind).length;
      return `| ${p.id} (${p.name.replaceAll("|", "\\|")}) | ${certs.replaceAll("|", "\\|")} | ${p.openBefore} | ${p.openAfter} | ${n("closed")} | ${n("narrowed")} | ${n("held-by-evidence")} |`;
    }),
    "",
  ];
  for (const p of result.products) {
    if (p.changes.length === 0) continue;
    lines.push(
      `### ${p.id}`,
      "",
      ...p.changes.map((c) => `- ${c.requirement}: ${c.before} → ${c.after} (${c.change})`),
      "",
    );
    const stillOpen = p.remaining.map((r) => `${r.requirement} (${r.status})`).join(", ");
    lines.push(`Still open: ${stillOpen || "none"}.`, "");
  }
  if (result.invalidProducts.length > 0) {
    lines.push("## Refused products", "");
    for (const p of result.invalidProducts)
      lines.push(`- ${p.id}: ${p.issues.map((i) => `${i.path ?? ""} ${i.message}`.trim()).join("; ")}`);
    lines.push("");
  }
  if (result.notes.length > 0) lines.push("## Notes", "", ...result.notes.map((n) => `- ${n}`), "");
  return `${lines.join("\n").trimEnd()}\n`;
}

/** One line per (product, requirement) whose status the draft changes, plus one per still-open requirement. */
export function simulationToCsv(result: SimulationResult): string {
  const line = (fields: (string | number | undefined)[]) => `${fields.map(csvField).join(",")}\r\n`;
  let out = line(["arrangement", "product", "requirement", "before", "after", "change"]);
  for (const p of result.products) {
    const changed = new Set(p.changes.map((c) => c.requirement));
    for (const c of p.changes) out += line([result.arrangement.id, p.id, c.requirement, c.before, c.after, c.change]);
    for (const r of p.remaining)
      if (!changed.has(r.requirement))
        out += line([result.arrangement.id, p.id, r.requirement, r.status, r.status, "remains"]);
  }
  return out;
}

export function simulationToJson(result: SimulationResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** A self-contained HTML page (inline CSS, no scripts, every text escaped), the same content as the Markdown. */
export function simulationToHtml(result: SimulationResult): string {
  const t = result.totals;
  const title = `What draft ${result.arrangement.id} would change`;
  const cell = (value: string | number) => `<td>${escapeHtml(String(value))}</td>`;
  const num = (value: number) => `<td class="n">${value}</td>`;
  const requirementRows = result.requirements
    .map(
      (r) =>
        `<tr>${cell(r.requirement)}${cell(r.title)}${num(r.closed)}${num(r.narrowed)}${num(r.heldByEvidence)}${num(r.remainingOpen)}</tr>`,
    )
    .join("\n");
  const productRows = result.products
    .map((p) => {
      const certs =
        p.certificates
          .map((c) => `${c.scheme}${c.level ? ` ${c.level}` : ""}${c.counts ? "" : " (counts for nothing)"}`)
          .join("; ") || "none";
      const n = (kind: string) => p.changes.filter((c) => c.change === kind).length;
      return `<tr>${cell(`${p.id} (${p.name})`)}${cell(certs)}${num(p.openBefore)}${num(p.openAfter)}${num(n("closed"))}${num(n("narrowed"))}${num(n("held-by-evidence"))}</tr>`;
    })
    .join("\n");
  const details = result.products
    .filter((p) => p.changes.length > 0 || p.remaining.length > 0)
    .map(
      (p) => `<section><h3>${escapeHtml(p.id)}</h3>
${p.changes.length ? `<ul>${p.changes.map((c) => `<li>${escapeHtml(`${c.requirement}: ${c.before} → ${c.after} (${c.change})`)}</li>`).join("")}</ul>` : ""}
<p>Still open: ${escapeHtml(p.remaining.map((r) => `${r.requirement} (${r.status})`).join(", ") || "none")}.</p></section>`,
    )
    .join("\n");
  const refused = result.invalidProducts.length
    ? `<h2>Refused products</h2><ul>${result.invalidProducts.map((p) => `<li>${escapeHtml(`${p.id}: ${p.issues.map((i) => `${i.path ?? ""} ${i.message}`.trim()).join("; ")}`)}</li>`).join("")}</ul>`
    : "";
  const notes = result.notes.length
    ? `<h2>Notes</h2><ul>${result.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}td.n{text-align:right}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(`${result.arrangement.title} (${result.arrangement.status}), as of ${result.asOf}.`)}</p>
<ul>
<li>Products assessed: ${t.products} (${result.invalidProducts.length} refused as invalid input); ${t.productsWithQualifyingCertificate} hold a certificate the draft accepts.</li>
<li>Open CRA findings (gap, needs-review, partial): ${t.openBefore} before, ${t.openAfter} after.</li>
<li>Closed (now recognized): ${t.closed}. Narrowed (now partial): ${t.narrowed}.</li>
<li>Gaps the draft would accept a certificate for, but the product's own evidence shows unmet (kept as gaps): ${t.heldByEvidence}.</li>
</ul>
<p>A gap the declaration or SBOM shows is never closed by recognition; gaps they are silent on, and findings that need a person's review, can be.</p>
<h2>Per requirement</h2>
<table><thead><tr><th>Requirement</th><th>Title</th><th>Closed</th><th>Narrowed</th><th>Held by evidence</th><th>Still open after</th></tr></thead>
<tbody>
${requirementRows}
</tbody></table>
<h2>Per product</h2>
<table><thead><tr><th>Product</th><th>Certificates</th><th>Open before</th><th>Open after</th><th>Closed</th><th>Narrowed</th><th>Held by evidence</th></tr></thead>
<tbody>
${productRows}
</tbody></table>
${details}
${refused}
${notes}
</body></html>
`;
}
