/**
 * Markdown for pull-request comments (GitHub-flavoured). Gaps come first, by severity, each with its citation,
 * message, the facts it looked at, and the remediation; settled requirements fold into <details>.
 *
 * Every piece of text from the inputs is escaped: backslash escapes for the characters that start Markdown or HTML
 * constructs, @mentions broken, values from the SBOM or declaration in code spans (no mention, link or HTML inside),
 * newlines folded.
 * GitHub rejects comments over 65,536 characters, so long values are cut and, if the report is still too long,
 * a compact form without the settled sections is produced and finally cut at a line boundary.
 */
import type { AssessmentReport, Finding, FindingStatus } from "../domain/report.js";
import { FINDING_BASES, SEVERITY_ORDER } from "../domain/report.js";
import {
  assessmentTitle,
  BASIS_LABEL,
  certificateLabel,
  factValueText,
  findingsWithStatus,
  gateRule,
  inputNotice,
  isBlocking,
  outcomeLines,
  productLine,
  recognitionText,
  SEVERITY_LABEL,
  SOURCE_KIND_LABEL,
  STATUS_LABEL,
  truncate,
  wellFormed,
} from "./wording.js";

/** Under GitHub's 65,536-character comment limit, with room for a CI bot's own header. */
export const MARKDOWN_MAX_CHARS = 60_000;

interface Budget {
  compact: boolean;
  /** Rows of the known-vulnerabilities table; the JSON report lists every one. */
  vulnerabilities: number;
  valueChars: number;
  textChars: number;
  factsPerFinding: number;
  componentsPerFinding: number;
}

const FULL: Budget = {
  compact: false,
  vulnerabilities: 100,
  valueChars: 200,
  textChars: 1000,
  factsPerFinding: 12,
  componentsPerFinding: 20,
};
const COMPACT: Budget = {
  compact: true,
  vulnerabilities: 20,
  valueChars: 80,
  textChars: 400,
  factsPerFinding: 4,
  componentsPerFinding: 5,
};

// Characters that do not belong in a comment: C0/C1 controls (tab and newline are folded before) and the bidi
// overrides and isolates that can make text read differently from what it is ("Trojan Source", CVE-2021-42574).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function fold(text: string): string {
  return wellFormed(text)
    .replace(/\r\n|\r|\n|\t/g, " ")
    .replace(UNSAFE, "\uFFFD");
}

/**
 * Plain text inside Markdown: no construct can start and no HTML can open. With `lineStart`, a leading heading,
 * list or block-quote marker is escaped too, for text that opens a line.
 */
export function mdText(text: string, max = Number.POSITIVE_INFINITY, lineStart = false): string {
  const escaped = truncate(fold(text), max)
    .replace(/[\\`*_[\]<>|~&!]/g, (c) => `\\${c}`)
    // An @name in a comment notifies that user or team. An empty HTML comment after the @ keeps the text as it
    // reads but breaks the mention (the same trick Dependabot uses); e-mail addresses are left alone.
    .replace(/(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9])/g, "$1@<!-- -->");
  if (!lineStart) return escaped;
  return escaped.replace(/^(\s*)([#+\-=]|\d+[.)])/, (_m, space: string, marker: string) =>
    marker.length === 1 ? `${space}\\${marker}` : `${space}${marker.slice(0, -1)}\\${marker.slice(-1)}`,
  );
}

/**
 * A value in a code span: nothing inside is interpreted (no emphasis, link, HTML or mention). The fence is longer
 * than any backtick run inside. Pipes are escaped only for table cells, where GFM splits on them even in code.
 */
export function mdCode(text: string, max = Number.POSITIVE_INFINITY, inTable = false): string {
  const folded = truncate(fold(text), max);
  if (folded.trim() === "") return "*(empty)*";
  const longestRun = Math.max(0, ...(folded.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = folded.startsWith("`") || folded.endsWith("`") ? " " : "";
  return `${fence}${pad}${inTable ? folded.replaceAll("|", "\\|") : folded}${pad}${fence}`;
}

function link(label: string, url: string | undefined): string {
  // Only web links: a javascript: or data: URL from a catalog must not become clickable.
  if (!url || !/^https?:\/\/[^\s<>()]+$/i.test(url)) return label;
  return `[${label}](${url})`;
}

function citationText(finding: Finding, budget: Budget): string {
  const cited = link(mdText(finding.citation.text, budget.textChars), finding.citation.url);
  return `${cited} · ${SOURCE_KIND_LABEL[finding.sourceKind]} · rests on: ${BASIS_LABEL[finding.basis]}`;
}

function headline(report: AssessmentReport, finding: Finding, budget: Budget): string {
  const parts = [`**${mdText(finding.requirement)}** ${mdText(finding.title, budget.textChars)}`];
  if (finding.status === "gap" || finding.status === "waived" || finding.status === "partial") {
    parts.push(SEVERITY_LABEL[finding.severity]);
  }
  if (isBlocking(report, finding)) parts.push("⛔ fails the gate");
  if (finding.isNew === true) parts.push("new");
  if (finding.isNew === false) parts.push("known from baseline");
  if (finding.verified === false) parts.push("⚠️ unverified requirement");
  return `- ${parts.join(" · ")}`;
}

function detailedFinding(report: AssessmentReport, finding: Finding, budget: Budget): string[] {
  const lines = [headline(report, finding, budget), `  ${mdText(finding.message, budget.textChars, true)}`];
  const facts = finding.evidence.slice(0, budget.factsPerFinding).map((fact) => {
    const where = fact.location ? ` at ${mdCode(fact.location, budget.valueChars)}` : "";
    return `${mdCode(fact.fact)} = ${mdCode(factValueText(fact.value), budget.valueChars)}${where}`;
  });
  if (finding.evidence.length > budget.factsPerFinding) {
    facts.push(`and ${finding.evidence.length - budget.factsPerFinding} more (see the JSON report)`);
  }
  const outcomes = outcomeLines(finding);
  if (outcomes.length > 0) {
    lines.push("  - Rule outcomes not met:");
    for (const line of outcomes) lines.push(`    - ${mdText(line, budget.textChars)}`);
  }
  if (facts.length > 0) lines.push(`  - Evidence: ${facts.join("; ")}`);
  const components = finding.components ?? [];
  if (components.length > 0) {
    const shown = components.slice(0, budget.componentsPerFinding).map((c) => mdCode(c, budget.valueChars));
    const total = finding.componentCount ?? components.length;
    const more = total - shown.length;
    lines.push(`  - Components (${total}): ${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`);
  }
  if (finding.waiver) {
    const w = finding.waiver;
    const scope = w.component ? ` for ${mdCode(w.component, budget.valueChars)}` : "";
    lines.push(
      `  - Waived${scope} by ${mdText(w.approver, budget.valueChars)} until ${mdText(w.expires)}: ${mdText(w.justification, budget.textChars)}`,
    );
  }
  const traces = finding.recognition ?? [];
  for (const trace of traces.slice(0, budget.factsPerFinding)) {
    lines.push(`  - ${mdText(recognitionText(trace), budget.textChars)}`);
  }
  if (traces.length > budget.factsPerFinding) {
    lines.push(`  - and ${traces.length - budget.factsPerFinding} more recognition traces (see the JSON report)`);
  }
  if (finding.remediation) lines.push(`  - Remediation: ${mdText(finding.remediation, budget.textChars)}`);
  lines.push(`  - Citation: ${citationText(finding, budget)}`);
  return lines;
}

function briefFinding(finding: Finding, budget: Budget): string {
  const unverified = finding.verified === false ? " · ⚠️ unverified requirement" : "";
  const outcomes = outcomeLines(finding);
  const also = outcomes.length > 0 ? ` Rule outcomes not met: ${mdText(outcomes.join("; "), budget.textChars)}` : "";
  return `- **${mdText(finding.requirement)}** ${mdText(finding.title, budget.textChars)} — ${mdText(finding.message, budget.textChars)}${also} (${citationText(finding, budget)})${unverified}`;
}

/** Needs-review, partly recognized and waived sections longer than this fold into <details>. */
export const OPEN_SECTION_MAX = 10;

const DETAILED: readonly FindingStatus[] = ["needs-review", "partial", "waived"];
const FOLDED: readonly FindingStatus[] = ["recognized", "met", "not-applicable"];

function render(report: AssessmentReport, budget: Budget): string {
  const out: string[] = [];
  const passed = report.verdict === "pass";
  out.push(
    `## ${passed ? "✅" : "❌"} ${mdText(assessmentTitle(report))} ${passed ? "passed" : "failed"}: ${mdText(report.framework.id === "cra" ? report.framework.name : productLine(report))}`,
  );
  out.push("");
  const manufacturer = report.product.manufacturer ? ` by ${mdCode(report.product.manufacturer)}` : "";
  out.push(
    `**Product:** ${mdCode(productLine(report), budget.valueChars)}${manufacturer} · **Framework:** ${mdCode(`${report.framework.id} ${report.framework.version}${report.framework.level ? ` level ${report.framework.level}` : ""}`)} · **As of:** ${mdText(report.asOf)}`,
  );
  out.push("");
  const notice = inputNotice(report);
  if (notice) out.push(`> **${mdText(notice)}**`, "");
  const blocking = report.summary.blocking ?? report.findings.filter((f) => isBlocking(report, f)).length;
  out.push(
    `${mdText(gateRule(report))} **${blocking} finding${blocking === 1 ? "" : "s"} fail${blocking === 1 ? "s" : ""} the gate.**`,
  );
  if (report.summary.newGaps !== undefined) {
    out.push("");
    out.push(
      `Baseline${report.baseline?.asOf ? ` of ${mdText(report.baseline.asOf)}` : ""}: ${report.summary.newGaps} new gap(s).`,
    );
  }
  const unverified = report.findings.filter((f) => f.verified === false).length;
  if (unverified > 0) {
    out.push("");
    out.push(
      `⚠️ ${unverified} finding${unverified === 1 ? " rests" : "s rest"} on requirements the reference material marks unverified; check them against the official text.`,
    );
  }
  out.push("");
  out.push("| Status | Findings |");
  out.push("|---|---:|");
  for (const status of [...(["gap"] as const), ...DETAILED, ...FOLDED]) {
    out.push(`| ${STATUS_LABEL[status]} | ${report.summary.byStatus[status]} |`);
  }
  out.push(`| **Total** | **${report.summary.total}** |`);
  out.push("");
  out.push(`| Findings resting on | ${FINDING_BASES.map((b) => BASIS_LABEL[b]).join(" | ")} |`);
  out.push(`|---|${FINDING_BASES.map(() => "---:").join("|")}|`);
  out.push(`| Findings | ${FINDING_BASES.map((b) => report.summary.byBasis[b]).join(" | ")} |`);
  out.push("");
  out.push(`| Open gaps by severity | ${SEVERITY_ORDER.map((s) => SEVERITY_LABEL[s]).join(" | ")} |`);
  out.push(`|---|${SEVERITY_ORDER.map(() => "---:").join("|")}|`);
  out.push(`| Gaps | ${SEVERITY_ORDER.map((s) => report.summary.gapsBySeverity[s]).join(" | ")} |`);

  const gaps = findingsWithStatus(report, "gap");
  out.push("");
  out.push(`### Gaps (${gaps.length})`);
  if (gaps.length === 0) {
    out.push("");
    out.push("No open gaps.");
  }
  for (const severity of SEVERITY_ORDER) {
    const ofSeverity = gaps.filter((f) => f.severity === severity);
    if (ofSeverity.length === 0) continue;
    out.push("");
    out.push(`#### ${SEVERITY_LABEL[severity]} (${ofSeverity.length})`);
    out.push("");
    for (const finding of ofSeverity) out.push(...detailedFinding(report, finding, budget));
  }

  for (const status of DETAILED) {
    const list = findingsWithStatus(report, status);
    if (list.length === 0) continue;
    out.push("");
    out.push(`### ${STATUS_LABEL[status]} (${list.length})`);
    out.push("");
    // A long list would push the notes and footer out of sight in a PR conversation: fold it.
    const collapse = list.length > OPEN_SECTION_MAX;
    if (collapse) out.push("<details>", `<summary>Show the ${list.length} findings</summary>`, "");
    for (const finding of list) out.push(...detailedFinding(report, finding, budget));
    if (collapse) out.push("", "</details>");
  }

  for (const status of FOLDED) {
    const list = findingsWithStatus(report, status);
    if (list.length === 0) continue;
    out.push("");
    if (budget.compact) {
      out.push(`**${STATUS_LABEL[status]} (${list.length}):** ${list.map((f) => mdText(f.requirement)).join(", ")}`);
      continue;
    }
    out.push("<details>");
    out.push(`<summary>${STATUS_LABEL[status]} (${list.length})</summary>`);
    out.push("");
    for (const finding of list) out.push(briefFinding(finding, budget));
    out.push("");
    out.push("</details>");
  }

  if (report.vulnerabilities) out.push(...vulnerabilityTable(report.vulnerabilities, budget));
  if (report.certificates && report.certificates.length > 0) out.push(...certificateTable(report.certificates, budget));

  if (report.notes.length > 0) {
    out.push("");
    out.push("### Notes");
    out.push("");
    for (const note of report.notes) out.push(`- ${mdText(note, budget.textChars)}`);
  }
  out.push("");
  out.push(
    `<sub>${mdText(report.tool.name)} ${mdText(report.tool.version)} · rule set ${mdText(report.tool.ruleSetVersion)} · ${mdText(report.schemaVersion)}${budget.compact ? " · shortened to fit a comment; the JSON, HTML and SARIF reports have everything" : ""}</sub>`,
  );
  return `${out.join("\n")}\n`;
}

/** What each declared partner certificate did: recognized, partly recognized, and gaps it could not lift. */
function certificateTable(list: NonNullable<AssessmentReport["certificates"]>, budget: Budget): string[] {
  const out = ["", "### Partner certificates", ""];
  out.push(
    "| Certificate | Counts | Recognized | Partly recognized | Covered but contradicted by evidence | Why / caveats |",
  );
  out.push("|---|---|---:|---:|---:|---|");
  for (const c of list) {
    out.push(
      `| ${mdCode(certificateLabel(c), budget.valueChars)} | ${c.counts ? "yes" : "no"} | ${c.recognized} | ${c.partial} | ${c.contradictedButCovered} | ${c.reasons.map((r) => mdText(r, budget.textChars)).join("; ")} |`,
    );
  }
  return out;
}

/** The matched advisories as a table; a cell's values are code spans, so no input text can become markup. */
function vulnerabilityTable(list: NonNullable<AssessmentReport["vulnerabilities"]>, budget: Budget): string[] {
  const exploitable = list.filter((v) => v.exploitable).length;
  const out = ["", `### Known vulnerabilities (${list.length}, ${exploitable} exploitable)`, ""];
  if (list.length === 0) {
    out.push("Advisory data was matched against the components; nothing matched.");
    return out;
  }
  const cell = (text: string) => mdCode(text, budget.valueChars, true);
  const cells = (values: readonly string[]) => (values.length === 0 ? "—" : values.map(cell).join(", "));
  out.push("| Component | Advisory | Aliases | Severity | VEX | Fixed in | KEV |");
  out.push("|---|---|---|---|---|---|---|");
  for (const v of list.slice(0, budget.vulnerabilities)) {
    const component = cell(v.componentVersion ? `${v.componentName}@${v.componentVersion}` : v.componentName);
    const vex = v.vex ? `${cell(v.vex.state)}${v.vex.justification ? ` (${cell(v.vex.justification)})` : ""}` : "none";
    const status = v.exploitable ? "exploitable" : "not exploitable";
    out.push(
      `| ${component} | ${cell(v.advisoryId)} | ${cells(v.aliases)} | ${mdText(v.severity)} | ${vex}, ${status} | ${cells(v.fixedVersions)} | ${v.knownExploited ? "⚠️ yes" : "no"} |`,
    );
  }
  if (list.length > budget.vulnerabilities) {
    out.push("");
    out.push(`and ${list.length - budget.vulnerabilities} more (see the JSON report)`);
  }
  return out;
}

/** The report as a pull-request comment. */
export function renderMarkdown(report: AssessmentReport): string {
  const full = render(report, FULL);
  if (full.length <= MARKDOWN_MAX_CHARS) return full;
  const compact = render(report, COMPACT);
  if (compact.length <= MARKDOWN_MAX_CHARS) return compact;
  const notice = "\n\n**The report was cut to fit a comment; see the JSON, HTML or SARIF report for the rest.**\n";
  const cut = compact.lastIndexOf("\n", MARKDOWN_MAX_CHARS - notice.length);
  return `${compact.slice(0, cut)}${notice}`;
}
