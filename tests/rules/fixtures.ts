/**
 * Shared inputs for the rule table tests: a declaration and an SBOM on which every automated CRA rule holds,
 * and helpers to vary them one fact at a time.
 */

import { parseDeclarationValue } from "../../src/declaration/parse.js";
import type { VulnerabilityMatch } from "../../src/domain/vulnerability-match.js";
import { type AssessmentFacts, buildAssessmentFacts } from "../../src/rules/facts.js";
import { ingestSbomBytes } from "../../src/sbom/ingest.js";

const evidenceFor = (letter: string) => ({ status: "implemented", evidence: [`doc-${letter}`] });

export function compliantDeclaration(): Record<string, any> {
  const letters = ["2a", "2b", "2c", "2d", "2e", "2f", "2g", "2h", "2i", "2j", "2k", "2l", "2m"];
  return {
    format: "cra-declaration/1",
    manufacturer: {
      name: "Acme Devices GmbH",
      tradeName: "Acme",
      postalAddress: "Musterstrasse 1, 10115 Berlin",
      email: "contact@acme.example",
      website: "https://acme.example",
      mainEstablishment: "DE",
      enterpriseSize: "medium",
    },
    product: {
      name: "Acme Home Hub",
      type: "hardware-with-software",
      model: "AH-100",
      version: "2.3.0",
      identifiers: ["pkg:generic/acme/home-hub-firmware@2.3.0"],
      intendedPurpose: "Home automation hub",
      essentialFunctions: ["Control paired devices"],
      category: "CRA-DEFAULT",
      placedOnMarket: "2028-03-01",
      substantiallyModified: false,
      openSource: { foss: false, steward: false, technicalDocumentationPublicUrl: null },
      tailorMade: false,
      intendedForIntegration: false,
    },
    supportPeriod: {
      end: "2034-03",
      expectedUseYears: 6,
      rationaleDocument: "doc-support",
      endOfSupportNotification: true,
      supportType: "Security updates and vulnerability handling",
    },
    securityProperties: Object.fromEntries(letters.map((l) => [l, evidenceFor(l)])),
    defaults: { credentials: "unique-per-device", factoryReset: true },
    updates: {
      mechanism: "automatic",
      automaticByDefault: true,
      optOut: true,
      postpone: true,
      notifyUsers: true,
      signed: true,
      securityUpdatesSeparate: true,
      freeOfCharge: true,
      retentionYears: 10,
      distributionDocument: "doc-updates",
    },
    vulnerabilityHandling: {
      cvdPolicyUrl: "https://acme.example/security/cvd",
      contact: { email: "security@acme.example", securityTxtUrl: "https://acme.example/.well-known/security.txt" },
      singlePointOfContact: [
        { channel: "email", address: "psirt@acme.example" },
        { channel: "phone", address: "+49 30 1234567" },
      ],
      advisoriesUrl: "https://acme.example/security/advisories",
      sbomForUsersUrl: null,
      securityTesting: [{ kind: "penetration-test", date: "2027-11-20", document: "doc-pentest" }],
    },
    reporting: { srpRegistered: true, coordinatorCsirt: "DE", psirtProcessDocument: "doc-psirt", escalation24x7: true },
    documentation: {
      riskAssessment: "doc-risk",
      technicalDocumentation: "doc-techdoc",
      userInstructionsUrl: "https://acme.example/manual",
      userInstructionsAvailableUntil: "2038-03-01",
      instructions: {
        secureUse: { url: "https://acme.example/manual#secure-use" },
        effectOfChanges: { url: "https://acme.example/manual#changes" },
        installingUpdates: { url: "https://acme.example/manual#updates" },
        secureDecommissioning: { url: "https://acme.example/manual#decommissioning" },
        disablingAutomaticUpdates: { url: "https://acme.example/manual#auto-updates" },
      },
      declarationOfConformityUrl: "https://acme.example/doc",
      declarationOfConformitySupplied: "simplified",
      retentionUntil: "2038-03-01",
      standardsApplied: [{ reference: "EN 40000-1-3", kind: "harmonised-standard", application: "full" }],
    },
    conformity: { route: "A", ceMarking: true, ceMarkingLocation: "product" },
    certifications: [],
    documents: [
      ...letters.map((l) => ({ id: `doc-${l}`, kind: "test-report", title: `Evidence ${l}` })),
      { id: "doc-support", kind: "support-period-rationale" },
      { id: "doc-updates", kind: "update-distribution" },
      { id: "doc-pentest", kind: "penetration-test-report" },
      { id: "doc-psirt", kind: "psirt-process" },
      { id: "doc-risk", kind: "risk-assessment" },
      { id: "doc-techdoc", kind: "technical-documentation" },
      { id: "doc-agreement", kind: "business-user-agreement" },
    ],
  };
}

/** A small CycloneDX 1.6 SBOM for the declared product: root with purl, two direct dependencies, a graph. */
export function compliantSbom(): Record<string, any> {
  return {
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
    version: 1,
    metadata: {
      timestamp: "2028-02-01T00:00:00Z",
      tools: { components: [{ type: "application", name: "hand-written" }] },
      authors: [{ name: "Acme PSIRT" }],
      component: {
        type: "firmware",
        "bom-ref": "root",
        name: "home-hub-firmware",
        version: "2.3.0",
        purl: "pkg:generic/acme/home-hub-firmware@2.3.0",
      },
    },
    components: [
      { type: "library", "bom-ref": "openssl", name: "openssl", version: "3.0.15", purl: "pkg:generic/openssl@3.0.15" },
      { type: "library", "bom-ref": "zlib", name: "zlib", version: "1.3.1", purl: "pkg:generic/zlib@1.3.1" },
    ],
    dependencies: [
      { ref: "root", dependsOn: ["openssl", "zlib"] },
      { ref: "openssl", dependsOn: ["zlib"] },
      { ref: "zlib", dependsOn: [] },
    ],
    externalReferences: [{ type: "security-contact", url: "mailto:security@acme.example" }],
  };
}

export function match(overrides: Partial<VulnerabilityMatch> = {}): VulnerabilityMatch {
  return {
    component: "openssl",
    componentName: "openssl",
    componentVersion: "3.0.15",
    purl: "pkg:generic/openssl@3.0.15",
    advisoryId: "CVE-2099-0001",
    aliases: [],
    severity: "high",
    knownExploited: false,
    fixedVersions: ["3.0.16"],
    fixAvailableSince: "2028-01-01",
    exploitable: true,
    ...overrides,
  };
}

export interface FactCase {
  decl?: (d: Record<string, any>) => void;
  /** Change the SBOM; return null to assess without one. */
  sbom?: (s: Record<string, any>) => Record<string, any> | null | undefined;
  matches?: VulnerabilityMatch[];
  asOf?: string;
}

export function factsFor(c: FactCase = {}): AssessmentFacts {
  const d = compliantDeclaration();
  c.decl?.(d);
  const parsed = parseDeclarationValue(d);
  if (!parsed.ok) throw new Error(`test declaration invalid: ${JSON.stringify(parsed.issues)}`);
  let sbomDoc: Record<string, any> | null = compliantSbom();
  if (c.sbom) {
    const changed = c.sbom(sbomDoc);
    if (changed !== undefined) sbomDoc = changed;
  }
  let sbom: Parameters<typeof buildAssessmentFacts>[0]["sbom"];
  if (sbomDoc) {
    const ingested = ingestSbomBytes(new TextEncoder().encode(JSON.stringify(sbomDoc)));
    if (!ingested.ok) throw new Error(`test SBOM invalid: ${JSON.stringify(ingested.issues)}`);
    sbom = { sbom: ingested.sbom, quality: ingested.quality };
  }
  return buildAssessmentFacts({
    declaration: parsed.value,
    ...(sbom ? { sbom } : {}),
    ...(c.matches ? { vulnerabilityMatches: c.matches } : {}),
    asOf: c.asOf ?? "2028-03-01",
  });
}
