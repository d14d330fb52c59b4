/**
 * CLI scenarios: each `tests/cli/scenarios/*.scenario` file runs the real `bin/cra-assessor.js` as a child
 * process (the compiled dist/, built before the suite by tests/build.global-setup.ts) and pins what a user sees:
 * the whole stdout, the whole stderr and the exit code. The in-process CLI tests (runCli) stay the fast, detailed
 * checks; these are the end-to-end view.
 *
 * A scenario file is a sequence of sections, each opened by a line `====name====`:
 *   test     what the scenario shows (one line)
 *   setup    optional: commands (one per line, written like `command`) run first in the same `{tmp}`, each of which
 *            must exit 0; their output is not pinned (a database to work on, say)
 *   command  the arguments after `cra-assessor`, split on spaces; `{fixtures}` is tests/cli/scenarios/fixtures and
 *            `{tmp}` a fresh temporary folder (for --output files)
 *   status   the expected exit code
 *   stdout   the expected standard output, exactly (may be empty)
 *   stderr   the expected standard error, exactly (may be empty)
 * The command runs in the repository root with a fixed environment (no colour, no terminal, 80 columns), so
 * relative paths in the output stay the same on every machine; an absolute path the program prints is pinned with
 * `{repo}` or `{tmp}` in place of those folders. After a deliberate change of the output, rewrite the
 * expected sections with `UPDATE_GOLDEN=1 npx vitest run tests/cli/scenarios.test.ts` and read the diff.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const scenarioDir = fileURLToPath(new URL("./scenarios/", import.meta.url));
const bin = join(repo, "bin", "cra-assessor.js");
const update = process.env.UPDATE_GOLDEN === "1";
const SECTIONS = ["test", "setup", "command", "status", "stdout", "stderr"] as const;
type Section = (typeof SECTIONS)[number];
const OPTIONAL: readonly Section[] = ["setup"];

type Scenario = Record<Exclude<Section, "setup">, string> & { setup?: string };

function parseScenario(text: string, file: string): Scenario {
  const sections: Partial<Record<Section, string>> = {};
  const parts = text.split(/^====([a-z]+)====\n/m);
  if (parts[0] !== "") throw new Error(`${file}: text before the first section`);
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as Section;
    if (!SECTIONS.includes(name)) throw new Error(`${file}: unknown section ${name}`);
    sections[name] = parts[i + 1] ?? "";
  }
  for (const name of SECTIONS) {
    if (sections[name] === undefined && !OPTIONAL.includes(name)) throw new Error(`${file}: no ${name} section`);
  }
  return sections as Scenario;
}

function formatScenario(s: Partial<Record<Section, string>>): string {
  return SECTIONS.filter((name) => s[name] !== undefined)
    .map((name) => `====${name}====\n${s[name]}`)
    .join("");
}

const files = readdirSync(scenarioDir)
  .filter((file) => file.endsWith(".scenario"))
  .sort();

describe("CLI scenarios (the real bin as a child process)", () => {
  it("has scenarios", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s", (file) => {
    const path = join(scenarioDir, file);
    const scenario = parseScenario(readFileSync(path, "utf8"), file);
    const fixtures = relative(repo, join(scenarioDir, "fixtures"));
    const tmp = mkdtempSync(join(tmpdir(), "cra-scenario-"));
    const argsOf = (line: string) =>
      line
        .trim()
        .split(/\s+/)
        .map((arg) => arg.replaceAll("{fixtures}", fixtures).replaceAll("{tmp}", tmp));
    const spawn = (args: string[]) =>
      spawnSync(process.execPath, [bin, ...args], {
        cwd: repo,
        encoding: "utf8",
        env: { PATH: process.env.PATH, NO_COLOR: "1", COLUMNS: "80", TZ: "UTC", LANG: "C.UTF-8" },
        timeout: 120_000,
      });
    for (const line of (scenario.setup ?? "").split("\n").filter((l) => l.trim() !== "")) {
      const step = spawn(argsOf(line));
      if (step.status !== 0) throw new Error(`${file}: setup "${line}" exited ${step.status}: ${step.stderr}`);
    }
    const run = spawn(argsOf(scenario.command));
    rmSync(tmp, { recursive: true, force: true });
    const pin = (text: string) => text.replaceAll(tmp, "{tmp}").replaceAll(repo.replace(/\/$/, ""), "{repo}");
    const actual = { ...scenario, status: `${run.status}\n`, stdout: pin(run.stdout), stderr: pin(run.stderr) };
    if (update) {
      writeFileSync(path, formatScenario(actual));
      return;
    }
    expect({ status: actual.status, stdout: actual.stdout, stderr: actual.stderr }).toEqual({
      status: scenario.status,
      stdout: scenario.stdout,
      stderr: scenario.stderr,
    });
  });
});
