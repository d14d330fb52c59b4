/**
 * Drafts of the documents a manufacturer signs or keeps. Expected states are written from the Annexes: Annex V
 * (EU declaration of conformity, eight points), Annex VI (simplified declaration), Annex VII (technical
 * documentation), Annex II (user information).
 */
import { describe, expect, it } from "vitest";
import { parseDeclaration } from "../../src/declaration/parse.js";
import type { Declaration } from "../../src/declaration/schema.js";
import { buildDocument } from "../../src/documents/build.js";
import type { GeneratedDocument, ItemState } from "../../src/documents/model.js";
import { renderDocumentHtml, renderDocumentMarkdown } from "../../src/documents/render.js";
import { parseAssessmentReport } from "../../src/input/assessment-report.js";
import { documentFromTexts } from "../../src/services/generate-document.js";

function declaration(yaml: string): Declaration {
  const parsed = parseDeclaration(`format: cra-declaration/1\n${yaml}`, "test.yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

function states(document: GeneratedDocument): Record<string, ItemState> {
  return Object.fromEntries(document.items.map((item) => [item.id, item.state]));
}

const MINIMAL = declaration("product:\n  name: Minimal Widget\n");

const COMPLETE = declaration(`
manufacturer:
  name: Acme Devices GmbH
  postalAddress: Musterstrasse 1, 10115 Berlin, Germany
  email: contact@acme.example
product:
  name: Acme Home Hub
  type: hardware-with-software
  model: AH-100
  version: "2.3.0"
  intendedPurpose: Home automation hub
  essentialFunctions: [pairing, scheduling]
  intendedForIntegration: false
supportPeriod:
  end: 2033-12
  supportType: security updates
  rationaleDocument: d-support
updates:
  automaticByDefault: false
  distributionDocument: d-updates
vulnerabilityHandling:
  cvdPolicyUrl: https://acme.example/cvd
  contact: { email: security@acme.example }
  securityTesting:
    - { kind: penetration-test, date: 2027-09-01, document: d-pentest }
documentation:
  riskAssessment: d-risk
  userInstructionsUrl: https://acme.example/manual
  declarationOfConformitySupplied: full
  standardsApplied:
    - { reference: EN 40000-1-2, kind: harmonised-standard, application: partial, partsApplied: [clause 5] }
conformity:
  route: B+C
  notifiedBody: { name: Example Notified Body, number: "0123" }
  certificateId: EU-TYPE-42
securityProperties:
  2a: { status: implemented }
documents:
  - { id: d-support, kind: support-period-rationale, title: Support rationale }
  - { id: d-updates, kind: update-distribution, title: Update distribution }
  - { id: d-pentest, kind: penetration-test-report, title: Pentest 2027 }
  - { id: d-risk, kind: risk-assessment, title: Risk assessment }
  - { id: d-doc, kind: declaration-of-conformity, title: Signed EU DoC }
  - { id: d-arch, kind: system-architecture, title: Architecture }
`);

describe("EU declaration of conformity (Annex V)", () => {
  it("Annex V points 1-8: every point appears, in order, even for the smallest declaration", () => {
    const doc = buildDocument("eu-declaration-of-conformity", { declaration: MINIMAL, asOf: "2028-01-01" });
    expect(doc.items.map((i) => i.id)).toEqual(["V-1", "V-2", "V-3", "V-4", "V-5", "V-6", "V-7", "V-8"]);
    expect(states(doc)).toEqual({
      "V-1": "missing", // name only: no type, model, version or identifier
      "V-2": "missing", // no manufacturer or representative address
      "V-3": "filled", // the sole-responsibility statement is fixed text
      "V-4": "missing",
      "V-5": "filled",
      "V-6": "missing",
      "V-7": "missing", // no route declared: cannot tell whether a notified body applies
      "V-8": "to-complete", // place, date, name, function, signature are written by the signatory
    });
    expect(doc.missing).toEqual(["V-1", "V-2", "V-4", "V-6", "V-7"]);
  });

  it("Annex V point 7: module B+C with notified body and certificate is filled; module A has no notified body", () => {
    const full = buildDocument("eu-declaration-of-conformity", { declaration: COMPLETE, asOf: "2028-01-01" });
    expect(states(full)).toMatchObject({ "V-1": "filled", "V-2": "filled", "V-6": "filled", "V-7": "filled" });
    const moduleA = declaration("product: { name: X, version: '1' }\nconformity: { route: A }\n");
    const doc = buildDocument("eu-declaration-of-conformity", { declaration: moduleA, asOf: "2028-01-01" });
    expect(doc.items.find((i) => i.id === "V-7")?.state).toBe("not-applicable");
  });

  it("Annex V point 7: module H without the notified body's number is missing and says what to add", () => {
    const d = declaration("product: { name: X, version: '1' }\nconformity: { route: H, notifiedBody: { name: NB } }\n");
    const item = buildDocument("eu-declaration-of-conformity", { declaration: d, asOf: "2028-01-01" }).items.find(
      (i) => i.id === "V-7",
    );
    expect(item?.state).toBe("missing");
    expect(item?.todo.join(" ")).toMatch(/notifiedBody\.number/);
    expect(item?.todo.join(" ")).toMatch(/certificateId/);
  });

  it("Annex V point 2: an authorised representative's name and address stand in for the manufacturer's", () => {
    const d = declaration(
      "product: { name: X }\nmanufacturer: { authorisedRepresentative: { name: Rep BV, postalAddress: 'Dam 1, Amsterdam' } }\n",
    );
    const doc = buildDocument("eu-declaration-of-conformity", { declaration: d, asOf: "2028-01-01" });
    expect(doc.items.find((i) => i.id === "V-2")?.state).toBe("filled");
  });
});

describe("Simplified declaration (Annex VI, Art. 13(20))", () => {
  it("without the internet address of the full declaration, the address point is missing", () => {
    const doc = buildDocument("simplified-declaration-of-conformity", { declaration: COMPLETE, asOf: "2028-01-01" });
    expect(states(doc)).toEqual({ "VI-1": "filled", "VI-2": "missing" });
  });

  it("with the address, both points are filled and the statement names manufacturer and product type", () => {
    const d = declaration(
      "manufacturer: { name: Acme }\nproduct: { name: Hub, model: AH-1 }\ndocumentation: { declarationOfConformityUrl: https://acme.example/doc }\n",
    );
    const doc = buildDocument("simplified-declaration-of-conformity", { declaration: d, asOf: "2028-01-01" });
    expect(states(doc)).toEqual({ "VI-1": "filled", "VI-2": "filled" });
    expect(doc.items[0]?.entries[0]?.value).toContain("Acme");
    expect(doc.items[0]?.entries[0]?.value).toContain("Hub, AH-1");
  });
});

describe("Technical documentation (Annex VII)", () => {
  it("Annex VII points 1(a)-8 for a complete declaration: a copy of the signed declaration is referenced", () => {
    const doc = buildDocument("technical-documentation", {
      declaration: COMPLETE,
      asOf: "2028-01-01",
      sbom: { format: "CycloneDX 1.6 (JSON)", sha256: "ab".repeat(32), components: 12, dependencyEntries: 13 },
    });
    expect(states(doc)).toEqual({
      "VII-1a": "filled",
      "VII-1b": "filled",
      "VII-1c": "missing", // hardware: photographs have no field in the declaration
      "VII-1d": "referenced",
      "VII-2a": "referenced",
      "VII-2b": "filled",
      "VII-2c": "missing",
      "VII-3": "missing", // only (2)(a) of the thirteen properties is stated
      "VII-4": "referenced",
      "VII-5": "filled",
      "VII-6": "referenced",
      "VII-7": "referenced",
      "VII-8": "filled",
    });
    expect(doc.missing).toEqual(["VII-1c", "VII-2c", "VII-3"]);
  });

  it("Annex VII point 7 asks for a copy: a web address of the declaration alone leaves it missing", () => {
    const d = declaration(
      "product: { name: X }\ndocumentation: { declarationOfConformityUrl: https://x.example/doc }\n",
    );
    const item = buildDocument("technical-documentation", { declaration: d, asOf: "2028-01-01" }).items.find(
      (i) => i.id === "VII-7",
    );
    expect(item?.state).toBe("missing");
    expect(item?.todo[0]).toMatch(/copy/);
  });

  it("Annex VII point 1(c) does not apply to software; point 2(b) lists every missing part", () => {
    const d = declaration("product: { name: X, type: software }\n");
    const doc = buildDocument("technical-documentation", { declaration: d, asOf: "2028-01-01" });
    expect(doc.items.find((i) => i.id === "VII-1c")?.state).toBe("not-applicable");
    const vh = doc.items.find((i) => i.id === "VII-2b");
    expect(vh?.state).toBe("missing");
    expect(vh?.todo).toHaveLength(4); // SBOM, CVD policy, contact, update distribution
  });

  it("missing points come first in both renderings", () => {
    const doc = buildDocument("technical-documentation", { declaration: MINIMAL, asOf: "2028-01-01" });
    const md = renderDocumentMarkdown(doc);
    expect(md.indexOf("## Still missing")).toBeLessThan(md.indexOf("## Annex VII, point 1(a)"));
    const html = renderDocumentHtml(doc);
    expect(html.indexOf("Still missing")).toBeLessThan(html.indexOf('id="VII-1a"'));
  });
});

describe("User information (Annex II)", () => {
  it("Annex II points 6, 8(e), 8(f) and 9 are not applicable when their condition is absent", () => {
    const doc = buildDocument("user-information", { declaration: COMPLETE, asOf: "2028-01-01" });
    expect(states(doc)).toMatchObject({
      "II-1": "filled",
      "II-3": "filled",
      "II-5": "to-complete",
      "II-6": "not-applicable", // the full declaration ships with the product
      "II-7": "filled",
      "II-8e": "not-applicable", // updates are not automatic by default
      "II-8f": "not-applicable", // not meant for integration
      "II-9": "not-applicable", // SBOM not shared with users (optional)
    });
    expect(doc.items.map((i) => i.id)).toEqual([
      "II-1",
      "II-2",
      "II-3",
      "II-4",
      "II-5",
      "II-6",
      "II-7",
      "II-8a",
      "II-8b",
      "II-8c",
      "II-8d",
      "II-8e",
      "II-8f",
      "II-9",
    ]);
  });

  it("Annex II point 8(e) applies when automatic updates are on by default and is missing without a reference", () => {
    const d = declaration("product: { name: X }\nupdates: { automaticByDefault: true }\n");
    const doc = buildDocument("user-information", { declaration: d, asOf: "2028-01-01" });
    expect(doc.items.find((i) => i.id === "II-8e")?.state).toBe("missing");
  });
});

describe("rendering hostile input", () => {
  const hostile = declaration(
    'product:\n  name: "<script>alert(1)</script> *bold* [x](javascript:alert(1))"\n  version: "1"\nmanufacturer: { name: "<img src=x onerror=alert(1)>" }\n',
  );

  it("HTML escapes every value and loads nothing", () => {
    const html = renderDocumentHtml(
      buildDocument("eu-declaration-of-conformity", { declaration: hostile, asOf: "2028-01-01" }),
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("default-src 'none'");
  });

  it("Markdown escapes emphasis, links and HTML", () => {
    const md = renderDocumentMarkdown(
      buildDocument("eu-declaration-of-conformity", { declaration: hostile, asOf: "2028-01-01" }),
    );
    expect(md).not.toContain("<script>");
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(md).toContain("\\*bold\\*");
  });
});

describe("assessment report input", () => {
  const report = {
    schemaVersion: "cra-assessor-report/1",
    framework: { id: "cra", name: "CRA", version: "2024/2847" },
    verdict: "fail",
    asOf: "2028-01-01",
    summary: { byStatus: { gap: 1, met: 1 } },
    findings: [
      {
        requirement: "CRA-AI-P1-2b",
        status: "gap",
        severity: "high",
        citation: { text: "Annex I (2)(b)" },
        message: "Shared default password.",
      },
      { requirement: "CRA-AII-1", status: "met", severity: "info", citation: { text: "Annex II (1)" }, message: "ok" },
    ],
  };

  it("an assessment with open gaps adds a warning to the declaration of conformity", () => {
    const drafted = documentFromTexts({
      kind: "eu-declaration-of-conformity",
      declaration: { text: "format: cra-declaration/1\nproduct: { name: X }\n", source: "d.yaml" },
      assessment: { text: JSON.stringify(report), source: "r.json" },
      asOf: "2028-01-02",
    });
    expect(drafted.ok).toBe(true);
    if (!drafted.ok) return;
    expect(drafted.value.assessment?.gaps).toEqual([
      {
        requirement: "CRA-AI-P1-2b",
        citation: "Annex I (2)(b)",
        message: "Shared default password.",
        severity: "high",
      },
    ]);
    expect(drafted.value.notes.join(" ")).toMatch(/1 open gap/);
  });

  it("a malformed report is a located input error", () => {
    const parsed = parseAssessmentReport(
      '{\n  "schemaVersion": "cra-assessor-report/1",\n  "verdict": "maybe"\n}\n',
      "r.json",
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const verdict = parsed.issues.find((i) => i.path === "/verdict");
    expect(verdict?.line).toBe(3);
    expect(parsed.issues.some((i) => i.path === "/findings")).toBe(true);
  });
});
