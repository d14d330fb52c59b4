/** The recognition analyses on the partner-certificate example products (seeds/examples/partner-*). */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadArrangementFile } from "../../src/crosswalk/arrangement.js";
import { applyRecognition } from "../../src/crosswalk/recognition.js";
import { recognizeFromDeclaration } from "../../src/crosswalk/recognize-declaration.js";
import { simulationToCsv, simulationToMarkdown } from "../../src/crosswalk/render-simulation.js";
import { seedRecognitionData } from "../../src/crosswalk/seeds.js";
import { parseDeclaration } from "../../src/declaration/parse.js";
import type { Finding } from "../../src/domain/report.js";
import { type AssessContext, assessProduct, createAssessContext } from "../../src/services/assess.js";
import { type SimulationResult, simulateArrangement } from "../../src/services/simulate-arrangement.js";
import { finding } from "./crosswalk-fixtures.js";

const dir = fileURLToPath(new URL("../../seeds/examples/", import.meta.url));
const draftFile = fileURLToPath(new URL("../../seeds/arrangements/drafts/eu-sg-cls-draft.yaml", import.meta.url));
const ASOF = "2028-06-01";
const data = seedRecognitionData();
const products = readdirSync(dir)
  .filter((name) => name.startsWith("partner-"))
  .sort()
  .map((id) => ({
    id,
    declaration: { text: readFileSync(`${dir}${id}/declaration.yaml`, "utf8"), fileName: `${id}/declaration.yaml` },
  }));

let assess: AssessContext;
const recognized = new Map<string, { findings: Map<string, Finding>; notes: string[] }>();
let simulation: SimulationResult;

beforeAll(async () => {
  assess = await createAssessContext({ frameworks: ["cra"] });
  for (const product of products) {
    const parsed = parseDeclaration(product.declaration.text, product.id);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const outcome = await assessProduct({
      ctx: assess,
      input: { declaration: product.declaration, asOf: ASOF, frameworks: ["cra"] },
    });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
    const result = recognizeFromDeclaration(outcome.reports[0]!.findings, parsed.value, { asOf: ASOF, data });
    recognized.set(product.id, {
      findings: new Map(result.findings.map((f) => [f.requirement, f])),
      notes: result.notes,
    });
  }
  const draft = loadArrangementFile(draftFile, data.catalogs);
  if (!draft.ok) throw new Error(JSON.stringify(draft.issues));
  simulation = await simulateArrangement({
    ctx: { assess, data },
    input: { arrangement: draft.value, products, asOf: ASOF },
  });
}, 60_000);

const status = (product: string, requirement: string) => recognized.get(product)!.findings.get(requirement)?.status;

describe("CRA reports of the partner-certificate examples", () => {
  it("CLS level 2 camera: the label narrows password and attack-surface review items, never closes them outright", () => {
    expect(status("partner-cls-l2-camera", "CRA-AI-P1-2d")).toBe("partial");
    expect(status("partner-cls-l2-camera", "CRA-AI-P1-2j")).toBe("partial");
    const trace = recognized.get("partner-cls-l2-camera")!.findings.get("CRA-AI-P1-2d")!.recognition!;
    expect(trace.every((t) => t.certificate.certificateId === "CLS-2027-0042" && t.via.kind === "crosswalk")).toBe(
      true,
    );
    expect(trace.some((t) => t.via.sourceRequirement === "SGCLS-ETSI-5.1-1")).toBe(true);
    // The declaration says logging is not implemented: that gap stays a gap.
    expect(status("partner-cls-l2-camera", "CRA-AI-P1-2l")).toBe("gap");
  });

  it("JC-STAR ★1 router: the vulnerability scan criterion gives partial evidence for Annex I (2)(a)", () => {
    expect(status("partner-jcstar-router", "CRA-AI-P1-2a")).toBe("partial");
    const f = recognized.get("partner-jcstar-router")!.findings.get("CRA-AI-P1-2a")!;
    expect(f.recognition!.map((t) => t.via.sourceRequirement)).toContain("JCSTAR-S1.1-13");
    expect(f.message).toContain("Still to evidence");
  });

  it("PSTI smart plug: passwords and reporting contact give partial evidence", () => {
    expect(status("partner-psti-smart-plug", "CRA-AI-P1-2b")).toBe("partial");
    expect(status("partner-psti-smart-plug", "CRA-AI-P2-5")).toBe("partial");
  });

  it("expired CLS speaker: the certificate counts for nothing and the report says why", () => {
    const speaker = recognized.get("partner-expired-cls-speaker")!;
    expect([...speaker.findings.values()].some((f) => f.status === "recognized" || f.status === "partial")).toBe(false);
    expect(speaker.notes.join(" ")).toContain("expired on 2027-06-30");
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
