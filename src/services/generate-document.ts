/**
 * Drafting the documents a manufacturer signs or keeps (EU declaration of conformity, simplified declaration,
 * Annex VII technical documentation, Annex II user information), from a declaration and, when given, an SBOM and
 * an assessment report. Two entry points share the builder: files or texts (the CLI), and a stored product's
 * latest declaration, SBOM and assessment (the HTTP API and the web interface).
 */
import { parseDeclaration } from "../declaration/parse.js";
import type { Declaration } from "../declaration/schema.js";
import { buildDocument, type SbomDigest } from "../documents/build.js";
import type { AssessmentDigest, GeneratedDocument, GeneratedDocumentKind } from "../documents/model.js";
import type { InputIssue, Parsed } from "../domain/input-issue.js";
import { parseAssessmentReport, parseAssessmentReportValue } from "../input/assessment-report.js";
import type { NormalizedSbom } from "../sbom/model.js";
import { authorize } from "./access.js";
import {
  type Forbidden,
  type InvalidInput,
  invalidInput,
  type NotFound,
  notFound,
  type ServiceContext,
  type ServiceResult,
  success,
} from "./context.js";

/** The SBOM facts a document cites, from a normalized SBOM. */
export function sbomDigestOf(
  sbom: NormalizedSbom,
  meta: { sha256: string; file?: string; formatName?: string },
): SbomDigest {
  return {
    format: meta.formatName ?? `${sbom.standard ?? "CycloneDX"} ${sbom.specVersion} (${sbom.format.toUpperCase()})`,
    sha256: meta.sha256,
    ...(sbom.serialNumber ? { serialNumber: sbom.serialNumber } : {}),
    components: sbom.components.length,
    dependencyEntries: sbom.dependencies.length,
    ...(sbom.root
      ? { root: { name: sbom.root.name, ...(sbom.root.version ? { version: sbom.root.version } : {}) } }
      : {}),
    ...(meta.file ? { file: meta.file } : {}),
  };
}

/** From texts already read (the CLI reads the files and ingests the SBOM). */
export function documentFromTexts(input: {
  kind: GeneratedDocumentKind;
  declaration: { text: string; source: string };
  sbom?: SbomDigest;
  assessment?: { text: string; source: string };
  asOf: string;
}): Parsed<GeneratedDocument> {
  const issues: InputIssue[] = [];
  const declaration = parseDeclaration(input.declaration.text, input.declaration.source);
  if (!declaration.ok) issues.push(...declaration.issues);
  let assessment: AssessmentDigest | undefined;
  if (input.assessment) {
    const parsed = parseAssessmentReport(input.assessment.text, input.assessment.source);
    if (parsed.ok) assessment = parsed.value;
    else issues.push(...parsed.issues);
  }
  if (!declaration.ok || issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: buildDocument(input.kind, {
      declaration: declaration.value,
      ...(input.sbom ? { sbom: input.sbom } : {}),
      ...(assessment ? { assessment } : {}),
      asOf: input.asOf,
    }),
  };
}

/**
 * From a stored product: its latest declaration (required), its latest SBOM and its latest assessment (the CRA
 * report in it), each when there is one. A product outside the caller's scope is not found.
 */
export async function documentForProduct({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { productId: string; kind: GeneratedDocumentKind; asOf: string };
}): Promise<ServiceResult<GeneratedDocument, Forbidden | NotFound | InvalidInput>> {
  const allowed = authorize(ctx.principal, "product:read");
  if (!allowed.ok) return allowed;
  const scope = allowed.value;
  const product = await ctx.repos.products.get(scope, input.productId);
  if (!product) return notFound("product", input.productId);
  const stored = await ctx.repos.declarations.latest(scope, product.id);
  if (!stored) {
    return invalidInput([
      {
        path: "",
        constraint: "required",
        message: `Product ${product.id} has no declaration yet: upload one (PUT /v1/products/${product.id}/declaration) before drafting documents.`,
        source: "declaration",
      },
    ]);
  }
  const declaration = parseDeclaration(stored.content, `declaration v${stored.version}`);
  // A stored declaration was valid when stored; a later, stricter schema is the one case where it may not be.
  if (!declaration.ok) return invalidInput(declaration.issues);

  const sbomRecord = await ctx.repos.sboms.latestForProduct(scope, product.id);
  const sbom: SbomDigest | undefined = sbomRecord
    ? {
        format: `${sbomRecord.format} ${sbomRecord.specVersion}`.trim(),
        sha256: sbomRecord.sha256,
        components: sbomRecord.componentCount,
        file: `stored SBOM ${sbomRecord.id}`,
      }
    : undefined;

  const latest = await ctx.repos.assessments.list(scope, { productId: product.id }, { limit: 1, offset: 0 });
  const newest = latest.items[0] ? await ctx.repos.assessments.get(scope, latest.items[0].id) : null;
  const assessment = newest ? craDigest(newest.reports) : undefined;

  return success(
    buildDocument(input.kind, {
      declaration: declaration.value as Declaration,
      ...(sbom ? { sbom } : {}),
      ...(assessment ? { assessment } : {}),
      asOf: input.asOf,
    }),
  );
}

/** The CRA report of a stored assessment's reports, as a digest; undefined when the assessment has none. */
function craDigest(reportsJson: string): AssessmentDigest | undefined {
  let reports: unknown;
  try {
    reports = JSON.parse(reportsJson);
  } catch {
    return undefined;
  }
  if (!Array.isArray(reports)) return undefined;
  const cra = reports.find(
    (report: unknown) =>
      typeof report === "object" &&
      report !== null &&
      (report as { framework?: { id?: unknown } }).framework?.id === "cra",
  );
  if (!cra) return undefined;
  const parsed = parseAssessmentReportValue(cra);
  return parsed.ok ? parsed.value : undefined;
}
