/**
 * Catalogs published for other tools: every catalog as an OSCAL catalog valid against NIST's OSCAL 1.0.6 JSON
 * schema, and as a CycloneDX 1.6 standard valid against the CycloneDX schema (the project's own validator).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { seedCatalogMap } from "../../src/crosswalk/catalog.js";
import { toCycloneDxStandard, toOscalCatalog } from "../../src/crosswalk/catalog-export.js";
import { validateSbomBytes } from "../../src/sbom/validate.js";

const addFormats = (await import("ajv-formats")).default as unknown as (ajv: Ajv) => Ajv;

const schemaPath = fileURLToPath(
  new URL("../fixtures/schemas/oscal/json-schema-1.0.6/oscal_catalog_schema.json", import.meta.url),
);
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const validateOscalCatalog = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")) as object);

const catalogs = [...seedCatalogMap().values()].sort((a, b) => a.id.localeCompare(b.id));

describe("OSCAL catalog export", () => {
  for (const catalog of catalogs) {
    it(`${catalog.id}: valid against the OSCAL 1.0.6 catalog schema`, () => {
      const doc = toOscalCatalog(catalog);
      const ok = validateOscalCatalog(doc);
      expect(validateOscalCatalog.errors?.slice(0, 3) ?? []).toEqual([]);
      expect(ok).toBe(true);
      const controls = (doc.catalog.groups as { controls: unknown[] }[]).flatMap((g) => g.controls);
      expect(controls).toHaveLength(catalog.requirements.length);
    });
  }

  it("the schema check can fail: an id that is not an OSCAL token, or a missing oscal-version, is rejected", () => {
    const doc = toOscalCatalog(catalogs[0]!) as {
      catalog: { metadata: Record<string, unknown>; groups: { controls: { id: string }[] }[] };
    };
    const badId = structuredClone(doc);
    badId.catalog.groups[0]!.controls[0]!.id = "5.1-1";
    expect(validateOscalCatalog(badId)).toBe(false);
    const noVersion = structuredClone(doc);
    delete noVersion.catalog.metadata["oscal-version"];
    expect(validateOscalCatalog(noVersion)).toBe(false);
  });

  it("a CRA control carries its citation, source kind and paraphrase; the version validated against is written", () => {
    const cra = seedCatalogMap().get("cra")!;
    const doc = toOscalCatalog(cra).catalog as {
      metadata: { "oscal-version": string };
      groups: {
        id: string;
        controls: { id: string; props: { name: string; value: string }[]; parts: { prose: string }[] }[];
      }[];
    };
    expect(doc.metadata["oscal-version"]).toBe("1.0.6");
    const group = doc.groups.find((g) => g.id === "annex-i-part-ii")!;
    const p21 = group.controls.find((c) => c.id === "CRA-AI-P2-1")!;
    const requirement = cra.requirements.find((r) => r.id === "CRA-AI-P2-1")!;
    expect(p21.props).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "citation", value: requirement.citation.text }),
        expect.objectContaining({ name: "source-kind", value: "law" }),
      ]),
    );
    expect(p21.parts[0]!.prose).toBe(requirement.paraphrase);
  });

  it("an unverified catalog entry keeps its mark", () => {
    const catalog = catalogs.find((c) => c.requirements.some((r) => r.verified === false))!;
    const requirement = catalog.requirements.find((r) => r.verified === false)!;
    const doc = toOscalCatalog(catalog).catalog as {
      groups: { controls: { title: string; props: { name: string; value: string }[] }[] }[];
    };
    const control = doc.groups.flatMap((g) => g.controls).find((c) => c.title === requirement.title)!;
    expect(control.props).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "verified", value: "false" })]),
    );
  });
});

describe("CycloneDX standard export", () => {
  for (const catalog of catalogs) {
    it(`${catalog.id}: valid CycloneDX 1.6 with one requirement per catalog entry`, () => {
      const doc = toCycloneDxStandard(catalog);
      const result = validateSbomBytes(new TextEncoder().encode(JSON.stringify(doc)));
      if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 3)));
      const standard = (doc.definitions as { standards: { requirements: unknown[] }[] }).standards[0]!;
      expect(standard.requirements).toHaveLength(catalog.requirements.length);
    });
  }

  it("levels list the requirements mandatory at each level", () => {
    const cls = seedCatalogMap().get("sg-cls")!;
    const doc = toCycloneDxStandard(cls);
    const levels = (doc.definitions as { standards: { levels: { identifier: string; requirements: string[] }[] }[] })
      .standards[0]!.levels;
    expect(levels.map((l) => l.identifier)).toEqual(cls.levels);
    const l1 = new Set(levels[0]!.requirements);
    const l4 = new Set(levels[3]!.requirements);
    // Higher CLS levels add requirements to the lower ones (the sg-cls catalog models CLS levels as profiles).
    expect([...l1].every((ref) => l4.has(ref))).toBe(true);
    expect(l4.size).toBeGreaterThan(l1.size);
  });

  it("is deterministic", () => {
    const cra = seedCatalogMap().get("cra")!;
    expect(JSON.stringify(toCycloneDxStandard(cra))).toBe(JSON.stringify(toCycloneDxStandard(cra)));
    expect(JSON.stringify(toOscalCatalog(cra))).toBe(JSON.stringify(toOscalCatalog(cra)));
  });
});
