/**
 * One evidence set, many verdicts: `cra-assessor assess --framework cra,uk-psti,etsi-en-303-645@3.1.3,…` gives one
 * report per framework from the same declaration and SBOM.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { AssessmentReport } from "../../src/domain/report.js";
import { runCli } from "./run-cli.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE = (path: string) => join(ROOT, "tests/fixtures", path);
const work = mkdtempSync(join(tmpdir(), "cra-assess-partner-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const FRAMEWORKS = ["cra", "uk-psti", "etsi-en-303-645@3.1.3", "nist-ir-8425", "bsi-tr-03183-2@2.1", "ntia-sbom-2021"];

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCli(["assess", ...args], { cwd: work });
  return { code, out: stdout, err: stderr };
}

const evidence = (declaration: string) => [
  "--declaration",
  FIXTURE(`declarations/${declaration}`),
  "--sbom",
  FIXTURE("sboms/partner-bsi-complete.cdx.json"),
  "--as-of",
  "2028-03-01",
];

describe("cra-assessor assess --framework (partner frameworks)", () => {
  it("prints one JSON report per framework, in the order asked, from one declaration and one SBOM", async () => {
    const { code, out, err } = await run(...evidence("partner-home-hub.yaml"), "--framework", FRAMEWORKS.join(","));
    const reports = JSON.parse(out) as AssessmentReport[];
    expect(reports.map((r) => r.framework.id)).toEqual(FRAMEWORKS);
    // The partner reports all pass on the fully evidenced fixture.
    for (const report of reports.slice(1)) {
      expect(report.verdict, report.framework.id).toBe("pass");
      expect(report.summary.byStatus.gap, report.framework.id).toBe(0);
    }
    // Each partner report carries its framework's caveats (src/rules/partner-scopes.ts); the CRA report does not.
    const notes = (id: string) => reports.find((r) => r.framework.id === id)!.notes.join(" ");
    expect(notes("uk-psti")).toContain("Schedule 3 exceptions");
    expect(notes("nist-ir-8425")).toContain("operationally stalled");
    expect(notes("bsi-tr-03183-2@2.1")).toContain("v2.1.0");
    expect(notes("ntia-sbom-2021")).toContain("replaced by CISA's 2026 Minimum Elements");
    expect(notes("cra")).not.toContain("Schedule 3");
    // Same inputs, hashed once.
    expect(new Set(reports.map((r) => r.inputs.declaration?.sha256)).size).toBe(1);
    expect(new Set(reports.map((r) => r.inputs.sbom?.sha256)).size).toBe(1);
    for (const id of FRAMEWORKS) expect(err).toContain(`cra-assessor: ${id}: verdict`);
    expect(code).toBe(reports.every((r) => r.verdict === "pass") ? 0 : 1);
  });

  it("fails the gate on the partner laws the minimal declaration does not meet, and writes one file per framework", async () => {
    const { code, err } = await run(
      "--declaration",
      FIXTURE("declarations/minimal.yaml"),
      "--as-of",
      "2028-03-01",
      "--framework",
      "uk-psti,etsi-en-303-645@3.1.3,nist-ir-8425",
      "--format",
      "md",
      "--output",
      "report.md",
    );
    expect(code).toBe(1);
    expect(err).toMatch(/uk-psti: verdict fail/);
    expect(err).toMatch(/etsi-en-303-645@3\.1\.3: verdict fail/);
    // NIST IR 8425 gaps are guidance (medium): they do not fail the default --fail-on high gate.
    expect(err).toMatch(/nist-ir-8425: verdict pass/);
    const psti = readFileSync(join(work, "report.uk-psti.md"), "utf8");
    expect(psti).toContain("UKPSTI-S1-1.2");
    expect(readFileSync(join(work, "report.nist-ir-8425.md"), "utf8")).toContain("IR8425-AI-1");
  });

  it("refuses an unknown framework id as invalid input (exit 2)", async () => {
    const { code, err } = await run(...evidence("acme-home-hub.yaml"), "--framework", "cra,uk-psti,no-such-framework");
    expect(code).toBe(2);
    expect(err).toMatch(/no rule set for "no-such-framework"/);
  });
});
