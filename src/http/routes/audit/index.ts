/** The audit trail: newest records of the caller's organisation, a chain check, and a signed checkpoint's check. */
import { createRoute, z } from "@hono/zod-openapi";
import { may } from "../../../services/access.js";
import { listAudit, verifyAudit, verifyAuditCheckpoint } from "../../../services/audit.js";
import { type ApiApp, defineRoute, serviceContext } from "../../env.js";
import { PageQuery, pagedSchema, pageOf } from "../../pagination.js";
import { failureProblem, orProblem, problemResponses } from "../../problem.js";
import { security } from "../products/index.js";

export const AuditRecordSchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    organizationId: z.string().nullable(),
    actor: z.string(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    details: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("AuditRecord");

export function register(app: ApiApp): void {
  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/audit",
      tags: ["audit"],
      summary: "Audit records, newest first (own organisation; regulators and operators: all)",
      security,
      request: { query: PageQuery },
      responses: {
        200: {
          description: "A page of audit records",
          content: { "application/json": { schema: pagedSchema(AuditRecordSchema, "AuditPage") } },
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const result = await listAudit({ ctx: serviceContext(c), input: pageOf(c.req.valid("query")) });
      return orProblem(c, result, (page) => c.json(page, 200));
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "get",
      path: "/v1/audit/verify",
      tags: ["audit"],
      summary: "Recompute the whole hash chain (regulator, operator)",
      security,
      responses: {
        200: {
          description: "The verification; `ok: false` lists each break",
          content: {
            "application/json": {
              schema: z
                .object({
                  ok: z.boolean(),
                  records: z.number().int(),
                  breaks: z.array(z.record(z.string(), z.unknown())),
                })
                .openapi("AuditVerification"),
            },
          },
        },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      // The chain spans every organisation: only roles that see all of it may check it.
      if (!may(ctx.principal, "audit:verify")) {
        return failureProblem(c, { kind: "forbidden", action: "audit:verify", role: ctx.principal.role });
      }
      return c.json(await verifyAudit({ repos: ctx.repos }), 200);
    },
  );

  defineRoute(
    app,
    createRoute({
      method: "post",
      path: "/v1/audit/verify",
      tags: ["audit"],
      summary: "Recompute the hash chain and check a signed checkpoint against it (regulator, operator)",
      description:
        "As `cra-assessor audit verify --checkpoint --public-key`: the checkpoint is the JSON `audit checkpoint` " +
        "wrote, the public key the PEM Ed25519 key it must be signed with. `ok` holds only when the chain verifies " +
        "and still holds the checkpointed record with its hash; `checkpoint.problem` says why not. Nothing is stored.",
      security,
      request: {
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.strictObject({
                checkpoint: z.record(z.string(), z.unknown()),
                publicKey: z
                  .string()
                  .min(1)
                  .openapi({ example: "-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----" }),
              }),
            },
          },
        },
      },
      responses: {
        200: {
          description: "The verification; `ok: false` when the chain breaks or the checkpoint does not hold",
          content: {
            "application/json": {
              schema: z
                .object({
                  ok: z.boolean(),
                  chainOk: z.boolean(),
                  records: z.number().int(),
                  breaks: z.array(z.record(z.string(), z.unknown())),
                  checkpoint: z.object({
                    ok: z.boolean(),
                    seq: z.number().int(),
                    hash: z.string(),
                    at: z.string(),
                    keyId: z.string(),
                    problem: z.record(z.string(), z.unknown()).optional(),
                  }),
                })
                .openapi("AuditCheckpointVerification"),
            },
          },
        },
        ...problemResponses(400, 401, 403, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const result = await verifyAuditCheckpoint({
        ctx: serviceContext(c),
        input: { checkpoint: body.checkpoint, publicKey: body.publicKey },
      });
      return orProblem(c, result, (verification) => c.json(verification, 200));
    },
  );
}
