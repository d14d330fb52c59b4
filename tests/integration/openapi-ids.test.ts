/** The OpenAPI document gives each kind of id an example of that kind, shaped as the service mints ids. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "./helpers.js";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc.close());

type Parameter = { name: string; in: string; schema?: { example?: unknown } };
type Doc = {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
  components: { schemas: Record<string, { properties?: Record<string, { example?: unknown }> }> };
};

const PREFIX_OF_COLLECTION: Record<string, string> = {
  products: "prd_",
  sboms: "sbm_",
  assessments: "asm_",
  events: "evt_",
  organizations: "org_",
  keys: "key_",
};

describe("id examples in the OpenAPI document", () => {
  it("every {id} path parameter shows an id of its own kind", async () => {
    const doc = (await (await svc.request("/openapi.json")).json()) as Doc;
    let checked = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      const collection = /^\/v1\/([a-z-]+)\/\{id\}/.exec(path)?.[1];
      const prefix = collection ? PREFIX_OF_COLLECTION[collection] : undefined;
      if (!prefix) continue;
      for (const [method, operation] of Object.entries(operations)) {
        const id = operation.parameters?.find((p) => p.in === "path" && p.name === "id");
        expect(id, `${method} ${path}`).toBeDefined();
        const example = String(id?.schema?.example);
        expect(example, `${method} ${path}`).toMatch(/^[a-z]{3}_[0-9a-f]{32}$/);
        expect(example.startsWith(prefix), `${method} ${path}: ${example}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it("an Article 14 status names an event id and an organisation id", async () => {
    const doc = (await (await svc.request("/openapi.json")).json()) as Doc;
    const status = doc.components.schemas.Art14Status?.properties;
    expect(String(status?.eventId?.example)).toMatch(/^evt_/);
    expect(String(status?.organizationId?.example)).toMatch(/^org_/);
  });
});
