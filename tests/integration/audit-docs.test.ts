import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signCheckpoint } from "../../src/domain/audit-checkpoint.js";
import { DECLARATION, expectProblem, SBOM_JSON, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc.close());

describe("audit trail over HTTP", () => {
  it("records submissions and assessments in an intact chain (happy)", async () => {
    const id = await svc.createProduct(svc.keys.acme);
    await svc.request(`/v1/products/${id}/sboms`, {
      method: "POST",
      headers: { "content-type": "application/vnd.cyclonedx+json" },
      body: SBOM_JSON,
    });
    await svc.request(`/v1/products/${id}/declaration`, {
      method: "PUT",
      headers: { "content-type": "application/yaml" },
      body: DECLARATION,
    });
    await svc.request(`/v1/products/${id}/assessments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const page = (await (await svc.request("/v1/audit?limit=10")).json()) as {
      items: { action: string; organizationId: string }[];
    };
    expect(page.items.slice(0, 4).map((r) => r.action)).toEqual([
      "assessment.created",
      "declaration.put",
      "sbom.submitted",
      "product.created",
    ]);
    expect(page.items.every((r) => r.organizationId === svc.orgs.acme)).toBe(true);
    const verify = await svc.request("/v1/audit/verify", { key: svc.keys.regulator });
    expect(await verify.json()).toMatchObject({ ok: true, breaks: [] });
  });
  it("answers a broken chain with ok: false (error)", async () => {
    await svc.sql("UPDATE audit_log SET actor = 'forged' WHERE seq = 2");
    const result = (await (await svc.request("/v1/audit/verify", { key: svc.keys.operator })).json()) as {
      ok: boolean;
      breaks: unknown[];
    };
    expect(result.ok).toBe(false);
    expect(result.breaks).toContainEqual({ kind: "changed", seq: 2 });
  });
  it("keeps other organisations' records out of a manufacturer's view (security)", async () => {
    const page = (await (await svc.request("/v1/audit?limit=100", { key: svc.keys.other })).json()) as {
      items: { organizationId: string }[];
    };
    expect(page.items.every((r) => r.organizationId === svc.orgs.other)).toBe(true);
    await expectProblem(await svc.request("/v1/audit/verify"), 403, "forbidden-role");
    await expectProblem(await svc.request("/v1/audit", { key: null }), 401, "unauthenticated");
    await expectProblem(await svc.request("/v1/audit", { key: "cra_wrong" }), 401, "invalid-api-key");
  });
});

// The same check as `audit verify --checkpoint --public-key`: a checkpoint signed over the head holds; one naming a
// record the chain no longer reaches (cut off), signed by another key, or altered does not, and says why.
describe("POST /v1/audit/verify with a signed checkpoint", () => {
  let own: TestService;
  const keys = generateKeyPairSync("ed25519");
  const publicPem = keys.publicKey.export({ type: "spki", format: "pem" }).toString();
  const at = "2026-12-01T00:00:00.000Z";
  const verify = (body: unknown, key?: string) =>
    own.request("/v1/audit/verify", {
      method: "POST",
      key: key ?? own.keys.regulator,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  let head: { seq: number; hash: string };
  beforeAll(async () => {
    own = await startTestService();
    await own.createProduct(own.keys.acme);
    const page = (await (await own.request("/v1/audit?limit=1", { key: own.keys.operator })).json()) as {
      items: { seq: number; hash: string }[];
    };
    head = { seq: page.items[0]!.seq, hash: page.items[0]!.hash };
  });
  afterAll(async () => own.close());

  it("a checkpoint of the head, with its key, holds (happy)", async () => {
    const checkpoint = signCheckpoint(head, at, keys.privateKey, keys.publicKey);
    const res = await verify({ checkpoint, publicKey: publicPem });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ok: true,
      chainOk: true,
      breaks: [],
      checkpoint: { ok: true, seq: head.seq, hash: head.hash, at },
    });
  });

  it("a checkpoint naming a record past the chain's end shows records cut off: ok false (error)", async () => {
    const checkpoint = signCheckpoint({ seq: head.seq + 5, hash: "a".repeat(64) }, at, keys.privateKey, keys.publicKey);
    const body = (await (await verify({ checkpoint, publicKey: publicPem })).json()) as Record<string, any>;
    expect(body.ok).toBe(false);
    expect(body.chainOk).toBe(true);
    expect(body.checkpoint.problem).toMatchObject({ kind: "missing", seq: head.seq + 5 });
  });

  it("another key's checkpoint, or an altered one, does not hold (security)", async () => {
    const stranger = generateKeyPairSync("ed25519");
    const foreign = signCheckpoint(head, at, stranger.privateKey, stranger.publicKey);
    const wrongKey = (await (await verify({ checkpoint: foreign, publicKey: publicPem })).json()) as Record<
      string,
      any
    >;
    expect(wrongKey.ok).toBe(false);
    expect(wrongKey.checkpoint.problem.kind).toBe("wrong-key");
    const altered = { ...signCheckpoint(head, at, keys.privateKey, keys.publicKey), at: "2027-01-01T00:00:00.000Z" };
    const forged = (await (await verify({ checkpoint: altered, publicKey: publicPem })).json()) as Record<string, any>;
    expect(forged.ok).toBe(false);
    expect(forged.checkpoint.problem.kind).toBe("bad-signature");
  });

  it("refuses a document that is not a checkpoint, a private key, or a body without them (error)", async () => {
    const { signature: _dropped, ...unsigned } = signCheckpoint(head, at, keys.privateKey, keys.publicKey);
    const notCheckpoint = await expectProblem(
      await verify({ checkpoint: unsigned, publicKey: publicPem }),
      422,
      "invalid-input",
    );
    expect(notCheckpoint.issues).toContainEqual(expect.objectContaining({ path: "/checkpoint/signature" }));
    const privatePem = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const checkpoint = signCheckpoint(head, at, keys.privateKey, keys.publicKey);
    const sentPrivate = await expectProblem(await verify({ checkpoint, publicKey: privatePem }), 422, "invalid-input");
    expect(sentPrivate.issues).toContainEqual(expect.objectContaining({ path: "/publicKey" }));
    await expectProblem(await verify({ checkpoint }), 400, "invalid-request");
    await expectProblem(await verify({ checkpoint, publicKey: publicPem }, own.keys.acme), 403, "forbidden-role");
  });
});

describe("OpenAPI and /docs", () => {
  it("publishes OpenAPI 3.1 generated from the routes, without a key", async () => {
    const res = await svc.request("/openapi.json", { key: null });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/v1/assess",
      "/v1/products",
      "/v1/products/{id}/sboms",
      "/v1/products/{id}/declaration",
      "/v1/products/{id}/assessments",
      "/v1/assessments/{id}",
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths["/v1/products"]?.post?.security).toEqual([{ apiKey: [] }]);
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  });
  it("serves the reference page from the service itself: no external script, style or font, no inline script", async () => {
    const res = await svc.request("/docs", { key: null });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/i);
    // Scripts only by same-origin src, never inline; no style attribute or element.
    expect(html.match(/<script[^>]*>/g)).toEqual([
      expect.stringMatching(/^<script src="\/assets\/app\.[0-9a-f]+\.js"/),
    ]);
    expect(html).not.toMatch(/<style|style="/);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    // Request bodies are shown with their schemas resolved, not as pointers.
    expect(html).toContain("Request body");
    expect(html).not.toContain('#/components/schemas/Product"');
  });
  it("answers liveness without a key", async () => {
    expect(await (await svc.request("/healthz", { key: null })).json()).toEqual({ status: "ok", version: "test" });
  });
});
