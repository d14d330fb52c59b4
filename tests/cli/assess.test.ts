/**
 * CLI scenarios for `cra-assessor assess`: stdout, stderr and exit codes (0 pass, 1 gate failed, 2 invalid
 * input, 3 internal fault), on the example products and on hostile input.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EX = (name: string, file: string) => join(ROOT, "seeds/examples", name, file);
const work = mkdtempSync(join(tmpdir(), "cra-assess-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCli(["assess", ...args], { cwd: work });
  return { code, out: stdout, err: stderr };
}

const hub = [
  "--sbom",
  EX("home-hub-default", "sbom.cdx.json"),
  "--declaration",
  EX("home-hub-default", "declaration.yaml"),
];
const router = [
  "--sbom",
  EX("router-class-i", "sbom.cdx.xml"),
  "--declaration",
  EX("router-class-i", "declaration.yaml"),
];

describe("cra-assessor assess", () => {
  it("--help describes the options and gives examples", async () => {
    const { code, out } = await run("--help");
    expect(code).toBe(0);
    expect(out).toMatch(/--declaration <file>/);
    expect(out).toMatch(/--fail-on <severity>/);
    expect(out).toMatch(/Examples:\n\s+\$ cra-assessor assess --sbom/);
    expect(out).toMatch(/Exit codes: 0 pass, 1 gate failed, 2 invalid input/);
  });

  it("passes a compliant product with exit 0 and prints a JSON report", async () => {
    const { code, out, err } = await run(...hub, "--as-of", "2028-03-15");
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ schemaVersion: "cra-assessor-report/1", verdict: "pass", asOf: "2028-03-15" });
    expect(report.findings.length).toBe(report.summary.total);
    expect(err).toMatch(/cra: verdict pass/);
  });

  it("fails the gate with exit 1 on high gaps, and passes with --fail-on never", async () => {
    const failed = await run(...router, "--as-of", "2028-03-15", "--format", "md");
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/CRA-A32/);
    expect(failed.err).toMatch(/verdict fail \(fail-on high\)/);
    const never = await run(...router, "--as-of", "2028-03-15", "--fail-on", "never", "--format", "md");
    expect(never.code).toBe(0);
  });

  it("before the law applies, gaps are info and the gate passes; --as-of the application date gates them", async () => {
    const early = await run(...router, "--as-of", "2026-08-01");
    expect(early.code).toBe(0);
    const report = JSON.parse(early.out);
    const p12b = report.findings.find((f: { requirement: string }) => f.requirement === "CRA-AI-P1-2b");
    expect(p12b).toMatchObject({ status: "gap", severity: "info" });
    // Art. 14 applies from 2026-09-11, but only to products on the market: the router is first placed on
    // 2028-02-01, so in 2026 there is nothing to report and its Art. 14 finding is not applicable.
    const art14 = await run(...router, "--as-of", "2026-11-27");
    expect(art14.code).toBe(0);
    const a14 = JSON.parse(art14.out).findings.find((f: { requirement: string }) => f.requirement === "CRA-A14");
    expect(a14).toMatchObject({ status: "not-applicable", severity: "info" });
    expect(a14.message).toMatch(/^Not yet on the market on 2026-11-27/);
    expect((await run(...router, "--as-of", "2027-12-11")).code).toBe(1);
  });

  it("assesses without an SBOM: Annex I Part II (1) is a gap", async () => {
    const { code, out } = await run(
      "--declaration",
      EX("home-hub-default", "declaration.yaml"),
      "--as-of",
      "2028-03-15",
    );
    expect(code).toBe(1);
    const finding = JSON.parse(out).findings.find((f: { requirement: string }) => f.requirement === "CRA-AI-P2-1");
    expect(finding).toMatchObject({ status: "gap", severity: "high" });
  });

  it("writes the report to --output in the requested format", async () => {
    const target = join(work, "cra.sarif");
    const { code, out } = await run(...hub, "--as-of", "2028-03-15", "--format", "sarif", "--output", target);
    expect(code).toBe(0);
    expect(out).toBe("");
    const sarif = JSON.parse(readFileSync(target, "utf8"));
    expect(sarif.version).toBe("2.1.0");
  });

  it("gives one report per framework from the same inputs (--framework)", async () => {
    const both = await run(...hub, "--as-of", "2028-03-15", "--framework", "cra,ntia-sbom-2021");
    expect(both.code).toBe(0);
    const reports = JSON.parse(both.out) as { framework: { id: string } }[];
    expect(reports.map((r) => r.framework.id)).toEqual(["cra", "ntia-sbom-2021"]);
    const target = join(work, "multi.sarif");
    const files = await run(
      ...hub,
      "--as-of",
      "2028-03-15",
      "--framework",
      "cra,ntia-sbom-2021",
      "--format",
      "sarif",
      "--output",
      target,
    );
    expect(files.code).toBe(0);
    expect(JSON.parse(readFileSync(join(work, "multi.cra.sarif"), "utf8")).version).toBe("2.1.0");
    expect(JSON.parse(readFileSync(join(work, "multi.ntia-sbom-2021.sarif"), "utf8")).version).toBe("2.1.0");
    const stdoutSarif = await run(...hub, "--framework", "cra,ntia-sbom-2021", "--format", "sarif");
    expect(stdoutSarif.code).toBe(2);
  });

  it("fails only on new gaps against a --baseline", async () => {
    const baseline = join(work, "baseline.json");
    const first = await run(...router, "--as-of", "2028-03-15", "--output", baseline);
    expect(first.code).toBe(1);
    const again = await run(...router, "--as-of", "2028-03-15", "--baseline", baseline);
    expect(again.code).toBe(0);
    // The same product now also misses its CVD policy: that gap is new.
    const worse = join(work, "router-worse.yaml");
    writeFileSync(
      worse,
      readFileSync(EX("router-class-i", "declaration.yaml"), "utf8").replace(
        "  cvdPolicyUrl: https://netgate.example/security\n",
        "",
      ),
    );
    const regressed = await run(
      "--sbom",
      EX("router-class-i", "sbom.cdx.xml"),
      "--declaration",
      worse,
      "--as-of",
      "2028-03-15",
      "--baseline",
      baseline,
    );
    expect(regressed.code).toBe(1);
  });

  it("turns a gap into a waived finding with --waivers until the waiver expires", async () => {
    const decl = join(work, "hub-no-cvd.yaml");
    writeFileSync(
      decl,
      readFileSync(EX("home-hub-default", "declaration.yaml"), "utf8").replace(
        "  cvdPolicyUrl: https://acme.example/security/cvd\n",
        "",
      ),
    );
    const waivers = join(work, "waivers.yaml");
    const waiver = (req: string) =>
      `  - { requirement: ${req}, justification: "Policy in legal review, JIRA-7", approver: "J. Doe, PSIRT lead", expires: 2028-06-30 }\n`;
    writeFileSync(
      waivers,
      `format: cra-waivers/1\nwaivers:\n${["CRA-AI-P2-5", "CRA-AII-2", "CRA-AVII-2b"].map(waiver).join("")}`,
    );
    const args = ["--sbom", EX("home-hub-default", "sbom.cdx.json"), "--declaration", decl, "--waivers", waivers];
    expect((await run(...args, "--as-of", "2028-03-15")).code).toBe(1 - 1);
    const expired = await run(...args, "--as-of", "2028-07-01");
    expect(expired.code).toBe(1);
    const waived = JSON.parse((await run(...args, "--as-of", "2028-03-15")).out).findings.filter(
      (f: { status: string }) => f.status === "waived",
    );
    expect(waived.map((f: { requirement: string }) => f.requirement).sort()).toEqual([
      "CRA-AI-P2-5",
      "CRA-AII-2",
      "CRA-AVII-2b",
    ]);
  });

  describe("invalid input exits 2 with located errors", () => {
    it("a declaration with a wrong type names file, line and pointer", async () => {
      const bad = join(work, "bad.yaml");
      writeFileSync(bad, "format: cra-declaration/1\nproduct:\n  name: Hub\n  placedOnMarket: next spring\n");
      const { code, err, out } = await run("--declaration", bad, "--as-of", "2028-03-15");
      expect(code).toBe(2);
      expect(out).toBe("");
      expect(err).toMatch(/bad\.yaml:4:\d+: \/product\/placedOnMarket /);
    });

    it("a malformed SBOM is reported against the SBOM file", async () => {
      const bad = join(work, "bad.cdx.json");
      writeFileSync(bad, '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":3}]}');
      const { code, err } = await run("--sbom", bad, "--declaration", EX("home-hub-default", "declaration.yaml"));
      expect(code).toBe(2);
      expect(err).toContain("bad.cdx.json");
    });

    it("reports every broken input of one run together", async () => {
      const badDecl = join(work, "array.json");
      writeFileSync(badDecl, "[1, 2, 3]");
      const badSbom = join(work, "not-json.cdx.json");
      writeFileSync(badSbom, "{ this is not json");
      const { code, err } = await run("--sbom", badSbom, "--declaration", badDecl);
      expect(code).toBe(2);
      expect(err).toContain("array.json");
      expect(err).toContain("not-json.cdx.json");
    });

    it("missing files, bad dates, unknown frameworks and bad options", async () => {
      expect((await run("--declaration", join(work, "nope.yaml"))).code).toBe(2);
      expect((await run(...hub, "--as-of", "2028-02-30")).code).toBe(2);
      const unknown = await run(...hub, "--framework", "cra,../../etc");
      expect(unknown.code).toBe(2);
      expect(unknown.err).toMatch(/no rule set for "\.\.\/\.\.\/etc"/);
      expect((await run(...hub, "--format", "pdf")).code).toBe(2);
      expect((await run(...hub, "--fail-on", "sometimes")).code).toBe(2);
      // --declaration may be left out with --sbom; leaving out both is invalid.
      expect((await run("--as-of", "2028-03-15")).code).toBe(2);
      const unwritable = await run(...hub, "--output", join(work, "no-such-dir", "report.json"));
      expect(unwritable.code).toBe(2);
      expect(unwritable.err).toMatch(/--output: cannot write .*ENOENT/);
    });

    it("a malformed waivers file or baseline is invalid input, not a crash", async () => {
      const waivers = join(work, "bad-waivers.yaml");
      writeFileSync(
        waivers,
        "format: cra-waivers/1\nwaivers:\n  - { requirement: CRA-NOPE, justification: x, approver: y, expires: 2028-01-01 }\n",
      );
      const w = await run(...hub, "--waivers", waivers);
      expect(w.code).toBe(2);
      expect(w.err).toMatch(/CRA-NOPE/);
      const baseline = join(work, "bad-baseline.json");
      writeFileSync(baseline, '{"schemaVersion":"something-else","findings":[]}');
      expect((await run(...hub, "--baseline", baseline)).code).toBe(2);
    });
  });
});

describe("cra-assessor assess --sbom without --declaration", () => {
  const gateway = ["--sbom", EX("sbom-only-gateway", "sbom.cdx.json"), "--as-of", "2028-06-01"];

  it("assesses the SBOM alone: the exploitable SBOM record fails the gate, and the summary says SBOM only", async () => {
    const { code, out, err } = await run(...gateway);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.inputs.declaration).toBeUndefined();
    expect(report.notes[0]).toMatch(/^No declaration given/);
    expect(report.findings.find((f: { requirement: string }) => f.requirement === "CRA-AI-P1-2a")).toMatchObject({
      status: "gap",
    });
    expect(err).toMatch(/cra: verdict fail .*; no declaration given, SBOM only/);
  });

  it("says so at the top of a Markdown report", async () => {
    const { out } = await run(...gateway, "--format", "md");
    expect(out.split("### ")[0]).toMatch(/No declaration given/);
  });

  it("refuses a run with neither --declaration nor --sbom (exit 2, one line)", async () => {
    const { code, err } = await run("--as-of", "2028-06-01");
    expect(code).toBe(2);
    expect(err).toMatch(/give --declaration, --sbom, or both/);
  });

  it("--help explains what an SBOM alone is assessed for", async () => {
    const { out } = await run("--help");
    expect(out).toMatch(/Without the declaration, only what the SBOM/);
  });
});
