/**
 * OSCAL assessment results: valid against NIST's OSCAL 1.0.6 assessment-results JSON schema on every example
 * product; each finding targets the control of the same id and keeps the exact status in its props.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { renderOscalAr } from "../../src/reports/oscal-ar.js";
import { type AssessContext, assessProduct, createAssessContext } from "../../src/services/assess.js";
import { sampleReport } from "../fixtures/reports/sample-report.js";

const addFormats = (await import("ajv-formats")).default as unknown as (ajv: Ajv) => Ajv;
const schema = JSON.parse(
  readFileSync(
    fileURLToPath(
      new URL("../fixtures/schemas/oscal/json-schema-1.0.6/oscal_assessment-results_schema.json", import.meta.url),
    ),
    "utf8",
  ),
) as object;
const validate = addFormats(new Ajv({ allErrors: true, strict: false })).compile(schema);

const EXAMPLES = fileURLToPath(new URL("../../seeds/examples/", import.meta.url));
const examples = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(EXAMPLES, e.name, "example.json")))
  .map((e) => e.name)
  .sort();

let ctx: AssessContext;
beforeAll(async () => {
  ctx = await createAssessContext({ frameworks: ["cra"] });
});

interface Ar {
  "assessment-results": {
    results: {
      findings: {
        target: { "target-id": string; status: { state: string; reason: string } };
        props: { name: string; value: string }[];
      }[];
    }[];
  };
}

describe("OSCAL assessment results on every example product", () => {
  for (const name of examples) {
    it(`${name}: valid against the OSCAL 1.0.6 assessment-results schema`, async () => {
      const dir = join(EXAMPLES, name);
      const meta = JSON.parse(readFileSync(join(dir, "example.json"), "utf8")) as { asOf: string };
      const sbomFile = readdirSync(dir).find((f) => f.startsWith("sbom."));
      const outcome = await assessProduct({
        ctx,
        input: {
          // An example without declaration.yaml is assessed from its SBOM alone.
          ...(existsSync(join(dir, "declaration.yaml"))
            ? {
                declaration: {
                  text: readFileSync(join(dir, "declaration.yaml"), "utf8"),
                  fileName: "declaration.yaml",
                },
              }
            : {}),
          ...(sbomFile ? { sbom: { bytes: readFileSync(join(dir, sbomFile)), fileName: sbomFile } } : {}),
          asOf: meta.asOf,
        },
      });
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
      const report = outcome.reports[0]!;
      const doc = JSON.parse(renderOscalAr(report)) as Ar;
      const ok = validate(doc);
      expect(validate.errors?.slice(0, 3) ?? []).toEqual([]);
      expect(ok).toBe(true);
      const statuses = doc["assessment-results"].results[0]!.findings.map(
        (f) => f.props.find((p) => p.name === "status")!.value,
      );
      expect(statuses.sort()).toEqual(report.findings.map((f) => f.status).sort());
    });
  }
});

describe("OSCAL objective states", () => {
  it("a gap is not-satisfied (fail), met is satisfied (pass), needs-review is not-satisfied (other)", () => {
    const report = sampleReport();
    const doc = JSON.parse(renderOscalAr(report)) as Ar;
    const findings = doc["assessment-results"].results[0]!.findings;
    const byStatus = (status: string) =>
      findings.find((f) => f.props.some((p) => p.name === "status" && p.value === status))!.target.status;
    expect(byStatus("gap")).toEqual({ state: "not-satisfied", reason: "fail" });
    expect(byStatus("met")).toEqual({ state: "satisfied", reason: "pass" });
    expect(byStatus("needs-review")).toEqual({ state: "not-satisfied", reason: "other" });
  });

  it("recognition in props and remarks: certificates relied on, the residual, a residual gap fails", () => {
    const doc = JSON.parse(renderOscalAr(sampleReport())) as Ar & {
      "assessment-results": { results: { findings: { title: string; remarks?: string }[] }[] };
    };
    expect(validate(doc)).toBe(true);
    const findings = doc["assessment-results"].results[0]!.findings as unknown as {
      title: string;
      remarks?: string;
      target: { status: { state: string; reason: string } };
      props: { name: string; value: string }[];
    }[];
    const finding = (id: string) => findings.find((f) => f.title.startsWith(`${id}:`))!;
    const props = (id: string, name: string) =>
      finding(id)
        .props.filter((p) => p.name === name)
        .map((p) => p.value);
    expect(props("CRA-AIII-C1-12", "recognized-by")).toEqual(["EUCC substantial EUCC-2027-0042"]);
    expect(props("CRA-AIII-C1-12", "residual")).toEqual([
      "Vulnerability handling (Annex I Part II) is not covered by the certificate.",
    ]);
    expect(props("CRA-AIII-C1-12", "residual-gap")).toEqual(["true"]);
    // The residual is missing evidence, so the objective fails like a gap.
    expect(finding("CRA-AIII-C1-12").target.status).toEqual({ state: "not-satisfied", reason: "fail" });
    expect(finding("CRA-AIII-C1-12").remarks).toContain(
      "Residual gap (missing evidence, counts as a gap for the gate): Vulnerability handling",
    );
    expect(props("CRA-AII-8a", "recognized-by")).toEqual(["ETSI EN 303 645"]);
    expect(props("CRA-AII-8a", "residual-gap")).toEqual([]);
    expect(props("CRA-AI-P1-2b", "held-by-evidence")).toEqual(["uk-psti (PSTI-SoC-2027-7)"]);
    expect(finding("CRA-AI-P1-2b").remarks).toContain("Held by evidence: uk-psti (PSTI-SoC-2027-7)");
  });

  it("the schema check can fail: a finding without a target is rejected", () => {
    const doc = JSON.parse(renderOscalAr(sampleReport())) as {
      "assessment-results": { results: { findings: Record<string, unknown>[] }[] };
    };
    delete doc["assessment-results"].results[0]!.findings[0]!.target;
    expect(validate(doc)).toBe(false);
  });
});
