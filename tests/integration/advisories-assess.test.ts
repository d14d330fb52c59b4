/**
 * The service assesses against the advisories imported into its database ("the server and --db FILE
 * use what was imported"), in stored and stateless assessments alike.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { productSbom } from "../fixtures/advisories/product-sbom.js";
import { DECLARATION, REPO, startTestService, type TestService } from "./helpers.js";

let svc: TestService;
// Aliases are merged; the report names the advisory by its CVE id.
const ADVISORY = "CVE-2099-0001";
const vulnerable = productSbom([
  { ref: "parser", name: "@acme/parser", version: "1.4.1", purl: "pkg:npm/%40acme/parser@1.4.1" },
]);
const fixed = productSbom([
  { ref: "parser", name: "@acme/parser", version: "1.4.2", purl: "pkg:npm/%40acme/parser@1.4.2" },
]);

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc.close());

async function assess(sbom: Buffer): Promise<string> {
  const form = new FormData();
  form.append("sbom", new Blob([sbom]), "sbom.json");
  form.append("declaration", new Blob([DECLARATION]), "declaration.yaml");
  form.append("asOf", "2099-06-01");
  const res = await svc.request("/v1/assess?format=json", { method: "POST", body: form });
  expect(res.status).toBe(200);
  return res.text();
}

describe("assessment against imported advisories", () => {
  it("finds nothing before the import, the advisory after it, and nothing for the fixed version", async () => {
    expect(await assess(vulnerable)).not.toContain(ADVISORY);
    const advisory = join(REPO, "tests/fixtures/advisories/osv/npm-GHSA-7x2q-acme-parser.json");
    const code = await main(["advisories", "import", advisory, "--db", svc.dbPath], {
      out: () => {},
      err: () => {},
      isTTY: false,
      cwd: REPO,
      env: {},
    });
    expect(code).toBe(0);
    expect(await assess(vulnerable)).toContain(ADVISORY);
    expect(await assess(fixed)).not.toContain(ADVISORY);
  });
});
