/**
 * `--public-key` on `sbom validate`, `sbom inspect` and `assess`: a key and a signed SBOM made here, the signed file
 * and a tampered copy, and what each command says and exits with.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import canonicalize from "canonicalize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cra-sig-"));
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const other = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey;
  const doc = JSON.parse(readFileSync(join(fixtures, "sboms/partner-bsi-complete.cdx.json"), "utf8"));
  doc.signature = { algorithm: "ES256" };
  doc.signature.value = sign("sha256", Buffer.from(canonicalize(doc)!, "utf8"), {
    key: privateKey,
    dsaEncoding: "ieee-p1363",
  }).toString("base64url");
  writeFileSync(join(dir, "signed.cdx.json"), JSON.stringify(doc, null, 2));
  doc.components[1].version = "1.3.2";
  writeFileSync(join(dir, "tampered.cdx.json"), JSON.stringify(doc));
  writeFileSync(join(dir, "key.pem"), publicKey.export({ type: "spki", format: "pem" }));
  writeFileSync(join(dir, "other.pem"), other.export({ type: "spki", format: "pem" }));
  writeFileSync(join(dir, "not-a-key.pem"), "hello\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("--public-key", () => {
  it("sbom validate: verified passes, tampered and other-key fail with exit 2", async () => {
    const good = await runCli(["sbom", "validate", "signed.cdx.json", "--public-key", "key.pem"], { cwd: dir });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain("  signature: VERIFIED (ES256)\n");
    const tampered = await runCli(["sbom", "validate", "tampered.cdx.json", "--public-key", "key.pem"], { cwd: dir });
    expect(tampered.code).toBe(2);
    expect(tampered.stdout).toContain("  signature: FAILED (ES256): the signature does not match");
    const other = await runCli(
      ["sbom", "validate", "signed.cdx.json", "--public-key", "other.pem", "--format", "json"],
      {
        cwd: dir,
      },
    );
    expect(other.code).toBe(2);
    expect(JSON.parse(other.stdout)).toMatchObject({ valid: false, signature: { status: "failed" } });
  });

  it("a file that holds no key is an input error", async () => {
    const run = await runCli(["sbom", "validate", "signed.cdx.json", "--public-key", "not-a-key.pem"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--public-key not-a-key.pem: not a PEM public key");
  });

  it("sbom inspect reports the check, and exits 0 either way", async () => {
    const good = await runCli(["sbom", "inspect", "signed.cdx.json", "--public-key", "key.pem"], { cwd: dir });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain("  signature: VERIFIED (ES256)\n");
    const bad = await runCli(["sbom", "inspect", "tampered.cdx.json", "--public-key", "key.pem", "--format", "json"], {
      cwd: dir,
    });
    expect(bad.code).toBe(0);
    expect(JSON.parse(bad.stdout).quality.signature).toMatchObject({ status: "failed", algorithm: "ES256" });
    const none = await runCli(["sbom", "inspect", "signed.cdx.json"], { cwd: dir });
    expect(none.stdout).toContain("  signature: not checked (no --public-key)\n");
  });

  it("assess: the key decides BSI-G-8 and CISA's signature element", async () => {
    const declaration = join(fixtures, "declarations/partner-home-hub.yaml");
    const args = (sbom: string, key?: string) => [
      "assess",
      "--sbom",
      sbom,
      "--declaration",
      declaration,
      "--framework",
      "bsi-tr-03183-2@2.1,cisa-sbom-2026",
      "--as-of",
      "2028-03-01",
      "--fail-on",
      "critical",
      ...(key ? ["--public-key", key] : []),
    ];
    const statusOf = async (sbom: string, key?: string) => {
      const run = await runCli(args(sbom, key), { cwd: dir });
      // Several frameworks: one JSON array of reports.
      const reports = JSON.parse(run.stdout);
      const findings = reports.flatMap((r: { findings: { requirement: string; status: string }[] }) => r.findings);
      const get = (id: string) => findings.find((f: { requirement: string }) => f.requirement === id)?.status;
      return [get("BSI-G-8"), get("CISA26-M-2")];
    };
    expect(await statusOf("signed.cdx.json", "key.pem")).toEqual(["met", "met"]);
    expect(await statusOf("tampered.cdx.json", "key.pem")).toEqual(["gap", "gap"]);
    expect(await statusOf("signed.cdx.json")).toEqual(["needs-review", "needs-review"]);
  });

  it("assess: --public-key without --sbom is a usage error (exit 2, plain message), not silently ignored", async () => {
    const declaration = join(fixtures, "declarations/partner-home-hub.yaml");
    const run = await runCli(
      ["assess", "--declaration", declaration, "--as-of", "2028-03-01", "--public-key", "key.pem"],
      {
        cwd: dir,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("--public-key checks the signature of the SBOM given with --sbom; give --sbom too");
  });

  it("an SPDX SBOM has no field for a signature: the key decides nothing, and the facts say why", async () => {
    const spdx = join(fixtures, "spdx/examples/spdx-spec-2.3/SPDXJSONExample-v2.3.spdx.json");
    const run = await runCli(["sbom", "inspect", spdx, "--public-key", "key.pem", "--format", "json"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).quality.signature).toEqual({
      status: "unsupported",
      reason: "SPDX 2.3 has no field for an embedded signature; a detached signature of the file is not checked here",
    });
  });
});
