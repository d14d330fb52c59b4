/**
 * The assess use case as the HTTP service and workers call it: declaration as text or as a parsed value,
 * located issues tagged with their input, one report per framework, deterministic output.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type AssessContext, assessProduct, createAssessContext } from "../../src/services/assess.js";
import { compliantDeclaration, compliantSbom, match } from "./fixtures.js";

const example = (file: string) =>
  fileURLToPath(new URL(`../../seeds/examples/home-hub-default/${file}`, import.meta.url));
const sbomBytes = () => new TextEncoder().encode(JSON.stringify(compliantSbom()));

let ctx: AssessContext;
beforeAll(async () => {
  ctx = await createAssessContext({ frameworks: ["cra"] });
});

describe("assessProduct", () => {
  it("accepts the declaration as text or as a parsed value, with the same findings", async () => {
    const text = readFileSync(example("declaration.yaml"), "utf8");
    const bytes = readFileSync(example("sbom.cdx.json"));
    const fromText = await assessProduct({
      ctx,
      input: { declaration: { text }, sbom: { bytes }, asOf: "2028-03-15" },
    });
    const fromValue = await assessProduct({
      ctx,
      input: { declaration: { value: parse(text) }, sbom: { bytes }, asOf: "2028-03-15" },
    });
    if (!fromText.ok || !fromValue.ok) throw new Error("unexpected input issues");
    // Text input adds the line and column of each declaration fact (for SARIF); otherwise the findings are equal.
    const withoutPositions = (findings: unknown) =>
      JSON.parse(JSON.stringify(findings, (key, value) => (key === "line" || key === "column" ? undefined : value)));
    expect(withoutPositions(fromValue.reports[0]!.findings)).toEqual(withoutPositions(fromText.reports[0]!.findings));
    const signed = fromText.reports[0]!.findings.flatMap((f) => f.evidence).find(
      (e) => e.location === "declaration:/updates/signed",
    );
    expect(signed).toMatchObject({ line: 56, column: 11 }); // `  signed: true` in the example
    expect(fromText.reports[0]!.inputs.declaration?.file).toBeUndefined();
    expect(fromText.verdict).toBe("pass");
    expect(fromText.reports[0]!.inputs.sbom).toMatchObject({ format: "json", specVersion: "1.6", components: 5 });
  });

  it("is deterministic: the same input gives byte-identical reports", async () => {
    const input = { declaration: { value: compliantDeclaration() }, sbom: { bytes: sbomBytes() }, asOf: "2028-03-15" };
    const a = await assessProduct({ ctx, input });
    const b = await assessProduct({ ctx, input });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it("tags issues with the input they are in and reports both inputs at once", async () => {
    const outcome = await assessProduct({
      ctx,
      input: {
        declaration: { value: { format: "cra-declaration/1", product: { name: 42 } } },
        sbom: { bytes: new TextEncoder().encode('{"bomFormat":"CycloneDX","specVersion":"9.9"}') },
        asOf: "2028-13-01",
        frameworks: ["cra", "no-such-framework"],
      },
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const sources = new Set(outcome.issues.map((i) => i.source));
    expect(sources).toEqual(new Set(["options", "declaration", "sbom"]));
    expect(outcome.issues.find((i) => i.source === "declaration")?.path).toBe("/product/name");
  });

  it("uses advisory matches: a KEV-listed exploitable match fails the gate as critical", async () => {
    const outcome = await assessProduct({
      ctx,
      input: {
        declaration: { value: compliantDeclaration() },
        sbom: { bytes: sbomBytes() },
        asOf: "2028-03-15",
        vulnerabilityMatches: [match({ knownExploited: true })],
        failOn: "critical",
      },
    });
    if (!outcome.ok) throw new Error("unexpected input issues");
    expect(outcome.verdict).toBe("fail");
    const p12a = outcome.reports[0]!.findings.find((f) => f.requirement === "CRA-AI-P1-2a");
    expect(p12a).toMatchObject({ status: "gap", severity: "critical", components: ["openssl"] });
  });

  it("refuses hostile input without throwing: deep nesting and a huge declaration string", async () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const outcome = await assessProduct({
      ctx,
      input: { declaration: { text: deep }, sbom: { bytes: new TextEncoder().encode(deep) }, asOf: "2028-03-15" },
    });
    expect(outcome.ok).toBe(false);
    const decl = compliantDeclaration();
    decl.product.intendedPurpose = "x".repeat(2_000_000);
    const big = await assessProduct({ ctx, input: { declaration: { value: decl }, asOf: "2028-03-15" } });
    // Valid but long: it is assessed, and the report quotes a bounded excerpt, not two megabytes per finding.
    if (!big.ok) throw new Error("a long but valid declaration is not an input error");
    const json = JSON.stringify(big.reports[0]);
    expect(json.length).toBeLessThan(300_000);
    expect(json).toContain("(2000000 characters)");
  });
});

describe("concurrent assessments on one context", () => {
  it("give the same reports as one at a time", async () => {
    const inputs = ["shared-default", "unique-per-device", "none", "user-set-at-first-use"].map((credentials) => {
      const d = compliantDeclaration();
      d.defaults.credentials = credentials;
      return { declaration: { value: d }, sbom: { bytes: sbomBytes() }, asOf: "2028-03-15" };
    });
    const sequential = [];
    for (const input of inputs) sequential.push(await assessProduct({ ctx, input }));
    const parallel = await Promise.all(inputs.map((input) => assessProduct({ ctx, input })));
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(sequential));
  });
});
