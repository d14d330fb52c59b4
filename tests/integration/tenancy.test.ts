/**
 * The access model across every route: an organisation's admin is confined to its organisation, a platform
 * operator (keys made only from the command line) manages every organisation, and a role that may never take
 * an action is refused before its body is read. Expected answers are written from docs/api.md's table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTE_ACTIONS } from "../../src/http/route-access.js";
import { DECLARATION, expectProblem, SBOM_JSON, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
/** Records of the OTHER organisation that acme's admin must not reach. */
const other = { product: "", sbom: "", assessment: "", event: "", keyId: "" };

const event = {
  kind: "actively-exploited-vulnerability",
  title: "RCE in web UI",
  product: { name: "Other Router", version: "1.0.0" },
  awareAt: "2026-10-01T08:00:00Z",
  manufacturer: { name: "Other Oy", mainEstablishment: "FI" },
};

async function send(method: string, path: string, key: string | null, body?: unknown, type = "application/json") {
  return svc.request(path, {
    method,
    key,
    ...(body !== undefined
      ? {
          headers: { "content-type": type },
          body: typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body),
        }
      : {}),
  });
}

beforeAll(async () => {
  svc = await startTestService({ now: () => new Date("2026-10-01T12:00:00Z") });
  other.product = await svc.createProduct(svc.keys.other, { name: "Other Router" });
  const sbom = await send(
    "POST",
    `/v1/products/${other.product}/sboms`,
    svc.keys.other,
    SBOM_JSON,
    "application/vnd.cyclonedx+json",
  );
  other.sbom = ((await sbom.json()) as { id: string }).id;
  await send("PUT", `/v1/products/${other.product}/declaration`, svc.keys.other, DECLARATION, "application/yaml");
  const assessment = await send("POST", `/v1/products/${other.product}/assessments`, svc.keys.other, {});
  other.assessment = ((await assessment.json()) as { id: string }).id;
  const recorded = await send("POST", "/v1/events", svc.keys.other, event);
  expect(recorded.status).toBe(201);
  other.event = ((await recorded.json()) as { eventId: string }).eventId;
  const key = await send("POST", `/v1/organizations/${svc.orgs.other}/keys`, svc.keys.otherAdmin, {
    role: "manufacturer",
  });
  expect(key.status).toBe(201);
  other.keyId = ((await key.json()) as { record: { id: string } }).record.id;
});
afterAll(async () => svc.close());

describe("an organisation's admin against another organisation, route by route (security)", () => {
  /** Every /v1 route: what acme's admin gets when it aims at the other organisation's records. */
  const cases: Record<string, () => [string, unknown?, number?, string?]> = {
    "POST /v1/organizations": () => ["/v1/organizations", { name: "Hijack" }, 403, "forbidden-role"],
    "GET /v1/organizations": () => ["/v1/organizations", undefined, 200],
    "GET /v1/organizations/{id}": () => [`/v1/organizations/${svc.orgs.other}`, undefined, 404, "not-found"],
    "POST /v1/organizations/{id}/keys": () => [
      `/v1/organizations/${svc.orgs.other}/keys`,
      { role: "manufacturer" },
      404,
      "not-found",
    ],
    "DELETE /v1/keys/{id}": () => [`/v1/keys/${other.keyId}`, undefined, 404, "not-found"],
    "POST /v1/products": () => ["/v1/products", {}, 403, "forbidden-role"],
    "GET /v1/products": () => ["/v1/products", undefined, 403, "forbidden-role"],
    "GET /v1/products/{id}": () => [`/v1/products/${other.product}`, undefined, 403, "forbidden-role"],
    "GET /v1/products/{id}/versions": () => [
      `/v1/products/${other.product}/versions`,
      undefined,
      403,
      "forbidden-role",
    ],
    "POST /v1/products/{id}/sboms": () => [`/v1/products/${other.product}/sboms`, {}, 403, "forbidden-role"],
    "GET /v1/products/{id}/sboms": () => [`/v1/products/${other.product}/sboms`, undefined, 403, "forbidden-role"],
    "GET /v1/sboms/{id}": () => [`/v1/sboms/${other.sbom}`, undefined, 403, "forbidden-role"],
    "GET /v1/sboms/{id}/content": () => [`/v1/sboms/${other.sbom}/content`, undefined, 403, "forbidden-role"],
    "GET /v1/sboms/{id}/components": () => [`/v1/sboms/${other.sbom}/components`, undefined, 403, "forbidden-role"],
    "PUT /v1/products/{id}/declaration": () => [`/v1/products/${other.product}/declaration`, {}, 403, "forbidden-role"],
    "GET /v1/products/{id}/declaration": () => [
      `/v1/products/${other.product}/declaration`,
      undefined,
      403,
      "forbidden-role",
    ],
    "GET /v1/crosswalks/{id}/reviews": () => ["/v1/crosswalks/uk-psti--cra/reviews", undefined, 200],
    "POST /v1/crosswalks/{id}/reviews": () => ["/v1/crosswalks/uk-psti--cra/reviews", {}, 403, "forbidden-role"],
    "GET /v1/draft-arrangements": () => ["/v1/draft-arrangements", undefined, 403, "forbidden-role"],
    "POST /v1/draft-arrangements": () => ["/v1/draft-arrangements", {}, 403, "forbidden-role"],
    "GET /v1/draft-arrangements/{id}": () => ["/v1/draft-arrangements/dra_none", undefined, 403, "forbidden-role"],
    "POST /v1/draft-arrangements/{id}/simulations": () => [
      "/v1/draft-arrangements/dra_none/simulations",
      {},
      403,
      "forbidden-role",
    ],
    "PUT /v1/products/{id}/vex": () => [`/v1/products/${other.product}/vex`, {}, 403, "forbidden-role"],
    "GET /v1/products/{id}/vex": () => [`/v1/products/${other.product}/vex`, undefined, 403, "forbidden-role"],
    "GET /v1/products/{id}/vex/export": () => [
      `/v1/products/${other.product}/vex/export?format=csaf`,
      undefined,
      403,
      "forbidden-role",
    ],
    "GET /v1/products/{id}/documents/{kind}": () => [
      `/v1/products/${other.product}/documents/technical-documentation`,
      undefined,
      403,
      "forbidden-role",
    ],
    "POST /v1/products/{id}/assessments": () => [
      `/v1/products/${other.product}/assessments`,
      {},
      403,
      "forbidden-role",
    ],
    "GET /v1/assessments": () => ["/v1/assessments", undefined, 403, "forbidden-role"],
    "GET /v1/assessments/{id}": () => [`/v1/assessments/${other.assessment}`, undefined, 403, "forbidden-role"],
    "POST /v1/assess": () => ["/v1/assess", {}, 403, "forbidden-role"],
    "GET /v1/audit": () => ["/v1/audit?limit=100", undefined, 200],
    "GET /v1/audit/verify": () => ["/v1/audit/verify", undefined, 403, "forbidden-role"],
    "POST /v1/audit/verify": () => ["/v1/audit/verify", {}, 403, "forbidden-role"],
    "GET /v1/frameworks": () => ["/v1/frameworks", undefined, 200],
    "GET /v1/frameworks/{id}": () => ["/v1/frameworks/cra", undefined, 200],
    "GET /v1/crosswalks": () => ["/v1/crosswalks", undefined, 200],
    "GET /v1/comparisons": () => ["/v1/comparisons?from=cra&to=cra", undefined, 403, "forbidden-role"],
    "POST /v1/comparisons": () => ["/v1/comparisons", {}, 403, "forbidden-role"],
    "POST /v1/arrangement-simulations": () => ["/v1/arrangement-simulations", {}, 403, "forbidden-role"],
    "GET /v1/advisories/stats": () => ["/v1/advisories/stats", undefined, 200],
    "GET /v1/events": () => [`/v1/events?organization=${svc.orgs.other}`, undefined, 200],
    "POST /v1/events": () => ["/v1/events", { ...event, id: other.event }, 404, "not-found"],
    "GET /v1/events/due": () => ["/v1/events/due", undefined, 200],
    "GET /v1/events/{id}": () => [`/v1/events/${other.event}`, undefined, 404, "not-found"],
    "POST /v1/events/{id}/reports": () => [
      `/v1/events/${other.event}/reports`,
      { stage: "early-warning", sentAt: "2026-10-01T10:00:00Z" },
      404,
      "not-found",
    ],
    "GET /v1/events/{id}/drafts/{stage}": () => [
      `/v1/events/${other.event}/drafts/early-warning`,
      undefined,
      404,
      "not-found",
    ],
  };

  it("covers every /v1 route of the OpenAPI document and of the role table", async () => {
    const doc = (await (await svc.request("/openapi.json", { key: null })).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith("/v1/"))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(Object.keys(cases).sort()).toEqual(routes);
    expect(Object.keys(ROUTE_ACTIONS).sort()).toEqual(routes);
  });

  for (const route of Object.keys(cases)) {
    it(route, async () => {
      const [path, body, status, code] = cases[route]!();
      const res = await send(route.split(" ")[0]!, path, svc.keys.admin, body);
      if (code) {
        await expectProblem(res, status!, code);
        return;
      }
      expect(res.status, await res.clone().text()).toBe(status);
      const text = await res.text();
      // Nothing of the other organisation shows in any list the admin may read.
      for (const id of [svc.orgs.other, other.product, other.sbom, other.assessment, other.event, other.keyId]) {
        if (route !== "GET /v1/events") expect(text).not.toContain(id);
      }
      if (route === "GET /v1/events") expect(JSON.parse(text)).toMatchObject({ items: [], total: 0 });
    });
  }

  it("left the other organisation's key and event untouched", async () => {
    expect((await send("GET", "/v1/products", svc.keys.other)).status).toBe(200);
    const got = (await (await send("GET", `/v1/events/${other.event}`, svc.keys.other)).json()) as {
      event: { reports: unknown[]; title: string; organizationId: string };
    };
    expect(got.event).toMatchObject({ reports: [], title: "RCE in web UI", organizationId: svc.orgs.other });
    const keys = await svc.runtime.repos.apiKeys.findById(other.keyId);
    expect(keys?.revokedAt).toBeNull();
  });
});

describe("what an organisation's admin may do in its own organisation", () => {
  it("manages its own keys but mints neither regulator nor operator keys", async () => {
    const made = await send("POST", `/v1/organizations/${svc.orgs.acme}/keys`, svc.keys.admin, { role: "ci" });
    await expectProblem(made, 422, "invalid-input");
    const key = await send("POST", `/v1/organizations/${svc.orgs.acme}/keys`, svc.keys.admin, {
      role: "manufacturer",
    });
    expect(key.status).toBe(201);
    const id = ((await key.json()) as { record: { id: string } }).record.id;
    expect((await send("DELETE", `/v1/keys/${id}`, svc.keys.admin)).status).toBe(204);
    await expectProblem(
      await send("POST", `/v1/organizations/${svc.orgs.acme}/keys`, svc.keys.admin, { role: "regulator" }),
      403,
      "forbidden-role",
    );
    await expectProblem(
      await send("POST", `/v1/organizations/${svc.orgs.acme}/keys`, svc.keys.admin, { role: "operator" }),
      400,
      "invalid-request",
    );
    const orgs = (await (await send("GET", "/v1/organizations", svc.keys.admin)).json()) as {
      items: { id: string }[];
      total: number;
    };
    expect(orgs).toMatchObject({ total: 1, items: [{ id: svc.orgs.acme }] });
  });

  it("sees only its own organisation's audit records", async () => {
    const page = (await (await send("GET", "/v1/audit?limit=100", svc.keys.admin)).json()) as {
      items: { organizationId: string | null }[];
    };
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((r) => r.organizationId === svc.orgs.acme)).toBe(true);
  });
});

describe("the platform operator", () => {
  it("creates organisations and any organisation's keys, regulator keys included, but no operator key", async () => {
    const org = await send("POST", "/v1/organizations", svc.keys.operator, { name: "Nordlicht Oy" });
    expect(org.status).toBe(201);
    const id = ((await org.json()) as { id: string }).id;
    expect((await send("POST", `/v1/organizations/${id}/keys`, svc.keys.operator, { role: "admin" })).status).toBe(201);
    expect((await send("POST", `/v1/organizations/${id}/keys`, svc.keys.operator, { role: "regulator" })).status).toBe(
      201,
    );
    await expectProblem(
      await send("POST", `/v1/organizations/${id}/keys`, svc.keys.operator, { role: "operator" }),
      400,
      "invalid-request",
    );
    expect((await send("GET", "/v1/audit/verify", svc.keys.operator)).status).toBe(200);
  });

  it("reads no product data and records no events", async () => {
    await expectProblem(await send("GET", "/v1/products", svc.keys.operator), 403, "forbidden-role");
    await expectProblem(await send("POST", "/v1/events", svc.keys.operator, event), 403, "forbidden-role");
  });
});

describe("Article 14 writes in the audit trail", () => {
  it("appends the event and each report to the chain", async () => {
    const recorded = await send("POST", "/v1/events", svc.keys.acme, { ...event, title: "Audit me" });
    const id = ((await recorded.json()) as { eventId: string }).eventId;
    await send("POST", `/v1/events/${id}/reports`, svc.keys.acme, {
      stage: "early-warning",
      sentAt: "2026-10-01T10:00:00Z",
    });
    const page = (await (await send("GET", "/v1/audit?limit=100", svc.keys.acme)).json()) as {
      items: { action: string; subjectId: string; details: { reports: { stage: string }[] } }[];
    };
    const mine = page.items.filter((r) => r.subjectId === id);
    expect(mine.map((r) => r.action)).toEqual(["art14-event.recorded", "art14-event.recorded"]);
    expect(mine[0]?.details.reports.map((r) => r.stage)).toEqual(["early-warning"]);
    expect(mine[1]?.details.reports).toEqual([]);
    expect(await (await send("GET", "/v1/audit/verify", svc.keys.regulator)).json()).toMatchObject({ ok: true });
  });
});

describe("roles are checked before the body is read (security)", () => {
  it("refuses a regulator's product with 403 whatever it sent", async () => {
    await expectProblem(await send("POST", "/v1/products", svc.keys.regulator, {}), 403, "forbidden-role");
    await expectProblem(await send("POST", "/v1/products", svc.keys.regulator, "{not json"), 403, "forbidden-role");
  });
});
