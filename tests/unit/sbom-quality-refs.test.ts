/**
 * Graph membership per ref in the quality facts, for the corner cases of the flag-slot shortcut in quality.ts:
 * duplicate bom-refs share the flags of their first occurrence, and a component without a bom-ref (synthesized
 * `#<index>`) shares the flags of whatever real component carries that same text as its bom-ref, even a later one.
 */
import { describe, expect, it } from "vitest";
import { normalizeJsonBom } from "../../src/sbom/json-reader.js";
import { computeQualityFacts } from "../../src/sbom/quality.js";

const library = (ref: string | undefined) => ({
  type: "library",
  name: ref ?? "anonymous",
  ...(ref ? { "bom-ref": ref } : {}),
});

function facts(components: object[], dependencies: object[]) {
  const sbom = normalizeJsonBom(
    { bomFormat: "CycloneDX", specVersion: "1.6", metadata: { component: library("root") }, components, dependencies },
    "1.6",
  );
  return computeQualityFacts(sbom);
}

describe("quality facts: graph membership per ref", () => {
  it("a synthesized #i ref takes the flags of a later component whose real bom-ref is that text", () => {
    // components: [0] "a" (in the graph), [1] no bom-ref -> "#1", [2] real bom-ref "#1" (in the graph).
    const withEntry = facts([library("a"), library(undefined), library("#1")], [{ ref: "a" }, { ref: "#1" }]);
    expect(withEntry.ntia.missingFromDependencyGraph).toEqual({ count: 0, refs: [] });
    expect(withEntry.bsi.missingDependencies).toEqual({ count: 0, refs: [] });
    // Without the entry for "#1", both components named "#1" are outside the graph.
    const withoutEntry = facts([library("a"), library(undefined), library("#1")], [{ ref: "a" }]);
    expect(withoutEntry.ntia.missingFromDependencyGraph).toEqual({ count: 2, refs: ["#1", "#1"] });
  });

  it("a duplicate bom-ref shares the flags of its first occurrence", () => {
    const result = facts([library("a"), library("b"), library("a")], [{ ref: "a", dependsOn: ["b"] }]);
    expect(result.duplicates.bomRefs).toEqual({ count: 1, refs: ["a"] });
    expect(result.ntia.missingFromDependencyGraph).toEqual({ count: 0, refs: [] });
    // "b" is in the graph (a target) but has no entry of its own.
    expect(result.bsi.missingDependencies).toEqual({ count: 1, refs: ["b"] });
  });

  it("a component repeating the root's bom-ref keeps its own (empty) flags", () => {
    const result = facts([library("root"), library("a")], [{ ref: "root", dependsOn: ["a"] }, { ref: "a" }]);
    expect(result.duplicates.bomRefs).toEqual({ count: 1, refs: ["root"] });
    expect(result.ntia.missingFromDependencyGraph).toEqual({ count: 1, refs: ["root"] });
  });
});
