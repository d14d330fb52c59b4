/**
 * The SBOM's end of support against the declared support period end (CRA-A13-08-SBOM-END, assessor policy). The
 * SBOM states it as the CycloneDX property-taxonomy property `cdx:lifecycle:milestone:endOfSupport` on the root,
 * as SPDX 2.3 `validUntilDate` or SPDX 3.0.1 `validUntilTime` on the described package. Expected outcomes are
 * written by hand: the declared end in the fixture is `2034-03` (a month), so any date in March 2034 agrees. A
 * difference only asks for review, so it rests on the declaration (docs/rules.md: such a failure cannot show
 * non-compliance).
 */
import { describe, expect, it } from "vitest";
import { ingestSbomBytes } from "../../src/sbom/ingest.js";
import type { FactCase } from "./fixtures.js";
import { del, set, testRule } from "./test-rule.js";

const withRootProperty =
  (value: string, name = "cdx:lifecycle:milestone:endOfSupport"): FactCase["sbom"] =>
  (s) => {
    s.metadata.component.properties = [{ name, value }];
    return s;
  };

/** The fixture's product as SPDX 2.3: the described package, with `validUntilDate` when given. */
function spdx23(validUntilDate?: string): Record<string, unknown> {
  return {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: "home-hub-firmware-2.3.0",
    documentNamespace: "https://acme.example/spdx/home-hub-firmware-2.3.0",
    creationInfo: { created: "2028-02-01T00:00:00Z", creators: ["Organization: Acme PSIRT"] },
    packages: [
      {
        SPDXID: "SPDXRef-root",
        name: "home-hub-firmware",
        versionInfo: "2.3.0",
        downloadLocation: "NOASSERTION",
        externalRefs: [
          {
            referenceCategory: "PACKAGE-MANAGER",
            referenceType: "purl",
            referenceLocator: "pkg:generic/acme/home-hub-firmware@2.3.0",
          },
        ],
        ...(validUntilDate === undefined ? {} : { validUntilDate }),
      },
    ],
    relationships: [
      { spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: "SPDXRef-root" },
    ],
  };
}

const policy = { severity: "medium", sourceKind: "assessor-policy" } as const;

testRule("CRA-A13-08-SBOM-END", [
  {
    name: "a day in the declared month agrees (the declaration gives only the month)",
    document: { sbom: withRootProperty("2034-03-31") },
    expected: { status: "met", basis: "verified", ...policy, message: ["2034-03-31", "2034-03", "agrees"] },
  },
  {
    name: "an SBOM end of support before the declared end is for review, both dates named",
    document: { sbom: withRootProperty("2031-12-31T23:59:59Z") },
    expected: {
      status: "needs-review",
      basis: "declared",
      ...policy,
      message: [
        "2031-12-31T23:59:59Z",
        "2034-03",
        "earlier than the declared end",
        "cdx:lifecycle:milestone:endOfSupport",
      ],
    },
  },
  {
    name: "an SBOM end of support after the declared end is for review too",
    document: { sbom: withRootProperty("2036-03") },
    expected: {
      status: "needs-review",
      basis: "declared",
      ...policy,
      message: ["2036-03", "2034-03", "later than the declared end"],
    },
  },
  {
    name: "with a declared day, another day of the same month differs",
    document: { decl: set("supportPeriod.end", "2034-03-01"), sbom: withRootProperty("2034-03-31") },
    expected: { status: "needs-review", basis: "declared", ...policy, message: ["2034-03-31", "2034-03-01"] },
  },
  {
    name: "an SBOM that states no end of support: nothing to compare, and the message says the SBOM states none",
    document: {},
    expected: { status: "not-applicable", basis: "absent", ...policy, message: ["the SBOM states no end of support"] },
  },
  {
    name: "no SBOM at all: not applicable",
    document: { sbom: () => null },
    expected: { status: "not-applicable", basis: "absent", ...policy },
  },
  {
    name: "no declared support period end: not applicable (the support-period rules report that)",
    document: { decl: del("supportPeriod.end"), sbom: withRootProperty("2034-03-31") },
    expected: { status: "not-applicable", basis: "absent", ...policy, message: ["no support period end is declared"] },
  },
  {
    name: "SPDX 2.3: the described package's validUntilDate agrees",
    document: { sbom: () => spdx23("2034-03-15T00:00:00Z") },
    expected: {
      status: "met",
      basis: "verified",
      ...policy,
      message: ["2034-03-15T00:00:00Z", "/packages/0/validUntilDate"],
    },
  },
  {
    name: "SPDX 2.3: an earlier validUntilDate is for review",
    document: { sbom: () => spdx23("2030-01-01T00:00:00Z") },
    expected: {
      status: "needs-review",
      basis: "declared",
      ...policy,
      message: ["2030-01-01T00:00:00Z", "validUntilDate", "earlier than the declared end"],
    },
  },
  {
    name: "SPDX 2.3 without validUntilDate states none",
    document: { sbom: () => spdx23() },
    expected: { status: "not-applicable", basis: "absent", ...policy, message: ["the SBOM states no end of support"] },
  },
]);

describe("the SBOM's end of support in the model and the quality facts", () => {
  it("SPDX 3.0.1: the described package's validUntilTime is the end of support", () => {
    const doc = {
      "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
      "@graph": [
        {
          type: "CreationInfo",
          "@id": "_:creationinfo",
          specVersion: "3.0.1",
          created: "2028-02-01T00:00:00Z",
          createdBy: ["https://acme.example/agent"],
        },
        { type: "Organization", spdxId: "https://acme.example/agent", creationInfo: "_:creationinfo", name: "Acme" },
        {
          type: "software_Package",
          spdxId: "https://acme.example/hub",
          creationInfo: "_:creationinfo",
          name: "home-hub-firmware",
          software_packageVersion: "2.3.0",
          validUntilTime: "2034-03-31T00:00:00Z",
        },
        {
          type: "software_Sbom",
          spdxId: "https://acme.example/sbom",
          creationInfo: "_:creationinfo",
          rootElement: ["https://acme.example/hub"],
          element: ["https://acme.example/hub"],
        },
      ],
    };
    const result = ingestSbomBytes(new TextEncoder().encode(JSON.stringify(doc)));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.sbom.metadata.endOfSupport).toEqual({
      value: "2034-03-31T00:00:00Z",
      field: "/@graph/2/validUntilTime",
    });
    expect(result.quality.supportPeriod).toEqual({
      endOfSupport: "2034-03-31T00:00:00Z",
      source: "/@graph/2/validUntilTime",
    });
  });
});
