import { describe, expect, it } from "vitest";
import {
  applyRecognition,
  type HeldCertificate,
  type RecognitionContext,
  sameVersion,
  scopeCoversProduct,
} from "../../src/crosswalk/recognition.js";
import type { Arrangement, Relationship } from "../../src/domain/crosswalk.js";
import { catalogs, crosswalk, finding, xToCra } from "./crosswalk-fixtures.js";

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
  product: { name: "Hub", model: "AH-100", identifiers: ["pkg:generic/acme/hub@1.0"] },
  ...extra,
});

const openFindings = () => ["A", "B", "C", "D"].map((r) => finding(r, "needs-review"));
const statusOf = (findings: { requirement: string; status: string }[]) =>
  Object.fromEntries(findings.map((f) => [f.requirement, f.status]));

describe("applyRecognition through a crosswalk", () => {
  it("valid L2 certificate: equal → recognized, subset → partial with residual, unanswered recommendation → nothing", () => {
    const out = applyRecognition(openFindings(), [cert()], ctx());
    expect(statusOf(out.findings)).toEqual({ A: "recognized", B: "partial", C: "needs-review", D: "partial" });
    const a = out.findings.find((f) => f.requirement === "A")!;
    expect(a.recognition).toEqual([
      {
        certificate: {
          scheme: "x",
          level: "L2",
          certificateId: "X-001",
          validUntil: "2029-12-31",
          assurance: "third-party",
        },
        via: {
          kind: "crosswalk",
          id: "x--cra",
          relationship: "equal",
          sourceRequirement: "X1",
          confidence: "high",
          reviewed: true,
        },
        coverage: "full",
      },
    ]);
    expect(a.evidence).toContainEqual({
      fact: "certificate",
      value: cert(),
      location: "declaration:/certifications/0",
    });
    const b = out.findings.find((f) => f.requirement === "B")!;
    expect(b.message).toContain("Still to evidence: the rest of B");
    expect(b.remediation).toContain("the rest of B");
    expect(b.recognition?.[0]?.residual).toBe("the rest of B");
  });

  it("a recommendation counts once the ICS answers yes; a 'no' or 'not-applicable' answer takes it out", () => {
    expect(
      statusOf(applyRecognition(openFindings(), [cert()], ctx({ icsAnswers: { "5.3-1": "yes" } })).findings).C,
    ).toBe("recognized");
    expect(
      statusOf(applyRecognition(openFindings(), [cert()], ctx({ icsAnswers: { "5.3-1": "no" } })).findings).C,
    ).toBe("needs-review");
  });

  it("an L1 certificate evidences only the L1 requirements", () => {
    expect(statusOf(applyRecognition(openFindings(), [cert({ level: "Level 1" })], ctx()).findings)).toEqual({
      A: "recognized",
      B: "needs-review",
      C: "needs-review",
      D: "needs-review",
    });
  });

  it.each<[string, Partial<HeldCertificate>, string]>([
    ["expired", { validUntil: "2028-02-29" }, "expired on 2028-02-29"],
    ["not yet valid", { validFrom: "2028-06-01" }, "valid only from 2028-06-01"],
    ["out of scope", { scope: "Model AH-200 only" }, 'its scope ("Model AH-200 only") does not name this product'],
    ["an unknown level", { level: "L9" }, '"L9" is not a level of x'],
    ["no level for a levelled scheme", { level: undefined }, "names none"],
    ["an unknown scheme", { scheme: "zz-label" }, 'no catalog for scheme "zz-label"'],
  ])("a certificate that is %s counts for nothing, and a note says why", (_name, change, reason) => {
    const c = { ...cert(), ...change };
    if (change.level === undefined && "level" in change) delete c.level;
    const out = applyRecognition(openFindings(), [c], ctx());
    expect(out.findings.map((f) => f.status)).toEqual(["needs-review", "needs-review", "needs-review", "needs-review"]);
    expect(out.notes.join(" ")).toContain(reason);
    expect(out.certificates[0]!.counts).toBe(false);
  });

  it("a certificate without an expiry date supports but does not settle a requirement", () => {
    const c = cert();
    delete c.validUntil;
    const out = applyRecognition(openFindings(), [c], ctx());
    expect(statusOf(out.findings).A).toBe("partial");
    expect(out.findings[0]!.message).toContain("Show that the certificate is current");
  });

  it("never hides a gap the evidence shows: the gap stays and its message names the certificate", () => {
    const contradicted = { ...finding("E", "gap"), basis: "contradicted" as const };
    const out = applyRecognition([contradicted, finding("A", "met")], [cert()], ctx());
    expect(out.findings[0]!.status).toBe("gap");
    expect(out.findings[0]!.recognition).toBeUndefined();
    expect(out.findings[0]!.message).toContain("x L2 (X-001) would cover this requirement");
    expect(out.findings[0]!.message).toContain("direct evidence takes precedence");
    expect(out.findings[1]).toEqual(finding("A", "met"));
  });

  it.each<[Relationship, string]>([
    ["equal", "recognized"],
    ["equivalent", "recognized"],
    ["superset-of", "recognized"],
    ["subset-of", "partial"],
    ["intersects-with", "partial"],
    ["no-relationship", "needs-review"],
  ])("relationship %s gives %s", (relationship, status) => {
    const one = crosswalk("x--cra", "x", [
      {
        source: "X1",
        target: "A",
        relationship,
        rationale: "semantic",
        confidence: "medium",
        ...(status === "partial" ? { residual: "rest" } : {}),
      },
    ]);
    const out = applyRecognition([finding("A", "needs-review")], [cert()], ctx({ crosswalks: [one] }));
    expect(out.findings[0]!.status).toBe(status);
  });

  it("notes that CRA recognition is evidence reuse, not presumption of conformity", () => {
    const out = applyRecognition(openFindings(), [cert()], ctx());
    expect(out.notes.some((n) => n.includes("not a presumption of conformity"))).toBe(true);
  });

  it("leaves findings of a framework no crosswalk reaches untouched", () => {
    const out = applyRecognition([finding("P1", "needs-review", "p")], [cert()], ctx());
    expect(out.findings[0]!.status).toBe("needs-review");
  });
});

const arrangement = (
  extra: Partial<Arrangement> = {},
  route: Partial<Arrangement["routes"][number]> = {},
): Arrangement => ({
  id: "eu-x",
  title: "EU–X",
  kind: "mutual-recognition",
  status: "in-force",
  parties: ["EU"],
  externalSchemes: [],
  effective: { from: "2027-12-11" },
  routes: [
    {
      id: "x-l2",
      kind: "recognition",
      from: { scheme: "x", level: "L2", orHigher: true, assurance: "third-party" },
      to: { scheme: "cra", requirements: ["C", "D"] },
      conditions: { validLabel: true, versions: { x: "Scheme spec v1.4" }, productScope: { exclude: ["smartphone"] } },
      ...route,
    },
  ],
  source: { title: "test", quality: "primary" },
  ...extra,
});

describe("applyRecognition through an arrangement", () => {
  const run = (a: Arrangement, c = cert(), extra: Partial<RecognitionContext> = {}) =>
    applyRecognition(openFindings(), [c], ctx({ crosswalks: [], arrangements: [a], ...extra }));

  it("recognises the named requirements, with the route in the trace", () => {
    const out = run(arrangement());
    expect(statusOf(out.findings)).toEqual({ A: "needs-review", B: "needs-review", C: "recognized", D: "recognized" });
    expect(out.findings[2]!.recognition?.[0]?.via).toEqual({
      kind: "arrangement",
      id: "eu-x",
      route: "x-l2",
      reviewed: true,
    });
  });

  it.each<[string, Arrangement, HeldCertificate, Partial<RecognitionContext>, string]>([
    [
      "self-declared certificate on a third-party route",
      arrangement(),
      cert({ assurance: "self" }),
      {},
      "accepts only third-party",
    ],
    ["level below the route", arrangement(), cert({ level: "L1" }), {}, "needs level L2 or higher"],
    [
      "arrangement not yet in effect",
      arrangement({ effective: { from: "2029-01-01" } }),
      cert(),
      {},
      "takes effect on 2029-01-01",
    ],
    [
      "excluded product kind",
      arrangement(),
      cert(),
      { product: { model: "AH-100", kinds: ["smartphone"] } },
      "excludes products of kind smartphone",
    ],
    ["another criteria version", arrangement(), cert({ version: "v1.3" }), {}, "requires criteria version"],
  ])("does not apply to a %s", (_name, a, c, extra, reason) => {
    const out = run(a, c, extra);
    expect(out.findings.map((f) => f.status)).toEqual(["needs-review", "needs-review", "needs-review", "needs-review"]);
    expect(out.notes.join(" ")).toContain(reason);
  });

  it("applies a draft only when simulating", () => {
    const draft = arrangement({ status: "draft" });
    expect(statusOf(run(draft).findings).C).toBe("needs-review");
    const simulated = run(draft, cert(), { includeDrafts: true });
    expect(statusOf(simulated.findings).C).toBe("recognized");
    expect(simulated.findings[2]!.recognition?.[0]?.via.reviewed).toBe(false);
  });

  it("an unknown product kind on a kind-limited route leaves a partial with what to show", () => {
    const out = run(arrangement({}, { conditions: { validLabel: true, productScope: { include: ["router"] } } }));
    expect(statusOf(out.findings).C).toBe("partial");
    expect(out.findings[2]!.message).toContain("Show that the product is of a kind the route covers (router)");
  });

  it("a simplified-application route recognises nothing and says so", () => {
    const out = run(arrangement({ kind: "simplified-application" }, { kind: "simplified-application" }));
    expect(out.findings.map((f) => f.status)).toEqual(["needs-review", "needs-review", "needs-review", "needs-review"]);
    expect(out.notes.join(" ")).toContain("that is not recognition");
  });

  it("an expired certificate counts for nothing even where the arrangement applies", () => {
    const out = run(arrangement(), cert({ validUntil: "2027-01-01" }));
    expect(out.findings.every((f) => f.status === "needs-review")).toBe(true);
  });
});

describe("helpers", () => {
  it("matches certificate scopes against model, name and identifiers", () => {
    expect(scopeCoversProduct("All AH-100 units, firmware 2.x", { model: "AH-100" })).toBe(true);
    expect(scopeCoversProduct("pkg:generic/acme/hub@1.0", { identifiers: ["pkg:generic/acme/hub@1.0"] })).toBe(true);
    expect(scopeCoversProduct("AH-200", { model: "AH-100", name: "Hub X" })).toBe(false);
  });
  it("compares criteria versions on their trailing number", () => {
    expect(sameVersion("v1.4", "CCC SP-151-2 v1.4")).toBe(true);
    expect(sameVersion("SP-151-2 v1.3", "CCC SP-151-2 v1.4")).toBe(false);
    expect(sameVersion("JST-CR-01-01-2024R1", "JST-CR-01-01-2024R1")).toBe(true);
  });
});
