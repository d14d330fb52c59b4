import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { productSbom } from "../fixtures/advisories/product-sbom.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const declaration = join(fixtures, "declarations", "acme-home-hub.yaml");

function recordingIo(cwd: string): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
    isTTY: false,
    cwd,
    env: {},
  };
  return io;
}

interface Finding {
  requirement: string;
  status: string;
  message: string;
  rules: string[];
}

let dir: string;
let sbom: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cra-assess-adv-"));
  sbom = join(dir, "bom.json");
  await writeFile(
    sbom,
    productSbom([{ ref: "parser", name: "@acme/parser", version: "1.4.1", purl: "pkg:npm/%40acme/parser@1.4.1" }]),
  );
});

async function assess(extra: string[]) {
  const io = recordingIo(dir);
  const code = await main(
    [
      "assess",
      "--sbom",
      sbom,
      "--declaration",
      declaration,
      // The advisory fixtures are dated 2099; Annex I Part I (2)(a) counts only vulnerabilities known by the
      // judging date (here the as-of date, units still being placed), so the assessment is dated after them.
      "--as-of",
      "2099-06-01",
      "--format",
      "json",
      "--fail-on",
      "never",
      ...extra,
    ],
    io,
  );
  return { code, io, findings: io.stdout ? (JSON.parse(io.stdout).findings as Finding[]) : [] };
}

describe("assess --advisories", () => {
  it("turns a matched KEV-listed advisory into P1-2a gaps that name it", async () => {
    const without = await assess([]);
    expect(without.code).toBe(0);
    expect(without.io.stdout).not.toContain("CVE-2099-0001");

    const withAdvisories = await assess([
      "--advisories",
      join(fixtures, "advisories", "osv"),
      join(fixtures, "advisories", "kev.json"),
    ]);
    expect(withAdvisories.code).toBe(0);
    const p12a = withAdvisories.findings.filter((f) => f.requirement === "CRA-AI-P1-2a" && f.status === "gap");
    expect(p12a.length).toBeGreaterThan(0);
    expect(withAdvisories.io.stdout).toContain("CVE-2099-0001");
  });

  it("fails closed with exit 2 on a malformed advisory file", async () => {
    const result = await assess(["--advisories", join(fixtures, "advisories", "malformed")]);
    expect(result.code).toBe(2);
    expect(result.io.stderr).toContain("b-broken-syntax.json");
  });
});
