/**
 * Shared pieces of the web interface's browser tests: Chromium launch (Debian's package, no download), a
 * screenshot per page into test-results/web/ (git-ignored, for people to look at), and axe-core run on every
 * page with serious and critical violations collected.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { REPO } from "../integration/helpers.js";

export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = join(REPO, "test-results", "web");

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Debian's Chromium, headless, with a persistent profile in `profileDir`; nothing fetched in the background. */
export async function launch(
  profileDir: string,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<BrowserContext> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    viewport,
    acceptDownloads: true,
  });
}

/** Console errors (CSP violations show there as "Refused to …") and uncaught page errors. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * axe-core's source is evaluated through the DevTools protocol, which the page's CSP does not govern, so the
 * page under test keeps its real policy.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, options: unknown) => Promise<any> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      resultTypes: ["violations"],
    });
    return result.violations as AxeViolation[];
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })),
    }));
}

/** Screenshot the page and check it with axe; returns the serious or critical violations (expected: none). */
export async function inspect(page: Page, name: string): Promise<AxeViolation[]> {
  // The first screen as a reader sees it, and the whole page.
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), timeout: 60_000 });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.full.png`), fullPage: true, timeout: 60_000 });
  return axeViolations(page);
}
