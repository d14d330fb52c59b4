import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAdvisoryFiles } from "../../src/advisories/load.js";
import { matchAdvisories } from "../../src/advisories/match.js";
import type { VulnerabilityMatch } from "../../src/domain/vulnerability-match.js";
import { ingestSbomBytes } from "../../src/sbom/ingest.js";
import type { NormalizedSbom } from "../../src/sbom/model.js";
import { type FixtureComponent, productSbom } from "../fixtures/advisories/product-sbom.js";
import { storedZip } from "../fixtures/advisories/zip-writer.js";

const fixtures = fileURLToPath(new URL("../fixtures/advisories/", import.meta.url));
const ALL = [
  join(fixtures, "osv"),
  join(fixtures, "kev.json"),
  join(fixtures, "vex-cyclonedx.json"),
  join(fixtures, "vex-csaf.json"),
];

const components: FixtureComponent[] = [
  ["npm-1.4.1", "@acme/parser", "1.4.1", "pkg:npm/%40acme/parser@1.4.1"],
  ["npm-1.4.2", "@acme/parser", "1.4.2", "pkg:npm/%40acme/parser@1.4.2"],
  ["npm-1.4.2-rc.1", "@acme/parser", "1.4.2-rc.1", "pkg:npm/%40acme/parser@1.4.2-rc.1"],
  ["npm-2.0.0-alpha.1", "@acme/parser", "2.0.0-alpha.1", "pkg:npm/%40acme/parser@2.0.0-alpha.1"],
  ["npm-2.0.5", "@acme/parser", "2.0.5", "pkg:npm/%40acme/parser@2.0.5"],
  ["npm-2.1.0", "@acme/parser", "2.1.0", "pkg:npm/%40acme/parser@2.1.0"],
  ["pypi-1.5", "acme-tools", "1.5", "pkg:pypi/acme-tools@1.5"],
  ["pypi-2.0.dev1", "acme-tools", "2.0.dev1", "pkg:pypi/acme-tools@2.0.dev1"],
  ["pypi-2.0rc1", "acme-tools", "2.0rc1", "pkg:pypi/acme-tools@2.0rc1"],
  ["pypi-1!0.9", "acme-tools", "1!0.9", "pkg:pypi/acme-tools@1%210.9"],
  ["pypi-1!1.2", "acme-tools", "1!1.2", "pkg:pypi/acme-tools@1%211.2"],
  ["pypi-1!1.2.post1", "acme-tools", "1!1.2.post1", "pkg:pypi/acme-tools@1%211.2.post1"],
  ["maven-2.0-alpha-1", "acme-core", "2.0-alpha-1", "pkg:maven/org.acme/acme-core@2.0-alpha-1"],
  ["maven-2.0", "acme-core", "2.0", "pkg:maven/org.acme/acme-core@2.0"],
  ["maven-2.14.1", "acme-core", "2.14.1", "pkg:maven/org.acme/acme-core@2.14.1"],
  ["maven-2.14.1-SNAPSHOT", "acme-core", "2.14.1-SNAPSHOT", "pkg:maven/org.acme/acme-core@2.14.1-SNAPSHOT"],
  ["go-v1.9.0", "router", "v1.9.0", "pkg:golang/github.com/acme/router@v1.9.0"],
  [
    "go-pseudo",
    "router",
    "v0.0.0-20200101000000-abcdef123456",
    "pkg:golang/github.com/acme/router@v0.0.0-20200101000000-abcdef123456",
  ],
  ["go-v1.9.1", "router", "v1.9.1", "pkg:golang/github.com/acme/router@v1.9.1"],
  ["go-v2-incompatible", "router", "v2.0.0+incompatible", "pkg:golang/github.com/acme/router@v2.0.0%2Bincompatible"],
  ["cargo-0.5.2", "acme-crypto", "0.5.2", "pkg:cargo/acme-crypto@0.5.2"],
  ["cargo-0.4.9", "acme-crypto", "0.4.9", "pkg:cargo/acme-crypto@0.4.9"],
  ["cargo-0.5.3", "acme-crypto", "0.5.3", "pkg:cargo/acme-crypto@0.5.3"],
  ["nuget-12.0.3", "Acme.Json", "12.0.3", "pkg:nuget/Acme.Json@12.0.3"],
  ["nuget-13.0.0.1", "Acme.Json", "13.0.0.1", "pkg:nuget/acme.json@13.0.0.1"],
  ["nuget-13.0.1.0", "Acme.Json", "13.0.1.0", "pkg:nuget/Acme.Json@13.0.1.0"],
  ["nuget-11.0.1", "Acme.Json", "11.0.1", "pkg:nuget/Acme.Json@11.0.1"],
  ["nuget-9.0.1", "Acme.Json", "9.0.1", "pkg:nuget/Acme.Json@9.0.1"],
  ["generic-1.2", "firmware", "1.2", "pkg:generic/acme/firmware@1.2"],
  ["generic-1.3", "firmware", "1.3", "pkg:generic/acme/firmware@1.3"],
].map(([ref, name, version, purl]) => ({ ref, name, version, purl }) as FixtureComponent);
// A build tool that is not delivered with the product (CycloneDX scope "excluded").
components.push({
  ref: "npm-excluded",
  name: "@acme/parser",
  version: "1.4.1",
  purl: "pkg:npm/%40acme/parser@1.4.1",
  scope: "excluded",
});

// The SBOM's own analysis: the Go vulnerability is resolved in the v1.9.0 component (e.g. a backported patch).
const ownVex = [
  {
    id: "GHSA-g0g0-acme-rout",
    analysis: { state: "resolved_with_pedigree", detail: "Patched in our fork." },
    affects: [{ ref: "go-v1.9.0" }],
  },
];

let sbom: NormalizedSbom;
let matches: VulnerabilityMatch[];
let byRef: Map<string, VulnerabilityMatch[]>;
let loaded: Awaited<ReturnType<typeof loadAdvisoryFiles>>;

beforeAll(async () => {
  const ingested = ingestSbomBytes(productSbom(components, ownVex));
  if (!ingested.ok) throw new Error(JSON.stringify(ingested.issues));
  sbom = ingested.sbom;
  loaded = await loadAdvisoryFiles(ALL);
  matches = matchAdvisories(sbom, loaded.index);
  byRef = new Map();
  for (const m of matches) byRef.set(m.component, [...(byRef.get(m.component) ?? []), m]);
});

const ids = (ref: string) => (byRef.get(ref) ?? []).map((m) => m.advisoryId);

describe("matching per ecosystem, with range edge cases", () => {
  it.each([
    ["npm-1.4.1", ["CVE-2099-0001"]],
    ["npm-1.4.2", []],
    ["npm-1.4.2-rc.1", ["CVE-2099-0001"]], // a pre-release of the fixed version is still before the fix
    ["npm-2.0.0-alpha.1", []], // before the second range's introduced 2.0.0-beta.1
    ["npm-2.0.5", ["CVE-2099-0001"]],
    ["npm-2.1.0", []], // the withdrawn record (introduced 0, never fixed) would match every version
    ["pypi-1.5", ["CVE-2099-0002"]],
    ["pypi-2.0.dev1", ["CVE-2099-0002"]], // PEP 440: 2.0.dev1 < 2.0rc1
    ["pypi-2.0rc1", []],
    ["pypi-1!0.9", []], // epoch 1 sorts after every epoch-0 version, before 1!1.0
    ["pypi-1!1.2", ["CVE-2099-0002"]], // last_affected is inclusive
    ["pypi-1!1.2.post1", []],
    ["maven-2.0-alpha-1", []],
    ["maven-2.0", ["CVE-2099-0004"]],
    ["maven-2.14.1", []], // 2.14.1 = 2.14.1.Final
    ["maven-2.14.1-SNAPSHOT", ["CVE-2099-0004"]],
    ["go-v1.9.0", ["CVE-2099-0005"]],
    ["go-pseudo", ["CVE-2099-0005"]],
    ["go-v1.9.1", []],
    ["go-v2-incompatible", ["CVE-2099-0005"]], // unbounded range: introduced 2.0.0, never fixed
    ["cargo-0.5.2", ["CVE-2099-0003"]],
    ["cargo-0.4.9", []],
    ["cargo-0.5.3", []],
    ["nuget-12.0.3", ["CVE-2099-0006"]],
    ["nuget-13.0.0.1", ["CVE-2099-0006"]], // four-part version below 13.0.1, lower-case purl name
    ["nuget-13.0.1.0", []],
    ["nuget-11.0.1", ["CVE-2099-0006"]],
    ["nuget-9.0.1", ["ACME-2099-9", "CVE-2099-0006"]],
    ["generic-1.2", ["CVE-2099-0008"]],
    ["generic-1.3", []],
    ["npm-excluded", []],
  ])("%s → %j", (ref, expected) => {
    expect(ids(ref)).toEqual(expected);
  });

  it("keeps the component's identity in the match", () => {
    const [m] = byRef.get("npm-1.4.1") ?? [];
    expect(m).toMatchObject({
      componentName: "@acme/parser",
      componentVersion: "1.4.1",
      purl: "pkg:npm/%40acme/parser@1.4.1",
    });
  });
});

describe("aliases, severity and fixes", () => {
  it("merges OSV, GHSA and PYSEC records of one CVE into one match", () => {
    const [m] = byRef.get("pypi-1.5") ?? [];
    expect(m?.aliases).toEqual(["GHSA-p3pp-acme-tool", "PYSEC-2099-2"]);
    // CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N scores 7.5.
    expect(m?.severity).toBe("high");
    expect(m?.fixedVersions).toEqual(["1.9.4", "2.0rc1"]);
    expect(m?.fixAvailableSince).toBe("2099-02-18T00:00:00Z");
  });

  it("the generic VDR advisory takes its CVE reference as primary id", () => {
    const [m] = byRef.get("generic-1.2") ?? [];
    expect(m?.aliases).toEqual(["ACME-SA-2099-01"]);
    expect(m?.severity).toBe("high");
  });

  it("scores a CVSS v3 vector when no word is given", () => {
    // AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N scores 4.8: medium.
    expect(byRef.get("cargo-0.5.2")?.[0]?.severity).toBe("medium");
  });

  it("sorts fixed versions in the ecosystem's order", () => {
    expect(byRef.get("npm-2.0.5")?.[0]?.fixedVersions).toEqual(["1.4.2", "2.1.0"]);
  });

  it("has no fix date when no range names a fix", () => {
    expect(byRef.get("nuget-9.0.1")?.find((m) => m.advisoryId === "ACME-2099-9")?.fixAvailableSince).toBeUndefined();
  });
});

describe("KEV and VEX", () => {
  it("a KEV-listed vulnerability is actively exploited and critical whatever the advisory says", () => {
    const [m] = byRef.get("npm-1.4.1") ?? [];
    expect(m).toMatchObject({ knownExploited: true, severity: "critical", exploitable: true });
    expect(byRef.get("pypi-1.5")?.[0]?.knownExploited).toBe(false);
  });

  it("CycloneDX VEX not_affected with a justification makes it not exploitable", () => {
    const [m] = byRef.get("cargo-0.5.2") ?? [];
    expect(m?.exploitable).toBe(false);
    expect(m?.vex).toMatchObject({ state: "not_affected", justification: "code_not_reachable" });
    expect(m?.vex?.source).toContain("vex-cyclonedx.json#/vulnerabilities/0/affects/0");
  });

  it("not_affected without a justification does not clear it", () => {
    const [m] = byRef.get("maven-2.0") ?? [];
    expect(m?.vex?.state).toBe("not_affected");
    expect(m?.exploitable).toBe(true);
  });

  it("CSAF known_not_affected with a flag applies to that version only", () => {
    expect(byRef.get("nuget-12.0.3")?.[0]).toMatchObject({
      exploitable: false,
      vex: { state: "not_affected", justification: "vulnerable_code_not_in_execute_path" },
    });
    expect(byRef.get("nuget-13.0.0.1")?.[0]?.vex).toBeUndefined();
    expect(byRef.get("nuget-11.0.1")?.[0]).toMatchObject({ exploitable: true, vex: { state: "exploitable" } });
  });

  it("the SBOM's own analysis counts, found through an alias", () => {
    const [m] = byRef.get("go-v1.9.0") ?? [];
    expect(m).toMatchObject({ exploitable: false, vex: { state: "resolved_with_pedigree" } });
    expect(m?.vex?.source).toMatch(/^sbom:/);
    expect(byRef.get("go-pseudo")?.[0]?.exploitable).toBe(true);
  });

  it("the manufacturer's recorded triage wins over the SBOM's own analysis and imported VEX, by purl or by name", () => {
    const goVuln = byRef.get("go-v1.9.0")?.[0]?.advisoryId as string;
    const recorded = [
      // Overrides the SBOM's own resolved_with_pedigree: the newer, deliberate statement about this product.
      { ids: [goVuln], purl: "pkg:golang/github.com/acme/router@v1.9.0", state: "exploitable", source: "recorded:a" },
      // Overrides imported CycloneDX VEX not_affected for the cargo component.
      {
        ids: [byRef.get("cargo-0.5.2")?.[0]?.advisoryId as string],
        componentName: "acme-crypto",
        state: "in_triage",
        source: "recorded:b",
      },
      // A purl of another version does not apply.
      {
        ids: ["CVE-2099-0001"],
        purl: "pkg:npm/%40acme/parser@9.9.9",
        state: "not_affected",
        justification: "code_not_present",
        source: "recorded:c",
      },
    ];
    const withRecorded = matchAdvisories(sbom, loaded.index, recorded);
    const find = (ref: string) => withRecorded.find((m) => m.component === ref);
    expect(find("go-v1.9.0")).toMatchObject({ exploitable: true, vex: { state: "exploitable", source: "recorded:a" } });
    expect(find("cargo-0.5.2")).toMatchObject({ exploitable: true, vex: { state: "in_triage", source: "recorded:b" } });
    expect(find("npm-1.4.2-rc.1")?.vex).toBeUndefined();
    // Without recorded statements, the result is what it was.
    expect(find("npm-1.4.1")).toEqual(byRef.get("npm-1.4.1")?.[0]);
  });
});

describe("loading", () => {
  it("skips withdrawn records and counts them", () => {
    expect(loaded.withdrawn).toBe(1);
    const ids = [...loaded.index.byPackage.values()].flat().map((e) => e.advisory.id);
    expect(ids).not.toContain("GHSA-wwww-wwww-wwww");
    expect(ids).toContain("GHSA-7x2q-9f3v-wq4m");
  });

  it("reports malformed files and records with file and JSON pointer, and keeps the rest", async () => {
    const result = await loadAdvisoryFiles([join(fixtures, "malformed"), join(fixtures, "missing-file.json")]);
    const found = result.issues.map((i) => `${i.source?.replace(fixtures, "")} ${i.path ?? ""} ${i.constraint}`);
    expect(found).toEqual(
      expect.arrayContaining([
        "missing-file.json  io",
        "malformed/b-broken-syntax.json  syntax",
        "malformed/c-bad-records.json /0/affected/0/ranges/0/events/0 type",
        "malformed/c-bad-records.json /2/id required",
        "malformed/c-bad-records.json /3/modified format",
        "malformed/d-unknown.json  format",
      ]),
    );
    expect(result.data.advisories.map((a) => a.id).sort()).toEqual(["OSV-2099-GOOD", "OSV-2099-OK-IN-ARRAY"]);
  });

  it("reads a zip export the same as the directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cra-adv-zip-"));
    const names = (await readdir(join(fixtures, "osv"))).sort();
    const entries = await Promise.all(
      names.map(async (name) => ({ name: `osv/${name}`, data: await readFile(join(fixtures, "osv", name)) })),
    );
    entries.push({ name: "README.txt", data: Buffer.from("not json") });
    entries.push({ name: "osv/broken.json", data: Buffer.from("{") });
    const zip = join(dir, "all.zip");
    await writeFile(zip, storedZip(entries));
    const fromZip = await loadAdvisoryFiles([zip]);
    const fromDir = await loadAdvisoryFiles([join(fixtures, "osv")]);
    const strip = (m: VulnerabilityMatch[]) => m.map(({ vex, ...rest }) => rest);
    expect(strip(matchAdvisories(sbom, fromZip.index))).toEqual(strip(matchAdvisories(sbom, fromDir.index)));
    expect(fromZip.data.advisories.length).toBe(7);
    expect(fromZip.issues).toEqual([
      expect.objectContaining({ source: `${zip}!/osv/broken.json`, constraint: "syntax" }),
    ]);
  });

  it("refuses a file that is not a zip without stopping the others", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cra-adv-badzip-"));
    await writeFile(join(dir, "a.zip"), "PK this is not a zip");
    const result = await loadAdvisoryFiles([join(dir, "a.zip"), join(fixtures, "kev.json")]);
    expect(result.issues[0]).toMatchObject({ constraint: "io" });
    expect(result.data.kev.map((k) => k.cveId)).toEqual(["CVE-2099-0001", "CVE-2099-7777"]);
  });
});
