/**
 * Sessions, CSRF and security headers of the web interface.
 *
 * - The session cookie is `HttpOnly` (no script reads it), `SameSite=Strict` (no other site's page sends it),
 *   `Secure` when the request came over TLS, and scoped to `/`. It holds a random token; the database holds its hash.
 * - Every state-changing form carries the session's CSRF token in a hidden field, compared in constant time
 *   (OWASP synchronizer-token pattern). A request whose `Origin` names another site is refused as well.
 * - Sign-in happens before a session exists, so its form uses a double-submit token: a random cookie that the
 *   hidden field must repeat (a forged cross-site sign-in cannot read or set it).
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Principal } from "../../services/context.js";
import { newSecret, resolveWebSession, sameSecret, type WebSession } from "../../services/web-sessions.js";
import type { AppDeps } from "../env.js";
import { errorPage } from "./render.js";

export const SESSION_COOKIE = "cra_session";
export const SIGN_IN_COOKIE = "cra_signin";
export const CSRF_FIELD = "_csrf";

export type FormBody = Record<string, string | File | (string | File)[]>;

export type WebEnv = {
  Variables: {
    deps: AppDeps;
    principal: Principal;
    session: WebSession;
    form: FormBody;
  };
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/** Headers every page carries: the CSP, no sniffing, no framing, no referrer (with record ids) to other sites, no caching of records. */
export const PAGE_HEADERS: Record<string, string> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  // `same-origin`, not `no-referrer`: under `no-referrer` Chromium sends `Origin: null` on form posts, which the
  // same-origin check below could not tell from a forged one. Other sites still receive no referrer.
  "referrer-policy": "same-origin",
  "cache-control": "no-store",
};

export function isTls(c: Context): boolean {
  return new URL(c.req.url).protocol === "https:";
}

export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: "Strict", secure: isTls(c), path: "/" });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isTls(c), httpOnly: true, sameSite: "Strict" });
}

/** The double-submit token for the sign-in form: reuses the cookie when present, else sets a new one. */
export function signInToken(c: Context): string {
  const existing = getCookie(c, SIGN_IN_COOKIE);
  if (existing && existing.length >= 32 && existing.length <= 100) return existing;
  const token = newSecret();
  setCookie(c, SIGN_IN_COOKIE, token, { httpOnly: true, sameSite: "Strict", secure: isTls(c), path: "/sign-in" });
  return token;
}

/** A path inside this site to return to after sign-in; anything else (other hosts, `//x`, `/\\x`) becomes `/`. */
export function safeNext(value: string | undefined): string {
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value.length > 500 ? "/" : value;
}

function signInRedirect(c: Context, reason?: string): Response {
  const url = new URL(c.req.url);
  const params = new URLSearchParams();
  if (c.req.method === "GET") params.set("next", url.pathname + url.search);
  if (reason) params.set("reason", reason);
  const query = params.toString();
  return c.redirect(`/sign-in${query ? `?${query}` : ""}`, 303);
}

/** Pages need a live session; without one the browser is sent to sign in (and comes back afterwards). */
export const requireSession: MiddlewareHandler<WebEnv> = async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return signInRedirect(c);
  const found = await resolveWebSession({ ctx: c.get("deps"), input: { token } });
  if (!found.ok) {
    clearSessionCookie(c);
    return signInRedirect(c, found.reason === "none" ? undefined : found.reason);
  }
  c.set("session", found.session);
  c.set("principal", found.session.principal);
  await next();
};

/** Same-origin check on `Origin` when the browser sends one (all current browsers do on POST). */
export function crossOrigin(c: Context): boolean {
  const origin = c.req.header("origin");
  if (!origin || origin === "null") return origin === "null";
  return origin !== new URL(c.req.url).origin;
}

/** Reads the form (urlencoded or multipart) and checks its CSRF token against the session's. */
export const requireCsrf: MiddlewareHandler<WebEnv> = async (c, next) => {
  let form: FormBody;
  try {
    form = (await c.req.parseBody({ all: true })) as FormBody;
  } catch {
    return forbidden(c, "The form could not be read.");
  }
  const sent = form[CSRF_FIELD];
  if (crossOrigin(c) || typeof sent !== "string" || !sameSecret(sent, c.get("session").csrfToken)) {
    return forbidden(c, "This form was not sent from a page of this site, or it is out of date.");
  }
  c.set("form", form);
  await next();
};

function forbidden(c: Context, message: string) {
  return errorPage(c, 403, "Form refused", message);
}

/** A text field of the parsed form ('' when absent or a file). */
export function field(form: FormBody, name: string): string {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : "";
}

/** Every text value of a repeated field (checkbox groups). */
export function fields(form: FormBody, name: string): string[] {
  const value = form[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === "string");
}

/** An uploaded file of the form, or null when none was chosen (browsers send an empty file then). */
export function file(form: FormBody, name: string): File | null {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first instanceof File && (first.size > 0 || first.name !== "") ? first : null;
}
