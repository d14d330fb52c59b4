import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { AssessmentReport } from "../../src/domain/report.js";
import { validateSbomBytes } from "../../src/sbom/validate.js";
import { productSbom } from "../fixtures/advisories/product-sbom.js";
import { DECLARATION, expectProblem, REPO, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc.close());

const putVex = (productId: string, body: unknown, key?: string) =>
  svc.request(`/v1/products/${productId}/vex`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...(key ? { key } : {}),
  });

const notAffected = {
  productVersion: "2.3.0",
  vulnerability: "CVE-2021-23337",
  component: "pkg:npm/lodash@4.17.20",
  state: "not_affected",
  justification: "code_not_reachable",
};

async function productWithDeclaration(): Promise<string> {
  const productId = await svc.createProduct(svc.keys.acme);
  const put = await svc.request(`/v1/products/${productId}/declaration`, {
    method: "PUT",
    headers: { "content-type": "application/yaml" },
    body: DECLARATION,
  });
  expect(put.status).toBe(201);
  return productId;
}

describe("vex: happy", () => {
  it("records, replaces and lists analyses per version, audits them, and exports each format", async () => {
    const productId = await productWithDeclaration();
    const first = await putVex(productId, { ...notAffected, state: "in_triage", justification: undefined });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ state: "in_triage", productVersion: "2.3.0", responses: [] });
    expect((await putVex(productId, notAffected)).status).toBe(200);
    expect(
      (
        await putVex(productId, {
          productVersion: "2.3.0",
          vulnerability: "CVE-2020-8203",
          component: "pkg:npm/lodash@4.17.20",
          state: "exploitable",
          responses: ["update"],
        })
      ).status,
    ).toBe(200);
    const list = (await (await svc.request(`/v1/products/${productId}/vex?version=2.3.0`)).json()) as {
      items: { vulnerability: string; state: string }[];
      total: number;
    };
    expect(list.total).toBe(2);
    expect(list.items.map((s) => [s.vulnerability, s.state])).toEqual([
      ["CVE-2020-8203", "exploitable"],
      ["CVE-2021-23337", "not_affected"],
    ]);

    const csaf = await svc.request(`/v1/products/${productId}/vex/export?format=csaf`);
    expect(csaf.status).toBe(200);
    expect(csaf.headers.get("vex-product-version")).toBe("2.3.0"); // from the latest declaration
    expect(await csaf.json()).toMatchObject({ document: { category: "csaf_vex" } });
    const openvex = (await (await svc.request(`/v1/products/${productId}/vex/export?format=openvex`)).json()) as {
      statements: unknown[];
    };
    expect(openvex.statements).toHaveLength(2);
    const cdx = await svc.request(`/v1/products/${productId}/vex/export?format=cyclonedx`);
    expect(cdx.headers.get("content-type")).toContain("application/vnd.cyclonedx+json");
    expect(validateSbomBytes(new Uint8Array(await cdx.arrayBuffer())).ok).toBe(true);

    const audit = (await (await svc.request("/v1/audit?limit=100")).json()) as { items: { action: string }[] };
    expect(audit.items.filter((r) => r.action === "vex.recorded")).toHaveLength(3);
  });
});

describe("vex: the recorded analysis feeds the next stored assessment", () => {
  // Annex I Part I (2)(a) turns on exploitability (Art. 3(41)): a match the manufacturer analysed as not affected
  // is no longer a known exploitable vulnerability in the product's next assessment.
  const PURL = "pkg:npm/%40acme/parser@1.4.1";
  const ADVISORY = "CVE-2099-0001";

  async function assessStored(productId: string): Promise<NonNullable<AssessmentReport["vulnerabilities"]>> {
    const res = await svc.request(`/v1/products/${productId}/assessments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ asOf: "2099-06-01" }),
    });
    expect(res.status).toBe(201);
    const record = (await res.json()) as { id: string };
    const cra = (await (
      await svc.request(`/v1/assessments/${record.id}?format=json&framework=cra`)
    ).json()) as AssessmentReport;
    return cra?.vulnerabilities ?? [];
  }

  it("a not_affected analysis of the assessed version clears the match; one of another version does not", async () => {
    const productId = await productWithDeclaration(); // declares version 2.3.0
    const upload = await svc.request(`/v1/products/${productId}/sboms`, {
      method: "POST",
      headers: { "content-type": "application/vnd.cyclonedx+json" },
      body: new Uint8Array(productSbom([{ ref: "parser", name: "@acme/parser", version: "1.4.1", purl: PURL }])),
    });
    expect(upload.status).toBe(201);
    const imported = await main(
      [
        "advisories",
        "import",
        join(REPO, "tests/fixtures/advisories/osv/npm-GHSA-7x2q-acme-parser.json"),
        "--db",
        svc.dbPath,
      ],
      { out: () => {}, err: () => {}, isTTY: false, cwd: REPO, env: {} },
    );
    expect(imported).toBe(0);

    const before = (await assessStored(productId)).find((m) => m.advisoryId === ADVISORY);
    expect(before).toMatchObject({ exploitable: true });
    expect(before?.vex).toBeUndefined();

    // Another version's analysis is not this version's.
    expect(
      (await putVex(productId, { ...notAffected, productVersion: "2.2.0", vulnerability: ADVISORY, component: PURL }))
        .status,
    ).toBe(200);
    expect((await assessStored(productId)).find((m) => m.advisoryId === ADVISORY)).toMatchObject({ exploitable: true });

    expect((await putVex(productId, { ...notAffected, vulnerability: ADVISORY, component: PURL })).status).toBe(200);
    const after = (await assessStored(productId)).find((m) => m.advisoryId === ADVISORY);
    expect(after).toMatchObject({
      exploitable: false,
      vex: { state: "not_affected", justification: "code_not_reachable" },
    });
    expect(after?.vex?.source).toMatch(/^recorded:/);

    // Back to in_triage: exploitability is open again, so the match counts as it did before the analysis.
    expect(
      (
        await putVex(productId, {
          ...notAffected,
          vulnerability: ADVISORY,
          component: PURL,
          state: "in_triage",
          justification: undefined,
        })
      ).status,
    ).toBe(200);
    expect((await assessStored(productId)).find((m) => m.advisoryId === ADVISORY)).toMatchObject({
      exploitable: true,
      vex: { state: "in_triage" },
    });
  });
});

describe("vex: errors", () => {
  it("an incomplete analysis or an unknown field is a located 422; an unknown state is 400", async () => {
    const productId = await productWithDeclaration();
    const incomplete = await expectProblem(
      await putVex(productId, { ...notAffected, justification: undefined }),
      422,
      "invalid-input",
    );
    expect(JSON.stringify(incomplete)).toContain("justification");
    const unknown = await expectProblem(
      await putVex(productId, { ...notAffected, sevrity: "high" }),
      422,
      "invalid-input",
    );
    expect(JSON.stringify(unknown)).toContain("sevrity");
    await expectProblem(await putVex(productId, { ...notAffected, state: "fine" }), 400, "invalid-request");
    const product = await svc.createProduct(svc.keys.acme);
    await expectProblem(await svc.request(`/v1/products/${product}/vex/export?format=openvex`), 422, "invalid-input");
  });
});

describe("vex: security", () => {
  it("another organisation's product is not found; a regulator cannot record; no key is 401", async () => {
    const productId = await productWithDeclaration();
    await expectProblem(await putVex(productId, notAffected, svc.keys.other), 404, "not-found");
    await expectProblem(await svc.request(`/v1/products/${productId}/vex`, { key: svc.keys.other }), 404, "not-found");
    await expectProblem(await putVex(productId, notAffected, svc.keys.regulator), 403, "forbidden-role");
    expect((await svc.request(`/v1/products/${productId}/vex`, { key: null })).status).toBe(401);
  });
});
