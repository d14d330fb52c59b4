import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parseSize } from "../../src/cli/commands/sbom.js";
import { runCli } from "./run-cli.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const corpus = fileURLToPath(new URL("../fixtures/cyclonedx-spec/", import.meta.url));

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(args, { cwd });
}

const dir = mkdtempSync(join(tmpdir(), "cra-sbom-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const product = {
  bomFormat: "CycloneDX",
  specVersion: "1.6",
  serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  version: 1,
  metadata: {
    timestamp: "2025-06-01T00:00:00Z",
    authors: [{ name: "Jane Builder" }],
    component: {
      type: "firmware",
      name: "hub-firmware",
      version: "2.3.0",
      "bom-ref": "fw",
      purl: "pkg:generic/acme/hub-firmware@2.3.0",
    },
    supplier: { name: "Acme GmbH", url: ["https://acme.example"] },
  },
  components: [
    {
      type: "library",
      name: "zlib",
      version: "1.3.1",
      "bom-ref": "zlib",
      purl: "pkg:generic/zlib@1.3.1",
      supplier: { name: "zlib" },
    },
    { type: "library", name: "nameless-thing", "bom-ref": "thing" },
  ],
  dependencies: [{ ref: "fw", dependsOn: ["zlib", "thing"] }],
};
writeFileSync(join(dir, "product.cdx.json"), JSON.stringify(product, null, 2));
writeFileSync(
  join(dir, "broken.cdx.json"),
  JSON.stringify({ ...product, components: [{ type: "gadget", name: "x" }, { type: "library" }] }, null, 2),
);
writeFileSync(join(dir, "truncated.cdx.json"), JSON.stringify(product, null, 2).slice(0, 200));

describe("cra-assessor sbom validate", () => {
  it("exits 0 and says what it read when the file is valid", async () => {
    expect(await run(["sbom", "validate", "product.cdx.json"], dir)).toEqual({
      code: 0,
      stdout: "product.cdx.json: valid CycloneDX 1.6 JSON, 2 components\n",
      stderr: "",
    });
  });

  it("exits 2 and prints every error with its location", async () => {
    const result = await run(["sbom", "validate", "broken.cdx.json"], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(
      "broken.cdx.json: invalid CycloneDX 1.6 JSON (4 errors)\n" +
        '  at /components/0/type: "gadget" is not an allowed value here; use one of: "application", "framework", "library", "container", "platform", "operating-system", "device", "device-driver", "firmware", "file", "machine-learning-model", "data", "cryptographic-asset" [enum]\n' +
        '  at /components/1: missing required property "name" [required]\n' +
        '  at /dependencies/0/dependsOn/0: "zlib" is not the bom-ref of any component or service in this BOM; fix the reference or add the missing component [dangling-ref]\n' +
        '  at /dependencies/0/dependsOn/1: "thing" is not the bom-ref of any component or service in this BOM; fix the reference or add the missing component [dangling-ref]\n',
    );
  });

  it("prints warnings under a valid file without failing it", async () => {
    writeFileSync(join(dir, "bom-mark.cdx.json"), `\ufeff${JSON.stringify(product)}`);
    const result = await run(["sbom", "validate", "bom-mark.cdx.json"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      "bom-mark.cdx.json: valid CycloneDX 1.6 JSON, 2 components\n" +
        "  warning: line 1, column 1: the file starts with a UTF-8 byte order mark; RFC 8259 §8.1 says JSON must not, and some tools will refuse it (read anyway) [byte-order-mark]\n",
    );
  });

  it("gives the line and column of a syntax error", async () => {
    const result = await run(["sbom", "validate", "truncated.cdx.json"], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^ {2}line \d+, column \d+: invalid JSON: .*truncated/m);
  });

  it("validates many files in one run, XML too, and sums up", async () => {
    const result = await run(
      [
        "sbom",
        "validate",
        "product.cdx.json",
        "broken.cdx.json",
        join(corpus, "1.7/valid-bom-1.7.xml"),
        join(corpus, "1.5/invalid-component-type-1.5.xml"),
      ],
      dir,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`${join(corpus, "1.7/valid-bom-1.7.xml")}: valid CycloneDX 1.7 XML`);
    expect(result.stdout).toMatch(
      /invalid-component-type-1\.5\.xml: invalid CycloneDX 1\.5 XML \(1 error\)\n {2}line \d+, column \d+: /,
    );
    expect(result.stdout.endsWith("2 of 4 files valid.\n")).toBe(true);
  });

  it("validates SPDX JSON, YAML and tag-value, and locates SPDX errors", async () => {
    const spec = fileURLToPath(new URL("../fixtures/spdx/examples/spdx-spec-2.3/", import.meta.url));
    writeFileSync(
      join(dir, "ghost.spdx.json"),
      JSON.stringify({
        spdxVersion: "SPDX-2.3",
        dataLicense: "CC0-1.0",
        SPDXID: "SPDXRef-DOCUMENT",
        name: "x",
        documentNamespace: "https://example.com/x",
        creationInfo: { created: "2026-01-01T00:00:00Z", creators: ["Tool: x-1"] },
        relationships: [
          { spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: "SPDXRef-ghost" },
        ],
      }),
    );
    const result = await run(
      [
        "sbom",
        "validate",
        join(spec, "SPDXJSONExample-v2.3.spdx.json"),
        join(spec, "SPDXYAMLExample-2.3.spdx.yaml"),
        join(spec, "SPDXTagExample-v2.3.spdx"),
        "ghost.spdx.json",
      ],
      dir,
    );
    expect(result.code).toBe(2);
    // 4 packages and 5 files, two of them described (no single root): 9 components.
    expect(result.stdout).toContain("SPDXJSONExample-v2.3.spdx.json: valid SPDX 2.3 JSON, 9 components\n");
    expect(result.stdout).toContain("SPDXYAMLExample-2.3.spdx.yaml: valid SPDX 2.3 YAML, 9 components\n");
    expect(result.stdout).toContain("SPDXTagExample-v2.3.spdx: valid SPDX 2.3 tag-value, 9 components\n");
    expect(result.stdout).toContain(
      "ghost.spdx.json: invalid SPDX 2.3 JSON (1 error)\n  at /relationships/0/relatedSpdxElement: ",
    );
  });

  it("validates SPDX 3.0.0 and 3.0.1, and reads a lone SPDX 3 element with a warning that it names no product", async () => {
    const spdx = fileURLToPath(new URL("../fixtures/spdx/", import.meta.url));
    const result = await run(
      [
        "sbom",
        "validate",
        join(spdx, "own/acme-gateway-3.0.0.spdx3.json"),
        join(spdx, "own/acme-gateway-3.0.1.spdx3.json"),
        join(spdx, "examples/spdx-3-model/package1.json"),
      ],
      dir,
    );
    expect(result.code).toBe(0);
    // Four packages and a file; the firmware package is the root: four components.
    expect(result.stdout).toContain("acme-gateway-3.0.0.spdx3.json: valid SPDX 3.0.0 JSON, 4 components\n");
    expect(result.stdout).toContain("acme-gateway-3.0.1.spdx3.json: valid SPDX 3.0.1 JSON, 4 components\n");
    expect(result.stdout).toContain(
      "package1.json: valid SPDX 3.0.0 JSON, 1 component\n  warning: at /type: this is a single SPDX 3 element",
    );
  });

  it("prints one JSON object per line per file with --format json", async () => {
    const result = await run(
      ["sbom", "validate", "--format", "json", "product.cdx.json", "broken.cdx.json", "missing.json"],
      dir,
    );
    expect(result.code).toBe(2);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    const [valid, invalid, missing] = lines.map((line) => JSON.parse(line));
    expect(valid).toEqual({
      file: "product.cdx.json",
      valid: true,
      standard: "CycloneDX",
      format: "json",
      specVersion: "1.6",
      components: 2,
      errors: [],
      omittedErrors: 0,
      warnings: [],
    });
    expect(invalid).toMatchObject({
      file: "broken.cdx.json",
      valid: false,
      format: "json",
      specVersion: "1.6",
      components: null,
    });
    expect(invalid.errors).toHaveLength(4);
    expect(invalid.errors[0]).toEqual({
      path: "/components/0/type",
      constraint: "enum",
      message: expect.stringContaining('"gadget"'),
    });
    expect(missing).toMatchObject({
      file: "missing.json",
      valid: false,
      format: null,
      errors: [{ constraint: "file" }],
    });
  });

  it("refuses a file over --max-size before reading it", async () => {
    const result = await run(["sbom", "validate", "--max-size", "100B", "product.cdx.json"], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("over the size limit of 100 bytes;");
    expect((await run(["sbom", "validate", "--max-size", "1MiB", "product.cdx.json"], dir)).code).toBe(0);
  });

  it("reads sizes in SI and IEC units", () => {
    expect(parseSize("200MB")).toBe(200_000_000);
    expect(parseSize("1.5GiB")).toBe(1.5 * 1024 ** 3);
    expect(parseSize("64 kib")).toBe(65_536);
    expect(parseSize("5000000")).toBe(5_000_000);
    expect(() => parseSize("0")).toThrow("at least 1 byte");
    expect(() => parseSize("12 parsecs")).toThrow("expected a size");
  });

  it("rejects a malformed --max-size or --format as a usage error", async () => {
    const size = await run(["sbom", "validate", "--max-size", "lots", "product.cdx.json"], dir);
    expect(size.code).toBe(2);
    expect(size.stderr).toContain("expected a size such as 200MB");
    const format = await run(["sbom", "validate", "--format", "yaml", "product.cdx.json"], dir);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('expected "text" or "json"');
  });

  it("explains itself with --help, with examples", async () => {
    const result = await run(["sbom", "validate", "--help"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--max-size <size>");
    expect(result.stdout).toContain("Exit codes: 0 every file valid, 2 at least one invalid, 3 internal fault.");
    expect(result.stdout).toContain("cra-assessor sbom validate bom.cdx.json");
  });
});

describe("cra-assessor sbom inspect", () => {
  it("prints the product, the document facts and the quality facts", async () => {
    const result = await run(["sbom", "inspect", "product.cdx.json"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^product\.cdx\.json: CycloneDX 1\.6 JSON, sha256 [0-9a-f]{64}\n/);
    expect(result.stdout).toContain("Product        hub-firmware 2.3.0\n");
    expect(result.stdout).toContain("Authors        Jane Builder\n");
    expect(result.stdout).toContain("Timestamp      2025-06-01T00:00:00Z\n");
    expect(result.stdout).toContain("NTIA minimum elements\n");
    expect(result.stdout).toContain("  without version: 1 of 2 (thing)\n");
    expect(result.stdout).toContain("  without unique identifier (purl, CPE or SWID): 1 of 2 (thing)\n");
    expect(result.stdout).toContain("BSI TR-03183-2 v2.1\n");
    expect(result.stdout).toContain("BSI TR-03183-2 v2.0 (where it differs)\n");
    expect(result.stdout).toContain("  duplicate bom-refs: none\n");
  });

  it("prints summary and quality facts as JSON", async () => {
    const result = await run(["sbom", "inspect", "product.cdx.json", "--format", "json"], dir);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      file: "product.cdx.json",
      valid: true,
      format: "json",
      specVersion: "1.6",
      summary: { product: { name: "hub-firmware", version: "2.3.0" }, counts: { components: 2 } },
      quality: { componentCount: 2, ntia: { missingVersion: { count: 1, refs: ["thing"] } } },
    });
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads XML the same way", async () => {
    const result = await run(["sbom", "inspect", join(corpus, "1.6/valid-metadata-author-1.6.xml")], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("CycloneDX 1.6 XML");
  });

  it("reads SPDX tag-value and names standard, version and serialisation", async () => {
    const example = fileURLToPath(
      new URL("../fixtures/spdx/examples/spdx-examples/software/example1/spdx2.2/example1.spdx", import.meta.url),
    );
    const result = await run(["sbom", "inspect", example], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("SPDX 2.2 tag-value, sha256 ");
    // The document DESCRIBES one package, "hello", and lists three files.
    expect(result.stdout).toContain("Product        hello\n");
    expect(result.stdout).toContain("Contents       3 components, 0 services");
    // SPDX names its component references SPDX identifiers, not bom-refs.
    expect(result.stdout).toContain("  duplicate SPDX identifiers: none\n");
    expect(result.stdout).not.toContain("bom-ref");
  });

  it("exits 2 with the located errors when the SBOM is invalid", async () => {
    const result = await run(["sbom", "inspect", "broken.cdx.json"], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('  at /components/1: missing required property "name" [required]');
  });

  it("shows the facts of a document that parses but breaks its schema, marked invalid, and still exits 2", async () => {
    const result = await run(["sbom", "inspect", "broken.cdx.json"], dir);
    expect(result.code).toBe(2);
    // The errors first, then the facts under a plain warning.
    const errors = result.stdout.indexOf("invalid CycloneDX 1.6 JSON (4 errors)");
    const marker = result.stdout.indexOf("INVALID DOCUMENT: the facts below are what the document says");
    expect(errors).toBeGreaterThanOrEqual(0);
    expect(marker).toBeGreaterThan(errors);
    expect(result.stdout).toMatch(/broken\.cdx\.json: CycloneDX 1\.6 \(INVALID\) JSON, sha256 [0-9a-f]{64}\n/);
    expect(result.stdout).toContain("Product        hub-firmware 2.3.0\n");
    // Two components, neither with a version or an identifier; the unnamed one counts as without a name.
    expect(result.stdout).toContain("Contents       2 components, 0 services");
    expect(result.stdout).toContain("  without version: 2 of 2");
  });

  it("gives the same as JSON: valid false, the errors, and the facts flagged as those of an invalid document", async () => {
    const result = await run(["sbom", "inspect", "broken.cdx.json", "--format", "json"], dir);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      file: "broken.cdx.json",
      valid: false,
      specVersion: "1.6",
      qualityOfInvalidDocument: true,
      summary: { product: { name: "hub-firmware" }, counts: { components: 2 } },
      quality: { componentCount: 2, ntia: { missingVersion: { count: 2 } } },
    });
    expect(report.errors.length).toBe(4);
  });

  it("has no facts to show for a document that does not parse", async () => {
    const result = await run(["sbom", "inspect", "truncated.cdx.json", "--format", "json"], dir);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.valid).toBe(false);
    expect(report.quality).toBeUndefined();
    expect(report.qualityOfInvalidDocument).toBeUndefined();
  });

  it("leaves sbom validate and assess refusing the same document with exit 2", async () => {
    const validate = await run(["sbom", "validate", "broken.cdx.json"], dir);
    expect(validate.code).toBe(2);
    expect(validate.stdout).not.toContain("INVALID DOCUMENT");
    const declaration = fileURLToPath(new URL("../fixtures/declarations/acme-home-hub.yaml", import.meta.url));
    const assess = await run(["assess", "--sbom", "broken.cdx.json", "--declaration", declaration], dir);
    expect(assess.code).toBe(2);
    expect(assess.stdout).not.toContain("INVALID DOCUMENT");
  });
});

describe("the real bin", () => {
  it("runs as a process with the documented exit codes", () => {
    const bin = join(repo, "bin/cra-assessor.js");
    const ok = spawnSync(
      process.execPath,
      [bin, "sbom", "validate", "--format", "json", join(dir, "product.cdx.json")],
      {
        encoding: "utf8",
      },
    );
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, components: 2 });
    const bad = spawnSync(process.execPath, [bin, "sbom", "validate", join(dir, "broken.cdx.json")], {
      encoding: "utf8",
    });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toContain("invalid CycloneDX 1.6 JSON (4 errors)");
  });
});
