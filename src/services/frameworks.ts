/**
 * Regulator use cases over the frameworks and the stored portfolio. The analyses themselves live in
 * src/crosswalk and src/services/{compare-frameworks,simulate-arrangement}.ts; this file feeds them what the
 * service holds: every product's latest declaration and SBOM.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArrangementText } from "../crosswalk/arrangement.js";
import { compareFrameworks, type FrameworkComparison } from "../crosswalk/compare.js";
import { type FrameworkCounts, frameworkCounts } from "../crosswalk/framework-counts.js";
import { type RecognitionData, seedRecognitionData } from "../crosswalk/seeds.js";
import type { TenantScope } from "../db/port.js";
import type { Arrangement, Crosswalk } from "../domain/crosswalk.js";
import type { FrameworkCatalog } from "../domain/requirement.js";
import { RULES_ROOT } from "../rules/loader.js";
import { authorize } from "./access.js";
import { type AssessContext, createAssessContext } from "./assess.js";
import { type ComparisonFormat, compareFrameworksUseCase } from "./compare-frameworks.js";
import { compareWithEvidence, type EvidenceComparison, type EvidenceComparisonInput } from "./compare-with-evidence.js";
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
import { storedReviewMap } from "./crosswalk-reviews.js";
import { type SimulationProduct, type SimulationResult, simulateArrangement } from "./simulate-arrangement.js";

/** Portfolios larger than this are simulated on their newest products only (the result says so). */
export const MAX_SIMULATED_PRODUCTS = 500;

export interface FrameworkSummary {
  id: string;
  name: string;
  version: string;
  sourceKind: string;
  jurisdiction: string | null;
  status: string | null;
  levels: string[];
  requirements: number;
  verified: boolean;
  /** A rule set exists: POST /v1/assess and the assessments route accept the id. */
  assessable: boolean;
  /** Catalog entries, findings per report (per level) and comparison targets; see src/crosswalk/framework-counts.ts. */
  counts: FrameworkCounts;
}

function recognitionData(): RecognitionData {
  return seedRecognitionData();
}

/**
 * Summaries and comparisons are pure functions of the loaded catalogs and crosswalks, which do not change while
 * the process runs: they are computed once per data set (keyed by it, so other data gets its own) and shared.
 * Callers treat them as read-only.
 */
const summariesCache = new WeakMap<RecognitionData, FrameworkSummary[]>();
const comparisonCache = new WeakMap<RecognitionData, Map<string, ReturnType<typeof compareFrameworks>>>();
/** Pairs times levels stay far below this; the bound only keeps odd query strings from growing the map. */
const MAX_CACHED_COMPARISONS = 512;

export function listFrameworks({ ctx }: { ctx: ServiceContext }): ServiceResult<FrameworkSummary[], Forbidden> {
  const allowed = authorize(ctx.principal, "framework:read");
  if (!allowed.ok) return allowed;
  const data = recognitionData();
  const cached = summariesCache.get(data);
  if (cached) return success(cached);
  const summaries = [...data.catalogs.values()]
    .map(
      (c): FrameworkSummary => ({
        id: c.id,
        name: c.name,
        version: c.version,
        sourceKind: c.sourceKind,
        jurisdiction: c.jurisdiction ?? null,
        status: c.status ?? null,
        levels: c.levels ?? [],
        requirements: c.requirements.length,
        verified: c.verified !== false,
        assessable: existsSync(join(RULES_ROOT, c.id)),
        counts: frameworkCounts(c),
      }),
    )
    .sort((a, b) => a.id.localeCompare(b.id));
  summariesCache.set(data, summaries);
  return success(summaries);
}

export function getFramework({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): ServiceResult<FrameworkCatalog, Forbidden | NotFound> {
  const allowed = authorize(ctx.principal, "framework:read");
  if (!allowed.ok) return allowed;
  const catalog = recognitionData().catalogs.get(input.id);
  return catalog ? success(catalog) : notFound("framework", input.id);
}

export function listCrosswalks({ ctx }: { ctx: ServiceContext }) {
  const allowed = authorize(ctx.principal, "framework:read");
  if (!allowed.ok) return allowed;
  return success(
    recognitionData()
      .crosswalks.map((x) => ({
        id: x.id,
        title: x.title,
        sourceFramework: x.sourceFramework,
        targetFramework: x.targetFramework,
        mappings: x.mappings.length,
        uncovered: x.uncovered.length,
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  );
}

/** One crosswalk with its rows, provenance and stated gaps (a regulator reviews its rows one by one). */
export function getCrosswalk({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): ServiceResult<Crosswalk, Forbidden | NotFound> {
  const allowed = authorize(ctx.principal, "framework:read");
  if (!allowed.ok) return allowed;
  const crosswalk = recognitionData().crosswalks.find((x) => x.id === input.id);
  return crosswalk ? success(crosswalk) : notFound("crosswalk", input.id);
}

export function compareFrameworksFor({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { from: string; to: string; level?: string; toLevel?: string; format: ComparisonFormat };
}): ServiceResult<{ body: string; mediaType: string }, Forbidden | InvalidInput> {
  const allowed = authorize(ctx.principal, "framework:compare");
  if (!allowed.ok) return allowed;
  const result = compareFrameworksUseCase({ ctx: { data: recognitionData(), now: ctx.now }, input });
  if (!result.ok)
    return invalidInput([{ path: "", constraint: "comparison", message: result.message, source: "query" }]);
  return success({ body: result.body, mediaType: result.mediaType });
}

/** The comparison itself (both directions, every row with its trace), for pages that draw it. */
export function compareFrameworksModel({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { from: string; to: string; level?: string; toLevel?: string };
}): ServiceResult<FrameworkComparison, Forbidden | InvalidInput> {
  const allowed = authorize(ctx.principal, "framework:compare");
  if (!allowed.ok) return allowed;
  const data = recognitionData();
  let cache = comparisonCache.get(data);
  if (!cache) {
    cache = new Map();
    comparisonCache.set(data, cache);
  }
  const key = JSON.stringify([input.from, input.to, input.level ?? null, input.toLevel ?? null]);
  let result = cache.get(key);
  if (!result) {
    result = compareFrameworks(data, input);
    if (cache.size < MAX_CACHED_COMPARISONS) cache.set(key, result);
  }
  if (!result.ok)
    return invalidInput([{ path: "", constraint: "comparison", message: result.message, source: "query" }]);
  return success(result.value);
}

// The assessment context loads catalogs and rules once per process.
let assessContext: Promise<AssessContext> | undefined;

/**
 * Simulates a draft arrangement over every stored product (all organisations: a regulator's view) with its
 * latest declaration and SBOM. Products without a declaration are left out and counted in a note.
 */
export async function simulateArrangementOverPortfolio({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { arrangementText: string; asOf?: string };
}): Promise<ServiceResult<SimulationResult, Forbidden | InvalidInput>> {
  const allowed = authorize(ctx.principal, "arrangement:simulate");
  if (!allowed.ok) return allowed;
  const arrangement = parseArrangementText(input.arrangementText, "arrangement", recognitionData().catalogs);
  if (!arrangement.ok) return invalidInput(arrangement.issues);
  return simulateOverPortfolio(ctx, allowed.value, arrangement.value, input.asOf);
}

/**
 * The simulation itself, for an arrangement already read and a caller already authorised: every product in
 * `scope` with its latest declaration and SBOM, before and after the arrangement.
 */
export async function simulateOverPortfolio(
  ctx: ServiceContext,
  scope: TenantScope,
  arrangement: Arrangement,
  asOfInput: string | undefined,
): Promise<ServiceResult<SimulationResult, never>> {
  const data = recognitionData();
  const asOf = asOfInput ?? nowIso(ctx).slice(0, 10);
  const page = await ctx.repos.products.list(scope, {}, { limit: MAX_SIMULATED_PRODUCTS, offset: 0 });
  const products: SimulationProduct[] = [];
  let withoutDeclaration = 0;
  for (const product of page.items) {
    const declaration = await ctx.repos.declarations.latest(scope, product.id);
    if (!declaration) {
      withoutDeclaration++;
      continue;
    }
    const sbom = await ctx.repos.sboms.latestForProduct(scope, product.id);
    const raw = sbom ? await ctx.repos.sboms.raw(scope, sbom.id) : null;
    products.push({
      id: product.id,
      declaration: { text: declaration.content, fileName: `${product.id}/declaration` },
      ...(raw ? { sbom: { bytes: raw.content, fileName: `${product.id}/sbom` } } : {}),
    });
  }
  assessContext ??= createAssessContext({ frameworks: ["cra"] });
  const result = await simulateArrangement({
    ctx: { assess: await assessContext, data },
    input: { arrangement, products, asOf },
  });
  if (withoutDeclaration > 0)
    result.notes.push(`${withoutDeclaration} stored product(s) have no declaration and were left out.`);
  if (page.total > page.items.length) {
    result.notes.push(`Only the ${page.items.length} newest of ${page.total} products were simulated.`);
  }
  return success(result);
}

// Catalogs and every rule set, loaded once per process for evidence comparisons.
let comparisonContext: Promise<AssessContext> | undefined;

/**
 * The reverse question of a manufacturer (POST /v1/comparisons): the target framework's requirements judged on the
 * product's evidence, beside the crosswalk relation to the source framework. Stateless, like POST /v1/assess.
 */
export async function compareProductEvidence({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: Omit<EvidenceComparisonInput, "asOf"> & { asOf?: string };
}): Promise<ServiceResult<EvidenceComparison, Forbidden | InvalidInput>> {
  const allowed = authorize(ctx.principal, "assess:stateless");
  if (!allowed.ok) return allowed;
  comparisonContext ??= createAssessContext();
  const assess = await comparisonContext;
  const unknown = [input.from, input.to].filter((id) => !assess.ruleSets.has(id));
  if (unknown.length > 0) {
    return invalidInput(
      unknown.map((id) => ({
        path: input.from === id ? "/from" : "/to",
        constraint: "enum",
        message: `No rule set for "${id}"; assessable: ${[...assess.ruleSets.keys()].sort().join(", ")}.`,
      })),
    );
  }
  // Assessed here rather than by the job executor (it needs every rule set), so the stored reviews are read
  // here too, as `assessInService` does for assessments.
  const reviews = await storedReviewMap(ctx.repos);
  const { reviews: _ignored, ...rest } = input;
  const outcome = await compareWithEvidence({
    ctx: { assess, data: recognitionData() },
    input: { ...rest, asOf: input.asOf ?? nowIso(ctx).slice(0, 10), ...(reviews.size > 0 ? { reviews } : {}) },
  });
  if (!outcome.ok) return invalidInput(outcome.issues, outcome.omitted);
  return success(outcome.value);
}
