import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DECLARATION, expectProblem, SBOM_JSON, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
let productId: string;
let assessmentId: string;

const assess = (id: string, body: unknown = { asOf: "2028-01-15" }, key?: string | null) =>
  svc.request(`/v1/products/${id}/assessments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...(key !== undefined ? { key } : {}),
  });

async function prepare(key: string): Promise<string> {
  const id = await svc.createProduct(key);
  const sbom = await svc.request(`/v1/products/${id}/sboms`, {
    key,
    method: "POST",
    headers: { "content-type": "application/vnd.cyclonedx+json" },
    body: SBOM_JSON,
  });
  expect(sbom.status).toBe(201);
  const declaration = await svc.request(`/v1/products/${id}/declaration`, {
    key,
    method: "PUT",
    headers: { "content-type": "application/yaml" },
    body: DECLARATION,
  });
  expect(declaration.status).toBe(201);
  return id;
}

beforeAll(async () => {
  svc = await startTestService();
  productId = await prepare(svc.keys.acme);
});
afterAll(async () => svc.close());

type Record_ = {
  id: string;
  verdict: string;
  sbomSha256: string;
  declarationSha256: string;
  ruleSetVersion: string;
  asOf: string;
  reportsSha256: string;
};

describe("assessments: happy", () => {
  it("stores an immutable record with input hashes, rule-set version and as-of date", async () => {
    const res = await assess(productId);
    expect(res.status).toBe(201);
    const record = (await res.json()) as Record_;
    assessmentId = record.id;
    expect(res.headers.get("cra-verdict")).toBe(record.verdict);
    expect(record).toMatchObject({ asOf: "2028-01-15" });
    expect(record.sbomSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.declarationSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.ruleSetVersion).toMatch(/^cra@/);
  });

  it("serves the report in every format with a strong ETag and the verdict header", async () => {
    const expectations: Record<string, (text: string) => void> = {
      json: (t) => expect(JSON.parse(t)).toMatchObject({ schemaVersion: "cra-assessor-report/1", asOf: "2028-01-15" }),
      md: (t) => expect(t).toMatch(/CRA assessment/),
      sarif: (t) => expect(JSON.parse(t)).toMatchObject({ version: "2.1.0" }),
      junit: (t) => expect(t).toMatch(/<testsuites?/),
      html: (t) => expect(t).toMatch(/<html/i),
      csv: (t) => expect(t.split("\n").length).toBeGreaterThan(10),
      cdxa: (t) => expect(JSON.parse(t)).toMatchObject({ bomFormat: "CycloneDX", specVersion: "1.6" }),
      "oscal-ar": (t) => expect(JSON.parse(t)).toHaveProperty("assessment-results.metadata.oscal-version", "1.0.6"),
    };
    const etags = new Set<string>();
    for (const [format, check] of Object.entries(expectations)) {
      const res = await svc.request(`/v1/assessments/${assessmentId}?format=${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("cra-verdict")).toMatch(/^(pass|fail)$/);
      check(await res.text());
      const etag = res.headers.get("etag")!;
      etags.add(etag);
      expect(
        (await svc.request(`/v1/assessments/${assessmentId}?format=${format}`, { headers: { "if-none-match": etag } }))
          .status,
      ).toBe(304);
    }
    expect(etags.size).toBe(8);
    const viaAccept = await svc.request(`/v1/assessments/${assessmentId}`, {
      headers: { accept: "application/sarif+json" },
    });
    expect(JSON.parse(await viaAccept.text())).toMatchObject({ version: "2.1.0" });
  });

  it("is immutable: a later declaration makes a new record and leaves the old one as it was", async () => {
    const before = await (await svc.request(`/v1/assessments/${assessmentId}?format=json`)).text();
    await svc.request(`/v1/products/${productId}/declaration`, {
      method: "PUT",
      headers: { "content-type": "application/yaml" },
      body: "format: cra-declaration/1\nproduct: { name: Minimal Widget }\n",
    });
    const second = (await (await assess(productId)).json()) as Record_;
    expect(second.id).not.toBe(assessmentId);
    expect(second.verdict).toBe("fail");
    expect(await (await svc.request(`/v1/assessments/${assessmentId}?format=json`)).text()).toBe(before);
    const older = (await (await assess(productId, { asOf: "2028-01-15", declarationVersion: 1 })).json()) as Record_;
    const first = (await (await svc.request(`/v1/assessments?productId=${productId}&limit=100`)).json()) as {
      items: Record_[];
    };
    expect(older.declarationSha256).toBe(first.items.find((r) => r.id === assessmentId)?.declarationSha256);
  });

  it("lists with filters: status, severity, framework, product class", async () => {
    const all = (await (await svc.request(`/v1/assessments?productId=${productId}`)).json()) as {
      total: number;
      items: Record_[];
    };
    expect(all.total).toBeGreaterThanOrEqual(3);
    // The published record, field for field: neither the report body nor the counts stored beside it.
    expect(Object.keys(all.items[0] ?? {}).sort()).toEqual([
      "asOf",
      "createdAt",
      "declarationId",
      "declarationSha256",
      "failOn",
      "frameworks",
      "highestGapSeverity",
      "id",
      "organizationId",
      "productClass",
      "productId",
      "reportsSha256",
      "ruleSetVersion",
      "sbomId",
      "sbomSha256",
      "verdict",
    ]);
    const failing = (await (await svc.request(`/v1/assessments?productId=${productId}&status=fail`)).json()) as {
      items: Record_[];
    };
    expect(failing.items.every((r) => r.verdict === "fail")).toBe(true);
    const none = (await (
      await svc.request(`/v1/assessments?productId=${productId}&framework=not-a-framework`)
    ).json()) as { total: number };
    expect(none.total).toBe(0);
    const cra = (await (
      await svc.request(`/v1/assessments?productId=${productId}&framework=cra&severity=low`)
    ).json()) as { total: number };
    expect(cra.total).toBeGreaterThan(0);
  });

  it("assesses without an SBOM (the missing SBOM is a gap, not an input error)", async () => {
    const id = await svc.createProduct(svc.keys.acme);
    await svc.request(`/v1/products/${id}/declaration`, {
      method: "PUT",
      headers: { "content-type": "application/yaml" },
      body: DECLARATION,
    });
    const res = await assess(id);
    expect(res.status).toBe(201);
    expect(((await res.json()) as Record_).sbomSha256).toBeNull();
  });

  it("assesses an SBOM without a declaration, as assess --sbom does, and lists it with no declaration", async () => {
    const id = await svc.createProduct(svc.keys.acme);
    const upload = await svc.request(`/v1/products/${id}/sboms`, {
      method: "POST",
      headers: { "content-type": "application/vnd.cyclonedx+json" },
      body: SBOM_JSON,
    });
    expect(upload.status).toBe(201);
    const res = await assess(id);
    expect(res.status).toBe(201);
    const record = (await res.json()) as Record_ & { declarationId: string | null };
    expect(record.declarationId).toBeNull();
    expect(record.declarationSha256).toBeNull();
    expect(record.sbomSha256).toMatch(/^[0-9a-f]{64}$/);

    const report = (await (await svc.request(`/v1/assessments/${record.id}?format=json`)).json()) as {
      findings: { requirement: string; status: string; basis: string; message: string }[];
    };
    const byId = new Map(report.findings.map((f) => [f.requirement, f]));
    // Annex I Part I (2)(b) secure by default rests on the declaration alone: nothing was said, so a person must look.
    expect(byId.get("CRA-AI-P1-2b")).toMatchObject({ status: "needs-review", basis: "absent" });
    expect(byId.get("CRA-AI-P1-2b")?.message).toMatch(/^No declaration given/);

    const listed = (await (await svc.request(`/v1/assessments?productId=${id}`)).json()) as {
      items: { id: string; declarationId: string | null; declarationSha256: string | null }[];
    };
    expect(listed.items).toEqual([
      expect.objectContaining({ id: record.id, declarationId: null, declarationSha256: null }),
    ]);
  });
});

describe("assessments: errors", () => {
  it("needs a declaration or an SBOM (422) and rejects bad options (400)", async () => {
    const id = await svc.createProduct(svc.keys.acme);
    const nothing = await expectProblem(await assess(id), 422, "invalid-input");
    expect(nothing.issues).toEqual([
      expect.objectContaining({
        constraint: "exists",
        message: expect.stringMatching(/neither a declaration nor an SBOM/),
      }),
    ]);
    await expectProblem(await assess(productId, { declarationVersion: 99 }), 422, "invalid-input");
    // asOf is read by the one rule of every route (services/as-of.ts): a request-shape error, 400.
    await expectProblem(await assess(productId, { asOf: "15/01/2028" }), 400, "invalid-request");
    await expectProblem(await assess(productId, { failOn: "sometimes" }), 400, "invalid-request");
    await expectProblem(await assess(productId, { sbomId: "sbm_missing" }), 422, "invalid-input");
  });
  it("answers 404 for unknown ids, 406 for unknown Accept, 400 for unknown ?format", async () => {
    await expectProblem(await svc.request("/v1/assessments/asm_missing"), 404, "not-found");
    await expectProblem(
      await svc.request(`/v1/assessments/${assessmentId}`, { headers: { accept: "image/png" } }),
      406,
      "not-acceptable",
    );
    await expectProblem(await svc.request(`/v1/assessments/${assessmentId}?format=pdf`), 400, "invalid-request");
  });
});

describe("assessments: security", () => {
  it("needs a valid key and a role that may assess", async () => {
    await expectProblem(await assess(productId, {}, null), 401, "unauthenticated");
    await expectProblem(await assess(productId, {}, "cra_wrong"), 401, "invalid-api-key");
    await expectProblem(await assess(productId, {}, svc.keys.regulator), 403, "forbidden-role");
    await expectProblem(
      await svc.request(`/v1/assessments/${assessmentId}`, { key: svc.keys.admin }),
      403,
      "forbidden-role",
    );
  });
  it("hides another organisation's assessments (404) but shows them to regulators", async () => {
    await expectProblem(await assess(productId, {}, svc.keys.other), 404, "not-found");
    await expectProblem(
      await svc.request(`/v1/assessments/${assessmentId}`, { key: svc.keys.other }),
      404,
      "not-found",
    );
    await expectProblem(
      await svc.request(`/v1/assessments?productId=${productId}`, { key: svc.keys.other }),
      404,
      "not-found",
    );
    const theirs = (await (await svc.request("/v1/assessments?limit=100", { key: svc.keys.other })).json()) as {
      items: Record_[];
    };
    expect(theirs.items.map((r) => r.id)).not.toContain(assessmentId);
    expect((await svc.request(`/v1/assessments/${assessmentId}`, { key: svc.keys.regulator })).status).toBe(200);
  });
});

describe("assessments at a framework level", () => {
  it("stores a CLS(IoT) L1 report beside the CRA one, and refuses an unknown level with the valid ones", async () => {
    const res = await assess(productId, { asOf: "2028-01-15", frameworks: ["cra", "sg-cls"], level: "L1" });
    expect(res.status).toBe(201);
    const record = (await res.json()) as { id: string; frameworks: string[] };
    expect(record.frameworks).toEqual(["cra", "sg-cls"]);
    const report = await svc.request(`/v1/assessments/${record.id}?format=json&framework=sg-cls`);
    const body = (await report.json()) as { framework: { level?: string }; findings: unknown[] };
    expect(body.framework.level).toBe("L1");
    // The L1 profile: ETSI 5.1-1, 5.1-2, 5.2-1, 5.3-2 and 5.3-13.
    expect(body.findings).toHaveLength(5);
    const bad = await assess(productId, { asOf: "2028-01-15", frameworks: ["sg-cls"], level: "L5" });
    const problem = await expectProblem(bad, 422, "invalid-input");
    expect(JSON.stringify(problem)).toContain("valid levels: L1, L2, L3, L4");
  });
});
