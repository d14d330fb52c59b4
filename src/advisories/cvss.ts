/**
 * CVSS base scores from a vector string (v3.0, v3.1 and v4.0), computed by `ae-cvss-calculator` (FIRST's
 * formulas, and for v4.0 its macro-vector tables), used when an advisory gives a vector but no qualitative
 * severity. A vector whose base metrics are not all given, or of another version, has no score.
 */
import calculator from "ae-cvss-calculator";
import type { AdvisorySeverity } from "./model.js";

// The package is CommonJS: its classes come from the default export.
const { Cvss3P0, Cvss3P1, Cvss4P0 } = calculator;

export function cvssBaseScore(vector: string): number | undefined {
  const text = vector.trim();
  const version = /^CVSS:(3\.0|3\.1|4\.0)\//.exec(text)?.[1];
  if (version === undefined) return undefined;
  const parsed = version === "3.0" ? new Cvss3P0(text) : version === "3.1" ? new Cvss3P1(text) : new Cvss4P0(text);
  // Unknown or malformed metrics are skipped by the parser: only a fully given base is scored.
  if (!parsed.isBaseFullyDefined()) return undefined;
  const score = parsed.calculateScores().base;
  return typeof score === "number" && Number.isFinite(score) ? score : undefined;
}

/** CVSS qualitative rating scale (v3.1 §5); a score of 0 (None) maps to `low`, the lowest we report. */
export function severityFromScore(score: number): AdvisorySeverity {
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  return "low";
}

/** Qualitative words used by GHSA (`MODERATE`), NVD and CycloneDX ratings. */
export function severityFromWord(word: unknown): AdvisorySeverity | undefined {
  if (typeof word !== "string") return undefined;
  switch (word.trim().toLowerCase()) {
    case "critical":
      return "critical";
    case "high":
    case "important":
      return "high";
    case "medium":
    case "moderate":
      return "medium";
    case "low":
    case "none":
    case "info":
      return "low";
    default:
      return undefined;
  }
}
