/**
 * Submitting an SBOM for a product: validate and normalize (off the event loop when `ctx.work` is a worker pool),
 * then store the raw document content-addressed by SHA-256, the normalized components, the product version and
 * the audit record in one transaction — a crash leaves all of it or none of it.
 */
import type { Page, Paged, SbomRecord, StoredComponent } from "../db/port.js";
import type { InputIssue } from "../domain/input-issue.js";
import { authorize } from "./access.js";
import { invalidInput, notFound, nowIso, type ServiceContext, type ServiceResult, success } from "./context.js";

export const SBOM_MEDIA_TYPES = ["application/vnd.cyclonedx+json", "application/vnd.cyclonedx+xml"] as const;
export type SbomMediaType = (typeof SBOM_MEDIA_TYPES)[number];

export interface SubmittedSbom {
  sbom: SbomRecord;
  warnings: InputIssue[];
}

export async function submitSbom({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { productId: string; bytes: Uint8Array; mediaType: SbomMediaType };
}): Promise<ServiceResult<SubmittedSbom>> {
  const allowed = authorize(ctx.principal, "sbom:submit");
  if (!allowed.ok) return allowed;
  // Look the product up before the expensive validation: an unknown or foreign product costs nothing.
  const product = await ctx.repos.products.get(allowed.value, input.productId);
  if (!product) return notFound("product", input.productId);

  const outcome = await ctx.work.ingestSbom(input.bytes);
  if (!outcome.ok)
    return invalidInput(
      outcome.issues.map((i) => ({ ...i, source: "sbom" })),
      outcome.omitted,
    );
  const declaredFormat = input.mediaType.endsWith("+xml") ? "xml" : "json";
  if (outcome.format !== declaredFormat) {
    return invalidInput([
      {
        path: "",
        constraint: "media-type",
        message: `The body is CycloneDX ${outcome.format.toUpperCase()} but was sent as ${input.mediaType}.`,
        source: "sbom",
      },
    ]);
  }
  const at = nowIso(ctx);
  const record: SbomRecord = {
    id: ctx.newId("sbm"),
    productId: product.id,
    organizationId: product.organizationId,
    sha256: outcome.sha256,
    mediaType: input.mediaType,
    sizeBytes: outcome.sizeBytes,
    format: outcome.format,
    specVersion: outcome.specVersion,
    componentCount: outcome.componentCount,
    productVersion: outcome.rootVersion,
    createdAt: at,
  };
  const stored = await ctx.repos.sboms.store(
    allowed.value,
    { record, raw: input.bytes, components: outcome.components },
    {
      at,
      organizationId: product.organizationId,
      actor: ctx.principal.actor,
      action: "sbom.submitted",
      subjectType: "sbom",
      subjectId: record.id,
      details: {
        productId: product.id,
        sha256: record.sha256,
        format: record.format,
        specVersion: record.specVersion,
        components: record.componentCount,
        sizeBytes: record.sizeBytes,
      },
    },
  );
  if (!stored) return notFound("product", input.productId);
  return success({ sbom: stored, warnings: outcome.warnings });
}

export async function getSbom({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): Promise<ServiceResult<SbomRecord>> {
  const allowed = authorize(ctx.principal, "product:read");
  if (!allowed.ok) return allowed;
  const sbom = await ctx.repos.sboms.get(allowed.value, input.id);
  return sbom ? success(sbom) : notFound("sbom", input.id);
}

export async function getSbomContent({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): Promise<ServiceResult<{ mediaType: string; content: Uint8Array }>> {
  const allowed = authorize(ctx.principal, "product:read");
  if (!allowed.ok) return allowed;
  const raw = await ctx.repos.sboms.raw(allowed.value, input.id);
  return raw ? success(raw) : notFound("sbom", input.id);
}

export async function listSbomComponents({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; page: Page };
}): Promise<ServiceResult<Paged<StoredComponent>>> {
  const allowed = authorize(ctx.principal, "product:read");
  if (!allowed.ok) return allowed;
  const components = await ctx.repos.sboms.components(allowed.value, input.id, input.page);
  return components ? success(components) : notFound("sbom", input.id);
}

export async function listProductSboms({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { productId: string; page: Page };
}): Promise<ServiceResult<Paged<SbomRecord>>> {
  const allowed = authorize(ctx.principal, "product:read");
  if (!allowed.ok) return allowed;
  const list = await ctx.repos.sboms.listForProduct(allowed.value, input.productId, input.page);
  return list ? success(list) : notFound("product", input.productId);
}
