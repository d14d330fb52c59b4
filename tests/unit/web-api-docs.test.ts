import { describe, expect, it } from "vitest";
import { diffLines } from "../../src/http/web/line-diff.js";
import { exampleOf, resolveRefs } from "../../src/http/web/pages/api-docs.js";

describe("API reference page helpers", () => {
  const components = {
    Product: {
      type: "object",
      properties: { id: { type: "string", example: "prd_1" }, owner: { $ref: "#/components/schemas/Org" } },
    },
    Org: { type: "object", properties: { slug: { type: "string" }, parent: { $ref: "#/components/schemas/Org" } } },
  };

  it("resolves $ref in place and keeps a self-reference as a reference", () => {
    expect(resolveRefs({ $ref: "#/components/schemas/Product" }, components)).toEqual({
      title: "Product",
      type: "object",
      properties: {
        id: { type: "string", example: "prd_1" },
        owner: {
          title: "Org",
          type: "object",
          properties: { slug: { type: "string" }, parent: { $ref: "#/components/schemas/Org" } },
        },
      },
    });
  });

  it("builds an example from examples, enums, formats and types", () => {
    expect(
      exampleOf({
        type: "object",
        properties: {
          id: { type: "string", example: "prd_1" },
          role: { type: "string", enum: ["manufacturer", "ci"] },
          asOf: { type: "string", format: "date" },
          limit: { type: "integer", minimum: 1 },
          tags: { type: "array", items: { type: "string" } },
          ok: { type: "boolean" },
        },
      }),
    ).toEqual({ id: "prd_1", role: "manufacturer", asOf: "2028-03-15", limit: 1, tags: ["string"], ok: true });
  });
});

describe("declaration line diff", () => {
  it("keeps common lines and marks the changed one as removed then added", () => {
    expect(diffLines("a\nb\nc", "a\nB\nc")).toEqual([
      { kind: "same", text: "a" },
      { kind: "del", text: "b" },
      { kind: "add", text: "B" },
      { kind: "same", text: "c" },
    ]);
    expect(diffLines("", "x")).toEqual([
      { kind: "del", text: "" },
      { kind: "add", text: "x" },
    ]);
  });
});
