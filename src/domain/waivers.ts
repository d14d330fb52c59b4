/**
 * Waivers: a person accepts a known gap for a while, on the record. Users of CI gates ask for exactly this
 * (landscape.md): findings the SBOM generator cannot fix, with justification, approver and expiry. A waiver never
 * hides a finding; `buildReport` turns the matching gap into `waived` and every report still shows it.
 *
 * File format `cra-waivers/1`, YAML or JSON:
 *
 * ```yaml
 * format: cra-waivers/1
 * waivers:
 *   - requirement: CRA-AI-P2-1
 *     component: "pkg:npm/left-pad@1.3.0"   # optional bom-ref: waive the gap only for this component
 *     justification: Vendored binary; the supplier publishes no SBOM. Tracked in JIRA-123.
 *     approver: Jane Doe (Head of Product Security)
 *     expires: 2027-06-30                    # last day the waiver applies
 * ```
 */
import { z } from "zod";
// The project's one reader for YAML/JSON input files: located issues, size, alias and nesting limits.
import { readStructuredText, validateStructured } from "../input/structured-input.js";
import { jsonPointer } from "../json/pointer.js";
import type { InputIssue, Parsed } from "./input-issue.js";

export const WAIVERS_FORMAT = "cra-waivers/1";

export interface Waiver {
  requirement: string;
  /** A component bom-ref: the waiver then covers the gap only as far as it concerns this component. */
  component?: string;
  justification: string;
  approver: string;
  /** ISO date (YYYY-MM-DD): the last day on which the waiver applies. */
  expires: string;
}

/** Waiver files are small by nature; a larger one is a mistake or an attack. */
export const MAX_WAIVERS_FILE_CHARS = 1_000_000;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written as YYYY-MM-DD (2027-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * A waiver applies up to and including its expiry day. `asOf` is the assessment date (YYYY-MM-DD, or an ISO
 * date-time whose date part is used); ISO dates compare correctly as strings.
 */
export function isWaiverActive(waiver: Pick<Waiver, "expires">, asOf: string): boolean {
  return asOf.slice(0, 10) <= waiver.expires;
}

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "This field must not be empty.")
    .max(max, `This field must be at most ${max} characters long.`);

const waiverSchema = z.strictObject({
  requirement: text(100),
  component: text(2000).optional(),
  justification: text(4000),
  approver: text(200),
  expires: z.string().refine(isIsoDate, {
    message: "The expiry must be a calendar date written YYYY-MM-DD, e.g. 2027-06-30.",
    params: { constraint: "format" },
  }),
});

const waiversFileSchema = z.strictObject({
  format: z.literal(WAIVERS_FORMAT, { message: `The format must be "${WAIVERS_FORMAT}".` }),
  waivers: z.array(waiverSchema),
});

export interface ParseWaiversOptions {
  /** Requirement ids of the catalog: a waiver naming any other id is a located error. */
  requirementIds?: Iterable<string>;
  /** Name of the input in issues (`waivers` by default, or the file name). */
  source?: string;
}

/** Reads a `cra-waivers/1` file (YAML or JSON). Bad input comes back as located issues, never as an exception. */
export function parseWaivers(input: string, options: ParseWaiversOptions = {}): Parsed<Waiver[]> {
  const source = options.source ?? "waivers";
  const read = readStructuredText(input, { source, maxChars: MAX_WAIVERS_FILE_CHARS });
  if (!read.ok) return read;
  const { locate } = read.value;
  const validated = validateStructured(waiversFileSchema, read.value.value, { source, locate });
  if (!validated.ok) return validated;

  const waivers = validated.value.waivers.map((w) => {
    const waiver: Waiver = {
      requirement: w.requirement,
      justification: w.justification,
      approver: w.approver,
      expires: w.expires,
    };
    if (w.component !== undefined) waiver.component = w.component;
    return waiver;
  });

  const issues: InputIssue[] = [];
  const issueAt = (path: readonly PropertyKey[], constraint: string, message: string) =>
    issues.push({ path: jsonPointer(path), ...locate(path), constraint, message, source });
  const known = options.requirementIds ? new Set(options.requirementIds) : undefined;
  const seen = new Map<string, number>();
  waivers.forEach((waiver, index) => {
    if (known && !known.has(waiver.requirement)) {
      issueAt(
        ["waivers", index, "requirement"],
        "unknown-requirement",
        `"${waiver.requirement}" is not a requirement id of the catalog.`,
      );
    }
    // Two waivers for the same scope would leave it unclear which justification and expiry hold.
    const scope = `${waiver.requirement}\u0000${waiver.component ?? ""}`;
    const first = seen.get(scope);
    if (first === undefined) seen.set(scope, index);
    else {
      issueAt(
        ["waivers", index],
        "duplicate",
        `This waiver covers the same requirement${waiver.component ? " and component" : ""} as /waivers/${first}; keep one.`,
      );
    }
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: waivers };
}
