/**
 * Mutual recognition in the CRA report on the partner-certificate example products
 * (seeds/examples/partner-*: declaration, SBOM and example.json each), and the regulator analyses on them.
 * The CRA report applies the declaration's certificates itself (src/services/assess.ts); these tests read the
 * report as a user gets it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { loadArrangementFile } from "../../src/crosswalk/arrangement.js";
import { applyRecognition } from "../../src/crosswalk/recognition.js";
import { simulationToCsv, simulationToMarkdown } from "../../src/crosswalk/render-simulation.js";
import { seedRecognitionData } from "../../src/crosswalk/seeds.js";
import type { AssessmentReport, Finding } from "../../src/domain/report.js";
import { REPORT_FORMATS, renderReport } from "../../src/reports/index.js";
import { type AssessContext, type AssessInput, assessProduct, createAssessContext } from "../../src/services/assess.js";
import { type SimulationResult, simulateArrangement } from "../../src/services/simulate-arrangement.js";
import { finding } from "./crosswalk-fixtures.js";

const dir = fileURLToPath(new URL("../../seeds/examples/", import.meta.url));
const draftFile = fileURLToPath(new URL("../../seeds/arrangements/drafts/eu-sg-cls-draft.yaml", import.meta.url));
const validateReport = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(fileURLToPath(new URL("../../docs/report.schema.json", import.meta.url)), "utf8")),
);
const ASOF = "2028-06-01";
const data = seedRecognitionData();

interface Example {
  id: string;
  declaration: { text: string; fileName: string };
  sbom: { bytes: Uint8Array; fileName: string };
  asOf: string;
}

const products: Example[] = readdirSync(dir)
  .filter((name) => name.startsWith("partner-"))
  .sort()
  .map((id) => {
    const sbomFile = readdirSync(`${dir}${id}`).find((f) => f.startsWith("sbom."));
    if (!sbomFile) throw new Error(`${id} has no SBOM`);
    const meta = JSON.parse(readFileSync(`${dir}${id}/example.json`, "utf8")) as { asOf: string };
    return {
      id,
      declaration: { text: readFileSync(`${dir}${id}/declaration.yaml`, "utf8"), fileName: "declaration.yaml" },
      sbom: { bytes: readFileSync(`${dir}${id}/${sbomFile}`), fileName: sbomFile },
      asOf: meta.asOf,
    };
  });
const example = (id: string) => products.find((p) => p.id === id)!;

let assess: AssessContext;
const reports = new Map<string, AssessmentReport>();
let simulation: SimulationResult;

async function craReport(input: Partial<AssessInput> & Pick<AssessInput, "declaration">, ctx = assess) {
  const outcome = await assessProduct({ ctx, input: { asOf: ASOF, frameworks: ["cra"], ...input } });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return outcome.reports[0]!;
}

beforeAll(async () => {
  assess = await createAssessContext({ frameworks: ["cra"] });
  for (const product of products) {
    reports.set(
      product.id,
      await craReport({ declaration: product.declaration, sbom: product.sbom, asOf: product.asOf }),
    );
  }
  const draft = loadArrangementFile(draftFile, data.catalogs);
  if (!draft.ok) throw new Error(JSON.stringify(draft.issues));
  simulation = await simulateArrangement({
    ctx: { assess, data },
    input: { arrangement: draft.value, products, asOf: ASOF },
  });
}, 60_000);

const get = (product: string, requirement: string): Finding => {
  const found = reports.get(product)!.findings.find((f) => f.requirement === requirement);
  if (!found) throw new Error(`${product}: no finding for ${requirement}`);
  return found;
};
const status = (product: string, requirement: string) => get(product, requirement).status;
const withStatus = (report: AssessmentReport, wanted: string) =>
  report.findings
    .filter((f) => f.status === wanted)
    .map((f) => f.requirement)
    .sort();

describe("CRA reports of the partner-certificate examples", () => {
  it("every example is assessed on the example's date and its report validates against the schema", () => {
    expect(products.map((p) => p.id)).toEqual([
      "partner-cls-l2-camera",
      "partner-expired-cls-speaker",
      "partner-jcstar-router",
      "partner-psti-smart-plug",
    ]);
    for (const [id, report] of reports) {
      expect(report.asOf, id).toBe(ASOF);
      expect(report.inputs.sbom?.components, id).toBeGreaterThan(3);
      const ok = validateReport(JSON.parse(renderReport(report, "json")));
      expect(validateReport.errors ?? [], id).toEqual([]);
      expect(ok, id).toBe(true);
    }
  });

  it("CLS level 2 camera: crosswalk traces narrow review items to partial, none closes outright", () => {
    const report = reports.get("partner-cls-l2-camera")!;
    expect(withStatus(report, "recognized")).toEqual([]);
    expect(withStatus(report, "partial")).toEqual(
      expect.arrayContaining(["CRA-AI-P1-2b", "CRA-AI-P1-2c", "CRA-AI-P1-2d", "CRA-AI-P1-2j", "CRA-AI-P2-5"]),
    );
    const f = get("partner-cls-l2-camera", "CRA-AI-P1-2d");
    expect(f.recognition!.length).toBeGreaterThan(0);
    for (const trace of f.recognition!) {
      expect(trace.certificate).toMatchObject({ scheme: "sg-cls", level: "L2", certificateId: "CLS-2027-0042" });
      expect(trace.via).toMatchObject({ kind: "crosswalk", id: "sg-cls--cra" });
      expect(trace.coverage).toBe("partial");
      expect(["subset-of", "intersects-with"]).toContain(trace.via.relationship);
    }
    expect(f.recognition!.map((t) => t.via.sourceRequirement)).toContain("SGCLS-ETSI-5.1-1");
    expect(f.message).toMatch(
      /^Partly covered: sg-cls L2 \(CLS-2027-0042, self-declared\) → SGCLS-ETSI-5\.1-1 subset-of/,
    );
    expect(f.message).toContain("Still to evidence:");
    expect(f.remediation).toMatch(/^Evidence what the certificate does not cover:/);
    // The certificate itself is evidence, located in the declaration (with its line, for SARIF).
    const cert = f.evidence.find((e) => e.fact === "certificate")!;
    expect(cert.location).toBe("declaration:/certifications/0");
    expect(cert.line).toBeGreaterThan(1);
    // A partial never fails the gate and keeps the requirement's own severity.
    expect(report.notes.join(" ")).toContain("evidence reuse, not a presumption of conformity");
  });

  it("CLS level 2 camera: logging declared not implemented stays a gap and fails the gate", () => {
    expect(status("partner-cls-l2-camera", "CRA-AI-P1-2l")).toBe("gap");
    expect(get("partner-cls-l2-camera", "CRA-AI-P1-2l").recognition).toBeUndefined();
    expect(reports.get("partner-cls-l2-camera")!.verdict).toBe("fail");
  });

  it("JC-STAR ★1 router: the vulnerability-scan criterion gives partial evidence for Annex I (2)(a)", () => {
    const report = reports.get("partner-jcstar-router")!;
    expect(withStatus(report, "recognized")).toEqual([]);
    expect(withStatus(report, "gap")).toEqual([]);
    const f = get("partner-jcstar-router", "CRA-AI-P1-2a");
    expect(f.status).toBe("partial");
    expect(f.recognition!.map((t) => t.via.sourceRequirement)).toContain("JCSTAR-S1.1-13");
    // "★1" in the declaration resolves to the catalog's level id.
    expect(f.recognition![0]!.certificate).toMatchObject({ scheme: "jp-jc-star", level: "star-1" });
    expect(f.message).toContain("Still to evidence");
    expect(status("partner-jcstar-router", "CRA-AI-P1-2d")).toBe("partial");
  });

  it("PSTI smart plug: passwords and the reporting contact give partial evidence, nothing else moves", () => {
    const report = reports.get("partner-psti-smart-plug")!;
    expect(status("partner-psti-smart-plug", "CRA-AI-P1-2b")).toBe("partial");
    expect(status("partner-psti-smart-plug", "CRA-AI-P2-5")).toBe("partial");
    const trace = get("partner-psti-smart-plug", "CRA-AI-P1-2b").recognition!;
    expect(trace.map((t) => `${t.via.id} ${t.via.sourceRequirement} ${t.via.relationship}`)).toContain(
      "uk-psti--cra UKPSTI-S1-1.2 subset-of",
    );
    // Partial evidence, never recognition: PSTI compliance does not settle any CRA requirement.
    expect(withStatus(report, "recognized")).toEqual([]);
    expect(report.verdict).toBe("pass");
  });

  it("expired CLS speaker: the certificate counts for nothing and the report says why", () => {
    const report = reports.get("partner-expired-cls-speaker")!;
    expect(report.summary.byStatus.recognized + report.summary.byStatus.partial).toBe(0);
    expect(report.findings.some((f) => f.recognition || f.evidence.some((e) => e.fact === "certificate"))).toBe(false);
    expect(report.notes).toContain(
      "Certificate sg-cls L3 (CLS-2024-0007) counts for nothing: it expired on 2027-06-30, before the assessment date 2028-06-01.",
    );
    // Without a recognized requirement there is nothing to caution about.
    expect(report.notes.join(" ")).not.toContain("presumption of conformity");
  });

  it("the same speaker assessed while its label was current gets partial evidence (the date decides)", async () => {
    const speaker = example("partner-expired-cls-speaker");
    const early = await craReport({ declaration: speaker.declaration, sbom: speaker.sbom, asOf: "2027-06-01" });
    expect(early.summary.byStatus.partial).toBeGreaterThan(0);
    expect(early.notes.join(" ")).not.toContain("counts for nothing");
  });

  it("a certificate whose scope names another product counts for nothing and the report says why", async () => {
    const camera = example("partner-cls-l2-camera");
    const text = camera.declaration.text.replace("scope: Acme Cam AC-20, firmware 2.x", "scope: Acme Doorbell AD-1");
    expect(text).not.toBe(camera.declaration.text);
    const report = await craReport({ declaration: { text }, sbom: camera.sbom });
    expect(report.summary.byStatus.partial + report.summary.byStatus.recognized).toBe(0);
    expect(report.notes.join(" ")).toContain(
      'counts for nothing: its scope ("Acme Doorbell AD-1") does not name this product (AC-20, Acme Cam)',
    );
  });

  it("a gap the declaration shows is never hidden by a certificate that would cover it", async () => {
    const camera = example("partner-cls-l2-camera");
    const text = camera.declaration.text.replace(/ {2}2d:\n(\s+status: )implemented/, "  2d:\n$1not-implemented");
    expect(text).not.toBe(camera.declaration.text);
    const report = await craReport({ declaration: { text }, sbom: camera.sbom });
    const f = report.findings.find((x) => x.requirement === "CRA-AI-P1-2d")!;
    expect(f.status).toBe("gap");
    expect(f.severity).toBe("high");
    expect(f.recognition).toBeUndefined();
    expect(f.message).toContain("sg-cls L2 (CLS-2027-0042) would partly cover this requirement");
    expect(f.message).toContain("direct evidence takes precedence");
    expect(report.verdict).toBe("fail");
  });

  it("a gap the SBOM shows is never hidden either: a vulnerability analysed as exploitable keeps (2)(a) a gap", async () => {
    const router = example("partner-jcstar-router");
    const xml = Buffer.from(router.sbom.bytes)
      .toString("utf8")
      .replace(
        "</dependencies>\n",
        `</dependencies>\n  <vulnerabilities>\n    <vulnerability bom-ref="v1">\n      <id>CVE-2024-12345</id>\n      <analysis>\n        <state>exploitable</state>\n      </analysis>\n      <affects>\n        <target><ref>dnsmasq@2.90</ref></target>\n      </affects>\n    </vulnerability>\n  </vulnerabilities>\n`,
      );
    expect(xml).toContain("CVE-2024-12345");
    const report = await craReport({
      declaration: router.declaration,
      sbom: { bytes: new TextEncoder().encode(xml), fileName: "sbom.cdx.xml" },
    });
    const gaps = report.findings.filter((x) => x.requirement === "CRA-AI-P1-2a" && x.status === "gap");
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.some((g) => g.message.includes("jp-jc-star ★1 (JC-STAR-1-00123) would partly cover"))).toBe(true);
    expect(report.findings.filter((x) => x.requirement === "CRA-AI-P1-2a").map((x) => x.status)).not.toContain(
      "partial",
    );
  });

  it("recognition: false gives the findings of the evidence alone (what mra simulate starts from)", async () => {
    const camera = example("partner-cls-l2-camera");
    const raw = await craReport({ declaration: camera.declaration, sbom: camera.sbom, recognition: false });
    expect(raw.summary.byStatus.partial).toBe(0);
    const withIt = reports.get("partner-cls-l2-camera")!;
    // Same requirements, and every partial finding was a needs-review one: recognition only narrows review items.
    expect(raw.findings.map((f) => f.requirement)).toEqual(withIt.findings.map((f) => f.requirement));
    for (const f of withIt.findings.filter((x) => x.status === "partial")) {
      expect(raw.findings.find((x) => x.requirement === f.requirement)!.status).toBe("needs-review");
    }
    expect(withIt.summary.byStatus.gap).toBe(raw.summary.byStatus.gap);
  });

  it("a requirement recognized through an arrangement renders in every format and validates", async () => {
    const draft = loadArrangementFile(draftFile, data.catalogs);
    if (!draft.ok) throw new Error("draft");
    // As if the draft were in force: its L2 route names CRA-AI-P1-2d among others.
    const ctx: AssessContext = {
      ...assess,
      recognition: { ...data, arrangements: [...data.arrangements, { ...draft.value, status: "in-force" }] },
    };
    const camera = example("partner-cls-l2-camera");
    const report = await craReport({ declaration: camera.declaration, sbom: camera.sbom }, ctx);
    expect(withStatus(report, "recognized")).toEqual(["CRA-AI-P1-2d", "CRA-AI-P1-2j", "CRA-AI-P2-5"]);
    const f = report.findings.find((x) => x.requirement === "CRA-AI-P1-2d")!;
    expect(f.message).toMatch(
      /^Recognized: sg-cls L2 \(CLS-2027-0042, self-declared\) → arrangement eu-sg-cls-draft, route cls-l2-self-declared\./,
    );
    expect(f.recognition!.some((t) => t.via.kind === "arrangement" && t.coverage === "full")).toBe(true);
    expect(validateReport(JSON.parse(renderReport(report, "json")))).toBe(true);
    const rendered = Object.fromEntries(REPORT_FORMATS.map((format) => [format, renderReport(report, format)]));
    expect(rendered.md).toContain("Recognized (3)");
    expect(rendered.md).toContain("Partly recognized (");
    expect(rendered.html).toContain('class="finding s-recognized"');
    expect(rendered.html).toContain("eu-sg-cls-draft");
    expect(rendered.csv).toMatch(/CRA-AI-P1-2d[^\n]*recognized/);
    expect(rendered.junit).toContain("eu-sg-cls-draft");
    // SARIF reports gaps and review items; a recognized requirement is settled and is not a result.
    const sarif = JSON.parse(rendered.sarif!) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).not.toContain("CRA-AI-P1-2d");
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain("CRA-AI-P1-2b");
  });
});

describe("arrangements in force between partners", () => {
  const psti = ["UKPSTI-S1-1.2", "UKPSTI-S1-2.2", "UKPSTI-S1-3.2"].map((r) => finding(r, "needs-review", "uk-psti"));
  const star1 = {
    scheme: "jp-jc-star",
    level: "star-1",
    version: "JST-CR-01-01-2024R1",
    validUntil: "2027-12-31",
    assurance: "self" as const,
  };

  it("a current STAR-1 label gives PSTI deemed compliance from 2025-12-04 (S.I. 2025/1267), not before", () => {
    const ctx = { ...data, product: { model: "AR-5" } };
    const after = applyRecognition(psti, [star1], { ...ctx, asOf: "2026-02-01" });
    expect(after.findings.map((f) => f.status)).toEqual(["recognized", "recognized", "recognized"]);
    expect(after.findings[0]!.recognition![0]!.via).toMatchObject({
      kind: "arrangement",
      id: "uk-psti-label-recognition-2025",
      reviewed: false,
    });
    const before = applyRecognition(psti, [star1], { ...ctx, asOf: "2025-11-01" });
    expect(before.findings.map((f) => f.status)).toEqual(["needs-review", "needs-review", "needs-review"]);
  });

  it("PSTI compliance waives exactly three ★1 criteria from 2026-01-01; the simplified CLS L1 route recognises nothing", () => {
    const jc = ["JCSTAR-S1.1-01", "JCSTAR-S1.1-02", "JCSTAR-S1.1-05", "JCSTAR-S1.1-16"].map((r) =>
      finding(r, "needs-review", "jp-jc-star"),
    );
    const pstiCert = { scheme: "uk-psti", validUntil: "2030-01-01" };
    const out = applyRecognition(jc, [pstiCert], { ...data, asOf: "2026-03-01", product: {} });
    expect(out.findings.map((f) => `${f.requirement}:${f.status}`)).toEqual([
      "JCSTAR-S1.1-01:needs-review",
      "JCSTAR-S1.1-02:recognized",
      "JCSTAR-S1.1-05:recognized",
      "JCSTAR-S1.1-16:recognized",
    ]);
    const cls = applyRecognition([finding("SGCLS-ETSI-5.1-1", "needs-review", "sg-cls")], [pstiCert], {
      ...data,
      asOf: "2026-03-01",
      product: {},
    });
    expect(cls.findings[0]!.status).toBe("needs-review");
    expect(cls.notes.join(" ")).toContain("simplified application");
  });
});

describe("mra simulate over the examples with the shipped draft", () => {
  it("closes the draft's L2 requirements for the CLS L2 camera only", () => {
    expect(simulation.totals.products).toBe(4);
    expect(simulation.invalidProducts).toEqual([]);
    const camera = simulation.products.find((p) => p.id === "partner-cls-l2-camera")!;
    expect(camera.changes.map((c) => `${c.requirement}:${c.change}`)).toEqual([
      "CRA-AI-P1-2d:closed",
      "CRA-AI-P1-2j:closed",
      "CRA-AI-P2-5:closed",
    ]);
    expect(camera.openAfter).toBe(camera.openBefore - 3);
    for (const other of ["partner-expired-cls-speaker", "partner-jcstar-router", "partner-psti-smart-plug"]) {
      expect(simulation.products.find((p) => p.id === other)!.changes).toEqual([]);
    }
    expect(simulation.totals).toMatchObject({ closed: 3, narrowed: 0, productsWithQualifyingCertificate: 1 });
    expect(simulation.requirements.find((r) => r.requirement === "CRA-AI-P1-2d")).toMatchObject({
      closed: 1,
      remainingOpen: 3,
    });
    expect(simulation.notes.join(" ")).toContain("needs level L3 or higher");
  });

  it("renders Markdown and CSV", () => {
    expect(simulationToMarkdown(simulation)).toContain("| partner-cls-l2-camera (Acme Cam) | sg-cls L2 | ");
    const csv = simulationToCsv(simulation);
    expect(csv).toContain("eu-sg-cls-draft,partner-cls-l2-camera,CRA-AI-P1-2d,partial,recognized,closed\r\n");
  });

  it("counts a gap the draft names but the evidence contradicts as held by evidence, never closed", async () => {
    const text = readFileSync(`${dir}partner-cls-l2-camera/declaration.yaml`, "utf8").replace(
      / {2}2d:\n(\s+status: )implemented/,
      "  2d:\n$1not-implemented",
    );
    expect(text).not.toBe(readFileSync(`${dir}partner-cls-l2-camera/declaration.yaml`, "utf8"));
    const draft = loadArrangementFile(draftFile, data.catalogs);
    if (!draft.ok) throw new Error("draft");
    const result = await simulateArrangement({
      ctx: { assess, data },
      input: { arrangement: draft.value, products: [{ id: "camera-2d-missing", declaration: { text } }], asOf: ASOF },
    });
    const changes = result.products[0]!.changes;
    expect(changes.find((c) => c.requirement === "CRA-AI-P1-2d")).toEqual({
      requirement: "CRA-AI-P1-2d",
      before: "gap",
      after: "gap",
      change: "held-by-evidence",
    });
    expect(result.totals.heldByEvidence).toBe(1);
  });

  it("refuses an invalid product and still reports the others", async () => {
    const draft = loadArrangementFile(draftFile, data.catalogs);
    if (!draft.ok) throw new Error("draft");
    const result = await simulateArrangement({
      ctx: { assess, data },
      input: {
        arrangement: draft.value,
        products: [{ id: "broken", declaration: { text: "format: cra-declaration/1\nproduct: 7\n" } }, products[0]!],
        asOf: ASOF,
      },
    });
    expect(result.invalidProducts.map((p) => p.id)).toEqual(["broken"]);
    expect(result.products).toHaveLength(1);
  });
});
