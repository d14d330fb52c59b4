/**
 * API keys: random, shown once, stored only as a SHA-256 hash. A key is 32 random bytes in
 * base64url behind a `cra_` prefix, so secret scanners can recognise it. SHA-256 without a salt is enough here:
 * the input is 256 bits of randomness, not a password, so there is nothing to brute-force.
 */
import { createHash, randomBytes } from "node:crypto";
import type { ApiKeyRecord, Repositories, Role } from "../db/port.js";
import { ROLES } from "../db/port.js";
import type { InputIssue } from "../domain/input-issue.js";
import { controlCharacterIssue } from "../domain/plain-text.js";
import { authorize } from "./access.js";
import {
  type Conflict,
  type Forbidden,
  failure,
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
import { findOrCreateOrganization } from "./organizations.js";

export const API_KEY_PREFIX = "cra_";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** The principal a bearer token stands for, or null when the key is unknown or revoked. */
export async function authenticateApiKey(repos: Repositories, token: string): Promise<Principal | null> {
  // Reject absurd tokens before hashing: a key is 47 characters.
  if (token.length === 0 || token.length > 256) return null;
  const record = await repos.apiKeys.findByHash(hashApiKey(token));
  if (!record || record.revokedAt) return null;
  return { actor: record.id, organizationId: record.organizationId, role: record.role, productIds: record.productIds };
}

export interface CreateApiKeyInput {
  /** Organisation slug or id. With `createOrganization`, an unknown slug creates it (CLI bootstrap). */
  organization: string;
  role: string;
  productIds?: string[];
  label?: string;
  createOrganization?: boolean;
}

export interface CreatedApiKey {
  /** The key itself. Shown once: only its hash is stored. */
  key: string;
  record: Omit<ApiKeyRecord, "keyHash">;
}

export async function createApiKey({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateApiKeyInput;
}): Promise<ServiceResult<CreatedApiKey, Forbidden | NotFound | InvalidInput | Conflict>> {
  const allowed = authorize(ctx.principal, "key:manage");
  if (!allowed.ok) return allowed;
  const issues: InputIssue[] = [];
  if (!(ROLES as readonly string[]).includes(input.role)) {
    issues.push({ path: "/role", constraint: "enum", message: `Role must be one of ${ROLES.join(", ")}.` });
  }
  const productIds = [...new Set(input.productIds ?? [])].sort();
  if (input.role === "ci" && productIds.length === 0) {
    issues.push({
      path: "/productIds",
      constraint: "required",
      message: "A ci key acts for named products: give at least one product id.",
    });
  }
  if (input.role !== "ci" && productIds.length > 0) {
    issues.push({ path: "/productIds", constraint: "not-allowed", message: "Only ci keys are limited to products." });
  }
  const label = controlCharacterIssue(input.label, "/label", "line");
  if (label) issues.push(label);
  if (issues.length > 0) return invalidInput(issues);
  // Platform-wide keys are minted only where the database itself is at hand; regulator keys read every
  // organisation, so an organisation's own admin may not make them either.
  if (input.role === "operator" && !ctx.principal.local) {
    return failure({ kind: "forbidden", action: "key:create-operator", role: ctx.principal.role });
  }
  if (input.role === "regulator" && ctx.principal.role !== "operator") {
    return failure({ kind: "forbidden", action: "key:create-regulator", role: ctx.principal.role });
  }

  const organization = await findOrCreateOrganization({
    ctx,
    input: { organization: input.organization, create: input.createOrganization ?? false },
  });
  if (!organization.ok) return organization;
  const orgScope = { kind: "organization", organizationId: organization.value.id } as const;
  for (const [index, productId] of productIds.entries()) {
    if (!(await ctx.repos.products.get(orgScope, productId))) {
      issues.push({
        path: `/productIds/${index}`,
        constraint: "exists",
        message: `Product ${productId} does not exist in organisation ${organization.value.slug}.`,
      });
    }
  }
  if (issues.length > 0) return invalidInput(issues);

  const key = generateApiKey();
  const at = nowIso(ctx);
  const record: ApiKeyRecord = {
    id: ctx.newId("key"),
    organizationId: organization.value.id,
    role: input.role as Role,
    keyHash: hashApiKey(key),
    prefix: key.slice(0, API_KEY_PREFIX.length + 6),
    productIds,
    label: input.label ?? null,
    createdAt: at,
    revokedAt: null,
  };
  await ctx.repos.apiKeys.create(record, {
    at,
    organizationId: record.organizationId,
    actor: ctx.principal.actor,
    action: "api-key.created",
    subjectType: "api-key",
    subjectId: record.id,
    details: { role: record.role, prefix: record.prefix, productIds: record.productIds },
  });
  const { keyHash: _hash, ...shown } = record;
  return success({ key, record: shown });
}

export async function revokeApiKey({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): Promise<ServiceResult<{ id: string }, Forbidden | NotFound>> {
  const allowed = authorize(ctx.principal, "key:manage");
  if (!allowed.ok) return allowed;
  const existing = await ctx.repos.apiKeys.findById(input.id);
  const scope = allowed.value;
  if (!existing || (scope.kind === "organization" && existing.organizationId !== scope.organizationId)) {
    return { ok: false, failure: { kind: "not-found", resource: "api-key", id: input.id } };
  }
  const at = nowIso(ctx);
  const revoked = await ctx.repos.apiKeys.revoke(input.id, at, {
    at,
    organizationId: existing.organizationId,
    actor: ctx.principal.actor,
    action: "api-key.revoked",
    subjectType: "api-key",
    subjectId: input.id,
    details: {},
  });
  if (!revoked) return { ok: false, failure: { kind: "not-found", resource: "api-key", id: input.id } };
  return success({ id: input.id });
}

/** An organisation's keys (never the keys themselves: only their prefixes, roles and state). */
export async function listApiKeys({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { organizationId: string };
}): Promise<ServiceResult<Omit<ApiKeyRecord, "keyHash">[], Forbidden | NotFound>> {
  const allowed = authorize(ctx.principal, "key:manage");
  if (!allowed.ok) return allowed;
  // An organisation's admin sees its own keys only; another organisation is simply not found.
  if (allowed.value.kind === "organization" && allowed.value.organizationId !== input.organizationId) {
    return notFound("organization", input.organizationId);
  }
  const keys = await ctx.repos.apiKeys.listByOrganization(input.organizationId);
  return success(keys.map(({ keyHash: _hash, ...shown }) => shown));
}
