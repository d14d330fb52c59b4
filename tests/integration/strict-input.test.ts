/**
 * What the API accepts besides the documents: the gate's failOn values are the CLI's, unknown fields and query
 * parameters are refused with a suggestion, and asOf is read in one place per kind of route.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAIL_ON_VALUES } from "../../src/domain/verdict.js";
import { DECLARATION, expectProblem, REPO, startTestService, type TestService } from "./helpers.js";

const DRAFT = readFileSync(join(REPO, "seeds/arrangements/drafts/eu-sg-cls-draft.yaml"), "utf8");

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

/** The issues of a refused request, expecting 400 invalid-request. */
async function refused(res: Response): Promise<{ path?: string; source?: string; message: string }[]> {
  const body = await expectProblem(res, 400, "invalid-request");
  return body.issues as { path?: string; source?: string; message: string }[];
}

describe("unknown fields and query parameters are refused with a suggestion", () => {
  const minimal = { format: "cra-declaration/1", product: { name: "Minimal Widget" } };

  it("asOf in the query string of POST /v1/assess is sent to the body", async () => {
    const issues = await refused(await postJson("/v1/assess?asOf=2028-01-15", { declaration: minimal }));
    expect(issues).toContainEqual(
      expect.objectContaining({
        path: "/asOf",
        source: "query",
        message: expect.stringMatching(/send it in the body/),
      }),
    );
  });

  it("sbomID and as_of in a stored assessment's body: did you mean sbomId, asOf", async () => {
    const issues = await refused(
      await postJson(`/v1/products/${productId}/assessments`, { sbomID: "sbm_x", as_of: "2028-01-15" }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ path: "/sbomID", source: "json", message: expect.stringContaining('"sbomId"') }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ path: "/as_of", message: expect.stringContaining('Did you mean "asOf"') }),
    );
  });

  it("POST /v1/assess: an unknown JSON member or multipart part", async () => {
    const json = await refused(await postJson("/v1/assess", { declaration: minimal, as_of: "2028-01-15" }));
    expect(json).toContainEqual(
      expect.objectContaining({ path: "/as_of", message: expect.stringContaining('Did you mean "asOf"') }),
    );
    const form = new FormData();
    form.append("declaration", new Blob([DECLARATION]));
    form.append("failon", "high");
    const multipart = await refused(await svc.request("/v1/assess", { method: "POST", body: form }));
    expect(multipart).toContainEqual(
      expect.objectContaining({ path: "/failon", message: expect.stringContaining('Did you mean "failOn"') }),
    );
  });

  it("unknown query parameters of GET routes, with or without a near name", async () => {
    const near = await refused(await svc.request("/v1/products?limt=5"));
    expect(near).toContainEqual(
      expect.objectContaining({ path: "/limt", source: "query", message: expect.stringContaining('"limit"') }),
    );
    const none = await refused(await svc.request(`/v1/products/${productId}?expand=all`));
    expect(none).toContainEqual(expect.objectContaining({ path: "/expand", message: expect.stringMatching(/none/) }));
    const events = await refused(await svc.request("/v1/events?asof=2026-10-01T12:00:00Z"));
    expect(events).toContainEqual(
      expect.objectContaining({ path: "/asof", message: expect.stringContaining('Did you mean "asOf"') }),
    );
  });

  it("the OpenAPI document gives every /v1 operation its 400 answer", async () => {
    const doc = (await (await svc.request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const without = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith("/v1/"))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [`${method} ${path}`, op] as const))
      .filter(([, op]) => !("400" in op.responses))
      .map(([name]) => name);
    expect(without).toEqual([]);
  });

  it("unknown members of other JSON bodies", async () => {
    const product = await refused(await postJson("/v1/products", { name: "Hub", descripton: "typo" }));
    expect(product).toContainEqual(
      expect.objectContaining({ path: "/descripton", message: expect.stringContaining('"description"') }),
    );
    const key = await refused(
      await postJson(
        `/v1/organizations/${svc.orgs.acme}/keys`,
        { role: "ci", productIDs: [productId] },
        svc.keys.admin,
      ),
    );
    expect(key).toContainEqual(
      expect.objectContaining({ path: "/productIDs", message: expect.stringContaining('"productIds"') }),
    );
  });
});

describe("asOf: in the body of routes that take JSON options, in the query string elsewhere", () => {
  const minimal = { format: "cra-declaration/1", product: { name: "Minimal Widget" } };
  const DATE = /Expected asOf as a calendar date, YYYY-MM-DD/;
  const bodyRoutes: [string, () => string, Record<string, unknown>, string | undefined, number][] = [
    ["POST /v1/assess", () => "/v1/assess", { declaration: minimal }, undefined, 200],
    ["POST /v1/products/{id}/assessments", () => `/v1/products/${productId}/assessments`, {}, undefined, 201],
    [
      "POST /v1/comparisons",
      () => "/v1/comparisons",
      { from: "cra", to: "sg-cls", declaration: minimal },
      undefined,
      200,
    ],
  ];
  for (const [route, path, body, key, ok] of bodyRoutes) {
    it(`${route}: the body's asOf is read, checked as a date, and refused in the query`, async () => {
      const res = await postJson(path(), { ...body, asOf: "2028-01-15" }, key);
      expect(res.status, await res.clone().text()).toBe(ok);
      const bad = await refused(await postJson(path(), { ...body, asOf: "2028-02-30" }, key));
      expect(bad).toContainEqual(expect.objectContaining({ path: "/asOf", message: expect.stringMatching(DATE) }));
      expect(bad.filter((issue) => issue.path === "/asOf")).toHaveLength(1);
      const misplaced = await refused(await postJson(`${path()}?asOf=2028-01-15`, body, key));
      expect(misplaced).toContainEqual(
        expect.objectContaining({ path: "/asOf", source: "query", message: expect.stringMatching(/in the body/) }),
      );
    });
  }

  it("GET /v1/products/{id}/documents/{kind}: asOf in the query, the same date rule", async () => {
    const path = `/v1/products/${productId}/documents/technical-documentation`;
    expect((await svc.request(`${path}?asOf=2028-01-15`)).status).toBe(200);
    const bad = await refused(await svc.request(`${path}?asOf=2028-02-30`));
    expect(bad).toContainEqual(expect.objectContaining({ path: "/asOf", message: expect.stringMatching(DATE) }));
  });

  it("POST /v1/arrangement-simulations (a document body): asOf in the query, the same date rule", async () => {
    const simulate = (query: string) =>
      svc.request(`/v1/arrangement-simulations${query}`, {
        key: svc.keys.regulator,
        method: "POST",
        headers: { "content-type": "application/yaml" },
        body: DRAFT,
      });
    expect((await simulate("?asOf=2028-01-15")).status).toBe(200);
    const bad = await refused(await simulate("?asOf=15.01.2028"));
    expect(bad).toContainEqual(expect.objectContaining({ path: "/asOf", message: expect.stringMatching(DATE) }));
  });

  it("GET /v1/events: asOf in the query as an instant, since Article 14 deadlines run in hours", async () => {
    expect((await svc.request("/v1/events?asOf=2026-10-01T12:00:00Z")).status).toBe(200);
    const dayOnly = await refused(await svc.request("/v1/events?asOf=2026-10-01"));
    expect(dayOnly).toContainEqual(
      expect.objectContaining({ path: "/asOf", message: expect.stringMatching(/date-time with a time zone/) }),
    );
  });
});
