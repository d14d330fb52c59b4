/**
 * Product declarations (`cra-declaration/1`), versioned: every PUT adds version n+1 and none is overwritten, so an
 * assessment can always name the exact declaration it read.
 */
import { createHash } from "node:crypto";
import type { DeclarationRecord } from "../db/port.js";
import { parseDeclaration } from "../declaration/parse.js";
import { authorize } from "./access.js";
import {
  type Forbidden,
  type InvalidInput,
  invalidInput,
  type NotFound,
  notFound,
  nowIso,
  type ServiceContext,
  type ServiceResult,
  success,
} from "./context.js";

export const DECLARATION_MEDIA_TYPES = [
  "application/yaml",
  "application/x-yaml",
  "text/yaml",
  "application/json",
] as const;

export async function putDeclaration({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { productId: string; text: string; mediaType: string };
}): Promise<ServiceResult<DeclarationRecord, Forbidden | NotFound | InvalidInput>> {
  const allowed = authorize(ctx.principal, "declaration:put");
  if (!allowed.ok) return allowed;
  const product = await ctx.repos.products.get(allowed.value, input.productId);
  if (!product) return notFound("product", input.productId);
  const parsed = parseDeclaration(input.text);
  if (!parsed.ok) return invalidInput(parsed.issues.map((i) => ({ ...i, source: "declaration" })));
  const at = nowIso(ctx);
  const sha256 = createHash("sha256").update(input.text, "utf8").digest("hex");
  const stored = await ctx.repos.declarations.put(
    allowed.value,
    {
      id: ctx.newId("dcl"),
      productId: product.id,
      organizationId: product.organizationId,
      sha256,
      mediaType: input.mediaType,
      content: input.text,
      productVersion: parsed.value.product.version ?? null,
      createdAt: at,
    },
    (version) => ({
      at,
      organizationId: product.organizationId,
      actor: ctx.principal.actor,
      action: "declaration.put",
      subjectType: "declaration",
      subjectId: `${product.id}/${version}`,
      details: { productId: product.id, version, sha256 },
    }),
  );
  if (!stored) return notFound("product", input.productId);
  return success(stored);
}

export async function getDeclaration({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { productId: string; version?: number };
}): Promise<ServiceResult<DeclarationRecord, Forbidden | NotFound>> {
  const allowed = authorize(ctx.principal, "product:read");
  if (!allowed.ok) return allowed;
  const found =
    input.version === undefined
      ? await ctx.repos.declarations.latest(allowed.value, input.productId)
      : await ctx.repos.declarations.get(allowed.value, input.productId, input.version);
  return found ? success(found) : notFound("declaration", `${input.productId}/${input.version ?? "latest"}`);
}
