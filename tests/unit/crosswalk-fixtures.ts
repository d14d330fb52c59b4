/** Tiny hand-made catalogs and crosswalks with known answers, shared by the crosswalk, compare and recognition tests. */
import type { Crosswalk, Mapping } from "../../src/domain/crosswalk.js";
import type { Finding } from "../../src/domain/report.js";
import type { FrameworkCatalog, Requirement } from "../../src/domain/requirement.js";

const req = (id: string, extra: Partial<Requirement> = {}): Requirement => ({
  id,
  title: `Title of ${id}`,
  paraphrase: `Paraphrase of ${id}`,
  citation: { text: `Citation of ${id}` },
  sourceKind: "law",
  evidence: ["document"],
  ...extra,
});

/** A miniature CRA: three Annex I requirements (must be accounted for) and one Annex II item. */
export const tinyCra: FrameworkCatalog = {
  id: "cra",
  name: "Tiny CRA",
  version: "test",
  sourceKind: "law",
  source: { title: "test" },
  requirements: [
    req("A", { group: "annex-i-part-i" }),
    req("B", { group: "annex-i-part-i" }),
    req("C", { group: "annex-i-part-ii" }),
    req("D", { group: "annex-ii" }),
    req("E", { group: "annex-i-part-i" }),
  ],
};

/** A partner framework without levels: P1 mandatory, P2 recommended, P3 mandatory. */
export const partnerP: FrameworkCatalog = {
  id: "p",
  name: "Partner P",
  version: "1",
  sourceKind: "guidance",
  source: { title: "test" },
  requirements: [
    req("P1", { obligation: "mandatory" }),
    req("P2", { obligation: "recommended" }),
    req("P3", { obligation: "mandatory" }),
  ],
};

/** A second partner mapped only to the CRA: derived comparisons with P go through the CRA. */
export const partnerQ: FrameworkCatalog = {
  id: "q",
  name: "Partner Q",
  version: "1",
  sourceKind: "guidance",
  source: { title: "test" },
  requirements: [req("Q1", { obligation: "mandatory" }), req("Q2", { obligation: "mandatory" })],
};

/** A levelled scheme: X1 at both levels, X2 only at L2, X3 an ETSI-style recommendation at L2. */
export const schemeX: FrameworkCatalog = {
  id: "x",
  name: "Scheme X",
  version: "v1.4",
  sourceKind: "guidance",
  source: { title: "test" },
  levels: ["L1", "L2"],
  requirements: [
    req("X1", { obligation: { L1: "mandatory", L2: "mandatory" } }),
    req("X2", { obligation: { L2: "mandatory" } }),
    req("X-ETSI-5.3-1", { obligation: { L2: "recommended" } }),
  ],
};

const map = (source: string, target: string, relationship: Mapping["relationship"], residual?: string): Mapping => ({
  source,
  target,
  relationship,
  rationale: "semantic",
  confidence: "high",
  ...(residual ? { residual } : {}),
});

export const crosswalk = (
  id: string,
  source: string,
  mappings: Mapping[],
  uncovered: string[] = [],
  target = "cra",
): Crosswalk => ({
  id,
  title: id,
  sourceFramework: source,
  targetFramework: target,
  useCase: "test",
  provenance: { method: "human", author: "test", reviewed: true, sources: ["test"] },
  mappings,
  uncovered: uncovered.map((t) => ({ target: t, reason: `no ${t}` })),
  unmappedSources: [],
});

export const pToCra = crosswalk(
  "p--cra",
  "p",
  [map("P1", "A", "equal"), map("P2", "B", "superset-of"), map("P3", "C", "subset-of", "rest of C")],
  ["E"],
);
export const qToCra = crosswalk(
  "q--cra",
  "q",
  [map("Q1", "A", "subset-of", "rest of A"), map("Q2", "C", "superset-of")],
  ["B", "E"],
);
export const xToCra = crosswalk("x--cra", "x", [
  map("X1", "A", "equal"),
  map("X1", "E", "superset-of"),
  map("X2", "B", "subset-of", "the rest of B"),
  map("X-ETSI-5.3-1", "C", "superset-of"),
  map("X2", "D", "intersects-with", "the rest of D"),
]);

export const catalogs = new Map<string, FrameworkCatalog>([
  ["cra", tinyCra],
  ["p", partnerP],
  ["q", partnerQ],
  ["x", schemeX],
]);

export function finding(requirement: string, status: Finding["status"], framework = "cra"): Finding {
  return {
    requirement,
    title: `Title of ${requirement}`,
    framework,
    status,
    basis: status === "gap" ? "absent" : "declared",
    severity: status === "gap" ? "high" : "info",
    citation: { text: `Citation of ${requirement}` },
    sourceKind: "law",
    message: `Finding on ${requirement}.`,
    evidence: [],
    rules: [`rule-${requirement}`],
  };
}
