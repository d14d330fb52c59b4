/**
 * The error-merging rewrite (src/sbom/ajv-code.ts) edits the text of the code ajv generates. If an ajv upgrade
 * changes that text, the rewrite silently stops applying and validation of a document with many errors turns
 * quadratic again: these tests fail first.
 */
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { appendErrorsInPlace, CONCAT_ERRORS } from "../../src/sbom/ajv-code.js";

/** A schema with what the CycloneDX schemas have: a `$ref` and a custom keyword, validated with allErrors. */
const schema = {
  $id: "https://example.test/list",
  type: "array",
  items: { $ref: "#/definitions/item" },
  definitions: { item: { type: "object", required: ["name"], properties: { name: { type: "string", check: true } } } },
};

function generatedCode(process?: (code: string) => string): { code: string; ajv: Ajv } {
  let code = "";
  const ajv = new Ajv({
    allErrors: true,
    code: {
      source: true,
      process: (text) => {
        code += text;
        return process ? process(text) : text;
      },
    },
  });
  ajv.addKeyword({
    keyword: "check",
    errors: true,
    validate: Object.assign((_schema: unknown, data: unknown) => data !== "bad", { errors: [] }),
  });
  ajv.compile(schema);
  return { code, ajv };
}

describe("the rewrite of ajv's generated error merging", () => {
  it("finds the concat it replaces in the code this ajv version generates", () => {
    const { code } = generatedCode();
    const sites = code.match(CONCAT_ERRORS) ?? [];
    expect(sites.length).toBeGreaterThanOrEqual(2); // the $ref call and the custom keyword
    // Every merge of a callee's errors goes through the pattern: none is left copying after the rewrite.
    const rewritten = appendErrorsInPlace(code);
    expect(rewritten).not.toMatch(/vErrors\.concat\(/);
    expect(rewritten.match(/for \(const e of [\w$.]+\.errors\) vErrors\.push\(e\);/g)).toHaveLength(sites.length);
  });

  it("reports the same errors with and without the rewrite", () => {
    const data = [{ name: "bad" }, {}, { name: 3 }, { name: "bad" }, { name: "ok" }];
    const plain = generatedCode().ajv.getSchema("https://example.test/list")!;
    const fast = generatedCode(appendErrorsInPlace).ajv.getSchema("https://example.test/list")!;
    expect(plain(data)).toBe(false);
    expect(fast(data)).toBe(false);
    const shape = (errors: typeof plain.errors) => errors?.map((e) => [e.instancePath, e.keyword]);
    expect(shape(fast.errors)).toEqual(shape(plain.errors));
    expect(shape(fast.errors)).toEqual([
      ["/0/name", "check"],
      ["/1", "required"],
      ["/2/name", "type"],
      ["/3/name", "check"],
    ]);
  });
});
