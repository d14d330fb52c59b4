/**
 * A JSON SBOM that repeats a member name is refused as malformed by `sbom validate` and `assess`: exit 2, the
 * repeat located by JSON pointer, line and column.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "cra-sbom-dupkeys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two readers of this BOM can list different components: JSON.parse keeps the last list (one component), a
// reader keeping the first sees two.
const text = `{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "version": 1,
  "components": [
    { "type": "library", "name": "openssl", "version": "1.1.1k" },
    { "type": "library", "name": "zlib", "version": "1.2.11" }
  ],
  "components": [
    { "type": "library", "name": "zlib", "version": "1.3.1" }
  ]
}
`;
writeFileSync(join(dir, "twice.cdx.json"), text);

const located =
  '  line 9, column 3: duplicate member name "components" in the top-level object; ' +
  "the first is at line 5, column 3. JSON readers disagree about a repeated name (some keep the first value, some the last), " +
  "so the document has no single meaning: write each name once [duplicate-key]\n";

describe("a JSON SBOM with a repeated member name", () => {
  it("sbom validate exits 2 with the repeat located", async () => {
    const result = await runCli(["sbom", "validate", "twice.cdx.json"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(`twice.cdx.json: invalid CycloneDX JSON document (1 error)\n${located}`);
  });

  it("assess exits 2 too", async () => {
    const declaration = fileURLToPath(new URL("../fixtures/declarations/acme-home-hub.yaml", import.meta.url));
    const result = await runCli(["assess", "--sbom", "twice.cdx.json", "--declaration", declaration], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain('duplicate member name "components" in the top-level object');
  });
});
