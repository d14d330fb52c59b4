/**
 * `POST /v1/assess`: stateless assessment for CI pipelines. Multipart (`sbom` and `declaration` parts) or JSON
 * (`{ "sbom": {…}, "declaration": {…} }`) in; the report out in the negotiated format with the verdict in the
 * `cra-verdict` header. Like the CLI, a failed gate is still a successful request: 200 with `cra-verdict: fail`.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { InputIssue } from "../../../domain/input-issue.js";
import { FAIL_ON_VALUES } from "../../../domain/verdict.js";
import { closest } from "../../../input/structured-input.js";
import { assessOptionsSchema } from "../../../services/assess-request.js";
import { assessStateless, readAssessJsonBody } from "../../../services/assess-stateless.js";
import { readWith } from "../../../services/input.js";
import type { AssessTask } from "../../../services/job-executor.js";
import { type ApiApp, defineRoute, serviceContext } from "../../env.js";
import { mediaEssence, REPORT_FORMATS } from "../../negotiate.js";
import { orProblem, type ProblemReply, type ProblemStatus, problem, problemResponses } from "../../problem.js";
import { REPORT_CONTENT, reportResponse } from "../../report-response.js";
import { security } from "../products/index.js";

const LEVEL_DESCRIPTION =
  "Level of the levelled frameworks (sg-cls L1-L4, kr-iot-cic lite/basic/standard, jp-jc-star star-1): one name for all, or id=level pairs such as sg-cls=L2,kr-iot-cic=basic. An unknown level is refused with the valid ones.";

const MULTIPART_SCHEMA = {
  type: "object" as const,
  description: "Give a declaration, an SBOM, or both; without a declaration only what the SBOM shows is assessed.",
  properties: {
    sbom: {
      type: "string" as const,
      format: "binary",
      description: "The SBOM: CycloneDX JSON or XML, SPDX JSON, YAML, tag-value or JSON-LD",
    },
    declaration: { type: "string" as const, format: "binary", description: "cra-declaration/1, YAML or JSON" },
    asOf: { type: "string" as const, format: "date" },
    failOn: { type: "string" as const, enum: [...FAIL_ON_VALUES] },
    frameworks: { type: "string" as const, description: "Comma-separated framework ids" },
    level: { type: "string" as const, description: LEVEL_DESCRIPTION },
  },
};

const JSON_SCHEMA = {
  type: "object" as const,
  description: "Give a declaration, an SBOM, or both; without a declaration only what the SBOM shows is assessed.",
  properties: {
    sbom: {
      type: "object" as const,
      description: "The SBOM as a JSON object: CycloneDX JSON, SPDX 2 JSON or SPDX 3 JSON-LD",
    },
    declaration: { type: "object" as const, description: "A cra-declaration/1 document" },
    asOf: { type: "string" as const, format: "date" },
    failOn: { type: "string" as const, enum: [...FAIL_ON_VALUES] },
    frameworks: { type: "array" as const, items: { type: "string" as const } },
    level: { type: "string" as const, description: LEVEL_DESCRIPTION },
  },
};

type Read =
  | { ok: true; task: AssessTask }
  | { ok: false; response: ProblemReply<ProblemStatus<"invalid-request" | "malformed-body">> };

function invalid(c: Context, issues: InputIssue[]): Read {
  return {
    ok: false,
    response: problem(c, "invalid-request", { issues, detail: `${issues.length} problem(s) in the request.` }),
  };
}

async function readMultipart(c: Context, today: string): Promise<Read> {
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch {
    return { ok: false, response: problem(c, "malformed-body", { detail: "The multipart body cannot be parsed." }) };
  }
  const parts = Object.keys(MULTIPART_SCHEMA.properties);
  const unknown = [...new Set(form.keys())].filter((name) => !parts.includes(name));
  if (unknown.length > 0) {
    return invalid(
      c,
      unknown.map((name) => {
        const suggestion = closest(name, parts);
        return {
          path: `/${name}`,
          constraint: "unknown-key",
          message: `Unknown part "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ` Known parts: ${parts.join(", ")}.`}`,
          source: "multipart",
        };
      }),
    );
  }
  const sbomPart = form.get("sbom");
  const declarationPart = form.get("declaration");
  if (declarationPart === null && sbomPart === null) {
    return invalid(c, [
      {
        path: "/declaration",
        constraint: "required",
        message: "Add a `declaration` part, an `sbom` part, or both.",
        source: "declaration",
      },
    ]);
  }
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const frameworks = field("frameworks");
  const read = readWith(assessOptionsSchema, {
    asOf: field("asOf"),
    failOn: field("failOn"),
    level: field("level"),
    frameworks: frameworks
      ?.split(",")
      .map((f) => f.trim())
      .filter(Boolean),
  });
  if (!read.ok) return invalid(c, read.issues);
  const bytesOf = async (part: NonNullable<ReturnType<FormData["get"]>>) =>
    typeof part === "string" ? new TextEncoder().encode(part) : new Uint8Array(await part.arrayBuffer());
  let declarationText: string | undefined;
  try {
    if (declarationPart !== null) {
      declarationText = new TextDecoder("utf-8", { fatal: true }).decode(await bytesOf(declarationPart));
    }
  } catch {
    return invalid(c, [
      { path: "/declaration", constraint: "encoding", message: "The declaration is not valid UTF-8." },
    ]);
  }
  return {
    ok: true,
    task: {
      ...(sbomPart !== null
        ? {
            sbom: {
              bytes: await bytesOf(sbomPart),
              ...(typeof sbomPart !== "string" && sbomPart.name ? { fileName: sbomPart.name } : {}),
            },
          }
        : {}),
      ...(declarationText !== undefined && declarationPart !== null
        ? {
            declaration: {
              text: declarationText,
              ...(typeof declarationPart !== "string" && declarationPart.name
                ? { fileName: declarationPart.name }
                : {}),
            },
          }
        : {}),
      asOf: read.value.asOf ?? today,
      ...(read.value.failOn ? { failOn: read.value.failOn } : {}),
      ...(read.value.frameworks ? { frameworks: read.value.frameworks } : {}),
      ...(read.value.level ? { level: read.value.level } : {}),
    },
  };
}

/**
 * The JSON form is read in the service's workers (decoded, checked as Unicode text, parsed, validated, the SBOM
 * serialized back to bytes): a large SBOM inside the body must not stall the event loop for the other requests.
 */
async function readJson(c: Context, today: string): Promise<Read> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const read = await readAssessJsonBody({ ctx: serviceContext(c), input: { bytes, today } });
  if (read.ok) return read;
  return {
    ok: false,
    response: problem(c, read.code, {
      detail: read.detail,
      ...(read.issues.length > 0 ? { issues: read.issues } : {}),
    }),
  };
}

export function register(app: ApiApp): void {
  defineRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/assess",
      tags: ["assess"],
      summary: "Assess an SBOM and a declaration without storing anything (for CI)",
      description:
        "Give a declaration, an SBOM, or both. Without a declaration only what the SBOM shows is assessed (the SBOM, its profiles, known vulnerabilities); every requirement judged from the declaration is needs-review (no declaration given). " +
        `Report format by \`?format=\` (${REPORT_FORMATS.join(", ")}) or \`Accept\`. The verdict is in the ` +
        "`cra-verdict` header (`pass` or `fail`), decided as the CLI's exit code is.",
      security,
      request: {
        query: z.object({
          format: z.enum(REPORT_FORMATS).optional(),
          framework: z.string().max(100).optional(),
        }),
        body: {
          required: true,
          content: { "multipart/form-data": { schema: MULTIPART_SCHEMA }, "application/json": { schema: JSON_SCHEMA } },
        },
      },
      responses: {
        200: {
          description: "The report; `cra-verdict` header says pass or fail",
          content: REPORT_CONTENT,
        },
        ...problemResponses(400, 401, 403, 404, 406, 413, 415, 422),
      },
    }),
    async (c) => {
      const deps = c.get("deps");
      const today = deps.now().toISOString().slice(0, 10);
      const type = mediaEssence(c.req.header("content-type"));
      const read =
        type === "multipart/form-data"
          ? await readMultipart(c, today)
          : type === "application/json"
            ? await readJson(c, today)
            : null;
      if (!read) {
        return problem(c, "unsupported-media-type", { detail: "Send multipart/form-data or application/json." });
      }
      if (!read.ok) return read.response;
      const result = await assessStateless({ ctx: serviceContext(c), input: read.task });
      return orProblem(c, result, (outcome) =>
        reportResponse(c, { reports: outcome.reports, verdict: outcome.verdict }),
      );
    },
  );
}
