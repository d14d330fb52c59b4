/**
 * RFC 9457 problem details, mapped from service failures and HTTP exceptions in ONE place.
 * Every problem carries a stable `code`; clients branch on it, never on `title` or `detail`.
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { InputIssue } from "../domain/input-issue.js";
import type { ServiceFailure, ServiceResult } from "../services/context.js";

export const PROBLEM_CODES = {
  unauthenticated: { status: 401, title: "Authentication required" },
  "invalid-api-key": { status: 401, title: "The API key is not valid" },
  "forbidden-role": { status: 403, title: "The key's role may not do this" },
  "not-found": { status: 404, title: "Not found" },
  "route-not-found": { status: 404, title: "No such route" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  "not-acceptable": { status: 406, title: "No acceptable representation" },
  conflict: { status: 409, title: "Conflict" },
  "precondition-failed": { status: 412, title: "Precondition failed" },
  "request-timeout": { status: 408, title: "The request did not arrive in time" },
  "payload-too-large": { status: 413, title: "The request body is too large" },
  "headers-too-large": { status: 431, title: "The request headers are too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "malformed-body": { status: 400, title: "The request body cannot be read" },
  "malformed-request": { status: 400, title: "The HTTP request cannot be parsed" },
  "invalid-request": { status: 400, title: "The request is not valid" },
  "invalid-input": { status: 422, title: "The submitted document is not valid" },
  "service-unavailable": { status: 503, title: "The service is shutting down" },
  "internal-error": { status: 500, title: "Internal error" },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export const PROBLEM_MEDIA_TYPE = "application/problem+json";

export const InputIssueSchema = z
  .object({
    path: z.string().optional(),
    line: z.number().int().optional(),
    column: z.number().int().optional(),
    constraint: z.string(),
    message: z.string(),
    source: z.string().optional(),
  })
  .openapi("InputIssue");

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "urn:cra-assessor:problem:not-found" }),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ example: "not-found" }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    issues: z.array(InputIssueSchema).optional(),
    omitted: z.number().int().optional(),
  })
  .openapi("Problem");

export type Problem = z.infer<typeof ProblemSchema>;

export function problemBody(
  code: ProblemCode,
  options: { detail?: string; instance?: string; issues?: InputIssue[]; omitted?: number } = {},
): Problem {
  const { status, title } = PROBLEM_CODES[code];
  return {
    type: `urn:cra-assessor:problem:${code}`,
    title,
    status,
    code,
    ...(options.detail ? { detail: options.detail } : {}),
    ...(options.instance ? { instance: options.instance } : {}),
    ...(options.issues ? { issues: options.issues } : {}),
    ...(options.omitted ? { omitted: options.omitted } : {}),
  };
}

export function problemResponse(
  code: ProblemCode,
  options: {
    detail?: string;
    instance?: string;
    issues?: InputIssue[];
    omitted?: number;
    headers?: Record<string, string>;
  } = {},
): Response {
  const body = problemBody(code, options);
  const headers = new Headers(options.headers);
  headers.set("content-type", PROBLEM_MEDIA_TYPE);
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

export function problem(
  c: Context,
  code: ProblemCode,
  options: { detail?: string; issues?: InputIssue[]; omitted?: number; headers?: Record<string, string> } = {},
): Response {
  return problemResponse(code, { ...options, instance: new URL(c.req.url).pathname });
}

/** The one mapping from service failures to problems. Out-of-scope records are plain 404s (no existence leak). */
export function failureProblem(c: Context, failure: ServiceFailure): Response {
  switch (failure.kind) {
    case "not-found":
      return problem(c, "not-found", { detail: `No ${failure.resource} ${failure.id} is visible to this key.` });
    case "forbidden":
      return problem(c, "forbidden-role", { detail: `The ${failure.role} role may not ${failure.action}.` });
    case "invalid-input":
      return problem(c, "invalid-input", {
        detail: `${failure.issues.length + failure.omitted} problem(s) in the input.`,
        issues: failure.issues,
        omitted: failure.omitted,
      });
    case "conflict":
      return problem(c, "conflict", { detail: failure.message });
  }
}

/** Standard problem responses for the OpenAPI document. */
export function problemResponses(...statuses: number[]) {
  const out: Record<number, { description: string; content: Record<string, { schema: typeof ProblemSchema }> }> = {};
  for (const status of statuses) {
    const codes = Object.entries(PROBLEM_CODES)
      .filter(([, v]) => v.status === status)
      .map(([k]) => k);
    out[status] = {
      description: `Problem (${codes.join(", ")})`,
      content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } },
    };
  }
  return out;
}

/** Unwraps a service result, or answers the mapped problem. */
export function orProblem<T>(c: Context, result: ServiceResult<T>, ok: (value: T) => Response): Response {
  return result.ok ? ok(result.value) : failureProblem(c, result.failure);
}
