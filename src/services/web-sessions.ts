/**
 * Browser sessions for the web interface: an API key is exchanged once for a random session token carried in a
 * cookie, so the key never travels again and never appears in a URL or a page. The session acts as the key's
 * principal (same role, same tenant scope); revoking the key ends every session opened with it.
 *
 * Expiry: idle for `IDLE_MS`, or `ABSOLUTE_MS` after sign-in whatever the activity (OWASP session guidance:
 * short idle timeouts for applications handling sensitive records; the absolute cap bounds a stolen cookie).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Repositories, WebSessionRecord } from "../db/port.js";
import type { Principal, ServiceDeps } from "./context.js";
import { authenticateApiKey } from "./keys.js";

export const IDLE_MS = 30 * 60 * 1000;
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** `lastSeenAt` is written at most this often, so reading pages does not turn into a write per request. */
export const TOUCH_EVERY_MS = 60 * 1000;

export interface WebSession {
  id: string;
  principal: Principal;
  csrfToken: string;
}

export type SessionLookup = { ok: true; session: WebSession } | { ok: false; reason: "none" | "expired" | "revoked" };

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Compares two secrets in constant time (a CSRF token is a secret too). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Opens a session for a valid, unrevoked API key. Returns the cookie token (shown to the browser once, stored
 * only as its hash) and the session, or null for an unknown or revoked key.
 */
export async function signIn({
  ctx,
  input,
}: {
  ctx: Pick<ServiceDeps, "repos" | "now" | "newId">;
  input: { apiKey: string };
}): Promise<{ token: string; session: WebSession } | null> {
  const principal = await authenticateApiKey(ctx.repos, input.apiKey.trim());
  if (!principal) return null;
  const now = ctx.now();
  // Sign-in is a good moment to sweep sessions that ended, so the table does not grow without bound.
  await ctx.repos.webSessions.deleteExpired(new Date(now.getTime() - IDLE_MS).toISOString(), now.toISOString());
  const token = newSecret();
  const record: WebSessionRecord = {
    id: ctx.newId("ses"),
    tokenHash: sha256(token),
    apiKeyId: principal.actor,
    csrfToken: newSecret(),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ABSOLUTE_MS).toISOString(),
  };
  await ctx.repos.webSessions.create(record);
  return { token, session: { id: record.id, principal, csrfToken: record.csrfToken } };
}

/** The session a cookie token stands for, moving its idle clock forward; expired or revoked ones are removed. */
export async function resolveWebSession({
  ctx,
  input,
}: {
  ctx: Pick<ServiceDeps, "repos" | "now">;
  input: { token: string };
}): Promise<SessionLookup> {
  if (input.token.length === 0 || input.token.length > 100) return { ok: false, reason: "none" };
  const repos: Repositories = ctx.repos;
  const record = await repos.webSessions.findByTokenHash(sha256(input.token));
  if (!record) return { ok: false, reason: "none" };
  const now = ctx.now().getTime();
  if (now - Date.parse(record.lastSeenAt) >= IDLE_MS || now >= Date.parse(record.expiresAt)) {
    await repos.webSessions.delete(record.id);
    return { ok: false, reason: "expired" };
  }
  const key = await repos.apiKeys.findById(record.apiKeyId);
  if (!key || key.revokedAt) {
    await repos.webSessions.delete(record.id);
    return { ok: false, reason: "revoked" };
  }
  if (now - Date.parse(record.lastSeenAt) >= TOUCH_EVERY_MS) {
    await repos.webSessions.touch(record.id, new Date(now).toISOString());
  }
  return {
    ok: true,
    session: {
      id: record.id,
      csrfToken: record.csrfToken,
      principal: { actor: key.id, organizationId: key.organizationId, role: key.role, productIds: key.productIds },
    },
  };
}

export async function signOut({ ctx, input }: { ctx: Pick<ServiceDeps, "repos">; input: { sessionId: string } }) {
  await ctx.repos.webSessions.delete(input.sessionId);
}
