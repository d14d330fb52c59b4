/**
 * Use case: what a draft recognition arrangement would change over a portfolio of products (regulator view).
 * `simulateArrangement({ ctx, input })`.
 *
 * Each product is assessed against the CRA once. "Before" applies the recognition in force today (crosswalk
 * evidence reuse and arrangements in force); "after" adds the draft. A requirement the draft moves from
 * `needs-review`, `partial` or a gap the inputs are silent on (basis `absent`) to `recognized` is closed; to
 * `partial` is narrowed. A `gap` the declaration or SBOM shows is never closed (direct evidence wins, see
 * src/crosswalk/recognition.ts): the
 * simulation counts such gaps separately as "held by evidence", so a regulator sees where the draft would accept
 * a certificate for products whose own evidence says the requirement is not met.
 */

import { recognizeFromDeclaration } from "../crosswalk/recognize-declaration.js";
import type { RecognitionData } from "../crosswalk/seeds.js";
import { parseDeclaration } from "../declaration/parse.js";
import type { Arrangement } from "../domain/crosswalk.js";
import type { InputIssue } from "../domain/input-issue.js";
import type { Finding, FindingStatus } from "../domain/report.js";
import { type AssessContext, assessProduct } from "./assess.js";

export interface SimulationProduct {
  /** Stable name for the product in the report (its directory name). */
  id: string;
  declaration: { text: string; fileName?: string };
  sbom?: { bytes: Uint8Array; fileName?: string };
}

export interface SimulateContext {
  assess: AssessContext;
  data: Pick<RecognitionData, "catalogs" | "crosswalks" | "arrangements">;
}

export interface SimulateInput {
  arrangement: Arrangement;
  products: readonly SimulationProduct[];
  asOf: string;
}

export type Change = "closed" | "narrowed" | "held-by-evidence";

export interface ProductSimulation {
  id: string;
  name: string;
  certificates: { scheme: string; level?: string; counts: boolean; reasons: string[] }[];
  /** Open CRA findings before the draft: gap, needs-review or partial. */
  openBefore: number;
  openAfter: number;
  gaps: number;
  changes: { requirement: string; before: FindingStatus; after: FindingStatus; change: Change }[];
  /** Requirements still open after the draft, with their status. */
  remaining: { requirement: string; status: FindingStatus }[];
}

export interface RequirementSimulation {
  requirement: string;
  title: string;
  closed: number;
  narrowed: number;
  heldByEvidence: number;
  /** Products where the requirement is still gap, needs-review or partial after the draft. */
  remainingOpen: number;
}

export interface SimulationResult {
  format: "cra-assessor-mra-simulation/1";
  arrangement: { id: string; title: string; status: string };
  asOf: string;
  totals: {
    products: number;
    productsWithQualifyingCertificate: number;
    openBefore: number;
    openAfter: number;
    closed: number;
    narrowed: number;
    heldByEvidence: number;
  };
  requirements: RequirementSimulation[];
  products: ProductSimulation[];
  invalidProducts: { id: string; issues: InputIssue[] }[];
  notes: string[];
}

const OPEN: ReadonlySet<FindingStatus> = new Set(["gap", "needs-review", "partial"]);

/**
 * @example
 * const result = await simulateArrangement({ ctx: { assess, data }, input: { arrangement: draft, products, asOf: "2028-01-15" } });
 * console.log(result.totals.closed);
 */
export async function simulateArrangement({
  ctx,
  input,
}: {
  ctx: SimulateContext;
  input: SimulateInput;
}): Promise<SimulationResult> {
  const products: ProductSimulation[] = [];
  const invalidProducts: SimulationResult["invalidProducts"] = [];
  const notes = new Set<string>();
  const draft: Arrangement = {
    ...input.arrangement,
    status: input.arrangement.status === "in-force" ? "in-force" : "draft",
  };
  const inForce = ctx.data.arrangements.filter((a) => a.status === "in-force" && a.id !== draft.id);
  const cra = ctx.data.catalogs.get("cra");
  const titles = new Map((cra?.requirements ?? []).map((r) => [r.id, r.title]));

  for (const product of [...input.products].sort((a, b) => a.id.localeCompare(b.id))) {
    const declaration = parseDeclaration(
      product.declaration.text,
      product.declaration.fileName ?? `${product.id}/declaration`,
    );
    if (!declaration.ok) {
      invalidProducts.push({ id: product.id, issues: declaration.issues });
      continue;
    }
    const outcome = await assessProduct({
      ctx: ctx.assess,
      input: {
        // Already read and validated above: hand over the value so the YAML is parsed once per product.
        declaration: { value: declaration.value },
        ...(product.sbom ? { sbom: product.sbom } : {}),
        asOf: input.asOf,
        frameworks: ["cra"],
        failOn: "never",
        // Findings of the evidence alone: before and after apply recognition themselves, below.
        recognition: false,
      },
    });
    if (!outcome.ok) {
      invalidProducts.push({ id: product.id, issues: outcome.issues });
      continue;
    }
    const raw = outcome.reports[0]!.findings;
    const before = recognizeFromDeclaration(raw, declaration.value, {
      asOf: input.asOf,
      data: { ...ctx.data, arrangements: inForce },
    });
    const after = recognizeFromDeclaration(raw, declaration.value, {
      asOf: input.asOf,
      data: { ...ctx.data, arrangements: [...inForce, draft] },
      includeDrafts: true,
    });
    // The draft alone, to tell which gaps it would have accepted a certificate for (crosswalks may hold others).
    const draftOnly = recognizeFromDeclaration(raw, declaration.value, {
      asOf: input.asOf,
      data: { ...ctx.data, crosswalks: [], arrangements: [draft] },
      includeDrafts: true,
    });
    for (const note of after.notes) if (note.includes(draft.id)) notes.add(`${product.id}: ${note}`);
    const beforeBy = byRequirement(before.findings);
    const changes: ProductSimulation["changes"] = [];
    for (const finding of after.findings) {
      const was = beforeBy.get(finding.requirement)?.status ?? finding.status;
      if (was !== finding.status) {
        if (finding.status === "recognized")
          changes.push({ requirement: finding.requirement, before: was, after: finding.status, change: "closed" });
        else if (finding.status === "partial")
          changes.push({ requirement: finding.requirement, before: was, after: finding.status, change: "narrowed" });
      }
    }
    for (const held of draftOnly.heldByEvidence) {
      changes.push({ requirement: held.requirement, before: "gap", after: "gap", change: "held-by-evidence" });
    }
    changes.sort((a, b) => a.requirement.localeCompare(b.requirement, "en", { numeric: true }));
    products.push({
      id: product.id,
      name: declaration.value.product.name,
      certificates: after.certificates.map((c) => ({
        scheme: c.certificate.scheme,
        ...(c.certificate.level ? { level: c.certificate.level } : {}),
        counts: c.counts,
        reasons: c.reasons,
      })),
      openBefore: before.findings.filter((f) => OPEN.has(f.status)).length,
      openAfter: after.findings.filter((f) => OPEN.has(f.status)).length,
      gaps: after.findings.filter((f) => f.status === "gap").length,
      changes,
      remaining: after.findings
        .filter((f) => OPEN.has(f.status))
        .map((f) => ({ requirement: f.requirement, status: f.status }))
        .sort((a, b) => a.requirement.localeCompare(b.requirement, "en", { numeric: true })),
    });
  }

  const perRequirement = new Map<string, RequirementSimulation>();
  const row = (requirement: string) => {
    let r = perRequirement.get(requirement);
    if (!r) {
      r = {
        requirement,
        title: titles.get(requirement) ?? requirement,
        closed: 0,
        narrowed: 0,
        heldByEvidence: 0,
        remainingOpen: 0,
      };
      perRequirement.set(requirement, r);
    }
    return r;
  };
  for (const p of products) {
    for (const c of p.changes) {
      if (c.change === "closed") row(c.requirement).closed += 1;
      else if (c.change === "narrowed") row(c.requirement).narrowed += 1;
      else row(c.requirement).heldByEvidence += 1;
    }
    for (const r of p.remaining) row(r.requirement).remainingOpen += 1;
  }
  const requirements = [...perRequirement.values()].sort((a, b) =>
    a.requirement.localeCompare(b.requirement, "en", { numeric: true }),
  );
  const sum = (f: (p: ProductSimulation) => number) => products.reduce((n, p) => n + f(p), 0);
  return {
    format: "cra-assessor-mra-simulation/1",
    arrangement: { id: draft.id, title: draft.title, status: input.arrangement.status },
    asOf: input.asOf,
    totals: {
      products: products.length,
      productsWithQualifyingCertificate: products.filter((p) => p.changes.some((c) => c.change !== "held-by-evidence"))
        .length,
      openBefore: sum((p) => p.openBefore),
      openAfter: sum((p) => p.openAfter),
      closed: sum((p) => p.changes.filter((c) => c.change === "closed").length),
      narrowed: sum((p) => p.changes.filter((c) => c.change === "narrowed").length),
      heldByEvidence: sum((p) => p.changes.filter((c) => c.change === "held-by-evidence").length),
    },
    requirements,
    products,
    invalidProducts,
    notes: [...notes].sort(),
  };
}

function byRequirement(findings: readonly Finding[]): Map<string, Finding> {
  return new Map(findings.map((f) => [f.requirement, f]));
}
