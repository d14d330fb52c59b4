/**
 * SARIF 2.1.0 (OASIS), for code-scanning pages. One reportingDescriptor per requirement assessed, one result per
 * finding that asks for attention: gaps (kind `fail`), waived gaps (kind `fail` with an accepted external
 * suppression that carries the justification), and needs-review / partly recognized findings (kind `review`).
 *
 * Choices, with the clause that drives them:
 * - §3.27.9: when `kind` is not `fail`, `level` must be `none`; so review results carry level `none` and the
 *   severity only in their properties.
 * - §3.27.10: `level` from severity — critical/high `error`, medium `warning`, low/info `note`.
 * - Locations point at the SBOM or declaration file the evidence came from. A JSON pointer becomes a logical
 *   location. GitHub code scanning only places results that have `region.startLine` (its upload check GH1003), so
 *   a result whose evidence has no line is anchored at line 1 of the file: the file itself is what it is about.
 * - Columns, where a reader kept them, count UTF-16 code units (JavaScript string offsets): `columnKind`.
 * - No timestamps, GUIDs or absolute paths unless the report holds them, so the same report gives the same bytes.
 */
import { createHash } from "node:crypto";
import type { Location, Log, PropertyBag, Region, ReportingDescriptor, Result, Run } from "sarif";
import type { AssessmentReport, EvidenceFact, Finding, Severity } from "../domain/report.js";
import { compareRequirementIds, severityRank } from "../domain/verdict.js";
import {
  componentsText,
  inputNotice,
  outcomeLines,
  recognitionText,
  SOURCE_KIND_LABEL,
  waiverText,
} from "./wording.js";

export const SARIF_SCHEMA_URI =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

type Level = NonNullable<Result["level"]>;

const LEVEL: Record<Severity, Level> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

// GitHub reads `security-severity` (a CVSS-like score as a string) to rank alerts: >= 9.0 critical, 7.0-8.9 high,
// 4.0-6.9 medium, 0.1-3.9 low. Info has no score.
const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: undefined,
};

/** Turns a file path as given on the command line into a URI reference (RFC 3986): forward slashes, escaped. */
export function pathToUriReference(path: string): string {
  const slashed = path.replaceAll("\\", "/");
  const encoded = slashed
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
  // An absolute POSIX path becomes a file URI; a relative one stays relative to the checkout (%SRCROOT%).
  return slashed.startsWith("/") ? `file://${encoded}` : encoded;
}

/** The input a fact points into (`declaration:/updates/signed`, `sbom:/components/3`) and the pointer within it. */
function factTarget(fact: EvidenceFact): { input: "sbom" | "declaration"; pointer?: string } | undefined {
  const match = /^(sbom|declaration):(.*)$/.exec(fact.location ?? "");
  if (!match) return undefined;
  const pointer = match[2] ?? "";
  // `sbom:/` names the whole document: no pointer worth a logical location.
  return {
    input: match[1] as "sbom" | "declaration",
    pointer: pointer.startsWith("/") && pointer !== "/" ? pointer : undefined,
  };
}

function pascalName(title: string): string {
  const words = title
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, " ")
    .trim()
    .split(" ");
  return words.map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : "")).join("") || "Requirement";
}

function fingerprint(finding: Finding): string {
  return createHash("sha256")
    .update([finding.framework, finding.requirement, ...finding.rules, ...(finding.components ?? [])].join("\u0000"))
    .digest("hex");
}

/** The report as a SARIF 2.1.0 log (JSON text). */
export function renderSarif(report: AssessmentReport): string {
  const { inputs } = report;
  const artifacts: { key: "sbom" | "declaration"; uri: string; sha256: string }[] = [];
  if (inputs.sbom?.file)
    artifacts.push({ key: "sbom", uri: pathToUriReference(inputs.sbom.file), sha256: inputs.sbom.sha256 });
  if (inputs.declaration?.file) {
    artifacts.push({
      key: "declaration",
      uri: pathToUriReference(inputs.declaration.file),
      sha256: inputs.declaration.sha256,
    });
  }
  const artifactIndex = new Map(artifacts.map((a, index) => [a.key, index]));
  const uriBase = (uri: string) => (uri.startsWith("file:") ? {} : { uriBaseId: "%SRCROOT%" });

  // One descriptor per requirement, in the report's order; its default level follows the worst severity seen.
  const byRequirement = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byRequirement.get(finding.requirement) ?? [];
    list.push(finding);
    byRequirement.set(finding.requirement, list);
  }
  const ruleIds = [...byRequirement.keys()].sort(compareRequirementIds);
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  const rules: ReportingDescriptor[] = ruleIds.map((id) => {
    const findings = byRequirement.get(id)!;
    const first = findings[0]!;
    const worst = findings.map((f) => f.severity).sort((a, b) => severityRank(a) - severityRank(b))[0]!;
    const remediations = [...new Set(findings.map((f) => f.remediation).filter((r): r is string => Boolean(r)))];
    const cite = `${first.citation.text} (${SOURCE_KIND_LABEL[first.sourceKind]})`;
    const unverified = first.verified === false ? "\n\nThe reference material marks this requirement unverified." : "";
    const helpText = [...remediations, `Source: ${cite}`].join("\n\n") + unverified;
    const tags = [first.framework, first.group, first.sourceKind, first.verified === false ? "unverified" : undefined]
      .filter((t): t is string => Boolean(t))
      .concat(["compliance", "security"]);
    const rule: ReportingDescriptor = {
      id,
      name: pascalName(first.title),
      shortDescription: { text: first.title },
      fullDescription: { text: first.paraphrase ?? first.title },
      defaultConfiguration: { level: LEVEL[worst] },
      help: { text: helpText },
      properties: {
        sourceKind: first.sourceKind,
        citation: first.citation.text,
        ...(first.group ? { group: first.group } : {}),
        ...(first.verified === false ? { verified: false } : {}),
        tags: [...new Set(tags)],
        ...(SECURITY_SEVERITY[worst] ? { "security-severity": SECURITY_SEVERITY[worst] } : {}),
      },
    };
    if (isWebUrl(first.citation.url)) rule.helpUri = first.citation.url;
    return rule;
  });

  const results: Result[] = [];
  for (const finding of report.findings) {
    // A partial finding whose residual is still missing is a gap for the gate, so it is reported as one.
    const residualGap = finding.status === "partial" && finding.residualGap === true;
    const review = finding.status === "needs-review" || (finding.status === "partial" && !residualGap);
    if (finding.status !== "gap" && finding.status !== "waived" && !review && !residualGap) continue;

    const locations: Location[] = [];
    const seen = new Set<string>();
    for (const fact of finding.evidence) {
      const target = factTarget(fact);
      if (!target) continue;
      const index = artifactIndex.get(target.input);
      if (index === undefined) continue;
      const key = `${target.input}\u0000${target.pointer ?? ""}\u0000${fact.line ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const region: Region = { startLine: fact.line ?? 1 };
      if (fact.line !== undefined && fact.column !== undefined) region.startColumn = fact.column;
      const location: Location = {
        physicalLocation: {
          artifactLocation: { uri: artifacts[index]!.uri, ...uriBase(artifacts[index]!.uri), index },
          region,
        },
      };
      if (target.pointer) location.logicalLocations = [{ fullyQualifiedName: target.pointer, kind: "value" }];
      locations.push(location);
    }
    if (locations.length === 0 && artifacts.length > 0) {
      // No fact points into a file: anchor at the declaration (what the manufacturer states) or else the SBOM.
      const fallback = artifactIndex.get("declaration") ?? 0;
      locations.push({
        physicalLocation: {
          artifactLocation: { uri: artifacts[fallback]!.uri, ...uriBase(artifacts[fallback]!.uri), index: fallback },
          region: { startLine: 1 },
        },
      });
    }

    const outcomes = outcomeLines(finding);
    const extra = [
      outcomes.length > 0 ? `Rule outcomes not met: ${outcomes.join(" ")}` : undefined,
      componentsText(finding) ? `Components: ${componentsText(finding)}.` : undefined,
      waiverText(finding),
    ]
      .filter((part): part is string => Boolean(part))
      .join(" ");
    const result: Result = {
      ruleId: finding.requirement,
      ruleIndex: ruleIndex.get(finding.requirement)!,
      kind: review ? "review" : "fail",
      level: review ? "none" : LEVEL[finding.severity],
      message: { text: extra ? `${finding.message} ${extra}` : finding.message },
      locations,
      partialFingerprints: { "craAssessorFinding/v1": fingerprint(finding) },
      properties: {
        status: finding.status,
        basis: finding.basis,
        severity: finding.severity,
        framework: finding.framework,
        rules: finding.rules,
        evidence: finding.evidence.map((fact) => {
          const entry: PropertyBag = { fact: fact.fact, value: toJson(fact.value) };
          if (fact.location !== undefined) entry.location = fact.location;
          return entry;
        }),
        ...(finding.components ? { components: finding.components } : {}),
        ...(finding.componentCount !== undefined ? { componentCount: finding.componentCount } : {}),
        // A partly recognized requirement: which certificate covers what, and what is still to show.
        ...(finding.recognition ? { recognition: finding.recognition.map(recognitionText) } : {}),
      },
    };
    if (finding.isNew !== undefined) result.baselineState = finding.isNew ? "new" : "unchanged";
    if (finding.waiver) {
      const w = finding.waiver;
      result.suppressions = [
        {
          kind: "external",
          status: "accepted",
          justification: `${w.justification} (approved by ${w.approver}, expires ${w.expires}${w.component ? `, component ${w.component}` : ""})`,
        },
      ];
    }
    results.push(result);
  }

  const run: Run = {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        ...(/^\d+\.\d+\.\d+/.test(report.tool.version) ? { semanticVersion: report.tool.version } : {}),
        rules,
        properties: { ruleSetVersion: report.tool.ruleSetVersion },
      },
    },
    automationDetails: { id: `cra-assessor/${report.framework.id}/` },
    ...(artifacts.length > 0
      ? {
          originalUriBaseIds: { "%SRCROOT%": { description: { text: "The directory the assessment ran in." } } },
          artifacts: artifacts.map((a) => ({
            location: { uri: a.uri, ...uriBase(a.uri) },
            roles: ["analysisTarget"],
            ...(/^[0-9a-f]{64}$/i.test(a.sha256) ? { hashes: { "sha-256": a.sha256.toLowerCase() } } : {}),
            properties: { input: a.key },
          })),
        }
      : {}),
    columnKind: "utf16CodeUnits",
    results,
    properties: {
      verdict: report.verdict,
      failOn: report.failOn,
      asOf: report.asOf,
      framework: toJson(report.framework),
      product: toJson(report.product),
      summary: toJson(report.summary),
      reportSchemaVersion: report.schemaVersion,
      ...(inputNotice(report) ? { inputNotice: inputNotice(report) } : {}),
      ...(report.notes.length > 0 ? { notes: report.notes } : {}),
    },
  };
  const log: Log = { $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** `helpUri` must be an absolute URI (SARIF §3.49.12); only web pages make sense as help. */
function isWebUrl(url: string | undefined): url is string {
  if (!url || !URL.canParse(url)) return false;
  const { protocol } = new URL(url);
  return protocol === "https:" || protocol === "http:";
}

function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value) ?? "null");
}
