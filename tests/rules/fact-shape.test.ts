/**
 * The fact shapes the loader checks rule paths against: every path a real assessment's facts hold is one the
 * shapes accept (the descriptors are typed from the fact types; this also catches a builder that adds a field
 * behind a cast), and the declaration's shape follows its zod schema.
 */
import { describe, expect, it } from "vitest";
import { declarationSchema } from "../../src/declaration/schema.js";
import { factShape, pathProblem, shapeOfSchema } from "../../src/rules/fact-shape.js";
import { FACT_NAMES } from "../../src/rules/facts.js";
import { factsFor, match } from "./fixtures.js";

/**
 * Every path to a value in `value`, dotted; list items by index. Keys with a dot (ETSI provision ids in the
 * declaration) no dotted path can address; rules read those answers re-keyed, through `partner`.
 */
function leafPaths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [prefix];
  const entries = Object.entries(value as Record<string, unknown>).filter(([key]) => !key.includes("."));
  if (entries.length === 0) return [prefix];
  return entries.flatMap(([key, item]) => leafPaths(item, prefix === "" ? key : `${prefix}.${key}`));
}

describe("fact shapes", () => {
  it("accept every path of a full assessment's facts", () => {
    const facts = factsFor({
      decl: (d) => {
        d.product.lastPlacedOnMarket = "2028-06-01";
        d.etsiIcs = {
          version: "3.1.3",
          provisions: { "5.1-1": { answer: "yes", evidence: ["doc-2a"] }, "5.3-4A": { answer: "no" } },
        };
        d.certifications = [{ scheme: "sg-cls", level: "2", validUntil: "2030-01-01" }];
        d.vulnerabilityHandling.securityTesting = [{ kind: "fuzzing", date: "2028-01-10" }];
      },
      matches: [match(), match({ component: "zlib", knownExploited: true, knownSince: "2029-01-01" })],
    }) as unknown as Record<string, unknown>;
    const problems: string[] = [];
    for (const fact of FACT_NAMES) {
      const paths = leafPaths(facts[fact]);
      expect(paths.length, fact).toBeGreaterThan(3);
      for (const path of paths) {
        const problem = pathProblem(factShape(fact), path, fact);
        if (problem) problems.push(problem);
      }
    }
    expect(problems).toEqual([]);
  });

  it("follow the declaration schema: a field added to it is a path, a field it lacks is not", () => {
    const shape = shapeOfSchema(declarationSchema);
    expect(pathProblem(shape, "product.lastPlacedOnMarket", "declaration")).toBeUndefined();
    expect(pathProblem(shape, "documentation.standardsApplied.0.covers.2", "declaration")).toBeUndefined();
    expect(pathProblem(shape, "reporting.coordinatorCsirt", "declaration")).toBeUndefined();
    expect(pathProblem(shape, "product.placedOnMarketDate", "declaration")).toContain(
      'declaration.product has no field "placedOnMarketDate"',
    );
    expect(pathProblem(shape, "documentation.standardsApplied.covers", "declaration")).toContain("is a list");
  });
});
