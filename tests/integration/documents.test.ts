import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DECLARATION, expectProblem, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc.close());

async function productWithDeclaration(key: string): Promise<string> {
  const productId = await svc.createProduct(key);
  const put = await svc.request(`/v1/products/${productId}/declaration`, {
    key,
    method: "PUT",
    headers: { "content-type": "application/yaml" },
    body: DECLARATION,
  });
  expect(put.status).toBe(201);
  return productId;
}

describe("documents: happy", () => {
  it("drafts the EU declaration of conformity with every Annex V point, in Markdown, HTML and JSON", async () => {
    const productId = await productWithDeclaration(svc.keys.acme);
    const md = await svc.request(`/v1/products/${productId}/documents/eu-declaration-of-conformity?asOf=2028-01-15`);
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    const text = await md.text();
    for (const point of [1, 2, 3, 4, 5, 6, 7, 8]) expect(text).toContain(`Annex V, point ${point}`);
    const html = await svc.request(`/v1/products/${productId}/documents/eu-declaration-of-conformity?format=html`);
    expect(html.headers.get("content-type")).toContain("text/html");
    expect(html.headers.get("content-security-policy")).toContain("default-src 'none'");
    const json = (await (
      await svc.request(`/v1/products/${productId}/documents/technical-documentation?format=json&asOf=2028-01-15`)
    ).json()) as { kind: string; asOf: string; items: { id: string }[] };
    expect(json.kind).toBe("technical-documentation");
    expect(json.asOf).toBe("2028-01-15");
    expect(json.items.map((i) => i.id)).toContain("VII-7");
  });
});

describe("documents: errors", () => {
  it("a product without a declaration is 422 saying what to upload; an unknown kind or date is 400", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    const body = await expectProblem(
      await svc.request(`/v1/products/${productId}/documents/user-information`),
      422,
      "invalid-input",
    );
    expect(JSON.stringify(body)).toContain("no declaration");
    await expectProblem(await svc.request(`/v1/products/${productId}/documents/brochure`), 400, "invalid-request");
    await expectProblem(
      await svc.request(`/v1/products/${productId}/documents/user-information?asOf=2028-02-30`),
      400,
      "invalid-request",
    );
  });
});

describe("documents: security", () => {
  it("another organisation's product is not found; no key is 401", async () => {
    const productId = await productWithDeclaration(svc.keys.acme);
    await expectProblem(
      await svc.request(`/v1/products/${productId}/documents/user-information`, { key: svc.keys.other }),
      404,
      "not-found",
    );
    expect((await svc.request(`/v1/products/${productId}/documents/user-information`, { key: null })).status).toBe(401);
  });
});
