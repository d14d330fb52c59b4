import { describe, expect, it } from "vitest";
import { compareVersions, SCHEMES, type SchemeId, schemeForOsvEcosystem } from "../../src/advisories/versions/index.js";

const sign = (scheme: SchemeId, a: string, b: string) => {
  const c = compareVersions(SCHEMES[scheme], a, b);
  return c === undefined ? undefined : Math.sign(c);
};

describe.each<[SchemeId, [string, string][], [string, string][], string[]]>([
  [
    "npm",
    [
      ["1.0.0-alpha", "1.0.0-alpha.1"],
      ["1.0.0-alpha.1", "1.0.0-alpha.beta"],
      ["1.0.0-beta.2", "1.0.0-beta.11"],
      ["1.0.0-rc.1", "1.0.0"],
      ["1.9.0", "1.10.0"],
    ],
    [
      ["1.0.0+build.1", "1.0.0+build.2"],
      ["v1.2.3", "1.2.3"],
    ],
    ["not-a-version", ""],
  ],
  [
    "pypi",
    [
      ["1.0.dev1", "1.0a1"],
      ["1.0a1", "1.0b1"],
      ["1.0rc1", "1.0"],
      ["1.0", "1.0.post1"],
      ["2.0", "1!0.1"],
      ["1.0+local.1", "1.0.1"],
    ],
    [
      ["1.0", "1.0.0"],
      ["1.0RC1", "1.0rc1"],
    ],
    ["1.0-foo-bar-baz", "latest"],
  ],
  [
    "go",
    [
      ["v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-aaaaaaaaaaaa"],
      ["v0.0.0-20200101000000-aaaaaaaaaaaa", "v0.1.0"],
      ["v1.2.3", "v1.2.4-0.20200101000000-abcdefabcdef"],
      ["v1.9.9", "v2.0.0+incompatible"],
    ],
    [["v2.0.0+incompatible", "2.0.0"]],
    ["master"],
  ],
  [
    "cargo",
    [
      ["0.5.2", "0.5.10"],
      ["1.0.0-beta", "1.0.0"],
    ],
    [["1.0.0", "1.0.0+meta"]],
    ["1.0.0.0.0"],
  ],
  [
    "nuget",
    [
      ["1.0.0-beta", "1.0.0"],
      ["1.0.0", "1.0.0.1"],
      ["1.0.0-alpha.2", "1.0.0-alpha.10"],
      ["1.0.0-Alpha", "1.0.0-beta"],
      ["13.0.0.1", "13.0.1"],
    ],
    [
      ["1.0", "1.0.0.0"],
      ["1.0.0-RC1", "1.0.0-rc1"],
      ["01.02.03", "1.2.3"],
      ["1.0.0+abc", "1.0.0"],
    ],
    ["1.2.3.4.5", "abc"],
  ],
  [
    "generic",
    [
      ["1.2", "1.10"],
      ["1.0-rc1", "1.0"],
      ["1.0", "1.0.1"],
      ["2024.01", "2024.2"],
    ],
    [
      ["v1.2", "1.2"],
      ["1-2", "1.2"],
    ],
    ["", "..."],
  ],
])("%s", (scheme, ordered, equal, invalid) => {
  it.each(ordered)("%s < %s", (a, b) => {
    expect(sign(scheme, a, b)).toBe(-1);
    expect(sign(scheme, b, a)).toBe(1);
  });
  it.each(equal)("%s = %s", (a, b) => {
    expect(sign(scheme, a, b)).toBe(0);
  });
  it.each(invalid.map((v) => [v]))("rejects %j", (v) => {
    expect(SCHEMES[scheme].parse(v)).toBeUndefined();
  });
});

describe("OSV ecosystem names", () => {
  it.each([
    ["npm", "npm"],
    ["PyPI", "pypi"],
    ["Maven", "maven"],
    ["Go", "go"],
    ["crates.io", "cargo"],
    ["NuGet", "nuget"],
  ])("%s → %s", (ecosystem, id) => {
    expect(schemeForOsvEcosystem(ecosystem)?.id).toBe(id);
  });
  it("leaves ecosystems whose order we do not implement unsupported", () => {
    expect(schemeForOsvEcosystem("Debian:12")).toBeUndefined();
    expect(schemeForOsvEcosystem("RubyGems")).toBeUndefined();
  });
});

describe("hostile version strings", () => {
  it.each(Object.keys(SCHEMES) as SchemeId[])("%s refuses over-long strings quickly", (scheme) => {
    expect(SCHEMES[scheme].parse(`1.${"0".repeat(100_000)}`)).toBeUndefined();
    expect(SCHEMES[scheme].parse(`${"1.".repeat(200)}1`)).toBeUndefined();
  });
});
