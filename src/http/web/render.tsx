/** @jsxImportSource hono/jsx */
/**
 * The page frame and the small pieces every page shares. Pages are plain functions returning JSX; `renderPage`
 * turns one into a response with the security headers of session.ts.
 */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Role } from "../../db/port.js";
import type { InputIssue } from "../../domain/input-issue.js";
import { SCRIPT_PATH, STYLESHEET_PATH } from "./assets.js";
import { CSRF_FIELD, PAGE_HEADERS, type WebEnv } from "./session.js";

export interface Viewer {
  role: Role;
  organizationName: string;
  csrfToken: string;
}

const NAV: Record<Role, { href: string; label: string }[]> = {
  manufacturer: [
    { href: "/products", label: "Products" },
    { href: "/declarations/new", label: "Declaration form" },
    { href: "/deadlines", label: "Art. 14 deadlines" },
    { href: "/frameworks", label: "Frameworks" },
  ],
  ci: [
    { href: "/products", label: "Products" },
    { href: "/frameworks", label: "Frameworks" },
  ],
  regulator: [
    { href: "/portfolio", label: "Portfolio" },
    { href: "/products", label: "Products" },
    { href: "/compare", label: "Compare frameworks" },
    { href: "/crosswalks", label: "Crosswalks" },
    { href: "/simulations", label: "Draft arrangements" },
    { href: "/deadlines", label: "Art. 14 deadlines" },
    { href: "/frameworks", label: "Frameworks" },
  ],
  admin: [{ href: "/admin/organizations", label: "Organisations and keys" }],
  operator: [{ href: "/admin/organizations", label: "Organisations and keys" }],
};

export const ROLE_NAMES: Record<Role, string> = {
  manufacturer: "Manufacturer",
  ci: "CI pipeline",
  regulator: "Market surveillance",
  admin: "Administrator",
  operator: "Platform operator",
};

export function Layout(props: { title: string; viewer?: Viewer | undefined; path?: string; children?: Child }) {
  const { viewer, path = "" } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · cra-assessor`}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
        <script src={SCRIPT_PATH} defer />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site">
          <div class="bar">
            <a class="brand" href="/">
              cra-assessor
            </a>
            {viewer ? (
              <nav aria-label="Main">
                <ul>
                  {NAV[viewer.role].map((item) => (
                    <li>
                      <a
                        href={item.href}
                        aria-current={path === item.href || path.startsWith(`${item.href}/`) ? "page" : undefined}
                      >
                        {item.label}
                      </a>
                    </li>
                  ))}
                  <li>
                    <a href="/docs">API reference</a>
                  </li>
                </ul>
              </nav>
            ) : null}
            {viewer ? (
              <div class="who">
                <span>
                  {viewer.organizationName} · {ROLE_NAMES[viewer.role]}
                </span>
                <form method="post" action="/sign-out">
                  <Csrf token={viewer.csrfToken} />
                  <button type="submit">Sign out</button>
                </form>
              </div>
            ) : null}
          </div>
        </header>
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}

export function Csrf(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

/** Renders a page with the security headers. */
export async function renderPage(
  c: Context,
  node: ReturnType<typeof Layout>,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  const body = `<!doctype html>${String(await node)}`;
  return c.html(body, status, PAGE_HEADERS);
}

/** The viewer of a signed-in request (the organisation name is looked up once per page). */
export async function viewerOf(c: Context<WebEnv>): Promise<Viewer> {
  const session = c.get("session");
  const org = await c.get("deps").repos.organizations.findById(session.principal.organizationId);
  return { role: session.principal.role, organizationName: org?.name ?? "", csrfToken: session.csrfToken };
}

export async function errorPage(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  message: string,
  viewer?: Viewer,
): Promise<Response> {
  return renderPage(
    c,
    <Layout title={title} viewer={viewer}>
      <h1>{title}</h1>
      <p class="lead">{message}</p>
      <p>
        <a href="/">Back to the start page</a>
      </p>
    </Layout>,
    status,
  );
}

export function StatusBadge(props: { status: string }) {
  return <span class={`badge s-${props.status}`}>{props.status}</span>;
}

/** Located input errors, worded as the CLI words them. */
export function IssueList(props: { title: string; issues: readonly InputIssue[]; omitted?: number }) {
  return (
    <div class="error" role="alert">
      <strong>{props.title}</strong>
      <ul>
        {props.issues.map((issue) => (
          <li>
            {issue.source ? <span class="mono">{issue.source} </span> : null}
            {issue.line !== undefined ? (
              <span class="mono">
                line {issue.line}
                {issue.column !== undefined ? `, column ${issue.column}` : ""}:{" "}
              </span>
            ) : issue.path ? (
              <span class="mono">{issue.path}: </span>
            ) : null}
            {issue.message}
          </li>
        ))}
      </ul>
      {props.omitted ? <p>…and {props.omitted} more.</p> : null}
    </div>
  );
}

/** Previous / next links for a paged list; `href` builds the URL of an offset. */
export function Pager(props: {
  total: number;
  limit: number;
  offset: number;
  href: (offset: number) => string;
  /** Names the navigation when a page has more than one pager (landmarks must be told apart). */
  label?: string;
}) {
  const { total, limit, offset } = props;
  if (total <= limit) return null;
  const last = Math.min(offset + limit, total);
  return (
    <nav class="pager" aria-label={props.label ?? "Pages"}>
      {offset > 0 ? <a href={props.href(Math.max(0, offset - limit))}>← Previous</a> : null}
      <span>
        {offset + 1}–{last} of {total}
      </span>
      {last < total ? <a href={props.href(offset + limit)}>Next →</a> : null}
    </nav>
  );
}

export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

export function formatDateTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
