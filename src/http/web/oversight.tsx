/** @jsxImportSource hono/jsx */
/**
 * Pages for market surveillance (portfolio, frameworks, comparisons, draft arrangements, Article 14 deadlines)
 * and for administrators (organisations and keys). Same services and roles as the API.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Hono } from "hono";
import { SEED_DRAFT_ARRANGEMENTS_DIR } from "../../crosswalk/seeds.js";
import { may } from "../../services/access.js";
import { listArt14Events } from "../../services/art14-events.js";
import { type ListedReview, listCrosswalkReviews } from "../../services/crosswalk-reviews.js";
import {
  compareFrameworksModel,
  getCrosswalk,
  getFramework,
  listFrameworks,
  simulateArrangementOverPortfolio,
} from "../../services/frameworks.js";
import { createApiKey, listApiKeys, revokeApiKey } from "../../services/keys.js";
import { createOrganization, getOrganization, listOrganizations } from "../../services/organizations.js";
import { portfolioOverview } from "../../services/portfolio-overview.js";
import { serviceContext } from "../env.js";
import { failurePage, offsetOf, type PageContext } from "./index.js";
import { rowKey } from "./pages/crosswalks.js";
import {
  AdminKeysPage,
  AdminOrganizationsPage,
  ComparePage,
  DeadlinesPage,
  FrameworkPage,
  FrameworksPage,
  PortfolioPage,
  SimulationPage,
} from "./pages/oversight.js";
import { renderPage, viewerOf } from "./render.js";
import { field, file, requireCsrf, requireSession, type WebEnv } from "./session.js";

/** The draft arrangements shipped in seeds/, offered on the simulation page beside an upload. */
function shippedDrafts(): { name: string; text: string }[] {
  try {
    return readdirSync(SEED_DRAFT_ARRANGEMENTS_DIR)
      .filter((name) => /\.(ya?ml|json)$/.test(name))
      .sort()
      .map((name) => ({ name, text: readFileSync(join(SEED_DRAFT_ARRANGEMENTS_DIR, name), "utf8") }));
  } catch {
    return [];
  }
}

export function registerOversight(app: Hono<WebEnv>): void {
  app.get("/portfolio", requireSession, async (c) => {
    const ctx = serviceContext(c);
    const overview = await portfolioOverview({ ctx });
    if (!overview.ok) return failurePage(c, overview.failure);
    const names = new Map<string, string>();
    const organizations = new Map<string, string>();
    for (const a of overview.value.recent) {
      if (!names.has(a.productId)) {
        const product = await ctx.repos.products.get({ kind: "all" }, a.productId);
        names.set(a.productId, product?.name ?? a.productId);
      }
      if (!organizations.has(a.organizationId)) {
        const organization = await ctx.repos.organizations.findById(a.organizationId);
        organizations.set(a.organizationId, organization?.name ?? a.organizationId);
      }
    }
    return renderPage(
      c,
      <PortfolioPage
        viewer={await viewerOf(c)}
        overview={overview.value}
        productNames={names}
        organizationNames={organizations}
      />,
    );
  });

  app.get("/frameworks", requireSession, async (c) => {
    const listed = listFrameworks({ ctx: serviceContext(c) });
    if (!listed.ok) return failurePage(c, listed.failure);
    return renderPage(c, <FrameworksPage viewer={await viewerOf(c)} frameworks={listed.value} />);
  });

  app.get("/frameworks/:id", requireSession, async (c) => {
    const found = getFramework({ ctx: serviceContext(c), input: { id: c.req.param("id") } });
    if (!found.ok) return failurePage(c, found.failure);
    return renderPage(c, <FrameworkPage viewer={await viewerOf(c)} catalog={found.value} />);
  });

  app.get("/compare", requireSession, async (c) => {
    const ctx = serviceContext(c);
    const frameworks = listFrameworks({ ctx });
    if (!frameworks.ok) return failurePage(c, frameworks.failure);
    const from = c.req.query("from") ?? "uk-psti";
    const to = c.req.query("to") ?? "cra";
    const compared = compareFrameworksModel({ ctx, input: { from, to } });
    if (!compared.ok && compared.failure.kind !== "invalid-input") return failurePage(c, compared.failure);
    const reviews = new Map<string, Map<string, ListedReview[]>>();
    if (compared.ok) {
      const used = new Set([...compared.value.forward.crosswalks, ...compared.value.backward.crosswalks]);
      for (const id of used) {
        const crosswalk = getCrosswalk({ ctx, input: { id } });
        const listed = await listCrosswalkReviews({ ctx, input: { crosswalkId: id } });
        if (!crosswalk.ok || !listed.ok) continue;
        const rows = new Map(crosswalk.value.mappings.map((m) => [rowKey(m.source, m.target), [] as ListedReview[]]));
        for (const review of listed.value) rows.get(rowKey(review.source, review.target))?.push(review);
        reviews.set(id, rows);
      }
    }
    return renderPage(
      c,
      <ComparePage
        viewer={await viewerOf(c)}
        frameworks={frameworks.value}
        from={from}
        to={to}
        comparison={compared.ok ? compared.value : undefined}
        reviews={reviews}
        problem={
          !compared.ok && compared.failure.kind === "invalid-input" ? compared.failure.issues[0]?.message : undefined
        }
      />,
      compared.ok ? 200 : 422,
    );
  });

  app.get("/deadlines", requireSession, async (c) => {
    const deps = c.get("deps");
    const listed = await listArt14Events({
      ctx: { events: deps.repos.art14Events, now: deps.now, newId: deps.newId, principal: c.get("principal") },
      input: { onlyOpen: c.req.query("all") !== "1" },
    });
    if (!listed.ok) return failurePage(c, listed.failure);
    return renderPage(
      c,
      <DeadlinesPage
        viewer={await viewerOf(c)}
        listing={listed.value}
        showAll={c.req.query("all") === "1"}
        offset={offsetOf(c.req.query("offset"))}
      />,
    );
  });

  app.get("/simulations", requireSession, async (c) => {
    return renderPage(
      c,
      <SimulationPage viewer={await viewerOf(c)} drafts={shippedDrafts().map((d) => d.name)} today={today(c)} />,
    );
  });

  app.post("/simulations", requireSession, requireCsrf, async (c) => {
    const form = c.get("form");
    const upload = file(form, "arrangement");
    const shipped = shippedDrafts().find((d) => d.name === field(form, "shipped"));
    const text = upload ? await upload.text() : shipped?.text;
    const viewer = await viewerOf(c);
    const drafts = shippedDrafts().map((d) => d.name);
    if (text === undefined) {
      return renderPage(
        c,
        <SimulationPage
          viewer={viewer}
          drafts={drafts}
          today={today(c)}
          issues={[{ constraint: "required", message: "Choose a draft arrangement file or a shipped draft." }]}
        />,
        422,
      );
    }
    const asOf = field(form, "asOf");
    const result = await simulateArrangementOverPortfolio({
      ctx: serviceContext(c),
      input: { arrangementText: text, ...(asOf ? { asOf } : {}) },
    });
    if (!result.ok) {
      if (result.failure.kind !== "invalid-input") return failurePage(c, result.failure);
      return renderPage(
        c,
        <SimulationPage viewer={viewer} drafts={drafts} today={today(c)} issues={result.failure.issues} />,
        422,
      );
    }
    return renderPage(c, <SimulationPage viewer={viewer} drafts={drafts} today={today(c)} simulation={result.value} />);
  });

  // Administration ------------------------------------------------------------------------------------------
  const organizationsPage = async (c: PageContext, extras: { problem?: string } = {}) => {
    const offset = Math.max(0, Number(c.req.query("offset")) || 0);
    const listed = await listOrganizations({ ctx: serviceContext(c), input: { limit: 50, offset } });
    if (!listed.ok) return failurePage(c, listed.failure);
    return renderPage(
      c,
      <AdminOrganizationsPage
        viewer={await viewerOf(c)}
        organizations={listed.value}
        canCreate={may(c.get("principal"), "organization:create")}
        problem={extras.problem}
      />,
      extras.problem ? 422 : 200,
    );
  };

  app.get("/admin/organizations", requireSession, (c) => organizationsPage(c));

  app.post("/admin/organizations", requireSession, requireCsrf, async (c) => {
    const created = await createOrganization({ ctx: serviceContext(c), input: { name: field(c.get("form"), "name") } });
    if (!created.ok) {
      if (created.failure.kind === "invalid-input")
        return organizationsPage(c, { problem: created.failure.issues[0]?.message });
      if (created.failure.kind === "conflict") return organizationsPage(c, { problem: created.failure.message });
      return failurePage(c, created.failure);
    }
    return c.redirect(`/admin/organizations/${created.value.id}`, 303);
  });

  const keysPage = async (c: PageContext, extras: { createdKey?: string; problem?: string } = {}) => {
    const ctx = serviceContext(c);
    const id = c.req.param("id") ?? "";
    const org = await getOrganization({ ctx, input: { id } });
    if (!org.ok) return failurePage(c, org.failure);
    const keys = await listApiKeys({ ctx, input: { organizationId: id } });
    if (!keys.ok) return failurePage(c, keys.failure);
    return renderPage(
      c,
      <AdminKeysPage
        viewer={await viewerOf(c)}
        organization={org.value}
        keys={keys.value}
        offset={offsetOf(c.req.query("offset"))}
        {...extras}
      />,
      extras.problem ? 422 : extras.createdKey ? 201 : 200,
    );
  };

  app.get("/admin/organizations/:id", requireSession, (c) => keysPage(c));

  app.post("/admin/organizations/:id/keys", requireSession, requireCsrf, async (c) => {
    const form = c.get("form");
    const productIds = field(form, "productIds")
      .split(/[\s,]+/)
      .filter((s) => s.length > 0);
    const label = field(form, "label").trim();
    const created = await createApiKey({
      ctx: serviceContext(c),
      input: {
        organization: c.req.param("id"),
        role: field(form, "role"),
        ...(productIds.length > 0 ? { productIds } : {}),
        ...(label ? { label } : {}),
      },
    });
    if (!created.ok) {
      if (created.failure.kind === "invalid-input")
        return keysPage(c, { problem: created.failure.issues.map((i) => i.message).join(" ") });
      return failurePage(c, created.failure);
    }
    // Shown once, on this response only (no redirect: the key must not pass through a URL or be shown again).
    return keysPage(c, { createdKey: created.value.key });
  });

  app.post("/admin/keys/:id/revoke", requireSession, requireCsrf, async (c) => {
    const revoked = await revokeApiKey({ ctx: serviceContext(c), input: { id: c.req.param("id") } });
    if (!revoked.ok) return failurePage(c, revoked.failure);
    const back = field(c.get("form"), "organization");
    return c.redirect(/^org_[0-9a-f]+$/.test(back) ? `/admin/organizations/${back}` : "/admin/organizations", 303);
  });
}

function today(c: PageContext): string {
  return c.get("deps").now().toISOString().slice(0, 10);
}
