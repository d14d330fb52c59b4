/** Pure renderers for an arrangement simulation: Markdown, CSV and JSON. */
import type { SimulationResult } from "../services/simulate-arrangement.js";
import { csvField } from "./render.js";

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
    "A gap shown by the declaration or SBOM is never closed by recognition; only findings that need a person's review can be.",
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
