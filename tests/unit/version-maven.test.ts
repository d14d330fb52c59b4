import { describe, expect, it } from "vitest";
import { compareMaven, parseMaven } from "../../src/advisories/versions/maven.js";

const cmp = (a: string, b: string) => Math.sign(compareMaven(parseMaven(a), parseMaven(b)));

describe("Maven version order (POM reference, Version Order Specification)", () => {
  // Every example the specification gives, as [lower, higher] or equal pairs.
  it.each([
    ["1", "1.1"],
    ["1-snapshot", "1"],
    ["1", "1-sp"],
    ["1-foo2", "1-foo10"],
    ["1.foo", "1-1"],
    ["1-foo", "1-1"],
    ["1-1", "1.1"],
    ["1-ga", "1-sp"],
    ["1-ga.1", "1-sp.1"],
    ["1-sp-1", "1-ga-1"],
    ["1-sp-1", "1-1"],
    ["1-alpha", "1-beta"],
    ["1-beta", "1-milestone"],
    ["1-milestone", "1-rc"],
    ["1-rc", "1-snapshot"],
    ["1-sp", "1-zzz"],
    ["1-abc", "1-xyz"],
    ["1.0-alpha1", "1.0-beta"],
    ["1.0-beta", "1.0-rc1"],
    ["1.0-rc1", "1.0"],
    ["1.0", "1.0-sp1"],
    ["1.0-sp1", "1.0.1"],
    ["1.0.1", "1.0.10"],
    ["1.9", "1.10"],
    ["2.0.0-M1", "2.0.0-RC1"],
    ["2.0.0-RC1", "2.0.0.RELEASE"],
    ["1", "1-1"],
    ["0-1", "1"],
    ["99999999999999999999", "100000000000000000000"],
    ["1.0-beta-2", "1.0-beta-10"],
  ])("%s < %s", (lower, higher) => {
    expect(cmp(lower, higher)).toBe(-1);
    expect(cmp(higher, lower)).toBe(1);
  });

  it.each([
    ["1.foo", "1-foo"],
    ["1.ga", "1-ga"],
    ["1-ga", "1-0"],
    ["1-0", "1.0"],
    ["1.0", "1"],
    ["1-ga-1", "1-1"],
    ["1-a1", "1-alpha-1"],
    ["1-b2", "1-beta-2"],
    ["1-m3", "1-milestone-3"],
    ["1-cr1", "1-rc1"],
    ["1.0.0.Final", "1.0.0"],
    ["1.0.0.GA", "1.0.0.RELEASE"],
    ["1.0-SNAPSHOT", "1-snapshot"],
    ["1.0.07", "1.0.7"],
    ["1..1", "1.0.1"],
  ])("%s = %s", (a, b) => {
    expect(cmp(a, b)).toBe(0);
  });

  it("sorts a mixed list the way Maven does", () => {
    const sorted = ["1.0", "1.0-alpha-1", "1.0.1", "1.0-SNAPSHOT", "1.0-rc-1", "1.0-sp", "0.9", "1.0-beta", "1.1"];
    sorted.sort(cmp);
    expect(sorted).toEqual([
      "0.9",
      "1.0-alpha-1",
      "1.0-beta",
      "1.0-rc-1",
      "1.0-SNAPSHOT",
      "1.0",
      "1.0-sp",
      "1.0.1",
      "1.1",
    ]);
  });

  it("never throws on hostile strings", () => {
    for (const s of ["", "-", "...", "--a--", "é.ü", "1".repeat(5000), ".-.-1a2b3c"]) {
      expect(() => compareMaven(parseMaven(s), parseMaven("1.0"))).not.toThrow();
    }
  });
});
