/** @jsxImportSource hono/jsx */
/**
 * A product's evidence pages: the VEX triage (record, list, export) and the document drafts. Same services, roles
 * and tenancy as `PUT/GET /v1/products/{id}/vex`, `…/vex/export` and `…/documents/{kind}`: another organisation's
 * product is "not found", and only the roles that may write VEX through the API see the form.
 */
import { createHash } from "node:crypto";
import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { GENERATED_DOCUMENT_KINDS, type GeneratedDocumentKind } from "../../documents/model.js";
import { DOCUMENT_STYLESHEET, renderDocumentHtml, renderDocumentMarkdown } from "../../documents/render.js";
import type { InputIssue } from "../../domain/input-issue.js";
import type { AssessmentReport } from "../../domain/report.js";
import type { ProductVexStatement } from "../../domain/vex.js";
import { isIsoDate } from "../../domain/waivers.js";
import { may } from "../../services/access.js";
import { getAssessment, listAssessments } from "../../services/assessments.js";
import type { ServiceContext } from "../../services/context.js";
import { getDeclaration } from "../../services/declarations.js";
import { documentForProduct } from "../../services/generate-document.js";
import { exportProductVex, listVexStatements, recordVexStatement } from "../../services/product-vex.js";
import { getProduct } from "../../services/products.js";
import { VEX_FORMATS, type VexFormat } from "../../vex/export.js";
import { serviceContext } from "../env.js";
import { failurePage, notFoundPage, type PageContext } from "./index.js";
import {
  type DocumentChoice,
  DocumentsPage,
  type TriageItem,
  type TriageSource,
  type VexFormValues,
  VexPage,
} from "./pages/evidence.js";
import { errorPage, renderPage, viewerOf } from "./render.js";
import { field, fields, requireCsrf, requireSession, type WebEnv } from "./session.js";

const DOCUMENT_ANNEX: Record<GeneratedDocumentKind, string> = {
  "eu-declaration-of-conformity": "Art. 28, Annex V",
  "simplified-declaration-of-conformity": "Art. 13(20), Annex VI",
  "technical-documentation": "Art. 31, Annex VII",
  "user-information": "Art. 13(18), Annex II",
};

/**
 * The printable draft is a standalone document with its own stylesheet in a `<style>` element. Its policy allows
 * that one stylesheet by hash (CSP Level 2), nothing else: no script, no image, no outside resource.
 */
const DOCUMENT_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(DOCUMENT_STYLESHEET, "utf8").digest("base64")}'`,
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

const VEX_EXTENSION: Record<VexFormat, string> = {
  csaf: "csaf.json",
  cyclonedx: "cdx.json",
  openvex: "openvex.json",
};

const NOTICES: Record<string, string> = {
  recorded: "The analysis was recorded (and written to the audit trail).",
};

/** A name safe in a `content-disposition` filename. */
function fileSafe(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 80);
}

/**
 * The vulnerabilities the latest assessment matched (its CRA report), each with the analysis that applies now: the
 * one recorded for that version, vulnerability (or an alias) and component (purl or name), else the VEX state the
 * assessment itself read.
 */
async function triageSource(
  ctx: ServiceContext,
  productId: string,
  statements: ProductVexStatement[],
  fallbackVersion: string | undefined,
): Promise<TriageSource> {
  // The listing carries no reports: the newest assessment is read whole, once.
  const latest = await listAssessments({ ctx, input: { filter: { productId }, page: { limit: 1, offset: 0 } } });
  const newest = latest.ok ? latest.value.items[0] : undefined;
  const found = newest ? await getAssessment({ ctx, input: { id: newest.id } }) : undefined;
  const record = found?.ok ? found.value : undefined;
  if (!record) return { missing: "no-assessment", items: [] };
  const reports = JSON.parse(record.reports) as AssessmentReport[];
  const cra = reports.find((r) => r.framework.id === "cra") ?? reports[0];
  const matches = cra?.vulnerabilities;
  const source = { assessmentId: record.id, assessedAt: record.createdAt };
  if (!matches) return { ...source, missing: "no-matching", items: [] };
  const version = cra?.product.version ?? fallbackVersion ?? "";
  const items: TriageItem[] = matches.map((m) => {
    const component = m.purl ?? m.componentName;
    const recorded = statements.find(
      (s) =>
        s.productVersion === version &&
        (s.vulnerability === m.advisoryId || m.aliases.includes(s.vulnerability)) &&
        (s.component === component || s.component === m.componentName),
    );
    return {
      productVersion: version,
      vulnerability: m.advisoryId,
      aliases: m.aliases.filter((a) => a !== m.advisoryId),
      component,
      componentLabel: `${m.componentName}${m.componentVersion ? `@${m.componentVersion}` : ""}`,
      severity: m.severity,
      knownExploited: m.knownExploited,
      fixedVersions: m.fixedVersions,
      ...(recorded
        ? { state: recorded.state, stateSource: "recorded" as const }
        : m.vex
          ? { state: m.vex.state, stateSource: "assessment" as const }
          : {}),
    };
  });
  return { ...source, items };
}

async function vexPage(
  c: PageContext,
  productId: string,
  extras: { values?: VexFormValues; issues?: InputIssue[]; notice?: string } = {},
): Promise<Response> {
  const ctx = serviceContext(c);
  const product = await getProduct({ ctx, input: { id: productId } });
  if (!product.ok) return failurePage(c, product.failure);
  const statements = await listVexStatements({ ctx, input: { productId } });
  if (!statements.ok) return failurePage(c, statements.failure);
  const declaration = await getDeclaration({ ctx, input: { productId } });
  const defaultVersion = declaration.ok ? (declaration.value.productVersion ?? undefined) : undefined;
  const triage = await triageSource(ctx, productId, statements.value, defaultVersion);
  const query = c.req.query();
  const values: VexFormValues = extras.values ?? {
    ...(query.version ? { productVersion: query.version.slice(0, 100) } : {}),
    ...(query.vulnerability ? { vulnerability: query.vulnerability.slice(0, 100) } : {}),
    ...(query.component ? { component: query.component.slice(0, 1000) } : {}),
  };
  return renderPage(
    c,
    <VexPage
      viewer={await viewerOf(c)}
      product={product.value}
      statements={statements.value}
      triage={triage}
      defaultVersion={defaultVersion}
      canWrite={may(ctx.principal, "vex:write")}
      values={values}
      {...(extras.issues ? { issues: extras.issues } : {})}
      {...(extras.notice ? { notice: extras.notice } : {})}
    />,
    extras.issues ? 422 : 200,
  );
}

export function registerEvidence(app: Hono<WebEnv>): void {
  const formLimit = bodyLimit({
    maxSize: 64 * 1024,
    onError: (c) => errorPage(c, 413, "Form too large", "This form is limited to 64 KiB."),
  });

  app.get("/products/:id/vex", requireSession, (c) => {
    const done = c.req.query("done");
    return vexPage(c, c.req.param("id"), done && NOTICES[done] ? { notice: NOTICES[done] } : {});
  });

  app.post("/products/:id/vex", requireSession, formLimit, requireCsrf, async (c) => {
    const productId = c.req.param("id");
    const form = c.get("form");
    const text = (name: string) => field(form, name).trim();
    const responses = fields(form, "responses");
    const values: VexFormValues = {
      productVersion: text("productVersion"),
      vulnerability: text("vulnerability"),
      component: text("component"),
      state: text("state"),
      justification: text("justification"),
      detail: text("detail"),
      responses,
    };
    // The same reading as the API body: empty optional fields are left out, the rest is checked by the service.
    const statement = {
      productVersion: values.productVersion,
      vulnerability: values.vulnerability,
      component: values.component,
      state: values.state,
      ...(values.justification ? { justification: values.justification } : {}),
      ...(responses.length > 0 ? { responses } : {}),
      ...(values.detail ? { detail: values.detail } : {}),
    };
    const recorded = await recordVexStatement({ ctx: serviceContext(c), input: { productId, statement } });
    if (!recorded.ok) {
      if (recorded.failure.kind !== "invalid-input") return failurePage(c, recorded.failure);
      return vexPage(c, productId, { values, issues: recorded.failure.issues });
    }
    return c.redirect(`/products/${productId}/vex?done=recorded`, 303);
  });

  app.get("/products/:id/vex/export", requireSession, async (c) => {
    const productId = c.req.param("id");
    const format = c.req.query("format") ?? "";
    if (!(VEX_FORMATS as readonly string[]).includes(format)) return notFoundPage(c, "VEX format");
    const version = c.req.query("version");
    const exported = await exportProductVex({
      ctx: serviceContext(c),
      input: {
        productId,
        format: format as VexFormat,
        ...(version ? { productVersion: version.slice(0, 100) } : {}),
      },
    });
    if (!exported.ok) return failurePage(c, exported.failure);
    const name = `${productId}-${fileSafe(exported.value.productVersion)}.${VEX_EXTENSION[format as VexFormat]}`;
    return c.body(`${JSON.stringify(exported.value.document, null, 2)}\n`, 200, {
      "content-type": `${format === "cyclonedx" ? "application/vnd.cyclonedx+json" : "application/json"}; charset=utf-8`,
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
  });

  app.get("/products/:id/documents", requireSession, async (c) => {
    const ctx = serviceContext(c);
    const productId = c.req.param("id");
    const product = await getProduct({ ctx, input: { id: productId } });
    if (!product.ok) return failurePage(c, product.failure);
    const today = ctx.now().toISOString().slice(0, 10);
    const wanted = c.req.query("asOf");
    const dateProblem = wanted !== undefined && wanted !== "" && !isIsoDate(wanted);
    const asOf = wanted && !dateProblem ? wanted : today;
    const documents: DocumentChoice[] = [];
    let problem: string | undefined;
    for (const kind of GENERATED_DOCUMENT_KINDS) {
      const drafted = await documentForProduct({ ctx, input: { productId, kind, asOf } });
      if (!drafted.ok) {
        if (drafted.failure.kind !== "invalid-input") return failurePage(c, drafted.failure);
        problem = `No draft can be made yet: ${drafted.failure.issues.map((i) => i.message.replace(/ \(PUT [^)]*\)/, "")).join(" ")}`;
        break;
      }
      const states = drafted.value.items.map((i) => i.state);
      documents.push({
        kind,
        title: drafted.value.title,
        annex: DOCUMENT_ANNEX[kind],
        missing: states.filter((s) => s === "missing").length,
        toComplete: states.filter((s) => s === "to-complete").length,
      });
    }
    return renderPage(
      c,
      <DocumentsPage
        viewer={await viewerOf(c)}
        product={product.value}
        asOf={asOf}
        documents={documents}
        {...(problem ? { problem } : {})}
        {...(dateProblem
          ? {
              issues: [
                {
                  path: "Date of the drafts",
                  constraint: "format",
                  message: "Expected a calendar date written YYYY-MM-DD; today is used instead.",
                },
              ],
            }
          : {})}
      />,
      dateProblem ? 422 : 200,
    );
  });

  app.get("/products/:id/documents/:kind", requireSession, async (c) => {
    const ctx = serviceContext(c);
    const kind = c.req.param("kind");
    if (!(GENERATED_DOCUMENT_KINDS as readonly string[]).includes(kind)) return notFoundPage(c, "document kind");
    const format = c.req.query("format") ?? "html";
    if (format !== "html" && format !== "md") return notFoundPage(c, "document format");
    const asOf = c.req.query("asOf") || ctx.now().toISOString().slice(0, 10);
    if (!isIsoDate(asOf)) {
      return errorPage(c, 422, "Not valid", "The date of the draft is written YYYY-MM-DD.", await viewerOf(c));
    }
    const productId = c.req.param("id");
    const drafted = await documentForProduct({
      ctx,
      input: { productId, kind: kind as GeneratedDocumentKind, asOf },
    });
    if (!drafted.ok) return failurePage(c, drafted.failure);
    const name = `${kind}-${productId}-${asOf}`;
    if (format === "md") {
      return c.body(renderDocumentMarkdown(drafted.value), 200, {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": `attachment; filename="${name}.md"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      });
    }
    return c.body(renderDocumentHtml(drafted.value), 200, {
      "content-type": "text/html; charset=utf-8",
      "content-disposition": `inline; filename="${name}.html"`,
      "content-security-policy": DOCUMENT_POLICY,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
    });
  });
}
