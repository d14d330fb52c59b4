/**
 * A self-contained HTML page for people (auditors, product owners): inline CSS, no scripts, no external resources.
 * A Content-Security-Policy meta tag forbids every load but inline style, so even a value that slipped through
 * escaping could not fetch anything. The status filter works with radio buttons and CSS `:has()` alone.
 *
 * Every string from the report is escaped for HTML text or a quoted attribute; control characters and bidi
 * overrides ("Trojan Source", CVE-2021-42574) become U+FFFD; links are made only for http(s) URLs.
 */
import type { AssessmentReport, Finding, FindingStatus } from "../domain/report.js";
import { FINDING_BASES, SEVERITY_ORDER } from "../domain/report.js";
import {
  assessmentTitle,
  BASIS_LABEL,
  certificateLabel,
  factValueText,
  gateRule,
  inputNotice,
  isBlocking,
  outcomeLines,
  productLine,
  recognitionText,
  SEVERITY_LABEL,
  SOURCE_KIND_LABEL,
  STATUS_LABEL,
  STATUS_SECTIONS,
  wellFormed,
} from "./wording.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Escapes text for HTML element content and double- or single-quoted attributes alike. */
export function escapeHtml(text: string): string {
  return wellFormed(text)
    .replace(UNSAFE, "\uFFFD")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

function webLink(label: string, url: string | undefined): string {
  if (!url || !/^https?:\/\/\S+$/i.test(url)) return escapeHtml(label);
  return `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(label)}</a>`;
}

const STYLE = `
:root { --ink:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg:#ffffff; --soft:#f6f8fa;
  --fail:#b42318; --fail-bg:#fdecea; --pass:#116329; --pass-bg:#e6f4ea; --warn:#8a5a00; --warn-bg:#fff4d6;
  --info:#0b5cad; --info-bg:#e8f1fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: var(--bg); }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.05rem; margin: 0; }
code { font: 0.9em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
.verdict { display: flex; align-items: center; gap: 16px; padding: 16px 20px; border-radius: 8px; margin: 16px 0; }
.verdict.fail { background: var(--fail-bg); border: 1px solid var(--fail); }
.verdict.pass { background: var(--pass-bg); border: 1px solid var(--pass); }
.verdict strong { font-size: 1.5rem; letter-spacing: 0.04em; }
.verdict.fail strong { color: var(--fail); }
.verdict.pass strong { color: var(--pass); }
.meta { color: var(--muted); margin: 0; }
.meta span + span::before { content: " · "; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); gap: 8px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; background: var(--soft); }
.card b { display: block; font-size: 1.4rem; }
table { border-collapse: collapse; margin-top: 12px; }
th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.filters { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin: 0 0 16px; }
.filters label { margin-right: 14px; white-space: nowrap; cursor: pointer; }
.finding { border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 10px 0; }
.finding.s-gap { border-left-color: var(--fail); }
.finding.s-needs-review, .finding.s-partial { border-left-color: var(--warn); }
.finding.s-waived { border-left-color: var(--info); }
.finding.s-met, .finding.s-recognized { border-left-color: var(--pass); }
.finding p { margin: 6px 0; }
.badges { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 4px; }
.badge { font-size: 0.8rem; padding: 1px 8px; border-radius: 999px; border: 1px solid var(--line); background: var(--soft); }
.badge.block { background: var(--fail); color: #fff; border-color: var(--fail); }
.badge.sev-critical, .badge.sev-high { color: var(--fail); border-color: var(--fail); }
.badge.sev-medium { color: var(--warn); border-color: var(--warn); }
.badge.unverified { background: var(--warn-bg); color: var(--warn); border-color: var(--warn); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 8px 0 0; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
ul.facts { margin: 0; padding-left: 18px; }
ul.facts code { white-space: pre-wrap; }
.waiver { background: var(--info-bg); border-radius: 6px; padding: 6px 10px; margin-top: 8px; }
table.vulnerabilities td { text-align: left; vertical-align: top; }
table.vulnerabilities tr.v-open td:first-child { border-left: 4px solid var(--fail); }
footer { color: var(--muted); font-size: 0.85rem; margin-top: 32px; border-top: 1px solid var(--line); padding-top: 8px; }
${STATUS_SECTIONS.map((s) => `body:has(#show-${s}:checked) .finding:not(.s-${s})`).join(",\n")} { display: none; }
body:has(.filters input:checked:not(#show-all)) section.findings > h2 { display: none; }
@media print { .filters { display: none; } .finding { break-inside: avoid; } }
`;

function findingHtml(report: AssessmentReport, finding: Finding): string {
  const badges: string[] = [`<span class="badge">${escapeHtml(STATUS_LABEL[finding.status])}</span>`];
  if (finding.status === "gap" || finding.status === "waived" || finding.status === "partial") {
    badges.push(`<span class="badge sev-${finding.severity}">${escapeHtml(SEVERITY_LABEL[finding.severity])}</span>`);
  }
  if (isBlocking(report, finding)) badges.push('<span class="badge block">fails the gate</span>');
  if (finding.isNew === true) badges.push('<span class="badge">new</span>');
  if (finding.isNew === false) badges.push('<span class="badge">known from baseline</span>');
  badges.push(`<span class="badge">${escapeHtml(SOURCE_KIND_LABEL[finding.sourceKind])}</span>`);
  badges.push(`<span class="badge basis-${finding.basis}">${escapeHtml(BASIS_LABEL[finding.basis])}</span>`);
  if (finding.verified === false) badges.push('<span class="badge unverified">unverified requirement</span>');

  const rows: string[] = [];
  if (finding.evidence.length > 0) {
    const facts = finding.evidence.map((fact) => {
      const where = fact.location ? ` <span class="meta">at <code>${escapeHtml(fact.location)}</code></span>` : "";
      return `<li><code>${escapeHtml(fact.fact)}</code> = <code>${escapeHtml(factValueText(fact.value))}</code>${where}</li>`;
    });
    rows.push(`<dt>Evidence</dt><dd><ul class="facts">${facts.join("")}</ul></dd>`);
  }
  const components = finding.components ?? [];
  if (components.length > 0) {
    const total = finding.componentCount ?? components.length;
    const more = total > components.length ? ` and ${total - components.length} more` : "";
    rows.push(
      `<dt>Components (${total})</dt><dd>${components.map((c) => `<code>${escapeHtml(c)}</code>`).join(", ")}${more}</dd>`,
    );
  }
  const outcomes = outcomeLines(finding);
  if (outcomes.length > 0) {
    rows.push(
      `<dt>Rule outcomes not met</dt><dd><ul>${outcomes.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul></dd>`,
    );
  }
  for (const trace of finding.recognition ?? []) {
    rows.push(`<dt>Recognition</dt><dd>${escapeHtml(recognitionText(trace))}</dd>`);
  }
  if (finding.remediation) rows.push(`<dt>Remediation</dt><dd>${escapeHtml(finding.remediation)}</dd>`);
  rows.push(`<dt>Citation</dt><dd>${webLink(finding.citation.text, finding.citation.url)}</dd>`);
  if (finding.rules.length > 0) {
    rows.push(`<dt>Rules</dt><dd>${finding.rules.map((r) => `<code>${escapeHtml(r)}</code>`).join(", ")}</dd>`);
  }
  const waiver = finding.waiver
    ? `<div class="waiver"><strong>Waived</strong>${finding.waiver.component ? ` for <code>${escapeHtml(finding.waiver.component)}</code>` : ""} by ${escapeHtml(finding.waiver.approver)} until ${escapeHtml(finding.waiver.expires)}: ${escapeHtml(finding.waiver.justification)}</div>`
    : "";
  return [
    `<article class="finding s-${finding.status}">`,
    `<h3><code>${escapeHtml(finding.requirement)}</code> ${escapeHtml(finding.title)}</h3>`,
    `<div class="badges">${badges.join("")}</div>`,
    `<p>${escapeHtml(finding.message)}</p>`,
    waiver,
    `<dl>${rows.join("")}</dl>`,
    "</article>",
  ].join("\n");
}

/** The matched advisories as a table, in report order. */
function vulnerabilityTable(list: NonNullable<AssessmentReport["vulnerabilities"]>): string {
  const exploitable = list.filter((v) => v.exploitable).length;
  const heading = `<h2 id="vulnerabilities">Known vulnerabilities (${list.length}, ${exploitable} exploitable)</h2>`;
  if (list.length === 0) return `${heading}\n<p>Advisory data was matched against the components; nothing matched.</p>`;
  const codes = (values: readonly string[]) =>
    values.length === 0 ? "—" : values.map((v) => `<code>${escapeHtml(v)}</code>`).join(", ");
  const rows = list.map((v) => {
    const component = v.componentVersion ? `${v.componentName}@${v.componentVersion}` : v.componentName;
    const vex = v.vex
      ? `${escapeHtml(v.vex.state)}${v.vex.justification ? ` (${escapeHtml(v.vex.justification)})` : ""}`
      : "none";
    return [
      `<tr class="${v.exploitable ? "v-open" : "v-closed"}">`,
      `<td><code>${escapeHtml(component)}</code>${v.purl ? `<br><span class="meta">${escapeHtml(v.purl)}</span>` : ""}</td>`,
      `<td><code>${escapeHtml(v.advisoryId)}</code></td>`,
      `<td>${codes(v.aliases)}</td>`,
      `<td>${escapeHtml(v.severity)}</td>`,
      `<td>${vex}; ${v.exploitable ? "<strong>exploitable</strong>" : "not exploitable"}</td>`,
      `<td>${codes(v.fixedVersions)}</td>`,
      `<td>${v.knownExploited ? '<span class="badge block">KEV</span>' : "no"}</td>`,
      "</tr>",
    ].join("");
  });
  return [
    heading,
    '<table class="vulnerabilities"><thead><tr><th>Component</th><th>Advisory</th><th>Aliases</th><th>Severity</th><th>VEX</th><th>Fixed in</th><th>KEV</th></tr></thead>',
    `<tbody>${rows.join("\n")}</tbody></table>`,
  ].join("\n");
}

/** The report as one self-contained HTML document. */
export function renderHtml(report: AssessmentReport): string {
  const passed = report.verdict === "pass";
  const title = `${assessmentTitle(report)} ${passed ? "passed" : "failed"}: ${productLine(report)}`;
  const blocking = report.summary.blocking ?? report.findings.filter((f) => isBlocking(report, f)).length;
  const meta = [
    `Product <strong>${escapeHtml(productLine(report))}</strong>`,
    report.product.manufacturer ? `by ${escapeHtml(report.product.manufacturer)}` : undefined,
    `Framework ${escapeHtml(report.framework.name)}, <code>${escapeHtml(report.framework.id)}</code> version ${escapeHtml(report.framework.version)}${report.framework.level ? `, level ${escapeHtml(report.framework.level)}` : ""}`,
    `As of ${escapeHtml(report.asOf)}`,
  ]
    .filter((part): part is string => Boolean(part))
    .map((part) => `<span>${part}</span>`)
    .join("");

  const cards = STATUS_SECTIONS.map(
    (s) => `<div class="card"><b>${report.summary.byStatus[s]}</b>${escapeHtml(STATUS_LABEL[s])}</div>`,
  ).join("");
  const severityTable = [
    "<table><thead><tr><th>Open gaps by severity</th>",
    ...SEVERITY_ORDER.map((s) => `<th>${escapeHtml(SEVERITY_LABEL[s])}</th>`),
    "</tr></thead><tbody><tr><td>Gaps</td>",
    ...SEVERITY_ORDER.map((s) => `<td>${report.summary.gapsBySeverity[s]}</td>`),
    "</tr></tbody></table>",
  ].join("");
  const basisTable = [
    "<table><thead><tr><th>Findings resting on</th>",
    ...FINDING_BASES.map((b) => `<th>${escapeHtml(BASIS_LABEL[b])}</th>`),
    "</tr></thead><tbody><tr><td>Findings</td>",
    ...FINDING_BASES.map((b) => `<td>${report.summary.byBasis[b]}</td>`),
    "</tr></tbody></table>",
  ].join("");

  const present = STATUS_SECTIONS.filter((s) => report.summary.byStatus[s] > 0);
  const filters = [
    '<fieldset class="filters"><legend>Show</legend>',
    `<label><input type="radio" name="show" id="show-all" checked> All (${report.summary.total})</label>`,
    ...present.map(
      (s: FindingStatus) =>
        `<label><input type="radio" name="show" id="show-${s}"> ${escapeHtml(STATUS_LABEL[s])} (${report.summary.byStatus[s]})</label>`,
    ),
    "</fieldset>",
  ].join("\n");

  const sections = present.map((status) => {
    const list = report.findings.filter((f) => f.status === status);
    // Gaps read worst first; the other sections keep the report's requirement order.
    const ordered =
      status === "gap" ? SEVERITY_ORDER.flatMap((severity) => list.filter((f) => f.severity === severity)) : list;
    return [
      `<section class="findings" aria-labelledby="h-${status}">`,
      `<h2 id="h-${status}">${escapeHtml(STATUS_LABEL[status])} (${list.length})</h2>`,
      ...ordered.map((f) => findingHtml(report, f)),
      "</section>",
    ].join("\n");
  });

  const unverified = report.findings.filter((f) => f.verified === false).length;
  const vulnerabilities = report.vulnerabilities ? vulnerabilityTable(report.vulnerabilities) : "";
  const certificates =
    report.certificates && report.certificates.length > 0
      ? [
          "<h2>Partner certificates</h2>",
          "<table><thead><tr><th>Certificate</th><th>Counts</th><th>Recognized</th><th>Partly recognized</th><th>Covered but contradicted by evidence</th><th>Why / caveats</th></tr></thead><tbody>",
          ...report.certificates.map(
            (c) =>
              `<tr><td><code>${escapeHtml(certificateLabel(c))}</code></td><td>${c.counts ? "yes" : "no"}</td><td>${c.recognized}</td><td>${c.partial}</td><td>${c.contradictedButCovered}</td><td>${escapeHtml(c.reasons.join("; "))}</td></tr>`,
          ),
          "</tbody></table>",
        ].join("")
      : "";
  const notes = report.notes.length
    ? `<h2>Notes</h2><ul>${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>`
    : "";
  const baseline = report.baseline
    ? `<p>Compared with the baseline${report.baseline.asOf ? ` of ${escapeHtml(report.baseline.asOf)}` : ""}: ${report.summary.newGaps ?? 0} new gap(s).</p>`
    : "";

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(assessmentTitle(report))} report</h1>
<p class="meta">${meta}</p>${inputNotice(report) ? `\n<p class="notice" role="note"><strong>${escapeHtml(inputNotice(report) ?? "")}</strong></p>` : ""}
<div class="verdict ${passed ? "pass" : "fail"}" role="status"><strong>${passed ? "PASS" : "FAIL"}</strong><div>${escapeHtml(gateRule(report))}<br>${blocking} finding${blocking === 1 ? "" : "s"} fail${blocking === 1 ? "s" : ""} the gate.</div></div>
${baseline}
${unverified > 0 ? `<p><span class="badge unverified">${unverified} unverified</span> finding${unverified === 1 ? " rests" : "s rest"} on requirements the reference material marks unverified; check them against the official text.</p>` : ""}
<h2>Summary</h2>
<div class="cards">${cards}</div>
${severityTable}
${basisTable}
<h2>Findings</h2>
${filters}
${sections.join("\n")}
${vulnerabilities}
${certificates}
${notes}
<footer>${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)} · rule set ${escapeHtml(report.tool.ruleSetVersion)} · report schema ${escapeHtml(report.schemaVersion)}${report.generatedAt ? ` · generated ${escapeHtml(report.generatedAt)}` : ""}</footer>
</main>
</body>
</html>
`;
}
