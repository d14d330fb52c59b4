/**
 * Table tests for the SBOM profiles: rules/ntia-sbom-2021, rules/bsi-tr-03183-2@2.1 and rules/cisa-sbom-2026, on
 * tests/fixtures/sboms/partner-bsi-complete.cdx.json (every field of the three profiles present) with one element
 * removed or broken per failing case. Findings name the offending components.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../src/crosswalk/catalog.js";
import { assessFindings } from "../../src/rules/evaluate.js";
import { PARTNER_SCOPES } from "../../src/rules/partner-scopes.js";
import {
  decl,
  factsFor,
  loadPartnerRules,
  NO_SBOM,
  OK,
  type PartnerCase,
  type RuleCases,
  ruleTable,
  sbomCase,
  set,
} from "./partner-fixtures.js";

type Doc = Record<string, any>;
const change = (edit: (s: Doc) => void): PartnerCase =>
  sbomCase((s) => {
    edit(s);
    return s;
  });
const openssl = (edit: (c: Doc) => void) => change((s) => edit(s.components[0]));
const withoutProperty = (name: string) =>
  openssl((c) => {
    c.properties = c.properties.filter((p: Doc) => p.name !== name);
  });
const orphan = change((s) => {
  s.components.push({
    type: "library",
    "bom-ref": "orphan",
    name: "orphan",
    version: "1.0.0",
    purl: "pkg:generic/orphan@1.0.0",
  });
});
const zlibWithoutDependencyEntry = change((s) => {
  s.dependencies = s.dependencies.filter((d: Doc) => d.ref !== "zlib");
});
const noCompositions = change((s) => {
  delete s.compositions;
});
const noComponents = change((s) => {
  s.components = [];
  s.dependencies = [{ ref: "root", dependsOn: [] }];
});
const nothingListed = change((s) => {
  delete s.metadata.component;
  s.components = [];
  s.dependencies = [];
  delete s.compositions;
});
const property = (name: string, value: string) =>
  openssl((c) => {
    c.properties.find((p: Doc) => p.name === name).value = value;
  });
// An SBOM signed with a key made here (JSF: the canonical form of the BOM whose signature lacks only `value`).
const signingKeys = generateKeyPairSync("ed25519");
const signedBy = (tamper: boolean): PartnerCase => ({
  sbom: (s) => {
    s.signature = { algorithm: "Ed25519" };
    s.signature.value = sign(null, Buffer.from(canonicalize(s)!, "utf8"), signingKeys.privateKey).toString("base64url");
    if (tamper) s.components[0].version = "3.0.16";
    return s;
  },
  publicKey: signingKeys.publicKey,
});
const goodSignature = signedBy(false);
const badSignature = signedBy(true);
const noTools = change((s) => {
  delete s.metadata.tools;
});
const otherRelease = decl(set("product.version", "2.4.0"));
const publicSbom = decl(
  set("vulnerabilityHandling.sbomForUsersUrl", "https://acme.example/sbom/home-hub-2.3.0.cdx.json"),
);
/** A CycloneDX 1.5 SBOM of the same product (1.5 has no licence acknowledgement or component manufacturer). */
const spec15 = sbomCase(() => ({
  bomFormat: "CycloneDX",
  specVersion: "1.5",
  serialNumber: "urn:uuid:0b8b4a52-3f0c-4a8e-9c61-5b3e7d1f2a90",
  version: 1,
  metadata: {
    timestamp: "2028-02-01T10:00:00Z",
    component: {
      type: "firmware",
      "bom-ref": "root",
      name: "home-hub-firmware",
      version: "2.3.0",
      purl: "pkg:generic/acme/home-hub-firmware@2.3.0",
    },
  },
  components: [{ type: "library", "bom-ref": "zlib", name: "zlib", version: "1.3.1", purl: "pkg:generic/zlib@1.3.1" }],
  dependencies: [{ ref: "root", dependsOn: ["zlib"] }, { ref: "zlib" }],
}));

function ntia(): Record<string, RuleCases> {
  return {
    "NTIA-AS-SBOM-SUPPLIED": { holds: OK, fails: NO_SBOM },
    "NTIA-COMPONENTS-LISTED": { fails: noComponents, na: OK },
    "NTIA-COMPONENTS-LISTED-NO-SBOM": { fails: noComponents, na: NO_SBOM },
    "NTIA-DF-1-SUPPLIER": {
      holds: OK,
      fails: openssl((c) => {
        delete c.supplier;
        delete c.manufacturer;
      }),
      na: NO_SBOM,
    },
    "NTIA-DF-2-NAME": { holds: OK, fails: openssl((c) => (c.name = "")), na: NO_SBOM },
    "NTIA-DF-3-VERSION": { holds: OK, fails: openssl((c) => delete c.version), na: NO_SBOM },
    "NTIA-DF-4-IDENTIFIER": { holds: OK, fails: openssl((c) => delete c.purl), na: NO_SBOM },
    "NTIA-DF-5-DEPENDENCIES": { holds: OK, fails: orphan, na: NO_SBOM },
    "NTIA-DF-5-DEPENDENCIES-NONE": { holds: OK, fails: change((s) => (s.dependencies = [])) },
    "NTIA-DF-6-AUTHOR": {
      holds: OK,
      fails: change((s) => {
        delete s.metadata.authors;
        delete s.metadata.tools;
      }),
      na: NO_SBOM,
    },
    "NTIA-DF-7-TIMESTAMP": { holds: OK, fails: change((s) => delete s.metadata.timestamp), na: NO_SBOM },
    "NTIA-PP-1-FREQUENCY": { holds: OK, fails: otherRelease, na: NO_SBOM },
    "NTIA-PP-2-DEPTH": {
      holds: OK,
      fails: change((s) => (s.dependencies = s.dependencies.filter((d: Doc) => d.ref !== "root"))),
      na: NO_SBOM,
    },
    "NTIA-PP-3-KNOWN-UNKNOWNS": { holds: OK, fails: noCompositions, na: NO_SBOM },
    "NTIA-PP-4-DISTRIBUTION": { holds: publicSbom, fails: OK },
    "NTIA-PP-5-ACCESS-CONTROL": { holds: OK },
    "NTIA-PP-6-MISTAKES": { holds: OK },
    "NTIA-REC-HASH-LICENCE": { holds: OK, fails: openssl((c) => delete c.hashes), na: NO_SBOM },
  };
}

function bsi(): Record<string, RuleCases> {
  return {
    "BSI-SBOM-SUPPLIED": { holds: OK, fails: NO_SBOM },
    "BSI-FMT-1-SPEC-VERSION": { holds: OK, fails: spec15, na: NO_SBOM },
    "BSI-G-1-ONE-VERSION": { holds: OK, fails: otherRelease, na: NO_SBOM },
    "BSI-G-2-NO-VULNERABILITIES": {
      holds: OK,
      fails: change((s) => {
        s.vulnerabilities = [{ id: "CVE-2099-0001", affects: [{ ref: "openssl" }], analysis: { state: "resolved" } }];
      }),
      na: NO_SBOM,
    },
    "BSI-G-3-SCOPE": { holds: OK },
    "BSI-G-4-VERSIONS": { holds: OK },
    "BSI-G-5-RECURSION": { holds: OK, fails: zlibWithoutDependencyEntry, na: NO_SBOM },
    "BSI-G-6-BUILD-TIME": {
      holds: OK,
      fails: change((s) => (s.metadata.lifecycles = [{ phase: "post-build" }])),
      na: NO_SBOM,
    },
    "BSI-G-7-LICENCE-IDENTIFIERS": {
      holds: OK,
      fails: openssl((c) => (c.licenses = [{ expression: "Apache-2.0 AND NOT-A-LICENCE" }])),
      na: NO_SBOM,
    },
    "BSI-G-8-SIGNATURE": { holds: OK, na: goodSignature },
    "BSI-G-8-SIGNATURE-VERIFIED": { holds: goodSignature, fails: badSignature, na: OK },
    "BSI-SB-1-CREATOR": { holds: OK, fails: change((s) => delete s.metadata.manufacturer), na: NO_SBOM },
    "BSI-SB-2-TIMESTAMP": { holds: OK, fails: change((s) => delete s.metadata.timestamp), na: NO_SBOM },
    "BSI-SB-3-URI": { holds: OK, fails: change((s) => delete s.serialNumber), na: NO_SBOM },
    "BSI-C-1-CREATOR": { holds: OK, fails: openssl((c) => delete c.manufacturer), na: NO_SBOM },
    "BSI-C-2-NAME": { holds: OK, fails: openssl((c) => (c.name = "")), na: NO_SBOM },
    "BSI-C-3-VERSION": { holds: OK, fails: openssl((c) => delete c.version), na: NO_SBOM },
    "BSI-C-4-FILENAME": { holds: OK, fails: withoutProperty("bsi:component:filename"), na: NO_SBOM },
    "BSI-C-5-DEPENDENCIES": { holds: OK, fails: zlibWithoutDependencyEntry, na: NO_SBOM },
    "BSI-C-5-DEPENDENCIES-COMPLETENESS": { holds: OK, fails: noCompositions },
    "BSI-C-6-DISTRIBUTION-LICENCE": {
      holds: OK,
      fails: openssl((c) => (c.licenses = c.licenses.filter((l: Doc) => l.license.acknowledgement !== "concluded"))),
      na: NO_SBOM,
    },
    "BSI-C-7-SHA512": {
      holds: OK,
      fails: openssl((c) => {
        for (const ref of c.externalReferences) delete ref.hashes;
      }),
      na: NO_SBOM,
    },
    "BSI-C-8-EXECUTABLE": { holds: OK, fails: withoutProperty("bsi:component:executable"), na: NO_SBOM },
    "BSI-C-9-ARCHIVE": { holds: OK, fails: withoutProperty("bsi:component:archive"), na: NO_SBOM },
    "BSI-C-10-STRUCTURED": { holds: OK, fails: withoutProperty("bsi:component:structured"), na: NO_SBOM },
    "BSI-C-8-VALUE": { holds: OK, fails: property("bsi:component:executable", "yes"), na: NO_SBOM },
    "BSI-C-9-VALUE": { holds: OK, fails: property("bsi:component:archive", "zip"), na: NO_SBOM },
    "BSI-C-10-VALUE": { holds: OK, fails: property("bsi:component:structured", "mixed"), na: NO_SBOM },
    "BSI-C-11-SOURCE-URI": {
      holds: OK,
      fails: openssl(
        (c) => (c.externalReferences = c.externalReferences.filter((r: Doc) => r.type === "distribution")),
      ),
      na: NO_SBOM,
    },
    "BSI-C-12-DEPLOYABLE-URI": {
      holds: OK,
      fails: openssl(
        (c) => (c.externalReferences = c.externalReferences.filter((r: Doc) => r.type !== "distribution")),
      ),
      na: NO_SBOM,
    },
    "BSI-C-13-IDENTIFIERS": { holds: OK, fails: openssl((c) => delete c.purl), na: NO_SBOM },
    "BSI-C-14-ORIGINAL-LICENCE": {
      holds: OK,
      fails: openssl((c) => (c.licenses = c.licenses.filter((l: Doc) => l.license.acknowledgement !== "declared"))),
      na: NO_SBOM,
    },
    "BSI-C-11-SOURCE-URL": {
      holds: OK,
      fails: openssl((c) => {
        c.externalReferences.find((r: Doc) => r.type === "source-distribution").url = "not-a-valid-url";
      }),
      na: NO_SBOM,
    },
    "BSI-C-12-DEPLOYABLE-URL": {
      holds: OK,
      fails: openssl((c) => {
        c.externalReferences.find((r: Doc) => r.type === "distribution").url = "not-a-valid-url";
      }),
      na: NO_SBOM,
    },
    "BSI-C-1-CREATOR-URL": {
      holds: OK,
      fails: openssl((c) => (c.manufacturer.url = ["not-a-valid-url"])),
      na: NO_SBOM,
    },
    "BSI-C-5-REACHABLE": { holds: OK, fails: orphan, na: noCompositions },
    "BSI-C-5-REACHABLE-NO-SBOM": { holds: OK, fails: orphan, na: NO_SBOM },
    "BSI-G-3-COMPONENTS-LISTED": { fails: nothingListed, na: OK },
    "BSI-G-3-COMPONENTS-LISTED-NO-SBOM": { fails: nothingListed, na: NO_SBOM },
    "BSI-C-15-EFFECTIVE-LICENCE": {
      holds: openssl((c) => c.properties.push({ name: "bsi:component:effectiveLicense", value: "Apache-2.0" })),
      fails: openssl((c) => c.properties.push({ name: "bsi:component:effectiveLicense", value: "whatever we like" })),
      na: OK,
    },
    "BSI-C-16-SOURCE-HASH": {
      holds: openssl((c) => {
        c.externalReferences.find((r: Doc) => r.type === "source-distribution").hashes = [
          { alg: "SHA-256", content: "23c666d0edf20f14249b3d8f0368acaee9ab585b09e1de82107c66e1f3ec9533" },
        ];
      }),
      na: OK,
      cannotFail:
        "BSI fixes no algorithm for the source code hash: any hash given (its form checked by the schema) is the MAY field",
    },
    "BSI-C-17-SECURITY-TXT": {
      holds: openssl((c) =>
        c.externalReferences.push({ type: "rfc-9116", url: "https://openssl-library.org/.well-known/security.txt" }),
      ),
      fails: openssl((c) => c.externalReferences.push({ type: "rfc-9116", url: "security.txt" })),
      na: OK,
    },
  };
}

function cisa(): Record<string, RuleCases> {
  return {
    "CISA26-SBOM-SUPPLIED": { holds: OK, fails: NO_SBOM },
    "CISA26-M-1-AUTHOR": {
      holds: OK,
      fails: change((s) => {
        delete s.metadata.authors;
        delete s.metadata.manufacturer;
      }),
      na: NO_SBOM,
    },
    "CISA26-M-2-SIGNATURE": { holds: OK, na: goodSignature },
    "CISA26-M-2-SIGNATURE-VERIFIED": { holds: goodSignature, fails: badSignature, na: OK },
    "CISA26-M-5-GENERATION-CONTEXT": { holds: OK, fails: change((s) => delete s.metadata.lifecycles), na: NO_SBOM },
    "CISA26-M-6-TIMESTAMP": { holds: OK, fails: change((s) => delete s.metadata.timestamp), na: NO_SBOM },
    "CISA26-M-7-TOOL-NAME": { holds: OK, fails: noTools, na: NO_SBOM },
    "CISA26-M-8-TOOL-VERSION": {
      holds: OK,
      fails: change((s) => delete s.metadata.tools.components[0].version),
      na: NO_SBOM,
    },
    "CISA26-M-8-TOOL-VERSION-NO-TOOL": { holds: OK, fails: noTools },
    "CISA26-M-9-SBOM-VERSION": { holds: OK, fails: change((s) => delete s.serialNumber), na: NO_SBOM },
    "CISA26-COMPONENTS-LISTED": { fails: noComponents, na: OK },
    "CISA26-COMPONENTS-LISTED-NO-SBOM": { fails: noComponents, na: NO_SBOM },
    "CISA26-C-1-PRODUCER": {
      holds: OK,
      fails: openssl((c) => {
        delete c.supplier;
        delete c.manufacturer;
      }),
      na: NO_SBOM,
    },
    "CISA26-C-2-NAME": { holds: OK, fails: openssl((c) => (c.name = "")), na: NO_SBOM },
    "CISA26-C-3-VERSION": { holds: OK, fails: openssl((c) => delete c.version), na: NO_SBOM },
    "CISA26-C-4-IDENTIFIERS": { holds: OK, fails: openssl((c) => delete c.purl), na: NO_SBOM },
    "CISA26-C-5-6-HASH": { holds: OK, fails: openssl((c) => delete c.hashes), na: NO_SBOM },
    "CISA26-C-7-LICENCE": { holds: OK, fails: openssl((c) => delete c.licenses), na: NO_SBOM },
    "CISA26-C-8-DEPENDENCIES": { holds: OK, fails: orphan, na: NO_SBOM },
    "CISA26-P-1-COVERAGE": { holds: OK, fails: orphan, na: NO_SBOM },
    "CISA26-P-2-UNKNOWNS": { holds: OK, fails: noCompositions, na: NO_SBOM },
    "CISA26-P-3-DISTRIBUTION": { holds: publicSbom, fails: OK },
    "CISA26-P-4-UPDATES": { holds: OK },
    "CISA26-P-5-FREQUENCY": { holds: OK, fails: otherRelease, na: NO_SBOM },
  };
}

ruleTable("ntia-sbom-2021", ntia);
ruleTable("bsi-tr-03183-2@2.1", bsi);
ruleTable("cisa-sbom-2026", cisa);

async function findingsOf(framework: string, c: PartnerCase) {
  const catalog = getCatalog(framework)!;
  const ruleSet = await loadPartnerRules(framework);
  const facts = factsFor(c);
  const list = await assessFindings({ catalog, ruleSet, scope: PARTNER_SCOPES[framework]!, facts });
  return { list, byId: new Map(list.map((f) => [f.requirement, f])), notes: PARTNER_SCOPES[framework]!.notes(facts) };
}

describe("SBOM profile findings", () => {
  for (const framework of ["ntia-sbom-2021", "bsi-tr-03183-2@2.1", "cisa-sbom-2026"]) {
    it(`${framework}: one finding per element, none a gap on the complete SBOM`, async () => {
      const { list } = await findingsOf(framework, OK);
      expect(list.length).toBe(getCatalog(framework)!.requirements.length);
      expect(list.every((f) => f.rules.length > 0)).toBe(true);
      expect(list.filter((f) => f.status === "gap").map((f) => f.requirement)).toEqual([]);
    });

    it(`${framework}: without an SBOM, one gap says so and the elements are not applicable`, async () => {
      const { list, notes } = await findingsOf(framework, NO_SBOM);
      const gaps = list.filter((f) => f.status === "gap");
      // Only the SBOM-supplied check fails (CISA's also evidences the format-version element).
      expect(gaps.length).toBeGreaterThan(0);
      for (const gap of gaps) {
        expect(gap.rules.some((id) => id.endsWith("SBOM-SUPPLIED"))).toBe(true);
        expect(gap.message).toMatch(/No SBOM was supplied/);
      }
      expect(list.filter((f) => f.status === "not-applicable").length).toBeGreaterThan(5);
      expect(notes.join(" ")).toMatch(/No SBOM was supplied/);
    });
  }

  it("names the offending components, sorted", async () => {
    const { byId } = await findingsOf(
      "bsi-tr-03183-2@2.1",
      change((s) => {
        for (const c of s.components) c.properties = [];
      }),
    );
    const finding = byId.get("BSI-C-4")!;
    expect(finding.status).toBe("gap");
    expect(finding.severity).toBe("medium");
    expect(finding.components).toEqual(["openssl", "zlib"]);
    expect(finding.componentCount).toBe(2);
  });

  it("treats a MUST-if field as a question, not a gap", async () => {
    const { byId } = await findingsOf(
      "bsi-tr-03183-2@2.1",
      openssl((c) => delete c.purl),
    );
    expect(byId.get("BSI-C-13")!.status).toBe("needs-review");
    expect(byId.get("BSI-C-13")!.components).toEqual(["openssl"]);
  });

  // BSI-G-3 counts the primary component among the components, and BSI-C-1 maps to metadata.component too: a
  // root that has only an MD5 hash, no creator contact, licences, references or BSI properties, in an SBOM with
  // no other components, must fail the MUST fields (C-1, C-4, C-6, C-7, C-8, C-9, C-10) and leave the MUST-if
  // fields (C-11, C-12, C-14) as questions, each naming the root.
  it("checks the primary component for the component fields", async () => {
    const { byId } = await findingsOf(
      "bsi-tr-03183-2@2.1",
      change((s) => {
        s.metadata.component = {
          type: "firmware",
          "bom-ref": "root",
          name: "home-hub-firmware",
          version: "2.3.0",
          purl: "pkg:generic/acme/home-hub-firmware@2.3.0",
          hashes: [{ alg: "MD5", content: "0123456789abcdef0123456789abcdef" }],
        };
        s.components = [];
        s.dependencies = [{ ref: "root" }];
        s.compositions = [{ aggregate: "complete", dependencies: ["root"] }];
      }),
    );
    const expected: Record<string, string> = {
      "BSI-C-1": "gap",
      "BSI-C-4": "gap",
      "BSI-C-6": "gap",
      "BSI-C-7": "gap",
      "BSI-C-8": "gap",
      "BSI-C-9": "gap",
      "BSI-C-10": "gap",
      "BSI-C-11": "needs-review",
      "BSI-C-12": "needs-review",
      "BSI-C-14": "needs-review",
    };
    for (const [requirement, status] of Object.entries(expected)) {
      expect([requirement, byId.get(requirement)!.status]).toEqual([requirement, status]);
      expect([requirement, byId.get(requirement)!.components]).toEqual([requirement, ["root"]]);
    }
  });

  // An orphan with a dependency entry of its own has "a place in the graph", but nothing connects it to the
  // product: a stated complete graph that leaves it unreachable does not show coverage (CISA 2026 Coverage) or
  // bear out completeness (BSI TR-03183-2 §8.1.3).
  it("an orphan with its own dependency entry is reachable from nothing: coverage and completeness fail", async () => {
    const orphanWithEntry = change((s) => {
      s.components.push({
        type: "library",
        "bom-ref": "orphan",
        name: "orphan",
        version: "1.0.0",
        purl: "pkg:generic/orphan@1.0.0",
      });
      s.dependencies.push({ ref: "orphan" });
    });
    const cisa = await findingsOf("cisa-sbom-2026", orphanWithEntry);
    expect(cisa.byId.get("CISA26-C-8")!.status).toBe("met");
    expect(cisa.byId.get("CISA26-P-1")!.status).toBe("gap");
    expect(cisa.byId.get("CISA26-P-1")!.message).toContain("1 not reachable from the primary component");
    const bsi = await findingsOf("bsi-tr-03183-2@2.1", orphanWithEntry);
    expect(bsi.byId.get("BSI-C-5")!.status).toBe("gap");
  });

  it("marks the CISA 2026 findings unverified, as the catalog does", async () => {
    const { list } = await findingsOf("cisa-sbom-2026", OK);
    expect(list.every((f) => f.verified === false)).toBe(true);
  });
});
