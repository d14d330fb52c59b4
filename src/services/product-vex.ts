/**
 * The manufacturer's VEX analyses of a product version: recorded (audited), listed, and written out as CSAF 2.0
 * VEX, CycloneDX VEX or OpenVEX. The recorded analyses feed the product's next stored assessment in the service
 * (`assessInService`), and the CycloneDX VEX export does the same for a file-based `assess --advisories`, so an
 * analysed `not_affected` match no longer counts as a known exploitable vulnerability (Annex I Part I (2)(a)).
 */

import type { VexStatement } from "../advisories/model.js";
import type { Repositories, TenantScope } from "../db/port.js";
import { parseDeclaration } from "../declaration/parse.js";
import type { ProductVexStatement } from "../domain/vex.js";
import { parseVexStatementInput } from "../input/vex-statement.js";
import { exportVex, type VexFormat, type VexProduct } from "../vex/export.js";
import { authorize } from "./access.js";
import {
  type Forbidden,
  type InvalidInput,
  invalidInput,
  type NotFound,
  notFound,
  nowIso,
  type Principal,
  type ServiceContext,
  type ServiceResult,
  success,
} from "./context.js";

/** The command line on a local database file acts for whoever holds the file, like the Art. 14 commands. */
function authorizeVex(
  principal: Principal,
  action: "vex:write" | "product:read",
): ServiceResult<TenantScope, Forbidden> {
  if (principal.local) return success({ kind: "all" });
  return authorize(principal, action);
}

export async function recordVexStatement({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { productId: string; statement: unknown };
}): Promise<ServiceResult<ProductVexStatement, Forbidden | NotFound | InvalidInput>> {
  const allowed = authorizeVex(ctx.principal, "vex:write");
  if (!allowed.ok) return allowed;
  const product = await ctx.repos.products.get(allowed.value, input.productId);
  if (!product) return notFound("product", input.productId);
  const parsed = parseVexStatementInput(input.statement);
  if (!parsed.ok) return invalidInput(parsed.issues);
  const at = nowIso(ctx);
  const { responses, justification, detail, ...rest } = parsed.value;
  const statement: ProductVexStatement = {
    ...rest,
    ...(justification ? { justification } : {}),
    responses: responses ?? [],
    ...(detail ? { detail } : {}),
    productId: product.id,
    organizationId: product.organizationId,
    author: ctx.principal.actor,
    updatedAt: at,
  };
  const stored = await ctx.repos.productVex.put(allowed.value, statement, {
    at,
    organizationId: product.organizationId,
    actor: ctx.principal.actor,
    action: "vex.recorded",
    subjectType: "vex",
    subjectId: `${product.id}/${statement.productVersion}/${statement.vulnerability}`,
    details: {
      productId: product.id,
      productVersion: statement.productVersion,
      vulnerability: statement.vulnerability,
      component: statement.component,
      state: statement.state,
    },
  });
  return stored ? success(stored) : notFound("product", input.productId);
}

export async function listVexStatements({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { productId: string; productVersion?: string };
}): Promise<ServiceResult<ProductVexStatement[], Forbidden | NotFound>> {
  const allowed = authorizeVex(ctx.principal, "product:read");
  if (!allowed.ok) return allowed;
  const list = await ctx.repos.productVex.list(allowed.value, input.productId, input.productVersion);
  return list ? success(list) : notFound("product", input.productId);
}

/** A recorded analysis as the advisory matcher reads VEX: by vulnerability id, and the component's purl or name. */
export function asMatcherStatement(statement: ProductVexStatement): VexStatement {
  return {
    ids: [statement.vulnerability],
    ...(statement.component.startsWith("pkg:")
      ? { purl: statement.component }
      : { componentName: statement.component }),
    state: statement.state,
    ...(statement.justification ? { justification: statement.justification } : {}),
    ...(statement.detail ? { detail: statement.detail } : {}),
    source: `recorded:${statement.author}@${statement.updatedAt}`,
  };
}

/**
 * The analyses recorded for one product version, for the assessment of that product. Reads the repositories
 * directly: the caller has authorized the assessment of this product in this scope.
 */
export async function recordedVexStatements(
  repos: Pick<Repositories, "productVex">,
  scope: TenantScope,
  productId: string,
  productVersion: string,
): Promise<VexStatement[]> {
  const statements = (await repos.productVex.list(scope, productId, productVersion)) ?? [];
  return statements.map(asMatcherStatement);
}

/**
 * One VEX document for one product version (default: the version of the latest declaration). The manufacturer,
 * website and purl come from the latest declaration when there is one.
 */
export async function exportProductVex({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { productId: string; productVersion?: string; format: VexFormat };
}): Promise<
  ServiceResult<
    { document: Record<string, unknown>; productVersion: string; statements: number },
    Forbidden | NotFound | InvalidInput
  >
> {
  const allowed = authorizeVex(ctx.principal, "product:read");
  if (!allowed.ok) return allowed;
  const product = await ctx.repos.products.get(allowed.value, input.productId);
  if (!product) return notFound("product", input.productId);
  const stored = await ctx.repos.declarations.latest(allowed.value, product.id);
  const declaration = stored ? parseDeclaration(stored.content) : undefined;
  const declared = declaration?.ok ? declaration.value : undefined;
  const productVersion = input.productVersion ?? declared?.product.version;
  if (!productVersion) {
    return invalidInput([
      {
        path: "/productVersion",
        constraint: "required",
        message: "Name the product version to export (VEX is per version); the latest declaration gives none.",
        source: "query",
      },
    ]);
  }
  const statements = (await ctx.repos.productVex.list(allowed.value, product.id, productVersion)) ?? [];
  const vexProduct: VexProduct = {
    id: product.id,
    name: declared?.product.name ?? product.name,
    version: productVersion,
    manufacturer: declared?.manufacturer?.name ?? "the manufacturer",
    ...(declared?.manufacturer?.website ? { website: declared.manufacturer.website } : {}),
  };
  const purl = declared?.product.identifiers?.find((id) => id.startsWith("pkg:"));
  if (purl && declared?.product.version === productVersion) vexProduct.purl = purl;
  return success({
    document: exportVex(input.format, vexProduct, statements, nowIso(ctx)),
    productVersion,
    statements: statements.length,
  });
}
