/**
 * The web interface in a real browser (Debian's chromium): each role's main journey against a real server on
 * loopback, with a screenshot of every page (test-results/web/) and axe-core on every page. Security through the
 * browser: another organisation's product is "not found", a form with a wrong CSRF token is refused, sign-out
 * ends the session, and the session cookie is HttpOnly and SameSite=Strict.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { type RunningServer, startServer } from "../../src/http/server.js";
import { productSbom } from "../fixtures/advisories/product-sbom.js";
import { REPO, startTestService, type TestService } from "../integration/helpers.js";
import { collectErrors, inspect, launch, SCREENSHOTS } from "./web-helpers.js";

const SBOM_FILE = join(REPO, "sbom-samples/synthetic-200.cdx.json");
const PLANTED_GAP = join(REPO, "tests/fixtures/web/planted-gap.yaml");
const COMPLIANT = join(REPO, "seeds/demo/declarations/acme-home-hub.yaml");

describe("web interface in Chromium", () => {
  let svc: TestService;
  let server: RunningServer;
  let workDir: string;
  let browser: BrowserContext;
  let page: Page;
  let errors: string[];
  const requested: string[] = [];
  let productUrl = "";
  let assessmentUrl = "";
  let sensorUrl = "";

  async function signIn(p: Page, key: string) {
    await p.goto(`${server.url}/`);
    // Whoever an earlier journey left signed in signs out first.
    if ((await p.getByRole("button", { name: "Sign out" }).count()) > 0) {
      await p.getByRole("button", { name: "Sign out" }).click();
      await p.waitForURL(/\/sign-in/);
    }
    await p.getByLabel("API key").fill(key);
    await p.getByRole("button", { name: "Sign in" }).click();
    await p.waitForLoadState("load");
  }

  beforeAll(async () => {
    // A clock that moves one second per reading, so records are ordered and dates are reproducible.
    let tick = 0;
    svc = await startTestService({ now: () => new Date(Date.UTC(2028, 2, 20, 10, 0, tick++)) });
    server = await startServer(svc.runtime.app, { host: "127.0.0.1", port: 0 });
    workDir = mkdtempSync(join(tmpdir(), "cra-web-"));
    browser = await launch(join(workDir, "profile"));
    browser.on("request", (request) => requested.push(request.url()));
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(10_000);
    errors = collectErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await svc?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("sends a visitor to sign in, and signs a manufacturer in with an API key", async () => {
    await page.goto(`${server.url}/products`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(await inspect(page, "01-sign-in")).toEqual([]);
    await page.getByLabel("API key").fill("cra_not-a-real-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await page.getByRole("alert").textContent()).toMatch(/unknown or revoked/);
    await page.getByLabel("API key").fill(svc.keys.acme);
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(new URL(page.url()).pathname).toBe("/products");
    // The key is in no URL and no page; the cookie is a session token the page's scripts cannot read.
    expect(page.url()).not.toContain(svc.keys.acme);
    expect(await page.content()).not.toContain(svc.keys.acme);
    const cookie = (await browser.cookies()).find((c) => c.name === "cra_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", secure: false, path: "/" });
    expect(cookie?.value).not.toContain(svc.keys.acme);
    expect(await page.evaluate("document.cookie")).toBe("");
  });

  it("creates a product", async () => {
    expect(await page.locator("main p[role=status]").textContent()).toBe(
      "No product yet: name your first one under “New product” above.",
    );
    expect(await inspect(page, "02-products-empty")).toEqual([]);
    await page.getByLabel("Product name").fill("Acme Home Hub");
    await page.getByRole("button", { name: "Create product" }).click();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Acme Home Hub");
    productUrl = page.url().replace(/\?.*$/, "");
    expect(productUrl).toMatch(/\/products\/prd_[0-9a-f]+$/);
    await page.goto(`${server.url}/products`);
    expect(await page.getByRole("link", { name: "Acme Home Hub" }).count()).toBe(1);
  });

  it("refuses an upload that is not a CycloneDX SBOM, with located errors", async () => {
    await page.goto(productUrl);
    const notSbom = join(workDir, "not-an-sbom.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(notSbom, '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": "nope"}');
    await page.getByLabel("SBOM").setInputFiles(notSbom);
    await page.getByRole("button", { name: "Upload" }).click();
    await expect.poll(() => page.getByRole("alert").count()).toBe(1);
    expect(await page.getByRole("alert").textContent()).toMatch(/was not stored[\s\S]*\/components/);
    expect(await inspect(page, "03-product-upload-error")).toEqual([]);
  });

  it("uploads an SBOM and a declaration with a planted gap, then a failed assessment shows the gap", async () => {
    await page.goto(productUrl);
    await page.getByLabel("SBOM").setInputFiles(SBOM_FILE);
    await page.getByLabel("Declaration").setInputFiles(PLANTED_GAP);
    await page.getByRole("button", { name: "Upload" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toMatch(/SBOM and the declaration/);
    expect(await page.locator("table").last().textContent()).toContain("CycloneDX 1.6 JSON");
    expect(await inspect(page, "04-product-uploaded")).toEqual([]);

    await page.getByLabel("As of").fill("2028-03-15");
    await page.getByRole("button", { name: "Assess" }).click();
    await page.waitForURL(/\/assessments\/asm_/);
    assessmentUrl = page.url();
    expect(await page.getByRole("region", { name: "Verdict" }).textContent()).toMatch(/^FAIL/);
    // Annex I Part I (2)(b): secure by default; the declaration says the default credentials are shared.
    const planted = page.locator('article.finding[data-requirement="CRA-AI-P1-2b"]');
    expect(await planted.getAttribute("data-status")).toBe("gap");
    expect(await planted.textContent()).toContain('Default credentials are "shared-default"');
    expect(await planted.textContent()).toMatch(/Remove shared default passwords/);
    // Every rule outcome that was not met is listed under its own term, the gap first, then what is still for
    // review, each with the rule that said it.
    const outcomes = planted.locator("dt:has-text('Rule outcomes not met') + dd li");
    expect(await outcomes.allTextContents()).toEqual([
      expect.stringMatching(/^Gap \(CRA-P1-2B-CREDENTIALS\): Default credentials are "shared-default"/),
      expect.stringMatching(/^Needs review \(CRA-P1-2B-EVIDENCE-REVIEW\): manual review: \(2\)\(b\)/),
    ]);
    // The gaps that fail the gate say so on their card; a source kind reads as words, not as the schema's token.
    expect(await planted.locator("h3 .badge", { hasText: "fails the gate" }).count()).toBe(1);
    expect(await page.locator("article.finding h3 .badge", { hasText: "fails the gate" }).count()).toBe(2);
    expect(
      await page.locator('article.finding[data-requirement="CRA-A13-05"] dt:has-text("Source") + dd').textContent(),
    ).toMatch(/ · assessor policy$/);
    const citation = planted.getByRole("link", { name: /Annex I/ });
    expect(await citation.getAttribute("href")).toMatch(/^https:\/\/eur-lex\.europa\.eu\//);
    expect(await inspect(page, "05-report-failed")).toEqual([]);
  });

  it("filters findings in the browser and without script", async () => {
    await page.goto(assessmentUrl);
    await page.getByLabel("Status", { exact: true }).selectOption("gap");
    const visible = await page.locator("article.finding:visible").count();
    expect(visible).toBeGreaterThan(0);
    expect(await page.locator("article.finding:visible[data-status]:not([data-status=gap])").count()).toBe(0);
    expect(await page.locator("[data-findings-count]").textContent()).toBe(
      `${visible} finding${visible === 1 ? "" : "s"} shown`,
    );
    // The same filter as a plain GET (what a browser without script sends).
    await page.goto(`${assessmentUrl}?status=gap&severity=&basis=`);
    expect(await page.locator("article.finding:visible").count()).toBe(visible);
    expect(await inspect(page, "06-report-filtered")).toEqual([]);
  });

  it("downloads the report in every format", async () => {
    await page.goto(assessmentUrl);
    const expected: Record<string, RegExp> = {
      JSON: /^application\/json/,
      MD: /^text\/markdown/,
      SARIF: /^application\/sarif\+json/,
      JUNIT: /^application\/xml/,
      HTML: /^text\/html/,
      CSV: /^text\/csv/,
    };
    for (const [label, type] of Object.entries(expected)) {
      const href = await page.getByRole("link", { name: label, exact: true }).getAttribute("href");
      const res = await page.request.get(`${server.url}${href}`);
      expect(res.status(), label).toBe(200);
      expect(res.headers()["content-type"], label).toMatch(type);
      expect(res.headers()["content-disposition"], label).toMatch(/^attachment; filename="asm_/);
    }
    const json = await (
      await page.request.get(`${server.url}${new URL(assessmentUrl).pathname}/report?format=json`)
    ).json();
    expect(json.verdict).toBe("fail");
  });

  it("closes the gap with a new declaration version, and compares assessments and declarations", async () => {
    await page.goto(productUrl);
    await page.getByLabel("Declaration").setInputFiles(COMPLIANT);
    await page.getByRole("button", { name: "Upload" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toMatch(/declaration was validated/);
    await page.getByLabel("As of").fill("2028-03-15");
    await page.getByRole("button", { name: "Assess" }).click();
    await page.waitForURL(/\/assessments\/asm_/);
    const fixed = page.locator('article.finding[data-requirement="CRA-AI-P1-2b"]');
    // No longer a gap (what replaces it is the rule's business: met, or needs-review when more is to be checked).
    expect(await fixed.getAttribute("data-status")).not.toBe("gap");

    await page.goto(productUrl);
    expect(await page.locator("svg[role=img]").count()).toBe(1);
    // Each framework's checkbox stands on its label's line, and the assessments list frameworks by name.
    for (const name of ["EU Cyber Resilience Act", "CISA, 2026 Minimum Elements for a Software Bill of Materials"]) {
      const box = (await page.getByLabel(name, { exact: true }).boundingBox())!;
      const label = (await page.locator("label", { hasText: name }).boundingBox())!;
      expect(box.y + box.height / 2, name).toBeGreaterThan(label.y);
      expect(box.y + box.height / 2, name).toBeLessThan(label.y + label.height);
      expect(box.x + box.width, name).toBeLessThan(label.x);
    }
    const assessments = page.locator("table", { has: page.locator("caption", { hasText: "Assessments of this" }) });
    expect(await assessments.locator("tbody tr td:nth-child(3)").allTextContents()).toEqual([
      "EU Cyber Resilience Act",
      "EU Cyber Resilience Act",
    ]);
    expect(await inspect(page, "07-product-history")).toEqual([]);
    await page.getByRole("button", { name: "Compare assessments" }).click();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("What changed between two assessments");
    const closed = page.locator("table", { hasText: "CRA-AI-P1-2b" });
    expect(await closed.count()).toBe(1);
    expect(await page.locator("ul.counts").textContent()).toMatch(/1 closed gap/);
    expect(await inspect(page, "08-assessment-compare")).toEqual([]);

    await page.goto(productUrl);
    await page.getByRole("button", { name: "Show differences" }).click();
    // The two files differ in their header comment and in the planted line.
    expect(await page.locator(".diff .del").allTextContents()).toEqual([
      expect.stringMatching(/^− # Test declaration/),
      "− defaults: { credentials: shared-default, factoryReset: true, unnecessaryServicesDisabled: true }",
    ]);
    // The demo file's header comment may run over several lines; the only other change is the planted line.
    const added = await page.locator(".diff .add").allTextContents();
    expect(added[0]).toMatch(/^\+ # Demo declaration/);
    expect(added.filter((line) => !line.startsWith("+ #"))).toEqual([
      "+ defaults: { credentials: unique-per-device, factoryReset: true, unnecessaryServicesDisabled: true }",
    ]);
    expect(await inspect(page, "09-declaration-diff")).toEqual([]);
  });

  it("writes a declaration with the guided form: located errors, then saved as a new version", async () => {
    const productId = productUrl.split("/").at(-1)!;
    await page.goto(`${server.url}/declarations/new?product=${productId}`);
    await page.getByLabel("Product name").fill("Acme Home Hub");
    await page.getByLabel("Main establishment (country code)").fill("Germany");
    await page.getByLabel("Default credentials").selectOption("unique-per-device");
    await page.getByLabel("Product class").selectOption("CRA-DEFAULT");
    await page.getByRole("button", { name: "Check" }).click();
    // The parser's located error, shown beside the field it belongs to.
    const field = page.locator(".field", { has: page.getByLabel("Main establishment (country code)") });
    expect(await field.locator(".error").textContent()).toMatch(/country|two|ISO|[A-Z]{2}/i);
    expect(await page.getByRole("alert").first().textContent()).toContain(
      "Main establishment (country code): Expected an ISO 3166-1 alpha-2 country code",
    );
    expect(await inspect(page, "12-declaration-form-error")).toEqual([]);
    // E-mail and web address fields look like the other text fields (same border, padding and height).
    // A function, not a string: playwright evaluates a string as an expression, so a function written as a string
    // is never called and every field would compare equal. The browser's getComputedStyle is reached through
    // globalThis with a local type, since this Node project has no DOM types.
    type Styled = { getComputedStyle(element: unknown): { borderTopColor: string; paddingTop: string } };
    const look = (label: string) =>
      page.getByLabel(label, { exact: true }).evaluate((input: { offsetHeight: number }) => {
        const style = (globalThis as unknown as Styled).getComputedStyle(input);
        return [style.borderTopColor, style.paddingTop, input.offsetHeight].join(" ");
      });
    const text = await look("Manufacturer name");
    expect(text).toMatch(/^rgb.* \d+(\.\d+)?px \d+$/);
    expect(await look("Contact email")).toBe(text);
    expect(await look("Website")).toBe(text);
    await page.getByLabel("Main establishment (country code)").fill("DE");
    await page.getByRole("button", { name: "Save as new declaration version" }).click();
    await page.waitForURL(/done=declaration/);
    expect(await page.locator("table", { hasText: "Version 3" }).count()).toBe(1);
    await page.getByRole("link", { name: "Version 3" }).click();
    expect(await page.locator("pre").textContent()).toMatch(
      /mainEstablishment: DE[\s\S]*credentials: unique-per-device/,
    );
  });

  it("refuses a form whose CSRF token is wrong", async () => {
    await page.goto(`${server.url}/products`);
    await page.locator('form[action="/products"] input[name=_csrf]').evaluate((input) => {
      (input as unknown as { value: string }).value = "forged";
    });
    await page.getByLabel("Product name").fill("Forged product");
    await page.getByRole("button", { name: "Create product" }).click();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Form refused");
    expect(await inspect(page, "10-csrf-refused")).toEqual([]);
    // A cross-site POST with the right cookie but no token (what a forged form sends) is refused too.
    const res = await page.request.post(`${server.url}/products`, { form: { name: "Forged product" } });
    expect(res.status()).toBe(403);
    await page.goto(`${server.url}/products`);
    expect(await page.getByRole("link", { name: "Forged product" }).count()).toBe(0);
  });

  it("shows another organisation's product, assessment and report as not found", async () => {
    const other = await launch(join(workDir, "profile-other"));
    const otherPage = other.pages()[0] ?? (await other.newPage());
    await signIn(otherPage, svc.keys.other);
    for (const url of [productUrl, assessmentUrl, `${assessmentUrl}/report?format=json`]) {
      const response = await otherPage.goto(url);
      expect(response?.status(), url).toBe(404);
      expect(await otherPage.getByRole("heading", { level: 1 }).textContent()).toBe("Not found");
      expect(await otherPage.content()).not.toContain("Acme Home Hub");
    }
    expect(await inspect(otherPage, "11-cross-tenant-not-found")).toEqual([]);
    await other.close();
  });

  it("signs out: the session ends on the server", async () => {
    await page.goto(`${server.url}/products`);
    const before = (await browser.cookies()).find((c) => c.name === "cra_session")!;
    await page.getByRole("button", { name: "Sign out" }).click();
    expect(await page.getByRole("status").textContent()).toMatch(/signed out/);
    // Replaying the old cookie does not bring the session back.
    await browser.addCookies([{ ...before, url: server.url, domain: undefined, path: undefined } as never]);
    await page.goto(`${server.url}/products`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
  });

  it("regulator: portfolio across organisations, read-only product pages", async () => {
    await signIn(page, svc.keys.regulator);
    expect(new URL(page.url()).pathname).toBe("/portfolio");
    expect(await page.locator("ul.counts").first().textContent()).toMatch(
      /^1 product2 assessments\d failed the gate\d passed$/,
    );
    // The latest assessments name each product's organisation, the verdict links to its report, and the worst gap.
    const latest = page.locator("table", { has: page.locator("caption", { hasText: "Latest assessments" }) });
    expect(await latest.locator("thead th").allTextContents()).toEqual([
      "Product",
      "Organisation",
      "Verdict",
      "Highest open gap",
      "As of",
      "Run",
    ]);
    const first = await latest.locator("tbody tr").first().locator("td").allTextContents();
    expect(first.slice(0, 4)).toEqual(["Acme Home Hub", expect.stringMatching(/^acme-/), "fail report", "high"]);
    // The planted gap is among the most frequent gaps of the recent assessments.
    expect(
      await page.locator("table", { hasText: "Most frequent" }).or(page.locator("table").first()).textContent(),
    ).toContain("CRA-AI-P1-2b");
    expect(await inspect(page, "20-regulator-portfolio")).toEqual([]);
    await page.goto(productUrl);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Acme Home Hub");
    expect(await page.getByRole("button", { name: "Upload", exact: true }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Assess", exact: true }).count()).toBe(0);
    expect(await inspect(page, "21-regulator-product")).toEqual([]);
  });

  it("regulator: the comparison heat map between two frameworks, with the crosswalk trace per cell", async () => {
    await page.goto(`${server.url}/compare`);
    await page.getByLabel("From", { exact: true }).selectOption("uk-psti");
    await page.getByLabel("To", { exact: true }).selectOption("cra");
    await page.getByRole("button", { name: "Compare" }).click();
    expect(new URL(page.url()).search).toBe("?from=uk-psti&to=cra");
    const forward = page.locator("section", { has: page.locator("h2#forward") });
    expect(await forward.locator("h2").textContent()).toBe("How uk-psti covers cra");
    const cells = forward.locator("figure svg a rect");
    expect(await cells.count()).toBeGreaterThan(0);
    // Each filled cell names its trace and points at the row that spells it out.
    const title = await cells.first().locator("title").textContent();
    expect(title).toMatch(
      /^CRA-\S+ ← \S+: (equal|equivalent|subset-of|superset-of|intersects-with), (full|partial) cover, confidence (high|medium|low)/,
    );
    const target = title!.split(" ")[0]!;
    await forward.locator("summary").click();
    expect(await forward.locator(`tr[id="row-${target}"]`).textContent()).toMatch(/confidence/);
    expect(await inspect(page, "22-regulator-compare")).toEqual([]);
    // A large pair on a narrow window: the heat map scrolls inside its figure, the page itself does not widen.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 500, height: 900 });
    try {
      await page.goto(`${server.url}/compare?from=etsi-en-303-645%403.1.3&to=cra`);
      // A string, so the browser-side code needs no DOM types in this Node project.
      const widths = (await page.evaluate(`({
        page: document.documentElement.scrollWidth,
        window: window.innerWidth,
        figures: [...document.querySelectorAll("figure")].map((f) => f.scrollWidth > f.clientWidth),
      })`)) as { page: number; window: number; figures: boolean[] };
      expect(widths.page).toBeLessThanOrEqual(widths.window);
      expect(widths.figures).toContain(true);
    } finally {
      if (viewport) await page.setViewportSize(viewport);
    }
  });

  it("regulator: Article 14 deadlines, frameworks and a draft arrangement simulated over the portfolio", async () => {
    await page.goto(`${server.url}/deadlines`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Article 14 reporting deadlines");
    expect(await inspect(page, "23-regulator-deadlines")).toEqual([]);
    await page.goto(`${server.url}/frameworks`);
    await page.getByRole("link", { name: "EU Cyber Resilience Act" }).click();
    expect(await page.locator("tr", { hasText: "CRA-AI-P1-2b" }).count()).toBe(1);
    expect(await inspect(page, "24-framework")).toEqual([]);
    await page.goto(`${server.url}/simulations`);
    await page.getByLabel("Or a shipped draft").selectOption({ index: 1 });
    await page.getByRole("button", { name: "Simulate" }).click();
    expect(await page.locator("ul.counts").textContent()).toMatch(/1 products simulated/);
    expect(await page.locator("table").textContent()).toContain("Acme Home Hub");
    expect(await inspect(page, "25-regulator-simulation")).toEqual([]);
    await page.getByRole("button", { name: "Sign out" }).click();
  });

  it("organisation admin: manages its own organisation's keys only", async () => {
    await signIn(page, svc.keys.admin);
    expect(new URL(page.url()).pathname).toBe("/admin/organizations");
    expect(await page.getByLabel("Organisation name").count()).toBe(0);
    const own = page.locator("table a");
    expect(await own.count()).toBe(1);
    await own.click();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toMatch(/^Keys of acme-/);
    // Regulator keys read every organisation: an organisation's admin is not offered them (the API refuses them too).
    expect(await page.getByLabel("Role").locator("option").allTextContents()).not.toContain("regulator");
    expect(await inspect(page, "30-admin-own-keys")).toEqual([]);
    const response = await page.goto(`${server.url}/admin/organizations/${svc.orgs.other}`);
    expect(response?.status()).toBe(404);
    await page.goto(`${server.url}/admin/organizations`);
    await page.getByRole("button", { name: "Sign out" }).click();
  });

  it("operator: creates an organisation and a key shown once, and revokes it", async () => {
    await signIn(page, svc.keys.operator);
    expect(new URL(page.url()).pathname).toBe("/admin/organizations");
    await page.getByLabel("Organisation name").fill("Nordlicht Networks");
    await page.getByRole("button", { name: "Create organisation" }).click();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Keys of Nordlicht Networks");
    await page.getByLabel("Role").selectOption("manufacturer");
    await page.getByLabel("Label").fill("compliance office");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.locator("#new-key").textContent())!.trim();
    expect(key).toMatch(/^cra_[A-Za-z0-9_-]{43}$/);
    expect(page.url()).not.toContain(key);
    expect(await inspect(page, "31-operator-key-created")).toEqual([]);
    // The key works: a second browser signs in with it.
    const other = await launch(join(workDir, "profile-new-key"));
    const otherPage = other.pages()[0] ?? (await other.newPage());
    await signIn(otherPage, key);
    expect(new URL(otherPage.url()).pathname).toBe("/products");
    // Shown once: reloading the organisation's page shows its prefix only.
    await page.goto(page.url().replace(/\/keys$/, ""));
    expect(await page.content()).not.toContain(key);
    await page.getByRole("button", { name: /^Revoke key cra_/ }).click();
    expect(await page.locator("table").textContent()).toMatch(/revoked/);
    expect(await inspect(page, "32-operator-keys")).toEqual([]);
    // Revoking the key ends the session opened with it.
    await otherPage.goto(`${server.url}/products`);
    expect(new URL(otherPage.url()).pathname).toBe("/sign-in");
    expect(await otherPage.getByRole("status").textContent()).toMatch(/revoked/);
    await other.close();
  });

  it("manufacturer: triages the vulnerabilities the latest assessment matched, with located errors", async () => {
    const sbom = join(workDir, "sensor.cdx.json");
    writeFileSync(
      sbom,
      productSbom([{ ref: "parser", name: "@acme/parser", version: "1.4.1", purl: "pkg:npm/%40acme/parser@1.4.1" }]),
    );
    await signIn(page, svc.keys.acme);
    await page.getByLabel("Product name").fill("Acme Sensor");
    await page.getByRole("button", { name: "Create product" }).click();
    sensorUrl = page.url().replace(/\?.*$/, "");
    // Without a declaration no document can be drafted, and the page says why.
    await page.goto(`${sensorUrl}/documents`);
    expect(await page.getByRole("status").textContent()).toMatch(
      /^No draft can be made yet: Product prd_[0-9a-f]+ has no declaration yet: upload one before drafting documents\.$/,
    );
    await page.goto(sensorUrl);
    await page.getByLabel("SBOM").setInputFiles(sbom);
    await page.getByLabel("Declaration").setInputFiles(COMPLIANT);
    await page.getByRole("button", { name: "Upload" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toMatch(/SBOM and the declaration/);
    const assess = async () => {
      await page.goto(sensorUrl);
      await page.getByLabel("As of").fill("2028-03-15");
      await page.getByRole("button", { name: "Assess" }).click();
      await page.waitForURL(/\/assessments\/asm_/);
    };
    // Before any advisory is imported, the report carries no matching at all, and the triage page says so.
    await assess();
    // The report page says so too, rather than showing an empty list that reads as "no vulnerabilities".
    expect(await page.locator("h2#vulnerabilities + p").textContent()).toMatch(
      /^No advisory data was matched against the components/,
    );
    await page.goto(`${sensorUrl}/vex`);
    expect(await page.locator("h2#to-triage + p").textContent()).toMatch(
      /carries no vulnerability matches: no advisory data had been imported/,
    );
    // A web user is told who imports advisory data, not a command line.
    expect(await page.locator("h2#to-triage + p").textContent()).toMatch(/imported by the service's operator/);
    expect(await page.locator("main").textContent()).not.toMatch(/advisories import|--advisories/);
    // An advisory for @acme/parser below 1.4.2 (aliases CVE-2099-0001), imported the way an operator does.
    const advisory = join(REPO, "tests/fixtures/advisories/osv/npm-GHSA-7x2q-acme-parser.json");
    const quiet = { out: () => {}, err: () => {}, isTTY: false, cwd: REPO, env: {} };
    expect(await main(["advisories", "import", advisory, "--db", svc.dbPath], quiet)).toBe(0);
    await assess();
    // The report page lists the match: component, advisory and its alias, fix, and that nothing analysed it yet.
    expect(await page.locator("h2#vulnerabilities").textContent()).toBe(
      "Known vulnerabilities (1 matched, 1 exploitable)",
    );
    const matched = page.locator("section", { has: page.locator("h2#vulnerabilities") }).locator("tbody tr");
    expect(await matched.count()).toBe(1);
    const cells = await matched.locator("td").allTextContents();
    expect(cells[0]).toBe("@acme/parser@1.4.1pkg:npm/%40acme/parser@1.4.1");
    // The advisory and its aliases between them name both ids, whichever is primary.
    expect(`${cells[1]} ${cells[2]}`).toMatch(/GHSA-7x2q-9f3v-wq4m/);
    expect(`${cells[1]} ${cells[2]}`).toMatch(/CVE-2099-0001/);
    expect(cells.slice(3)).toEqual(["medium", "none recorded", "yes", expect.stringMatching(/^1\.4\.2/), "no"]);
    expect(await inspect(page, "39-report-vulnerabilities")).toEqual([]);

    await page.goto(sensorUrl);
    await page.getByRole("navigation", { name: "Product" }).getByRole("link", { name: /VEX/ }).click();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Vulnerability triage (VEX)");
    // The match is listed to triage, not yet analysed, with the version the declaration names.
    const toTriage = page.locator("table", { has: page.locator("caption", { hasText: "Vulnerabilities to triage" }) });
    expect(await toTriage.locator("tbody tr").count()).toBe(1);
    expect(await toTriage.locator("tbody tr").textContent()).toMatch(
      /@acme\/parser@1\.4\.1[\s\S]*1\.4\.2[\s\S]*not analysed/,
    );
    expect(await page.locator("main").textContent()).not.toMatch(/advisories import|--advisories/);
    expect(await inspect(page, "40-vex-to-triage")).toEqual([]);

    await page.getByRole("link", { name: "Record the analysis of CVE-2099-0001 on @acme/parser@1.4.1" }).click();
    expect(await page.getByLabel("Product version").inputValue()).toBe("2.3.0");
    expect(await page.getByLabel("Vulnerability").inputValue()).toBe("CVE-2099-0001");
    expect(await page.getByLabel("Component").inputValue()).toBe("pkg:npm/%40acme/parser@1.4.1");
    // "Not affected" with neither a justification nor a detail is incomplete (CISA VEX minimum requirements).
    await page.getByLabel("State").selectOption("not_affected");
    await page.getByRole("button", { name: "Record analysis" }).click();
    const stateField = page.locator(".field", { has: page.getByLabel("State") });
    expect(await stateField.locator(".error").textContent()).toBe(
      'A "not_affected" analysis needs a justification or a detail saying why the product is not affected.',
    );
    expect(await page.getByRole("alert").textContent()).toMatch(
      /^The analysis was not recorded:\s*State: A "not_affected"/,
    );
    expect(await page.getByLabel("Vulnerability").inputValue()).toBe("CVE-2099-0001");
    expect(await inspect(page, "41-vex-form-error")).toEqual([]);
    // The state and justification options are sentences: at a laptop's width and at 1024px each select shows its
    // longest option whole (text width plus padding and the arrow) and stays inside the form.
    // An expression string, since this Node project has no DOM types (a string that is an arrow function is not
    // called with the element by locator.evaluate: it returns undefined).
    const fits = (id: string) =>
      page.evaluate(
        `((select) => {
          const s = getComputedStyle(select);
          const ctx = document.createElement("canvas").getContext("2d");
          ctx.font = s.font;
          const widest = Math.max(...[...select.options].map((o) => ctx.measureText(o.text).width));
          const room = select.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - 16;
          const form = select.closest("form").getBoundingClientRect();
          return widest > 0 && widest <= room && select.getBoundingClientRect().right <= form.right;
        })(document.getElementById(${JSON.stringify(id)}))`,
      );
    for (const width of [1280, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await fits("vex-state"), `State at ${width}px`).toBe(true);
      expect(await fits("vex-justification"), `Justification at ${width}px`).toBe(true);
    }
    await page.screenshot({ path: join(SCREENSHOTS, "41-vex-form-error-1024.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByLabel("Justification").selectOption("code_not_reachable");
    await page.getByLabel("Detail").fill("The parser only reads the device's own configuration file.");
    await page.getByRole("button", { name: "Record analysis" }).click();
    await page.waitForURL(/done=recorded/);
    expect(await page.getByRole("status").first().textContent()).toMatch(/analysis was recorded/);
    const recorded = page.locator("section", { has: page.getByRole("heading", { name: "Version 2.3.0" }) });
    expect(await recorded.locator("tbody tr").textContent()).toMatch(
      /CVE-2099-0001pkg:npm\/%40acme\/parser@1\.4\.1not_affected[\s\S]*never executed[\s\S]*own configuration file/,
    );
    expect(await toTriage.locator("tbody tr").textContent()).toMatch(/not_affected \(recorded here\)/);
    expect(await inspect(page, "42-vex-recorded")).toEqual([]);

    // The downloads are the API's exports of that version.
    const formats: [string, RegExp][] = [
      ["CSAF 2.0 VEX of version 2.3.0", /^application\/json/],
      ["CycloneDX VEX of version 2.3.0", /^application\/vnd\.cyclonedx\+json/],
      ["OpenVEX of version 2.3.0", /^application\/json/],
    ];
    const documents: Record<string, unknown>[] = [];
    for (const [name, type] of formats) {
      const href = await page.getByRole("link", { name }).getAttribute("href");
      const res = await page.request.get(`${server.url}${href}`);
      expect(res.status(), name).toBe(200);
      expect(res.headers()["content-type"], name).toMatch(type);
      expect(res.headers()["content-disposition"], name).toMatch(/^attachment; filename="prd_[0-9a-f]+-2\.3\.0\./);
      documents.push(await res.json());
    }
    expect(documents[0]).toMatchObject({ document: { category: "csaf_vex" } });
    expect(documents[1]).toMatchObject({
      bomFormat: "CycloneDX",
      vulnerabilities: [
        { id: "CVE-2099-0001", analysis: { state: "not_affected", justification: "code_not_reachable" } },
      ],
    });
    expect(documents[2]).toMatchObject({
      statements: [{ vulnerability: { name: "CVE-2099-0001" }, status: "not_affected" }],
    });
    // Recorded through the service: audited as the API's route is.
    const audit = (await (await svc.request("/v1/audit?limit=100")).json()) as { items: { action: string }[] };
    expect(audit.items.filter((r) => r.action === "vex.recorded")).toHaveLength(1);
  });

  it("refuses a VEX analysis whose CSRF token is wrong", async () => {
    await page.goto(`${sensorUrl}/vex`);
    await page.locator("form#record input[name=_csrf]").evaluate((input) => {
      (input as unknown as { value: string }).value = "forged";
    });
    await page.getByLabel("Vulnerability").fill("CVE-2099-9999");
    await page.getByLabel("Component").fill("pkg:npm/forged@1.0.0");
    await page.getByRole("button", { name: "Record analysis" }).click();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Form refused");
    await page.goto(`${sensorUrl}/vex`);
    expect(await page.content()).not.toContain("CVE-2099-9999");
  });

  it("shows another organisation's VEX page, exports and documents as not found, and refuses its analysis", async () => {
    const other = await launch(join(workDir, "profile-other-vex"));
    const otherPage = other.pages()[0] ?? (await other.newPage());
    await signIn(otherPage, svc.keys.other);
    for (const url of [
      `${sensorUrl}/vex`,
      `${sensorUrl}/vex/export?format=csaf&version=2.3.0`,
      `${sensorUrl}/documents`,
      `${sensorUrl}/documents/eu-declaration-of-conformity?format=html`,
    ]) {
      const response = await otherPage.goto(url);
      expect(response?.status(), url).toBe(404);
      expect(await otherPage.getByRole("heading", { level: 1 }).textContent()).toBe("Not found");
      expect(await otherPage.content()).not.toContain("Acme Sensor");
    }
    expect(await inspect(otherPage, "43-vex-cross-tenant")).toEqual([]);
    // With its own valid session and token, the other organisation still cannot write to the product.
    await otherPage.goto(`${server.url}/products`);
    const token = await otherPage.locator("input[name=_csrf]").first().inputValue();
    const res = await otherPage.request.post(`${sensorUrl}/vex`, {
      form: {
        _csrf: token,
        productVersion: "2.3.0",
        vulnerability: "CVE-2099-0001",
        component: "pkg:npm/%40acme/parser@1.4.1",
        state: "exploitable",
        detail: "forged",
      },
      headers: { origin: server.url },
    });
    expect(res.status()).toBe(404);
    await other.close();
    await page.goto(`${sensorUrl}/vex`);
    expect(await page.locator("section", { hasText: "Version 2.3.0" }).textContent()).not.toContain("forged");
  });

  it("manufacturer: opens document drafts as printable pages and downloads them as Markdown", async () => {
    await page.goto(sensorUrl);
    await page.getByRole("navigation", { name: "Product" }).getByRole("link", { name: "Documents" }).click();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Documents");
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBe(4);
    expect(await rows.locator("td:first-child").allTextContents()).toEqual([
      "EU declaration of conformity",
      "Simplified EU declaration of conformity",
      expect.stringMatching(/technical documentation/i),
      expect.stringMatching(/information/i),
    ]);
    expect(await inspect(page, "44-documents")).toEqual([]);

    for (const kind of ["EU declaration of conformity", "Simplified EU declaration of conformity"]) {
      const href = await page.getByRole("link", { name: `Markdown of the ${kind}` }).getAttribute("href");
      const res = await page.request.get(`${server.url}${href}`);
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toMatch(/^text\/markdown/);
      expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename=".*\.md"$/);
      expect(await res.text()).toMatch(new RegExp(`^# ${kind}`, "m"));
    }

    const printable = page.getByRole("link", { name: "Printable page of the EU declaration of conformity" });
    const [response] = await Promise.all([page.waitForResponse(/documents\/eu-declaration/), printable.click()]);
    await page.waitForLoadState("load");
    expect(response.headers()["content-security-policy"]).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("EU declaration of conformity");
    expect(await page.textContent("body")).toContain("Acme Home Hub");
    // Its own stylesheet applies (allowed by hash): the serif print face, not the browser's default.
    expect(await page.evaluate("getComputedStyle(document.body).fontFamily")).toMatch(/Georgia/);
    expect(await inspect(page, "45-document-printable")).toEqual([]);
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: join(SCREENSHOTS, "46-document-print.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    writeFileSync(join(SCREENSHOTS, "46-document-print.pdf"), pdf);
    await page.goto(`${server.url}/products`);
    await page.getByRole("button", { name: "Sign out" }).click();
  });

  it("regulator: records a crosswalk review from the comparison's trace, shown on the row and audited", async () => {
    await signIn(page, svc.keys.regulator);
    await page.goto(`${server.url}/compare?from=uk-psti&to=cra`);
    const forward = page.locator("section", { has: page.locator("h2#forward") });
    await forward.locator("summary").click();
    const reviewLink = forward.locator("td ul.facts a").first();
    const before = (await reviewLink.textContent()) ?? "";
    const countBefore = /^(\d+) review/.exec(before)?.[1] ?? "0";
    await reviewLink.click();
    await page.waitForURL(/\/crosswalks\/uk-psti--cra#m-/);
    const anchor = new URL(page.url()).hash.slice(1);
    const row = page.locator(`tr[id="${anchor}"]`);
    await row.getByRole("link", { name: /^Review this row/ }).click();
    expect(await inspect(page, "47-crosswalk-review-form")).toEqual([]);
    // A reviewer must be named; the error stands beside the field.
    await page.getByLabel("Verdict").selectOption("changed");
    await page.getByRole("button", { name: "Record review" }).click();
    const reviewerField = page.locator(".field", { has: page.getByLabel("Reviewer") });
    expect(await reviewerField.locator(".error").textContent()).toBe("Name the reviewer.");
    const relationshipField = page.locator(".field", { has: page.getByLabel("Relationship held right") });
    expect(await relationshipField.locator(".error").textContent()).toMatch(
      /^A "changed" review names the relationship/,
    );
    expect(await inspect(page, "48-crosswalk-review-error")).toEqual([]);
    await page.getByLabel("Reviewer").fill("R. Inspector");
    await page.getByLabel("Verdict").selectOption("disagree");
    await page.getByLabel("Comment").fill("The PSTI clause covers passwords only, not every default setting.");
    await page.getByRole("button", { name: "Record review" }).click();
    await page.waitForURL(/done=review/);
    expect(await page.getByRole("status").textContent()).toBe("The review was recorded.");
    expect(await page.locator(`tr[id="${anchor}"]`).textContent()).toMatch(
      /disagree — R\. Inspector, authority-[^,]+, 2028-03-20: “The PSTI clause covers passwords only/,
    );
    expect(await inspect(page, "49-crosswalk-reviewed")).toEqual([]);
    await page.goto(`${server.url}/compare?from=uk-psti&to=cra`);
    const after = await page.locator(`section:has(h2#forward) a[href$="#${anchor}"]`).first().textContent();
    expect(after).toBe(`${Number(countBefore) + 1} review${Number(countBefore) === 0 ? "" : "s"}, latest: disagree`);
    const audit = (await (await svc.request("/v1/audit?limit=100", { key: svc.keys.regulator })).json()) as {
      items: { action: string }[];
    };
    expect(audit.items.filter((r) => r.action === "crosswalk-review.recorded")).toHaveLength(1);
    await page.getByRole("button", { name: "Sign out" }).click();
  });

  it("regulator: reads a product's VEX analyses but is offered no form, and its analysis is refused", async () => {
    await signIn(page, svc.keys.regulator);
    await page.goto(`${sensorUrl}/vex`);
    expect(await page.locator("section", { hasText: "Version 2.3.0" }).textContent()).toContain("CVE-2099-0001");
    expect(await page.getByRole("button", { name: "Record analysis" }).count()).toBe(0);
    const token = await page.locator("input[name=_csrf]").first().inputValue();
    const res = await page.request.post(`${sensorUrl}/vex`, {
      form: { _csrf: token, productVersion: "2.3.0", vulnerability: "CVE-1", component: "x", state: "in_triage" },
      headers: { origin: server.url },
    });
    expect(res.status()).toBe(403);
    expect(await inspect(page, "50-regulator-vex")).toEqual([]);
  });

  it("manufacturer: reads crosswalk reviews but is offered no review form, and its post is refused", async () => {
    await signIn(page, svc.keys.acme);
    await page.goto(`${server.url}/crosswalks/uk-psti--cra`);
    expect(await page.locator("table").textContent()).toContain("R. Inspector");
    expect(await page.getByRole("button", { name: "Record review" }).count()).toBe(0);
    const token = await page.locator("input[name=_csrf]").first().inputValue();
    const res = await page.request.post(`${server.url}/crosswalks/uk-psti--cra/reviews`, {
      form: { _csrf: token, row: "x|y", reviewer: "M", verdict: "agree" },
      headers: { origin: server.url },
    });
    expect(res.status()).toBe(403);
  });

  it("manufacturer: another role's page says in words what is not allowed; an unknown address is a page", async () => {
    await signIn(page, svc.keys.acme);
    const refused = await page.goto(`${server.url}/compare`);
    expect(refused?.status()).toBe(403);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Not allowed");
    expect(await page.locator("main p.lead").textContent()).toBe(
      "Signed in as Manufacturer, you may not compare frameworks: this needs a key with another role.",
    );
    expect(await inspect(page, "13-forbidden")).toEqual([]);
    // A mistyped address answers with a page a person can read (the API under /v1 keeps its problem documents).
    const missing = await page.goto(`${server.url}/prodcuts`);
    expect(missing?.status()).toBe(404);
    expect(missing?.headers()["content-type"]).toMatch(/^text\/html/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
    expect(await page.locator("main p.lead").textContent()).toMatch(/^There is no page at \/prodcuts\./);
    expect(await inspect(page, "14-page-not-found")).toEqual([]);
    const api = await page.request.get(`${server.url}/v1/nothing-here`, {
      headers: { accept: "text/html", authorization: `Bearer ${svc.keys.acme}` },
    });
    expect(api.status()).toBe(404);
    expect(api.headers()["content-type"]).toMatch(/^application\/problem\+json/);
  });

  it("manufacturer: assesses a product that has an SBOM and no declaration, listed as SBOM only", async () => {
    await signIn(page, svc.keys.acme);
    await page.goto(`${server.url}/products`);
    await page.getByLabel("Product name").fill("Acme Gateway");
    await page.getByRole("button", { name: "Create product" }).click();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Acme Gateway");
    // Nothing to assess yet: the button is off and says why.
    expect(await page.getByRole("button", { name: "Assess" }).isDisabled()).toBe(true);
    expect(await page.locator("form", { hasText: "As of" }).textContent()).toContain("Upload an SBOM or a declaration");

    await page.getByLabel("SBOM").setInputFiles(SBOM_FILE);
    await page.getByRole("button", { name: "Upload" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Assess" }).isEnabled()).toBe(true);
    expect(await page.locator("form", { hasText: "As of" }).textContent()).toContain("the SBOM is assessed alone");
    await page.getByLabel("As of").fill("2028-03-15");
    await page.getByRole("button", { name: "Assess" }).click();
    await page.waitForURL(/\/assessments\/asm_/);
    // Annex I Part I (2)(b) rests on the declaration: without one it is needs-review, never a guess.
    const secureByDefault = page.locator('article.finding[data-requirement="CRA-AI-P1-2b"]');
    expect(await secureByDefault.getAttribute("data-status")).toBe("needs-review");
    expect(await secureByDefault.textContent()).toContain("No declaration given");
    expect(await page.locator("p", { hasText: "Law applied as of" }).textContent()).toContain(
      "no declaration (assessed from the SBOM alone)",
    );
    // The verdict says what it covers: a pass here is not a CRA pass of the product.
    expect(await page.getByRole("region", { name: "Verdict" }).locator("strong").textContent()).toMatch(
      /^(PASS|FAIL) \(SBOM only\)$/,
    );
    // What to do says it in the web interface's words: the declaration is added on the product page, and no
    // finding tells a web user to run a command.
    const todo = secureByDefault.locator('dt:has-text("What to do") + dd');
    expect(await todo.textContent()).toMatch(/^Add the product's declaration on the product page/);
    expect(await todo.getByRole("link", { name: "product page" }).getAttribute("href")).toMatch(/^\/products\/prd_/);
    const todos = await page.locator('article.finding dt:has-text("What to do") + dd').allTextContents();
    expect(todos.length).toBeGreaterThan(0);
    expect(todos.filter((text) => /(^|[\s(])--[a-z]|\bassess --|cra-assessor /.test(text))).toEqual([]);
    expect(await inspect(page, "51-report-sbom-only")).toEqual([]);

    await page.getByRole("link", { name: "Acme Gateway" }).first().click();
    const row = page.locator("table", { hasText: "Assessed from" }).locator("tbody tr").first();
    expect(await row.textContent()).toContain("SBOM only (no declaration)");
    expect(await inspect(page, "52-product-sbom-only")).toEqual([]);
  });

  it("manufacturer: a partner framework's report marks its unverified requirements where a reader sees them", async () => {
    await page.goto(`${server.url}/products`);
    await page.getByRole("link", { name: "Acme Gateway" }).click();
    await page.getByLabel("EU Cyber Resilience Act").uncheck();
    await page.getByLabel(/^UK Product Security and Telecommunications Infrastructure/).check();
    await page.getByLabel("As of").fill("2028-03-15");
    await page.getByRole("button", { name: "Assess" }).click();
    await page.waitForURL(/\/assessments\/asm_/);
    const marked = page.locator("article.finding", { has: page.locator("h3 .badge.unverified") });
    const count = await marked.count();
    // Some UK PSTI requirements are marked unverified in the reference material.
    expect(count).toBeGreaterThan(0);
    expect(await page.locator("[data-unverified-count]").getAttribute("data-unverified-count")).toBe(String(count));
    expect(await page.locator("[data-unverified-count]").textContent()).toMatch(
      new RegExp(`^${count} unverified ${count === 1 ? "finding rests" : "findings rest"} on requirements`),
    );
    for (const text of await marked.locator('dt:has-text("Source") + dd').allTextContents()) {
      expect(text).toMatch(/unverified: the reference material marks this requirement unverified$/);
    }
    expect(await page.locator("article.finding h3 .badge.unverified").first().textContent()).toBe(
      "unverified requirement",
    );
    expect(await inspect(page, "54-report-unverified")).toEqual([]);

    // "Unverified only" beside the status filters: in the browser, as a plain GET, and from the notice's link.
    const reportUrl = page.url().replace(/[?#].*$/, "");
    await page.getByLabel("Requirement", { exact: true }).selectOption("unverified");
    expect(await page.locator("article.finding:visible").count()).toBe(count);
    expect(await page.locator("article.finding:visible:not(:has(h3 .badge.unverified))").count()).toBe(0);
    expect(await page.locator("[data-findings-count]").textContent()).toBe(
      `${count} finding${count === 1 ? "" : "s"} shown`,
    );
    // Combined with a status: both hold.
    await page.getByLabel("Status", { exact: true }).selectOption("needs-review");
    const both = await page.locator("article.finding:visible").count();
    expect(
      await page
        .locator('article.finding:visible:not([data-status="needs-review"][data-verification="unverified"])')
        .count(),
    ).toBe(0);
    await page.goto(`${reportUrl}?status=needs-review&severity=&basis=&verification=unverified`);
    expect(await page.locator("article.finding:visible").count()).toBe(both);
    await page.goto(reportUrl);
    await page.getByRole("link", { name: "Show only these" }).click();
    expect(await page.locator("article.finding:visible").count()).toBe(count);
    expect(await page.getByLabel("Requirement", { exact: true }).inputValue()).toBe("unverified");
    expect(await inspect(page, "55-report-unverified-only")).toEqual([]);
  });

  it("manufacturer: uploads SPDX SBOMs through the form (tag-value and JSON), listed with their standard", async () => {
    await signIn(page, svc.keys.acme);
    await page.goto(`${server.url}/products`);
    await page.getByLabel("Product name").fill("Acme SPDX Sensor");
    await page.getByRole("button", { name: "Create product" }).click();
    const examples = join(REPO, "tests/fixtures/spdx/examples");
    for (const [file, label] of [
      ["spdx-spec-2.3/SPDXTagExample-v2.3.spdx", "SPDX 2.3 tag-value"],
      ["spdx-spec-2.3/SPDXJSONExample-v2.3.spdx.json", "SPDX 2.3 JSON"],
      ["spdx-spec-2.2/SPDXYAMLExample-2.2.spdx.yaml", "SPDX 2.2 YAML"],
      ["spdx-spec-3.0.1/package_sbom.json", "SPDX 3.0.1 JSON-LD"],
    ] as const) {
      await page.getByLabel("SBOM").setInputFiles(join(examples, file));
      await page.getByRole("button", { name: "Upload" }).click();
      const row = page.locator("table", { hasText: "Components" }).locator("tbody tr").first();
      await expect.poll(() => row.textContent()).toContain(label);
    }
    expect(await inspect(page, "53-product-spdx-uploads")).toEqual([]);
    // The report names the SBOM it read the same way.
    await page.getByLabel("As of").fill("2028-03-15");
    await page.getByRole("button", { name: "Assess" }).click();
    await page.waitForURL(/\/assessments\/asm_/);
    expect(await page.locator("p", { hasText: "Law applied as of" }).textContent()).toContain(
      "SBOM SPDX 3.0.1 JSON-LD with 1 component ·",
    );
  });

  it("loaded nothing from outside the server and broke no content security rule", () => {
    expect(requested.filter((url) => !url.startsWith(server.url))).toEqual([]);
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
