import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const fixtures = fileURLToPath(new URL("../fixtures/declarations/", import.meta.url));

async function run(args: string[], cwd = fixtures): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(args, { cwd });
}

describe("cra-assessor declaration validate", () => {
  const dir = mkdtempSync(join(tmpdir(), "cra-decl-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("exits 0 on a valid declaration and says what it found", async () => {
    const result = await run(["declaration", "validate", "acme-home-hub.yaml"]);
    expect(result).toEqual({
      code: 0,
      stdout:
        "acme-home-hub.yaml: valid cra-declaration/1 for Acme Home Hub 2.3.0; 13 of 13 Annex I Part I (2) properties stated, 6 documents.\n",
      stderr: "",
    });
  });

  it("accepts the minimal declaration (missing facts are not input errors)", async () => {
    const result = await run(["declaration", "validate", "minimal.yaml"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("0 of 13");
  });

  it("exits 2 with located errors on an invalid declaration", async () => {
    writeFileSync(
      join(dir, "bad.yaml"),
      "format: cra-declaration/1\nproduct:\n  name: X\n  verison: '1'\nupdates: { mechanism: sometimes }\n",
    );
    const result = await run(["declaration", "validate", "bad.yaml"], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'bad.yaml:4:3: /product/verison Unknown field "verison" in /product. Did you mean "version"? [unknown-key]\n' +
        'bad.yaml:5:23: /updates/mechanism Expected one of "automatic", "user-initiated", "manual", "none"; got "sometimes". [enum]\n' +
        "bad.yaml: invalid cra-declaration/1 (2 errors).\n",
    );
  });

  it("warns, but still passes, when a certificate names a scheme without a framework catalog", async () => {
    writeFileSync(
      join(dir, "cert.yaml"),
      "format: cra-declaration/1\nproduct: { name: X }\ncertifications:\n  - { scheme: sg-cl, level: '2' }\n  - { scheme: cra }\n",
    );
    const result = await run(["declaration", "validate", "cert.yaml"], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'cert.yaml: warning: /certifications/0/scheme "sg-cl" is not a known framework (did you mean "sg-cls"?); it cannot be recognised.\n',
    );
  });

  it("prints a machine-readable result with --format json", async () => {
    writeFileSync(join(dir, "bad.json"), '{"format": "cra-declaration/1", "product": {"name": "X", "type": 1}}');
    const result = await run(["declaration", "validate", "bad.json", "--format", "json"], dir);
    expect(result.code).toBe(2);
    const body = JSON.parse(result.stdout);
    expect(body.valid).toBe(false);
    expect(body.issues).toEqual([
      expect.objectContaining({ path: "/product/type", constraint: "enum", line: 1, source: "bad.json" }),
    ]);
    const ok = await run(["declaration", "validate", "minimal.yaml", "--format", "json"]);
    expect(JSON.parse(ok.stdout)).toEqual({ valid: true, format: "cra-declaration/1", issues: [] });
  });

  it("exits 2 when the file cannot be read or the format option is unknown", async () => {
    const missing = await run(["declaration", "validate", "nope.yaml"], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.yaml: cannot read the declaration (ENOENT)");
    const badFormat = await run(["declaration", "validate", "minimal.yaml", "--format", "xml"]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain("--format must be text or json");
  });

  it("answers --help with the exit codes and an example", async () => {
    const result = await run(["declaration", "validate", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Exit codes: 0 valid, 2 invalid");
    expect(result.stdout).toContain("cra-assessor declaration validate product.cra.yaml");
  });
});

describe("cra-assessor declaration schema", () => {
  it("prints the JSON Schema of cra-declaration/1", async () => {
    const result = await run(["declaration", "schema"]);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.title).toBe("cra-declaration/1");
    expect(schema.required).toEqual(["format", "product"]);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        "manufacturer",
        "supportPeriod",
        "securityProperties",
        "certifications",
        "etsiIcs",
        "pstiStatementOfCompliance",
      ]),
    );
  });

  it("answers --help with an example", async () => {
    const result = await run(["declaration", "schema", "--help"]);
    expect(result.stdout).toContain("cra-assessor declaration schema > cra-declaration-1.schema.json");
  });
});
