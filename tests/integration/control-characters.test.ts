/**
 * Names and other typed text refuse C0 control characters and DEL with a located 422, and nothing is stored;
 * prose (descriptions, comments) keeps tabs and line breaks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ now: () => new Date("2026-10-01T12:00:00Z") });
});
afterAll(async () => svc.close());

const post = (path: string, key: string, body: unknown) =>
  svc.request(path, {
    key,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function expectControlIssue(res: Response, path: string, code: string) {
  const body = await expectProblem(res, 422, "invalid-input");
  expect(body.issues).toContainEqual(
    expect.objectContaining({ path, constraint: "control-character", message: expect.stringContaining(code) }),
  );
}

const event = {
  kind: "actively-exploited-vulnerability",
  title: "RCE in web UI",
  product: { name: "Acme Home Hub", version: "2.3.0" },
  awareAt: "2026-10-01T08:00:00Z",
  manufacturer: { name: "Acme Devices GmbH", mainEstablishment: "DE" },
};

describe("control characters in names", () => {
  for (const [label, name, code] of [
    ["NUL", "Acme\u0000Hub", "U+0000"],
    ["ESC", "Acme \u001b[31mHub", "U+001B"],
    ["a line feed", "Acme\nHub", "U+000A"],
    ["DEL", "Acme\u007f", "U+007F"],
  ] as const) {
    it(`refuses ${label} in a product name and stores nothing`, async () => {
      const before = (await (await svc.request("/v1/products")).json()) as { total: number };
      await expectControlIssue(await post("/v1/products", svc.keys.acme, { name }), "/name", code);
      const after = (await (await svc.request("/v1/products")).json()) as { total: number };
      expect(after.total).toBe(before.total);
    });
  }

  it("keeps line breaks and tabs in a product description, refuses NUL there", async () => {
    const ok = await post("/v1/products", svc.keys.acme, { name: "Hub", description: "Line one\n\tLine two\r\n" });
    expect(ok.status).toBe(201);
    await expectControlIssue(
      await post("/v1/products", svc.keys.acme, { name: "Hub", description: "a\u0000b" }),
      "/description",
      "U+0000",
    );
  });

  it("refuses them in organisation names and key labels", async () => {
    await expectControlIssue(
      await post("/v1/organizations", svc.keys.operator, { name: "Evil\u0000Corp" }),
      "/name",
      "U+0000",
    );
    await expectControlIssue(
      await post(`/v1/organizations/${svc.orgs.acme}/keys`, svc.keys.admin, {
        role: "manufacturer",
        label: "ci\u0007",
      }),
      "/label",
      "U+0007",
    );
  });

  it("refuses them in Article 14 event titles and names", async () => {
    await expectControlIssue(
      await post("/v1/events", svc.keys.acme, { ...event, title: "RCE\u0000" }),
      "/title",
      "U+0000",
    );
    await expectControlIssue(
      await post("/v1/events", svc.keys.acme, { ...event, product: { ...event.product, name: "Hub\u001b" } }),
      "/product/name",
      "U+001B",
    );
    expect((await post("/v1/events", svc.keys.acme, { ...event, description: "Seen twice.\nPatched." })).status).toBe(
      201,
    );
  });

  it("refuses them in a crosswalk review's reviewer", async () => {
    const review = { source: "UKPSTI-S1-1.2", target: "CRA-AI-P1-2b", reviewer: "A.\u0000Analyst", verdict: "agree" };
    await expectControlIssue(
      await post("/v1/crosswalks/uk-psti--cra/reviews", svc.keys.regulator, review),
      "/reviewer",
      "U+0000",
    );
  });
});
