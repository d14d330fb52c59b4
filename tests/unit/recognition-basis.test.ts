/**
 * What a partner certificate does to a gap depends on what the gap rests on (`Finding.basis`): a gap the inputs are
 * silent on (`absent`) is lifted, `recognized` for a full cover and `partial` with the residual otherwise; a gap the
 * evidence shows (`contradicted`, or any other basis) is never lifted and names the certificate that would have
 * covered it. A `partial` lifted from a gap still counts as a gap for the gate. Every expectation is written by hand
 * from those rules and from the crosswalk rows named in each test.
 */
import { describe, expect, it } from "vitest";
import {
  applyRecognition,
  type HeldCertificate,
  mappingKey,
  type RecognitionContext,
} from "../../src/crosswalk/recognition.js";
import { seedRecognitionData } from "../../src/crosswalk/seeds.js";
import { baselineFromReport } from "../../src/domain/baseline.js";
import type { Finding, FindingBasis } from "../../src/domain/report.js";
import { buildReport } from "../../src/domain/verdict.js";
import { renderReport } from "../../src/reports/index.js";
import { catalogs, finding, xToCra } from "./crosswalk-fixtures.js";

const ASOF = "2028-03-01";
const cert = (extra: Partial<HeldCertificate> = {}): HeldCertificate => ({
  scheme: "x",
  level: "L2",
  version: "v1.4",
  certificateId: "X-001",
  assurance: "third-party",
  validUntil: "2029-12-31",
  ...extra,
});
const ctx = (extra: Partial<RecognitionContext> = {}): RecognitionContext => ({
  catalogs,
  crosswalks: [xToCra],
  arrangements: [],
  asOf: ASOF,
  product: { name: "Hub", model: "AH-100", identifiers: [] },
  ...extra,
});
const gap = (requirement: string, basis?: FindingBasis): Finding => ({
  ...finding(requirement, "gap"),
  remediation: `Declare ${requirement}.`,
  ...(basis ? { basis } : {}),
});
const by = (findings: Finding[], requirement: string) => findings.find((f) => f.requirement === requirement)!;

describe("gaps the inputs are silent on (basis absent)", () => {
  // x--cra: X1 equal A, X2 subset-of B (residual "the rest of B"), X2 intersects-with D ("the rest of D").
  it("a full cover makes the gap recognized; its 'declare it' remediation goes", () => {
    const out = applyRecognition([gap("A", "absent")], [cert()], ctx());
    const a = by(out.findings, "A");
    expect(a.status).toBe("recognized");
    expect(a.basis).toBe("absent");
    expect(a.residualGap).toBeUndefined();
    expect(a.remediation).toBeUndefined();
    expect(a.recognition?.[0]).toMatchObject({ coverage: "full", via: { sourceRequirement: "X1" } });
    expect(a.evidence).toContainEqual({
      fact: "certificate",
      value: cert(),
      location: "declaration:/certifications/0",
    });
  });

  it("a partial cover makes it partial, the residual still to evidence and still a gap for the gate", () => {
    const out = applyRecognition([gap("B", "absent"), gap("D", "absent")], [cert()], ctx());
    const b = by(out.findings, "B");
    expect(b.status).toBe("partial");
    expect(b.residualGap).toBe(true);
    expect(b.message).toContain("the rest of B");
    expect(b.message).toContain("remains a gap for the gate");
    expect(b.remediation).toBe("Evidence what the certificate does not cover: the rest of B Declare B.");
    expect(by(out.findings, "D")).toMatchObject({ status: "partial", residualGap: true });
    expect(out.summary).toEqual([
      {
        index: 0,
        scheme: "x",
        level: "L2",
        certificateId: "X-001",
        counts: true,
        reasons: [],
        recognized: 0,
        partial: 2,
        contradictedButCovered: 0,
      },
    ]);
  });

  it("an expired certificate or one for another product lifts nothing", () => {
    const expired = applyRecognition([gap("A", "absent")], [cert({ validUntil: "2027-12-31" })], ctx());
    expect(by(expired.findings, "A").status).toBe("gap");
    expect(expired.summary[0]).toMatchObject({ counts: false, recognized: 0, partial: 0, contradictedButCovered: 0 });
    const other = applyRecognition([gap("A", "absent")], [cert({ scope: "Model ZZ-9" })], ctx());
    expect(by(other.findings, "A").status).toBe("gap");
  });

  it("a certificate without an expiry date gives only partial, and the residual says to show it is current", () => {
    const out = applyRecognition([gap("A", "absent")], [cert({ validUntil: undefined })], ctx());
    const a = by(out.findings, "A");
    expect(a.status).toBe("partial");
    expect(a.residualGap).toBe(true);
    expect(a.message).toContain("Show that the certificate is current");
  });
});

describe("gaps the evidence shows are never lifted", () => {
  it.each<[FindingBasis]>([["contradicted"], ["verified"], ["declared"]])(
    "basis %s: the gap stands and names the certificate that would have covered it",
    (basis) => {
      const out = applyRecognition([gap("A", basis)], [cert()], ctx());
      const a = by(out.findings, "A");
      expect(a.status).toBe("gap");
      expect(a.recognition).toBeUndefined();
      expect(a.heldByEvidence).toEqual(["x L2 (X-001)"]);
      expect(a.message).toContain("x L2 (X-001) would cover this requirement");
      expect(a.message).toContain("direct evidence takes precedence");
      expect(out.heldByEvidence).toEqual([{ framework: "cra", requirement: "A", certificates: ["x L2 (X-001)"] }]);
      expect(out.summary[0]).toMatchObject({ recognized: 0, partial: 0, contradictedButCovered: 1 });
    },
  );

  it("a contradicted gap says the evidence contradicts it; a partial cover says 'partly cover'", () => {
    const out = applyRecognition([gap("B", "contradicted")], [cert()], ctx());
    expect(by(out.findings, "B").message).toContain(
      "would partly cover this requirement, but the declaration or SBOM contradicts it",
    );
  });
});

describe("counts per certificate", () => {
  it("two certificates: each counts what it reached", () => {
    const findings = [gap("A", "absent"), gap("B", "absent"), gap("D", "contradicted"), finding("C", "needs-review")];
    const l1 = cert({ level: "L1", certificateId: "X-L1" });
    const out = applyRecognition(findings, [cert(), l1], ctx());
    // L2 evidences X1 and X2: A recognized, B partial, D held. L1 evidences X1 only: A recognized.
    // C maps only from a recommendation the ICS does not answer, so nothing reaches it.
    expect(out.summary.map((s) => [s.certificateId, s.recognized, s.partial, s.contradictedButCovered])).toEqual([
      ["X-001", 1, 1, 1],
      ["X-L1", 1, 0, 0],
    ]);
    expect(by(out.findings, "C").status).toBe("needs-review");
  });
});

describe("the gate treats a partial lifted from a gap as the gap it still is", () => {
  const report = (findings: Finding[], extra: Partial<Parameters<typeof buildReport>[0]> = {}) =>
    buildReport({
      framework: { id: "cra", name: "CRA", version: "2024/2847" },
      findings,
      asOf: ASOF,
      failOn: "high",
      product: { name: "Hub", identifiers: [] },
      inputs: {},
      tool: { name: "cra-assessor", version: "0", ruleSetVersion: "0" },
      ...extra,
    });

  it("a high-severity residual gap fails the gate; a recognized gap does not", () => {
    const out = applyRecognition([gap("A", "absent"), gap("B", "absent")], [cert()], ctx());
    const built = report(out.findings, { certificates: out.summary });
    expect(built.verdict).toBe("fail");
    expect(built.summary.blocking).toBe(1);
    expect(built.summary.gapsBySeverity.high).toBe(1);
    expect(built.summary.byStatus).toMatchObject({ recognized: 1, partial: 1, gap: 0 });
    expect(built.certificates?.[0]).toMatchObject({ recognized: 1, partial: 1 });
    const onlyFull = applyRecognition([gap("A", "absent")], [cert()], ctx());
    expect(report(onlyFull.findings).verdict).toBe("pass");
  });

  it("a partial upgraded from needs-review does not fail the gate", () => {
    const b = { ...finding("B", "needs-review"), severity: "high" as const };
    const out = applyRecognition([b], [cert()], ctx());
    expect(by(out.findings, "B")).toMatchObject({ status: "partial" });
    expect(by(out.findings, "B").residualGap).toBeUndefined();
    expect(report(out.findings).verdict).toBe("pass");
  });

  it("a waiver can cover the residual gap, and a baseline knows it", () => {
    const out = applyRecognition([gap("B", "absent")], [cert()], ctx());
    const waived = report(out.findings, {
      waivers: [{ requirement: "B", justification: "Evidence due next sprint", approver: "QA", expires: "2028-12-31" }],
    });
    expect(waived.verdict).toBe("pass");
    expect(by(waived.findings, "B").status).toBe("waived");
    const first = report(out.findings);
    const baseline = baselineFromReport(first);
    expect(baseline.gaps.map((g) => g.requirement)).toEqual(["B"]);
    expect(report(out.findings, { baseline }).verdict).toBe("pass");
  });

  it("renderers say so: the Markdown gate rule and the certificate table", () => {
    const out = applyRecognition([gap("A", "absent"), gap("B", "absent"), gap("D", "contradicted")], [cert()], ctx());
    const md = renderReport(report(out.findings, { certificates: out.summary }), "md");
    expect(md).toContain("A partly recognized gap counts as a gap while its residual is still missing.");
    expect(md).toContain("### Partner certificates");
    expect(md).toContain("| `x L2 X-001` | yes | 1 | 1 | 1 |");
  });
});

describe("reviews decide whether a mapping relied on is reviewed", () => {
  const reviewed = (reviews: RecognitionContext["reviews"]) =>
    applyRecognition(
      [gap("A", "absent")],
      [cert()],
      ctx({
        crosswalks: [{ ...xToCra, provenance: { ...xToCra.provenance, reviewed: false } }],
        ...(reviews ? { reviews } : {}),
      }),
    ).findings[0]!;
  const key = mappingKey("x--cra", "X1", "A");
  const review = (verdict: "agree" | "disagree", date: string) => ({
    reviewer: "R. Eviewer",
    organisation: "regulator-a",
    date,
    verdict,
  });

  it("no review on an unreviewed crosswalk: the finding says it relied on an unreviewed mapping", () => {
    const a = reviewed(undefined);
    expect(a.recognition?.[0]?.via.reviewed).toBe(false);
    expect(a.message).toContain("Relied on an unreviewed mapping (no agreeing review): X1 (x--cra).");
  });

  it("an agreeing stored review makes it reviewed; a later disagreement undoes that", () => {
    const agreed = reviewed(new Map([[key, [review("agree", "2028-01-10")]]]));
    expect(agreed.recognition?.[0]?.via.reviewed).toBe(true);
    expect(agreed.message).not.toContain("unreviewed");
    const contested = reviewed(new Map([[key, [review("agree", "2028-01-10"), review("disagree", "2028-02-01")]]]));
    expect(contested.recognition?.[0]?.via.reviewed).toBe(false);
  });
});

describe("the seeded crosswalks on the issue's examples", () => {
  const data = seedRecognitionData();
  const seedCtx = (product: RecognitionContext["product"]): RecognitionContext => ({
    catalogs: data.catalogs,
    crosswalks: data.crosswalks,
    arrangements: data.arrangements,
    asOf: "2028-06-01",
    product,
  });
  const craGap = (requirement: string, basis: FindingBasis): Finding => ({
    ...finding(requirement, "gap"),
    basis,
  });

  it("PSTI held, declaration silent on the reporting contact: Annex I Part II (6) is partial", () => {
    // uk-psti--cra: Schedule 1 para 2.2 (published contact) intersects-with Part II (6); sharing information on
    // third-party components stays to evidence.
    const out = applyRecognition(
      [craGap("CRA-AI-P2-6", "absent")],
      [{ scheme: "uk-psti", assurance: "self", validUntil: "2034-03-31", scope: "Acme Plug AP-1" }],
      seedCtx({ name: "Acme Plug", model: "AP-1" }),
    );
    const f = out.findings[0]!;
    expect(f.status).toBe("partial");
    expect(f.residualGap).toBe(true);
    expect(f.recognition?.map((t) => t.via.sourceRequirement)).toContain("UKPSTI-S1-2.2");
    expect(f.message).toContain("third-party components");
  });

  it("CLS level 2 held, declaration silent on default credentials: (2)(b) is partial", () => {
    // sg-cls--cra: SGCLS-ETSI-5.1-1 (unique passwords, L2) subset-of (2)(b); secure defaults beyond credentials remain.
    const out = applyRecognition(
      [craGap("CRA-AI-P1-2b", "absent")],
      [{ scheme: "sg-cls", level: "L2", assurance: "third-party", validUntil: "2030-01-31", scope: "Acme Cam AC-20" }],
      seedCtx({ name: "Acme Cam", model: "AC-20", kinds: ["smart-camera"] }),
    );
    const f = out.findings[0]!;
    expect(f.status).toBe("partial");
    expect(f.residualGap).toBe(true);
    expect(f.recognition?.map((t) => t.via.sourceRequirement)).toContain("SGCLS-ETSI-5.1-1");
  });

  it("CLS level 2 held, SBOM without top-level dependencies: Part II (1) stays a gap", () => {
    const l2 = { scheme: "sg-cls", level: "L2", assurance: "third-party" as const, validUntil: "2030-01-31" };
    const out = applyRecognition(
      [craGap("CRA-AI-P2-1", "contradicted")],
      [l2],
      seedCtx({ name: "Acme Cam", model: "AC-20" }),
    );
    expect(out.findings[0]!.status).toBe("gap");
    // Level 3 adds binary analysis reconciled with the SBOM (SGCLS-BA intersects-with Part II (1)): it would
    // partly cover the requirement, and the gap still stands, naming it.
    const l3 = applyRecognition(
      [craGap("CRA-AI-P2-1", "contradicted")],
      [{ ...l2, level: "L3", certificateId: "CLS-3-1" }],
      seedCtx({ name: "Acme Cam", model: "AC-20" }),
    );
    expect(l3.findings[0]).toMatchObject({ status: "gap", heldByEvidence: ["sg-cls L3 (CLS-3-1)"] });
    expect(l3.summary[0]!.contradictedButCovered).toBe(1);
  });
});
