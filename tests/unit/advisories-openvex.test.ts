/**
 * OpenVEX as a VEX source: the specification's and go-vex's documents read (or are refused by the OpenVEX 0.2.0
 * schema, located), statuses map to CycloneDX impact states, subcomponents are what a statement is about, and our
 * own OpenVEX export reads back.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAdvisoryJson } from "../../src/advisories/document.js";
import { toOpenVex } from "../../src/vex/export.js";

const dir = fileURLToPath(new URL("../fixtures/openvex/", import.meta.url));
const read = (name: string) => parseAdvisoryJson(readFileSync(`${dir}${name}`, "utf8"), name);

describe("OpenVEX documents", () => {
  it("the specification's minimal document: one fixed statement per product purl", () => {
    const doc = read("minimal-document.json");
    expect(doc.kind).toBe("openvex");
    expect(doc.issues).toEqual([]);
    expect(doc.vex).toEqual([
      expect.objectContaining({
        ids: ["CVE-2023-12345"],
        purl: "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7",
        state: "resolved",
      }),
      expect.objectContaining({
        ids: ["CVE-2023-12345"],
        purl: "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64",
        state: "resolved",
      }),
    ]);
  });

  it("go-vex's 0.2.0 document: every statement read, states mapped", () => {
    const doc = read("v0.2.0.json");
    expect(doc.issues).toEqual([]);
    expect(doc.vex.length).toBeGreaterThan(0);
    for (const statement of doc.vex)
      expect(["not_affected", "exploitable", "resolved", "in_triage"]).toContain(statement.state);
  });

  it("a document that breaks the 0.2.0 schema (no timestamp, version) gives located issues and no statements", () => {
    for (const name of ["v020-1.vex.json", "v0.0.1.json"]) {
      const doc = read(name);
      expect(doc.kind).toBe("openvex");
      expect(doc.vex).toEqual([]);
      expect(doc.issues.length).toBeGreaterThan(0);
      expect(doc.issues[0]).toMatchObject({ source: name, constraint: "schema" });
    }
  });

  it("an unknown status is refused by the schema with its pointer", () => {
    const text = JSON.stringify({
      "@context": "https://openvex.dev/ns/v0.2.0",
      "@id": "urn:test:1",
      author: "t",
      timestamp: "2028-01-01T00:00:00Z",
      version: 1,
      statements: [{ vulnerability: { name: "CVE-1" }, products: [{ "@id": "pkg:npm/a@1" }], status: "maybe" }],
    });
    const doc = parseAdvisoryJson(text, "bad.json");
    expect(doc.vex).toEqual([]);
    expect(doc.issues.map((i) => i.path)).toContain("/statements/0/status");
  });
});

describe("our own OpenVEX export reads back", () => {
  it("the component (subcomponent) carries the analysis, in CycloneDX words", () => {
    const exported = toOpenVex(
      { id: "prd_1", name: "Hub", version: "2.3.0", manufacturer: "Acme" },
      [
        {
          productId: "prd_1",
          organizationId: "org_1",
          productVersion: "2.3.0",
          vulnerability: "CVE-2021-23337",
          component: "pkg:npm/lodash@4.17.20",
          state: "not_affected",
          justification: "code_not_reachable",
          responses: [],
          author: "t",
          updatedAt: "2028-01-01T00:00:00Z",
        },
      ],
      "2028-01-02T00:00:00Z",
    );
    const doc = parseAdvisoryJson(JSON.stringify(exported), "ours.json");
    expect(doc.issues).toEqual([]);
    expect(doc.vex).toEqual([
      expect.objectContaining({
        ids: ["CVE-2021-23337"],
        purl: "pkg:npm/lodash@4.17.20",
        state: "not_affected",
        justification: "vulnerable_code_not_in_execute_path",
      }),
    ]);
  });
});
