/**
 * Report assembly and the CI gate. `buildReport` is the one place where findings become an `AssessmentReport`:
 * it sorts, applies waivers and a baseline, counts, and decides the verdict. Every renderer reads its output.
 *
 * Gate: the verdict is `fail` when an open gap (not waived) has a severity at or above `failOn`; with a baseline,
 * only gaps that are new against it count. An open gap is a finding with status `gap`, or a `partial` finding
 * lifted from a gap (`residualGap`): a partner certificate covered part of a requirement the declaration and SBOM
 * said nothing about, and the residual is still missing, so it counts as the gap it still is. `needs-review`,
 * `recognized`, a `partial` upgraded from `needs-review`, `met`, `not-applicable` and `waived` never fail the gate,
 * and `failOn: "never"` always passes.
 */
import type { Baseline } from "./baseline.js";
import {
  type AssessmentReport,
  type CertificateRecognition,
  type FailOn,
  FINDING_BASES,
  type Finding,
  type FindingBasis,
  type FindingStatus,
  type ReportSummary,
  SEVERITY_ORDER,
  type Severity,
} from "./report.js";
import type { Requirement } from "./requirement.js";
import type { VulnerabilityMatch } from "./vulnerability-match.js";
import { isIsoDate, isWaiverActive, type Waiver } from "./waivers.js";

export { FAIL_ON_VALUES, type FailOn } from "./report.js";

export const FINDING_STATUSES: readonly FindingStatus[] = [
  "gap",
  "needs-review",
  "partial",
  "waived",
  "recognized",
  "met",
  "not-applicable",
];

export interface BuildReportInput {
  /** A `FrameworkCatalog` fits here; its requirements fill a finding's paraphrase, group and verified mark. */
  framework: { id: string; name: string; version: string; requirements?: readonly Requirement[] };
  /** The framework level assessed, for frameworks with levels. */
  level?: string;
  findings: readonly Finding[];
  /** The assessment date, YYYY-MM-DD. Waiver expiry is judged against it. */
  asOf: string;
  failOn: FailOn;
  product: AssessmentReport["product"];
  inputs: AssessmentReport["inputs"];
  tool: AssessmentReport["tool"];
  notes?: readonly string[];
  waivers?: readonly Waiver[];
  baseline?: Baseline & { file?: string };
  generatedAt?: string;
  /** Advisory matches to list in the report (sorted here); leave out when no advisory data was matched. */
  vulnerabilities?: readonly VulnerabilityMatch[];
  /** What each declared partner certificate did (from recognition); leave out when none is declared. */
  certificates?: readonly CertificateRecognition[];
}

/** 0 for critical … 4 for info. */
export function severityRank(severity: Severity): number {
  return SEVERITY_ORDER.indexOf(severity);
}

/** Whether a severity reaches the gate threshold. */
export function reachesThreshold(severity: Severity, failOn: FailOn): boolean {
  return failOn !== "never" && severityRank(severity) <= severityRank(failOn);
}

/**
 * A gap the evidence still shows: status `gap`, or a `partial` whose residual is missing evidence (`residualGap`).
 * Waivers, baselines and the gate treat both alike.
 */
export function isOpenGap(finding: Pick<Finding, "status" | "residualGap">): boolean {
  return finding.status === "gap" || (finding.status === "partial" && finding.residualGap === true);
}

/**
 * Whether a finding of a built report fails the gate. With a baseline, a gap fails only when it is new;
 * `isNew` missing under a baseline counts as new (fail closed).
 */
export function blocksGate(finding: Finding, gate: { failOn: FailOn; baseline?: unknown }): boolean {
  if (!isOpenGap(finding) || !reachesThreshold(finding.severity, gate.failOn)) return false;
  return gate.baseline === undefined || finding.isNew !== false;
}

/** Exit code of a gate run: 0 pass, 1 gate failed (anything other than an explicit pass fails closed). */
export function exitCodeFor(report: Pick<AssessmentReport, "verdict">): 0 | 1 {
  return report.verdict === "pass" ? 0 : 1;
}

/**
 * Natural order of requirement ids, so that `CRA-AI-P1-2` sorts before `CRA-AI-P1-10` and `CRA-AII-8a` before
 * `CRA-AII-8b`. Digit runs compare by value, everything else by code point (locale-independent, so the order is
 * the same on every machine).
 */
export function compareRequirementIds(a: string, b: string): number {
  const left = a.match(/\d+|\D+/g) ?? [];
  const right = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i]!;
    const y = right[i]!;
    if (x === y) continue;
    const xDigits = /^\d/.test(x);
    const yDigits = /^\d/.test(y);
    if (xDigits && yDigits) {
      const diff = Number(x) - Number(y);
      if (diff !== 0) return diff;
      // Same value written differently ("02" vs "2"): shorter first, for a total order.
      return x.length - y.length;
    }
    return compareCodePoints(x, y);
  }
  return left.length - right.length;
}

export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareRequirementIds(a.requirement, b.requirement) ||
    compareCodePoints(a.framework, b.framework) ||
    compareCodePoints(a.rules.join("\u0000"), b.rules.join("\u0000")) ||
    compareCodePoints((a.components ?? []).join("\u0000"), (b.components ?? []).join("\u0000")) ||
    FINDING_STATUSES.indexOf(a.status) - FINDING_STATUSES.indexOf(b.status) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    compareCodePoints(a.message, b.message)
  );
}

/** Assembles the report: sorted, enriched from the catalog, waivers and baseline applied, counted, judged. */
export function buildReport(input: BuildReportInput): AssessmentReport {
  const asOf = input.asOf.slice(0, 10);
  // A malformed date here is a fault of the caller (the CLI and HTTP edges validate --as-of), not bad input.
  if (!isIsoDate(asOf)) throw new TypeError(`buildReport: asOf must be YYYY-MM-DD, got ${JSON.stringify(input.asOf)}`);

  const catalog = new Map((input.framework.requirements ?? []).map((r) => [r.id, r]));
  const findings = input.findings.map((finding) => enrich(finding, catalog.get(finding.requirement)));
  findings.sort(compareFindings);

  const notes = [...(input.notes ?? [])];
  notes.push(...applyWaivers(findings, input.waivers ?? [], asOf));
  if (input.baseline) notes.push(...applyBaseline(findings, input.baseline, input.framework.id));

  const gate = { failOn: input.failOn, baseline: input.baseline };
  const summary = summarize(findings, gate);

  const report: AssessmentReport = {
    schemaVersion: "cra-assessor-report/1",
    framework: {
      id: input.framework.id,
      name: input.framework.name,
      version: input.framework.version,
      ...(input.level !== undefined ? { level: input.level } : {}),
    },
    verdict: (summary.blocking ?? 0) > 0 ? "fail" : "pass",
    failOn: input.failOn,
    asOf,
    tool: input.tool,
    product: { ...input.product, identifiers: [...input.product.identifiers].sort(compareCodePoints) },
    inputs: input.inputs,
    summary,
    findings,
    notes,
  };
  if (input.vulnerabilities !== undefined) report.vulnerabilities = sortVulnerabilities(input.vulnerabilities);
  if (input.certificates !== undefined && input.certificates.length > 0) {
    report.certificates = [...input.certificates]
      .sort((a, b) => a.index - b.index)
      .map((c) => ({ ...c, reasons: [...c.reasons] }));
  }
  if (input.generatedAt !== undefined) report.generatedAt = input.generatedAt;
  if (input.baseline) {
    report.baseline = { gaps: input.baseline.gaps.length };
    if (input.baseline.asOf !== undefined) report.baseline.asOf = input.baseline.asOf;
    if (input.baseline.file !== undefined) report.baseline.file = input.baseline.file;
  }
  return report;
}

/**
 * Sorted by component, advisory id, then the rest of the record. Aliases are sorted as text; fixed versions keep
 * the matcher's order, which is the ecosystem's version order (text order would put 1.10 before 1.9).
 */
export function sortVulnerabilities(matches: readonly VulnerabilityMatch[]): VulnerabilityMatch[] {
  return matches
    .map((m) => ({
      ...m,
      aliases: [...new Set(m.aliases)].sort(compareCodePoints),
      fixedVersions: [...m.fixedVersions],
    }))
    .sort(
      (a, b) =>
        compareCodePoints(a.component, b.component) ||
        compareCodePoints(a.advisoryId, b.advisoryId) ||
        compareCodePoints(a.vex?.source ?? "", b.vex?.source ?? "") ||
        compareCodePoints(JSON.stringify(a), JSON.stringify(b)),
    );
}

function enrich(finding: Finding, requirement: Requirement | undefined): Finding {
  const copy: Finding = { ...finding, rules: [...finding.rules].sort(compareCodePoints) };
  if (finding.components) copy.components = [...finding.components].sort(compareCodePoints);
  if (requirement) {
    if (copy.paraphrase === undefined) copy.paraphrase = requirement.paraphrase;
    if (copy.group === undefined && requirement.group !== undefined) copy.group = requirement.group;
    if (copy.verified === undefined && requirement.verified !== undefined) copy.verified = requirement.verified;
  }
  return copy;
}

function describeWaiver(waiver: Waiver): string {
  return waiver.component ? `${waiver.requirement} (component ${waiver.component})` : waiver.requirement;
}

/**
 * Turns gaps covered by an active waiver into `waived` (severity kept) and returns notes for waivers that lapsed,
 * cover only part of a finding, or match nothing. A component waiver covers a finding only when every component
 * the finding is about is waived; a finding whose component list was capped cannot be shown to be covered.
 */
function applyWaivers(findings: Finding[], waivers: readonly Waiver[], asOf: string): string[] {
  const notes: string[] = [];
  const used = new Set<Waiver>();
  const matches = (w: Waiver, f: Finding) =>
    w.requirement === f.requirement && (!w.component || (f.components ?? []).includes(w.component));

  for (const finding of findings) {
    if (!isOpenGap(finding)) continue;
    const relevant = waivers.filter((w) => matches(w, finding));
    const active = relevant.filter((w) => isWaiverActive(w, asOf));
    if (active.length === 0) continue;
    // Of several applicable waivers, the longest-lasting one governs; ties break on text for determinism.
    const latest = (list: Waiver[]) =>
      [...list].sort((a, b) => compareCodePoints(b.expires, a.expires) || compareCodePoints(a.approver, b.approver))[0];
    const whole = latest(active.filter((w) => !w.component));
    let governing: Waiver | undefined = whole;
    let coveredBy: Waiver[] = whole ? [whole] : [];

    if (!governing) {
      const components = finding.components ?? [];
      const complete = components.length > 0 && (finding.componentCount ?? components.length) === components.length;
      const covered = components
        .map((c) => latest(active.filter((w) => w.component === c)))
        .filter((w): w is Waiver => w !== undefined);
      if (complete && covered.length === components.length) {
        // The finding stays waived only while every component's waiver holds: the earliest expiry governs.
        governing = [...covered].sort((a, b) => compareCodePoints(a.expires, b.expires))[0];
        coveredBy = covered;
      } else {
        for (const w of covered) used.add(w);
        const total = finding.componentCount ?? components.length;
        notes.push(
          `Waivers for ${finding.requirement} cover ${covered.length} of the ${total} components this gap concerns; the gap stands for the rest.`,
        );
      }
    }

    if (governing) {
      for (const w of coveredBy) used.add(w);
      finding.status = "waived";
      finding.waiver = {
        justification: governing.justification,
        approver: governing.approver,
        expires: governing.expires,
      };
      if (governing.component) finding.waiver.component = governing.component;
      if (coveredBy.length > 1) {
        notes.push(
          `${finding.requirement} is waived by ${coveredBy.length} component waivers; the earliest expires on ${governing.expires}.`,
        );
      }
    }
  }

  for (const waiver of waivers) {
    if (used.has(waiver)) continue;
    const matched = findings.filter((f) => matches(waiver, f));
    if (!isWaiverActive(waiver, asOf)) {
      notes.push(
        matched.some((f) => isOpenGap(f))
          ? `The waiver for ${describeWaiver(waiver)} expired on ${waiver.expires} (assessment as of ${asOf}); the gap counts again.`
          : `The waiver for ${describeWaiver(waiver)} expired on ${waiver.expires} (assessment as of ${asOf}); remove it from the waivers file.`,
      );
    } else if (matched.length === 0) {
      notes.push(`The waiver for ${describeWaiver(waiver)} matches no finding of this assessment.`);
    } else if (!matched.some((f) => isOpenGap(f) || f.status === "waived")) {
      const statuses = [...new Set(matched.map((f) => f.status))].sort(compareCodePoints);
      notes.push(`The waiver for ${describeWaiver(waiver)} is not needed: the requirement is ${statuses.join(", ")}.`);
    }
  }
  return notes;
}

/**
 * Marks gaps (and waived gaps) `isNew` against the baseline. A gap is known when the baseline has a gap for the
 * same requirement, at least as severe, whose components include all the current ones (a gap that spreads to a
 * new component, or grows more severe, is worse than the last release, so it is new).
 */
function applyBaseline(findings: Finding[], baseline: Baseline, frameworkId: string): string[] {
  const known = new Map<string, { rank: number; components: Set<string>; count: number; complete: boolean }>();
  for (const gap of baseline.gaps) {
    const key = `${gap.framework ?? frameworkId}\u0000${gap.requirement}`;
    const entry = known.get(key) ?? { rank: SEVERITY_ORDER.length, components: new Set(), count: 0, complete: true };
    entry.rank = Math.min(entry.rank, severityRank(gap.severity));
    for (const c of gap.components) entry.components.add(c);
    entry.count += gap.componentCount;
    if (gap.componentCount !== gap.components.length) entry.complete = false;
    known.set(key, entry);
  }
  for (const entry of known.values()) if (entry.complete) entry.count = entry.components.size;

  let fresh = 0;
  for (const finding of findings) {
    if (!isOpenGap(finding) && finding.status !== "waived") continue;
    const entry = known.get(`${finding.framework}\u0000${finding.requirement}`);
    const components = finding.components ?? [];
    const count = finding.componentCount ?? components.length;
    finding.isNew =
      entry === undefined ||
      severityRank(finding.severity) < entry.rank ||
      count > entry.count ||
      components.some((c) => !entry.components.has(c));
    if (finding.isNew && isOpenGap(finding)) fresh++;
  }
  const notes = [
    `Compared with the baseline${baseline.asOf ? ` of ${baseline.asOf}` : ""} (${baseline.gaps.length} gaps): ${fresh} gap${fresh === 1 ? " is" : "s are"} new; only new gaps fail the gate.`,
  ];
  if (baseline.framework !== undefined && baseline.framework !== frameworkId) {
    notes.push(`The baseline assessed framework ${baseline.framework}, not ${frameworkId}: its gaps may not match.`);
  }
  return notes;
}

function summarize(findings: readonly Finding[], gate: { failOn: FailOn; baseline?: unknown }): ReportSummary {
  const byStatus = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<FindingStatus, number>;
  const gapsBySeverity = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<Severity, number>;
  const byBasis = Object.fromEntries(FINDING_BASES.map((b) => [b, 0])) as Record<FindingBasis, number>;
  let blocking = 0;
  let newGaps = 0;
  for (const finding of findings) {
    byStatus[finding.status]++;
    byBasis[finding.basis]++;
    if (isOpenGap(finding)) {
      gapsBySeverity[finding.severity]++;
      if (finding.isNew) newGaps++;
    }
    if (blocksGate(finding, gate)) blocking++;
  }
  const summary: ReportSummary = { total: findings.length, byStatus, byBasis, gapsBySeverity, blocking };
  if (gate.baseline !== undefined) summary.newGaps = newGaps;
  return summary;
}
