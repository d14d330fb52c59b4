import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import {
  declarationJsonSchema,
  MAX_DECLARATION_CHARS,
  parseDeclaration,
  parseDeclarationValue,
} from "../../src/declaration/parse.js";
import { DOCUMENT_ID_PATTERN, documentReferences, SECURITY_PROPERTY_KEYS } from "../../src/declaration/schema.js";
import type { InputIssue } from "../../src/domain/input-issue.js";

// ajv-formats is CommonJS with a default export that NodeNext typing does not see as callable.
const addFormats = createRequire(import.meta.url)("ajv-formats") as (ajv: Ajv2020) => Ajv2020;

const fixture = (name: string) => readFileSync(new URL(`../fixtures/declarations/${name}`, import.meta.url), "utf8");

const HEAD = "format: cra-declaration/1\nproduct:\n  name: Widget\n";

function issuesOf(text: string): InputIssue[] {
  const parsed = parseDeclaration(text, "test.yaml");
  if (parsed.ok) throw new Error("expected the declaration to be refused");
  return parsed.issues;
}

describe("valid declarations", () => {
  it("accepts the complete Acme Home Hub example with every section", () => {
    const parsed = parseDeclaration(fixture("acme-home-hub.yaml"), "acme-home-hub.yaml");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues, null, 2));
    const d = parsed.value;
    expect(d.product.name).toBe("Acme Home Hub");
    expect(d.product.category).toBe("CRA-DEFAULT");
    expect(d.product.placedOnMarket).toBe("2028-03-01");
    expect(d.supportPeriod?.end).toBe("2034-03");
    expect(Object.keys(d.securityProperties ?? {}).sort()).toEqual([...SECURITY_PROPERTY_KEYS]);
    expect(d.securityProperties?.["2g"]).toEqual({
      status: "not-applicable",
      justification: "Stores no user data; sensor readings stay in volatile memory.",
    });
    expect(d.updates?.securityUpdatesSeparate).toBe(true);
    expect(d.vulnerabilityHandling).not.toHaveProperty("sbomForUsersUrl");
    expect(d.product.openSource).toEqual({ foss: false, steward: false });
    expect(d.conformity?.route).toBe("A");
    expect(d.documents?.map((doc) => doc.id)).toContain("doc-risk");
  });

  it("accepts the minimal declaration: missing facts are gaps for the assessment, not input errors", () => {
    const parsed = parseDeclaration(fixture("minimal.yaml"));
    expect(parsed).toEqual({ ok: true, value: { format: "cra-declaration/1", product: { name: "Minimal Widget" } } });
  });

  it("accepts empty sections, nulls, and statuses that are gaps (not-applicable without justification)", () => {
    const text = `${HEAD}supportPeriod: {}\nupdates: { mechanism: none, signed: false }\nsecurityProperties:\n  2d: { status: not-applicable }\n  2e: { status: not-implemented }\nmanufacturer: { email: null }\ndocuments: []\n`;
    const parsed = parseDeclaration(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.value.securityProperties?.["2d"]).toEqual({ status: "not-applicable" });
    // null is accepted as "none" and removed, so consumers meet one kind of absence.
    expect(parsed.value.manufacturer).toEqual({});
    const fromValue = parseDeclarationValue({ format: "cra-declaration/1", product: { name: "X", model: null } });
    expect(fromValue).toEqual({ ok: true, value: { format: "cra-declaration/1", product: { name: "X" } } });
  });

  it("reads JSON as well as YAML, with the same result", () => {
    const yamlValue = parseDeclaration(fixture("acme-home-hub.yaml"));
    const asJson = JSON.stringify(parseYaml(fixture("acme-home-hub.yaml")), null, 2);
    const jsonValue = parseDeclaration(asJson, "acme.json");
    expect(jsonValue.ok).toBe(true);
    expect(jsonValue).toEqual(yamlValue);
  });

  it("accepts the mutual-recognition extensions: certifications, an ETSI ICS and a PSTI statement of compliance", () => {
    const text = `${HEAD}certifications:
  - { scheme: sg-cls, level: "2", version: "1.4", certificateId: CLS-2-0042, issuer: CSA, assurance: third-party, validUntil: 2029-06-30, scope: "AH-100 firmware 2.x", ics: doc-ics }
etsiIcs:
  version: "3.1.3"
  provisions:
    5.1-1: { answer: yes, evidence: [doc-ics] }
    5.3-4A: { answer: not-applicable, justification: "No automatic updates." }
    5.2-2: { answer: no }
pstiStatementOfCompliance:
  productType: Home hub
  batch: "2028-W09"
  manufacturers: [{ name: Acme Devices GmbH, address: "Musterstrasse 1, Berlin" }]
  preparedByOrForManufacturer: true
  complianceDeclared: true
  complianceBasis: { passwords: etsi-en-303-645@2.1.1, vulnerabilityReporting: iso-iec-29147, supportPeriod: schedule-1 }
  definedSupportPeriod: { end: 2034-03 }
  signatory: { name: A. Person, function: CEO, signed: true }
  placeOfIssue: Berlin
  dateOfIssue: 2028-02-01
  standards: [{ reference: ETSI EN 303 645, version: "2.1.1", dateOfIssue: 2020-06-01 }]
documents:
  - { id: doc-ics, kind: implementation-conformance-statement }
`;
    const parsed = parseDeclaration(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues, null, 2));
    expect(parsed.value.etsiIcs?.provisions["5.1-1"]?.answer).toBe("yes");
    expect(parsed.value.certifications?.[0]?.assurance).toBe("third-party");
  });

  it("validates already-parsed values (HTTP bodies) with JSON pointers", () => {
    expect(parseDeclarationValue({ format: "cra-declaration/1", product: { name: "X" } }).ok).toBe(true);
    const bad = parseDeclarationValue({ format: "cra-declaration/1", product: { name: "X", type: "firmware" } });
    expect(bad).toEqual({
      ok: false,
      issues: [expect.objectContaining({ path: "/product/type", constraint: "enum", source: "declaration" })],
    });
    if (!bad.ok) expect(bad.issues[0]?.line).toBeUndefined();
  });
});

describe("malformed declarations are refused with a location", () => {
  it.each([
    ["wrong type", `${HEAD}updates: { signed: "yes" }\n`, "/updates/signed", "type", 4],
    [
      "value outside a union",
      `${HEAD}updates: { securityUpdatesSeparate: maybe }\n`,
      "/updates/securityUpdatesSeparate",
      "type",
      4,
    ],
    ["number where text is expected", `${HEAD}  version: 2.3\n`, "/product/version", "type", 4],
    ["unknown enum value", `${HEAD}  type: firmware\n`, "/product/type", "enum", 4],
    ["unknown product class", `${HEAD}  category: CRA-AIII-C1-20\n`, "/product/category", "enum", 4],
    ["impossible date", `${HEAD}  placedOnMarket: 2028-02-30\n`, "/product/placedOnMarket", "format", 4],
    ["date in another notation", `${HEAD}  placedOnMarket: 01.03.2028\n`, "/product/placedOnMarket", "format", 4],
    ["support end month 13", `${HEAD}supportPeriod: { end: 2034-13 }\n`, "/supportPeriod/end", "custom", 4],
    ["malformed e-mail", `${HEAD}manufacturer: { email: contact-at-acme }\n`, "/manufacturer/email", "format", 4],
    [
      "non-http URL",
      `${HEAD}vulnerabilityHandling: { cvdPolicyUrl: "javascript:alert(1)" }\n`,
      "/vulnerabilityHandling/cvdPolicyUrl",
      "format",
      4,
    ],
    ["invalid purl", `${HEAD}  identifiers: ["pkg:npm"]\n`, "/product/identifiers/0", "format", 4],
    [
      "e-mail channel without an e-mail",
      `${HEAD}vulnerabilityHandling:\n  singlePointOfContact: [{ channel: email, address: "+49 30 1" }]\n`,
      "/vulnerabilityHandling/singlePointOfContact/0/address",
      "format",
      5,
    ],
    ["negative years", `${HEAD}updates: { retentionYears: -1 }\n`, "/updates/retentionYears", "range", 4],
    ["bad sha256", `${HEAD}documents: [{ id: d1, kind: other, sha256: abc }]\n`, "/documents/0/sha256", "format", 4],
    [
      "absolute document path",
      `${HEAD}documents: [{ id: d1, kind: other, uri: /etc/passwd }]\n`,
      "/documents/0/uri",
      "custom",
      4,
    ],
    [
      "bad notified body number",
      `${HEAD}conformity: { notifiedBody: { number: "12" } }\n`,
      "/conformity/notifiedBody/number",
      "format",
      4,
    ],
    [
      "bad ETSI provision id",
      `${HEAD}etsiIcs: { version: "3.1.3", provisions: { "five": { answer: yes } } }\n`,
      "/etsiIcs/provisions/five",
      "format",
      4,
    ],
    [
      "non-EU coordinator CSIRT",
      `${HEAD}reporting: { coordinatorCsirt: US }\n`,
      "/reporting/coordinatorCsirt",
      "enum",
      4,
    ],
  ])("%s", (_name, text, path, constraint, line) => {
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path, constraint, line, source: "test.yaml" });
    expect(issues[0]?.column).toBeGreaterThan(0);
    expect(issues[0]?.message.length).toBeGreaterThan(10);
  });

  it("catches misspelt keys with a suggestion, at the key's own position", () => {
    const issues = issuesOf(
      `format: cra-declaration/1\nmanufactuer: { name: Acme }\nproduct:\n  name: X\n  verison: "1"\n`,
    );
    expect(issues).toEqual([
      expect.objectContaining({
        path: "/manufactuer",
        constraint: "unknown-key",
        line: 2,
        column: 1,
        message: expect.stringContaining('Did you mean "manufacturer"?'),
      }),
      expect.objectContaining({
        path: "/product/verison",
        constraint: "unknown-key",
        line: 5,
        column: 3,
        message: expect.stringContaining('Did you mean "version"?'),
      }),
    ]);
  });

  it("suggests the nearest allowed value for a misspelt enum value", () => {
    const [issue] = issuesOf(`${HEAD}updates: { mechanism: automatc }\n`);
    expect(issue).toMatchObject({
      path: "/updates/mechanism",
      constraint: "enum",
      message: expect.stringContaining('Did you mean "automatic"?'),
    });
    const [category] = issuesOf(`${HEAD}  category: CRA-AIII-C1-2\n`);
    expect(category?.message).toContain("CRA-AIII-C1-01");
  });

  it("refuses security property letters outside (a)-(m)", () => {
    const issues = issuesOf(`${HEAD}securityProperties:\n  2n: { status: implemented }\n`);
    expect(issues[0]).toMatchObject({ path: "/securityProperties/2n", constraint: "unknown-key", line: 5 });
  });

  it("requires format and product.name, and only those", () => {
    expect(issuesOf("product: { name: X }\n")[0]).toMatchObject({ path: "/format", constraint: "required" });
    expect(issuesOf("format: cra-declaration/2\nproduct: { name: X }\n")[0]).toMatchObject({
      path: "/format",
      constraint: "enum",
      line: 1,
    });
    expect(issuesOf("format: cra-declaration/1\nproduct: { model: X }\n")[0]).toMatchObject({
      path: "/product/name",
      constraint: "required",
    });
    expect(issuesOf('format: cra-declaration/1\nproduct: { name: "" }\n')[0]).toMatchObject({
      path: "/product/name",
      constraint: "range",
    });
  });

  it("refuses references to documents that are not listed, at the reference", () => {
    const issues = issuesOf(
      `${HEAD}securityProperties:\n  2a: { status: implemented, evidence: [doc-pentest, doc-gone] }\ndocuments:\n  - { id: doc-pentest, kind: penetration-test-report }\n`,
    );
    expect(issues).toEqual([
      expect.objectContaining({
        path: "/securityProperties/2a/evidence/1",
        constraint: "reference",
        line: 5,
        message: expect.stringContaining('"doc-gone"'),
      }),
    ]);
  });

  it("checks every field that refers to a document", () => {
    const text = `${HEAD}  businessUserAgreement: r1
supportPeriod: { rationaleDocument: r2 }
securityProperties: { 2b: { status: implemented, evidence: [r3] } }
defaults: { hardeningDocument: r4 }
updates: { distributionDocument: r5 }
vulnerabilityHandling: { securityTesting: [{ kind: fuzzing, document: r6 }] }
reporting: { psirtProcessDocument: r7 }
documentation: { riskAssessment: r8, technicalDocumentation: r9, instructions: { secureUse: { document: r10 } } }
certifications: [{ scheme: uk-psti, ics: r11 }]
etsiIcs: { version: "3.1.3", provisions: { "5.1-1": { answer: yes, evidence: [r12] } } }
pstiStatementOfCompliance: { document: r13 }
`;
    const issues = issuesOf(text);
    expect(issues.map((i) => i.constraint)).toEqual(Array(13).fill("reference"));
    expect(issues.map((i) => i.message.match(/"(r\d+)"/)?.[1]).sort()).toEqual(
      Array.from({ length: 13 }, (_, i) => `r${i + 1}`).sort(),
    );
    // Every field of the JSON Schema shaped like a document id is one of the fields above, documents[].id, or
    // another Annex II (8) instruction slot: a new reference field that documentReferences() forgets fails here.
    const schemaSites = [...new Set(documentIdSites(declarationJsonSchema(), []).map(normalise))].sort();
    const checked = issues.map((i) => normalise(i.path ?? ""));
    const otherInstructions = [
      "effectOfChanges",
      "installingUpdates",
      "secureDecommissioning",
      "disablingAutomaticUpdates",
      "integratorGuidance",
    ].map((key) => `/documentation/instructions/${key}/document`);
    expect(schemaSites).toEqual([...checked, "/documents/*/id", ...otherInstructions].sort());
    expect(documentReferences({ format: "cra-declaration/1", product: { name: "X" } })).toEqual([]);
  });

  it("refuses duplicate document ids", () => {
    const issues = issuesOf(`${HEAD}documents:\n  - { id: d1, kind: other }\n  - { id: d1, kind: sbom }\n`);
    expect(issues).toEqual([expect.objectContaining({ path: "/documents/1/id", constraint: "unique", line: 6 })]);
  });

  it("reports YAML syntax errors and duplicate keys with line and column", () => {
    expect(issuesOf("format: cra-declaration/1\nproduct: [1, 2\n")[0]).toMatchObject({
      constraint: "syntax",
      line: expect.any(Number),
    });
    expect(issuesOf(`${HEAD}  name: Other\n`)[0]).toMatchObject({ constraint: "duplicate-key", line: 4 });
    expect(issuesOf('{"format": "cra-declaration/1", "product": {"name": }}')[0]).toMatchObject({
      constraint: "syntax",
      line: 1,
      column: 53,
    });
  });

  it("refuses documents that are not a mapping", () => {
    expect(issuesOf("")[0]).toMatchObject({ constraint: "required" });
    expect(issuesOf("- a\n- b\n")[0]).toMatchObject({ path: "", constraint: "type" });
    expect(issuesOf("just a string")[0]).toMatchObject({ path: "", constraint: "type" });
  });
});

/** JSON-Schema property paths whose string pattern is the document-id pattern; array items and map values as `*`. */
function documentIdSites(schema: unknown, path: string[]): string[] {
  if (!schema || typeof schema !== "object") return [];
  const node = schema as Record<string, unknown>;
  const sites: string[] = node.pattern === DOCUMENT_ID_PATTERN.source ? [`/${path.join("/")}`] : [];
  for (const [key, child] of Object.entries((node.properties as Record<string, unknown>) ?? {}))
    sites.push(...documentIdSites(child, [...path, key]));
  if (node.items) sites.push(...documentIdSites(node.items, [...path, "*"]));
  if (node.additionalProperties && typeof node.additionalProperties === "object") {
    sites.push(...documentIdSites(node.additionalProperties, [...path, "*"]));
  }
  for (const member of [...((node.anyOf as unknown[]) ?? []), ...((node.oneOf as unknown[]) ?? [])])
    sites.push(...documentIdSites(member, path));
  return [...new Set(sites)];
}

/** A pointer with array indexes, ETSI provision keys and Annex I (2) letters replaced by `*`. */
function normalise(pointer: string): string {
  return pointer
    .split("/")
    .map((segment) =>
      /^\d+$/.test(segment) || /^\d+\.\d+-\d+/.test(segment) || /^2[a-m]$/.test(segment) ? "*" : segment,
    )
    .join("/");
}

describe("hostile input", () => {
  it("refuses an alias bomb (billion laughs) without expanding it", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 9; level++) {
      const prev = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    const issues = issuesOf(`${lines.join("\n")}\n`);
    expect(issues).toEqual([
      expect.objectContaining({ constraint: "size-limit", message: expect.stringMatching(/alias/) }),
    ]);
  });

  it("refuses nesting deep enough to overflow a recursive reader", () => {
    const issues = issuesOf(`${"[".repeat(50_000)}${"]".repeat(50_000)}`);
    expect(issues).toEqual([expect.objectContaining({ constraint: expect.stringMatching(/size-limit|syntax/) })]);
    expect(issuesOf(`${HEAD}x: ${"[".repeat(100)}${"]".repeat(100)}\n`)).toEqual([
      expect.objectContaining({ constraint: "size-limit", message: expect.stringMatching(/nests deeper/) }),
    ]);
  });

  it("refuses oversized documents before parsing them", () => {
    const parsed = parseDeclaration(`${HEAD}# ${"x".repeat(2000)}\n`, "big.yaml", { maxChars: 1000 });
    expect(parsed).toEqual({
      ok: false,
      issues: [expect.objectContaining({ constraint: "size-limit", source: "big.yaml" })],
    });
    const overDefault = parseDeclaration(`${HEAD}# ${"x".repeat(MAX_DECLARATION_CHARS)}\n`);
    expect(overDefault).toEqual({ ok: false, issues: [expect.objectContaining({ constraint: "size-limit" })] });
  });

  it("treats __proto__ and constructor keys as unknown fields and pollutes nothing", () => {
    const issues = issuesOf(
      `${HEAD}__proto__: { polluted: true }\nmanufacturer: { constructor: { prototype: { polluted: true } } }\n`,
    );
    expect(issues.map((i) => i.path).sort()).toEqual(["/__proto__", "/manufacturer/constructor"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("does not turn YAML 1.1 scalars into dates or booleans, and ignores custom tags", () => {
    const parsed = parseDeclaration(
      `%YAML 1.1\n---\n${HEAD}  model: yes\n  placedOnMarket: 2028-03-01\n  version: !!binary aGVsbG8=\n`,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.value.product).toEqual({
      name: "Widget",
      model: "yes",
      placedOnMarket: "2028-03-01",
      version: "aGVsbG8=",
    });
  });

  it("caps the number of reported issues", () => {
    const many = Array.from({ length: 300 }, (_, i) => `k${i}: 1`).join("\n");
    const issues = issuesOf(`${HEAD}${many}\n`);
    expect(issues.length).toBeLessThanOrEqual(101);
    expect(issues.at(-1)?.message).toMatch(/200 more issues/);
  });
});

describe("JSON Schema", () => {
  it("is generated from the zod schema and agrees with it on the fixtures", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(declarationJsonSchema());
    for (const name of ["acme-home-hub.yaml", "minimal.yaml"]) {
      expect(validate(parseYaml(fixture(name))), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(validate({ format: "cra-declaration/1", product: { name: "X" }, extra: 1 })).toBe(false);
    expect(validate({ format: "cra-declaration/1", product: { name: "X", type: "firmware" } })).toBe(false);
    expect(validate({ format: "cra-declaration/1" })).toBe(false);
  });
});

describe("docs/declaration.md", () => {
  it("documents every field of the schema", () => {
    const doc = readFileSync(new URL("../../docs/declaration.md", import.meta.url), "utf8");
    const fields = schemaFieldPaths(declarationJsonSchema(), "").map((path) =>
      path
        .replace(/^securityProperties\.2[a-m]/, "securityProperties.<letter>")
        .replace(/^documentation\.instructions\.\w+\.(url|document|section)$/, "documentation.instructions.<slot>.$1")
        .replace(/^etsiIcs\.provisions\.\*/, "etsiIcs.provisions.<id>"),
    );
    const undocumented = [...new Set(fields)].filter((field) => !doc.includes(`\`${field}\``));
    expect(undocumented).toEqual([]);
  });
});

/** Dotted field paths of a JSON Schema (`a.b`, `list[].c`, `map.*.d`). */
function schemaFieldPaths(schema: unknown, prefix: string): string[] {
  if (!schema || typeof schema !== "object") return [];
  const node = schema as Record<string, unknown>;
  const out: string[] = [];
  for (const member of [...((node.anyOf as unknown[]) ?? []), ...((node.oneOf as unknown[]) ?? [])])
    out.push(...schemaFieldPaths(member, prefix));
  for (const [key, child] of Object.entries((node.properties as Record<string, unknown>) ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.push(path, ...schemaFieldPaths(child, path));
  }
  if (node.items) out.push(...schemaFieldPaths(node.items, `${prefix}[]`));
  if (node.additionalProperties && typeof node.additionalProperties === "object") {
    out.push(...schemaFieldPaths(node.additionalProperties, `${prefix}.*`));
  }
  return out;
}
