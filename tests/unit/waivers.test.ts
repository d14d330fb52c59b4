import { describe, expect, it } from "vitest";
import { isIsoDate, isWaiverActive } from "../../src/domain/waivers.js";
import { parseWaivers } from "../../src/input/waivers.js";

const YAML_FILE = `format: cra-waivers/1
waivers:
  - requirement: CRA-AI-P2-1
    component: "pkg:npm/left-pad@1.3.0"
    justification: Vendored binary; the supplier publishes no SBOM.
    approver: Jane Doe (Head of Product Security)
    expires: 2027-06-30
  - requirement: CRA-AI-P1-2j
    justification: "<script>alert(1)</script> is kept as data"
    approver: "Jöran Müller-Ñúñez"
    expires: "2028-02-29"
`;

const CATALOG = ["CRA-AI-P2-1", "CRA-AI-P1-2j", "CRA-A13-08"];

describe("parseWaivers", () => {
  it("reads YAML, with unquoted dates kept as strings", () => {
    const result = parseWaivers(YAML_FILE, { requirementIds: CATALOG });
    expect(result).toEqual({
      ok: true,
      value: [
        {
          requirement: "CRA-AI-P2-1",
          component: "pkg:npm/left-pad@1.3.0",
          justification: "Vendored binary; the supplier publishes no SBOM.",
          approver: "Jane Doe (Head of Product Security)",
          expires: "2027-06-30",
        },
        {
          requirement: "CRA-AI-P1-2j",
          justification: "<script>alert(1)</script> is kept as data",
          approver: "Jöran Müller-Ñúñez",
          expires: "2028-02-29",
        },
      ],
    });
  });

  it("reads the same file as JSON", () => {
    const yaml = parseWaivers(YAML_FILE);
    const json = parseWaivers(
      JSON.stringify({ format: "cra-waivers/1", waivers: yaml.ok ? yaml.value : [] }, null, 2),
      { requirementIds: CATALOG },
    );
    expect(json).toEqual(yaml);
  });

  it("accepts an empty list", () => {
    expect(parseWaivers("format: cra-waivers/1\nwaivers: []\n")).toEqual({ ok: true, value: [] });
  });

  it("locates a missing field by pointer and line", () => {
    const result = parseWaivers(YAML_FILE.replace("    approver: Jane Doe (Head of Product Security)\n", ""));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({ path: "/waivers/0/approver", constraint: "required", line: 3, source: "waivers" }),
    ]);
  });

  it.each([
    ["an impossible date", "expires: 2027-06-30", "expires: 2027-02-30", "/waivers/0/expires", "format", 7],
    ["a date with a time", "expires: 2027-06-30", "expires: 2027-06-30T10:00:00Z", "/waivers/0/expires", "format", 7],
    [
      "an empty justification",
      "justification: Vendored binary; the supplier publishes no SBOM.",
      'justification: "  "',
      "/waivers/0/justification",
      "range",
      5,
    ],
    [
      "a number as approver",
      "approver: Jane Doe (Head of Product Security)",
      "approver: 42",
      "/waivers/0/approver",
      "type",
      6,
    ],
    ["another format", "format: cra-waivers/1", "format: cra-waivers/2", "/format", "enum", 1],
  ])("rejects %s with a located issue", (_label, from, to, path, constraint, line) => {
    const result = parseWaivers(YAML_FILE.replace(from, to));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual(expect.objectContaining({ path, constraint, line }));
  });

  it("rejects a field it does not know, pointing at it", () => {
    const result = parseWaivers(
      YAML_FILE.replace("    expires: 2027-06-30\n", "    expires: 2027-06-30\n    expiry: 2029-01-01\n"),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual(expect.objectContaining({ path: "/waivers/0/expiry", line: 8 }));
    expect(result.issues[0]!.message).toMatch(/expiry/);
  });

  it("rejects a requirement id the catalog does not have", () => {
    const result = parseWaivers(YAML_FILE.replace("CRA-AI-P1-2j", "CRA-AI-P1-2z"), { requirementIds: CATALOG });
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: "/waivers/1/requirement",
          line: 8,
          column: 18,
          constraint: "unknown-requirement",
          message: '"CRA-AI-P1-2z" is not a requirement id of the catalog.',
          source: "waivers",
        },
      ],
    });
    // Without a catalog the id is not checked.
    expect(parseWaivers(YAML_FILE.replace("CRA-AI-P1-2j", "CRA-AI-P1-2z")).ok).toBe(true);
  });

  it("rejects two waivers for the same scope", () => {
    const doubled = `${YAML_FILE}  - requirement: CRA-AI-P2-1
    component: "pkg:npm/left-pad@1.3.0"
    justification: again
    approver: someone
    expires: 2029-01-01
`;
    const result = parseWaivers(doubled, { source: "waivers.yaml" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({ path: "/waivers/2", constraint: "duplicate", line: 12, source: "waivers.yaml" }),
    ]);
    expect(result.issues[0]!.message).toMatch(/same requirement and component as \/waivers\/0/);
  });

  it("reports YAML and JSON syntax errors with line and column", () => {
    const yaml = parseWaivers("format: cra-waivers/1\nwaivers: [\n  - oops\n");
    expect(yaml.ok).toBe(false);
    if (!yaml.ok) expect(yaml.issues[0]).toMatchObject({ constraint: "syntax" });
    if (!yaml.ok) expect(yaml.issues[0]!.line).toBeGreaterThanOrEqual(2);

    const json = parseWaivers('{\n  "format": "cra-waivers/1",\n  "waivers": [,]\n}');
    expect(json.ok).toBe(false);
    if (!json.ok) expect(json.issues[0]).toMatchObject({ constraint: "syntax", line: 3 });
  });

  it("rejects duplicate keys", () => {
    const result = parseWaivers("format: cra-waivers/1\nformat: cra-waivers/1\nwaivers: []\n");
    expect(result.ok).toBe(false);
  });

  it("rejects an empty file and a non-object", () => {
    expect(parseWaivers("").ok).toBe(false);
    expect(parseWaivers("- a\n- b\n").ok).toBe(false);
  });

  it("stops an alias expansion bomb instead of expanding it", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
      "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]",
      "format: cra-waivers/1",
      "waivers: []",
    ].join("\n");
    const result = parseWaivers(bomb);
    expect(result.ok).toBe(false);
  });

  it("refuses an oversized file", () => {
    const result = parseWaivers(`# ${"x".repeat(1_000_001)}\n`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ constraint: "size-limit" });
  });
});

describe("dates", () => {
  it("knows a calendar date", () => {
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2027-02-29")).toBe(false);
    expect(isIsoDate("2027-13-01")).toBe(false);
    expect(isIsoDate("2027-1-01")).toBe(false);
  });

  it("a waiver applies through its expiry day", () => {
    expect(isWaiverActive({ expires: "2028-03-01" }, "2028-02-29")).toBe(true);
    expect(isWaiverActive({ expires: "2028-03-01" }, "2028-03-01")).toBe(true);
    expect(isWaiverActive({ expires: "2028-03-01" }, "2028-03-02")).toBe(false);
    expect(isWaiverActive({ expires: "2028-03-01" }, "2028-03-01T23:59:59Z")).toBe(true);
  });
});
