/**
 * The reply check the integration harness runs on every reply: it must reject replies outside the document, or
 * the integration suite proves nothing about the contract.
 */
import { describe, expect, it } from "vitest";
import { newApp } from "../../src/http/app.js";
import type { AppDeps } from "../../src/http/env.js";
import { openApiConfig } from "../../src/http/routes/docs/index.js";
import { assertConforms, type OpenApiDocument, openApiConformance } from "../integration/openapi-conformance.js";

// Building the document reads no dependency but the version.
const app = newApp({ version: "test", bodyLimitBytes: 1024 } as AppDeps);
const check = openApiConformance(app.getOpenAPI31Document(openApiConfig({ version: "test" })) as OpenApiDocument);

const json = "application/json";
const problemJson = "application/problem+json";
const problem = (status: number, code: string) =>
  JSON.stringify({ type: `urn:cra-assessor:problem:${code}`, title: "t", status, code });

describe("openApiConformance", () => {
  it("rejects an events reply of {} where the schema asks for the event and its status", () => {
    const problems = check({ method: "GET", path: "/v1/events/ev_1", status: 200, contentType: json, body: "{}" });
    expect(problems.join("\n")).toContain("must have required property 'event'");
  });

  it("rejects a status the operation does not declare", () => {
    const problems = check({
      method: "GET",
      path: "/v1/products?limit=5",
      status: 409,
      contentType: problemJson,
      body: problem(409, "conflict"),
    });
    expect(problems).toEqual([expect.stringContaining("status 409 is not declared")]);
  });

  it("rejects a media type the status does not declare", () => {
    const problems = check({ method: "GET", path: "/v1/products/p_1", status: 404, contentType: json, body: "{}" });
    expect(problems).toEqual([expect.stringContaining("content type 'application/json' is not declared")]);
  });

  it("rejects a body that is not JSON, and a body where none is declared", () => {
    expect(check({ method: "GET", path: "/v1/frameworks", status: 200, contentType: json, body: "<html>" })).toEqual([
      expect.stringContaining("is not JSON"),
    ]);
    expect(check({ method: "DELETE", path: "/v1/keys/k_1", status: 204, contentType: null, body: "x" })).toEqual([
      expect.stringContaining("carries a body"),
    ]);
  });

  it("rejects a wrongly typed field deep in a body", () => {
    const body = JSON.stringify({ items: [{ id: 1 }], total: 1, limit: 20, offset: 0 });
    const problems = check({ method: "GET", path: "/v1/products", status: 200, contentType: json, body });
    expect(problems.join("\n")).toContain("body/items/0");
  });

  it("accepts replies inside the document, and leaves undocumented paths alone", () => {
    expect(
      check({
        method: "GET",
        path: "/v1/products/p_1",
        status: 404,
        contentType: `${problemJson}; charset=UTF-8`,
        body: problem(404, "not-found"),
      }),
    ).toEqual([]);
    expect(check({ method: "DELETE", path: "/v1/keys/k_1", status: 204, contentType: null, body: "" })).toEqual([]);
    expect(check({ method: "GET", path: "/products", status: 200, contentType: "text/html", body: "<p>" })).toEqual([]);
  });

  it("prefers a literal path to a parameter, as the router does", () => {
    const listing = JSON.stringify({
      asOf: "2026-10-01T00:00:00.000Z",
      items: [],
      total: 0,
      limit: 20,
      offset: 0,
      overdue: false,
    });
    expect(check({ method: "GET", path: "/v1/events/due", status: 200, contentType: json, body: listing })).toEqual([]);
  });

  it("throws from assertConforms, leaving the reply readable", async () => {
    const wrong = new Response("{}", { status: 200, headers: { "content-type": json } });
    await expect(assertConforms(check, { method: "GET", path: "/v1/events/ev_1" }, wrong)).rejects.toThrow(
      /breaks the OpenAPI document/,
    );
    const right = new Response(null, { status: 204 });
    await assertConforms(check, { method: "DELETE", path: "/v1/keys/k_1" }, right);
    expect(wrong.bodyUsed).toBe(false);
  });
});
