/**
 * Every framework `frameworks list` names can be assessed: `assess --framework ID` on the home-hub example exits 0
 * or 1 with a report of that framework. Levels (`--level`) narrow a levelled framework to its requirements at that
 * level; an unknown level is an input error that lists the valid ones.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { AssessmentReport } from "../../src/domain/report.js";
import { runCli } from "./run-cli.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const HUB = ["--declaration", "seeds/examples/home-hub-default/declaration.yaml"];
const HUB_SBOM = ["--sbom", "seeds/examples/home-hub-default/sbom.cdx.json"];
const AS_OF = ["--as-of", "2028-03-15"];

const cli = (...args: string[]) => runCli(args, { cwd: ROOT });

async function frameworkIds(): Promise<string[]> {
  const { code, stdout } = await cli("frameworks", "list", "--format", "json");
  expect(code).toBe(0);
  return (JSON.parse(stdout) as { id: string }[]).map((f) => f.id);
}

describe("assess --framework ID for every listed framework", () => {
  it("lists the fifteen catalogs, each assessable", async () => {
    const { stdout } = await cli("frameworks", "list", "--format", "json");
    const rows = JSON.parse(stdout) as { id: string; assessable: boolean }[];
    expect(rows.map((r) => r.id)).toEqual([
      "au-smart-devices",
      "bsi-tr-03183-2@2.0",
      "bsi-tr-03183-2@2.1",
      "cisa-sbom-2026",
      "cra",
      "de-bsi-it-security-label",
      "etsi-en-303-645@2.1.1",
      "etsi-en-303-645@3.1.3",
      "fi-traficom-label",
      "jp-jc-star",
      "kr-iot-cic",
      "nist-ir-8425",
      "ntia-sbom-2021",
      "sg-cls",
      "uk-psti",
    ]);
    expect(rows.filter((r) => !r.assessable)).toEqual([]);
  });

  it("gives a report with exit 0 or 1 for each, with and without the SBOM", async () => {
    for (const id of await frameworkIds()) {
      for (const sbom of [HUB_SBOM, []]) {
        const { code, stdout, stderr } = await cli("assess", ...HUB, ...sbom, ...AS_OF, "--framework", id);
        expect([0, 1], `${id}: ${stderr}`).toContain(code);
        const report = JSON.parse(stdout) as AssessmentReport;
        expect(report.framework.id).toBe(id);
        expect(report.findings.length, id).toBeGreaterThan(0);
        // Every catalog entry has a rule of its own: where evidence cannot decide, the rule says what to look at.
        const unruled = report.findings.filter((f) => f.message.startsWith("manual review (no automated check)"));
        expect(
          unruled.map((f) => f.requirement),
          id,
        ).toEqual([]);
        expect(stderr).toContain(`cra-assessor: ${id}: verdict ${report.verdict}`);
      }
    }
  });
});

describe("assess --level", () => {
  it("assesses sg-cls at L1 on the five provisions of the L1 profile only, and names the level", async () => {
    const { stdout } = await cli("assess", ...HUB, ...HUB_SBOM, ...AS_OF, "--framework", "sg-cls", "--level", "L1");
    const report = JSON.parse(stdout) as AssessmentReport;
    expect(report.framework.level).toBe("L1");
    // The L1 profile assumed in the sg-cls catalog (an analyst assumption): 5.1-1, 5.1-2, 5.2-1, 5.3-13 plus the update mechanism.
    expect(report.findings.map((f) => f.requirement).sort()).toEqual([
      "SGCLS-ETSI-5.1-1",
      "SGCLS-ETSI-5.1-2",
      "SGCLS-ETSI-5.2-1",
      "SGCLS-ETSI-5.3-13",
      "SGCLS-ETSI-5.3-2",
    ]);
    expect(report.notes.join(" ")).toContain("Assessed at level L1: 5 of the catalog's 39 requirements");
    // Every CLS entry rests on an unverified level assignment: the mark stays on the findings.
    expect(report.findings.every((f) => f.verified === false)).toBe(true);
  });

  it("adds Security-by-Design and binary analysis at L3 and penetration testing only at L4", async () => {
    const at = async (level: string) => {
      const { stdout } = await cli("assess", ...HUB, ...HUB_SBOM, ...AS_OF, "--framework", "sg-cls", "--level", level);
      return (JSON.parse(stdout) as AssessmentReport).findings.map((f) => f.requirement);
    };
    const l2 = await at("L2");
    const l3 = await at("level 3");
    const l4 = await at("l4");
    expect(l2).not.toContain("SGCLS-SBD");
    expect(l3.filter((id) => !l2.includes(id)).sort()).toEqual(["SGCLS-BA", "SGCLS-SBD"]);
    expect(l4.filter((id) => !l3.includes(id))).toEqual(["SGCLS-PT"]);
    expect(l2).toHaveLength(36);
  });

  it("picks levels per framework with id=level pairs", async () => {
    const { stdout } = await cli(
      "assess",
      ...HUB,
      ...HUB_SBOM,
      ...AS_OF,
      "--framework",
      "cra,sg-cls,kr-iot-cic",
      "--level",
      "sg-cls=L2,kr-iot-cic=basic",
    );
    const reports = JSON.parse(stdout) as AssessmentReport[];
    expect(reports.map((r) => [r.framework.id, r.framework.level ?? null])).toEqual([
      ["cra", null],
      ["sg-cls", "L2"],
      ["kr-iot-cic", "basic"],
    ]);
  });

  it("assesses JC-STAR at its only level without being asked", async () => {
    const { stdout } = await cli("assess", ...HUB, ...HUB_SBOM, ...AS_OF, "--framework", "jp-jc-star");
    expect((JSON.parse(stdout) as AssessmentReport).framework.level).toBe("star-1");
  });

  it("refuses an unknown level with exit 2, listing the valid ones", async () => {
    const { code, stdout, stderr } = await cli(
      "assess",
      ...HUB,
      ...AS_OF,
      "--framework",
      "kr-iot-cic",
      "--level",
      "premium",
    );
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('"premium" is not a level of kr-iot-cic; valid levels: lite, basic, standard.');
  });

  it("refuses a level for a run without levelled frameworks", async () => {
    const { code, stderr } = await cli("assess", ...HUB, ...AS_OF, "--framework", "cra", "--level", "L2");
    expect(code).toBe(2);
    expect(stderr).toContain("No framework of this run has levels");
    expect(stderr).toContain("sg-cls (L1, L2, L3, L4)");
  });
});
