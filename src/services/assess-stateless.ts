/**
 * `POST /v1/assess`: an assessment for CI pipelines that keep no history here. Nothing is stored and nothing is
 * audited (there is no submission); the verdict semantics are the CLI's.
 */
import { authorize } from "./access.js";
import { assessInService } from "./assess-in-service.js";
import type { AssessRequestRead } from "./assess-request.js";
import {
  type Forbidden,
  type InvalidInput,
  invalidInput,
  type ServiceContext,
  type ServiceResult,
  success,
} from "./context.js";
import type { AssessOutcome, AssessTask } from "./job-executor.js";

export async function assessStateless({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: AssessTask;
}): Promise<ServiceResult<Extract<AssessOutcome, { ok: true }>, Forbidden | InvalidInput>> {
  const allowed = authorize(ctx.principal, "assess:stateless");
  if (!allowed.ok) return allowed;
  const outcome = await assessInService(ctx, input);
  if (!outcome.ok) return invalidInput(outcome.issues, outcome.omitted);
  return success(outcome);
}

/**
 * The JSON form of a `POST /v1/assess` request as a task, read by the job executor (in the service's
 * workers) so that decoding and parsing a large SBOM never runs on the event loop.
 */
export async function readAssessJsonBody({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { bytes: Uint8Array; today: string };
}): Promise<AssessRequestRead> {
  return ctx.work.readAssessRequest(input.bytes, input.today);
}
