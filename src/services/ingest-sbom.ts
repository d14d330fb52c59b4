/**
 * Submitting an SBOM for a product: validate and normalize (off the event loop when `ctx.work` is a worker pool),
 * then store the raw document content-addressed by SHA-256, the normalized components, the product version and
 * the audit record in one transaction — a crash leaves all of it or none of it.
 */
import { createHash } from "node:crypto";
import type { Page, Paged, Repositories, SbomRecord, StoredComponent } from "../db/port.js";
import type { InputIssue } from "../domain/input-issue.js";
import { detectSyntax } from "../sbom/detect.js";
import { authorize } from "./access.js";
import {
  type Conflict,
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
import type { SbomIngestOutcome, SbomStoreRequest, SbomSubmitOutcome } from "./job-executor.js";

/**
 * The media types an SBOM upload may be sent as, and what each promises about the body. `application/spdx+json`
 * and `text/spdx` are SPDX's registered types (JSON, including SPDX 3 JSON-LD, and tag-value). SPDX YAML has no
 * registered type of its own: it is sent as `application/yaml` (RFC 9512), and the body must then be SPDX YAML.
 */
export const SBOM_MEDIA_TYPES = [
  "application/vnd.cyclonedx+json",
  "application/vnd.cyclonedx+xml",
  "application/spdx+json",
  "text/spdx",
  "application/yaml",
] as const;
export type SbomMediaType = (typeof SBOM_MEDIA_TYPES)[number];

const MEDIA_TYPE_PROMISE: Record<SbomMediaType, { standard: string; format: string; name: string }> = {
  "application/vnd.cyclonedx+json": { standard: "CycloneDX", format: "json", name: "CycloneDX JSON" },
  "application/vnd.cyclonedx+xml": { standard: "CycloneDX", format: "xml", name: "CycloneDX XML" },
  "application/spdx+json": { standard: "SPDX", format: "json", name: "SPDX JSON" },
  "text/spdx": { standard: "SPDX", format: "tag-value", name: "SPDX tag-value" },
  "application/yaml": { standard: "SPDX", format: "yaml", name: "SPDX YAML" },
};

/**
 * The media type an SBOM's own content announces, for callers that receive a file without one (the web
 * interface's upload form): XML is CycloneDX XML, JSON is SPDX JSON when it carries `spdxVersion` or an SPDX
 * `@context` near its start and CycloneDX JSON otherwise; SPDX tag-value and YAML by their first keys. The
 * service still checks the content against the type, so a wrong guess is a located refusal, never a wrong read.
 */
export function sbomMediaTypeOf(bytes: Uint8Array): SbomMediaType {
  const head = new TextDecoder().decode(bytes.subarray(0, 4096));
  switch (detectSyntax(head)) {
    case "xml":
      return "application/vnd.cyclonedx+xml";
    case "spdx-tag-value":
      return "text/spdx";
    case "spdx-yaml":
      return "application/yaml";
    default:
      return /"spdxVersion"\s*:|"@context"\s*:\s*\[?\s*"https?:\/\/spdx\.org\/rdf\//.test(head)
        ? "application/spdx+json"
        : "application/vnd.cyclonedx+json";
  }
}

/**
 * The format stored with an SBOM record: `json`/`xml` for CycloneDX (as before SPDX input), `spdx-json`,
 * `spdx-yaml`, `spdx-tag-value` for SPDX, so a stored record says which standard it follows.
 */
export function storedFormat(standard: string, format: string): string {
  return standard === "SPDX" ? `spdx-${format}` : format;
}

export interface SubmittedSbom {
  sbom: SbomRecord;
  warnings: InputIssue[];
  /** True when an Idempotency-Key named an earlier upload, which is returned instead of storing a new one. */
  replayed: boolean;
}

/**
 * An Idempotency-Key as clients send it: 1 to 255 visible ASCII characters (a UUID is typical). Anything else is
 * refused rather than trimmed, so two clients never share a key by accident of normalization.
 */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export async function submitSbom({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { productId: string; bytes: Uint8Array; mediaType: SbomMediaType; idempotencyKey?: string };
}): Promise<ServiceResult<SubmittedSbom, Forbidden | NotFound | InvalidInput | Conflict>> {
  const allowed = authorize(ctx.principal, "sbom:submit");
  if (!allowed.ok) return allowed;
  // Look the product up before the expensive validation: an unknown or foreign product costs nothing.
  const product = await ctx.repos.products.get(allowed.value, input.productId);
  if (!product) return notFound("product", input.productId);
  // The body's digest, taken once: it tells a retry (same bytes) from a reused key (other bytes).
  const digest = input.idempotencyKey === undefined ? undefined : sha256Hex(input.bytes);
  if (input.idempotencyKey !== undefined) {
    if (!IDEMPOTENCY_KEY.test(input.idempotencyKey)) {
      return invalidInput([
        {
          path: "Idempotency-Key",
          constraint: "pattern",
          message: "An Idempotency-Key is 1 to 255 visible ASCII characters, e.g. a UUID.",
        },
      ]);
    }
    const earlier = await ctx.repos.sboms.findByIdempotencyKey(allowed.value, product.id, input.idempotencyKey);
    if (earlier && earlier.sha256 !== digest) return keyReused(input.idempotencyKey);
    // A known key with the same bytes is validated again (cheap next to a lost upload) so that the retry gets the
    // first answer whole, warnings included; the store then returns the earlier record instead of writing.
  }
  const outcome = await ctx.work.submitSbom(input.bytes, {
    scope: allowed.value,
    record: {
      id: ctx.newId("sbm"),
      productId: product.id,
      organizationId: product.organizationId,
      mediaType: input.mediaType,
      createdAt: nowIso(ctx),
    },
    actor: ctx.principal.actor,
    ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
  });
  if (outcome.ok) {
    // Two different bodies racing under one key: the first stored wins, the other is told so.
    if (outcome.replayed && outcome.sbom.sha256 !== digest) return keyReused(input.idempotencyKey!);
    return success({ sbom: outcome.sbom, warnings: outcome.warnings, replayed: outcome.replayed });
  }
  if ("productMissing" in outcome) return notFound("product", input.productId);
  return invalidInput(outcome.issues, outcome.omitted);
}

function keyReused(key: string): ServiceResult<never, Conflict> {
  return {
    ok: false,
    failure: {
      kind: "conflict",
      message: `Idempotency-Key ${key} was used for another upload to this product with a different body; use a new key for a new upload.`,
    },
  };
}

/**
 * The storing half of a submission, run by the executor right after validation (in the worker for the service):
 * checks the media type told the truth, builds the record, and stores blob, record, components, product version
 * and audit record in one transaction.
 */
export async function storeIngestedSbom(
  repos: Repositories,
  request: SbomStoreRequest,
  outcome: SbomIngestOutcome,
): Promise<SbomSubmitOutcome> {
  if (!outcome.ok)
    return { ok: false, issues: outcome.issues.map((i) => ({ ...i, source: "sbom" })), omitted: outcome.omitted };
  const promised = MEDIA_TYPE_PROMISE[request.record.mediaType as SbomMediaType];
  if (promised === undefined || outcome.format !== promised.format || outcome.standard !== promised.standard) {
    const actual = `${outcome.standard} ${outcome.format === "tag-value" ? "tag-value" : outcome.format.toUpperCase()}`;
    return {
      ok: false,
      omitted: 0,
      issues: [
        {
          path: "",
          constraint: "media-type",
          message: `The body is ${actual} but was sent as ${request.record.mediaType}${promised === undefined ? "" : ` (${promised.name})`}.`,
          source: "sbom",
        },
      ],
    };
  }
  const record: SbomRecord = {
    ...request.record,
    sha256: outcome.sha256,
    sizeBytes: outcome.sizeBytes,
    format: storedFormat(outcome.standard, outcome.format),
    specVersion: outcome.specVersion,
    componentCount: outcome.componentCount,
    productVersion: outcome.rootVersion,
  };
  const stored = await repos.sboms.store(
    request.scope,
    { record, raw: outcome.raw, components: outcome.components, idempotencyKey: request.idempotencyKey },
    {
      at: record.createdAt,
      organizationId: record.organizationId,
      actor: request.actor,
      action: "sbom.submitted",
      subjectType: "sbom",
      subjectId: record.id,
      details: {
        productId: record.productId,
        sha256: record.sha256,
        format: record.format,
        specVersion: record.specVersion,
        components: record.componentCount,
        sizeBytes: record.sizeBytes,
      },
    },
  );
  if (!stored) return { ok: false, productMissing: true };
  return { ok: true, sbom: stored, warnings: outcome.warnings, replayed: stored.id !== record.id };
}

export async function getSbom({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): Promise<ServiceResult<SbomRecord, Forbidden | NotFound>> {
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
}): Promise<ServiceResult<{ mediaType: string; content: Uint8Array }, Forbidden | NotFound>> {
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
}): Promise<ServiceResult<Paged<StoredComponent>, Forbidden | NotFound>> {
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
}): Promise<ServiceResult<Paged<SbomRecord>, Forbidden | NotFound>> {
  const allowed = authorize(ctx.principal, "product:read");
  if (!allowed.ok) return allowed;
  const list = await ctx.repos.sboms.listForProduct(allowed.value, input.productId, input.page);
  return list ? success(list) : notFound("product", input.productId);
}
