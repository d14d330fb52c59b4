/** @jsxImportSource hono/jsx */
/**
 * The web interface, served by the same app as the API at `/`. Every page calls the same services as the API
 * with the signed-in key's principal, so roles and tenancy are the API's: another organisation's product is
 * "not found" here too. Pages work without JavaScript; /assets/app.*.js only adds upload progress and filters.
 */
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie } from "hono/cookie";
import type { InputIssue } from "../../domain/input-issue.js";
import type { AssessmentReport } from "../../domain/report.js";
import { REPORT_FORMAT_INFO, REPORT_FORMATS, type ReportFormat, renderReport } from "../../reports/index.js";
import { type Action, may } from "../../services/access.js";
import { createAssessment, getAssessment, listAssessments } from "../../services/assessments.js";
import type { ServiceFailure } from "../../services/context.js";
import { getDeclaration, putDeclaration } from "../../services/declarations.js";
import { getSbomContent, listProductSboms, sbomMediaTypeOf, submitSbom } from "../../services/ingest-sbom.js";
import { createProduct, getProduct, listProducts } from "../../services/products.js";
import { sameSecret, signIn, signOut } from "../../services/web-sessions.js";
import { type AppDeps, serviceContext } from "../env.js";
import { ASSETS, SCRIPT_PATH, STYLESHEET_PATH } from "./assets.js";
import { assessableFrameworks, frameworkName, productClasses } from "./catalog.js";
import { registerCrosswalks } from "./crosswalks.js";
import { registerDeclarationForm } from "./declaration-form.js";
import { registerEvidence } from "./evidence.js";
import { diffLines } from "./line-diff.js";
import { registerOversight } from "./oversight.js";
import { AssessmentComparePage, compareFindings, DeclarationDiffPage, DeclarationPage } from "./pages/history.js";
import { ProductPage, ProductsPage } from "./pages/products.js";
import { ReportPage } from "./pages/report.js";
import { SignInPage } from "./pages/sign-in.js";
import { errorPage, ROLE_NAMES, renderPage, type Viewer, viewerOf } from "./render.js";
import {
  CSRF_FIELD,
  clearSessionCookie,
  crossOrigin,
  field,
  fields,
  file,
  PAGE_HEADERS,
  requireCsrf,
  requireSession,
  SIGN_IN_COOKIE,
  safeNext,
  setSessionCookie,
  signInToken,
  type WebEnv,
} from "./session.js";

export type WebApp = Hono<WebEnv>;

const HOME: Record<string, string> = {
  manufacturer: "/products",
  ci: "/products",
  regulator: "/portfolio",
  admin: "/admin/organizations",
  operator: "/admin/organizations",
};

/** Pages of a signed-in user; the context carries the session and principal. */
export type PageContext = Context<WebEnv>;

export async function notFoundPage(c: PageContext, what: string): Promise<Response> {
  return errorPage(
    c,
    404,
    "Not found",
    `No ${what} with this id is visible to you. It may not exist, or it belongs to another organisation.`,
    await viewerOf(c),
  );
}

/** What each action lets a key do, in the words of the "Not allowed" page (the API's problem keeps the token). */
const ACTION_WORDS: Record<Action, string> = {
  "organization:create": "create organisations",
  "organization:read": "see organisations",
  "key:manage": "manage API keys",
  "product:create": "create products",
  "product:read": "see products",
  "sbom:submit": "upload SBOMs",
  "declaration:put": "upload declarations",
  "vex:write": "record vulnerability analyses (VEX)",
  "assessment:create": "assess products",
  "assessment:read": "see assessments",
  "assess:stateless": "assess files without storing them",
  "audit:read": "read the audit trail",
  "audit:verify": "verify the whole audit chain",
  "event:write": "record Article 14 reporting events",
  "event:read": "see Article 14 reporting events",
  "advisory:read": "see vulnerability advisories",
  "framework:read": "see frameworks",
  "framework:compare": "compare frameworks",
  "arrangement:simulate": "simulate draft arrangements",
  "crosswalk:review": "review crosswalk mappings",
  "arrangement:draft": "write draft arrangements",
};

/** A page nobody serves, for a browser (an API client under /v1, or one not asking for HTML, gets the problem). */
export function pageNotFound(c: Context): Promise<Response> {
  return errorPage(
    c,
    404,
    "Page not found",
    `There is no page at ${new URL(c.req.url).pathname}. Check the address, or start again from the start page.`,
  );
}

/** The page for a service failure (404 for anything outside the caller's scope, as in the API). */
export async function failurePage(c: PageContext, failure: ServiceFailure): Promise<Response> {
  const viewer = await viewerOf(c);
  switch (failure.kind) {
    case "not-found":
      return notFoundPage(c, failure.resource);
    case "forbidden":
      return errorPage(
        c,
        403,
        "Not allowed",
        `Signed in as ${ROLE_NAMES[failure.role]}, you may not ${ACTION_WORDS[failure.action as Action] ?? failure.action}: this needs a key with another role.`,
        viewer,
      );
    case "conflict":
      return errorPage(c, 409, "Conflict", failure.message, viewer);
    case "invalid-input":
      return errorPage(
        c,
        422,
        "Not valid",
        failure.issues.map((i) => `${i.path ? `${i.path}: ` : ""}${i.message}`).join(" "),
        viewer,
      );
  }
}

function today(deps: AppDeps): string {
  return deps.now().toISOString().slice(0, 10);
}

export function offsetOf(value: string | undefined): number {
  const n = Number(value ?? 0);
  return Number.isInteger(n) && n >= 0 && n <= 1_000_000 ? n : 0;
}

function declarationMediaType(name: string, text: string): string {
  return name.toLowerCase().endsWith(".json") || text.trimStart().startsWith("{")
    ? "application/json"
    : "application/yaml";
}

interface ProductPageExtras {
  issues?: { title: string; issues: InputIssue[]; omitted?: number };
  notice?: string;
  status?: 200 | 404 | 422;
}

async function productPage(c: PageContext, productId: string, extras: ProductPageExtras = {}): Promise<Response> {
  const ctx = serviceContext(c);
  const product = await getProduct({ ctx, input: { id: productId } });
  if (!product.ok) return failurePage(c, product.failure);
  const assessmentsOffset = offsetOf(c.req.query("assessments"));
  const sbomsOffset = offsetOf(c.req.query("sboms"));
  const declarationsOffset = offsetOf(c.req.query("declarations"));
  const [viewer, sboms, latest, assessments, frameworks, org] = await Promise.all([
    viewerOf(c),
    listProductSboms({ ctx, input: { productId, page: { limit: 10, offset: sbomsOffset } } }),
    getDeclaration({ ctx, input: { productId } }),
    listAssessments({ ctx, input: { filter: { productId }, page: { limit: 10, offset: assessmentsOffset } } }),
    assessableFrameworks(),
    ctx.principal.role === "regulator" ? ctx.repos.organizations.findById(product.value.organizationId) : null,
  ]);
  if (!sboms.ok) return failurePage(c, sboms.failure);
  if (!assessments.ok) return failurePage(c, assessments.failure);
  const latestVersion = latest.ok ? latest.value.version : 0;
  // Versions are numbered 1, 2, … per product: a page of ten, newest first, is a range of version numbers.
  const declarations = [];
  const newest = latestVersion - declarationsOffset;
  for (let v = newest; v >= 1 && v > newest - 10; v--) {
    const found =
      v === latestVersion && latest.ok ? latest : await getDeclaration({ ctx, input: { productId, version: v } });
    if (found.ok) declarations.push(found.value);
  }
  // Gap counts of the first report of each assessment on this page (at most one page of points), from the
  // counts stored with the assessment: no report is read here.
  const trend = [...assessments.value.items].reverse().map((a) => ({
    label: a.createdAt.slice(5, 10),
    value: a.reportCounts[0]?.byStatus.gap ?? 0,
    fail: a.verdict === "fail",
  }));
  return renderPage(
    c,
    <ProductPage
      viewer={viewer}
      product={product.value}
      {...(org ? { organizationName: org.name } : {})}
      canSubmit={may(ctx.principal, "sbom:submit")}
      sboms={sboms.value}
      declarations={declarations}
      latestDeclarationVersion={latestVersion}
      assessments={assessments.value}
      trend={trend}
      frameworks={frameworks}
      today={today(c.get("deps"))}
      assessmentsOffset={assessmentsOffset}
      declarationsOffset={declarationsOffset}
      {...(extras.issues ? { issues: extras.issues } : {})}
      {...(extras.notice ? { notice: extras.notice } : {})}
    />,
    extras.status ?? 200,
  );
}

const NOTICES: Record<string, string> = {
  sbom: "The SBOM was validated and stored.",
  declaration: "The declaration was validated and stored as a new version.",
  both: "The SBOM and the declaration were validated and stored.",
  created: "The product was created. Upload its SBOM and declaration, then assess it.",
};

export function registerWeb(app: Hono<WebEnv>, deps: { bodyLimitBytes: number }): void {
  const limit = bodyLimit({
    maxSize: deps.bodyLimitBytes,
    onError: (c) => errorPage(c, 413, "File too large", `Uploads are limited to ${deps.bodyLimitBytes} bytes.`),
  });

  for (const [path, asset] of [
    [STYLESHEET_PATH, ASSETS.css],
    [SCRIPT_PATH, ASSETS.js],
  ] as const) {
    app.get(path, (c) => {
      const headers = {
        "content-type": asset.type,
        etag: asset.etag,
        "cache-control": "public, max-age=31536000, immutable",
        "x-content-type-options": "nosniff",
      };
      if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304, headers);
      return c.body(asset.body, 200, headers);
    });
  }

  // Browsers ask for it on every first visit; an empty answer keeps the console free of 404s.
  app.get("/favicon.ico", (c) => c.body(null, 204, { "cache-control": "public, max-age=86400" }));

  app.get("/", requireSession, (c) => c.redirect(HOME[c.get("principal").role] ?? "/products", 303));

  app.get("/sign-in", (c) => {
    const token = signInToken(c);
    return renderPage(
      c,
      <SignInPage token={token} next={safeNext(c.req.query("next"))} reason={c.req.query("reason")} />,
    );
  });

  app.post("/sign-in", bodyLimit({ maxSize: 16 * 1024 }), async (c) => {
    const form = (await c.req.parseBody()) as Record<string, string | File>;
    const cookie = getCookie(c, SIGN_IN_COOKIE);
    const sent = typeof form[CSRF_FIELD] === "string" ? form[CSRF_FIELD] : "";
    if (crossOrigin(c) || !cookie || !sameSecret(sent, cookie)) {
      return errorPage(
        c,
        403,
        "Form refused",
        "The sign-in form was out of date or not sent from this site. Reload and try again.",
      );
    }
    const next = safeNext(typeof form.next === "string" ? form.next : undefined);
    const apiKey = typeof form.apiKey === "string" ? form.apiKey : "";
    const opened = await signIn({ ctx: c.get("deps"), input: { apiKey } });
    if (!opened) {
      return renderPage(c, <SignInPage token={cookie} next={next} failed={true} />, 401);
    }
    deleteCookie(c, SIGN_IN_COOKIE, { path: "/sign-in" });
    setSessionCookie(c, opened.token);
    return c.redirect(next === "/" ? (HOME[opened.session.principal.role] ?? "/") : next, 303);
  });

  app.post("/sign-out", requireSession, requireCsrf, async (c) => {
    await signOut({ ctx: c.get("deps"), input: { sessionId: c.get("session").id } });
    clearSessionCookie(c);
    return c.redirect("/sign-in?reason=signed-out", 303);
  });

  // Products -------------------------------------------------------------------------------------------------
  const productsList = async (c: PageContext, extras: { issues?: InputIssue[]; draftName?: string } = {}) => {
    const ctx = serviceContext(c);
    const query = (c.req.query("q") ?? "").slice(0, 200);
    const offset = offsetOf(c.req.query("offset"));
    const listed = await listProducts({
      ctx,
      input: { filter: query ? { nameContains: query } : {}, page: { limit: 25, offset } },
    });
    if (!listed.ok) return failurePage(c, listed.failure);
    let organizations: Map<string, string> | undefined;
    if (ctx.principal.role === "regulator") {
      organizations = new Map();
      for (const id of new Set(listed.value.items.map((p) => p.organizationId))) {
        const org = await ctx.repos.organizations.findById(id);
        if (org) organizations.set(id, org.name);
      }
    }
    return renderPage(
      c,
      <ProductsPage
        viewer={await viewerOf(c)}
        products={listed.value}
        query={query}
        canCreate={may(ctx.principal, "product:create")}
        classes={productClasses()}
        {...(organizations ? { organizations } : {})}
        {...extras}
      />,
      extras.issues ? 422 : 200,
    );
  };

  app.get("/products", requireSession, (c) => productsList(c));

  app.post("/products", requireSession, limit, requireCsrf, async (c) => {
    const form = c.get("form");
    const productClass = field(form, "productClass");
    const created = await createProduct({
      ctx: serviceContext(c),
      input: { name: field(form, "name"), ...(productClass ? { productClass } : {}) },
    });
    if (!created.ok) {
      if (created.failure.kind === "invalid-input") {
        return productsList(c, {
          issues: created.failure.issues.map((i) => ({ ...i, path: i.path === "/name" ? "Product name" : i.path })),
          draftName: field(form, "name"),
        });
      }
      return failurePage(c, created.failure);
    }
    return c.redirect(`/products/${created.value.id}?done=created`, 303);
  });

  app.get("/products/:id", requireSession, (c) => {
    const done = c.req.query("done");
    return productPage(c, c.req.param("id"), done && NOTICES[done] ? { notice: NOTICES[done] } : {});
  });

  app.post("/products/:id/uploads", requireSession, limit, requireCsrf, async (c) => {
    const productId = c.req.param("id");
    const ctx = serviceContext(c);
    const form = c.get("form");
    const sbom = file(form, "sbom");
    const declaration = file(form, "declaration");
    if (!sbom && !declaration) {
      return productPage(c, productId, {
        status: 422,
        issues: {
          title: "Nothing was uploaded.",
          issues: [{ constraint: "required", message: "Choose an SBOM file, a declaration file, or both." }],
        },
      });
    }
    if (sbom) {
      const bytes = new Uint8Array(await sbom.arrayBuffer());
      const stored = await submitSbom({ ctx, input: { productId, bytes, mediaType: sbomMediaTypeOf(bytes) } });
      if (!stored.ok) {
        if (stored.failure.kind !== "invalid-input") return failurePage(c, stored.failure);
        return productPage(c, productId, {
          status: 422,
          issues: {
            title: `The SBOM “${sbom.name}” was not stored${declaration ? " (nor the declaration)" : ""}:`,
            issues: stored.failure.issues,
            omitted: stored.failure.omitted,
          },
        });
      }
    }
    if (declaration) {
      const text = await declaration.text();
      const stored = await putDeclaration({
        ctx,
        input: { productId, text, mediaType: declarationMediaType(declaration.name, text) },
      });
      if (!stored.ok) {
        if (stored.failure.kind !== "invalid-input") return failurePage(c, stored.failure);
        return productPage(c, productId, {
          status: 422,
          issues: {
            title: `The declaration “${declaration.name}” was not stored${sbom ? " (the SBOM was)" : ""}:`,
            issues: stored.failure.issues,
            omitted: stored.failure.omitted,
          },
        });
      }
    }
    return c.redirect(
      `/products/${productId}?done=${sbom && declaration ? "both" : sbom ? "sbom" : "declaration"}`,
      303,
    );
  });

  app.post("/products/:id/assessments", requireSession, limit, requireCsrf, async (c) => {
    const productId = c.req.param("id");
    const form = c.get("form");
    const asOf = field(form, "asOf");
    const frameworks = fields(form, "frameworks");
    const created = await createAssessment({
      ctx: serviceContext(c),
      input: {
        productId,
        request: { ...(asOf ? { asOf } : {}), ...(frameworks.length > 0 ? { frameworks } : {}) },
      },
    });
    if (!created.ok) {
      if (created.failure.kind !== "invalid-input") return failurePage(c, created.failure);
      return productPage(c, productId, {
        status: 422,
        issues: {
          title: "The assessment could not run:",
          issues: created.failure.issues,
          omitted: created.failure.omitted,
        },
      });
    }
    return c.redirect(`/assessments/${created.value.id}`, 303);
  });

  app.get("/products/:id/declarations/diff", requireSession, async (c) => {
    const ctx = serviceContext(c);
    const productId = c.req.param("id");
    const product = await getProduct({ ctx, input: { id: productId } });
    if (!product.ok) return failurePage(c, product.failure);
    const from = await getDeclaration({ ctx, input: { productId, version: Number(c.req.query("from")) || 1 } });
    const to = await getDeclaration({ ctx, input: { productId, version: Number(c.req.query("to")) || 1 } });
    if (!from.ok) return failurePage(c, from.failure);
    if (!to.ok) return failurePage(c, to.failure);
    const [older, newer] = from.value.version <= to.value.version ? [from.value, to.value] : [to.value, from.value];
    return renderPage(
      c,
      <DeclarationDiffPage
        viewer={await viewerOf(c)}
        product={product.value}
        from={older}
        to={newer}
        lines={diffLines(older.content, newer.content)}
      />,
    );
  });

  app.get("/products/:id/declarations/:version", requireSession, async (c) => {
    const ctx = serviceContext(c);
    const productId = c.req.param("id");
    const version = Number(c.req.param("version"));
    const product = await getProduct({ ctx, input: { id: productId } });
    if (!product.ok) return failurePage(c, product.failure);
    if (!Number.isInteger(version) || version < 1) return notFoundPage(c, "declaration");
    const found = await getDeclaration({ ctx, input: { productId, version } });
    if (!found.ok) return failurePage(c, found.failure);
    if (c.req.query("download")) {
      const extension = found.value.mediaType === "application/json" ? "json" : "yaml";
      return c.body(found.value.content, 200, {
        "content-type": `${found.value.mediaType}; charset=utf-8`,
        "content-disposition": `attachment; filename="declaration-v${version}.${extension}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      });
    }
    return renderPage(
      c,
      <DeclarationPage viewer={await viewerOf(c)} product={product.value} declaration={found.value} />,
    );
  });

  app.get("/sboms/:id/content", requireSession, async (c) => {
    const raw = await getSbomContent({ ctx: serviceContext(c), input: { id: c.req.param("id") } });
    if (!raw.ok) return failurePage(c, raw.failure);
    const extension = raw.value.mediaType.endsWith("+xml") ? "cdx.xml" : "cdx.json";
    return c.body(raw.value.content.slice().buffer, 200, {
      "content-type": raw.value.mediaType,
      "content-disposition": `attachment; filename="${c.req.param("id")}.${extension}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
  });

  // Assessments ----------------------------------------------------------------------------------------------
  app.get("/assessments/compare", requireSession, async (c) => {
    const ctx = serviceContext(c);
    const a = await getAssessment({ ctx, input: { id: c.req.query("a") ?? "" } });
    const b = await getAssessment({ ctx, input: { id: c.req.query("b") ?? "" } });
    if (!a.ok) return failurePage(c, a.failure);
    if (!b.ok) return failurePage(c, b.failure);
    // `a` is the one chosen as older; swapped only when it is plainly the newer one.
    const [before, after] = a.value.createdAt <= b.value.createdAt ? [a.value, b.value] : [b.value, a.value];
    const reportsBefore = JSON.parse(before.reports) as AssessmentReport[];
    const reportsAfter = JSON.parse(after.reports) as AssessmentReport[];
    const framework = reportsAfter.find((r) => reportsBefore.some((o) => o.framework.id === r.framework.id));
    const old = reportsBefore.find((r) => r.framework.id === framework?.framework.id);
    const product = await getProduct({ ctx, input: { id: after.productId } });
    return renderPage(
      c,
      <AssessmentComparePage
        viewer={await viewerOf(c)}
        productId={after.productId}
        productName={product.ok ? product.value.name : after.productId}
        framework={framework?.framework.name ?? "no framework in common"}
        before={before}
        after={after}
        diff={compareFindings(old?.findings ?? [], framework?.findings ?? [])}
      />,
    );
  });

  app.get("/assessments/:id", requireSession, async (c) => {
    const ctx = serviceContext(c);
    const found = await getAssessment({ ctx, input: { id: c.req.param("id") } });
    if (!found.ok) return failurePage(c, found.failure);
    const reports = JSON.parse(found.value.reports) as AssessmentReport[];
    const wanted = c.req.query("framework");
    const report = (wanted && reports.find((r) => r.framework.id === wanted)) || reports[0];
    if (!report) return notFoundPage(c, "report");
    const product = await getProduct({ ctx, input: { id: found.value.productId } });
    return renderPage(
      c,
      <ReportPage
        viewer={await viewerOf(c)}
        record={found.value}
        productName={product.ok ? product.value.name : report.product.name}
        report={report}
        frameworks={reports.map((r) => ({ id: r.framework.id, name: r.framework.name }))}
        filter={{
          status: c.req.query("status") ?? "",
          severity: c.req.query("severity") ?? "",
          basis: c.req.query("basis") ?? "",
          verification: c.req.query("verification") ?? "",
        }}
      />,
    );
  });

  app.get("/assessments/:id/report", requireSession, async (c) => {
    const found = await getAssessment({ ctx: serviceContext(c), input: { id: c.req.param("id") } });
    if (!found.ok) return failurePage(c, found.failure);
    const format = c.req.query("format") ?? "html";
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) return notFoundPage(c, "report format");
    const reports = JSON.parse(found.value.reports) as AssessmentReport[];
    const wanted = c.req.query("framework");
    const report = (wanted && reports.find((r) => r.framework.id === wanted)) || reports[0];
    if (!report) return notFoundPage(c, "report");
    const info = REPORT_FORMAT_INFO[format as ReportFormat];
    const name = `${found.value.id}-${report.framework.id.replace(/[^a-z0-9.-]/gi, "_")}${info.extension}`;
    return c.body(renderReport(report, format as ReportFormat), 200, {
      "content-type": info.mediaType,
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    });
  });

  registerOversight(app);
  registerDeclarationForm(app);
  registerEvidence(app);
  registerCrosswalks(app);
}

export { frameworkName, PAGE_HEADERS, type Viewer };
