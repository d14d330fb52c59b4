/**
 * What the API accepts besides the documents: the gate's failOn values are the CLI's, unknown fields and query
 * parameters are refused with a suggestion, and asOf is read in one place per kind of route.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAIL_ON_VALUES } from "../../src/domain/verdict.js";
import { DECLARATION, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
let productId = "";
beforeAll(async () => {
  svc = await startTestService({ now: () => new Date("2026-10-01T12:00:00Z") });
  productId = await svc.createProduct(svc.keys.acme);
  const put = await svc.request(`/v1/products/${productId}/declaration`, {
    method: "PUT",
    headers: { "content-type": "application/yaml" },
    body: DECLARATION,
  });
  expect(put.status).toBe(201);
});
afterAll(async () => svc.close());

const postJson = (path: string, body: unknown, key?: string) =>
  svc.request(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...(key ? { key } : {}),
  });

describe("failOn: the CLI's values", () => {
  it("the CLI's values include info", () => {
    expect(FAIL_ON_VALUES).toContain("info");
  });

  it("POST /v1/assess takes failOn info as JSON and as a multipart field", async () => {
    const json = await postJson("/v1/assess", {
      declaration: { format: "cra-declaration/1", product: { name: "Minimal Widget" } },
      asOf: "2028-01-15",
      failOn: "info",
    });
    expect(json.status, await json.clone().text()).toBe(200);
    expect(((await json.json()) as { failOn: string }).failOn).toBe("info");

    const form = new FormData();
    form.append("declaration", new Blob([DECLARATION]));
    form.append("failOn", "info");
    const multipart = await svc.request("/v1/assess", { method: "POST", body: form });
    expect(multipart.status, await multipart.clone().text()).toBe(200);
    expect(((await multipart.json()) as { failOn: string }).failOn).toBe("info");
  });

  it("POST /v1/products/{id}/assessments takes failOn info", async () => {
    const res = await postJson(`/v1/products/${productId}/assessments`, { failOn: "info", asOf: "2028-01-15" });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(res.headers.get("cra-verdict")).toMatch(/^(pass|fail)$/);
  });

  it("the OpenAPI document lists the same values on both routes", async () => {
    const text = await (await svc.request("/openapi.json")).text();
    const doc = JSON.parse(text) as {
      paths: Record<string, { post: { requestBody: { content: Record<string, { schema: unknown }> } } }>;
      components: { schemas: Record<string, unknown> };
    };
    /** Every `failOn` property schema's enum under a node of the document. */
    const enums = (value: unknown): string[][] => {
      const found: string[][] = [];
      const walk = (v: unknown) => {
        if (!v || typeof v !== "object") return;
        for (const [k, x] of Object.entries(v)) {
          if (k === "failOn" && x && typeof x === "object" && "enum" in x) found.push(x.enum as string[]);
          walk(x);
        }
      };
      walk(value);
      return found;
    };
    const assess = enums(doc.paths["/v1/assess"]?.post.requestBody.content);
    const stored = enums(doc.components.schemas.AssessmentRequest);
    expect(assess.length).toBeGreaterThanOrEqual(2);
    expect(stored.length).toBe(1);
    for (const values of [...assess, ...stored]) expect(values).toEqual([...FAIL_ON_VALUES]);
  });
});
