/**
 * `db seed` loads demo data into organisations of its own: a user's organisation and product with the demo's
 * names stay untouched, the reserved slugs cannot be taken by anyone else, and each demo product assesses as the
 * seed file says it does.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { seedDemo } from "../../src/services/seed-demo.js";
import { expectProblem, REPO, startTestService, type TestService } from "./helpers.js";

interface DemoProduct {
  name: string;
  declaration: string;
  sbom: string;
  expectedGaps: "none" | "some";
}
const SEED = JSON.parse(readFileSync(join(REPO, "seeds/demo/demo.json"), "utf8")) as {
  organizations: { slug: string; name: string; products: DemoProduct[] }[];
};

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.close();
});

const seed = () =>
  seedDemo({
    ctx: svc.runtime.deps,
    input: { seed: SEED, readFile: (file) => readFileSync(join(REPO, file)) },
  });

describe("db seed keeps to its own organisations", () => {
  it("leaves a user's own Acme Home Hub alone and seeds into the reserved demo organisations", async () => {
    // The user's organisation and product carry the demo's names; the old seed wrote into them.
    const userKey = await svc.createKey("acme", "manufacturer");
    const userProduct = await svc.createProduct(userKey, { name: "Acme Home Hub" });

    const first = await seed();
    expect(first.problems).toEqual([]);
    expect(first).toMatchObject({ organizationsCreated: 2, productsCreated: 2, declarationsStored: 2, sbomsStored: 2 });

    const sboms = (await (await svc.request(`/v1/products/${userProduct}/sboms`, { key: userKey })).json()) as {
      items: unknown[];
    };
    expect(sboms.items).toEqual([]);
    const declarations = await svc.request(`/v1/products/${userProduct}/versions`, { key: userKey });
    expect(((await declarations.json()) as { items: unknown[] }).items).toEqual([]);

    for (const org of SEED.organizations) {
      expect(org.slug.startsWith("cra-assessor-demo-")).toBe(true);
      const stored = await svc.runtime.repos.organizations.findBySlug(org.slug);
      expect(stored?.name).toBe(org.name);
    }

    const again = await seed();
    expect(again).toMatchObject({ organizationsCreated: 0, productsCreated: 0, declarationsStored: 0, sbomsStored: 0 });
  });

  it("refuses a reserved demo slug to everyone else (HTTP and name-derived slugs)", async () => {
    const bySlug = await svc.request("/v1/organizations", {
      key: svc.keys.operator,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Squatter", slug: "cra-assessor-demo-squatter" }),
    });
    const problem = await expectProblem(bySlug, 422, "invalid-input");
    expect(JSON.stringify(problem)).toMatch(/reserved for the demo data/);
    const byName = await svc.request("/v1/organizations", {
      key: svc.keys.operator,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "CRA Assessor Demo Squatter" }),
    });
    await expectProblem(byName, 422, "invalid-input");
  });
});

describe("each demo product assesses as the seed file says", () => {
  const products = SEED.organizations.flatMap((o) => o.products);
  for (const product of products) {
    for (const asOf of ["2026-12-04", "2028-07-01"]) {
      it(`${product.name} as of ${asOf}: ${product.expectedGaps === "none" ? "no gap" : "gaps"}`, async () => {
        let stdout = "";
        const io: CliIo = {
          out: (text) => {
            stdout += text;
          },
          err: () => {},
          isTTY: false,
          cwd: REPO,
          env: {},
        };
        const code = await main(
          ["assess", "--declaration", product.declaration, "--sbom", product.sbom, "--as-of", asOf, "--format", "json"],
          io,
        );
        expect([0, 1]).toContain(code);
        const report = JSON.parse(stdout) as { findings: { status: string; requirement: string }[] };
        const gaps = report.findings.filter((f) => f.status === "gap").map((f) => f.requirement);
        if (product.expectedGaps === "none") expect(gaps).toEqual([]);
        else expect(gaps.length).toBeGreaterThan(0);
      });
    }
  }
});
