/**
 * Product VEX written out: CSAF 2.0 (VEX profile), CycloneDX 1.6 and OpenVEX 0.2.0, each valid against its
 * official schema; the status mapping follows the formats' vocabularies; the Art. 14(8) CSAF advisory is checked
 * against the same CSAF schema.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { draftUserAdvisory } from "../../src/domain/art14.js";
import { type ProductVexStatement, vexStatementProblems } from "../../src/domain/vex.js";
import { validateSbomBytes } from "../../src/sbom/validate.js";
import { toCsafVex, toCycloneDxVex, toOpenVex, type VexProduct } from "../../src/vex/export.js";

const addFormats = (await import("ajv-formats")).default as unknown as (ajv: Ajv2020) => Ajv2020;
const read = (path: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(path, import.meta.url)), "utf8")) as object;

const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
// Stand-ins for FIRST's CVSS schemas, which the CSAF schema names by URL and which are not available offline.
for (const version of ["2.0", "3.0", "3.1"])
  ajv.addSchema({ $id: `https://www.first.org/cvss/cvss-v${version}.json`, type: "object" });
const validateCsaf = ajv.compile(read("../fixtures/schemas/csaf/csaf_json_schema.json"));
const validateOpenVex = ajv.compile(read("../../schemas/openvex/openvex_json_schema.json"));

const product: VexProduct = {
  id: "prd_1",
  name: "Acme Home Hub",
  version: "2.3.0",
  manufacturer: "Acme Devices GmbH",
  purl: "pkg:generic/acme/home-hub-firmware@2.3.0",
  website: "https://acme.example",
};

function statement(
  partial: Partial<ProductVexStatement> & Pick<ProductVexStatement, "vulnerability" | "state">,
): ProductVexStatement {
  return {
    productId: "prd_1",
    organizationId: "org_1",
    productVersion: "2.3.0",
    component: "pkg:npm/lodash@4.17.20",
    responses: [],
    author: "test",
    updatedAt: "2028-01-10T09:00:00Z",
    ...partial,
  };
}

const STATEMENTS: ProductVexStatement[] = [
  statement({ vulnerability: "CVE-2021-23337", state: "not_affected", justification: "code_not_reachable" }),
  statement({
    vulnerability: "CVE-2020-8203",
    state: "exploitable",
    responses: ["update"],
    detail: "Update to 2.3.1.",
  }),
  statement({ vulnerability: "GHSA-29mw-wpgm-hmr9", state: "in_triage", component: "pkg:npm/minimist@1.2.5" }),
  statement({ vulnerability: "CVE-2019-10744", state: "resolved" }),
  statement({ vulnerability: "CVE-2018-3721", state: "false_positive", detail: "The matcher confused two packages." }),
];
const NOW = "2028-01-15T12:00:00Z";

function collectKeys(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) collectKeys(v, keys);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      keys.add(k);
      collectKeys(v, keys);
    }
  }
  return keys;
}

describe("CSAF 2.0 VEX", () => {
  const doc = toCsafVex(product, STATEMENTS, NOW) as {
    document: { category: string };
    vulnerabilities: {
      cve?: string;
      product_status: Record<string, string[]>;
      flags?: { label: string }[];
      remediations?: { category: string }[];
    }[];
  };

  it("is valid against the CSAF 2.0 schema, in the VEX profile, with no CVSS content", () => {
    const ok = validateCsaf(doc);
    expect(validateCsaf.errors?.slice(0, 3) ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(doc.document.category).toBe("csaf_vex");
    expect([...collectKeys(doc)].filter((k) => k.startsWith("cvss"))).toEqual([]);
  });

  it("puts each analysis in the right bucket: not affected with its flag, affected with a vendor fix", () => {
    const byCve = (cve: string) => doc.vulnerabilities.find((v) => v.cve === cve)!;
    expect(byCve("CVE-2021-23337").product_status).toEqual({ known_not_affected: ["CSAFPID-0001"] });
    expect(byCve("CVE-2021-23337").flags?.[0]?.label).toBe("vulnerable_code_not_in_execute_path");
    expect(byCve("CVE-2020-8203").product_status).toEqual({ known_affected: ["CSAFPID-0001"] });
    expect(byCve("CVE-2020-8203").remediations?.[0]?.category).toBe("vendor_fix");
    expect(byCve("CVE-2019-10744").product_status).toEqual({ fixed: ["CSAFPID-0001"] });
  });

  it("the schema check can fail: an unknown tracking status or a product id that is not a string is rejected", () => {
    const status = structuredClone(doc) as unknown as { document: { tracking: { status: string } } };
    status.document.tracking.status = "someday";
    expect(validateCsaf(status)).toBe(false);
    const id = structuredClone(doc);
    id.vulnerabilities[0]!.product_status = { known_not_affected: [42 as unknown as string] };
    expect(validateCsaf(id)).toBe(false);
  });
});

describe("OpenVEX 0.2.0", () => {
  const doc = toOpenVex(product, STATEMENTS, NOW) as {
    statements: {
      vulnerability: { name: string };
      status: string;
      justification?: string;
      action_statement?: string;
      impact_statement?: string;
    }[];
  };

  it("is valid against the OpenVEX schema", () => {
    const ok = validateOpenVex(doc);
    expect(validateOpenVex.errors?.slice(0, 3) ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("maps the states: not_affected keeps its justification, exploitable gets an action statement, false_positive is not_affected", () => {
    const byName = (name: string) => doc.statements.find((s) => s.vulnerability.name === name)!;
    expect(byName("CVE-2021-23337")).toMatchObject({
      status: "not_affected",
      justification: "vulnerable_code_not_in_execute_path",
    });
    expect(byName("CVE-2020-8203").status).toBe("affected");
    expect(byName("CVE-2020-8203").action_statement).toContain("update");
    expect(byName("GHSA-29mw-wpgm-hmr9").status).toBe("under_investigation");
    expect(byName("CVE-2019-10744").status).toBe("fixed");
    expect(byName("CVE-2018-3721")).toMatchObject({
      status: "not_affected",
      justification: "vulnerable_code_not_present",
    });
  });
});

describe("CycloneDX 1.6 VEX", () => {
  it("is valid CycloneDX 1.6 and keeps the analysis as recorded", () => {
    const doc = toCycloneDxVex(product, STATEMENTS, NOW);
    const result = validateSbomBytes(new TextEncoder().encode(JSON.stringify(doc)));
    if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 3)));
    const vulnerabilities = doc.vulnerabilities as {
      id: string;
      analysis: { state: string; justification?: string; response?: string[] };
    }[];
    expect(vulnerabilities.find((v) => v.id === "CVE-2021-23337")?.analysis).toMatchObject({
      state: "not_affected",
      justification: "code_not_reachable",
    });
    expect(vulnerabilities.find((v) => v.id === "CVE-2020-8203")?.analysis.response).toEqual(["update"]);
  });
});

describe("VEX minimum elements", () => {
  it("not_affected needs a justification or detail; exploitable needs a response or detail", () => {
    expect(vexStatementProblems({ state: "not_affected", responses: [] })).toHaveLength(1);
    expect(vexStatementProblems({ state: "not_affected", justification: "code_not_present", responses: [] })).toEqual(
      [],
    );
    expect(vexStatementProblems({ state: "exploitable", responses: [] })).toHaveLength(1);
    expect(vexStatementProblems({ state: "exploitable", responses: ["update"] })).toEqual([]);
    expect(vexStatementProblems({ state: "in_triage", responses: [] })).toEqual([]);
  });
});

describe("Art. 14(8) user advisory", () => {
  it("is valid against the CSAF 2.0 schema", () => {
    const advisory = draftUserAdvisory(
      {
        id: "evt_1",
        organizationId: "org_1",
        kind: "actively-exploited-vulnerability",
        title: "Actively exploited vulnerability in the web interface",
        description: "An attacker on the local network can run commands.",
        awareAt: "2028-01-10T08:00:00Z",
        vulnerabilityIds: ["CVE-2028-0001"],
        measuresForUsers: ["Update to 2.3.1."],
        correctiveMeasure: "Firmware 2.3.1 fixes the flaw.",
        fixedVersion: "2.3.1",
        measureAvailableAt: "2028-01-12T00:00:00Z",
        product: { name: "Acme Home Hub", version: "2.3.0", identifiers: ["pkg:generic/acme/home-hub-firmware@2.3.0"] },
        manufacturer: { name: "Acme Devices GmbH", website: "https://acme.example" },
      } as unknown as Parameters<typeof draftUserAdvisory>[0],
      "2028-01-12T10:00:00Z",
    );
    const ok = validateCsaf(advisory);
    expect(validateCsaf.errors?.slice(0, 3) ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
});
