/**
 * Every framework, both directions: the reverse comparison from a product's evidence (`frameworks compare cra
 * sg-cls --product …`), the counts of `frameworks list`, `mra list` naming only catalogued schemes, `mra simulate
 * --format html`, partner report headings, and the HTML comparison tables.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compareFrameworks } from "../../src/crosswalk/compare.js";
import { comparisonToHtml } from "../../src/crosswalk/render.js";
import { seedRecognitionData } from "../../src/crosswalk/seeds.js";
import type { AssessmentReport } from "../../src/domain/report.js";
import type { EvidenceComparison } from "../../src/services/compare-with-evidence.js";
import { runCli } from "./run-cli.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const cli = (...args: string[]) => runCli(args, { cwd: ROOT });
const HUB = "seeds/examples/home-hub-default";
const PRODUCT = ["--product", `${HUB}/declaration.yaml`, "--sbom", `${HUB}/sbom.cdx.json`, "--as-of", "2028-03-15"];

describe("frameworks compare FROM TO --product (what a label asks beyond the CRA)", () => {
  it("answers each CLS L1 requirement from the home hub's evidence, beside the CRA relation and finding", async () => {
    const { code, stdout } = await cli(
      "frameworks",
      "compare",
      "cra",
      "sg-cls",
      ...PRODUCT,
      "--level",
      "L1",
      "--format",
      "json",
    );
    expect(code).toBe(0);
    const c = JSON.parse(stdout) as EvidenceComparison & { format: string };
    expect(c.format).toBe("cra-assessor-evidence-comparison/1");
    expect(c.to).toMatchObject({ framework: "sg-cls", level: "L1", verdict: "fail" });
    expect(c.from).toMatchObject({ framework: "cra", verdict: "pass" });
    const row = (id: string) => c.rows.find((r) => r.requirement === id)!;
    expect(c.rows.map((r) => r.requirement).sort()).toEqual([
      "SGCLS-ETSI-5.1-1",
      "SGCLS-ETSI-5.1-2",
      "SGCLS-ETSI-5.2-1",
      "SGCLS-ETSI-5.3-13",
      "SGCLS-ETSI-5.3-2",
    ]);
    // The hub declares no reporter timelines: ETSI 5.2-1 asks for acknowledgement and status-update timelines.
    expect(row("SGCLS-ETSI-5.2-1").status).toBe("gap");
    // Without an ICS, nothing shows that per-device passwords resist class-wide attacks (5.1-2).
    expect(row("SGCLS-ETSI-5.1-2").status).toBe("gap");
    // Unique per-device credentials meet 5.1-1; the crosswalk relates it to CRA (2)(b) and (2)(d).
    expect(row("SGCLS-ETSI-5.1-1").status).toBe("met");
    expect(row("SGCLS-ETSI-5.1-1").links.map((l) => l.requirement)).toEqual(
      expect.arrayContaining(["CRA-AI-P1-2b", "CRA-AI-P1-2d"]),
    );
    // Each CRA requirement named carries the CRA finding on the same evidence.
    expect(row("SGCLS-ETSI-5.1-1").links.every((l) => l.status !== undefined)).toBe(true);
    expect(c.summary).toMatchObject({ total: 5, missing: 2, toReview: 0 });
    expect(c.rows.every((r) => r.verified === false)).toBe(true);
  });

  it("prints Markdown with the gaps first and what to do", async () => {
    const { code, stdout } = await cli("frameworks", "compare", "cra", "jp-jc-star", ...PRODUCT);
    expect(code).toBe(0);
    expect(stdout).toContain("# What jp-jc-star (level star-1) asks beyond cra: Acme Home Hub");
    const table = stdout.split("\n").filter((l) => l.startsWith("| JCSTAR-"));
    expect(table).toHaveLength(16);
    expect(table[0]).toMatch(/\| gap \(medium\) \|/);
    expect(stdout).toContain("**To do:**");
  });

  it("writes HTML with the relation rendered as emphasis, not asterisks", async () => {
    const { stdout } = await cli(
      "frameworks",
      "compare",
      "cra",
      "sg-cls",
      ...PRODUCT,
      "--level",
      "L1",
      "--format",
      "html",
    );
    expect(stdout).toMatch(/^<!doctype html>/);
    expect(stdout).toContain("<em>superset-of</em>");
    expect(stdout).not.toMatch(/\*superset-of\*/);
  });

  it("refuses a framework without a rule set or an unknown level, and a format it cannot write", async () => {
    const unknown = await cli("frameworks", "compare", "cra", "xx-label", ...PRODUCT);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No rule set for "xx-label"');
    const level = await cli("frameworks", "compare", "cra", "sg-cls", ...PRODUCT, "--level", "L7");
    expect(level.code).toBe(2);
    expect(level.stderr).toContain('"L7" is not a level of sg-cls; valid levels: L1, L2, L3, L4.');
    const csv = await cli("frameworks", "compare", "cra", "sg-cls", ...PRODUCT, "--format", "csv");
    expect(csv.code).toBe(2);
  });

  it("reads a lone --level as the target's when only the target has levels, without --product too", async () => {
    const { code, stdout } = await cli("frameworks", "compare", "cra", "sg-cls", "--level", "L2", "--format", "json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).to).toEqual({ framework: "sg-cls", level: "L2" });
  });
});

describe("frameworks list", () => {
  it("explains why the CRA has 105 entries, 78 findings and 61 comparison targets", async () => {
    const { stdout } = await cli("frameworks", "list");
    const cra = stdout.split("\n").find((l) => l.startsWith("cra "))!;
    expect(cra.split(/\s+/).slice(0, 5)).toEqual(["cra", "105", "78", "61", "yes"]);
    expect(stdout).toContain("L1 (5), L2 (36), L3 (38), L4 (39)");
    expect(stdout).toContain("27 product-class entries");
    expect(stdout).toContain("Annex VII documentation items");
  });

  it("gives the counts in JSON", async () => {
    const rows = JSON.parse((await cli("frameworks", "list", "--format", "json")).stdout) as {
      id: string;
      entries: number;
      findings: number;
      comparisonTargets: number;
      findingsByLevel: Record<string, number>;
    }[];
    expect(rows.find((r) => r.id === "cra")).toMatchObject({ entries: 105, findings: 78, comparisonTargets: 61 });
    expect(rows.find((r) => r.id === "kr-iot-cic")?.findingsByLevel).toEqual({ lite: 7, basic: 7, standard: 7 });
  });
});

describe("mra", () => {
  it("list names only frameworks that have a catalog", async () => {
    const list = await cli("frameworks", "list", "--format", "json");
    const known = new Set((JSON.parse(list.stdout) as { id: string }[]).map((f) => f.id));
    const { stdout } = await cli("mra", "list");
    const named = [...stdout.matchAll(/(?:recognises|simplifies): (\S+).*→ (\S+)/g)].flatMap((m) => [m[1]!, m[2]!]);
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((id) => !known.has(id))).toEqual([]);
    expect(stdout).toContain("recognises: fi-traficom-label → sg-cls L3");
  });

  it("simulate writes a self-contained HTML page", async () => {
    const { code, stdout } = await cli(
      "mra",
      "simulate",
      "--arrangement",
      "seeds/arrangements/drafts/eu-sg-cls-draft.yaml",
      "--products",
      "seeds/examples/partner-cls-l2-camera",
      "--as-of",
      "2028-06-01",
      "--format",
      "html",
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^<!doctype html>/);
    expect(stdout).toContain("<h1>What draft eu-sg-cls-draft would change</h1>");
    expect(stdout).toContain("<h2>Per requirement</h2>");
    expect(stdout).not.toMatch(/<script/i);
  });
});

describe("partner report headings", () => {
  const assess = (framework: string, format: string) =>
    cli(
      "assess",
      "--declaration",
      `${HUB}/declaration.yaml`,
      "--as-of",
      "2028-03-15",
      "--framework",
      framework,
      "--format",
      format,
      "--fail-on",
      "never",
    );

  it("name the partner framework in Markdown and HTML, never 'CRA assessment'", async () => {
    const md = (await assess("uk-psti", "md")).stdout;
    expect(md.split("\n")[0]).toMatch(/^## (✅|❌) UK Product Security .* assessment (passed|failed): Acme Home Hub/);
    expect(md).not.toContain("CRA assessment");
    const html = (await assess("sg-cls", "html")).stdout;
    expect(html).toContain(
      "<h1>Singapore Cybersecurity Labelling Scheme for consumer IoT, CLS(IoT) assessment report</h1>",
    );
    expect(html).not.toContain("CRA assessment");
  });

  it("keep 'CRA assessment' for the CRA report", async () => {
    expect((await assess("cra", "md")).stdout.split("\n")[0]).toMatch(/CRA assessment (passed|failed)/);
    const report = JSON.parse((await assess("cra", "json")).stdout) as AssessmentReport;
    expect(report.framework.level).toBeUndefined();
  });
});

describe("HTML comparison tables", () => {
  it("render Markdown emphasis and say a shared residual sentence once", () => {
    const data = seedRecognitionData();
    const result = compareFrameworks(data, { from: "kr-iot-cic", to: "cra" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const html = comparisonToHtml(result.value);
    expect(html).toContain("<em>intersects-with</em>");
    expect(html).not.toMatch(/\*intersects-with\*/);
    // (2)(j) is reached from three CIC areas whose residuals all say the item criteria were not retrieved.
    const row = html.split("\n").find((l) => l.includes("<td>CRA-AI-P1-2j"))!;
    expect(row.match(/Item-level criteria not retrieved/g)).toHaveLength(1);
  });
});
