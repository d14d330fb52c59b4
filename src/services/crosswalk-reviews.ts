/**
 * Regulators' work on the recognition data, as use cases shared by HTTP and CLI: reviews of crosswalk rows
 * (`recordCrosswalkReview`, `listCrosswalkReviews`) and draft arrangements kept per regulator
 * (`storeDraftArrangement`, `listDraftArrangements`, `getDraftArrangement`, `simulateStoredDraft`).
 *
 * A review is always recorded in the name of the caller's own organisation, and only by a regulator. Reviews are
 * statements about shared data (the shipped crosswalks), so every role that may read frameworks reads them, and
 * assessments use them to say whether a mapping they relied on has an agreeing review. Drafts are the regulator's
 * own: another organisation's draft is not found.
 */
import { createHash } from "node:crypto";
import { parseArrangementText } from "../crosswalk/arrangement.js";
import { mappingKey } from "../crosswalk/recognition.js";
import { seedRecognitionData } from "../crosswalk/seeds.js";
import type { CrosswalkReviewRecord, DraftArrangementRecord, Repositories } from "../db/port.js";
import { type MappingReview, RELATIONSHIPS, type Relationship, type ReviewVerdict } from "../domain/crosswalk.js";
import type { InputIssue } from "../domain/input-issue.js";
import { controlCharacterIssue } from "../domain/plain-text.js";
import { isIsoDate } from "../domain/waivers.js";
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
import { simulateOverPortfolio } from "./frameworks.js";
import type { SimulationResult } from "./simulate-arrangement.js";

export interface CrosswalkReviewInput {
  crosswalkId: string;
  source: string;
  target: string;
  reviewer: string;
  verdict: ReviewVerdict;
  relationship?: Relationship;
  comment?: string;
  /** YYYY-MM-DD; today (the injected clock) when left out. */
  date?: string;
}

/** A review as listed: the stored ones with their id, the shipped ones marked as coming from the crosswalk file. */
export interface ListedReview extends MappingReview {
  source: string;
  target: string;
  origin: "crosswalk-file" | "recorded";
  id?: string;
}

const field = (path: string, message: string, constraint = "value") => ({ path, constraint, message, source: "body" });

/**
 * Records a regulator's review of one crosswalk row, audited in the hash chain.
 *
 * @example
 * await recordCrosswalkReview({ ctx, input: { crosswalkId: "uk-psti--cra", source: "UKPSTI-S1-1.2",
 *   target: "CRA-AI-P1-2b", reviewer: "A. Analyst", verdict: "agree" } });
 */
export async function recordCrosswalkReview({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CrosswalkReviewInput;
}): Promise<ServiceResult<CrosswalkReviewRecord, Forbidden | NotFound | InvalidInput>> {
  const allowed = authorize(ctx.principal, "crosswalk:review");
  if (!allowed.ok) return allowed;
  const crosswalk = seedRecognitionData().crosswalks.find((c) => c.id === input.crosswalkId);
  if (!crosswalk) return notFound("crosswalk", input.crosswalkId);
  const issues: InputIssue[] = [];
  if (!crosswalk.mappings.some((m) => m.source === input.source && m.target === input.target)) {
    issues.push(
      field(
        "/source",
        `${crosswalk.id} has no row ${input.source} → ${input.target}; review a row the crosswalk has.`,
        "reference",
      ),
    );
  }
  if (input.reviewer.trim().length === 0) issues.push(field("/reviewer", "Name the reviewer.", "required"));
  for (const control of [
    controlCharacterIssue(input.reviewer, "/reviewer", "line"),
    controlCharacterIssue(input.comment, "/comment", "prose"),
  ]) {
    if (control) issues.push(control);
  }
  if (input.verdict === "changed" && input.relationship === undefined) {
    issues.push(
      field(
        "/relationship",
        `A "changed" review names the relationship the reviewer holds right (${RELATIONSHIPS.join(", ")}).`,
        "required",
      ),
    );
  }
  if (input.verdict !== "changed" && input.relationship !== undefined) {
    issues.push(field("/relationship", 'Only a "changed" review names a relationship.', "consistency"));
  }
  const today = nowIso(ctx).slice(0, 10);
  const date = input.date ?? today;
  if (!isIsoDate(date)) issues.push(field("/date", "Expected a calendar date written YYYY-MM-DD.", "format"));
  else if (date > today) issues.push(field("/date", `The review date ${date} is after today (${today}).`, "range"));
  if (issues.length > 0) return invalidInput(issues);
  const organization = await ctx.repos.organizations.findById(ctx.principal.organizationId);
  if (!organization) return notFound("organization", ctx.principal.organizationId);
  const at = nowIso(ctx);
  const record: CrosswalkReviewRecord = {
    id: ctx.newId("rev"),
    organizationId: organization.id,
    crosswalkId: crosswalk.id,
    source: input.source,
    target: input.target,
    reviewer: input.reviewer.trim(),
    organisation: organization.name,
    date,
    verdict: input.verdict,
    relationship: input.relationship ?? null,
    comment: input.comment?.trim() ? input.comment.trim() : null,
    createdAt: at,
  };
  const stored = await ctx.repos.crosswalkReviews.create(record, {
    at,
    organizationId: organization.id,
    actor: ctx.principal.actor,
    action: "crosswalk-review.recorded",
    subjectType: "crosswalk",
    subjectId: crosswalk.id,
    details: {
      review: record.id,
      source: record.source,
      target: record.target,
      verdict: record.verdict,
      relationship: record.relationship,
      reviewer: record.reviewer,
      date: record.date,
    },
  });
  return success(stored);
}

/** Every review of a crosswalk: those its file carries, then those recorded, each row's oldest first. */
export async function listCrosswalkReviews({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { crosswalkId: string };
}): Promise<ServiceResult<ListedReview[], Forbidden | NotFound>> {
  const allowed = authorize(ctx.principal, "framework:read");
  if (!allowed.ok) return allowed;
  const crosswalk = seedRecognitionData().crosswalks.find((c) => c.id === input.crosswalkId);
  if (!crosswalk) return notFound("crosswalk", input.crosswalkId);
  const shipped: ListedReview[] = crosswalk.mappings.flatMap((m) =>
    (m.reviews ?? []).map((r) => ({ ...r, source: m.source, target: m.target, origin: "crosswalk-file" as const })),
  );
  const recorded = (await ctx.repos.crosswalkReviews.list({ crosswalkId: crosswalk.id })).map(toListed);
  return success(
    [...shipped, ...recorded].sort(
      (a, b) =>
        a.source.localeCompare(b.source) ||
        a.target.localeCompare(b.target) ||
        a.date.localeCompare(b.date) ||
        (a.origin === b.origin ? 0 : a.origin === "crosswalk-file" ? -1 : 1),
    ),
  );
}

function toListed(r: CrosswalkReviewRecord): ListedReview {
  return {
    id: r.id,
    origin: "recorded",
    source: r.source,
    target: r.target,
    ...toReview(r),
  };
}

function toReview(r: CrosswalkReviewRecord): MappingReview {
  return {
    reviewer: r.reviewer,
    organisation: r.organisation,
    date: r.date,
    verdict: r.verdict,
    ...(r.relationship ? { relationship: r.relationship as Relationship } : {}),
    ...(r.comment ? { comment: r.comment } : {}),
  };
}

/** Stored reviews by crosswalk row (`mappingKey`), for recognition and exports. */
export async function storedReviewMap(
  repos: Pick<Repositories, "crosswalkReviews">,
  crosswalkId?: string,
): Promise<Map<string, MappingReview[]>> {
  const map = new Map<string, MappingReview[]>();
  for (const r of await repos.crosswalkReviews.list(crosswalkId ? { crosswalkId } : {})) {
    const key = mappingKey(r.crosswalkId, r.source, r.target);
    const list = map.get(key) ?? [];
    list.push(toReview(r));
    map.set(key, list);
  }
  return map;
}

/** Stores the next version of one of the caller's draft arrangements (checked like any arrangement file). */
export async function storeDraftArrangement({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { text: string; mediaType: string };
}): Promise<ServiceResult<DraftArrangementRecord, Forbidden | InvalidInput>> {
  const allowed = authorize(ctx.principal, "arrangement:draft");
  if (!allowed.ok) return allowed;
  const parsed = parseArrangementText(input.text, "arrangement", seedRecognitionData().catalogs);
  if (!parsed.ok) return invalidInput(parsed.issues);
  if (parsed.value.status !== "draft") {
    return invalidInput([
      {
        path: "/status",
        constraint: "value",
        message: `A stored draft has status "draft", not "${parsed.value.status}".`,
        source: "arrangement",
      },
    ]);
  }
  const at = nowIso(ctx);
  const organizationId = ctx.principal.organizationId;
  const stored = await ctx.repos.draftArrangements.put(
    {
      id: ctx.newId("dra"),
      organizationId,
      arrangementId: parsed.value.id,
      title: parsed.value.title,
      mediaType: input.mediaType,
      content: input.text,
      sha256: createHash("sha256").update(input.text, "utf8").digest("hex"),
      createdAt: at,
    },
    (version) => ({
      at,
      organizationId,
      actor: ctx.principal.actor,
      action: "draft-arrangement.stored",
      subjectType: "draft-arrangement",
      subjectId: `${parsed.value.id}/${version}`,
      details: { arrangement: parsed.value.id, version },
    }),
  );
  return success(stored);
}

export async function listDraftArrangements({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<ServiceResult<DraftArrangementRecord[], Forbidden>> {
  const allowed = authorize(ctx.principal, "arrangement:draft");
  if (!allowed.ok) return allowed;
  return success(await ctx.repos.draftArrangements.list(ctx.principal.organizationId));
}

export async function getDraftArrangement({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { arrangementId: string };
}): Promise<ServiceResult<DraftArrangementRecord, Forbidden | NotFound>> {
  const allowed = authorize(ctx.principal, "arrangement:draft");
  if (!allowed.ok) return allowed;
  const draft = await ctx.repos.draftArrangements.latest(ctx.principal.organizationId, input.arrangementId);
  return draft ? success(draft) : notFound("draft-arrangement", input.arrangementId);
}

/** Re-simulates the latest version of one of the caller's stored drafts over the stored portfolio. */
export async function simulateStoredDraft({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { arrangementId: string; asOf?: string };
}): Promise<ServiceResult<SimulationResult, Forbidden | NotFound | InvalidInput>> {
  const draft = await getDraftArrangement({ ctx, input });
  if (!draft.ok) return draft;
  const allowed = authorize(ctx.principal, "arrangement:simulate");
  if (!allowed.ok) return allowed;
  const parsed = parseArrangementText(draft.value.content, draft.value.arrangementId, seedRecognitionData().catalogs);
  if (!parsed.ok) return invalidInput(parsed.issues);
  return simulateOverPortfolio(ctx, allowed.value, parsed.value, input.asOf);
}
