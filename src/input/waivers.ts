/**
 * The `cra-waivers/1` file (YAML or JSON), read and validated with zod through the project's located reader:
 * every refusal has a JSON pointer, a line and a column. What a waiver means is in src/domain/waivers.ts.
 */
import { z } from "zod";
import type { InputIssue, Parsed } from "../domain/input-issue.js";
import { isIsoDate, type Waiver } from "../domain/waivers.js";
import { jsonPointer } from "../json/pointer.js";
import { validateStructured } from "./structured-input.js";
import { readStructuredText } from "./structured-text.js";

export const WAIVERS_FORMAT = "cra-waivers/1";

/** Waiver files are small by nature; a larger one is a mistake or an attack. */
export const MAX_WAIVERS_FILE_CHARS = 1_000_000;

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
