/**
 * What `POST /v1/assess` accepts besides the files: the options, and the JSON form of the whole request
 * (`{ "sbom": {…}, "declaration": {…}, "asOf": … }`). Reading the JSON form is CPU work proportional to the SBOM
 * (decode, parse, validate, serialize the SBOM back to the bytes the assessment reads), so the service runs it in
 * its workers, never on the event loop; it is a pure function of the bytes.
 */
import { z } from "zod";
import { type InputIssue, MAX_REPORTED_ISSUES } from "../domain/input-issue.js";
import { FAIL_ON_VALUES, type FailOn } from "../domain/verdict.js";
import { repeatedMemberIssues } from "../json/duplicate-members.js";
import { decodeJsonText } from "../json/unicode-text.js";
import { asOfDate } from "./as-of.js";
import { readWith } from "./input.js";
import type { AssessTask } from "./job-executor.js";

/** The gate's threshold: the values of the CLI's --fail-on, from the one list in the domain. */
export const failOnSchema = z.enum(FAIL_ON_VALUES as [FailOn, ...FailOn[]]);

export const assessOptionsSchema = z.strictObject({
  asOf: asOfDate.optional(),
  failOn: failOnSchema.optional(),
  frameworks: z.array(z.string().min(1).max(100)).max(20).optional(),
  level: z.string().min(1).max(400).optional(),
});

const jsonRequestSchema = assessOptionsSchema.extend({
  sbom: z
    .record(z.string(), z.unknown(), {
      error: "Expected the SBOM as a JSON object (CycloneDX JSON, SPDX 2 JSON or SPDX 3 JSON-LD).",
    })
    .optional(),
  declaration: z.record(z.string(), z.unknown(), { error: "Expected the declaration as an object." }).optional(),
});

/** Why a request body cannot be assessed before any assessment starts: unreadable, or not a valid request. */
export interface AssessRequestRefused {
  ok: false;
  code: "malformed-body" | "invalid-request";
  detail: string;
  issues: InputIssue[];
}

export type AssessRequestRead = { ok: true; task: AssessTask } | AssessRequestRefused;

const malformed = (detail: string): AssessRequestRefused => ({ ok: false, code: "malformed-body", detail, issues: [] });

/**
 * The JSON request body as an assessment task, or why not. `today` is the as-of date when the body names none.
 *
 * @example
 * readAssessJsonRequest(new TextEncoder().encode('{"sbom":{…}}'), "2028-01-15")
 */
export function readAssessJsonRequest(bytes: Uint8Array, today: string): AssessRequestRead {
  const decoded = decodeJsonText(bytes);
  if (!decoded.ok) return malformed(decoded.detail);
  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch (error) {
    return malformed(`The JSON body cannot be parsed: ${error instanceof Error ? error.message : String(error)}`);
  }
  // A member name repeated anywhere in the body (the SBOM's components twice, asOf twice) leaves it without one
  // meaning, and JSON.parse has already dropped all but the last: refused like a body that does not parse (400),
  // with each repeat located, rather than re-serialized into an SBOM that looks well-formed. Counted first (one
  // pass over the text), located only when a member is missing (json/duplicate-members.ts).
  const repeated = repeatedMemberIssues(decoded.text, value, MAX_REPORTED_ISSUES);
  if (repeated.length > 0) {
    return {
      ok: false,
      code: "malformed-body",
      detail: "The JSON body repeats a member name; JSON readers disagree about which value counts.",
      issues: repeated,
    };
  }
  const read = readWith(jsonRequestSchema, value);
  if (!read.ok) {
    return {
      ok: false,
      code: "invalid-request",
      detail: `${read.issues.length} problem(s) in the request.`,
      issues: read.issues,
    };
  }
  const body = read.value;
  // The assessment reads SBOM bytes (its validator guards depth and size); a value nested deeper than the
  // serializer's stack is refused here as unreadable rather than failing inside the assessment.
  let sbomBytes: Uint8Array | undefined;
  try {
    sbomBytes = body.sbom ? new TextEncoder().encode(JSON.stringify(body.sbom)) : undefined;
  } catch {
    return malformed("The sbom member is nested too deeply.");
  }
  return {
    ok: true,
    task: {
      ...(sbomBytes ? { sbom: { bytes: sbomBytes } } : {}),
      ...(body.declaration ? { declaration: { value: body.declaration } } : {}),
      asOf: body.asOf ?? today,
      ...(body.failOn ? { failOn: body.failOn } : {}),
      ...(body.frameworks ? { frameworks: body.frameworks } : {}),
      ...(body.level ? { level: body.level } : {}),
    },
  };
}
