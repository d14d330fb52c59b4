import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DECLARATION, expectProblem, REPO, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
const DRAFT = readFileSync(join(REPO, "seeds/arrangements/drafts/eu-sg-cls-draft.yaml"), "utf8");

beforeAll(async () => {
  svc = await startTestService();
  const product = await svc.createProduct(svc.keys.acme);
  await svc.request(`/v1/products/${product}/declaration`, {
    method: "PUT",
    headers: { "content-type": "application/yaml" },
    body: DECLARATION,
  });
});
afterAll(async () => svc.close());

const simulate = (body: string, key: string, type = "application/yaml") =>
  svc.request("/v1/arrangement-simulations?asOf=2028-01-15", {
    key,
    method: "POST",
    headers: { "content-type": type },
    body,
  });

describe("frameworks and comparisons: happy", () => {
  it("lists catalogs and crosswalks and serves a catalog", async () => {
    const list = (await (await svc.request("/v1/frameworks")).json()) as {
      items: { id: string; name: string; requirements: number }[];
    };
    const cra = list.items.find((f) => f.id === "cra");
    expect(cra?.requirements).toBeGreaterThan(50);
    // Each framework, each version of one included, has a name of its own.
    expect(new Set(list.items.map((f) => f.name)).size).toBe(list.items.length);
    expect(list.items.find((f) => f.id === "bsi-tr-03183-2@2.0")?.name).toContain("v2.0.0");
    expect(list.items.find((f) => f.id === "bsi-tr-03183-2@2.1")?.name).toContain("v2.1.0");
    const catalog = (await (await svc.request("/v1/frameworks/cra")).json()) as { requirements: { id: string }[] };
    expect(catalog.requirements.map((r) => r.id)).toContain("CRA-AI-P1-2a");
    const crosswalks = (await (await svc.request("/v1/crosswalks")).json()) as { items: { targetFramework: string }[] };
    expect(crosswalks.items.some((x) => x.targetFramework === "cra")).toBe(true);
  });
  it("compares two frameworks for a regulator", async () => {
    const res = await svc.request("/v1/comparisons?from=uk-psti&to=cra&format=json", { key: svc.keys.regulator });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/json/);
    const md = await svc.request("/v1/comparisons?from=uk-psti&to=cra&format=md", { key: svc.keys.regulator });
    expect(await md.text()).toMatch(/uk-psti/);
  });
  it("simulates a draft arrangement over the stored portfolio", async () => {
    const res = await simulate(DRAFT, svc.keys.regulator);
    expect(res.status).toBe(200);
    const result = (await res.json()) as { format: string; totals: { products: number }; asOf: string };
    expect(result.format).toBe("cra-assessor-mra-simulation/1");
    expect(result.asOf).toBe("2028-01-15");
    expect(result.totals.products).toBeGreaterThanOrEqual(1);
  });
});

describe("frameworks and comparisons: errors", () => {
  it("answers unknown frameworks and impossible comparisons with problems", async () => {
    await expectProblem(await svc.request("/v1/frameworks/nope"), 404, "not-found");
    await expectProblem(
      await svc.request("/v1/comparisons?from=nope&to=cra", { key: svc.keys.regulator }),
      422,
      "invalid-input",
    );
    await expectProblem(
      await svc.request("/v1/comparisons?to=cra", { key: svc.keys.regulator }),
      400,
      "invalid-request",
    );
  });
  it("locates a malformed arrangement and refuses other media types", async () => {
    const body = await expectProblem(await simulate("format: [", svc.keys.regulator), 422, "invalid-input");
    expect((body.issues as unknown[]).length).toBeGreaterThan(0);
    await expectProblem(await simulate(DRAFT, svc.keys.regulator, "text/plain"), 415, "unsupported-media-type");
  });
});

describe("frameworks and comparisons: security", () => {
  it("needs a key; comparisons and simulations are the regulator's", async () => {
    await expectProblem(await svc.request("/v1/frameworks", { key: null }), 401, "unauthenticated");
    await expectProblem(await svc.request("/v1/frameworks", { key: "cra_wrong" }), 401, "invalid-api-key");
    await expectProblem(await svc.request("/v1/comparisons?from=uk-psti&to=cra"), 403, "forbidden-role");
    await expectProblem(await simulate(DRAFT, svc.keys.acme), 403, "forbidden-role");
    await expectProblem(await simulate(DRAFT, svc.keys.admin), 403, "forbidden-role");
  });
});

describe("evidence comparisons and levels over HTTP", () => {
  const declaration = parse(DECLARATION) as Record<string, unknown>;
  const compare = (body: unknown, key: string, format = "json") =>
    svc.request(`/v1/comparisons?format=${format}`, {
      key,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("answers a manufacturer's reverse question: the CLS L1 requirements judged on its declaration", async () => {
    const res = await compare(
      { from: "cra", to: "sg-cls", level: "L1", asOf: "2028-03-15", declaration },
      svc.keys.acme,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { to: { level: string }; rows: { requirement: string; status: string }[] };
    expect(body.to.level).toBe("L1");
    expect(body.rows).toHaveLength(5);
    const md = await compare({ from: "cra", to: "jp-jc-star", declaration }, svc.keys.acme, "md");
    expect(await md.text()).toContain("asks beyond cra");
  });

  it("refuses an unknown level with the valid ones, and a framework without a rule set", async () => {
    const level = await compare({ from: "cra", to: "kr-iot-cic", level: "gold", declaration }, svc.keys.acme);
    const problem = await expectProblem(level, 422, "invalid-input");
    expect(JSON.stringify(problem)).toContain("valid levels: lite, basic, standard");
    await expectProblem(await compare({ from: "cra", to: "xx", declaration }, svc.keys.acme), 422, "invalid-input");
  });

  it("assesses at a level on POST /v1/assess", async () => {
    const res = await svc.request("/v1/assess?format=json", {
      key: svc.keys.acme,
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ declaration, asOf: "2028-03-15", frameworks: ["sg-cls"], level: "L2" }),
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { framework: { level?: string }; findings: unknown[] };
    expect(report.framework.level).toBe("L2");
    expect(report.findings).toHaveLength(36);
    const bad = await svc.request("/v1/assess", {
      key: svc.keys.acme,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ declaration, asOf: "2028-03-15", frameworks: ["sg-cls"], level: "L9" }),
    });
    expect(JSON.stringify(await expectProblem(bad, 422, "invalid-input"))).toContain("valid levels: L1, L2, L3, L4");
  });
});
