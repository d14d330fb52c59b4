/**
 * CVSS v3.0/v3.1 base score from a vector string (FIRST CVSS v3.1 specification, §7.1 formulas, Appendix A
 * Roundup), used when an OSV record gives a vector but no qualitative severity. v4.0 vectors need FIRST's
 * macro-vector lookup tables and are not scored here: such records fall back to other severity fields.
 */
import type { AdvisorySeverity } from "./model.js";

const WEIGHTS: Record<string, Record<string, number>> = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
};

/** v3.1 Roundup: the smallest one-decimal number not below the input, computed in integers to avoid float drift. */
function roundUp(value: number): number {
  const scaled = Math.round(value * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}

export function cvss3BaseScore(vector: string): number | undefined {
  const parts = vector.trim().split("/");
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? "")) return undefined;
  const metrics = new Map<string, string>();
  for (const part of parts.slice(1)) {
    const [key, value] = part.split(":");
    if (key && value) metrics.set(key, value);
  }
  const scope = metrics.get("S");
  const weight = (key: string) => WEIGHTS[key]?.[metrics.get(key) ?? ""];
  const pr = metrics.get("PR");
  const prWeight =
    pr === "N"
      ? 0.85
      : pr === "L"
        ? scope === "C"
          ? 0.68
          : 0.62
        : pr === "H"
          ? scope === "C"
            ? 0.5
            : 0.27
          : undefined;
  const [av, ac, ui, c, i, a] = ["AV", "AC", "UI", "C", "I", "A"].map(weight);
  if (
    (scope !== "U" && scope !== "C") ||
    prWeight === undefined ||
    av === undefined ||
    ac === undefined ||
    ui === undefined ||
    c === undefined ||
    i === undefined ||
    a === undefined
  ) {
    return undefined;
  }
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = scope === "U" ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av * ac * prWeight * ui;
  return scope === "U"
    ? roundUp(Math.min(impact + exploitability, 10))
    : roundUp(Math.min(1.08 * (impact + exploitability), 10));
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
