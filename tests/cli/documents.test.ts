import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const EXAMPLE = "seeds/examples/home-hub-default";

describe("documents generate", () => {
  it("drafts the technical documentation from declaration and SBOM, missing points first, exit 0", async () => {
    const run = await runCli(
      [
        "documents",
        "generate",
        "technical-documentation",
        "--declaration",
        `${EXAMPLE}/declaration.yaml`,
        "--sbom",
        `${EXAMPLE}/sbom.cdx.json`,
        "--as-of",
        "2028-03-15",
      ],
      { cwd: REPO },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# Technical documentation \(Annex VII\)/);
    expect(run.stdout.indexOf("## Still missing")).toBeLessThan(run.stdout.indexOf("## Annex VII, point 1(a)"));
    expect(run.stdout).toContain(`${EXAMPLE}/sbom.cdx.json`);
    expect(run.stderr).toMatch(/technical-documentation: 13 point\(s\)/);
  });

  it("writes printable HTML to a file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cra-docs-"));
    const out = join(dir, "doc.html");
    const run = await runCli(
      [
        "documents",
        "generate",
        "eu-declaration-of-conformity",
        "--declaration",
        `${EXAMPLE}/declaration.yaml`,
        "--format",
        "html",
        "--output",
        out,
      ],
      { cwd: REPO },
    );
    expect(run.code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("<!doctype html>");
    expect(html).toContain("@media print");
    expect(html).not.toMatch(/<(script|link)\b/);
  });

  it("a malformed declaration is exit 2 with its location; an unknown kind is exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cra-docs-"));
    writeFileSync(join(dir, "bad.yaml"), "format: cra-declaration/1\nproduct:\n  name: X\n  type: firmware\n");
    const bad = await runCli(["documents", "generate", "user-information", "--declaration", "bad.yaml"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:4:\d+: \/product\/type/);
    const kind = await runCli(["documents", "generate", "brochure", "--declaration", "bad.yaml"], { cwd: dir });
    expect(kind.code).toBe(2);
    const missing = await runCli(["documents", "generate", "user-information", "--declaration", "nope.yaml"], {
      cwd: dir,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read the declaration");
  });
});
