/**
 * JUnit XML for CI dashboards: one <testsuite> per framework, one <testcase> per requirement.
 * A gap is a <failure> (type = severity), needs-review is <skipped>, and waived, partly recognized, recognized,
 * met and not-applicable requirements pass, the waiver or reason written to <system-out> so it stays visible.
 *
 * XML 1.0 cannot carry most C0 control characters at all, not even as character references (XML 1.0 §2.2), so
 * they are written as visible `\uXXXX` text; lone surrogates become U+FFFD. Everything else is escaped, so no
 * input string can close an element, open a CDATA section or inject markup.
 */
import { type AssessmentReport, FINDING_BASES, type Finding } from "../domain/report.js";
import { compareCodePoints, compareRequirementIds, isOpenGap, severityRank } from "../domain/verdict.js";
import {
  BASIS_LABEL,
  componentsText,
  factValueText,
  inputNotice,
  isBlocking,
  outcomeLines,
  productLine,
  recognitionText,
  SEVERITY_LABEL,
  SOURCE_KIND_LABEL,
  STATUS_LABEL,
  waiverText,
  wellFormed,
} from "./wording.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids.
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

// Bidi overrides and isolates make a dashboard show text other than what it is ("Trojan Source", CVE-2021-42574).
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/g;

function xmlSafe(text: string): string {
  return wellFormed(text)
    .replace(BIDI_CONTROL, "\uFFFD")
    .replace(NOT_XML_CHAR, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function xmlText(text: string): string {
  return xmlSafe(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Attribute values: quotes escaped, and tab/newline/CR as references so attribute normalization keeps them. */
export function xmlAttr(text: string): string {
  return xmlText(text)
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;")
    .replaceAll("\t", "&#9;")
    .replaceAll("\n", "&#10;")
    .replaceAll("\r", "&#13;");
}

function findingDetails(report: AssessmentReport, finding: Finding): string {
  const lines: string[] = [];
  const gate = isOpenGap(finding)
    ? isBlocking(report, finding)
      ? "fails the gate"
      : finding.isNew === false
        ? "known from the baseline, does not fail the gate"
        : "below the gate threshold"
    : undefined;
  lines.push(
    `${STATUS_LABEL[finding.status]} · severity ${SEVERITY_LABEL[finding.severity].toLowerCase()} · ${BASIS_LABEL[finding.basis]}${gate ? ` · ${gate}` : ""}${finding.isNew ? " · new" : ""}`,
  );
  lines.push(finding.message);
  const outcomes = outcomeLines(finding);
  if (outcomes.length > 0) {
    lines.push("Rule outcomes not met:");
    for (const line of outcomes) lines.push(`  ${line}`);
  }
  if (finding.evidence.length > 0) {
    lines.push("Evidence:");
    for (const fact of finding.evidence) {
      lines.push(`  ${fact.fact} = ${factValueText(fact.value)}${fact.location ? ` (at ${fact.location})` : ""}`);
    }
  }
  const components = componentsText(finding);
  if (components) lines.push(`Components: ${components}`);
  const waiver = waiverText(finding);
  if (waiver) lines.push(waiver);
  for (const trace of finding.recognition ?? []) lines.push(recognitionText(trace));
  if (finding.remediation) lines.push(`Remediation: ${finding.remediation}`);
  const url = finding.citation.url ? ` ${finding.citation.url}` : "";
  lines.push(`Citation: ${finding.citation.text} (${SOURCE_KIND_LABEL[finding.sourceKind]})${url}`);
  if (finding.verified === false) lines.push("The reference material marks this requirement unverified.");
  return lines.join("\n");
}

interface TestCase {
  framework: string;
  requirement: string;
  findings: Finding[];
}

/** The report as JUnit XML. */
export function renderJunit(report: AssessmentReport): string {
  const cases = new Map<string, TestCase>();
  for (const finding of report.findings) {
    const key = `${finding.framework}\u0000${finding.requirement}`;
    const entry = cases.get(key) ?? { framework: finding.framework, requirement: finding.requirement, findings: [] };
    entry.findings.push(finding);
    cases.set(key, entry);
  }
  const frameworks = [...new Set([...cases.values()].map((c) => c.framework))].sort(compareCodePoints);

  let totalTests = 0;
  let totalFailures = 0;
  let totalSkipped = 0;
  const suites: string[] = [];
  for (const framework of frameworks) {
    const ofFramework = [...cases.values()]
      .filter((c) => c.framework === framework)
      .sort((a, b) => compareRequirementIds(a.requirement, b.requirement));
    const body: string[] = [];
    let failures = 0;
    let skipped = 0;
    for (const testCase of ofFramework) {
      const first = testCase.findings[0]!;
      const classname = `${framework}.${first.group ?? "requirements"}`;
      const name = `${testCase.requirement} ${first.title}`;
      const gaps = testCase.findings.filter((f) => isOpenGap(f));
      const reviews = testCase.findings.filter((f) => f.status === "needs-review");
      const details = testCase.findings.map((f) => findingDetails(report, f)).join("\n\n");
      body.push(`    <testcase classname="${xmlAttr(classname)}" name="${xmlAttr(name)}" time="0">`);
      if (gaps.length > 0) {
        failures++;
        const worst = [...gaps].sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0]!;
        body.push(
          `      <failure message="${xmlAttr(worst.message)}" type="${xmlAttr(worst.severity)}">${xmlText(details)}</failure>`,
        );
      } else if (reviews.length > 0) {
        skipped++;
        body.push(`      <skipped message="${xmlAttr(`Needs review: ${reviews[0]!.message}`)}"/>`);
        body.push(`      <system-out>${xmlText(details)}</system-out>`);
      } else {
        body.push(`      <system-out>${xmlText(details)}</system-out>`);
      }
      body.push("    </testcase>");
    }
    totalTests += ofFramework.length;
    totalFailures += failures;
    totalSkipped += skipped;
    const suiteName = framework === report.framework.id ? `${report.framework.name} (${framework})` : framework;
    const properties = [
      ["verdict", report.verdict],
      ["failOn", report.failOn],
      ["asOf", report.asOf],
      ["product", productLine(report)],
      ["framework", `${report.framework.id} ${report.framework.version}`],
      ["tool", `${report.tool.name} ${report.tool.version}, rule set ${report.tool.ruleSetVersion}`],
      ["basis", FINDING_BASES.map((b) => `${b} ${report.summary.byBasis[b]}`).join(", ")],
      ...(inputNotice(report) ? [["inputs", inputNotice(report)]] : []),
    ].map(([name, value]) => `      <property name="${xmlAttr(name!)}" value="${xmlAttr(value!)}"/>`);
    suites.push(
      `  <testsuite name="${xmlAttr(suiteName)}" tests="${ofFramework.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0" timestamp="${xmlAttr(`${report.asOf}T00:00:00`)}">`,
      "    <properties>",
      ...properties,
      "    </properties>",
      ...body,
      // The report's notes (lapsed waivers, baseline, dates) belong to the run, so they go with the main suite.
      ...(framework === report.framework.id && report.notes.length > 0
        ? [`    <system-out>${xmlText(report.notes.join("\n"))}</system-out>`]
        : []),
      "  </testsuite>",
    );
  }
  const header = `<testsuites name="${xmlAttr(`cra-assessor: ${productLine(report)}`)}" tests="${totalTests}" failures="${totalFailures}" errors="0" skipped="${totalSkipped}" time="0">`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', header, ...suites, "</testsuites>", ""].join("\n");
}
