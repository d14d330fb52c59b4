/**
 * The CycloneDX specification's own conformance suite (tests/fixtures/cyclonedx-spec, 739 documents, spec
 * 1.2–1.7, JSON and XML): every valid-* document is accepted, every invalid-* document is rejected with at least
 * one located issue. No exclusion list: every file in the folders is run.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateSbomBytes } from "../../src/sbom/validate.js";

const corpus = fileURLToPath(new URL("../fixtures/cyclonedx-spec", import.meta.url));
const versions = ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"];
const documents = versions.flatMap((version) =>
  readdirSync(join(corpus, version))
    .sort()
    .map((name) => ({ version, name, path: join(corpus, version, name) })),
);

describe("CycloneDX specification conformance suite", () => {
  it("is all there (739 documents, per the corpus README)", () => {
    expect(documents).toHaveLength(739);
    expect(documents.every(({ name }) => /^(valid|invalid)-.*\.(json|xml)$/.test(name))).toBe(true);
  });

  for (const version of versions) {
    describe(`spec ${version}`, () => {
      for (const { name, path } of documents.filter((document) => document.version === version)) {
        const format = name.endsWith(".json") ? "json" : "xml";
        if (name.startsWith("valid-")) {
          it(`accepts ${name}`, () => {
            const result = validateSbomBytes(readFileSync(path));
            if (!result.ok) expect.fail(JSON.stringify(result.issues, null, 2));
            expect(result.format).toBe(format);
            expect(result.specVersion).toBe(version);
            expect(result.document.format).toBe(format);
          });
        } else {
          it(`rejects ${name} with located issues`, () => {
            const result = validateSbomBytes(readFileSync(path));
            expect(result.ok).toBe(false);
            if (result.ok) return;
            expect(result.issues.length).toBeGreaterThan(0);
            expect(result.format).toBe(format);
            for (const issue of result.issues) {
              const located = format === "json" ? issue.path !== undefined : (issue.line ?? 0) > 0;
              expect(located, JSON.stringify(issue)).toBe(true);
              expect(issue.constraint).not.toBe("");
              expect(issue.message.length).toBeGreaterThan(10);
            }
          });
        }
      }
    });
  }
});
