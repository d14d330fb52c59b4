/**
 * Organisations (manufacturers, authorities): created by platform operators or by `keys create` at bootstrap.
 * An organisation's admin sees its own organisation only; any other is "not found".
 */
import type { OrganizationRecord, Page, Paged, TenantScope } from "../db/port.js";
import { controlCharacterIssue } from "../domain/plain-text.js";
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

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * Slugs under this prefix belong to the demo data `cra-assessor db seed` loads. Keeping them out of reach of
 * ordinary creation is what lets the seed recognise its own organisations and never write into a user's.
 */
export const DEMO_ORGANIZATION_PREFIX = "cra-assessor-demo-";

/** A readable, URL-safe handle from a name: "Acme Devices GmbH" → "acme-devices-gmbh". */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/g, "");
}

export async function createOrganization({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  /** `demo` is set only by the demo seed: it alone may use the reserved demo slugs. */
  input: { name: string; slug?: string; demo?: boolean };
}): Promise<ServiceResult<OrganizationRecord, Forbidden | InvalidInput | Conflict>> {
  const allowed = authorize(ctx.principal, "organization:create");
  if (!allowed.ok) return allowed;
  const name = input.name.trim();
  const slug = input.slug ?? slugify(name);
  if (name.length === 0 || name.length > 200) {
    return invalidInput([{ path: "/name", constraint: "length", message: "A name of 1 to 200 characters is needed." }]);
  }
  const control = controlCharacterIssue(name, "/name", "line");
  if (control) return invalidInput([control]);
  if (!SLUG.test(slug)) {
    return invalidInput([
      {
        path: input.slug === undefined ? "/name" : "/slug",
        constraint: "pattern",
        message: "The slug must be 1–64 lower-case letters, digits or inner hyphens.",
      },
    ]);
  }
  if (slug.startsWith(DEMO_ORGANIZATION_PREFIX) !== (input.demo === true)) {
    return invalidInput([
      {
        path: input.slug === undefined ? "/name" : "/slug",
        constraint: "reserved",
        message: input.demo
          ? `Demo organisations take a slug starting with ${DEMO_ORGANIZATION_PREFIX}.`
          : `Slugs starting with ${DEMO_ORGANIZATION_PREFIX} are reserved for the demo data of \`cra-assessor db seed\`; choose another name or slug.`,
      },
    ]);
  }
  if (await ctx.repos.organizations.findBySlug(slug)) {
    return { ok: false, failure: { kind: "conflict", message: `Organisation ${slug} already exists.` } };
  }
  const at = nowIso(ctx);
  const record: OrganizationRecord = { id: ctx.newId("org"), slug, name, createdAt: at };
  await ctx.repos.organizations.create(record, {
    at,
    organizationId: record.id,
    actor: ctx.principal.actor,
    action: "organization.created",
    subjectType: "organization",
    subjectId: record.id,
    details: { slug, name },
  });
  return success(record);
}

/** Finds an organisation by id or slug; with `create`, makes it (from the given name) when it is missing. */
export async function findOrCreateOrganization({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { organization: string; create: boolean };
}): Promise<ServiceResult<OrganizationRecord, Forbidden | NotFound | InvalidInput | Conflict>> {
  const allowed = authorize(ctx.principal, "organization:read");
  if (!allowed.ok) return allowed;
  const found =
    (await ctx.repos.organizations.findById(input.organization)) ??
    (await ctx.repos.organizations.findBySlug(slugify(input.organization)));
  if (found && inScope(allowed.value, found.id)) return success(found);
  if (found) return notFound("organization", input.organization);
  if (!input.create) return notFound("organization", input.organization);
  return createOrganization({ ctx, input: { name: input.organization } });
}

export async function listOrganizations({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: Page;
}): Promise<ServiceResult<Paged<OrganizationRecord>, Forbidden>> {
  const allowed = authorize(ctx.principal, "organization:read");
  if (!allowed.ok) return allowed;
  if (allowed.value.kind === "organization") {
    const own = await ctx.repos.organizations.findById(allowed.value.organizationId);
    const items = own ? [own] : [];
    return success({ items: items.slice(input.offset, input.offset + input.limit), total: items.length, ...input });
  }
  return success(await ctx.repos.organizations.list(input));
}

export async function getOrganization({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): Promise<ServiceResult<OrganizationRecord, Forbidden | NotFound>> {
  const allowed = authorize(ctx.principal, "organization:read");
  if (!allowed.ok) return allowed;
  const found = await ctx.repos.organizations.findById(input.id);
  return found && inScope(allowed.value, found.id) ? success(found) : notFound("organization", input.id);
}

function inScope(scope: TenantScope, organizationId: string): boolean {
  return scope.kind === "all" || scope.organizationId === organizationId;
}
