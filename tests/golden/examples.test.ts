/**
 * Golden reports of the example products in seeds/examples: each example's JSON and Markdown reports are pinned
 * in tests/golden/. Regenerate after an intended change with `UPDATE_GOLDEN=1 npx vitest run tests/golden` and
 * review the diff like code.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { renderReport } from "../../src/reports/index.js";
import { type AssessContext, assessProduct, createAssessContext } from "../../src/services/assess.js";

const EXAMPLES = fileURLToPath(new URL("../../seeds/examples/", import.meta.url));
const GOLDEN = fileURLToPath(new URL("./", import.meta.url));
const update = process.env.UPDATE_GOLDEN === "1";

interface ExampleMeta {
  title: string;
  class: string;
  asOf: string;
  expectedVerdict: "pass" | "fail";
}

const examples = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(EXAMPLES, e.name, "example.json")))
  .map((e) => e.name)
  .sort();

let ctx: AssessContext;
beforeAll(async () => {
  ctx = await createAssessContext({ frameworks: ["cra"] });
});

function compareGolden(file: string, actual: string): void {
  const path = join(GOLDEN, file);
  if (update || !existsSync(path)) {
    if (!update) throw new Error(`missing golden file ${file}; run with UPDATE_GOLDEN=1`);
    writeFileSync(path, actual);
    return;
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}

describe("example products", () => {
  it("has at least eight examples covering default, class I, class II and critical products", () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    const classes = new Set(
      examples.map(
        (name) => (JSON.parse(readFileSync(join(EXAMPLES, name, "example.json"), "utf8")) as ExampleMeta).class,
      ),
    );
    expect([...classes]).toEqual(expect.arrayContaining(["class-I", "class-II", "critical", "default"]));
  });

  for (const name of examples) {
    it(`${name}: report matches its golden files`, async () => {
      const dir = join(EXAMPLES, name);
      const meta = JSON.parse(readFileSync(join(dir, "example.json"), "utf8")) as ExampleMeta;
      const sbomFile = readdirSync(dir).find((f) => f.startsWith("sbom."))!;
      // An example without declaration.yaml is assessed from its SBOM alone.
      const declared = existsSync(join(dir, "declaration.yaml"));
      const outcome = await assessProduct({
        ctx,
        input: {
          ...(declared
            ? {
                declaration: {
                  text: readFileSync(join(dir, "declaration.yaml"), "utf8"),
                  fileName: "declaration.yaml",
                },
              }
            : {}),
          sbom: { bytes: readFileSync(join(dir, sbomFile)), fileName: sbomFile },
          asOf: meta.asOf,
        },
      });
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues, null, 2));
      const [report] = outcome.reports;
      expect(report!.verdict).toBe(meta.expectedVerdict);
      compareGolden(`${name}.report.json`, renderReport(report!, "json"));
      compareGolden(`${name}.report.md`, renderReport(report!, "md"));
    });
  }
});
