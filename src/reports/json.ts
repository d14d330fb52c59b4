/**
 * The JSON report: the report model itself, schema `docs/report.schema.json` (`cra-assessor-report/1`).
 * Keys come out in a fixed reading order (verdict first, findings in the order the model declares their fields);
 * keys the order does not name, and every key inside evidence values, follow in code-point order. The same report
 * therefore always serializes to the same bytes, which the golden files and baselines rely on.
 */
import type { AssessmentReport } from "../domain/report.js";
import { FINDING_BASES, SEVERITY_ORDER } from "../domain/report.js";
import { FINDING_STATUSES } from "../domain/verdict.js";
import { sortKeys } from "./wording.js";

interface KeyOrder {
  keys: readonly string[];
  /** Orders for the values of some keys (objects, or the items of arrays). */
  nested?: Record<string, KeyOrder>;
}

const CITATION: KeyOrder = { keys: ["text", "article", "paragraph", "annex", "point", "url"] };

const FINDING: KeyOrder = {
  keys: [
    "requirement",
    "framework",
    "title",
    "status",
    "basis",
    "severity",
    "isNew",
    "sourceKind",
    "verified",
    "group",
    "citation",
    "paraphrase",
    "message",
    "outcomes",
    "evidence",
    "components",
    "componentCount",
    "remediation",
    "waiver",
    "recognition",
    "rules",
  ],
  nested: {
    citation: CITATION,
    outcomes: { keys: ["status", "rules", "message"] },
    evidence: { keys: ["fact", "value", "location", "line", "column"] },
    waiver: { keys: ["justification", "approver", "expires", "component"] },
    recognition: {
      keys: ["certificate", "via", "coverage", "residual"],
      nested: {
        certificate: { keys: ["scheme", "level", "certificateId", "validUntil", "assurance"] },
        via: {
          keys: ["kind", "id", "relationship", "sourceRequirement", "route", "confidence", "reviewed"],
        },
      },
    },
  },
};

const REPORT: KeyOrder = {
  keys: [
    "schemaVersion",
    "verdict",
    "failOn",
    "asOf",
    "generatedAt",
    "framework",
    "product",
    "tool",
    "inputs",
    "baseline",
    "summary",
    "findings",
    "vulnerabilities",
    "notes",
  ],
  nested: {
    framework: { keys: ["id", "name", "version"] },
    product: { keys: ["name", "version", "category", "manufacturer", "identifiers"] },
    tool: { keys: ["name", "version", "ruleSetVersion"] },
    inputs: {
      keys: ["sbom", "declaration"],
      nested: {
        sbom: { keys: ["file", "standard", "format", "specVersion", "components", "sha256"] },
        declaration: { keys: ["file", "sha256"] },
      },
    },
    baseline: { keys: ["file", "asOf", "gaps"] },
    summary: {
      keys: ["total", "blocking", "newGaps", "byStatus", "byBasis", "gapsBySeverity"],
      nested: {
        byStatus: { keys: FINDING_STATUSES },
        byBasis: { keys: FINDING_BASES },
        gapsBySeverity: { keys: SEVERITY_ORDER },
      },
    },
    findings: FINDING,
    vulnerabilities: {
      keys: [
        "component",
        "componentName",
        "componentVersion",
        "purl",
        "advisoryId",
        "aliases",
        "severity",
        "knownExploited",
        "exploitable",
        "vex",
        "fixedVersions",
        "fixAvailableSince",
        "knownSince",
      ],
      nested: { vex: { keys: ["state", "justification", "source"] } },
    },
  },
};

function ordered(value: unknown, order: KeyOrder | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => ordered(item, order));
  if (value === null || typeof value !== "object") return value;
  if (!order) return sortKeys(value);
  const record = value as Record<string, unknown>;
  const known = order.keys.filter((key) => key in record);
  const rest = Object.keys(record)
    .filter((key) => !order.keys.includes(key))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const key of [...known, ...rest]) out[key] = ordered(record[key], order.nested?.[key]);
  return out;
}

/** The report as JSON text (two-space indent, trailing newline). */
export function renderJson(report: AssessmentReport): string {
  return `${JSON.stringify(ordered(report, REPORT), null, 2)}\n`;
}
