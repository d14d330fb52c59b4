import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, SBOM_JSON, SBOM_XML, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ bodyLimitBytes: 1024 * 1024 });
});
afterAll(async () => svc.close());

const submit = (
  productId: string,
  body: RequestInit["body"],
  type = "application/vnd.cyclonedx+json",
  key?: string | null,
) =>
  svc.request(`/v1/products/${productId}/sboms`, {
    method: "POST",
    headers: { "content-type": type },
    body,
    ...(key !== undefined ? { key } : {}),
  });

type Submission = {
  sbom: { id: string; sha256: string; componentCount: number; format: string; productVersion: string | null };
};

describe("sboms: happy", () => {
  it("stores a JSON SBOM raw and content-addressed, with its components", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    const res = await submit(productId, SBOM_JSON);
    expect(res.status).toBe(201);
    const { sbom } = (await res.json()) as Submission;
    expect(sbom.sha256).toBe(createHash("sha256").update(SBOM_JSON).digest("hex"));
    expect(sbom.format).toBe("json");
    expect(sbom.componentCount).toBeGreaterThan(100);
    const raw = await svc.request(`/v1/sboms/${sbom.id}/content`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get("content-type")).toBe("application/vnd.cyclonedx+json");
    expect(Buffer.from(await raw.arrayBuffer()).equals(SBOM_JSON)).toBe(true);
    const etag = raw.headers.get("etag")!;
    expect(etag).toBe(`"${sbom.sha256}"`);
    const again = await svc.request(`/v1/sboms/${sbom.id}/content`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    const components = (await (await svc.request(`/v1/sboms/${sbom.id}/components?limit=5`)).json()) as {
      total: number;
      items: { ordinal: number }[];
    };
    expect(components.total).toBe(sbom.componentCount);
    expect(components.items.map((c) => c.ordinal)).toEqual([0, 1, 2, 3, 4]);
    const list = (await (await svc.request(`/v1/products/${productId}/sboms`)).json()) as { items: { id: string }[] };
    expect(list.items.map((s) => s.id)).toEqual([sbom.id]);
    if (sbom.productVersion) {
      const versions = (await (await svc.request(`/v1/products/${productId}/versions`)).json()) as {
        items: { version: string }[];
      };
      expect(versions.items.map((v) => v.version)).toContain(sbom.productVersion);
    }
  });

  it("stores a CycloneDX XML SBOM", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    const res = await submit(productId, SBOM_XML, "application/vnd.cyclonedx+xml");
    expect(res.status).toBe(201);
    expect(((await res.json()) as Submission).sbom.format).toBe("xml");
  });

  const spdxExample = (name: string) =>
    readFileSync(new URL(`../fixtures/spdx/examples/spdx-spec-2.3/${name}`, import.meta.url));

  it("stores SPDX sent as application/spdx+json, text/spdx and application/yaml", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    for (const [name, type, format] of [
      ["SPDXJSONExample-v2.3.spdx.json", "application/spdx+json", "spdx-json"],
      ["SPDXTagExample-v2.3.spdx", "text/spdx", "spdx-tag-value"],
      ["SPDXYAMLExample-2.3.spdx.yaml", "application/yaml", "spdx-yaml"],
    ] as const) {
      const res = await submit(productId, spdxExample(name), type);
      expect(res.status).toBe(201);
      const { sbom } = (await res.json()) as Submission;
      // The example has 4 packages and 5 files and describes two of them, so no root: 9 components.
      expect(sbom).toMatchObject({ format, componentCount: 9 });
      const raw = await svc.request(`/v1/sboms/${sbom.id}/content`);
      expect(raw.headers.get("content-type")).toBe(type);
    }
  });

  it("refuses SPDX sent as CycloneDX, and CycloneDX sent as SPDX (422)", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    const spdx = spdxExample("SPDXJSONExample-v2.3.spdx.json");
    await expectProblem(await submit(productId, spdx, "application/vnd.cyclonedx+json"), 422, "invalid-input");
    await expectProblem(await submit(productId, SBOM_JSON, "application/spdx+json"), 422, "invalid-input");
  });
});

describe("sboms: Idempotency-Key", () => {
  const withKey = (productId: string, body: RequestInit["body"], idempotencyKey: string, key?: string) =>
    svc.request(`/v1/products/${productId}/sboms`, {
      method: "POST",
      headers: { "content-type": "application/vnd.cyclonedx+json", "idempotency-key": idempotencyKey },
      body,
      ...(key !== undefined ? { key } : {}),
    });

  it("answers a retry with the first result (same SBOM, same warnings) and stores one copy", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    const first = await withKey(productId, SBOM_JSON, "upload-7f3a");
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const firstBody = (await first.json()) as Submission & { warnings: unknown[] };
    const retry = await withKey(productId, SBOM_JSON, "upload-7f3a");
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.headers.get("location")).toBe(`/v1/sboms/${firstBody.sbom.id}`);
    expect(await retry.json()).toEqual(firstBody);
    const list = (await (await svc.request(`/v1/products/${productId}/sboms`)).json()) as { total: number };
    expect(list.total).toBe(1);
    // Without a key, the same bytes are a new submission, as before.
    expect((await submit(productId, SBOM_JSON)).status).toBe(201);
    expect(((await (await svc.request(`/v1/products/${productId}/sboms`)).json()) as { total: number }).total).toBe(2);
  });

  it("refuses the same key with another body (409) and a malformed key (400), storing nothing", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    expect((await withKey(productId, SBOM_JSON, "k-1")).status).toBe(201);
    const changed = Buffer.from(SBOM_JSON.toString("utf8").replace('"version":1', '"version":2'));
    expect(changed.equals(SBOM_JSON)).toBe(false);
    const reused = await expectProblem(await withKey(productId, changed, "k-1"), 409, "conflict");
    expect(String(reused.detail)).toMatch(/different body/);
    await expectProblem(await withKey(productId, SBOM_JSON, "x".repeat(256)), 400, "invalid-request");
    await expectProblem(await withKey(productId, SBOM_JSON, "with space"), 400, "invalid-request");
    expect(((await (await svc.request(`/v1/products/${productId}/sboms`)).json()) as { total: number }).total).toBe(1);
  });

  it("keeps keys per product and tenant: another organisation's identical key is its own", async () => {
    const mine = await svc.createProduct(svc.keys.acme);
    const theirs = await svc.createProduct(svc.keys.other);
    const a = (await (await withKey(mine, SBOM_JSON, "shared")).json()) as Submission;
    const b = await withKey(theirs, SBOM_JSON, "shared", svc.keys.other);
    expect(b.status).toBe(201);
    expect(b.headers.get("idempotent-replayed")).toBeNull();
    expect(((await b.json()) as Submission).sbom.id).not.toBe(a.sbom.id);
  });
});

describe("sboms: errors", () => {
  it("rejects a document that is not CycloneDX with located 422 issues, and stores nothing", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    const body = await expectProblem(
      await submit(productId, '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":42}]}'),
      422,
      "invalid-input",
    );
    const issues = body.issues as { path?: string; source?: string }[];
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]?.source).toBe("sbom");
    const list = (await (await svc.request(`/v1/products/${productId}/sboms`)).json()) as { total: number };
    expect(list.total).toBe(0);
  });
  it("rejects broken JSON and hostile XML as invalid input, not as a crash", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    await expectProblem(await submit(productId, '{"bomFormat": '), 422, "invalid-input");
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]><bom xmlns="http://cyclonedx.org/schema/bom/1.6">&x;</bom>';
    await expectProblem(await submit(productId, xxe, "application/vnd.cyclonedx+xml"), 422, "invalid-input");
  });
  it("rejects XML sent as JSON (the media type must tell the truth)", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    await expectProblem(await submit(productId, SBOM_XML, "application/vnd.cyclonedx+json"), 422, "invalid-input");
  });
  it("answers 415 for other media types", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    const res = await submit(productId, SBOM_JSON, "application/json");
    await expectProblem(res, 415, "unsupported-media-type");
  });
  it("answers 413 above the body limit, by Content-Length and when chunked", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    const big = new Uint8Array(1024 * 1024 + 1).fill(32);
    await expectProblem(await submit(productId, big), 413, "payload-too-large");
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(64 * 1024).fill(32));
        controller.close();
      },
    });
    const res = await svc.request(`/v1/products/${productId}/sboms`, {
      method: "POST",
      headers: { "content-type": "application/vnd.cyclonedx+json", "transfer-encoding": "chunked" },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    await expectProblem(res, 413, "payload-too-large");
  });
  it("answers 404 for an unknown product or SBOM", async () => {
    await expectProblem(await submit("prd_missing", SBOM_JSON), 404, "not-found");
    await expectProblem(await svc.request("/v1/sboms/sbm_missing"), 404, "not-found");
    await expectProblem(await svc.request("/v1/sboms/sbm_missing/content"), 404, "not-found");
  });
});

describe("sboms: security", () => {
  it("needs a valid key", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    await expectProblem(await submit(productId, SBOM_JSON, undefined, null), 401, "unauthenticated");
    await expectProblem(await submit(productId, SBOM_JSON, undefined, "cra_wrong"), 401, "invalid-api-key");
  });
  it("refuses submission by regulators and admins", async () => {
    const productId = await svc.createProduct(svc.keys.acme);
    await expectProblem(await submit(productId, SBOM_JSON, undefined, svc.keys.regulator), 403, "forbidden-role");
    await expectProblem(await submit(productId, SBOM_JSON, undefined, svc.keys.admin), 403, "forbidden-role");
  });
  it("hides another organisation's product and SBOMs (404)", async () => {
    const theirs = await svc.createProduct(svc.keys.other);
    await expectProblem(await submit(theirs, SBOM_JSON), 404, "not-found");
    const stored = (await (await submit(theirs, SBOM_JSON, undefined, svc.keys.other)).json()) as Submission;
    await expectProblem(await svc.request(`/v1/sboms/${stored.sbom.id}`), 404, "not-found");
    await expectProblem(await svc.request(`/v1/sboms/${stored.sbom.id}/content`), 404, "not-found");
    await expectProblem(await svc.request(`/v1/sboms/${stored.sbom.id}/components`), 404, "not-found");
    await expectProblem(await svc.request(`/v1/products/${theirs}/sboms`), 404, "not-found");
    expect((await svc.request(`/v1/sboms/${stored.sbom.id}`, { key: svc.keys.regulator })).status).toBe(200);
  });
  it("lets a ci key submit for its named product only", async () => {
    const named = await svc.createProduct(svc.keys.acme);
    const unnamed = await svc.createProduct(svc.keys.acme);
    const ci = await svc.createKey(svc.orgs.acme, "ci", [named]);
    expect((await submit(named, SBOM_JSON, undefined, ci)).status).toBe(201);
    await expectProblem(await submit(unnamed, SBOM_JSON, undefined, ci), 404, "not-found");
  });
});
