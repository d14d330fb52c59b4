/**
 * Shipped samples, seeds and test fixtures carry no absolute path of the machine that made them (a checkout under
 * /work, a scratch file under /tmp, a home folder): such a path says nothing to a reader of a clone and leaks where
 * the file was generated. Generators such as cdxgen write them into evidence and properties unless told otherwise.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FOLDERS = ["sbom-samples", "seeds", "tests/fixtures"];

/** An absolute path starting at /work/, /tmp/ or /home/: not the tail of a URL or of a longer path. */
const MACHINE_PATH = /(?<![\w.~%-])\/(?:work|tmp|home)\/[^\s"'<>]*/g;

/**
 * Upstream documents kept verbatim: the CycloneDX specification's formulation examples name a build workspace
 * `/tmp/workspace` as example data of the standard, not a path of this machine.
 */
const UPSTREAM_EXAMPLES = new Map(
  ["1.5", "1.6", "1.7"].flatMap((version) =>
    ["json", "xml"].map((ext) => [
      `tests/fixtures/cyclonedx-spec/${version}/valid-formulation-${version}.${ext}`,
      ["/tmp/workspace"],
    ]),
  ),
);

function machinePaths(text: string): string[] {
  return [...text.matchAll(MACHINE_PATH)].map((match) => match[0]);
}

function filesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

describe("machine-specific paths", () => {
  it("are recognized where they stand, and not inside URLs or relative paths", () => {
    expect(machinePaths('{"value":"/work/main/node_modules/.bin/tsx"}')).toEqual(["/work/main/node_modules/.bin/tsx"]);
    expect(machinePaths("file:///tmp/x.json and /home/me/sbom.json")).toEqual(["/tmp/x.json", "/home/me/sbom.json"]);
    expect(machinePaths("https://example.com/work/x node_modules/.bin/tsx src/tmp/a")).toEqual([]);
  });

  it("appear in no sample, seed or fixture", () => {
    const found: string[] = [];
    for (const file of FOLDERS.flatMap(filesUnder)) {
      const bytes = readFileSync(join(ROOT, file));
      if (bytes.includes(0)) continue; // binary: no text path to read
      const allowed = UPSTREAM_EXAMPLES.get(file.split("\\").join("/")) ?? [];
      for (const path of machinePaths(bytes.toString("utf8"))) {
        if (!allowed.includes(path)) found.push(`${file}: ${path}`);
      }
    }
    expect(found).toEqual([]);
  });
});
