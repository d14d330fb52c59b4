/**
 * What the real bin loads to answer help, version and usage errors: `bin/cra-assessor.js` runs as a child process
 * with a module log (`module-log/register.mjs`: loader hooks plus the CommonJS cache at exit), and the test reads
 * which modules it loaded. The whole command tree is built for every command line, so its cost is what the command
 * modules import at the top: commander, the small CLI helpers, constants and types, which the build bundles into
 * one file (`dist/cli/bin.cjs`). What the actions need (src/cli/actions: SQLite, ajv, the CycloneDX library, the
 * rules engine, the HTTP stack …) must only load when a command runs. Counting modules instead of timing them keeps
 * the test deterministic; the start-up time itself is measured by `npm run bench -- startup` (BENCHMARKS.md).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { buildProgram } from "../../src/cli/main.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(repo, "bin", "cra-assessor.js");
const register = fileURLToPath(new URL("./module-log/register.mjs", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "cra-startup-modules-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let runs = 0;

/** Runs the bin with `args` and returns its exit code and the packages and compiled modules it loaded. */
function loaded(args: string[]): { status: number | null; packages: Set<string>; dist: Set<string> } {
  const logFile = join(work, `modules-${runs++}.log`);
  const run = spawnSync(process.execPath, ["--import", register, bin, ...args], {
    cwd: repo,
    encoding: "utf8",
    env: { PATH: process.env.PATH, CRA_MODULE_LOG: logFile, NO_COLOR: "1", COLUMNS: "80" },
    timeout: 60_000,
  });
  const urls = readFileSync(logFile, "utf8").split("\n").filter(Boolean);
  const packages = new Set<string>();
  const dist = new Set<string>();
  for (const url of urls) {
    const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    if (pkg) packages.add(pkg);
    const compiled = /\/dist\/(.+)$/.exec(url)?.[1];
    if (compiled && !pkg) dist.add(compiled);
  }
  return { status: run.status, packages, dist };
}

const silentIo: CliIo = { out() {}, err() {}, isTTY: false, cwd: repo, env: {} };
const groups = buildProgram(silentIo).commands.map((command) => command.name());

describe("start-up of the bin: help, version and usage errors load no action module", () => {
  it("knows the command groups", () => {
    expect(groups).toContain("sbom");
    expect(groups).toContain("serve");
  });

  it.each([
    [["--help"], 0],
    [[], 2],
    [["--version"], 0],
    [["help"], 0],
    ...groups.map((group): [string[], number] => [[group, "--help"], 0]),
    [["sbom", "validate", "--help"], 0],
    [["mra", "drafts", "simulate", "--help"], 0],
    [["sbon"], 2],
    [["sbom", "validate"], 2],
    [["assess", "--format", "nope"], 2],
  ])("cra-assessor %j loads the bundled command tree and nothing else", (args, code) => {
    const run = loaded(args);
    expect(run.status).toBe(code);
    expect([...run.packages]).toEqual([]);
    expect([...run.dist]).toEqual(["cli/bin.cjs"]);
  });

  it("sees what a running command loads (the log is not blind to CommonJS packages or actions)", () => {
    const run = loaded(["sbom", "validate", "seeds/examples/home-hub-default/sbom.cdx.json"]);
    expect(run.status).toBe(0);
    expect(run.packages).toContain("ajv");
    // ajv's own dependency, loaded by require() inside ajv: only the CommonJS cache shows it.
    expect(run.packages).toContain("fast-deep-equal");
    expect(run.dist).toContain("cli/actions/sbom.js");
  });
});

// What the SBOM commands need depends on the document: every package loaded costs resident memory for the whole
// run (BENCHMARKS.md), so a JSON document loads neither libxml2 (XML only) nor zod (declarations, waivers), and
// SPDX YAML loads the YAML parser but not zod.
describe("sbom validate loads what the document's format needs", () => {
  it.each([
    ["seeds/examples/home-hub-default/sbom.cdx.json", [], ["libxmljs2", "zod"]],
    ["tests/fixtures/cyclonedx-spec/1.7/valid-service-1.7.xml", ["libxmljs2"], ["zod"]],
    ["tests/fixtures/spdx/examples/spdx-spec-2.3/SPDXYAMLExample-2.3.spdx.yaml", ["yaml"], ["libxmljs2", "zod"]],
  ])("%s", (file, needed, notNeeded) => {
    const run = loaded(["sbom", "validate", file]);
    expect(run.status).toBe(0);
    for (const pkg of needed) expect(run.packages).toContain(pkg);
    for (const pkg of notNeeded) expect(run.packages).not.toContain(pkg);
  });
});
