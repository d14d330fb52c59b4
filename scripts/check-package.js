#!/usr/bin/env node
// `npm run check:package` (run by .ci/run): the published package works on its own. Packs the project with
// `npm pack` (which builds dist/ through `prepare`), unpacks the tarball into an empty temporary folder, installs
// the production dependencies only from the lockfile and runs what a user runs from there: `--help`, `assess` on
// the packaged example product, and `serve` with an SBOM upload (stored by a worker process started from dist/).
//
// Offline and fast on purpose: dependencies come from npm's local cache (`--offline`; the project's own `npm ci`
// filled it), and install scripts are skipped. The two native addons (better-sqlite3, libxmljs2) would compile
// from source here (about 3 min of CPU on the project's machine kind, 19 min of wall time on a loaded host), so
// their build output is copied from the project's own node_modules, compiled for this Node by `npm ci`.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(join(tmpdir(), "cra-package-"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const NATIVE = ["better-sqlite3", "libxmljs2"];
const DEV_ONLY = ["tsx", "esbuild", "typescript", "vitest", "@biomejs/biome"];

function step(message) {
  console.log(`check-package: ${message}`);
}

function fail(message) {
  console.error(`check-package: FAILED: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
}

/** Runs the installed bin; returns its exit code and output without throwing on a non-zero exit. */
function bin(pkg, args) {
  try {
    return { code: 0, stdout: run(process.execPath, [join(pkg, "bin", "cra-assessor.js"), ...args], { cwd: work }) };
  } catch (error) {
    return { code: error.status ?? -1, stdout: String(error.stdout ?? ""), stderr: String(error.stderr ?? "") };
  }
}

async function serveAndUpload(pkg) {
  const db = join(work, "service.db");
  const key = bin(pkg, ["keys", "create", "--org", "acme", "--role", "manufacturer", "--db", db]);
  if (key.code !== 0) fail(`keys create exited ${key.code}: ${key.stderr}`);
  const child = spawn(process.execPath, [join(pkg, "bin", "cra-assessor.js"), "serve", "--port", "0", "--db", db], {
    cwd: work,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CRA_ASSESSOR_WORKERS: "1" },
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
  try {
    const started = Date.now();
    let url;
    while (!url) {
      url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (child.exitCode !== null) fail(`serve exited early: ${output}`);
      if (Date.now() - started > 120_000) fail(`serve did not start within 120 s: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const headers = { authorization: `Bearer ${key.stdout.trim()}` };
    const product = await fetch(`${url}/v1/products`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ name: "Packaged check" }),
    });
    if (product.status !== 201) fail(`POST /v1/products answered ${product.status}`);
    const { id } = await product.json();
    const sbom = readFileSync(join(pkg, "seeds", "examples", "home-hub-default", "sbom.cdx.json"));
    const stored = await fetch(`${url}/v1/products/${id}/sboms`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/vnd.cyclonedx+json" },
      body: sbom,
    });
    if (stored.status !== 201) fail(`POST /v1/products/${id}/sboms answered ${stored.status}: ${await stored.text()}`);
  } finally {
    child.kill("SIGTERM");
  }
  const how = await exited;
  if (how !== 0) fail(`serve stopped with ${how} after SIGTERM: ${output}`);
}

try {
  step(`packing into ${work}`);
  const packed = JSON.parse(run(npm, ["pack", "--json", "--pack-destination", work], { cwd: root }));
  const tarball = join(work, packed[0].filename);
  execFileSync("tar", ["-xzf", tarball, "-C", work]);
  const pkg = join(work, "package");
  if (!existsSync(join(pkg, "dist", "cli", "main.js"))) fail("the tarball has no dist/");
  if (existsSync(join(pkg, "tests")) || existsSync(join(pkg, "src", "cli")))
    fail("the tarball carries sources or tests");
  // package.json declares Apache-2.0: the licence text itself travels with the package (npm adds LICENSE on its own;
  // this fails if the file goes missing or stops being that licence).
  const license = existsSync(join(pkg, "LICENSE")) ? readFileSync(join(pkg, "LICENSE"), "utf8") : "";
  const declared = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).license;
  if (declared !== "Apache-2.0" || !/^\s*Apache License\s+Version 2\.0, January 2004/.test(license))
    fail(`the tarball's LICENSE is not the Apache License 2.0 that package.json declares (${declared})`);

  step("installing production dependencies from the lockfile, offline");
  cpSync(join(root, "package-lock.json"), join(pkg, "package-lock.json"));
  run(npm, ["ci", "--omit=dev", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: pkg });
  for (const name of NATIVE) {
    cpSync(join(root, "node_modules", name, "build"), join(pkg, "node_modules", name, "build"), { recursive: true });
  }
  const installed = new Set(readdirSync(join(pkg, "node_modules")));
  const devFound = DEV_ONLY.filter((name) => installed.has(name.split("/")[0]));
  if (devFound.length > 0) fail(`development packages were installed: ${devFound.join(", ")}`);

  step("cra-assessor --help");
  const help = bin(pkg, ["--help"]);
  if (help.code !== 0 || !help.stdout.startsWith("Usage: cra-assessor")) fail(`--help: exit ${help.code}`);

  step("cra-assessor assess (the packaged example product)");
  const example = join(pkg, "seeds", "examples", "home-hub-default");
  const assess = bin(pkg, [
    "assess",
    "--sbom",
    join(example, "sbom.cdx.json"),
    "--declaration",
    join(example, "declaration.yaml"),
    "--as-of",
    "2028-03-15",
    "--format",
    "json",
  ]);
  if (assess.code !== 0) fail(`assess exited ${assess.code}: ${assess.stderr}`);
  if (JSON.parse(assess.stdout).schemaVersion !== "cra-assessor-report/1") fail("assess printed no report");

  step("cra-assessor serve, one SBOM stored through a worker process");
  await serveAndUpload(pkg);
  step("ok");
} finally {
  rmSync(work, { recursive: true, force: true });
}
