/**
 * `/openapi.json` (OpenAPI 3.1, generated from the route definitions) and `/docs`, a browsable reference rendered
 * on the server with schemas resolved and examples (src/http/web/pages/api-docs.tsx), under the interface's CSP.
 */
import type { ApiApp, AppDeps } from "../../env.js";
import { ApiDocsPage } from "../../web/pages/api-docs.js";
import { PAGE_HEADERS } from "../../web/session.js";

type DocsDocument = Parameters<typeof ApiDocsPage>[0]["document"];

const API_DESCRIPTION =
  "Assess products with digital elements against the EU Cyber Resilience Act (Regulation (EU) 2024/2847).\n\n" +
  "Authenticate with `Authorization: Bearer <key>` (create one with `cra-assessor keys create`). Errors are RFC 9457 " +
  "`application/problem+json` with a stable `code`. Another organisation's records answer 404.";

export function openApiConfig(deps: Pick<AppDeps, "version">) {
  return {
    openapi: "3.1.0",
    info: { title: "cra-assessor API", version: deps.version, description: API_DESCRIPTION },
    tags: [
      { name: "products", description: "Products of an organisation" },
      { name: "sboms", description: "CycloneDX SBOMs, stored raw and normalized" },
      { name: "declarations", description: "Versioned product declarations (cra-declaration/1)" },
      { name: "assessments", description: "Immutable assessment records and their reports" },
      { name: "assess", description: "Stateless assessment for CI" },
      { name: "organizations", description: "Organisations and API keys (admin)" },
      { name: "audit", description: "The tamper-evident audit trail" },
      { name: "frameworks", description: "Framework catalogs, crosswalks, comparisons, arrangement simulations" },
      { name: "service", description: "Liveness and documentation" },
    ],
  };
}

export function register(app: ApiApp, deps: AppDeps): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An API key: `Authorization: Bearer cra_…`",
  });
  app.doc31("/openapi.json", openApiConfig(deps));
  // The document does not change while the process runs: render the page once.
  let page: string | undefined;
  app.get("/docs", async (c) => {
    if (page === undefined) {
      const document = app.getOpenAPI31Document(openApiConfig(deps)) as unknown as DocsDocument;
      page = `<!doctype html>${String(await ApiDocsPage({ document }))}`;
    }
    return c.html(page, 200, PAGE_HEADERS);
  });
}
