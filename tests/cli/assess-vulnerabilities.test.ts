/**
 * Known vulnerabilities in the CRA report: `assess --advisories` lists every match with
 * component, advisory id and aliases, severity, VEX state, fixed versions and the KEV flag; the Annex I Part I
 * (2)(a) finding points at the list; Part II (2) flags fixes left unapplied beyond the assessor-policy threshold.
 */

import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import type { AssessmentReport } from "../../src/domain/report.js";
import { assessProduct, createAssessContext } from "../../src/services/assess.js";
import { matchSbomBytesAgainstFiles } from "../../src/services/match-vulnerabilities.js";
import { productSbom } from "../fixtures/advisories/product-sbom.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const declaration = join(fixtures, "declarations", "acme-home-hub.yaml");
const advisories = [join(fixtures, "advisories", "osv"), join(fixtures, "advisories", "kev.json")];
const validateReport = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(fileURLToPath(new URL("../../docs/report.schema.json", import.meta.url)), "utf8")),
);

// The parser is KEV-listed with no VEX; the PyPI tool has a justified not_affected statement in the SBOM; zlib
// matches nothing. The fixture advisories were published in 2099, so assessment dates are in 2099 too.
const sbomBytes = productSbom(
  [
    { ref: "tools", name: "acme-tools", version: "1.9.3", purl: "pkg:pypi/acme-tools@1.9.3" },
    { ref: "parser", name: "@acme/parser", version: "1.4.1", purl: "pkg:npm/%40acme/parser@1.4.1" },
    { ref: "zlib", name: "zlib", version: "1.3.1", purl: "pkg:generic/zlib@1.3.1" },
  ],
  [
    {
      id: "CVE-2099-0002",
      affects: [{ ref: "tools" }],
      analysis: { state: "not_affected", justification: "code_not_reachable" },
    },
  ],
);

let dir: string;
let sbom: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cra-assess-vulns-"));
  sbom = join(dir, "bom.json");
  await writeFile(sbom, sbomBytes);
});

async function assess(asOf: string, format: string, extra: string[] = [], sbomFile = sbom) {
  let out = "";
  let err = "";
  const io: CliIo = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    isTTY: false,
    cwd: dir,
    env: {},
  };
  const code = await main(
    [
      "assess",
      "--sbom",
      sbomFile,
      "--declaration",
      declaration,
      "--as-of",
      asOf,
      "--format",
      format,
      "--fail-on",
      "never",
      ...extra,
    ],
    io,
  );
  return { code, out, err };
}

describe("assess --advisories: the report lists known vulnerabilities", () => {
  it("lists each match with ids, aliases, severity, VEX state, fixed versions and KEV, sorted", async () => {
    const { code, out } = await assess("2099-06-01", "json", ["--advisories", ...advisories]);
    expect(code).toBe(0);
    const report = JSON.parse(out) as AssessmentReport;
    expect(validateReport(report)).toBe(true);
    const list = report.vulnerabilities!;
    expect(list.map((v) => `${v.component} ${v.advisoryId}`)).toEqual(["parser CVE-2099-0001", "tools CVE-2099-0002"]);
    expect(list[0]).toMatchObject({
      componentName: "@acme/parser",
      componentVersion: "1.4.1",
      aliases: ["GHSA-7x2q-9f3v-wq4m"],
      // KEV-listed: actively exploited, so critical whatever the advisory said (MODERATE).
      severity: "critical",
      knownExploited: true,
      exploitable: true,
      fixedVersions: ["1.4.2", "2.1.0"],
    });
    expect(list[0]!.vex).toBeUndefined();
    expect(list[1]).toMatchObject({
      aliases: ["GHSA-p3pp-acme-tool", "PYSEC-2099-2"],
      knownExploited: false,
      exploitable: false,
      vex: { state: "not_affected", justification: "code_not_reachable", source: "sbom:/vulnerabilities/0" },
      fixedVersions: ["1.9.4", "2.0rc1"],
    });
    // JSON key order: the list comes after the findings, before the notes.
    const keys = Object.keys(JSON.parse(out) as object);
    expect(keys.indexOf("vulnerabilities")).toBe(keys.indexOf("notes") - 1);
  });

  it("points the Annex I Part I (2)(a) findings at the list, with counts", async () => {
    const { out } = await assess("2099-06-01", "json", ["--advisories", ...advisories]);
    const report = JSON.parse(out) as AssessmentReport;
    const p12a = report.findings.filter((f) => f.requirement === "CRA-AI-P1-2a");
    expect(p12a.length).toBeGreaterThan(0);
    for (const finding of p12a) {
      expect(finding.evidence).toContainEqual({
        fact: "vulnerabilities",
        value: { matched: 2, exploitable: 1, knownExploited: 1 },
        location: "report:/vulnerabilities",
      });
    }
    expect(p12a.some((f) => f.status === "gap" && f.severity === "critical")).toBe(true);
  });

  it("renders the list as a table in Markdown and HTML, and leaves it out without advisory data", async () => {
    const md = (await assess("2099-06-01", "md", ["--advisories", ...advisories])).out;
    expect(md).toContain("### Known vulnerabilities (2, 1 exploitable)");
    expect(md).toContain("| Component | Advisory | Aliases | Severity | VEX | Fixed in | KEV |");
    expect(md).toContain(
      "| `@acme/parser@1.4.1` | `CVE-2099-0001` | `GHSA-7x2q-9f3v-wq4m` | critical | none, exploitable | `1.4.2`, `2.1.0` | ⚠️ yes |",
    );
    expect(md).toContain("`not_affected` (`code_not_reachable`), not exploitable");
    const html = (await assess("2099-06-01", "html", ["--advisories", ...advisories])).out;
    expect(html).toContain('<h2 id="vulnerabilities">Known vulnerabilities (2, 1 exploitable)</h2>');
    expect(html).toContain('<span class="badge block">KEV</span>');
    const without = await assess("2099-06-01", "json");
    const plain = JSON.parse(without.out) as AssessmentReport;
    expect(plain.vulnerabilities).toBeUndefined();
    expect((await assess("2099-06-01", "md")).out).not.toContain("Known vulnerabilities");
  });

  it("an empty match still shows that advisory data was checked", async () => {
    const clean = join(dir, "clean.json");
    await writeFile(
      clean,
      productSbom([{ ref: "zlib", name: "zlib", version: "1.3.1", purl: "pkg:generic/zlib@1.3.1" }]),
    );
    const { code, out } = await assess("2099-06-01", "json", ["--advisories", ...advisories], clean);
    expect(code).toBe(0);
    expect((JSON.parse(out) as AssessmentReport).vulnerabilities).toEqual([]);
  });
});

describe("Annex I Part II (2): fixes left unapplied (assessor policy)", () => {
  const p22 = (report: AssessmentReport) =>
    report.findings.find((f) => f.requirement === "CRA-AI-P2-2" && f.rules.includes("CRA-P2-2-FIX-OVERDUE"))!;

  it("is a medium assessor-policy gap once a fix has been available for more than 30 days", async () => {
    const report = JSON.parse((await assess("2099-06-01", "json", ["--advisories", ...advisories])).out);
    const finding = p22(report as AssessmentReport);
    expect(finding).toMatchObject({ status: "gap", severity: "medium", sourceKind: "assessor-policy" });
    expect(finding.message).toContain("more than 30 days");
    expect(finding.message).toContain("assessor policy");
    // Only the exploitable parser counts; the tool is excused by its VEX statement.
    expect(finding.components).toEqual(["parser"]);
  });

  const overdueCount = (finding: { evidence: { fact: string; value: unknown }[] }) =>
    finding.evidence.find((e) => e.fact === "advisories.fixOverdue.count")?.value;

  it("is not a gap while the fix is younger than the threshold", async () => {
    // The fix of CVE-2099-0001 was published on 2099-01-10: 20 days later is within the 30-day threshold. The
    // requirement then rests on the remediation records a person reviews.
    const report = JSON.parse((await assess("2099-01-30", "json", ["--advisories", ...advisories])).out);
    const finding = p22(report as AssessmentReport);
    expect(finding.status).toBe("needs-review");
    expect(overdueCount(finding)).toBe(0);
  });

  it("takes the threshold from --fix-overdue-days, and refuses a value that is not whole days", async () => {
    const strict = JSON.parse(
      (await assess("2099-01-30", "json", ["--advisories", ...advisories, "--fix-overdue-days", "7"])).out,
    ) as AssessmentReport;
    expect(p22(strict)).toMatchObject({ status: "gap", sourceKind: "assessor-policy" });
    expect(p22(strict).message).toContain("more than 7 days");
    for (const bad of ["-3", "2.5", "a week", "1e3"]) {
      const run = await assess("2099-06-01", "json", ["--fix-overdue-days", bad]);
      expect(run.code, bad).toBe(2);
      expect(run.err, bad).toContain("--fix-overdue-days");
      expect(run.out, bad).toBe("");
    }
  });

  it("follows the configured threshold (FactPolicy.fixOverdueDays)", async () => {
    const matched = await matchSbomBytesAgainstFiles({ input: { sbomBytes, paths: advisories } });
    expect(matched.issues).toEqual([]);
    const text = readFileSync(declaration, "utf8");
    const run = async (fixOverdueDays: number) => {
      const ctx = await createAssessContext({ frameworks: ["cra"], policy: { fixOverdueDays } });
      const outcome = await assessProduct({
        ctx,
        input: {
          declaration: { text },
          sbom: { bytes: sbomBytes },
          asOf: "2099-06-01",
          vulnerabilityMatches: matched.matches!,
        },
      });
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
      return p22(outcome.reports[0]!);
    };
    // 142 days after the fix: over a 90-day threshold, under a 365-day one.
    const strict = await run(90);
    expect(strict.status).toBe("gap");
    expect(strict.message).toContain("more than 90 days");
    const lenient = await run(365);
    expect(lenient.status).toBe("needs-review");
    expect(overdueCount(lenient)).toBe(0);
  });
});
