/** Products of an organisation and their versions. */
import { z } from "zod";
import type { Page, Paged, ProductFilter, ProductRecord, ProductVersionRecord } from "../db/port.js";
import { PRODUCT_CLASS_IDS } from "../declaration/schema.js";
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
import { plainText, readWith } from "./input.js";

export const productInputSchema = z.strictObject({
  name: plainText(z.string().trim().min(1).max(200), "line"),
  /** CRA product class (Art. 7, Annexes III–IV), the same ids as the declaration's `product.category`. */
  productClass: z
    .enum(PRODUCT_CLASS_IDS as [string, ...string[]], {
      error: "Expected a product class id: CRA-DEFAULT, CRA-AIII-C1-01…19, CRA-AIII-C2-01…04 or CRA-AIV-01…03.",
    })
    .optional(),
  description: plainText(z.string().max(2000), "prose").optional(),
});
export type ProductInput = z.input<typeof productInputSchema>;

export async function createProduct({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: unknown;
}): Promise<ServiceResult<ProductRecord, Forbidden | NotFound | InvalidInput>> {
  const allowed = authorize(ctx.principal, "product:create");
  if (!allowed.ok) return allowed;
  const read = readWith(productInputSchema, input);
  if (!read.ok) return invalidInput(read.issues, read.omitted);
  const at = nowIso(ctx);
  const record: ProductRecord = {
    id: ctx.newId("prd"),
    organizationId: ctx.principal.organizationId,
    name: read.value.name,
    productClass: read.value.productClass ?? null,
    description: read.value.description ?? null,
    createdAt: at,
  };
  const created = await ctx.repos.products.create(allowed.value, record, {
    at,
    organizationId: record.organizationId,
    actor: ctx.principal.actor,
    action: "product.created",
    subjectType: "product",
    subjectId: record.id,
    details: { name: record.name, productClass: record.productClass },
  });
  if (!created) return notFound("organization", ctx.principal.organizationId);
  return success(created);
}

export async function getProduct({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): Promise<ServiceResult<ProductRecord, Forbidden | NotFound>> {
  const allowed = authorize(ctx.principal, "product:read");
  if (!allowed.ok) return allowed;
  const product = await ctx.repos.products.get(allowed.value, input.id);
  return product ? success(product) : notFound("product", input.id);
}

export async function listProducts({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { filter: ProductFilter; page: Page };
}): Promise<ServiceResult<Paged<ProductRecord>, Forbidden>> {
  const allowed = authorize(ctx.principal, "product:read");
  if (!allowed.ok) return allowed;
  return success(await ctx.repos.products.list(allowed.value, input.filter, input.page));
}

export async function listProductVersions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): Promise<ServiceResult<ProductVersionRecord[], Forbidden | NotFound>> {
  const allowed = authorize(ctx.principal, "product:read");
  if (!allowed.ok) return allowed;
  const versions = await ctx.repos.products.versions(allowed.value, input.id);
  return versions ? success(versions) : notFound("product", input.id);
}
