import { describe, expect, it } from "vitest";
import { parseCsaf } from "../../src/advisories/csaf.js";
import { cvssBaseScore } from "../../src/advisories/cvss.js";
import { parseCycloneDxVex } from "../../src/advisories/cyclonedx-vex.js";
import { parseAdvisoryValue } from "../../src/advisories/document.js";
import { aliasGroups, buildAdvisoryIndex } from "../../src/advisories/index.js";
import { parseKevCatalog } from "../../src/advisories/kev.js";
import { matchAdvisories } from "../../src/advisories/match.js";
import type { Advisory, RangeEvent } from "../../src/advisories/model.js";
import { parseOsvRecord } from "../../src/advisories/osv.js";
import { compileOsvEvents, compileVers, inRange } from "../../src/advisories/ranges.js";
import { SCHEMES } from "../../src/advisories/versions/index.js";
import { ingestSbomBytes } from "../../src/sbom/ingest.js";
import { productSbom } from "../fixtures/advisories/product-sbom.js";

const semver = SCHEMES.semver;
const hits = (events: RangeEvent[], versions: string[]) => {
  const compiled = compileOsvEvents(events, semver);
  if (!compiled.ok) throw new Error(compiled.reason);
  return versions.filter((v) => inRange(compiled.range, semver.parse(v)));
};

describe("OSV range events", () => {
  const all = ["0.1.0", "1.0.0", "1.5.0", "2.0.0", "2.5.0", "3.0.0", "9.9.9"];

  it("introduced 0 with no fix is every version (unbounded)", () => {
    expect(hits([{ introduced: "0" }], all)).toEqual(all);
  });

  it("fixed is exclusive, last_affected inclusive", () => {
    expect(hits([{ introduced: "1.0.0" }, { fixed: "2.0.0" }], all)).toEqual(["1.0.0", "1.5.0"]);
    expect(hits([{ introduced: "1.0.0" }, { last_affected: "2.0.0" }], all)).toEqual(["1.0.0", "1.5.0", "2.0.0"]);
  });

  it("sorts events written out of order and handles several stretches in one range", () => {
    expect(hits([{ fixed: "3.0.0" }, { introduced: "2.5.0" }, { fixed: "1.5.0" }, { introduced: "0" }], all)).toEqual([
      "0.1.0",
      "1.0.0",
      "2.5.0",
    ]);
  });

  it("limit caps the range", () => {
    expect(hits([{ introduced: "1.0.0" }, { limit: "2.5.0" }], all)).toEqual(["1.0.0", "1.5.0", "2.0.0"]);
  });

  it("refuses a range with an unparseable version instead of guessing", () => {
    const compiled = compileOsvEvents([{ introduced: "0" }, { fixed: "abc123" }], semver);
    expect(compiled.ok).toBe(false);
  });
});

describe("vers ranges", () => {
  const match = (vers: string, versions: string[]) => {
    const compiled = compileVers(vers);
    if (!compiled.ok) throw new Error(compiled.reason);
    return versions.filter((v) => inRange(compiled.range, compiled.range.scheme.parse(v)));
  };

  it.each([
    ["vers:npm/>=1.0.0|<2.0.0", ["1.0.0", "1.5.0"]],
    ["vers:npm/>1.0.0|<=2.0.0", ["1.5.0", "2.0.0"]],
    ["vers:npm/<1.5.0", ["0.1.0", "1.0.0"]],
    ["vers:npm/>=2.5.0", ["2.5.0", "3.0.0"]],
    ["vers:npm/1.0.0|2.0.0", ["1.0.0", "2.0.0"]],
    ["vers:npm/!=1.0.0", ["0.1.0", "1.5.0", "2.0.0", "2.5.0", "3.0.0"]],
    ["vers:npm/*", ["0.1.0", "1.0.0", "1.5.0", "2.0.0", "2.5.0", "3.0.0"]],
    ["vers:npm/<1.0.0|>=2.5.0", ["0.1.0", "2.5.0", "3.0.0"]],
  ])("%s", (vers, expected) => {
    expect(match(vers, ["0.1.0", "1.0.0", "1.5.0", "2.0.0", "2.5.0", "3.0.0"])).toEqual(expected);
  });

  it("uses the scheme's own order (Maven qualifiers)", () => {
    expect(match("vers:maven/>=2.0|<2.1", ["2.0-rc1", "2.0", "2.0.9", "2.1-SNAPSHOT", "2.1"])).toEqual([
      "2.0",
      "2.0.9",
      "2.1-SNAPSHOT",
    ]);
  });

  it.each(["npm/>=1.0", "vers:unknown-scheme/>=1", "vers:npm/>=not a version", "vers:npm/%E0%A4%A"])(
    "rejects %s",
    (vers) => {
      expect(compileVers(vers).ok).toBe(false);
    },
  );
});

describe("CVSS base scores (v3.0, v3.1, v4.0)", () => {
  it.each([
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10],
    ["CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4],
    ["CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.8],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0],
  ])("%s = %s", (vector, score) => {
    expect(cvssBaseScore(vector)).toBe(score);
  });
  // CVSS v4.0 values from FIRST's specification examples and its calculator (the macro-vector tables).
  it.each([
    ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3],
    ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0],
  ])("v4.0 %s = %s", (vector, score) => {
    expect(cvssBaseScore(vector)).toBe(score);
  });
  it.each(["CVSS:3.1/AV:X/AC:L", "CVSS:4.0/AV:N/AC:L", "CVSS:2.0/AV:N", "garbage"])("no score for %s", (v) => {
    expect(cvssBaseScore(v)).toBeUndefined();
  });
});

describe("OSV records", () => {
  it("drops withdrawn records", () => {
    expect(parseOsvRecord({ id: "X-1", withdrawn: "2099-01-01T00:00:00Z", affected: [] }, "f").kind).toBe("withdrawn");
  });

  it("ignores GIT ranges and keys an ecosystem it cannot match with a warning", () => {
    const result = parseOsvRecord(
      {
        id: "X-2",
        modified: "2099-01-01T00:00:00Z",
        affected: [
          {
            package: { ecosystem: "npm", name: "a" },
            ranges: [{ type: "GIT", repo: "r", events: [{ introduced: "0" }] }],
          },
          { package: { ecosystem: "Alpine:v3.18", name: "musl" }, versions: ["1.2.4-r0"] },
        ],
      },
      "f",
    );
    expect(result.kind).toBe("advisory");
    if (result.kind !== "advisory") return;
    expect(result.advisory.affected).toEqual([
      { key: "npm//a", purlType: "npm", ecosystem: "npm", ranges: [], versions: [] },
    ]);
    expect(result.warnings).toEqual([
      expect.objectContaining({ path: "/affected/1/package", constraint: "unsupported" }),
    ]);
  });

  it.each([
    [{ id: "X", affected: { not: "array" } }, "/affected"],
    [{ id: "X", aliases: "CVE-1" }, "/aliases"],
    [{ id: "X", affected: [{ package: { name: "a" } }] }, "/affected/0/package"],
    [
      { id: "X", affected: [{ package: { ecosystem: "npm", name: "a" }, ranges: [{ type: "WEIRD", events: [] }] }] },
      "/affected/0/ranges/0/type",
    ],
    [
      {
        id: "X",
        affected: [
          {
            package: { ecosystem: "npm", name: "a" },
            ranges: [{ type: "SEMVER", events: [{ introduced: "0", fixed: "1" }] }],
          },
        ],
      },
      "/affected/0/ranges/0/events/0",
    ],
    [{ id: "" }, "/id"],
  ])("reports %j at %s", (record, path) => {
    const result = parseOsvRecord(record, "f");
    expect(result.kind).toBe("invalid");
    if (result.kind === "invalid") expect(result.issues.map((i) => i.path)).toContain(path);
  });

  it("survives hostile values without throwing", () => {
    for (const value of [
      null,
      42,
      "x",
      [],
      { id: { toString: 1 } },
      { id: "X", affected: [null, 1, "a"] },
      { __proto__: { id: "P" } },
    ]) {
      expect(() => parseAdvisoryValue(value, "f")).not.toThrow();
    }
  });
});

describe("alias groups", () => {
  const advisory = (id: string, aliases: string[]): Advisory => ({
    id,
    aliases,
    source: "osv",
    severity: "unknown",
    affected: [],
    origin: id,
  });

  it("merges transitively, in any order, and prefers the CVE id", () => {
    const pysec = advisory("PYSEC-1", ["GHSA-a"]);
    const other = advisory("OSV-9", []);
    const ghsa = advisory("GHSA-b", ["CVE-2099-1"]);
    const bridge = advisory("GHSA-a", ["CVE-2099-1"]);
    const groups = aliasGroups([pysec, other, ghsa, bridge], new Map([["CVE-2099-1", { cveId: "CVE-2099-1" }]]));
    const group = groups.get(pysec);
    expect(group?.primary).toBe("CVE-2099-1");
    expect(group?.ids).toEqual(["CVE-2099-1", "GHSA-a", "GHSA-b", "PYSEC-1"]);
    expect(groups.get(ghsa)).toBe(group);
    expect(groups.get(bridge)).toBe(group);
    expect(group?.kev?.cveId).toBe("CVE-2099-1");
    expect(groups.get(other)?.ids).toEqual(["OSV-9"]);
    expect(groups.get(other)?.kev).toBeUndefined();
  });
});

describe("KEV", () => {
  it("skips entries without a CVE id and keeps the others", () => {
    const { entries, issues } = parseKevCatalog(
      {
        catalogVersion: "1",
        vulnerabilities: [{ cveID: "CVE-2021-44228", dateAdded: "2021-12-10" }, { cveID: "log4shell" }, 7],
      },
      "kev.json",
    );
    expect(entries).toEqual([{ cveId: "CVE-2021-44228", dateAdded: "2021-12-10" }]);
    expect(issues.map((i) => i.path)).toEqual(["/vulnerabilities/1/cveID", "/vulnerabilities/2/cveID"]);
  });
});

describe("CycloneDX VEX", () => {
  it("resolves BOM-Links and purls, and reports unknown states", () => {
    const { vex, issues } = parseCycloneDxVex(
      {
        bomFormat: "CycloneDX",
        vulnerabilities: [
          {
            id: "CVE-1",
            analysis: { state: "not_affected", justification: "code_not_present" },
            affects: [{ ref: "urn:cdx:abc/1#my%20ref" }, { ref: "pkg:npm/a@1.0.0" }],
          },
          { id: "CVE-2", analysis: { state: "maybe" }, affects: [{ ref: "x" }] },
          { id: "CVE-3", affects: [{}] },
        ],
      },
      "vex.json",
    );
    expect(vex.map((v) => [v.bomRef, v.purl])).toEqual([
      ["my ref", undefined],
      [undefined, "pkg:npm/a@1.0.0"],
    ]);
    expect(issues.map((i) => `${i.path} ${i.constraint}`)).toEqual([
      "/vulnerabilities/1/analysis/state enum",
      "/vulnerabilities/2/affects/0/ref required",
    ]);
  });
});

describe("CSAF", () => {
  const base = {
    document: {
      category: "csaf_vex",
      csaf_version: "2.0",
      title: "t",
      publisher: { category: "vendor", name: "V", namespace: "https://v.example" },
      tracking: {
        id: "V-1",
        status: "final",
        version: "1",
        initial_release_date: "2099-01-01T00:00:00Z",
        current_release_date: "2099-01-02T00:00:00Z",
        revision_history: [{ date: "2099-01-01T00:00:00Z", number: "1", summary: "s" }],
      },
    },
  };

  it("reads product status through relationships", () => {
    const { vex, issues } = parseCsaf(
      {
        ...base,
        product_tree: {
          full_product_names: [
            { name: "lib", product_id: "LIB", product_identification_helper: { purl: "pkg:pypi/lib@1.0" } },
            { name: "app", product_id: "APP" },
          ],
          relationships: [
            {
              category: "default_component_of",
              product_reference: "LIB",
              relates_to_product_reference: "APP",
              full_product_name: { name: "lib in app", product_id: "LIB-IN-APP" },
            },
          ],
        },
        vulnerabilities: [
          {
            cve: "CVE-2099-0015",
            product_status: { fixed: ["LIB-IN-APP"], known_not_affected: ["LIB"] },
            threats: [{ category: "impact", details: "Not reachable", product_ids: ["LIB"] }],
          },
        ],
      },
      "csaf.json",
    );
    expect(issues).toEqual([]);
    expect(vex.map((v) => [v.state, v.purl, v.justification])).toEqual([
      ["resolved", "pkg:pypi/lib@1.0", undefined],
      ["not_affected", "pkg:pypi/lib@1.0", "impact_statement"],
    ]);
  });

  it("turns a known_affected product_version_range into a matchable vers range", () => {
    const { advisories, issues } = parseCsaf(
      {
        ...base,
        document: { ...base.document, category: "csaf_security_advisory" },
        product_tree: {
          branches: [
            {
              category: "vendor",
              name: "V",
              branches: [
                {
                  category: "product_version_range",
                  name: "vers:npm/>=1.0.0|<1.2.0",
                  product: {
                    name: "widget 1.x",
                    product_id: "W1",
                    product_identification_helper: { purl: "pkg:npm/widget" },
                  },
                },
              ],
            },
          ],
        },
        vulnerabilities: [
          {
            cve: "CVE-2099-0017",
            product_status: { known_affected: ["W1"] },
            remediations: [
              { category: "vendor_fix", details: "Update to 1.2.0", product_ids: ["W1"], date: "2099-02-01T00:00:00Z" },
            ],
          },
        ],
      },
      "csaf.json",
    );
    expect(issues).toEqual([]);
    const sbom = ingestSbomBytes(
      productSbom([
        { ref: "a", name: "widget", version: "1.1.0", purl: "pkg:npm/widget@1.1.0" },
        { ref: "b", name: "widget", version: "1.2.0", purl: "pkg:npm/widget@1.2.0" },
      ]),
    );
    if (!sbom.ok) throw new Error("fixture SBOM");
    const matches = matchAdvisories(sbom.sbom, buildAdvisoryIndex({ advisories, kev: [], vex: [] }));
    expect(matches.map((m) => [m.component, m.advisoryId, m.fixAvailableSince])).toEqual([
      ["a", "CVE-2099-0017", "2099-02-01T00:00:00Z"],
    ]);
  });

  it("reports a document missing required fields, and a VEX statement without impact", () => {
    const broken = parseCsaf({ document: { ...base.document, tracking: undefined } }, "csaf.json");
    expect(broken.issues.map((i) => i.path)).toContain("/document/tracking");
    const unexplained = parseCsaf(
      {
        ...base,
        product_tree: {
          full_product_names: [
            { name: "lib", product_id: "LIB", product_identification_helper: { purl: "pkg:pypi/lib@1.0" } },
          ],
        },
        vulnerabilities: [{ cve: "CVE-2099-0016", product_status: { known_not_affected: ["LIB"] } }],
      },
      "csaf.json",
    );
    expect(unexplained.issues).toEqual([expect.objectContaining({ constraint: "csaf-vex-impact" })]);
  });
});
