import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc.close());

const post = (body: unknown, key?: string | null, type = "application/json") =>
  svc.request("/v1/products", {
    method: "POST",
    headers: { "content-type": type },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...(key !== undefined ? { key } : {}),
  });

describe("products: happy", () => {
  it("creates a product (201 with id and Location) and reads it back", async () => {
    const res = await post({ name: "Acme Home Hub", productClass: "CRA-DEFAULT" });
    expect(res.status).toBe(201);
    const product = (await res.json()) as { id: string; organizationId: string };
    expect(product.id).toMatch(/^prd_[0-9a-f]{32}$/);
    expect(product.organizationId).toBe(svc.orgs.acme);
    expect(res.headers.get("location")).toBe(`/v1/products/${product.id}`);
    const got = await svc.request(`/v1/products/${product.id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ id: product.id, name: "Acme Home Hub", productClass: "CRA-DEFAULT" });
  });

  it("lists with pagination and filters", async () => {
    const a = await svc.createProduct(svc.keys.acme, { name: "Filter Router", productClass: "CRA-AIII-C1-12" });
    const b = await svc.createProduct(svc.keys.acme, { name: "Filter Camera" });
    const page = (await (await svc.request("/v1/products?limit=1&offset=0&q=filter")).json()) as {
      items: { id: string }[];
      total: number;
      limit: number;
    };
    expect(page.total).toBe(2);
    expect(page.limit).toBe(1);
    expect(page.items.map((p) => p.id)).toEqual([b]);
    const byClass = (await (await svc.request("/v1/products?productClass=CRA-AIII-C1-12")).json()) as {
      items: { id: string }[];
    };
    expect(byClass.items.map((p) => p.id)).toEqual([a]);
  });

  it("lists versions (empty until an SBOM or declaration names one)", async () => {
    const id = await svc.createProduct(svc.keys.acme);
    const res = await svc.request(`/v1/products/${id}/versions`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: [], total: 0, limit: 20, offset: 0 });
  });
});

describe("products: errors", () => {
  it("rejects a body without a name with a located 400", async () => {
    const body = await expectProblem(await post({ productClass: "CRA-DEFAULT" }), 400, "invalid-request");
    expect(body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: "/name", source: "json" })]));
  });
  it("rejects an unknown product class and wrong types", async () => {
    await expectProblem(await post({ name: "X", productClass: "CRA-NOPE" }), 400, "invalid-request");
    await expectProblem(await post({ name: 42 }), 400, "invalid-request");
  });
  it("answers malformed JSON with a problem, not a crash", async () => {
    await expectProblem(await post('{"name": "unterminated'), 400, "malformed-body");
  });
  it("answers 415 to a body that is not JSON", async () => {
    await expectProblem(
      await post("name=x", undefined, "application/x-www-form-urlencoded"),
      415,
      "unsupported-media-type",
    );
    await expectProblem(await post("<x/>", undefined, "application/xml"), 415, "unsupported-media-type");
  });
  it("answers 404 problems for unknown products and routes, 400 for bad paging", async () => {
    await expectProblem(await svc.request("/v1/products/prd_doesnotexist"), 404, "not-found");
    await expectProblem(await svc.request("/v1/nothing-here"), 404, "route-not-found");
    await expectProblem(await svc.request("/v1/products?limit=1000"), 400, "invalid-request");
    await expectProblem(await svc.request("/v1/products?offset=-1"), 400, "invalid-request");
  });
});

describe("products: security", () => {
  it("needs a key, and a valid one", async () => {
    await expectProblem(await post({ name: "X" }, null), 401, "unauthenticated");
    await expectProblem(await svc.request("/v1/products", { key: "cra_notarealkey" }), 401, "invalid-api-key");
    const res = await svc.request("/v1/products", { key: null, headers: { authorization: "Basic dXNlcjpwYXNz" } });
    await expectProblem(res, 401, "unauthenticated");
  });
  it("refuses creation to roles that may not create (403)", async () => {
    await expectProblem(await post({ name: "X" }, svc.keys.regulator), 403, "forbidden-role");
    await expectProblem(await post({ name: "X" }, svc.keys.admin), 403, "forbidden-role");
  });
  it("hides another organisation's product: 404, never 403, and never listed", async () => {
    const theirs = await svc.createProduct(svc.keys.other, { name: "Other Product" });
    await expectProblem(await svc.request(`/v1/products/${theirs}`), 404, "not-found");
    await expectProblem(await svc.request(`/v1/products/${theirs}/versions`), 404, "not-found");
    const mine = (await (await svc.request("/v1/products?limit=100")).json()) as { items: { id: string }[] };
    expect(mine.items.map((p) => p.id)).not.toContain(theirs);
    // Asking for the other organisation by filter does not widen the scope.
    const filtered = (await (await svc.request(`/v1/products?organizationId=${svc.orgs.other}`)).json()) as {
      total: number;
    };
    expect(filtered.total).toBe(0);
  });
  it("lets a regulator read every organisation's products", async () => {
    const theirs = await svc.createProduct(svc.keys.other, { name: "Visible To Regulator" });
    expect((await svc.request(`/v1/products/${theirs}`, { key: svc.keys.regulator })).status).toBe(200);
  });
  it("narrows a ci key to its named products", async () => {
    const named = await svc.createProduct(svc.keys.acme, { name: "CI Product" });
    const unnamed = await svc.createProduct(svc.keys.acme, { name: "Not For CI" });
    const ci = await svc.createKey(svc.orgs.acme, "ci", [named]);
    expect((await svc.request(`/v1/products/${named}`, { key: ci })).status).toBe(200);
    await expectProblem(await svc.request(`/v1/products/${unnamed}`, { key: ci }), 404, "not-found");
    await expectProblem(await post({ name: "X" }, ci), 403, "forbidden-role");
  });
});
