/**
 * What is not a regular file: a FIFO with no writer must be refused at once (it used to block forever in
 * `open()`), standard input is read only when asked with `-`, and an endless standard input is cut at the size
 * limit instead of being buffered. These run the real bin (dist/, built by the suite's global setup) as a child
 * process; the time limits only stop a hung child so the test fails instead of hanging, they measure nothing.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(repo, "bin", "cra-assessor.js");
const sample = join(repo, "tests", "fixtures", "sboms", "partner-bsi-complete.cdx.json");
const dir = mkdtempSync(join(tmpdir(), "cra-special-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin; `feed` writes its standard input. A child still running after `guardMs` is killed (a failure). */
function runBin(args: string[], feed?: (stdin: NodeJS.WritableStream) => void, guardMs = 30_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdin.on("error", () => {}); // the child may stop reading (and exit) while we still write
    const guard = setTimeout(() => child.kill("SIGKILL"), guardMs);
    child.on("close", (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
    if (feed) feed(child.stdin);
    else child.stdin.end();
  });
}

describe("SBOM input that is not a regular file", () => {
  it("refuses a FIFO with no writer instead of waiting for one (sbom validate, sbom inspect, assess)", async () => {
    const fifo = join(dir, "bom.fifo");
    execFileSync("mkfifo", [fifo]);
    for (const args of [
      ["sbom", "validate", fifo],
      ["sbom", "inspect", fifo],
      ["assess", "--sbom", fifo, "--declaration", join(repo, "tests/fixtures/declarations/minimal.yaml")],
    ]) {
      const run = await runBin(args);
      expect(run.signal, `${args[0]} ${args[1]} was killed: it blocked`).toBeNull();
      expect(run.code).toBe(2);
      expect(run.stdout + run.stderr).toContain("is not a regular file (a FIFO or pipe)");
      expect(run.stdout + run.stderr).toContain("- to read one from standard input");
    }
  });

  it("reads standard input when asked with -", async () => {
    const text = readFileSync(sample);
    const validate = await runBin(["sbom", "validate", "-"], (stdin) => stdin.end(text));
    expect(validate).toMatchObject({ code: 0, signal: null });
    expect(validate.stdout).toBe("-: valid CycloneDX 1.6 JSON, 2 components\n");
    const inspect = await runBin(["sbom", "inspect", "-", "--format", "json"], (stdin) => stdin.end(text));
    expect(inspect.code).toBe(0);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ valid: true, summary: { counts: { components: 2 } } });
  });

  it("cuts an endless standard input at the size limit and refuses it", async () => {
    // An endless writer: 64 KiB of spaces (a JSON prefix that never ends) for as long as the child reads.
    const block = Buffer.alloc(64 * 1024, 0x20);
    let stop = false;
    const run = await runBin(["sbom", "validate", "-", "--max-size", "4MiB"], (stdin) => {
      stdin.write("{");
      const pump = () => {
        while (!stop && stdin.write(block)) {}
        if (!stop) stdin.once("drain", pump);
      };
      stdin.on("error", () => (stop = true));
      stdin.on("close", () => (stop = true));
      pump();
    });
    stop = true;
    expect(run.signal, "killed: the endless input was not cut").toBeNull();
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("standard input goes on past the size limit of 4.0 MiB");
  });
});
