/**
 * A real service on a real SQLite file in a temp dir (or, with CRA_ASSESSOR_TEST_DB=postgres, on a fresh
 * PostgreSQL database), driven through `app.request` (no port needed).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Role } from "../../src/db/port.js";
import { openApiConfig } from "../../src/http/routes/docs/index.js";
import { createServiceRuntime, type ServiceRuntime } from "../../src/http/runtime.js";
import { cliPrincipal } from "../../src/services/context.js";
import { createApiKey } from "../../src/services/keys.js";
import { createTestPgDatabase, INTEGRATION_ON_PG, rawQuery } from "../pg-database.js";
import { assertConforms, type OpenApiDocument, openApiConformance } from "./openapi-conformance.js";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const SBOM_JSON = readFileSync(join(REPO, "sbom-samples/synthetic-200.cdx.json"));
export const SBOM_XML = readFileSync(join(REPO, "sbom-samples/synthetic-200.cdx.xml"));
export const DECLARATION = readFileSync(join(REPO, "seeds/demo/declarations/acme-home-hub.yaml"), "utf8");

export interface TestService {
  runtime: ServiceRuntime;
  dir: string;
  /** The SQLite file, or the PostgreSQL URL, the service runs on. */
  dbPath: string;
  /** Runs SQL on the service's database behind its back (to tamper with it in tests). */
  sql(text: string): Promise<Record<string, unknown>[]>;
  /**
   * Keys by name: acme (manufacturer), other (manufacturer of another org), regulator, admin (of acme's
   * organisation), otherAdmin (of the other organisation), operator (platform-wide, as the CLI makes it).
   */
  keys: Record<"acme" | "other" | "regulator" | "admin" | "otherAdmin" | "operator", string>;
  orgs: Record<"acme" | "other", string>;
  request(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
  createKey(org: string, role: Role, productIds?: string[]): Promise<string>;
  createProduct(key: string, body?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

let orgCounter = 0;

export async function startTestService(
  options: { bodyLimitBytes?: number; now?: () => Date } = {},
): Promise<TestService> {
  const dir = mkdtempSync(join(tmpdir(), "cra-http-"));
  const pgDatabase = INTEGRATION_ON_PG ? await createTestPgDatabase() : undefined;
  const dbPath = pgDatabase?.url ?? join(dir, "data", "service.db");
  const runtime = await createServiceRuntime({
    db: dbPath,
    workers: "inline",
    bodyLimitBytes: options.bodyLimitBytes ?? 100 * 1024 * 1024,
    version: "test",
    ...(options.now ? { now: options.now } : {}),
    onError: (error) => {
      throw error;
    },
  });
  checkEveryReply(runtime);
  const admin = { ...runtime.deps, principal: cliPrincipal("test") };
  const createKey = async (org: string, role: Role, productIds?: string[]) => {
    const created = await createApiKey({
      ctx: admin,
      input: { organization: org, role, createOrganization: true, ...(productIds ? { productIds } : {}) },
    });
    if (!created.ok) throw new Error(JSON.stringify(created.failure));
    return created.value.key;
  };
  const suffix = `${process.pid}-${++orgCounter}`;
  const keys = {
    acme: await createKey(`acme-${suffix}`, "manufacturer"),
    other: await createKey(`other-${suffix}`, "manufacturer"),
    regulator: await createKey(`authority-${suffix}`, "regulator"),
    admin: await createKey(`acme-${suffix}`, "admin"),
    otherAdmin: await createKey(`other-${suffix}`, "admin"),
    operator: await createKey(`operator-${suffix}`, "operator"),
  };
  const orgs = {
    acme: (await runtime.repos.organizations.findBySlug(`acme-${suffix}`))!.id,
    other: (await runtime.repos.organizations.findBySlug(`other-${suffix}`))!.id,
  };
  const request = (path: string, init: RequestInit & { key?: string | null } = {}) => {
    const { key, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (key !== null) headers.set("authorization", `Bearer ${key ?? keys.acme}`);
    return Promise.resolve(runtime.app.request(path, { ...rest, headers }));
  };
  const createProduct = async (key: string, body: Record<string, unknown> = { name: "Acme Home Hub" }) => {
    const res = await request("/v1/products", {
      key,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`create product: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  return {
    runtime,
    dir,
    dbPath,
    sql: (text) => rawQuery(dbPath, text),
    keys,
    orgs,
    request,
    createKey,
    createProduct,
    close: async () => {
      // The throwaway database and directory go even when closing the service fails, so none pile up.
      try {
        await runtime.close();
      } finally {
        await pgDatabase?.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Every reply the app gives, through `app.request` or a server started on `app.fetch`, is checked against the
 * app's own OpenAPI document; a reply outside it rejects the request with the reasons.
 */
function checkEveryReply(runtime: ServiceRuntime): void {
  const app = runtime.app;
  let check: ReturnType<typeof openApiConformance> | undefined;
  const fetch = app.fetch;
  app.fetch = async (request, ...rest) => {
    const response = await fetch(request, ...rest);
    check ??= openApiConformance(app.getOpenAPI31Document(openApiConfig(runtime.deps)) as unknown as OpenApiDocument);
    const url = new URL(request.url);
    await assertConforms(check, { method: request.method, path: url.pathname }, response);
    return response;
  };
}

export async function expectProblem(res: Response, status: number, code: string): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status} ${code}, got ${res.status}: ${text}`);
  if (!res.headers.get("content-type")?.startsWith("application/problem+json")) {
    throw new Error(`expected application/problem+json, got ${res.headers.get("content-type")}: ${text}`);
  }
  const body = JSON.parse(text) as Record<string, unknown>;
  if (body.code !== code || body.status !== status) throw new Error(`expected code ${code}, got ${text}`);
  return body;
}
