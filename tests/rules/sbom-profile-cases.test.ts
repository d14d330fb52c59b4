/**
 * Per-field SBOM profile cases: each row is a variant of tests/fixtures/sboms/partner-bsi-complete.cdx.json (every
 * BSI TR-03183-2 field present) and the status each requirement must then have, written by hand from the
 * profile's words:
 *
 * - BSI-G-3 counts the primary component among the components; with no component at all no component field can
 *   be shown (a gap). NTIA and CISA ask their elements "for each component": with none listed besides the
 *   product, a person checks whether the product really has none (needs-review).
 * - URL fields (C-1 creator URL, C-11 source code URI, C-12 URI of the deployable form, SB-1) hold a URL only when
 *   it is absolute with scheme and host; a malformed one fails its own requirement and no other.
 * - C-11 accepts the source repository itself (`vcs`).
 * - C-8, C-9 and C-10 each read their own property.
 * - C-5: once the SBOM states its completeness, every component must be reachable from the primary component.
 * - C-15 to C-17 are MAY fields: not given is not-applicable, given is judged on its value.
 * - v2.0 differs in its licence fields (C-6 any licence, C-14 concluded, C-15 declared) and asks for no
 *   completeness statement; it has no C-17.
 */
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../src/crosswalk/catalog.js";
import { assessFindings } from "../../src/rules/evaluate.js";
import { PARTNER_SCOPES } from "../../src/rules/partner-scopes.js";
import { factsFor, loadPartnerRules, type PartnerCase, sbomCase } from "./partner-fixtures.js";

type Doc = Record<string, any>;
type Status = "met" | "gap" | "needs-review" | "not-applicable";

const variant = (edit: (s: Doc) => void): PartnerCase =>
  sbomCase((s) => {
    edit(s);
    return s;
  });
const openssl = (s: Doc) => s.components.find((c: Doc) => c["bom-ref"] === "openssl");
const reference = (c: Doc, type: string) => c.externalReferences.find((r: Doc) => r.type === type);

interface Row {
  name: string;
  sbom: PartnerCase;
  expect: Partial<Record<string, Record<string, Status>>>;
}

const BSI21 = "bsi-tr-03183-2@2.1";
const BSI20 = "bsi-tr-03183-2@2.0";
const NTIA = "ntia-sbom-2021";
const CISA = "cisa-sbom-2026";

const rows: Row[] = [
  {
    name: "complete SBOM",
    sbom: variant(() => {}),
    expect: {
      [BSI21]: {
        "BSI-C-1": "met",
        "BSI-C-2": "met",
        "BSI-C-4": "met",
        "BSI-C-5": "met",
        "BSI-C-8": "met",
        "BSI-C-9": "met",
        "BSI-C-10": "met",
        "BSI-C-11": "met",
        "BSI-C-12": "met",
        "BSI-C-15": "not-applicable",
        "BSI-C-16": "not-applicable",
        "BSI-C-17": "not-applicable",
      },
      [BSI20]: { "BSI-C-5": "met", "BSI-C-6": "met", "BSI-C-14": "met", "BSI-C-15": "met" },
    },
  },
  {
    name: "zero components and no primary component",
    sbom: variant((s) => {
      delete s.metadata.component;
      s.components = [];
      s.dependencies = [];
    }),
    expect: {
      [BSI21]: {
        "BSI-G-3": "gap",
        "BSI-C-1": "gap",
        "BSI-C-2": "gap",
        "BSI-C-3": "gap",
        "BSI-C-4": "gap",
        "BSI-C-6": "gap",
        "BSI-C-7": "gap",
        "BSI-C-8": "gap",
        "BSI-C-9": "gap",
        "BSI-C-10": "gap",
        "BSI-C-11": "gap",
        "BSI-C-12": "gap",
        "BSI-C-13": "gap",
        "BSI-C-14": "gap",
      },
      [BSI20]: { "BSI-G-3": "gap", "BSI-C-1": "gap", "BSI-C-6": "gap", "BSI-C-13": "gap" },
      [NTIA]: { "NTIA-DF-1": "needs-review", "NTIA-DF-2": "needs-review", "NTIA-DF-4": "needs-review" },
      [CISA]: { "CISA26-C-1": "needs-review", "CISA26-C-4": "needs-review", "CISA26-C-7": "needs-review" },
    },
  },
  {
    // A product that is one file with no dependencies: the BSI fields are shown on the primary component.
    name: "primary component only, every field on it",
    sbom: variant((s) => {
      s.components = [];
      s.dependencies = [{ ref: "root", dependsOn: [] }];
    }),
    expect: {
      [BSI21]: {
        "BSI-C-1": "met",
        "BSI-C-2": "met",
        "BSI-C-3": "met",
        "BSI-C-4": "met",
        "BSI-C-5": "met",
        "BSI-C-7": "met",
        "BSI-C-8": "met",
        "BSI-C-13": "met",
      },
      [NTIA]: { "NTIA-DF-1": "needs-review", "NTIA-DF-3": "needs-review" },
    },
  },
  {
    name: "source code URI not-a-valid-url",
    sbom: variant((s) => {
      reference(openssl(s), "source-distribution").url = "not-a-valid-url";
    }),
    expect: { [BSI21]: { "BSI-C-11": "gap", "BSI-C-12": "met", "BSI-C-1": "met", "BSI-C-7": "met" } },
  },
  {
    name: "download URI not-a-valid-url",
    sbom: variant((s) => {
      reference(openssl(s), "distribution").url = "not-a-valid-url";
    }),
    expect: { [BSI21]: { "BSI-C-12": "gap", "BSI-C-11": "met", "BSI-C-1": "met", "BSI-C-7": "met" } },
  },
  {
    name: "component creator URL not-a-valid-url",
    sbom: variant((s) => {
      openssl(s).manufacturer.url = ["not-a-valid-url"];
    }),
    expect: { [BSI21]: { "BSI-C-1": "gap", "BSI-C-11": "met", "BSI-C-12": "met" } },
  },
  {
    name: "a relative path is no URL either",
    sbom: variant((s) => {
      reference(openssl(s), "distribution").url = "/downloads/openssl-3.0.15.tar.gz";
    }),
    expect: { [BSI21]: { "BSI-C-12": "gap" } },
  },
  {
    name: "SBOM creator URL not-a-valid-url beside an e-mail address",
    sbom: variant((s) => {
      s.metadata.manufacturer.url = ["not-a-valid-url"];
    }),
    expect: { [BSI21]: { "BSI-SB-1": "gap", "BSI-C-1": "met" } },
  },
  {
    name: "source code given as the vcs repository",
    sbom: variant((s) => {
      const c = openssl(s);
      c.externalReferences = c.externalReferences.filter((r: Doc) => r.type !== "source-distribution");
      c.externalReferences.push({ type: "vcs", url: "https://github.com/openssl/openssl" });
    }),
    expect: { [BSI21]: { "BSI-C-11": "met" }, [BSI20]: { "BSI-C-11": "met" } },
  },
  {
    name: "one invalid executable value",
    sbom: variant((s) => {
      openssl(s).properties.find((p: Doc) => p.name === "bsi:component:executable").value = "yes";
    }),
    expect: {
      [BSI21]: { "BSI-C-8": "gap", "BSI-C-9": "met", "BSI-C-10": "met" },
      [BSI20]: { "BSI-C-8": "gap", "BSI-C-9": "met", "BSI-C-10": "met" },
    },
  },
  {
    name: "completeness stated, orphan component with its own empty dependency entry",
    sbom: variant((s) => {
      s.components.push({ type: "library", "bom-ref": "orphan", name: "orphan", version: "1.0.0" });
      s.dependencies.push({ ref: "orphan", dependsOn: [] });
    }),
    expect: { [BSI21]: { "BSI-C-5": "gap" }, [BSI20]: { "BSI-C-5": "gap" } },
  },
  {
    name: "completeness stated, primary component without dependencies",
    sbom: variant((s) => {
      s.dependencies.find((d: Doc) => d.ref === "root").dependsOn = [];
    }),
    expect: { [BSI21]: { "BSI-C-5": "gap" }, [BSI20]: { "BSI-C-5": "gap" } },
  },
  {
    name: "completeness stated, no primary component",
    sbom: variant((s) => {
      delete s.metadata.component;
      s.dependencies = s.dependencies.filter((d: Doc) => d.ref !== "root");
    }),
    expect: { [BSI21]: { "BSI-C-5": "gap" }, [BSI20]: { "BSI-C-5": "gap" } },
  },
  {
    // v2.0 asks for no completeness statement: without one, an unconnected entry is not held to it.
    name: "no completeness statement, orphan with its own dependency entry",
    sbom: variant((s) => {
      delete s.compositions;
      s.components.push({ type: "library", "bom-ref": "orphan", name: "orphan", version: "1.0.0" });
      s.dependencies.push({ ref: "orphan", dependsOn: [] });
    }),
    expect: { [BSI21]: { "BSI-C-5": "gap" }, [BSI20]: { "BSI-C-5": "met" } },
  },
  {
    name: "component nested in the primary component counts as reachable",
    sbom: variant((s) => {
      s.metadata.component.components = [{ type: "file", "bom-ref": "config", name: "config.bin", version: "2.3.0" }];
      s.dependencies.push({ ref: "config", dependsOn: [] });
    }),
    expect: { [BSI21]: { "BSI-C-5": "met" } },
  },
  {
    name: "effective licence given as SPDX",
    sbom: variant((s) => {
      openssl(s).properties.push({ name: "bsi:component:effectiveLicense", value: "Apache-2.0" });
    }),
    expect: { [BSI21]: { "BSI-C-15": "met" } },
  },
  {
    name: "effective licence that is not SPDX",
    sbom: variant((s) => {
      openssl(s).properties.push({ name: "bsi:component:effectiveLicense", value: "whatever we like" });
    }),
    expect: { [BSI21]: { "BSI-C-15": "gap", "BSI-C-6": "met", "BSI-C-14": "met" } },
  },
  {
    name: "source code hash given",
    sbom: variant((s) => {
      reference(openssl(s), "source-distribution").hashes = [
        { alg: "SHA-256", content: "23c666d0edf20f14249b3d8f0368acaee9ab585b09e1de82107c66e1f3ec9533" },
      ];
    }),
    expect: { [BSI21]: { "BSI-C-16": "met" }, [BSI20]: { "BSI-C-16": "met" } },
  },
  {
    name: "security.txt URL given",
    sbom: variant((s) => {
      openssl(s).externalReferences.push({
        type: "rfc-9116",
        url: "https://openssl-library.org/.well-known/security.txt",
      });
    }),
    expect: { [BSI21]: { "BSI-C-17": "met" } },
  },
  {
    name: "security.txt given as a bare file name",
    sbom: variant((s) => {
      openssl(s).externalReferences.push({ type: "rfc-9116", url: "security.txt" });
    }),
    expect: { [BSI21]: { "BSI-C-17": "gap" } },
  },
  {
    // v2.0's declared licences (C-15, MAY) are CycloneDX's `declared` acknowledgement; none given is allowed.
    name: "no declared licences",
    sbom: variant((s) => {
      for (const c of [s.metadata.component, ...s.components])
        c.licenses = c.licenses.filter((l: Doc) => l.license.acknowledgement !== "declared");
    }),
    expect: { [BSI20]: { "BSI-C-15": "not-applicable", "BSI-C-14": "met" }, [BSI21]: { "BSI-C-14": "needs-review" } },
  },
  {
    // v2.0 C-6 (associated licences) counts the primary component too.
    name: "primary component without licences",
    sbom: variant((s) => {
      delete s.metadata.component.licenses;
    }),
    expect: { [BSI20]: { "BSI-C-6": "gap" }, [BSI21]: { "BSI-C-6": "gap" } },
  },
];

async function statuses(framework: string, c: PartnerCase): Promise<Map<string, { status: Status; message: string }>> {
  const catalog = getCatalog(framework)!;
  const ruleSet = await loadPartnerRules(framework);
  const list = await assessFindings({ catalog, ruleSet, scope: PARTNER_SCOPES[framework]!, facts: factsFor(c) });
  return new Map(list.map((f) => [f.requirement, { status: f.status as Status, message: f.message }]));
}

describe("SBOM profile cases: document variant → status per requirement", () => {
  for (const row of rows) {
    for (const [framework, expected] of Object.entries(row.expect)) {
      it(`${row.name} (${framework})`, async () => {
        const found = await statuses(framework, row.sbom);
        const actual = Object.fromEntries(Object.keys(expected!).map((id) => [id, found.get(id)?.status]));
        expect(actual).toEqual(expected);
      });
    }
  }

  it('says "no components" instead of a vacuous pass', async () => {
    const found = await statuses(BSI21, rows[1]!.sbom);
    expect(found.get("BSI-C-4")!.message).toMatch(/^No components/);
    const ntia = await statuses(NTIA, rows[1]!.sbom);
    expect(ntia.get("NTIA-DF-2")!.message).toMatch(/No components/);
  });
});

describe("SBOM profile messages count what their check counts", () => {
  it("C-13 counts the primary component on both sides: never more offenders than components checked", async () => {
    // Every identifier removed: the product and its components all lack one, so the count is n of n.
    const none = variant((s) => {
      for (const c of [s.metadata.component, ...s.components]) {
        delete c.purl;
        delete c.cpe;
        delete c.swid;
      }
    });
    for (const framework of [BSI21, BSI20]) {
      const message = (await statuses(framework, none)).get("BSI-C-13")!.message;
      const [, missing, checked] = /^(\d+) of (\d+) component/.exec(message) ?? [];
      expect(missing).toBeDefined();
      expect(missing).toBe(checked);
    }
  });
});
