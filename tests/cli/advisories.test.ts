import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { createAdvisoryStore } from "../../src/db/sqlite/advisory-repository.js";
import { openSqlite } from "../../src/db/sqlite/open.js";
import { productSbom } from "../fixtures/advisories/product-sbom.js";

const fixtures = fileURLToPath(new URL("../fixtures/advisories/", import.meta.url));

function recordingIo(cwd: string, isTTY = false): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
    isTTY,
    cwd,
    env: {},
  };
  return io;
}

let dir: string;
let db: string;
let sbomPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cra-adv-cli-"));
  db = join(dir, "test.db");
  sbomPath = join(dir, "bom.json");
  await writeFile(
    sbomPath,
    productSbom([
      { ref: "parser", name: "@acme/parser", version: "1.4.1", purl: "pkg:npm/%40acme/parser@1.4.1" },
      { ref: "crypto", name: "acme-crypto", version: "0.5.2", purl: "pkg:cargo/acme-crypto@0.5.2" },
      { ref: "safe", name: "acme-crypto", version: "0.5.3", purl: "pkg:cargo/acme-crypto@0.5.3" },
    ]),
  );
});

describe("cra-assessor advisories import", () => {
  it("imports, is idempotent, and updates a changed record", async () => {
    const paths = [
      join(fixtures, "osv"),
      join(fixtures, "kev.json"),
      join(fixtures, "vex-cyclonedx.json"),
      join(fixtures, "vex-csaf.json"),
    ];
    const first = recordingIo(dir);
    expect(await main(["advisories", "import", ...paths, "--db", db], first)).toBe(0);
    expect(first.stdout).toMatch(/imported 11 document\(s\): \d+ new, 0 updated, 0 unchanged record\(s\); 1 withdrawn/);
    const inserted = Number(/(\d+) new/.exec(first.stdout)?.[1]);
    expect(inserted).toBeGreaterThan(10);

    const again = recordingIo(dir);
    expect(await main(["advisories", "import", ...paths, "--db", db], again)).toBe(0);
    expect(again.stdout).toContain(`0 new, 0 updated, ${inserted} unchanged`);

    // Change one record's fixed version: exactly that record is rewritten.
    const changedDir = join(dir, "changed");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(changedDir);
    const record = JSON.parse(await readFile(join(fixtures, "osv", "cargo-RUSTSEC-2099-0003.json"), "utf8"));
    record.affected[0].ranges[0].events[1].fixed = "0.5.4";
    await writeFile(join(changedDir, "moved-name.json"), JSON.stringify(record));
    const third = recordingIo(dir);
    expect(await main(["advisories", "import", changedDir, "--db", db], third)).toBe(0);
    expect(third.stdout).toContain("0 new, 1 updated, 0 unchanged");

    const database = openSqlite(db);
    try {
      const stored = await createAdvisoryStore(database).advisoriesForPackages(["cargo//acme-crypto"]);
      expect(stored.map((a) => a.id)).toEqual(["RUSTSEC-2099-0003"]);
      expect(JSON.stringify(stored[0]?.affected)).toContain("0.5.4");
    } finally {
      database.close();
    }
  });

  it("skips malformed files and records with their path, stores the rest, and exits 2", async () => {
    const io = recordingIo(dir);
    const badDb = join(dir, "bad.db");
    expect(await main(["advisories", "import", join(fixtures, "malformed"), "--db", badDb], io)).toBe(2);
    expect(io.stderr).toContain("c-bad-records.json /0/affected/0/ranges/0/events/0");
    expect(io.stderr).toContain("b-broken-syntax.json");
    expect(io.stdout).toContain("2 new");
    const database = openSqlite(badDb);
    try {
      expect((await createAdvisoryStore(database).counts()).advisory).toBe(2);
    } finally {
      database.close();
    }
  });

  it("draws a progress bar on a terminal only", async () => {
    const tty = recordingIo(dir, true);
    await main(["advisories", "import", join(fixtures, "osv"), "--db", join(dir, "tty.db")], tty);
    expect(tty.stderr).toContain("importing [");
    const pipe = recordingIo(dir, false);
    await main(["advisories", "import", join(fixtures, "osv"), "--db", join(dir, "pipe.db")], pipe);
    expect(pipe.stderr).toBe("");
  });
});

describe("cra-assessor advisories match", () => {
  it("from files: lists matches with VEX and exits 1 when one is exploitable", async () => {
    const io = recordingIo(dir);
    const code = await main(
      [
        "advisories",
        "match",
        "--sbom",
        sbomPath,
        "--advisories",
        join(fixtures, "osv"),
        join(fixtures, "kev.json"),
        join(fixtures, "vex-cyclonedx.json"),
      ],
      io,
    );
    expect(code).toBe(1);
    expect(io.stdout).toContain(
      "critical CVE-2099-0001 (GHSA-7x2q-9f3v-wq4m) @acme/parser@1.4.1 fixed in 1.4.2, 2.1.0 [KEV, exploitable]",
    );
    expect(io.stdout).toContain("not exploitable (not_affected)");
    expect(io.stdout).toContain("2 match(es), 1 exploitable");
  });

  it("from the database gives the same matches as from files", async () => {
    const sameDb = join(dir, "same.db");
    const paths = [
      join(fixtures, "osv"),
      join(fixtures, "kev.json"),
      join(fixtures, "vex-cyclonedx.json"),
      join(fixtures, "vex-csaf.json"),
    ];
    expect(await main(["advisories", "import", ...paths, "--db", sameDb], recordingIo(dir))).toBe(0);
    const fromDb = recordingIo(dir);
    await main(["advisories", "match", "--sbom", sbomPath, "--db", sameDb, "--format", "json"], fromDb);
    const fromFiles = recordingIo(dir);
    await main(
      [
        "advisories",
        "match",
        "--sbom",
        sbomPath,
        "--format",
        "json",
        "--advisories",
        join(fixtures, "osv"),
        join(fixtures, "kev.json"),
        join(fixtures, "vex-cyclonedx.json"),
        join(fixtures, "vex-csaf.json"),
      ],
      fromFiles,
    );
    const strip = (s: string) =>
      JSON.parse(s).map((m: { vex?: unknown; fixedVersions: string[] }) => ({
        ...m,
        vex: undefined,
        fixedVersions: undefined,
      }));
    expect(strip(fromDb.stdout)).toEqual(strip(fromFiles.stdout));
    expect(JSON.parse(fromDb.stdout)).toHaveLength(2);
  });

  it("exits 2 for an SBOM that is not valid", async () => {
    const bad = join(dir, "bad-bom.json");
    await writeFile(bad, '{"bomFormat":"CycloneDX","specVersion":"1.6","components":"nope"}');
    const io = recordingIo(dir);
    expect(await main(["advisories", "match", "--sbom", bad, "--advisories", join(fixtures, "osv")], io)).toBe(2);
  });

  it("has useful help", async () => {
    const io = recordingIo(dir);
    expect(await main(["advisories", "import", "--help"], io)).toBe(0);
    expect(io.stdout).toContain("Example");
    expect(io.stdout).toContain("--db");
  });
});
