/**
 * `vex set|list|export` on a database file, and the loop back into the next assessment: the CycloneDX VEX export,
 * given to `assess --advisories`, changes how the matched vulnerability counts.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { openSqlite } from "../../src/db/sqlite/open.js";
import { createSqliteRepositories } from "../../src/db/sqlite/repository.js";
import { productSbom } from "../fixtures/advisories/product-sbom.js";
import { runCli } from "./run-cli.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const PURL = "pkg:npm/%40acme/parser@1.4.1";

let dir: string;
let db: string;
const productId = "prd_vex_cli";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cra-vex-"));
  db = join(dir, "service.db");
  const database = openSqlite(db);
  const repos = createSqliteRepositories(database);
  const audit = (action: string, subjectId: string) => ({
    at: "2028-01-01T00:00:00Z",
    organizationId: "org_vex",
    actor: "test",
    action,
    subjectType: action.split(".")[0]!,
    subjectId,
    details: {},
  });
  await repos.organizations.create(
    { id: "org_vex", slug: "vex-co", name: "Vex Co", createdAt: "2028-01-01T00:00:00Z" },
    audit("organization.created", "org_vex"),
  );
  await repos.products.create(
    { kind: "organization", organizationId: "org_vex" },
    {
      id: productId,
      organizationId: "org_vex",
      name: "Parser Box",
      productClass: null,
      description: null,
      createdAt: "2028-01-01T00:00:00Z",
    },
    audit("product.created", productId),
  );
  database.close();
  await writeFile(
    join(dir, "bom.json"),
    productSbom([{ ref: "parser", name: "@acme/parser", version: "1.4.1", purl: PURL }]),
  );
});

describe("vex set, list, export", () => {
  it("records an analysis, lists it, refuses an incomplete one, and exports each format", async () => {
    const set = await runCli(
      [
        "vex",
        "set",
        "--db",
        db,
        "--product",
        productId,
        "--product-version",
        "1.0.0",
        "--vulnerability",
        "CVE-2099-0001",
        "--component",
        PURL,
        "--state",
        "not_affected",
        "--justification",
        "code_not_reachable",
      ],
      { cwd: dir },
    );
    expect(set.code).toBe(0);
    const list = await runCli(["vex", "list", "--db", db, "--product", productId], { cwd: dir });
    expect(list.stdout).toBe(`1.0.0\tCVE-2099-0001\t${PURL}\tnot_affected\tcode_not_reachable\n`);
    const incomplete = await runCli(
      [
        "vex",
        "set",
        "--db",
        db,
        "--product",
        productId,
        "--product-version",
        "1.0.0",
        "--vulnerability",
        "CVE-2099-0002",
        "--component",
        PURL,
        "--state",
        "exploitable",
      ],
      { cwd: dir },
    );
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toContain("response");
    for (const format of ["csaf", "cyclonedx", "openvex"]) {
      const exported = await runCli(
        ["vex", "export", "--db", db, "--product", productId, "--product-version", "1.0.0", "--format", format],
        { cwd: dir },
      );
      expect(exported.code).toBe(0);
      expect(exported.stdout).toContain("CVE-2099-0001");
    }
    const unknown = await runCli(["vex", "list", "--db", db, "--product", "prd_none"], { cwd: dir });
    expect(unknown.code).toBe(2);
  });

  it("the CycloneDX export feeds the next assessment: the KEV-listed match carries the not_affected analysis", async () => {
    const out = join(dir, "vex.cdx.json");
    const exported = await runCli(
      [
        "vex",
        "export",
        "--db",
        db,
        "--product",
        productId,
        "--product-version",
        "1.0.0",
        "--format",
        "cyclonedx",
        "--output",
        out,
      ],
      { cwd: dir },
    );
    expect(exported.code).toBe(0);
    const assess = (extra: string[]) =>
      runCli(
        [
          "assess",
          "--sbom",
          join(dir, "bom.json"),
          "--declaration",
          join(fixtures, "declarations", "acme-home-hub.yaml"),
          "--as-of",
          "2028-06-01",
          "--format",
          "json",
          "--fail-on",
          "never",
          "--advisories",
          join(fixtures, "advisories", "osv"),
          join(fixtures, "advisories", "kev.json"),
          ...extra,
        ],
        { cwd: dir },
      );
    type Match = { advisoryId: string; aliases: string[]; exploitable: boolean; vex?: { state: string } };
    const matchOf = async (extra: string[]) => {
      const run = await assess(extra);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as { vulnerabilities: Match[] };
      return report.vulnerabilities.find(
        (m) => m.aliases.includes("CVE-2099-0001") || m.advisoryId === "CVE-2099-0001",
      )!;
    };
    const before = await matchOf([]);
    expect(before.exploitable).toBe(true);
    expect(before.vex).toBeUndefined();
    const after = await matchOf([out]);
    expect(after.vex?.state).toBe("not_affected");
    expect(after.exploitable).toBe(false);
    expect(JSON.parse(await readFile(out, "utf8"))).toMatchObject({ specVersion: "1.6" });
  });
});
