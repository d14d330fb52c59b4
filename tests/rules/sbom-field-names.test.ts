/**
 * Finding texts name the SBOM's own fields: on SPDX input no message or remediation names a field only CycloneDX
 * has (the author of an SPDX document cannot fill `metadata.component` or `compositions[]`), and CycloneDX input
 * still gets the CycloneDX names. Run over every SBOM profile and the CRA, SBOM only, so that every SBOM rule's
 * texts are reached on documents with gaps.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/domain/report.js";
import { type AssessContext, assessProduct, createAssessContext } from "../../src/services/assess.js";

const FRAMEWORKS = ["cra", "bsi-tr-03183-2@2.0", "bsi-tr-03183-2@2.1", "ntia-sbom-2021", "cisa-sbom-2026"];

/** Field names (and spellings of them) that only CycloneDX has. */
const CYCLONEDX_ONLY = [
  "metadata.",
  "components[]",
  "dependencies[]",
  "compositions",
  "externalReferences",
  "serialNumber",
  "bom-ref",
  "cdx:",
  "lifecycles",
  "BOM-Link",
];

const file = (path: string) => readFileSync(fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url)));

let ctx: AssessContext;
beforeAll(async () => {
  ctx = await createAssessContext({ frameworks: FRAMEWORKS });
});

async function findings(bytes: Uint8Array, fileName: string): Promise<Finding[]> {
  const outcome = await assessProduct({
    ctx,
    input: { sbom: { bytes, fileName }, asOf: "2026-12-05", frameworks: FRAMEWORKS },
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return outcome.reports.flatMap((report) => report.findings);
}

/** `framework requirement field: name` for every CycloneDX-only name in a finding's message or remediation. */
function cycloneDxNames(list: Finding[]): string[] {
  const out: string[] = [];
  for (const finding of list) {
    for (const [field, text] of [
      ["message", finding.message],
      ["remediation", finding.remediation ?? ""],
    ] as const) {
      for (const name of CYCLONEDX_ONLY)
        if (text.includes(name)) out.push(`${finding.framework} ${finding.requirement} ${field}: ${name}`);
    }
  }
  return out;
}

describe("finding texts name the fields of the SBOM's own format", () => {
  const spdx: [string, string, string[]][] = [
    [
      "SPDX 2.3 JSON",
      "spdx/examples/spdx-spec-2.3/SPDXJSONExample-v2.3.spdx.json",
      ["documentDescribes", "DEPENDS_ON and CONTAINS relationships", "originator", "downloadLocation"],
    ],
    [
      "SPDX 2.3 YAML",
      "spdx/examples/spdx-spec-2.3/SPDXYAMLExample-2.3.spdx.yaml",
      ["documentDescribes", "originator", "downloadLocation"],
    ],
    [
      "SPDX 2.3 tag-value",
      "spdx/examples/spdx-spec-2.3/SPDXTagExample-v2.3.spdx",
      ["Relationship: SPDXRef-DOCUMENT DESCRIBES", "PackageOriginator", "PackageDownloadLocation"],
    ],
    [
      "SPDX 3.0.1",
      "spdx/examples/spdx-spec-3.0.1/package_sbom.json",
      ["rootElement", "dependsOn and contains relationships", "software_sbomType", "software_downloadLocation"],
    ],
  ];

  for (const [name, path, spdxNames] of spdx) {
    it(`${name}: no message or remediation names a CycloneDX-only field; they name the SPDX ones`, async () => {
      const list = await findings(file(path), path.split("/").at(-1) as string);
      expect(cycloneDxNames(list)).toEqual([]);
      const texts = list.map((f) => `${f.message} ${f.remediation ?? ""}`).join("\n");
      for (const spdxName of spdxNames) expect(texts).toContain(spdxName);
    });
  }

  it("CycloneDX: the same findings name the CycloneDX fields", async () => {
    const doc = JSON.parse(file("sboms/partner-bsi-complete.cdx.json").toString("utf8"));
    // Gaps that reach the field names: no lifecycles, timestamp, tools or completeness, no dependency entries.
    delete doc.metadata.lifecycles;
    delete doc.metadata.timestamp;
    delete doc.metadata.tools;
    delete doc.compositions;
    delete doc.dependencies;
    delete doc.signature;
    const list = await findings(new TextEncoder().encode(JSON.stringify(doc)), "sbom.cdx.json");
    const named = new Set(cycloneDxNames(list).map((entry) => entry.split(": ")[1]));
    expect([...named].sort()).toEqual(
      expect.arrayContaining(["compositions", "dependencies[]", "externalReferences", "lifecycles", "metadata."]),
    );
    const texts = list.map((f) => `${f.message} ${f.remediation ?? ""}`).join("\n");
    for (const cdxName of ["metadata.lifecycles", "metadata.timestamp", "metadata.tools", "compositions[]"])
      expect(texts).toContain(cdxName);
    expect(texts).not.toContain("documentDescribes");
  });
});
