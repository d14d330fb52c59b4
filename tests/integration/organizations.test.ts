import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc.close());

const json = (method: string, path: string, body: unknown, key?: string | null) =>
  svc.request(path, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...(key !== undefined ? { key } : {}),
  });

describe("organisations and keys: happy", () => {
  it("lets an operator create an organisation and a key that works once shown", async () => {
    const org = await json("POST", "/v1/organizations", { name: "Nordlicht Networks Oy" }, svc.keys.operator);
    expect(org.status).toBe(201);
    const created = (await org.json()) as { id: string; slug: string };
    expect(created.slug).toBe("nordlicht-networks-oy");
    const list = (await (await svc.request("/v1/organizations?limit=100", { key: svc.keys.operator })).json()) as {
      items: { id: string }[];
    };
    expect(list.items.map((o) => o.id)).toContain(created.id);
    expect((await svc.request(`/v1/organizations/${created.id}`, { key: svc.keys.operator })).status).toBe(200);
    const keyRes = await json(
      "POST",
      `/v1/organizations/${created.id}/keys`,
      { role: "manufacturer" },
      svc.keys.operator,
    );
    expect(keyRes.status).toBe(201);
    expect(keyRes.headers.get("cache-control")).toBe("no-store");
    const { key, record } = (await keyRes.json()) as { key: string; record: Record<string, unknown> };
    expect(key).toMatch(/^cra_[A-Za-z0-9_-]{43}$/);
    expect(record).not.toHaveProperty("keyHash");
    expect(JSON.stringify(record)).not.toContain(key);
    expect((await svc.request("/v1/products", { key })).status).toBe(200);
    // Revoked keys stop working.
    expect((await svc.request(`/v1/keys/${record.id}`, { method: "DELETE", key: svc.keys.operator })).status).toBe(204);
    await expectProblem(await svc.request("/v1/products", { key }), 401, "invalid-api-key");
  });
});

describe("organisations and keys: errors", () => {
  it("refuses duplicates, bad slugs, ci keys without products and unknown roles", async () => {
    await json("POST", "/v1/organizations", { name: "Dup Org" }, svc.keys.operator);
    await expectProblem(
      await json("POST", "/v1/organizations", { name: "Dup Org" }, svc.keys.operator),
      409,
      "conflict",
    );
    await expectProblem(
      await json("POST", "/v1/organizations", { name: "X", slug: "Not A Slug!" }, svc.keys.operator),
      422,
      "invalid-input",
    );
    await expectProblem(
      await json("POST", `/v1/organizations/${svc.orgs.acme}/keys`, { role: "ci" }, svc.keys.operator),
      422,
      "invalid-input",
    );
    await expectProblem(
      await json("POST", `/v1/organizations/${svc.orgs.acme}/keys`, { role: "root" }, svc.keys.operator),
      400,
      "invalid-request",
    );
    await expectProblem(
      await json(
        "POST",
        `/v1/organizations/${svc.orgs.acme}/keys`,
        { role: "ci", productIds: ["prd_nope"] },
        svc.keys.operator,
      ),
      422,
      "invalid-input",
    );
    await expectProblem(
      await json("POST", "/v1/organizations/org_missing/keys", { role: "manufacturer" }, svc.keys.operator),
      404,
      "not-found",
    );
    await expectProblem(
      await svc.request("/v1/keys/key_missing", { method: "DELETE", key: svc.keys.operator }),
      404,
      "not-found",
    );
  });
});

describe("organisations and keys: security", () => {
  it("is for operators and organisation admins only", async () => {
    for (const key of [svc.keys.acme, svc.keys.regulator]) {
      await expectProblem(await json("POST", "/v1/organizations", { name: "Sneaky" }, key), 403, "forbidden-role");
      await expectProblem(await svc.request("/v1/organizations", { key }), 403, "forbidden-role");
      await expectProblem(
        await json("POST", `/v1/organizations/${svc.orgs.acme}/keys`, { role: "admin" }, key),
        403,
        "forbidden-role",
      );
    }
    await expectProblem(await svc.request("/v1/organizations", { key: null }), 401, "unauthenticated");
    await expectProblem(await svc.request("/v1/organizations", { key: "cra_wrong" }), 401, "invalid-api-key");
  });
  it("stores keys only as hashes", async () => {
    const key = await svc.createKey(svc.orgs.acme, "manufacturer");
    const rows = await svc.sql("SELECT * FROM api_keys");
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(rows.some((r) => r.key_hash && String(r.key_hash).length === 64)).toBe(true);
  });
});
