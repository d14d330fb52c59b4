/** A fault of the program (not of the file) ends `sbom validate` with exit code 3, after the other files. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runCli } from "./run-cli.js";

vi.mock("../../src/sbom/validate.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/sbom/validate.js")>();
  return {
    ...original,
    validateSbomBytes: (bytes: Uint8Array, options?: Parameters<typeof original.validateSbomBytes>[1]) => {
      if (new TextDecoder().decode(bytes).includes("trigger-fault")) throw new Error("simulated validator fault");
      return original.validateSbomBytes(bytes, options);
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), "cra-sbom-fault-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("cra-assessor sbom validate on an internal fault", () => {
  it("reports the fault for that file, still checks the others, and exits 3", async () => {
    writeFileSync(
      join(dir, "fault.json"),
      '{"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"trigger-fault"}',
    );
    writeFileSync(join(dir, "bad.json"), '{"bomFormat":"CycloneDX","specVersion":"9.9"}');
    const { code, stdout, stderr } = await runCli(["sbom", "validate", "fault.json", "bad.json"], { cwd: dir });
    expect(code).toBe(3);
    expect(stderr).toBe("fault.json: internal error while validating: simulated validator fault\n");
    expect(stdout).toContain("bad.json: invalid CycloneDX 9.9 JSON (1 error)");
    expect(stdout).toContain("0 of 2 files valid, 1 not checked (internal error).");

    const json = await runCli(["sbom", "validate", "--format", "json", "fault.json", "bad.json"], { cwd: dir });
    expect(json.code).toBe(3);
    const [fault, bad] = json.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(fault).toEqual({ file: "fault.json", valid: null, internalError: "simulated validator fault" });
    expect(bad).toMatchObject({ file: "bad.json", valid: false });
  });
});
