/**
 * Every list answers `{ items, total, limit, offset }` and honours `limit` and `offset`, whether the database
 * pages it or the service holds it whole (catalogs, crosswalks, reviews, drafts, versions, VEX, events).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DECLARATION,
  expectProblem,
  REPO,
  SBOM_JSON,
  SBOM_XML,
  startTestService,
  type TestService,
} from "./helpers.js";

const DRAFT = readFileSync(join(REPO, "seeds/arrangements/drafts/eu-sg-cls-draft.yaml"), "utf8");

let svc: TestService;
let productId = "";

async function send(path: string, key: string, body: string | Uint8Array, type: string, method = "POST") {
  const res = await svc.request(path, { key, method, headers: { "content-type": type }, body });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

beforeAll(async () => {
  svc = await startTestService({ now: () => new Date("2026-10-01T12:00:00Z") });
  productId = await svc.createProduct(svc.keys.acme);
  await send(`/v1/products/${productId}/declaration`, svc.keys.acme, DECLARATION, "application/yaml", "PUT");
  await send(
    `/v1/products/${productId}/declaration`,
    svc.keys.acme,
    DECLARATION.replace(/version: "?2\.3\.0"?/, 'version: "9.9.9"'),
    "application/yaml",
    "PUT",
  );
  await svc.createProduct(svc.keys.acme, { name: "Acme Camera" });
  await send(`/v1/products/${productId}/sboms`, svc.keys.acme, SBOM_JSON, "application/vnd.cyclonedx+json");
  await send(`/v1/products/${productId}/sboms`, svc.keys.acme, SBOM_XML, "application/vnd.cyclonedx+xml");
  const review = { source: "UKPSTI-S1-1.2", target: "CRA-AI-P1-2b", reviewer: "A. Analyst", verdict: "agree" };
  await send("/v1/crosswalks/uk-psti--cra/reviews", svc.keys.regulator, JSON.stringify(review), "application/json");
  for (const vulnerability of ["CVE-2021-23337", "CVE-2020-8203"]) {
    const statement = {
      productVersion: "2.3.0",
      vulnerability,
      component: "pkg:npm/lodash@4.17.20",
      state: "not_affected",
      justification: "code_not_reachable",
    };
    await send(`/v1/products/${productId}/vex`, svc.keys.acme, JSON.stringify(statement), "application/json", "PUT");
  }
  for (const title of ["First event", "Second event"]) {
    const event = {
      kind: "actively-exploited-vulnerability",
      title,
      product: { name: "Acme Home Hub", version: "2.3.0" },
      awareAt: "2026-10-01T08:00:00Z",
      manufacturer: { name: "Acme Devices GmbH", mainEstablishment: "DE" },
    };
    await send("/v1/events", svc.keys.acme, JSON.stringify(event), "application/json");
  }
  await send("/v1/draft-arrangements", svc.keys.regulator, DRAFT, "application/yaml");
  await send(
    "/v1/draft-arrangements",
    svc.keys.regulator,
    DRAFT.replace("id: eu-sg-cls-draft", "id: eu-sg-cls-draft-two"),
    "application/yaml",
  );
});
afterAll(async () => svc.close());

type Page = { items: unknown[]; total: number; limit: number; offset: number };

async function page(path: string, key: string, query: string): Promise<Page> {
  const res = await svc.request(`${path}${path.includes("?") ? "&" : "?"}${query}`, { key });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return JSON.parse(text) as Page;
}

describe("every list pages the same way", () => {
  const lists: [string, () => string, () => string][] = [
    ["GET /v1/frameworks", () => "/v1/frameworks", () => svc.keys.acme],
    ["GET /v1/crosswalks", () => "/v1/crosswalks", () => svc.keys.acme],
    ["GET /v1/crosswalks/{id}/reviews", () => "/v1/crosswalks/uk-psti--cra/reviews", () => svc.keys.acme],
    ["GET /v1/draft-arrangements", () => "/v1/draft-arrangements", () => svc.keys.regulator],
    ["GET /v1/products/{id}/versions", () => `/v1/products/${productId}/versions`, () => svc.keys.acme],
    ["GET /v1/products/{id}/vex", () => `/v1/products/${productId}/vex`, () => svc.keys.acme],
    ["GET /v1/events", () => "/v1/events?asOf=2026-10-01T12:00:00Z", () => svc.keys.acme],
    ["GET /v1/events/due", () => "/v1/events/due?asOf=2026-10-01T12:00:00Z", () => svc.keys.acme],
    ["GET /v1/products", () => "/v1/products", () => svc.keys.regulator],
    ["GET /v1/products/{id}/sboms", () => `/v1/products/${productId}/sboms`, () => svc.keys.acme],
    ["GET /v1/audit", () => "/v1/audit", () => svc.keys.operator],
  ];
  for (const [route, path, key] of lists) {
    it(`${route}: total, limit and offset`, async () => {
      const all = await page(path(), key(), "limit=100");
      expect(all).toMatchObject({ total: all.items.length, limit: 100, offset: 0 });
      expect(all.total, "the test made at least two of each").toBeGreaterThanOrEqual(2);
      const defaults = await page(path(), key(), "");
      expect(defaults).toMatchObject({ total: all.total, limit: 20, offset: 0 });
      expect(defaults.items).toEqual(all.items.slice(0, 20));
      const second = await page(path(), key(), "limit=1&offset=1");
      expect(second).toMatchObject({ total: all.total, limit: 1, offset: 1 });
      expect(second.items).toEqual(all.items.slice(1, 2));
      const beyond = await page(path(), key(), `offset=${all.total}`);
      expect(beyond).toMatchObject({ items: [], total: all.total });
    });
  }

  it("the events list keeps its asOf and overdue beside the page", async () => {
    const listing = (await page("/v1/events?asOf=2026-10-03T12:00:00Z", svc.keys.acme, "limit=1")) as Page & {
      asOf: string;
      overdue: boolean;
    };
    expect(listing.asOf).toBe("2026-10-03T12:00:00.000Z");
    expect(listing.overdue).toBe(true);
    expect(listing.items).toHaveLength(1);
  });
});

describe("limit and offset are plain decimal whole numbers", () => {
  for (const [name, value] of [
    ["limit", "0x10"],
    ["limit", "1e2"],
    ["limit", " 5"],
    ["limit", "5 "],
    ["limit", "-1"],
    ["limit", ""],
    ["limit", "2.0"],
    ["offset", "0x10"],
    ["offset", "-1"],
    ["offset", "+3"],
  ] as const) {
    it(`refuses ${name}=${JSON.stringify(value)} with a located issue`, async () => {
      for (const path of ["/v1/products", "/v1/frameworks", "/v1/events"]) {
        const res = await svc.request(`${path}?${name}=${encodeURIComponent(value)}`);
        const body = await expectProblem(res, 400, "invalid-request");
        expect(body.issues).toContainEqual(
          expect.objectContaining({ path: `/${name}`, source: "query", message: expect.stringMatching(name) }),
        );
      }
    });
  }

  it("takes decimal digits, leading zeros included, and says what the range is", async () => {
    expect(await page("/v1/products", svc.keys.acme, "limit=05&offset=0")).toMatchObject({ limit: 5, offset: 0 });
    const body = await expectProblem(await svc.request("/v1/products?limit=101"), 400, "invalid-request");
    expect(body.issues).toContainEqual(expect.objectContaining({ path: "/limit" }));
  });

  it("a declaration version is a plain decimal too", async () => {
    await expectProblem(await svc.request(`/v1/products/${productId}/declaration?version=0x1`), 400, "invalid-request");
    expect((await svc.request(`/v1/products/${productId}/declaration?version=1`)).status).toBe(200);
  });
});
