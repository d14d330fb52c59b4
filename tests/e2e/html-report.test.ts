/**
 * The HTML report in a real browser (Debian's chromium, installed by .ci/run): it renders, reads, filters with CSS
 * alone, and loads nothing from the network.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../src/reports/html.js";
import { sampleReport } from "../fixtures/reports/sample-report.js";
import { launch } from "./web-helpers.js";

describe("HTML report in Chromium", () => {
  let workDir: string;
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];
  const consoleErrors: string[] = [];
  let fileUrl: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "cra-html-report-"));
    const file = join(workDir, "report.html");
    writeFileSync(file, renderHtml(sampleReport()));
    fileUrl = pathToFileURL(file).href;
    context = await launch(join(workDir, "profile"), { width: 1200, height: 900 });
    context.on("request", (request) => requested.push(request.url()));
    page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    await page.goto(fileUrl, { waitUntil: "load" });
  });

  afterAll(async () => {
    await context?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("shows the verdict and the findings", async () => {
    await expect(page.title()).resolves.toMatch(/^CRA assessment failed: Acme "Home" Hub <b>&<\/b>/);
    const verdict = page.locator(".verdict");
    expect(await verdict.isVisible()).toBe(true);
    expect(await verdict.locator("strong").textContent()).toBe("FAIL");
    const finding = page.locator("article.finding", { hasText: "No known exploitable vulnerabilities" });
    expect(await finding.isVisible()).toBe(true);
    expect(await finding.textContent()).toContain("fails the gate");
    // Escaped markup shows as text; nothing from the report became an element.
    expect(await page.locator("body").textContent()).toContain("<script>alert('x')</script>");
    expect(await page.locator("script, img, iframe").count()).toBe(0);
    await page.screenshot({ path: join(tmpdir(), "cra-assessor-html-report.png"), fullPage: true });
  });

  it("filters by status with CSS alone", async () => {
    const gap = page.locator("article.finding.s-gap").first();
    const met = page.locator("article.finding.s-met").first();
    expect(await gap.isVisible()).toBe(true);
    await page.locator("#show-met").check();
    expect(await met.isVisible()).toBe(true);
    expect(await gap.isVisible()).toBe(false);
    await page.locator("#show-all").check();
    expect(await gap.isVisible()).toBe(true);
  });

  it("made no network request and broke no content policy", () => {
    expect(requested).toEqual([fileUrl]);
    expect(consoleErrors).toEqual([]);
  });
});
