import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateCsaf } from "../../src/advisories/csaf.js";
import type { ApiApp } from "../../src/http/env.js";
import { expectProblem, startTestService, type TestService } from "../integration/helpers.js";

let svc: TestService;
let app: ApiApp;
let ciKey: string;

const event = {
  kind: "actively-exploited-vulnerability",
  title: "RCE in web UI",
  product: { name: "Acme Home Hub", version: "2.3.0", identifiers: ["pkg:generic/acme/hub@2.3.0"] },
  awareAt: "2026-10-01T08:00:00Z",
  manufacturer: {
    name: "Acme Devices GmbH",
    mainEstablishment: "DE",
    enterpriseSize: "micro",
    website: "https://acme.example",
  },
  vulnerabilityIds: ["CVE-2026-12345"],
};

async function call(path: string, key: string | null, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (key) headers.set("authorization", `Bearer ${key}`);
  if (init.body) headers.set("content-type", "application/json");
  return app.request(path, { ...init, headers });
}

beforeAll(async () => {
  svc = await startTestService({ now: () => new Date("2026-10-01T12:00:00Z") });
  // The runtime wires the issue-6 stores into the app's dependencies and lists these routes in ROUTE_MODULES.
  app = svc.runtime.app;
  const product = await svc.createProduct(svc.keys.acme);
  const acmeSlug = (await svc.runtime.repos.organizations.findById(svc.orgs.acme))?.slug ?? "";
  ciKey = await svc.createKey(acmeSlug, "ci", [product]);
});

afterAll(async () => {
  await svc?.close();
});

describe("POST /v1/events and the deadlines", () => {
  let id: string;

  it("records an event for the manufacturer's organisation (happy)", async () => {
    const res = await call("/v1/events", svc.keys.acme, { method: "POST", body: JSON.stringify(event) });
    expect(res.status).toBe(201);
    const status = (await res.json()) as {
      eventId: string;
      organizationId: string;
      state: string;
      deadlines: { notes: string[] }[];
    };
    id = status.eventId;
    expect(status.organizationId).toBe(svc.orgs.acme);
    expect(status.state).toBe("due");
    expect(status.deadlines[0]?.notes.join(" ")).toContain("64(10)(a)");
    expect(res.headers.get("location")).toBe(`/v1/events/${id}`);
  });

  it("lists what is due, and overdue at a later instant", async () => {
    const due = await call("/v1/events/due", svc.keys.acme);
    expect(((await due.json()) as { overdue: boolean }).overdue).toBe(false);
    const later = await call("/v1/events/due?asOf=2026-10-03T00:00:00Z", svc.keys.acme);
    const body = (await later.json()) as { overdue: boolean; items: { eventId: string }[] };
    expect(body.overdue).toBe(true);
    expect(body.items.map((e) => e.eventId)).toEqual([id]);
  });

  it("records a report and drafts a CSAF advisory", async () => {
    const res = await call(`/v1/events/${id}/reports`, svc.keys.acme, {
      method: "POST",
      body: JSON.stringify({ stage: "early-warning", sentAt: "2026-10-01T10:00:00Z", reference: "SRP-1" }),
    });
    expect(res.status).toBe(200);
    const csaf = await call(`/v1/events/${id}/drafts/user-advisory`, svc.keys.acme);
    expect(validateCsaf(await csaf.json())).toEqual([]);
  });

  it("answers 422 with located issues for an invalid event (error)", async () => {
    const res = await call("/v1/events", svc.keys.acme, {
      method: "POST",
      body: JSON.stringify({
        ...event,
        awareAt: "soon",
        reports: [{ stage: "gossip", sentAt: "2026-10-01T10:00:00Z" }],
      }),
    });
    const problem = await expectProblem(res, 422, "invalid-input");
    const paths = (problem.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["/awareAt", "/reports/0/stage"]));
  });

  it("refuses a report sent before awareness", async () => {
    const res = await call("/v1/events", svc.keys.acme, {
      method: "POST",
      body: JSON.stringify({ ...event, reports: [{ stage: "early-warning", sentAt: "2026-09-30T00:00:00Z" }] }),
    });
    await expectProblem(res, 422, "invalid-input");
  });

  describe("security", () => {
    it("needs a key", async () => {
      await expectProblem(await call("/v1/events", null), 401, "unauthenticated");
    });

    it("keeps another organisation's events invisible (404, empty lists)", async () => {
      const list = await call("/v1/events", svc.keys.other);
      expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
      const narrowed = await call(`/v1/events?organization=${svc.orgs.acme}`, svc.keys.other);
      expect(((await narrowed.json()) as { items: unknown[] }).items).toEqual([]);
      await expectProblem(
        await call(`/v1/events/${id}/reports`, svc.keys.other, {
          method: "POST",
          body: JSON.stringify({ measureAvailableAt: "2026-10-02T00:00:00Z" }),
        }),
        404,
        "not-found",
      );
      await expectProblem(await call(`/v1/events/${id}/drafts/notification`, svc.keys.other), 404, "not-found");
    });

    it("answers one event to its organisation and 404 to another", async () => {
      const own = await call(`/v1/events/${id}?asOf=2026-10-01T09:00:00Z`, svc.keys.acme);
      expect(own.status).toBe(200);
      const body = (await own.json()) as { event: { id: string }; status: { state: string } };
      expect(body.event.id).toBe(id);
      expect(body.status.state).toBe("due");
      await expectProblem(await call(`/v1/events/${id}`, svc.keys.other), 404, "not-found");
    });

    it("cannot overwrite another organisation's event by reusing its id", async () => {
      const res = await call("/v1/events", svc.keys.other, { method: "POST", body: JSON.stringify({ ...event, id }) });
      await expectProblem(res, 404, "not-found");
    });

    it("lets regulators read every organisation but not record events", async () => {
      const list = await call("/v1/events", svc.keys.regulator);
      expect(((await list.json()) as { items: { eventId: string }[] }).items.map((e) => e.eventId)).toContain(id);
      await expectProblem(
        await call("/v1/events", svc.keys.regulator, { method: "POST", body: JSON.stringify(event) }),
        403,
        "forbidden-role",
      );
    });

    it("lets ci keys read their organisation's deadlines but not write", async () => {
      const list = await call("/v1/events/due", ciKey);
      expect(list.status).toBe(200);
      await expectProblem(
        await call("/v1/events", ciKey, { method: "POST", body: JSON.stringify(event) }),
        403,
        "forbidden-role",
      );
    });
  });
});

describe("GET /v1/advisories/stats", () => {
  it("counts stored records", async () => {
    const res = await call("/v1/advisories/stats", svc.keys.acme);
    expect(await res.json()).toEqual({ advisory: 0, kev: 0, vex: 0 });
    await expectProblem(await call("/v1/advisories/stats", null), 401, "unauthenticated");
  });
});
