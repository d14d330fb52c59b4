/**
 * The recognition semantics end to end, on products no golden file pins: the partner examples with one piece of
 * evidence taken out or contradicted, assessed by the real rules (which record each finding's basis) and the
 * shipped crosswalks. Expectations are the issue's examples, written by hand:
 * - PSTI held, the declaration and SBOM silent on the reporting contact → Annex I Part II (6) `partial`, and the
 *   residual still counts as a gap for the gate;
 * - CLS level 2 held, the declaration silent on default credentials → (2)(b) `partial`.
 * The third example (an SBOM without top-level dependencies keeps Part II (1) a gap) is pinned with the finding's
 * basis set by hand in recognition-basis.test.ts: how the rules read a dependency graph is their business.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { AssessmentReport, Finding } from "../../src/domain/report.js";
import { type AssessContext, assessProduct, createAssessContext } from "../../src/services/assess.js";

const dir = fileURLToPath(new URL("../../seeds/examples/", import.meta.url));
let ctx: AssessContext;
beforeAll(async () => {
  ctx = await createAssessContext({ frameworks: ["cra"] });
}, 60_000);

type Bom = {
  metadata?: { component?: { "bom-ref"?: string } };
  dependencies?: { ref: string; dependsOn?: string[] }[];
};

async function assess(
  example: string,
  editDeclaration: (yaml: string) => string,
  editSbom: (bom: Bom & Record<string, unknown>) => unknown = (bom) => bom,
): Promise<AssessmentReport> {
  const declaration = readFileSync(`${dir}${example}/declaration.yaml`, "utf8");
  const edited = editDeclaration(declaration);
  const bom = JSON.parse(readFileSync(`${dir}${example}/sbom.cdx.json`, "utf8")) as Bom & Record<string, unknown>;
  const out = await assessProduct({
    ctx,
    input: {
      declaration: { text: edited, fileName: "declaration.yaml" },
      sbom: { bytes: Buffer.from(JSON.stringify(editSbom(bom))), fileName: "sbom.cdx.json" },
      asOf: "2028-06-01",
      frameworks: ["cra"],
    },
  });
  if (!out.ok) throw new Error(JSON.stringify(out.issues));
  return out.reports[0]!;
}

const finding = (report: AssessmentReport, requirement: string): Finding => {
  const found = report.findings.find((f) => f.requirement === requirement);
  if (!found) throw new Error(`no finding for ${requirement}`);
  return found;
};

/** Drops every `security-contact` external reference, wherever the SBOM carries one. */
function withoutSecurityContact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecurityContact);
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      key === "externalReferences" && Array.isArray(v)
        ? v.filter((r: { type?: string }) => r.type !== "security-contact")
        : withoutSecurityContact(v);
  }
  return out;
}

describe("unseen products with partner certificates", () => {
  it("PSTI held, silent on the reporting contact: Part II (6) partial, and the residual still fails the gate", async () => {
    const report = await assess(
      "partner-psti-smart-plug",
      (yaml) => {
        const out = yaml
          .replace(/ {2}contact:\n(?: {4}.*\n)+/, "")
          .replace(/ {2}singlePointOfContact:\n(?: {4}.*\n)+/, "");
        expect(out).not.toContain("security@acme.example");
        return out;
      },
      (bom) => withoutSecurityContact(bom),
    );
    const f = finding(report, "CRA-AI-P2-6");
    expect(f.basis).toBe("absent");
    expect(f.status).toBe("partial");
    expect(f.residualGap).toBe(true);
    // uk-psti--cra: Schedule 1 para 2.2 (a published contact) intersects-with Part II (6).
    expect(f.recognition?.map((t) => t.via.sourceRequirement)).toEqual(["UKPSTI-S1-2.2"]);
    expect(f.message).toContain("third-party components");
    // Part II (6) is high severity: the residual blocks the default gate (failOn high).
    expect(f.severity).toBe("high");
    expect(report.verdict).toBe("fail");
    expect(report.certificates?.[0]).toMatchObject({ scheme: "uk-psti", counts: true });
    expect(report.certificates?.[0]?.partial).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("CLS level 2 held, silent on default credentials: (2)(b) partial", async () => {
    const report = await assess("partner-cls-l2-camera", (yaml) => {
      expect(yaml).toContain("  credentials: unique-per-device\n");
      return yaml.replace("  credentials: unique-per-device\n", "");
    });
    const f = finding(report, "CRA-AI-P1-2b");
    expect(f.basis).toBe("absent");
    expect(f.status).toBe("partial");
    expect(f.residualGap).toBe(true);
    // sg-cls--cra: the ETSI 5.1-1 profile row (unique passwords) is a subset of (2)(b).
    expect(f.recognition?.map((t) => t.via.sourceRequirement)).toContain("SGCLS-ETSI-5.1-1");
    expect(f.message).toContain("Secure defaults beyond credentials");
  }, 60_000);
});
