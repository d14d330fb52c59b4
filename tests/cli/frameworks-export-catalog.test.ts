import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

describe("frameworks export <framework>", () => {
  it("writes a CycloneDX 1.6 standard by default and an OSCAL catalog on request", async () => {
    const standard = await runCli(["frameworks", "export", "uk-psti"], { cwd: REPO });
    expect(standard.code).toBe(0);
    const doc = JSON.parse(standard.stdout) as { specVersion: string; definitions: { standards: { name: string }[] } };
    expect(doc.specVersion).toBe("1.6");
    expect(doc.definitions.standards).toHaveLength(1);
    const oscal = await runCli(["frameworks", "export", "cra", "--format", "oscal-catalog"], { cwd: REPO });
    expect(oscal.code).toBe(0);
    expect(JSON.parse(oscal.stdout)).toMatchObject({ catalog: { metadata: { "oscal-version": "1.0.6" } } });
  });

  it("a crosswalk id still exports the crosswalk; a format of the wrong kind or an unknown id is exit 2", async () => {
    const crosswalk = await runCli(["frameworks", "export", "uk-psti--cra", "--format", "csv"], { cwd: REPO });
    expect(crosswalk.code).toBe(0);
    const wrong = await runCli(["frameworks", "export", "cra", "--format", "csv"], { cwd: REPO });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("cyclonedx-standard or oscal-catalog");
    const unknown = await runCli(["frameworks", "export", "nope"], { cwd: REPO });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown crosswalk or framework");
  });
});
