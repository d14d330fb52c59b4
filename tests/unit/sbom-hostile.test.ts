/**
 * Hostile and mistaken input: every case ends in located issues with a plain message, never an exception, a
 * hang or a stack overflow. Big inputs are generated here at run time (a sparse file for the size limit).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseXml } from "libxmljs2";
import { afterAll, describe, expect, it } from "vitest";
import type { InputIssue } from "../../src/domain/input-issue.js";
import { DEFAULT_MAX_BYTES, readSbomFile, type SbomValidation, validateSbomBytes } from "../../src/sbom/validate.js";
import { XML_PARSE_OPTIONS } from "../../src/sbom/validate-xml.js";

const fixtures = fileURLToPath(new URL("../fixtures/hostile/", import.meta.url));
const fixture = (name: string) => readFileSync(join(fixtures, name));
const encode = (text: string) => new TextEncoder().encode(text);

/** The single issue of a rejected document; fails the test if it was accepted or has several. */
function onlyIssue(result: SbomValidation): InputIssue {
  if (result.ok) throw new Error("expected the input to be rejected");
  expect(result.issues).toHaveLength(1);
  return result.issues[0]!;
}

const validCycloneDx = JSON.stringify(
  {
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    version: 1,
    metadata: { timestamp: "2025-01-01T00:00:00Z", component: { type: "application", name: "app", "bom-ref": "app" } },
    components: [
      { type: "library", name: "a", version: "1.0.0", "bom-ref": "a", purl: "pkg:npm/a@1.0.0" },
      { type: "library", name: "b", version: "2.0.0", "bom-ref": "b", licenses: [{ license: { id: "MIT" } }] },
    ],
    dependencies: [
      { ref: "app", dependsOn: ["a"] },
      { ref: "a", dependsOn: ["b"] },
    ],
  },
  null,
  2,
);

describe("broken JSON", () => {
  it("locates a syntax error by line and column", () => {
    const text = '{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.6"\n  "version": 1\n}';
    expect(onlyIssue(validateSbomBytes(encode(text)))).toMatchObject({ line: 4, column: 3, constraint: "syntax" });
  });

  it("says a truncated file is truncated, at its end", () => {
    const text = validCycloneDx.slice(0, 400);
    const issue = onlyIssue(validateSbomBytes(encode(text)));
    expect(issue.constraint).toBe("syntax");
    expect(issue.message).toMatch(/truncated|not closed/);
    const lines = text.split("\n");
    expect(issue.line).toBe(lines.length);
  });

  it("survives every truncation and byte flip of a valid document (200 seeded mutations)", () => {
    const bytes = encode(validCycloneDx);
    let state = 7;
    const next = (limit: number) => {
      state = (state * 48271) % 2147483647;
      return state % limit;
    };
    for (let round = 0; round < 200; round++) {
      const mutated = bytes.slice(0, round % 2 === 0 ? next(bytes.length) : bytes.length);
      if (round % 2 === 1) for (let flips = 0; flips < 3; flips++) mutated[next(mutated.length)] = next(256);
      const result = validateSbomBytes(mutated);
      if (result.ok) continue; // A flip inside a string can leave a valid document.
      expect(result.issues.length).toBeGreaterThan(0);
      for (const issue of result.issues) {
        expect(issue.path !== undefined || issue.line !== undefined, JSON.stringify(issue)).toBe(true);
        expect(issue.message.length).toBeGreaterThan(10);
      }
    }
  });

  it("refuses an empty or blank file plainly", () => {
    for (const text of ["", "   \n\t  \n"]) {
      expect(onlyIssue(validateSbomBytes(encode(text)))).toMatchObject({ constraint: "empty", line: 1 });
    }
  });
});

describe("bad encodings", () => {
  it("gives the byte offset of invalid UTF-8", () => {
    const bytes = encode('{"bomFormat": "CycloneDX",\n "name": "caf\u00e9 Q"}');
    const offset = bytes.indexOf(0x51); // the "Q"
    bytes[offset] = 0xff;
    const issue = onlyIssue(validateSbomBytes(bytes));
    expect(issue).toMatchObject({ constraint: "encoding", line: 2 });
    expect(issue.message).toContain(`byte offset ${offset}`);
    expect(issue.message).toContain("0xff");
  });

  it("rejects overlong encodings, encoded surrogates and cut-off sequences", () => {
    const prefix = encode('{"a": "');
    for (const bad of [
      [0xc0, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
    ]) {
      const bytes = new Uint8Array([...prefix, ...bad]);
      const issue = onlyIssue(validateSbomBytes(bytes));
      expect(issue.constraint).toBe("encoding");
      expect(issue.message).toContain(`byte offset ${prefix.length}`);
    }
  });

  it("asks for UTF-8 when handed UTF-16", () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('{"bomFormat":"CycloneDX"}', "utf16le")]);
    expect(onlyIssue(validateSbomBytes(utf16)).message).toContain("UTF-16");
  });

  it("refuses binary noise without crashing", () => {
    const noise = new Uint8Array(4096);
    for (let index = 0; index < noise.length; index++) noise[index] = (index * 7919) % 251;
    const result = validateSbomBytes(noise);
    expect(result.ok).toBe(false);
  });
});

describe("size limit", () => {
  const dir = mkdtempSync(join(tmpdir(), "cra-sbom-hostile-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a file over 1 GiB from its size on disk, without reading it (sparse file)", async () => {
    const path = join(dir, "huge.cdx.json");
    writeFileSync(path, "");
    await truncate(path, DEFAULT_MAX_BYTES + 1);
    const before = process.memoryUsage().rss;
    const result = await readSbomFile(path);
    expect(result).toMatchObject({ ok: false, issues: [{ constraint: "size-limit" }] });
    if (!result.ok) expect(result.issues[0]!.message).toContain(`${DEFAULT_MAX_BYTES + 1} bytes`);
    // Reading it would have cost a gigabyte; the check itself costs next to nothing.
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it("takes a configurable limit", async () => {
    const path = join(dir, "small.cdx.json");
    writeFileSync(path, validCycloneDx);
    expect(await readSbomFile(path, { maxBytes: 100 })).toMatchObject({
      ok: false,
      issues: [{ constraint: "size-limit" }],
    });
    expect((await readSbomFile(path, { maxBytes: 1_000_000 })).ok).toBe(true);
  });
});

describe("nesting depth", () => {
  it("refuses 100,000 nested arrays before parsing", () => {
    const text = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const issue = onlyIssue(validateSbomBytes(encode(text)));
    expect(issue).toMatchObject({ constraint: "depth-limit", line: 1, column: 257 });
  });

  it("refuses 100,000 nested objects inside a CycloneDX document", () => {
    const deep = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    const text = `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x","data":${deep}}]}`;
    expect(onlyIssue(validateSbomBytes(encode(text))).constraint).toBe("depth-limit");
  });

  it("is not fooled by brackets inside strings", () => {
    const doc = JSON.parse(validCycloneDx);
    doc.components[0].description = `${"[{".repeat(5000)} \\" ${"[".repeat(5000)}`;
    expect(validateSbomBytes(encode(JSON.stringify(doc))).ok).toBe(true);
  });

  it("accepts components nested 100 levels deep (within the limit) without overflowing", () => {
    let component: Record<string, unknown> = { type: "library", name: "leaf", "bom-ref": "c100" };
    for (let level = 99; level >= 0; level--) {
      component = { type: "library", name: `c${level}`, "bom-ref": `c${level}`, components: [component] };
    }
    const doc = { bomFormat: "CycloneDX", specVersion: "1.6", version: 1, components: [component] };
    expect(validateSbomBytes(encode(JSON.stringify(doc)))).toMatchObject({ ok: true, componentCount: 101 });
  });

  it("reports, rather than crashes, when a raised depth limit lets ajv's recursion overflow", () => {
    let nested = '{"type":"library","name":"leaf"}';
    for (let level = 0; level < 50_000; level++) nested = `{"type":"library","name":"n","components":[${nested}]}`;
    const text = `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[${nested}]}`;
    const result = validateSbomBytes(encode(text), { maxDepth: 1_000_000 });
    expect(onlyIssue(result).constraint).toBe("depth-limit");
  });

  it("refuses XML nested 100,000 deep with libxml2's own limit, located", () => {
    const text = `<bom xmlns="http://cyclonedx.org/schema/bom/1.6">${"<a>".repeat(100_000)}${"</a>".repeat(100_000)}</bom>`;
    const issue = onlyIssue(validateSbomBytes(encode(text)));
    expect(issue.constraint).toBe("depth-limit");
    expect(issue.line).toBe(1);
  });
});

describe("prototype keys", () => {
  it("treats __proto__ and constructor as unknown properties, and pollutes nothing", () => {
    const text =
      '{"bomFormat":"CycloneDX","specVersion":"1.6","__proto__":{"polluted":true},' +
      '"components":[{"type":"library","name":"a","constructor":{"prototype":{"polluted":true}},"__proto__":{"isAdmin":true}}]}';
    const result = validateSbomBytes(encode(text));
    if (result.ok) throw new Error("expected rejection");
    expect(result.issues.map((issue) => issue.path).sort()).toEqual([
      "/__proto__",
      "/components/0/__proto__",
      "/components/0/constructor",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it("does not resolve a dependency on 'constructor' or '__proto__' through the prototype chain", () => {
    const doc = JSON.parse(validCycloneDx);
    doc.dependencies.push({ ref: "b", dependsOn: ["constructor", "__proto__", "toString"] });
    const result = validateSbomBytes(encode(JSON.stringify(doc)));
    if (result.ok) throw new Error("expected rejection");
    expect(result.issues.map((issue) => `${issue.path} ${issue.constraint}`)).toEqual([
      "/dependencies/2/dependsOn/0 dangling-ref",
      "/dependencies/2/dependsOn/1 dangling-ref",
      "/dependencies/2/dependsOn/2 dangling-ref",
    ]);
  });

  it("accepts those words as ordinary values and bom-refs", () => {
    const doc = JSON.parse(validCycloneDx);
    doc.components[0]["bom-ref"] = "__proto__";
    doc.components[1]["bom-ref"] = "constructor";
    doc.dependencies = [
      { ref: "app", dependsOn: ["__proto__"] },
      { ref: "__proto__", dependsOn: ["constructor"] },
    ];
    expect(validateSbomBytes(encode(JSON.stringify(doc))).ok).toBe(true);
  });
});

describe("XML attacks", () => {
  for (const [name, line] of [
    ["xxe.cdx.xml", 2],
    ["billion-laughs.cdx.xml", 2],
    ["parameter-entity.cdx.xml", 3],
  ] as const) {
    it(`refuses ${name} at its DOCTYPE, before parsing`, () => {
      const issue = onlyIssue(validateSbomBytes(fixture(name)));
      expect(issue).toMatchObject({ constraint: "doctype", line, column: 1 });
      expect(issue.message).toContain("DOCTYPE");
    });
  }

  it("would not expand the external entity even without the DOCTYPE refusal (defence in depth)", () => {
    const document = parseXml(fixture("xxe.cdx.xml").toString("utf8"), XML_PARSE_OPTIONS);
    expect(document.root()?.text()).not.toMatch(/root:/);
  });

  it("locates malformed XML by line and column", () => {
    const text = '<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6">\n  <components>\n</bom>';
    expect(onlyIssue(validateSbomBytes(encode(text)))).toMatchObject({ constraint: "syntax", line: 4 });
  });
});

describe("documents that are not CycloneDX", () => {
  // These small SPDX documents were refused until SPDX input existed; now they are read. Each has one package
  // and no DESCRIBES relationship, so no root and one component (the YAML one has no packages at all).
  for (const [name, format, specVersion, components] of [
    ["spdx-2.3.spdx.json", "json", "2.3", 1],
    ["spdx-2.3.spdx", "tag-value", "2.3", 1],
    ["spdx-2.3.spdx.yaml", "yaml", "2.3", 0],
    ["spdx-3.0.spdx.json", "json", "3.0.1", 1],
  ] as const) {
    it(`reads ${name} as SPDX ${specVersion} (${format})`, () => {
      const result = validateSbomBytes(fixture(name));
      expect(result).toMatchObject({ ok: true, standard: "SPDX", format, specVersion, componentCount: components });
    });
  }

  it("says that SPDX RDF/XML is SPDX in a serialisation it does not read", () => {
    const issue = onlyIssue(validateSbomBytes(fixture("spdx-2.3.rdf.xml")));
    expect(issue.constraint).toBe("spdx-serialisation");
    expect(issue.message).toContain("this is an SPDX document in RDF/XML");
    expect(issue.message).toContain("Export the SPDX document as JSON, YAML or tag-value");
  });

  it("says JSON without bomFormat is not CycloneDX", () => {
    const issue = onlyIssue(validateSbomBytes(fixture("package.json.txt")));
    expect(issue).toMatchObject({ path: "/bomFormat", constraint: "not-cyclonedx" });
  });

  it("says XML in another namespace is not CycloneDX", () => {
    const issue = onlyIssue(validateSbomBytes(fixture("maven-pom.xml")));
    expect(issue).toMatchObject({ line: 2, constraint: "not-cyclonedx" });
    expect(issue.message).toContain("http://maven.apache.org/POM/4.0.0");
  });

  it("rejects JSON values that are not objects", () => {
    for (const text of ["[]", "[1, 2]", '"CycloneDX"', "42", "-1", "null", "true\n"]) {
      expect(onlyIssue(validateSbomBytes(encode(text)))).toMatchObject({ path: "", constraint: "not-cyclonedx" });
    }
  });

  it("names the supported versions when the version is not one of them", () => {
    for (const specVersion of ["1.1", "2.0", 1.6]) {
      const issue = onlyIssue(validateSbomBytes(encode(JSON.stringify({ bomFormat: "CycloneDX", specVersion }))));
      expect(issue).toMatchObject({ path: "/specVersion", constraint: "spec-version" });
      expect(issue.message).toContain("1.2, 1.3, 1.4, 1.5, 1.6, 1.7");
    }
    const xml = '<bom xmlns="http://cyclonedx.org/schema/bom/1.1" version="1"/>';
    expect(onlyIssue(validateSbomBytes(encode(xml))).constraint).toBe("spec-version");
  });

  it("rejects YAML and plain text as neither JSON nor XML", () => {
    expect(onlyIssue(validateSbomBytes(encode("bomFormat: CycloneDX\nspecVersion: '1.6'\n"))).constraint).toBe(
      "not-cyclonedx",
    );
  });
});

describe("floods of errors stay bounded", () => {
  it("caps 20,000 invalid components and counts every error", () => {
    const components = Array.from({ length: 20_000 }, (_, index) => ({ type: "gadget", name: `c${index}` }));
    const result = validateSbomBytes(
      encode(JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", components })),
    );
    if (result.ok) throw new Error("expected rejection");
    expect(result.issues).toHaveLength(100);
    expect(result.issues.length + (result.omitted ?? 0)).toBe(20_000);
  });

  it("explains 20,000 failed licence choices (oneOf) one by one, each about its own component", () => {
    // Each component's oneOf error must sum up only its own branches: the summary walk stops at the component.
    const components = Array.from({ length: 20_000 }, (_, index) => ({
      type: "library",
      name: `c${index}`,
      licenses: [{ license: { id: "MIT" }, expression: "MIT" }],
    }));
    const result = validateSbomBytes(
      encode(JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", components })),
    );
    if (result.ok) throw new Error("expected rejection");
    expect(result.issues.length + (result.omitted ?? 0)).toBe(20_000);
    expect(result.issues[1]).toMatchObject({ path: "/components/1/licenses", constraint: "oneOf" });
    expect(result.issues[1]!.message).not.toContain("/components/0");
  });

  it("checks 2,000 pathological e-mail addresses without the e-mail parser's 100 ms each", () => {
    // Each of these costs smtp-address-parser over 100 ms (minutes in all); the grammar-exact fast path is linear.
    const email = `${"a.".repeat(480)}@x`;
    const components = Array.from({ length: 2_000 }, (_, index) => ({
      type: "library",
      name: `c${index}`,
      supplier: { name: "s", contact: [{ email }] },
    }));
    const result = validateSbomBytes(
      encode(JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", components })),
    );
    if (result.ok) throw new Error("expected rejection");
    expect(result.issues[0]).toMatchObject({ path: "/components/0/supplier/contact/0/email", constraint: "format" });
    expect(result.issues.length + (result.omitted ?? 0)).toBe(2_000);
  });

  it("bounds the errors of a list of 5,000 identical components", () => {
    const components = Array.from({ length: 5_000 }, () => ({ type: "library", name: "same" }));
    const result = validateSbomBytes(
      encode(JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.4", components })),
    );
    if (result.ok) throw new Error("expected rejection");
    expect(result.issues).toHaveLength(100);
    expect(result.issues[0]).toMatchObject({ path: "/components/1", constraint: "uniqueItems" });
    // 1,000 duplicates are listed one by one, the rest in one summary error.
    expect(result.issues.length + (result.omitted ?? 0)).toBe(1_001);
  });
});
