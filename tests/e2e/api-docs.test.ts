/**
 * `/docs` in a real browser (Debian's chromium, installed by .ci/run): the page renders the OpenAPI document with
 * schemas resolved and examples, its filter works, and it loads nothing from outside the service (works offline).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/http/server.js";
import { startTestService, type TestService } from "../integration/helpers.js";
import { launch } from "./web-helpers.js";

describe("/docs in Chromium", () => {
  let svc: TestService;
  let server: RunningServer;
  let workDir: string;
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    svc = await startTestService();
    server = await startServer(svc.runtime.app, { host: "127.0.0.1", port: 0 });
    workDir = mkdtempSync(join(tmpdir(), "cra-api-docs-"));
    context = await launch(join(workDir, "profile"));
    context.on("request", (request) => requested.push(request.url()));
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.goto(`${server.url}/docs`, { waitUntil: "load" });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await svc?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it("renders every operation of the OpenAPI document, grouped by tag", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(await page.locator("details.op[data-search]").count()).toBe(operations);
    expect(await page.locator("h1").textContent()).toBe("cra-assessor API");
    expect(await page.locator("h2", { hasText: "products" }).count()).toBe(1);
    await page.locator("summary", { hasText: "/v1/assess" }).first().click();
    expect(await page.locator("details.op[open]").textContent()).toMatch(/multipart\/form-data/);
    expect(pageErrors).toEqual([]);
  });

  it("filters operations as the reader types", async () => {
    await page.fill("#search", "declaration");
    const visible = await page.locator("details.op[data-search]:visible").count();
    expect(visible).toBeGreaterThan(0);
    expect(visible).toBeLessThan(await page.locator("details.op[data-search]").count());
    await page.fill("#search", "");
  });

  it("loads nothing from outside the service (its stylesheet and script are the app's own)", () => {
    expect(requested.filter((url) => !url.startsWith(`${server.url}/`))).toEqual([]);
  });

  it("shows request bodies with their $ref resolved and an example", async () => {
    const op = page.locator('details.op[data-search^="post /v1/products "]');
    await op.locator("summary").first().click();
    const text = (await op.textContent()) ?? "";
    expect(text).not.toContain("$ref");
    expect(text).toContain("Example");
    expect(text).toMatch(/"name":/);
  });
});
