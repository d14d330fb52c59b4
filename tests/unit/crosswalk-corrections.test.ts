/**
 * Crosswalk rows a review found too strong, pinned one by one. Each expectation is written from the requirement
 * texts (catalog paraphrases and the reference's reading), not read back from the data: a partner requirement that
 * has content the CRA requirement lacks (a hash, recursive depth, consent-based activation, a vulnerability scan)
 * cannot be a subset of it, and a partner statement of compliance has nothing in common with the CRA's technical
 * documentation, conformity assessment, declaration of conformity and CE marking.
 */
import { describe, expect, it } from "vitest";
import { compareFrameworks } from "../../src/crosswalk/compare.js";
import { seedRecognitionData } from "../../src/crosswalk/seeds.js";
import type { Mapping } from "../../src/domain/crosswalk.js";

const data = seedRecognitionData();

function row(crosswalkId: string, source: string, target: string): Mapping {
  const crosswalk = data.crosswalks.find((c) => c.id === crosswalkId);
  if (!crosswalk) throw new Error(`no crosswalk ${crosswalkId}`);
  const found = crosswalk.mappings.filter((m) => m.source === source && m.target === target);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const corrected: [crosswalk: string, source: string, target: string, relationship: string][] = [
  ["bsi-tr-03183-2@2.1--cra", "BSI-C-7", "CRA-AI-P2-1", "intersects-with"],
  ["bsi-tr-03183-2@2.1--cra", "BSI-G-5", "CRA-AI-P2-1", "intersects-with"],
  ["bsi-tr-03183-2@2.0--cra", "BSI-C-7", "CRA-AI-P2-1", "intersects-with"],
  ["bsi-tr-03183-2@2.0--cra", "BSI-G-5", "CRA-AI-P2-1", "intersects-with"],
  ["cisa-sbom-2026--cra", "CISA26-C-5", "CRA-AI-P2-1", "intersects-with"],
  ["cisa-sbom-2026--cra", "CISA26-P-1", "CRA-AI-P2-1", "intersects-with"],
  ["etsi-en-303-645@3.1.3--cra", "ETSI-5.3-4B", "CRA-AI-P1-2c", "intersects-with"],
  ["uk-psti--cra", "UKPSTI-S4-d", "CRA-A13-12", "no-relationship"],
  ["au-smart-devices--cra", "AU-SD-SOC", "CRA-A13-12", "no-relationship"],
  ["jp-jc-star--cra", "JCSTAR-S1.1-13", "CRA-AI-P1-2j", "intersects-with"],
];

describe("crosswalk rows corrected after review", () => {
  it.each(corrected)(
    "%s: %s → %s is %s, with the reason and a 'changed' review in the data",
    (id, source, target, rel) => {
      const mapping = row(id, source, target);
      expect(mapping.relationship).toBe(rel);
      expect(mapping.note ?? "").not.toBe("");
      expect(mapping.reviews).toEqual([
        expect.objectContaining({ verdict: "changed", relationship: rel, date: "2026-12-04" }),
      ]);
      if (rel === "intersects-with") expect(mapping.residual ?? "").not.toBe("");
      else expect(mapping.residual).toBeUndefined();
    },
  );

  it("JC-STAR S1.1-12: the (2)(e) residual is about confidentiality only; integrity in transit sits with (2)(f)", () => {
    const e = row("jp-jc-star--cra", "JCSTAR-S1.1-12", "CRA-AI-P1-2e");
    expect(e.relationship).toBe("subset-of");
    expect(e.residual).toBe("Confidentiality of data at rest and while processed.");
    expect(e.residual).not.toMatch(/integrity/i);
    const f = row("jp-jc-star--cra", "JCSTAR-S1.1-12", "CRA-AI-P1-2f");
    // S1.1-12 says nothing about integrity, so it does not reach (2)(f) at all; the row records where the residual went.
    expect(f.relationship).toBe("no-relationship");
    expect(f.note).toMatch(/integrity of data in transit/i);
    // A ★1 holder's (2)(f) residual names integrity in transit.
    const s11 = row("jp-jc-star--cra", "JCSTAR-S1.1-11", "CRA-AI-P1-2f");
    expect(s11.residual).toMatch(/integrity of data in transit/i);
  });
});

describe("what the corrections change in comparisons", () => {
  const coverage = (from: string, to: string, target: string, level?: string) => {
    const result = compareFrameworks(data, { from, to, ...(level ? { level } : {}) });
    if (!result.ok) throw new Error(result.message);
    return result.value.forward.rows.find((r) => r.target === target);
  };

  it("the CRA no longer counts as fully covering the BSI hash and recursive-dependency elements", () => {
    // Read backwards, subset-of became superset-of, which claimed that meeting Annex I Part II (1) meets BSI C-7 and
    // G-5. The CRA asks for neither a hash nor recursive depth, so at most partial.
    expect(coverage("cra", "bsi-tr-03183-2@2.1", "BSI-C-7")?.coverage).not.toBe("full");
    expect(coverage("cra", "bsi-tr-03183-2@2.1", "BSI-G-5")?.coverage).not.toBe("full");
    expect(coverage("cra", "cisa-sbom-2026", "CISA26-C-5")?.coverage).not.toBe("full");
    expect(coverage("cra", "cisa-sbom-2026", "CISA26-P-1")?.coverage).not.toBe("full");
    expect(coverage("cra", "etsi-en-303-645@3.1.3", "ETSI-5.3-4B")?.coverage).not.toBe("full");
  });

  it("a PSTI statement or an Australian statement of compliance covers nothing of Art. 13(12)", () => {
    expect(coverage("uk-psti", "cra", "CRA-A13-12")?.coverage ?? "none").toBe("none");
    expect(coverage("au-smart-devices", "cra", "CRA-A13-12")?.coverage ?? "none").toBe("none");
  });

  it("JC-STAR ★1 still touches (2)(j), partly", () => {
    expect(coverage("jp-jc-star", "cra", "CRA-AI-P1-2j", "star-1")?.coverage).toBe("partial");
  });
});
