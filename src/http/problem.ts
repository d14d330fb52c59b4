/**
 * RFC 9457 problem details, mapped from service failures and HTTP exceptions in ONE place.
 * Every problem carries a stable `code`; clients branch on it, never on `title` or `detail`.
 */
import { z } from "@hono/zod-openapi";
import type { Context, TypedResponse } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSONParsed } from "hono/utils/types";
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

/** The HTTP status a problem code is answered with. */
export type ProblemStatus<C extends ProblemCode = ProblemCode> = (typeof PROBLEM_CODES)[C]["status"];

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

/**
 * A problem reply as the route types see it: a `Response` carrying hono's compile-time marker of its status and
 * JSON body, the same type `c.json(problem, status)` would have. One member per status, so that a route's handler
 * type (env.ts) accepts it only when the route declares that status.
 */
export type ProblemReply<S extends ProblemStatus = ProblemStatus> = S extends ProblemStatus
  ? Response & TypedResponse<JSONParsed<Problem>, S, "json">
  : never;

/** Which problem each kind of service failure is answered with (failureProblem below). */
type FailureStatus = { "not-found": 404; forbidden: 403; "invalid-input": 422; conflict: 409 };

/** The problem replies a service failure of kinds `F` can be answered with. */
export type FailureReply<F extends ServiceFailure> = ProblemReply<FailureStatus[F["kind"]]>;

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

export function problem<C extends ProblemCode>(
  c: Context,
  code: C,
  options: { detail?: string; issues?: InputIssue[]; omitted?: number; headers?: Record<string, string> } = {},
): ProblemReply<ProblemStatus<C>> {
  // Built as every problem is (problemResponse), not with `c.json`, which would also send the headers a handler
  // had set with `c.header` for a success. hono's `TypedResponse` is a compile-time marker only (`c.json` returns a
  // plain `Response` typed the same way), so naming the status and body this response was just built with is exact.
  return problemResponse(code, { ...options, instance: new URL(c.req.url).pathname }) as ProblemReply<ProblemStatus<C>>;
}

/**
 * The one mapping from service failures to problems. Out-of-scope records are plain 404s (no existence leak).
 * A service that can fail only in some ways says so in its result type, and the reply type follows: a route
 * declares exactly the statuses its service can end in.
 */
export function failureProblem<F extends ServiceFailure>(c: Context, failure: F): FailureReply<F>;
export function failureProblem(c: Context, failure: ServiceFailure): FailureReply<ServiceFailure> {
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

/** How a problem status is declared in a route's responses. */
export type ProblemResponse = {
  description: string;
  content: { [PROBLEM_MEDIA_TYPE]: { schema: typeof ProblemSchema } };
};

/**
 * Problem responses for a route's declaration, keyed by their literal statuses: the handler's reply type is read
 * from these keys, so a route may answer a problem only with a status listed here.
 */
export function problemResponses<const S extends ProblemStatus>(...statuses: S[]): Record<S, ProblemResponse> {
  const out: Partial<Record<S, ProblemResponse>> = {};
  for (const status of statuses) {
    const codes = Object.entries(PROBLEM_CODES)
      .filter(([, v]) => v.status === status)
      .map(([k]) => k);
    out[status] = {
      description: `Problem (${codes.join(", ")})`,
      content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } },
    };
  }
  // Every status of S was filled in above.
  return out as Record<S, ProblemResponse>;
}

/** Unwraps a service result, or answers the mapped problem. */
export function orProblem<T, F extends ServiceFailure, R>(
  c: Context,
  result: ServiceResult<T, F>,
  ok: (value: T) => R,
): R | FailureReply<F> {
  return result.ok ? ok(result.value) : failureProblem(c, result.failure);
}
