import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

async function run(args: string[], cwd = root): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(args, { cwd });
}

describe("cra-assessor frameworks", () => {
  const dir = mkdtempSync(join(tmpdir(), "cra-fw-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("list --format json names every framework with its levels", async () => {
    const result = await run(["frameworks", "list", "--format", "json"]);
    expect(result.code).toBe(0);
    const list = JSON.parse(result.stdout) as { id: string; levels: string[] }[];
    expect(list.map((f) => f.id)).toContain("etsi-en-303-645@3.1.3");
    expect(list.find((f) => f.id === "sg-cls")!.levels).toEqual(["L1", "L2", "L3", "L4"]);
  });

  it("show prints requirements, crosswalks and arrangements; an unknown id exits 2", async () => {
    const shown = await run(["frameworks", "show", "jp-jc-star"]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("| JCSTAR-S1.1-10 | Model number available |");
    expect(shown.stdout).toContain("uk-psti-label-recognition-2025");
    const unknown = await run(["frameworks", "show", "xx-label"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown framework "xx-label"');
  });

  it.each([
    ["uk-psti", "docs/crosswalks/uk-psti-to-cra.md"],
    ["etsi-en-303-645@3.1.3", "docs/crosswalks/etsi-en-303-645-3.1.3-to-cra.md"],
  ])("compare --from %s --to cra reproduces the golden table %s", async (from, golden) => {
    const result = await run(["frameworks", "compare", "--from", from, "--to", "cra"]);
    expect(result.code).toBe(0);
    // Regenerate with: cra-assessor frameworks compare --from <id> --to cra --output <golden> (then review the diff).
    expect(result.stdout).toBe(readFileSync(join(root, golden), "utf8"));
  });

  it("compare writes csv, json, html and oscal", async () => {
    const csv = await run([
      "frameworks",
      "compare",
      "--from",
      "sg-cls",
      "--level",
      "L3",
      "--to",
      "cra",
      "--format",
      "csv",
    ]);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split("\r\n")[0]).toContain("target_id");
    const json = await run(["frameworks", "compare", "--from", "jp-jc-star", "--to", "uk-psti", "--format", "json"]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.forward.method).toBe("derived");
    expect(parsed.forward.reviewed).toBe(false);
    const out = join(dir, "cmp.html");
    const html = await run([
      "frameworks",
      "compare",
      "--from",
      "nist-ir-8425",
      "--to",
      "cra",
      "--format",
      "html",
      "--output",
      out,
    ]);
    expect(html).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readFileSync(out, "utf8")).toMatch(/^<!doctype html>/);
    const oscal = await run(["frameworks", "compare", "--from", "uk-psti", "--to", "cra", "--format", "oscal"]);
    expect(JSON.parse(oscal.stdout)["mapping-collection"].provenance.status).toBe("draft");
  });

  it("compare refuses bad input with exit 2", async () => {
    expect((await run(["frameworks", "compare", "--from", "uk-psti", "--to", "cra", "--format", "pdf"])).code).toBe(2);
    const level = await run(["frameworks", "compare", "--from", "sg-cls", "--level", "L9", "--to", "cra"]);
    expect(level.code).toBe(2);
    expect(level.stderr).toContain('"L9" is not a level of sg-cls');
    expect((await run(["frameworks", "compare", "--to", "cra"])).code).toBe(2);
  });

  it("export writes a crosswalk as OSCAL and CSV", async () => {
    const oscal = await run(["frameworks", "export", "uk-psti--cra"]);
    expect(oscal.code).toBe(0);
    expect(JSON.parse(oscal.stdout)["mapping-collection"].mappings[0].maps.length).toBeGreaterThan(10);
    const csv = await run(["frameworks", "export", "uk-psti--cra", "--format", "csv"]);
    expect(csv.stdout).toContain("uk-psti--cra,uk-psti,UKPSTI-S1-1.2,subset-of,cra,CRA-AI-P1-2b");
  });

  it("check accepts the shipped draft and refuses a broken one with file:line, pointer and exit 2", async () => {
    const ok = await run(["frameworks", "check", "seeds/arrangements/drafts/eu-sg-cls-draft.yaml"]);
    expect(ok).toEqual({
      code: 0,
      stdout: "seeds/arrangements/drafts/eu-sg-cls-draft.yaml: valid (eu-sg-cls-draft).\n",
      stderr: "",
    });
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      readFileSync(join(root, "seeds/arrangements/drafts/eu-sg-cls-draft.yaml"), "utf8").replace(
        "CRA-AI-P1-2d",
        "CRA-AI-P1-2zz",
      ),
    );
    const refused = await run(["frameworks", "check", bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /bad\.yaml:\d+:\d+: \/routes\/0\/to\/requirements\/0 "CRA-AI-P1-2zz" is not a requirement of cra/,
    );
    expect(refused.stderr).toContain("nothing was loaded");
  });

  it("--help describes options and gives examples", async () => {
    const help = await run(["frameworks", "compare", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--level <level>");
    expect(help.stdout).toContain("Examples:");
  });
});

describe("cra-assessor mra", () => {
  const draft = "seeds/arrangements/drafts/eu-sg-cls-draft.yaml";
  // A portfolio of only the partner-certificate examples, so other examples do not change the counts.
  const products = mkdtempSync(join(tmpdir(), "cra-mra-portfolio-"));
  for (const name of readdirSync(join(root, "seeds/examples")).filter((n) => n.startsWith("partner-"))) {
    cpSync(join(root, "seeds/examples", name), join(products, name), { recursive: true });
  }
  afterAll(() => rmSync(products, { recursive: true, force: true }));

  it("simulate reports what the draft closes, per requirement and per product", async () => {
    const result = await run([
      "mra",
      "simulate",
      "--arrangement",
      draft,
      "--products",
      products,
      "--as-of",
      "2028-06-01",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("- Closed (now recognized): 3. Narrowed (now partial): 0.");
    expect(result.stdout).toContain("| CRA-AI-P1-2d | Protection from unauthorised access | 1 | 0 | 0 | 3 |");
    const json = await run([
      "mra",
      "simulate",
      "--arrangement",
      draft,
      "--products",
      `${products}/partner-cls-l2-camera`,
      "--as-of",
      "2028-06-01",
      "--format",
      "json",
    ]);
    expect(JSON.parse(json.stdout).totals).toMatchObject({ products: 1, closed: 3 });
  });

  it("simulate reads a product's SBOM by its content: SPDX tag-value and YAML count as CycloneDX does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cra-mra-spdx-"));
    try {
      const camera = join(dir, "camera");
      cpSync(join(root, "seeds/examples/partner-cls-l2-camera/declaration.yaml"), join(camera, "declaration.yaml"));
      const simulate = async () => {
        const result = await run([
          "mra",
          "simulate",
          "--arrangement",
          draft,
          "--products",
          camera,
          "--as-of",
          "2028-06-01",
          "--format",
          "json",
        ]);
        expect(result.code, result.stderr).toBe(0);
        return JSON.parse(result.stdout).products[0] as { gaps: number };
      };
      const withoutSbom = await simulate();
      // An SPDX YAML SBOM must not be taken for a second declaration, nor a tag-value one skipped for its name.
      for (const example of ["SPDXTagExample-v2.3.spdx", "SPDXYAMLExample-2.3.spdx.yaml"]) {
        const file = join(camera, example);
        cpSync(join(root, "tests/fixtures/spdx/examples/spdx-spec-2.3", example), file);
        expect((await simulate()).gaps, example).toBeLessThan(withoutSbom.gaps);
        rmSync(file);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("simulate refuses a broken draft, a bad date and a missing directory with exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cra-mra-cli-"));
    try {
      const bad = join(dir, "draft.yaml");
      writeFileSync(bad, readFileSync(join(root, draft), "utf8").replace("level: L3", "level: L9"));
      const refused = await run(["mra", "simulate", "--arrangement", bad, "--products", products]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/draft\.yaml:\d+:\d+: \/routes\/1\/from\/level "L9" is not a level of sg-cls/);
      expect(
        (await run(["mra", "simulate", "--arrangement", draft, "--products", products, "--as-of", "01/06/2028"])).code,
      ).toBe(2);
      expect((await run(["mra", "simulate", "--arrangement", draft, "--products", join(dir, "none")])).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("list shows the arrangements in force and marks simplified applications", async () => {
    const result = await run(["mra", "list"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("simplifies: uk-psti → sg-cls L1");
    expect(result.stdout).not.toContain("eu-sg-cls-draft");
  });
});
