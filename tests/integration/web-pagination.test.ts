/**
 * Every list a web page shows is paged: a product's declaration versions and an organisation's keys show ten and
 * fifty rows, with links to the rest. Driven in process (the browser journeys are in tests/e2e/web.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "../../src/services/web-sessions.js";
import { DECLARATION, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
let productId: string;

async function page(key: string, path: string): Promise<string> {
  const opened = await signIn({ ctx: svc.runtime.deps, input: { apiKey: key } });
  if (!opened) throw new Error("sign-in refused");
  const res = await svc.runtime.app.request(path, { headers: { cookie: `cra_session=${opened.token}` } });
  expect(res.status).toBe(200);
  return res.text();
}

const versionsShown = (html: string) => [...html.matchAll(/>Version (\d+)</g)].map((m) => Number(m[1]));

beforeAll(async () => {
  svc = await startTestService();
  productId = await svc.createProduct(svc.keys.acme, { name: "Paged Hub" });
  for (let i = 0; i < 12; i++) {
    const res = await svc.request(`/v1/products/${productId}/declaration`, {
      method: "PUT",
      headers: { "content-type": "application/yaml" },
      body: DECLARATION,
    });
    expect(res.status).toBe(201);
  }
});

afterAll(async () => {
  await svc.close();
});

describe("web pages: pagination", () => {
  it("shows a product's ten newest declaration versions and pages to the older ones", async () => {
    const first = await page(svc.keys.acme, `/products/${productId}`);
    expect(versionsShown(first)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(first).toContain('aria-label="Declaration pages"');
    expect(first).toContain(`href="/products/${productId}?declarations=10"`);
    const second = await page(svc.keys.acme, `/products/${productId}?declarations=10`);
    expect(versionsShown(second)).toEqual([2, 1]);
    expect(second).toContain("11–12 of 12");
  });

  it("shows fifty keys of an organisation per page", async () => {
    const org = svc.orgs.acme;
    const before = (await page(svc.keys.admin, `/admin/organizations/${org}`)).match(/>Revoke</g)?.length ?? 0;
    expect(before).toBeLessThan(51);
    for (let i = before; i < 51; i++) await svc.createKey(org, "manufacturer");
    const first = await page(svc.keys.admin, `/admin/organizations/${org}`);
    expect(first.match(/>Revoke</g)?.length).toBe(50);
    expect(first).toContain("1–50 of 51");
    const second = await page(svc.keys.admin, `/admin/organizations/${org}?offset=50`);
    expect(second.match(/>Revoke</g)?.length).toBe(1);
  });
});
