/**
 * Table tests for every rule of rules/cra: for each, a case where it holds and one where it does not (and, for
 * rules with an `applies` condition, one where it does not apply). Expected statuses come from the rule's own
 * onHold / onFail, so a rule whose conditions are wrong, or whose data drifted from the declaration schema,
 * fails here. A completeness test makes sure no rule is left out of the table.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getCatalog } from "../../src/crosswalk/catalog.js";
import { ESSENTIAL_REQUIREMENT_IDS } from "../../src/domain/cra-terms.js";
import { evaluateRules } from "../../src/rules/evaluate.js";
import { loadRuleSet, type RuleSet } from "../../src/rules/loader.js";
import type { LoadedRule } from "../../src/rules/types.js";
import { type FactCase, factsFor, match } from "./fixtures.js";

type Mutator = (d: Record<string, any>) => void;
const at = (d: Record<string, any>, path: string): [Record<string, any>, string] => {
  const keys = path.split(".");
  let node = d;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key];
  }
  return [node, keys[keys.length - 1]!];
};
const set =
  (path: string, value: unknown): Mutator =>
  (d) => {
    const [node, key] = at(d, path);
    node[key] = value;
  };
const del =
  (path: string): Mutator =>
  (d) => {
    const [node, key] = at(d, path);
    delete node[key];
  };
const all =
  (...mutators: Mutator[]): Mutator =>
  (d) => {
    for (const m of mutators) m(d);
  };
const decl = (...mutators: Mutator[]): FactCase => ({ decl: all(...mutators) });
const PART_I = ESSENTIAL_REQUIREMENT_IDS.filter((id) => id.startsWith("CRA-AI-P1-"));
const PART_II = ESSENTIAL_REQUIREMENT_IDS.filter((id) => id.startsWith("CRA-AI-P2-"));
/** Standards applied: a harmonised standard covering `harmonised`, and a certification scheme covering `scheme`. */
const coverage = (harmonised: string[], scheme: string[] = []): Mutator =>
  set("documentation.standardsApplied", [
    { reference: "EN 40000-x", kind: "harmonised-standard", application: "full", covers: harmonised },
    ...(scheme.length > 0
      ? [{ reference: "Scheme X", kind: "certification-scheme", application: "full", covers: scheme }]
      : []),
  ]);
const noSbom: FactCase = { sbom: () => null };
/** The SBOM's root states its end of support with the CycloneDX property taxonomy's milestone property. */
const rootEndOfSupport =
  (date: string): FactCase["sbom"] =>
  (s) => {
    s.metadata.component.properties = [{ name: "cdx:lifecycle:milestone:endOfSupport", value: date }];
    return s;
  };
const OK: FactCase = {};

interface RuleCases {
  holds: FactCase;
  fails?: FactCase;
  na?: FactCase;
}

const table: Record<string, RuleCases> = {};

// Annex I Part I (2)(a)-(m): the three generic rules per letter.
for (const letter of ["2a", "2b", "2c", "2d", "2e", "2f", "2g", "2h", "2i", "2j", "2k", "2l", "2m"]) {
  const L = letter.toUpperCase();
  const prop = `securityProperties.${letter}`;
  const naJustified = decl(set(prop, { status: "not-applicable", justification: "Not relevant for this product." }));
  table[`CRA-P1-${L}-STATUS`] = {
    holds: OK,
    fails: decl(set(prop, { status: "not-implemented" })),
    na: naJustified,
  };
  table[`CRA-P1-${L}-EVIDENCE-REVIEW`] = { holds: OK, na: decl(set(prop, { status: "implemented" })) };
  table[`CRA-P1-${L}-JUSTIFICATION-REVIEW`] = { holds: naJustified, na: OK };
  table[`CRA-P1-${L}-EVIDENCE-MISSING`] = {
    holds: OK,
    fails: decl(set(prop, { status: "implemented", evidence: [] })),
    na: decl(set(prop, { status: "not-implemented" })),
  };
}
// The generic status rule also fails for an unjustified not-applicable and for a missing answer.
table["CRA-P1-2H-STATUS-UNJUSTIFIED"] = {
  holds: OK,
  fails: decl(set("securityProperties.2h", { status: "not-applicable" })),
};
table["CRA-P1-2K-STATUS-UNDECLARED"] = { holds: OK, fails: decl(del("securityProperties.2k")) };

const specificCases: Record<string, RuleCases> = {
  "CRA-P1-1-RISK-ASSESSMENT": { holds: OK, fails: decl(del("documentation.riskAssessment")) },
  "CRA-P1-2A-KNOWN-EXPLOITED": {
    holds: {
      matches: [
        match({
          knownExploited: true,
          exploitable: false,
          vex: { state: "not_affected", justification: "code_not_reachable", source: "vex" },
        }),
      ],
    },
    fails: { matches: [match({ knownExploited: true })] },
  },
  "CRA-P1-2A-ADVISORY-MATCHES": {
    holds: { matches: [match({ exploitable: false, vex: { state: "resolved", source: "vex" } })] },
    fails: { matches: [match({ vex: { state: "exploitable", source: "vex" } })] },
  },
  "CRA-P1-2A-ADVISORY-UNASSESSED": {
    holds: { matches: [match({ vex: { state: "exploitable", source: "vex" } })] },
    fails: { matches: [match()] },
  },
  "CRA-P1-2A-SBOM-UNRESOLVED": {
    holds: { sbom: (s) => withVulnerability(s, { state: "resolved" }) },
    fails: { sbom: (s) => withVulnerability(s, { state: "exploitable" }) },
    na: noSbom,
  },
  "CRA-P1-2A-SBOM-UNASSESSED": {
    holds: { sbom: (s) => withVulnerability(s, { state: "exploitable" }) },
    fails: { sbom: (s) => withVulnerability(s, { state: "in_triage" }) },
    na: noSbom,
  },
  "CRA-P1-2A-VEX-JUSTIFICATION": {
    holds: { sbom: (s) => withVulnerability(s, { state: "not_affected", justification: "code_not_present" }) },
    fails: { sbom: (s) => withVulnerability(s, { state: "not_affected" }) },
    na: noSbom,
  },
  "CRA-P1-2A-ADVISORY-DATA": { holds: { matches: [] }, fails: OK },
  "CRA-P1-2B-CREDENTIALS": {
    holds: decl(set("defaults.credentials", "user-set-at-first-use")),
    fails: decl(set("defaults.credentials", "shared-default")),
    na: decl(set("product.tailorMade", true), set("product.businessUserAgreement", "doc-agreement")),
  },
  "CRA-P1-2B-FACTORY-RESET": {
    holds: OK,
    fails: decl(set("defaults.factoryReset", false)),
    na: decl(set("securityProperties.2b", { status: "not-applicable", justification: "No configurable state." })),
  },
  "CRA-P1-2B-TAILOR-MADE": {
    holds: decl(set("product.tailorMade", true), set("product.businessUserAgreement", "doc-agreement")),
    na: decl(set("product.tailorMade", true)),
  },
  "CRA-P1-2C-MECHANISM": {
    holds: OK,
    fails: decl(set("updates.mechanism", "none")),
    na: decl(set("securityProperties.2c", { status: "not-applicable", justification: "x" })),
  },
  "CRA-P1-2C-AUTOMATIC-DECLARED": {
    holds: decl(set("updates.automaticByDefault", false)),
    fails: decl(del("updates.automaticByDefault")),
    na: decl(set("securityProperties.2c", { status: "not-applicable", justification: "x" })),
  },
  "CRA-P1-2C-AUTOMATIC-DEFAULT": {
    holds: OK,
    fails: decl(set("updates.automaticByDefault", false)),
    na: decl(del("updates.automaticByDefault")),
  },
  "CRA-P1-2C-OPT-OUT": {
    holds: OK,
    fails: decl(set("updates.optOut", false)),
    na: decl(set("updates.automaticByDefault", false)),
  },
  "CRA-P1-2C-POSTPONE-DECLARED": {
    holds: decl(set("updates.postpone", false)),
    fails: decl(del("updates.postpone")),
    na: decl(set("updates.automaticByDefault", false)),
  },
  "CRA-P1-2C-POSTPONE": {
    holds: OK,
    fails: decl(set("updates.postpone", false)),
    na: decl(del("updates.postpone")),
  },
  "CRA-P1-2C-NOTIFY-DECLARED": {
    holds: decl(set("updates.notifyUsers", false)),
    fails: decl(del("updates.notifyUsers")),
    na: decl(set("securityProperties.2c", { status: "not-applicable", justification: "x" })),
  },
  "CRA-P1-2C-NOTIFY": {
    holds: OK,
    fails: decl(set("updates.notifyUsers", false)),
    na: decl(del("updates.notifyUsers")),
  },
  "CRA-P1-2F-SIGNED-UPDATES": {
    holds: OK,
    fails: decl(set("updates.signed", false)),
    na: decl(set("securityProperties.2f", { status: "not-applicable", justification: "x" })),
  },

  "CRA-P2-1-SBOM-PRESENT": { holds: OK, fails: noSbom },
  "CRA-P2-1-ROOT-COMPONENT": {
    holds: OK,
    fails: {
      sbom: (s) => {
        delete s.metadata.component.purl;
      },
    },
    na: noSbom,
  },
  "CRA-P2-1-PRODUCT-MATCH": {
    holds: decl(set("product.identifiers", ["pkg:generic/acme/home-hub-firmware@2.3.0"])),
    fails: decl(set("product.identifiers", ["pkg:generic/acme/other-product@2.3.0"])),
    // Without declared identifiers the comparison by name decides (PRODUCT-MATCH-BY-NAME).
    na: decl(del("product.identifiers")),
  },
  "CRA-P2-1-PRODUCT-MATCH-BY-NAME": {
    holds: decl(del("product.identifiers"), set("product.name", "home-hub-firmware")),
    fails: decl(del("product.identifiers")),
    na: OK,
  },
  "CRA-P2-1-VERSION-MATCH": {
    holds: OK,
    fails: decl(set("product.version", "2.4.0")),
    na: decl(del("product.version")),
  },
  "CRA-P2-1-TOP-LEVEL": {
    holds: OK,
    // Annex I Part II (1): without the root's entry the graph still tells the top level; only a flat list without
    // any graph leaves it open (needs-review).
    fails: {
      sbom: (s) => {
        s.dependencies = [];
      },
    },
    na: {
      sbom: (s) => {
        s.components = [];
        s.dependencies = [{ ref: "root", dependsOn: [] }];
      },
    },
  },
  "CRA-P2-1-TOP-LEVEL-COMPLETE": {
    holds: OK,
    fails: {
      sbom: (s) => {
        delete s.components[0].purl;
      },
    },
    na: noSbom,
  },
  "CRA-P2-1-HAS-COMPONENTS": {
    holds: OK,
    fails: {
      sbom: (s) => {
        s.components = [];
        s.dependencies = [{ ref: "root", dependsOn: [] }];
      },
    },
    na: noSbom,
  },
  "CRA-P2-2-SEPARATE-UPDATES": {
    holds: decl(set("updates.securityUpdatesSeparate", "not-feasible")),
    fails: decl(set("updates.securityUpdatesSeparate", false)),
  },
  "CRA-P2-2-SEPARATION-NOT-FEASIBLE": { holds: decl(set("updates.securityUpdatesSeparate", "not-feasible")), na: OK },
  "CRA-P2-2-FIX-OVERDUE": {
    holds: { matches: [match({ fixAvailableSince: "2028-02-15" })] },
    fails: { matches: [match({ fixAvailableSince: "2027-12-01" })] },
    na: OK,
  },
  "CRA-P2-2-KNOWN-AFTER-PLACING": {
    // A manual-review rule: "holds" is its review case (a match published after the last unit was placed).
    holds: {
      decl: set("product.lastPlacedOnMarket", "2028-03-01"),
      matches: [match({ knownSince: "2028-05-02" })],
      asOf: "2028-06-01",
    },
    na: OK,
  },
  "CRA-P2-2-REMEDIATION-RECORDS": { holds: OK },
  "CRA-P2-3-TESTS": { holds: OK, fails: decl(set("vulnerabilityHandling.securityTesting", [])) },
  "CRA-P2-3-RECENT": {
    holds: OK,
    fails: { asOf: "2029-01-01" },
    na: decl(del("vulnerabilityHandling.securityTesting")),
  },
  "CRA-P2-4-ADVISORIES": { holds: OK, fails: decl(del("vulnerabilityHandling.advisoriesUrl")) },
  "CRA-P2-5-CVD-POLICY": { holds: OK, fails: decl(set("vulnerabilityHandling.cvdPolicyUrl", null)) },
  "CRA-P2-6-CONTACT": {
    holds: decl(del("vulnerabilityHandling.contact")), // the SBOM's security-contact reference is enough
    fails: {
      decl: del("vulnerabilityHandling.contact"),
      sbom: (s) => {
        delete s.externalReferences;
      },
    },
  },
  "CRA-P2-7-MECHANISM": { holds: OK, fails: decl(del("updates.mechanism")) },
  "CRA-P2-7-SIGNED": { holds: OK, fails: decl(set("updates.signed", false)) },
  "CRA-P2-7-DESCRIPTION": { holds: OK, fails: decl(del("updates.distributionDocument")) },
  "CRA-P2-8-FREE-OF-CHARGE": {
    holds: OK,
    fails: decl(set("updates.freeOfCharge", false)),
    na: decl(set("product.tailorMade", true), set("product.businessUserAgreement", "doc-agreement")),
  },
  "CRA-P2-8-ADVISORY-MESSAGES": { holds: OK, fails: decl(del("vulnerabilityHandling.advisoriesUrl")) },
  "CRA-P2-8-TAILOR-MADE": {
    holds: decl(set("product.tailorMade", true), set("product.businessUserAgreement", "doc-agreement")),
    na: OK,
  },

  "CRA-A13-01-PART-I": { holds: OK, fails: decl(set("securityProperties.2d", { status: "not-implemented" })) },
  "CRA-A13-03-APPLICABILITY": { holds: OK, fails: decl(del("securityProperties.2m")) },
  "CRA-A13-03-INTENDED-PURPOSE": { holds: OK, fails: decl(set("product.intendedPurpose", null)) },
  "CRA-A13-04-JUSTIFICATIONS": {
    holds: decl(set("securityProperties.2g", { status: "not-applicable", justification: "Stores no user data." })),
    fails: decl(set("securityProperties.2g", { status: "not-applicable" })),
  },
  "CRA-A13-04-TECHNICAL-DOCUMENTATION": { holds: OK, fails: decl(del("documentation.technicalDocumentation")) },
  "CRA-A13-05-DUE-DILIGENCE": { holds: OK, fails: noSbom },
  "CRA-A13-06-UPSTREAM": { holds: OK },
  "CRA-A13-07-DOCUMENTATION": { holds: OK },
  "CRA-A13-08-END-DECLARED": { holds: OK, fails: decl(del("supportPeriod.end")) },
  "CRA-A13-08-MINIMUM": {
    holds: decl(set("supportPeriod.end", "2033-03")), // exactly five years from 2028-03-01
    fails: decl(set("supportPeriod.end", "2033-01")),
    na: decl(del("supportPeriod.end")),
  },
  "CRA-A13-08-MINIMUM-SHORT-USE": {
    // Expected use under five years, documented: a support period equal to it holds; without the rationale it fails.
    holds: decl(set("supportPeriod.end", "2031-03"), set("supportPeriod.expectedUseYears", 3)),
    fails: decl(
      set("supportPeriod.end", "2031-03"),
      set("supportPeriod.expectedUseYears", 3),
      del("supportPeriod.rationaleDocument"),
    ),
  },
  "CRA-A13-08-SHORT-EXPECTED-USE": {
    // Under five years, documented and equal to a three-year expected use: a review item; five years: not applicable.
    holds: decl(set("supportPeriod.end", "2031-03"), set("supportPeriod.expectedUseYears", 3)),
    na: OK,
  },
  "CRA-A13-08-REFLECTS-USE": {
    holds: OK,
    fails: decl(set("supportPeriod.expectedUseYears", 8)),
    na: decl(del("supportPeriod.expectedUseYears")),
  },
  "CRA-A13-08-SBOM-END": {
    holds: { sbom: rootEndOfSupport("2034-03-31") }, // the declared end is 2034-03
    fails: { sbom: rootEndOfSupport("2032-06-30") },
    na: OK, // the compliant SBOM states no end of support
  },
  "CRA-A13-08-RATIONALE": { holds: OK, fails: decl(del("supportPeriod.rationaleDocument")) },
  "CRA-A13-09-UPDATE-RETENTION": {
    holds: OK,
    fails: decl(set("supportPeriod.end", "2040-03")), // 12 years of support: 10 years of retention no longer suffice
  },
  "CRA-A13-10-LATEST-VERSION": { holds: decl(set("updates.latestVersionOnly", true)), na: OK },
  "CRA-A13-11-ARCHIVES": { holds: OK },
  "CRA-A13-12-DECLARATION-OF-CONFORMITY": {
    holds: decl(del("documentation.declarationOfConformityUrl")),
    fails: decl(del("documentation.declarationOfConformityUrl"), del("documentation.declarationOfConformitySupplied")),
  },
  "CRA-AII-6-DOC-ADDRESS-SIMPLIFIED": {
    holds: OK,
    fails: decl(del("documentation.declarationOfConformityUrl")),
    na: decl(set("documentation.declarationOfConformitySupplied", "full")),
  },
  "CRA-AII-6-DOC-ADDRESS-UNDECLARED": {
    holds: decl(del("documentation.declarationOfConformitySupplied")),
    fails: decl(del("documentation.declarationOfConformitySupplied"), del("documentation.declarationOfConformityUrl")),
    na: OK,
  },
  "CRA-AVII-7-DOC-COPY": {
    holds: decl((d) => d.documents.push({ id: "doc-eu-doc", kind: "declaration-of-conformity" })),
    fails: OK,
  },
  "CRA-A13-12-CE-MARKING": { holds: OK, fails: decl(set("conformity.ceMarking", false)) },
  "CRA-A13-12-ROUTE-DECLARED": { holds: OK, fails: decl(del("conformity.route")) },
  "CRA-A13-13-RETENTION": {
    holds: OK,
    fails: decl(set("documentation.retentionUntil", "2038-02-28")),
  },
  "CRA-A13-13-NEWEST-UNITS": {
    // Units still placed on the as-of date 2028-03-01 (the first placing): ten years run to 2038-03-01.
    holds: OK,
    fails: { ...decl(), asOf: "2028-06-01" }, // units placed up to 2028-06-01 need until 2038-06-01
    na: decl(set("product.lastPlacedOnMarket", "2028-03-01")),
  },
  "CRA-A13-14-SERIES-PRODUCTION": { holds: OK },
  "CRA-A13-15-IDENTIFICATION": {
    holds: decl(del("product.model")),
    fails: decl(del("product.model"), del("product.identifiers")),
  },
  "CRA-A13-16-MANUFACTURER": {
    holds: decl(del("manufacturer.email"), set("manufacturer.digitalContact", "https://acme.example/contact")),
    fails: decl(del("manufacturer.email")),
  },
  "CRA-A13-17-SINGLE-POINT-OF-CONTACT": {
    holds: OK,
    fails: decl(
      set("vulnerabilityHandling.singlePointOfContact", [{ channel: "chat", address: "bot", automated: true }]),
    ),
  },
  "CRA-A13-17-CHOICE": {
    holds: OK,
    fails: decl(
      set("vulnerabilityHandling.singlePointOfContact", [{ channel: "email", address: "psirt@acme.example" }]),
    ),
  },
  "CRA-A13-18-INSTRUCTIONS": { holds: OK, fails: decl(del("documentation.userInstructionsUrl")) },
  "CRA-A13-18-AVAILABILITY": {
    holds: OK,
    fails: decl(set("documentation.userInstructionsAvailableUntil", "2033-01-01")),
    na: decl(del("documentation.userInstructionsUrl")),
  },
  "CRA-A13-18-NEWEST-UNITS": {
    holds: OK,
    fails: { ...decl(), asOf: "2028-06-01" },
    na: decl(set("product.lastPlacedOnMarket", "2028-03-01")),
  },
  "CRA-A13-19-END-DATE": { holds: OK, fails: decl(del("supportPeriod.end")) },
  "CRA-A13-19-END-OF-SUPPORT-NOTICE": { holds: OK, fails: decl(set("supportPeriod.endOfSupportNotification", false)) },
  "CRA-A13-20-DOC-SUPPLIED": {
    holds: decl(
      set("documentation.declarationOfConformitySupplied", "full"),
      del("documentation.declarationOfConformityUrl"),
    ),
    fails: decl(del("documentation.declarationOfConformitySupplied")),
  },
  "CRA-A13-20-SIMPLIFIED-ADDRESS": {
    holds: OK,
    fails: decl(del("documentation.declarationOfConformityUrl")),
    na: decl(
      set("documentation.declarationOfConformitySupplied", "full"),
      del("documentation.declarationOfConformityUrl"),
    ),
  },
  "CRA-A13-21-CORRECTIVE-ACTION": { holds: OK },
  "CRA-A13-22-AUTHORITY-REQUESTS": { holds: OK },
  "CRA-A13-23-CESSATION": { holds: OK },
  "CRA-SBOM-PRODUCIBLE": { holds: OK, fails: noSbom },

  "CRA-A14-SRP": { holds: OK, fails: decl(set("reporting.srpRegistered", false)) },
  "CRA-A14-COORDINATOR": {
    holds: decl(set("manufacturer.mainEstablishment", "US"), set("reporting.importerMemberState", "IE")),
    fails: decl(set("manufacturer.mainEstablishment", "US")),
  },
  "CRA-A14-CSIRT-PREPARED": {
    holds: decl(set("manufacturer.mainEstablishment", "GR"), set("reporting.coordinatorCsirt", "EL")),
    fails: decl(set("reporting.coordinatorCsirt", "FR")),
    na: decl(del("manufacturer.mainEstablishment")),
  },
  "CRA-A14-PROCESS": { holds: OK, fails: decl(del("reporting.psirtProcessDocument")) },
  "CRA-A14-ESCALATION": { holds: OK, fails: decl(del("reporting.escalation24x7")) },

  "CRA-A32-CLASS-DECLARED": { holds: OK, fails: decl(del("product.category")) },
  "CRA-A32-ROUTE": {
    holds: decl(set("product.category", "CRA-AIII-C2-02"), set("conformity.route", "B+C")),
    fails: decl(set("product.category", "CRA-AIII-C2-02")),
  },
  "CRA-A32-ROUTE-CLASS-I": {
    holds: decl(set("product.category", "CRA-AIII-C1-12")),
    fails: decl(set("product.category", "CRA-AIII-C1-12"), del("conformity.route")),
  },
  "CRA-A32-FOSS-MODULE-A": {
    holds: decl(
      set("product.category", "CRA-AIII-C1-02"),
      set("product.openSource", {
        foss: true,
        steward: false,
        technicalDocumentationPublicUrl: "https://acme.example/td",
      }),
    ),
    fails: decl(set("product.category", "CRA-AIII-C1-02"), set("product.openSource", { foss: true, steward: false })),
    na: OK,
  },
  "CRA-A32-MODULE-A-COVERAGE-DECLARED": {
    holds: decl(set("product.category", "CRA-AIII-C1-12"), coverage([...ESSENTIAL_REQUIREMENT_IDS])),
    fails: decl(set("product.category", "CRA-AIII-C1-12")),
    na: OK,
  },
  "CRA-A32-MODULE-A-COVERAGE": {
    holds: decl(set("product.category", "CRA-AIII-C1-12"), coverage([...ESSENTIAL_REQUIREMENT_IDS])),
    fails: decl(set("product.category", "CRA-AIII-C1-12"), coverage(PART_II)),
    na: OK,
  },
  "CRA-A32-MODULE-A-NOT-APPLICABLE-UNCOVERED": {
    holds: decl(set("product.category", "CRA-AIII-C1-12"), coverage([...ESSENTIAL_REQUIREMENT_IDS])),
    fails: decl(
      set("product.category", "CRA-AIII-C1-12"),
      coverage(ESSENTIAL_REQUIREMENT_IDS.filter((id) => id !== "CRA-AI-P1-2g")),
      set("securityProperties.2g", { status: "not-applicable", justification: "No data is processed." }),
    ),
    na: OK,
  },
  "CRA-A32-MODULE-A-SCHEME-COVERAGE": {
    holds: decl(set("product.category", "CRA-AIII-C1-12"), coverage([...ESSENTIAL_REQUIREMENT_IDS])),
    fails: decl(set("product.category", "CRA-AIII-C1-12"), coverage(PART_II, PART_I)),
    na: OK,
  },
  "CRA-A32-CRITICAL-MODULES": {
    holds: decl(
      set("product.category", "CRA-AIV-02"),
      set("conformity.route", "B+C"),
      set("conformity.notifiedBody", { name: "Example NB", number: "0456" }),
    ),
    na: OK,
  },
  "CRA-A32-CERTIFICATION-SCHEME": { holds: decl(set("conformity.route", "EUCC")), na: OK },
  "CRA-A32-ROUTE-FOSS": {
    holds: decl(
      set("product.category", "CRA-AIII-C2-01"),
      set("product.openSource", { foss: true, technicalDocumentationPublicUrl: "https://acme.example/techdoc" }),
    ),
    fails: decl(
      set("product.category", "CRA-AIV-03"),
      set("product.openSource", { foss: true, technicalDocumentationPublicUrl: "https://acme.example/techdoc" }),
    ),
  },
  "CRA-A32-MODULE-A-STANDARDS": { holds: decl(set("product.category", "CRA-AIII-C1-03")), na: OK },
  "CRA-A32-NOTIFIED-BODY": {
    holds: decl(set("conformity.route", "H"), set("conformity.notifiedBody", { name: "TÜV Example", number: "0123" })),
    fails: decl(set("conformity.route", "H")),
    na: OK,
  },
  "CRA-A32-EUCC-LEVEL": {
    holds: decl(
      set("product.category", "CRA-AIII-C2-02"),
      set("conformity.route", "EUCC"),
      set("conformity.euccAssuranceLevel", "substantial"),
      set("conformity.certificateId", "EUCC-1"),
    ),
    fails: decl(
      set("product.category", "CRA-AIII-C2-02"),
      set("conformity.route", "EUCC"),
      set("conformity.euccAssuranceLevel", "basic"),
      set("conformity.certificateId", "EUCC-1"),
    ),
    na: OK,
  },

  "CRA-AII-2-CVD-LOCATION": { holds: OK, fails: decl(del("vulnerabilityHandling.cvdPolicyUrl")) },
  "CRA-AII-3-PRODUCT-IDENTITY": {
    holds: decl(del("product.type")),
    fails: decl(del("product.model"), del("product.version"), del("product.identifiers")),
  },
  "CRA-AII-4-INTENDED-PURPOSE": { holds: OK, fails: decl(del("product.intendedPurpose")) },
  "CRA-AII-5-RISK-CIRCUMSTANCES": { holds: OK },
  "CRA-AII-7-SUPPORT": { holds: OK, fails: decl(del("supportPeriod.supportType")) },
  "CRA-AII-8A-SECURE-USE": { holds: OK, fails: decl(del("documentation.instructions.secureUse")) },
  "CRA-AII-8B-EFFECT-OF-CHANGES": {
    holds: decl(set("documentation.instructions.effectOfChanges", { document: "doc-techdoc" })),
    fails: decl(set("documentation.instructions.effectOfChanges", { section: "3.2" })),
  },
  "CRA-AII-8C-INSTALLING-UPDATES": { holds: OK, fails: decl(del("documentation.instructions.installingUpdates")) },
  "CRA-AII-8D-DECOMMISSIONING": { holds: OK, fails: decl(del("documentation.instructions.secureDecommissioning")) },
  "CRA-AII-8E-DISABLING-AUTOMATIC-UPDATES": {
    holds: OK,
    fails: decl(del("documentation.instructions.disablingAutomaticUpdates")),
    na: decl(set("updates.automaticByDefault", false)),
  },
  "CRA-AII-8F-INTEGRATORS": {
    holds: decl(
      set("product.intendedForIntegration", true),
      set("documentation.instructions.integratorGuidance", { url: "https://acme.example/integrators" }),
    ),
    fails: decl(set("product.intendedForIntegration", true)),
    na: OK,
  },
  "CRA-AII-9-SBOM-FOR-USERS": {
    holds: decl(set("vulnerabilityHandling.sbomForUsersUrl", "https://acme.example/sbom.json")),
    na: OK,
  },
  "CRA-AVII-1B-VERSION": { holds: OK, fails: decl(del("product.version")) },
  "CRA-AVII-1C-HARDWARE-ILLUSTRATIONS": { holds: OK, na: decl(set("product.type", "software")) },
  "CRA-AVII-2A-ARCHITECTURE": { holds: OK },
  "CRA-AVII-2B-VULNERABILITY-HANDLING": { holds: OK, fails: noSbom },
  "CRA-AVII-2C-PRODUCTION": { holds: OK },
  "CRA-AVII-5-STANDARDS": { holds: OK, fails: decl(set("documentation.standardsApplied", [])) },
  "CRA-AVII-6-TEST-REPORTS": {
    holds: OK,
    fails: decl(set("vulnerabilityHandling.securityTesting", [{ kind: "sast", date: "2028-01-01" }])),
  },
};
Object.assign(table, specificCases);

/** Table keys with a suffix after the rule id test a second failure mode of the same rule. */
const ruleIdOf = (key: string, ids: Set<string>): string => {
  if (ids.has(key)) return key;
  const base = [...ids].filter((id) => key.startsWith(`${id}-`)).sort((a, b) => b.length - a.length)[0];
  if (!base) throw new Error(`table key ${key} names no rule`);
  return base;
};

function withVulnerability(s: Record<string, any>, analysis: Record<string, string>): Record<string, any> {
  s.vulnerabilities = [{ "bom-ref": "vuln-1", id: "CVE-2099-0002", affects: [{ ref: "openssl" }], analysis }];
  return s;
}

let ruleSet: RuleSet;
beforeAll(async () => {
  const loaded = await loadRuleSet("cra", getCatalog("cra")!);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues, null, 2));
  ruleSet = loaded.value;
});

async function statusOf(rule: LoadedRule, c: FactCase) {
  const outcomes = await evaluateRules(ruleSet, factsFor(c));
  return outcomes.get(rule.id)!;
}

describe("rules/cra table", () => {
  it("covers every rule: a holding case, a failing case for checks, a not-applicable case for `applies`", () => {
    const ids = new Set(ruleSet.rules.map((r) => r.id));
    const covered = new Map<string, { holds: boolean; fails: boolean; na: boolean }>();
    for (const [key, cases] of Object.entries(table)) {
      const id = ruleIdOf(key, ids);
      const seen = covered.get(id) ?? { holds: false, fails: false, na: false };
      covered.set(id, {
        holds: true,
        fails: seen.fails || cases.fails !== undefined,
        na: seen.na || cases.na !== undefined,
      });
    }
    const missing: string[] = [];
    for (const rule of ruleSet.rules) {
      const c = covered.get(rule.id);
      if (!c) missing.push(`${rule.id}: no cases`);
      else {
        if (rule.check && !c.fails) missing.push(`${rule.id}: no failing case`);
        if (rule.applies && !c.na) missing.push(`${rule.id}: no not-applicable case`);
      }
    }
    expect(missing).toEqual([]);
  });

  for (const [key, cases] of Object.entries(table)) {
    describe(key, () => {
      const rule = () => ruleSet.rules.find((r) => r.id === ruleIdOf(key, new Set(ruleSet.rules.map((x) => x.id))))!;
      it("holds", async () => {
        const r = rule();
        const outcome = await statusOf(r, cases.holds);
        const expected = r.check ? (r.onHold ?? "met") : "needs-review";
        expect(outcome.status, outcome.message).toBe(expected);
      });
      if (cases.fails) {
        it("does not hold", async () => {
          const r = rule();
          const outcome = await statusOf(r, cases.fails!);
          expect(outcome.status, outcome.message).toBe(r.onFail ?? "gap");
          expect(outcome.evidence.length).toBeGreaterThan(0);
          expect(outcome.message).not.toMatch(/\{\{/);
        });
      }
      if (cases.na) {
        it("does not apply", async () => {
          const outcome = await statusOf(rule(), cases.na!);
          expect(outcome.status, outcome.message).toBe("not-applicable");
        });
      }
    });
  }
});
