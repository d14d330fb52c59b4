/**
 * SARIF output against the OASIS SARIF 2.1.0 log schema (tests/fixtures/schemas/sarif, errata 01, draft-04), on
 * every run: the sample report, its baseline variant, and the report of every example product pinned in
 * tests/golden. The schema is draft-04 (`id`, not `$id`), which plain ajv 8 does not read; `ajv-draft-04` does.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ajvDraft04 from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import type { AssessmentReport } from "../../src/domain/report.js";
import { renderSarif } from "../../src/reports/sarif.js";
import { sampleReport } from "../fixtures/reports/sample-report.js";

// Both packages are CommonJS with a `default` export, which NodeNext types as the module itself.
const Ajv04 = ajvDraft04.default;
type Ajv04 = InstanceType<typeof Ajv04>;
const addFormats = (await import("ajv-formats")).default as unknown as (ajv: Ajv04) => Ajv04;
const schemaFile = fileURLToPath(new URL("../fixtures/schemas/sarif/sarif-schema-2.1.0.json", import.meta.url));
const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as { id: string };
const validate = addFormats(new Ajv04({ allErrors: true, strict: false })).compile(schema);

const goldenDir = fileURLToPath(new URL("../golden/", import.meta.url));
const examples = readdirSync(goldenDir)
  .filter((file) => file.endsWith(".report.json"))
  .sort();

function errorsOf(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe("SARIF output against the OASIS SARIF 2.1.0 schema", () => {
  it("reads the OASIS schema itself (errata 01, version 2.1.0)", () => {
    expect(schema.id).toBe(
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
    );
  });

  it("the sample report and its baseline variant are valid", () => {
    for (const report of [sampleReport(), sampleReport({ baseline: { gaps: [] } })]) {
      expect(errorsOf(JSON.parse(renderSarif(report)))).toEqual([]);
    }
  });

  it("has example products to check", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples)("%s: its SARIF rendering is valid", (file) => {
    const report = JSON.parse(readFileSync(join(goldenDir, file), "utf8")) as AssessmentReport;
    expect(errorsOf(JSON.parse(renderSarif(report)))).toEqual([]);
  });

  it("the check can fail: a wrong version, a result without a message and a bad level are rejected", () => {
    const log = JSON.parse(renderSarif(sampleReport())) as {
      version: string;
      runs: { results: { message?: unknown; level?: string }[] }[];
    };
    const result = log.runs[0]!.results[0]!;
    delete result.message;
    result.level = "fatal";
    log.version = "2.0.0";
    const errors = errorsOf(log);
    expect(errors.some((e) => e.startsWith("/version "))).toBe(true);
    expect(errors.some((e) => e.startsWith("/runs/0/results/0 ") && e.includes("message"))).toBe(true);
    expect(errors.some((e) => e.startsWith("/runs/0/results/0/level "))).toBe(true);
  });
});
