import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DECLARATION, expectProblem, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc.close());

const put = (productId: string, body: string, type = "application/yaml", key?: string | null) =>
  svc.request(`/v1/products/${productId}/declaration`, {
    method: "PUT",
    headers: { "content-type": type },
    body,
    ...(key !== undefined ? { key } : {}),
  });

describe("declarations: happy", () => {
  it("stores versions 1 and 2 and serves each exactly as submitted", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    const first = await put(productId, DECLARATION);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ version: 1, productVersion: "2.3.0", mediaType: "application/yaml" });
    const json = JSON.stringify({ format: "cra-declaration/1", product: { name: "Acme Home Hub", version: "2.4.0" } });
    const second = await put(productId, json, "application/json");
    expect(await second.json()).toMatchObject({ version: 2, productVersion: "2.4.0" });
    const latest = await svc.request(`/v1/products/${productId}/declaration`);
    expect(latest.headers.get("declaration-version")).toBe("2");
    expect(await latest.text()).toBe(json);
    const v1 = await svc.request(`/v1/products/${productId}/declaration?version=1`);
    expect(await v1.text()).toBe(DECLARATION);
    expect(v1.headers.get("cache-control")).toContain("immutable");
    const etag = v1.headers.get("etag")!;
    expect(
      (await svc.request(`/v1/products/${productId}/declaration?version=1`, { headers: { "if-none-match": etag } }))
        .status,
    ).toBe(304);
    const versions = (await (await svc.request(`/v1/products/${productId}/versions`)).json()) as {
      items: { version: string }[];
    };
    expect(versions.items.map((v) => v.version)).toEqual(["2.3.0", "2.4.0"]);
  });
  it("accepts a declaration that leaves out most facts (absence is a finding, not an input error)", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    expect((await put(productId, "format: cra-declaration/1\nproduct: { name: Minimal Widget }\n")).status).toBe(201);
  });
});

describe("declarations: errors", () => {
  it("locates malformed content in a 422", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    const body = await expectProblem(
      await put(productId, "format: cra-declaration/1\nproduct: { name: X, category: CRA-NOPE }\n"),
      422,
      "invalid-input",
    );
    expect(body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: "/product/category" })]));
    await expectProblem(await put(productId, "format: [unclosed"), 422, "invalid-input");
    await expectProblem(await svc.request(`/v1/products/${productId}/declaration`), 404, "not-found");
  });
  it("answers 415 for other media types and 400 for bytes that are not UTF-8", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    await expectProblem(await put(productId, "x", "text/plain"), 415, "unsupported-media-type");
    const res = await svc.request(`/v1/products/${productId}/declaration`, {
      method: "PUT",
      headers: { "content-type": "application/yaml" },
      body: new Uint8Array([0xff, 0xfe, 0x00]),
    });
    await expectProblem(res, 400, "malformed-body");
  });
});

describe("declarations: security", () => {
  it("needs a valid key and a writing role", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    await expectProblem(await put(productId, DECLARATION, undefined, null), 401, "unauthenticated");
    await expectProblem(await put(productId, DECLARATION, undefined, "cra_wrong"), 401, "invalid-api-key");
    await expectProblem(await put(productId, DECLARATION, undefined, svc.keys.regulator), 403, "forbidden-role");
  });
  it("hides another organisation's declaration (404)", async () => {
    const theirs = await svc.createProduct(svc.keys.other);
    expect((await put(theirs, DECLARATION, undefined, svc.keys.other)).status).toBe(201);
    await expectProblem(await put(theirs, DECLARATION), 404, "not-found");
    await expectProblem(await svc.request(`/v1/products/${theirs}/declaration`), 404, "not-found");
    expect((await svc.request(`/v1/products/${theirs}/declaration`, { key: svc.keys.regulator })).status).toBe(200);
  });
});
