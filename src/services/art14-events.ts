/**
 * Article 14 events as use cases: record an event (or replace it), record a report sent, list events with their
 * deadline states, list what is due or overdue, and draft the reports and the Art. 14(8) user advisory. The same
 * functions serve the CLI (`events add|report|list|due|draft`) and the API (routes/events).
 *
 * Who may do what: manufacturers and their organisation's admins record and read their own organisation's
 * events; regulators read every organisation's ("for regulators, across all organisations"); `ci` keys
 * read their organisation's, for scheduled jobs; the local command line acts for every organisation of its
 * database. Every recorded event or report is appended to the audit trail in the same transaction.
 */
import { z } from "zod";
import { validateCsaf } from "../advisories/csaf.js";
import type { Art14EventStore } from "../advisories/store.js";
import type { TenantScope } from "../db/port.js";
import {
  ART14_EVENT_KINDS,
  type Art14Event,
  type Art14Status,
  art14Status,
  draftReport,
  draftUserAdvisory,
  type NotificationDraft,
  REPORT_STAGES,
  type ReportStage,
  toMemberState,
} from "../domain/art14.js";
import type { InputIssue } from "../domain/input-issue.js";
import { may } from "./access.js";
import type { Forbidden, InvalidInput, NotFound, Principal, ServiceResult } from "./context.js";
import { failure, invalidInput, notFound, success } from "./context.js";
import { plainText, readWith } from "./input.js";

export interface Art14Context {
  events: Art14EventStore;
  now: () => Date;
  newId: (prefix: string) => string;
  principal: Principal;
}

function authorizeArt14(
  principal: Principal,
  action: "event:write" | "event:read",
): ServiceResult<TenantScope, Forbidden> {
  if (principal.local) return success({ kind: "all" });
  if (!may(principal, action)) return failure({ kind: "forbidden", action, role: principal.role });
  return success(
    principal.role === "regulator"
      ? { kind: "all" }
      : { kind: "organization", organizationId: principal.organizationId },
  );
}

const instant = z
  .string()
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
    {
      message: "An ISO 8601 date-time with a time zone, e.g. 2026-10-01T08:00:00Z.",
    },
  )
  .transform((s) => new Date(s).toISOString());
const memberState = z.string().refine((s) => toMemberState(s) !== undefined, {
  message: "An EU Member State as an ISO 3166-1 alpha-2 code (DE, FR, …; EL for Greece is accepted).",
});
const text = plainText(z.string().trim().min(1).max(10_000), "prose");
const line = (max: number) => plainText(z.string().trim().min(1).max(max), "line");

export const art14EventInputSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,80}$/)
      .optional(),
    kind: z.enum(ART14_EVENT_KINDS),
    title: line(300),
    product: z.object({
      name: line(300),
      version: plainText(z.string().max(100), "line").optional(),
      identifiers: z
        .array(plainText(z.string().max(2000), "line"))
        .max(100)
        .default([]),
    }),
    awareAt: instant,
    measureAvailableAt: instant.optional(),
    reports: z
      .array(
        z.object({
          stage: z.enum(REPORT_STAGES),
          sentAt: instant,
          reference: plainText(z.string().max(500), "line").optional(),
        }),
      )
      .max(50)
      .default([]),
    manufacturer: z.object({
      name: line(300),
      website: z.string().url().optional(),
      enterpriseSize: z.enum(["micro", "small", "medium", "large"]).optional(),
      ossSteward: z.boolean().optional(),
      mainEstablishment: memberState.optional(),
      authorisedRepresentative: memberState.optional(),
      importer: memberState.optional(),
      distributor: memberState.optional(),
      mostUsers: memberState.optional(),
    }),
    vulnerabilityIds: z
      .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/))
      .max(100)
      .default([]),
    description: text.optional(),
    maliciousActSuspected: z.boolean().optional(),
    memberStatesAvailable: z.array(memberState).max(27).default([]),
    measuresTaken: z.array(text).max(50).default([]),
    measuresForUsers: z.array(text).max(50).default([]),
    sensitivity: text.max(500).optional(),
    severity: text.max(100).optional(),
    impact: text.optional(),
    rootCause: text.optional(),
    maliciousActor: text.optional(),
    correctiveMeasure: text.optional(),
    fixedVersion: plainText(z.string().max(100), "line").optional(),
  })
  .strict();

export type Art14EventInput = z.input<typeof art14EventInputSchema>;

/** Cross-field checks: a report cannot be sent before the manufacturer became aware of the event. */
function consistencyIssues(event: Art14Event): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const [i, report] of event.reports.entries()) {
    if (Date.parse(report.sentAt) < Date.parse(event.awareAt)) {
      issues.push({
        path: `/reports/${i}/sentAt`,
        constraint: "order",
        message: "A report cannot be sent before awareAt.",
      });
    }
  }
  return issues;
}

function normalizeEvent(data: z.output<typeof art14EventInputSchema>, id: string, organizationId: string): Art14Event {
  const ms = (code: string | undefined) => (code ? toMemberState(code) : undefined);
  const m = data.manufacturer;
  const manufacturer: Art14Event["manufacturer"] = { name: m.name };
  if (m.website) manufacturer.website = m.website;
  if (m.enterpriseSize) manufacturer.enterpriseSize = m.enterpriseSize;
  if (m.ossSteward !== undefined) manufacturer.ossSteward = m.ossSteward;
  for (const key of [
    "mainEstablishment",
    "authorisedRepresentative",
    "importer",
    "distributor",
    "mostUsers",
  ] as const) {
    const code = ms(m[key]);
    if (code) manufacturer[key] = code;
  }
  const event: Art14Event = {
    id,
    organizationId,
    kind: data.kind as Art14Event["kind"],
    title: data.title,
    product: { name: data.product.name, identifiers: [...data.product.identifiers].sort() },
    awareAt: data.awareAt,
    reports: data.reports
      .map((r) => ({
        stage: r.stage as ReportStage,
        sentAt: r.sentAt,
        ...(r.reference ? { reference: r.reference } : {}),
      }))
      .sort((a, b) => (a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : 0)),
    manufacturer,
    vulnerabilityIds: [...new Set(data.vulnerabilityIds)].sort(),
    memberStatesAvailable: [...new Set(data.memberStatesAvailable.map((c) => toMemberState(c) as string))].sort(),
    measuresTaken: data.measuresTaken,
    measuresForUsers: data.measuresForUsers,
  };
  if (data.product.version) event.product.version = data.product.version;
  for (const key of [
    "measureAvailableAt",
    "description",
    "sensitivity",
    "severity",
    "impact",
    "rootCause",
    "maliciousActor",
    "correctiveMeasure",
    "fixedVersion",
  ] as const) {
    const value = data[key];
    if (value !== undefined) event[key] = value;
  }
  if (data.maliciousActSuspected !== undefined) event.maliciousActSuspected = data.maliciousActSuspected;
  return event;
}

/** Records a new event, or replaces the one with the same id in the caller's organisation. */
export async function recordArt14Event({
  ctx,
  input,
}: {
  ctx: Art14Context;
  input: { organizationId: string; event: unknown };
}): Promise<ServiceResult<Art14Event, Forbidden | NotFound | InvalidInput>> {
  const allowed = authorizeArt14(ctx.principal, "event:write");
  if (!allowed.ok) return allowed;
  const read = readWith(art14EventInputSchema, input.event);
  if (!read.ok) return invalidInput(read.issues, read.omitted);
  const event = normalizeEvent(read.value, read.value.id ?? ctx.newId("evt"), input.organizationId);
  const issues = consistencyIssues(event);
  if (issues.length > 0) return invalidInput(issues);
  const at = ctx.now().toISOString();
  const stored = await ctx.events.put(allowed.value, event, at, {
    at,
    organizationId: event.organizationId,
    actor: ctx.principal.actor,
    action: "art14-event.recorded",
    subjectType: "art14-event",
    subjectId: event.id,
    details: {
      kind: event.kind,
      awareAt: event.awareAt,
      reports: event.reports.map((r) => ({ stage: r.stage, sentAt: r.sentAt })),
      ...(event.measureAvailableAt ? { measureAvailableAt: event.measureAvailableAt } : {}),
    },
  });
  return stored ? success(stored) : notFound("event", event.id);
}

/** Adds a sent report (early warning, notification, final report) or the measure's availability to an event. */
export async function recordArt14Progress({
  ctx,
  input,
}: {
  ctx: Art14Context;
  input: { id: string; report?: { stage: string; sentAt: string; reference?: string }; measureAvailableAt?: string };
}): Promise<ServiceResult<Art14Event, Forbidden | NotFound | InvalidInput>> {
  const allowed = authorizeArt14(ctx.principal, "event:write");
  if (!allowed.ok) return allowed;
  const existing = await ctx.events.get(allowed.value, input.id);
  if (!existing) return notFound("event", input.id);
  const { organizationId, ...rest } = existing;
  const next: Record<string, unknown> = { ...rest, reports: [...existing.reports] };
  if (input.report) (next.reports as unknown[]).push(input.report);
  if (input.measureAvailableAt !== undefined) next.measureAvailableAt = input.measureAvailableAt;
  return recordArt14Event({ ctx, input: { organizationId, event: next } });
}

export interface Art14Listing {
  asOf: string;
  events: Art14Status[];
  /** True when any deadline is overdue (the CLI's `events due` exits 1). */
  overdue: boolean;
}

export async function listArt14Events({
  ctx,
  input,
}: {
  ctx: Art14Context;
  input: { organizationId?: string; onlyOpen?: boolean; asOf?: string };
}): Promise<ServiceResult<Art14Listing, Forbidden>> {
  const allowed = authorizeArt14(ctx.principal, "event:read");
  if (!allowed.ok) return allowed;
  let scope = allowed.value;
  if (input.organizationId !== undefined) {
    // Narrowing only: a manufacturer asking for another organisation gets an empty list, never its events.
    if (scope.kind === "organization" && scope.organizationId !== input.organizationId) {
      return success({ asOf: input.asOf ?? ctx.now().toISOString(), events: [], overdue: false });
    }
    scope = { kind: "organization", organizationId: input.organizationId };
  }
  const asOf = input.asOf ?? ctx.now().toISOString();
  const statuses = (await ctx.events.list(scope)).map((event) => art14Status(event, asOf));
  const events = input.onlyOpen ? statuses.filter((s) => s.state === "due" || s.state === "overdue") : statuses;
  return success({ asOf, events, overdue: events.some((s) => s.state === "overdue") });
}

/** What can be drafted for an event: each report, and the Art. 14(8) user advisory. */
export const ART14_DRAFT_KINDS = [...REPORT_STAGES, "user-advisory"] as const;
export type Art14DraftKind = (typeof ART14_DRAFT_KINDS)[number];

export async function draftArt14({
  ctx,
  input,
}: {
  ctx: Art14Context;
  input: { id: string; draft: Art14DraftKind };
}): Promise<ServiceResult<NotificationDraft | Record<string, unknown>, Forbidden | NotFound>> {
  const allowed = authorizeArt14(ctx.principal, "event:read");
  if (!allowed.ok) return allowed;
  const event = await ctx.events.get(allowed.value, input.id);
  if (!event) return notFound("event", input.id);
  const now = ctx.now().toISOString();
  if (input.draft !== "user-advisory") return success(draftReport(event, input.draft, now));
  const csaf = draftUserAdvisory(event, now);
  const issues = validateCsaf(csaf, "user-advisory");
  // Our own output failing the CSAF shape is a program fault, not the caller's input.
  if (issues.length > 0) throw new Error(`Drafted CSAF document is not valid: ${JSON.stringify(issues)}`);
  return success(csaf);
}

/** One event with its deadline states. */
export async function getArt14Event({
  ctx,
  input,
}: {
  ctx: Art14Context;
  input: { id: string; asOf?: string };
}): Promise<ServiceResult<{ event: Art14Event; status: Art14Status }, Forbidden | NotFound>> {
  const allowed = authorizeArt14(ctx.principal, "event:read");
  if (!allowed.ok) return allowed;
  const event = await ctx.events.get(allowed.value, input.id);
  if (!event) return notFound("event", input.id);
  return success({ event, status: art14Status(event, input.asOf ?? ctx.now().toISOString()) });
}
