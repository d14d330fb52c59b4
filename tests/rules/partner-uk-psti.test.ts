/**
 * Table tests for rules/uk-psti (Schedules 1, 2 and 4 of S.I. 2023/1007 as amended), on
 * tests/fixtures/declarations/partner-home-hub.yaml (every rule holds or is out of its `applies`) and minimal.yaml,
 * plus findings-level checks: direct evidence of a shared password beats a label, and label routes need a current
 * label on the assessment date.
 */
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../src/crosswalk/catalog.js";
import { assessFindings } from "../../src/rules/evaluate.js";
import { assessEveryRequirement } from "../../src/rules/scope.js";
import {
  decl,
  del,
  factsFor,
  loadPartnerRules,
  OK,
  on,
  type PartnerCase,
  provision,
  type RuleCases,
  ruleTable,
  set,
} from "./partner-fixtures.js";

const SOC = "pstiStatementOfCompliance";
const cls = (overrides: Record<string, unknown> = {}) => ({
  scheme: "sg-cls",
  level: "L2",
  certificateId: "CLS-2027-0042",
  issuer: "Cyber Security Agency of Singapore",
  assurance: "third-party",
  validFrom: "2027-01-01",
  validUntil: "2030-01-01",
  ...overrides,
});
const jcStar = (overrides: Record<string, unknown> = {}) => ({
  scheme: "jp-jc-star",
  level: "★1",
  certificateId: "JCS-1-0007",
  issuer: "IPA",
  assurance: "self",
  validFrom: "2026-06-01",
  validUntil: "2029-05-31",
  ...overrides,
});
const withCls = set("certifications", [cls()]);
const icsV2 = (answers: Record<string, Record<string, unknown>>) =>
  set("etsiIcs", { version: "2.1.1", provisions: answers });
const yes = { answer: "yes", evidence: ["doc-ics"] };
const NOT_UPDATABLE = set("updates.mechanism", "none");

function table(): Record<string, RuleCases> {
  return {
    "UKPSTI-S1-1-2-PASSWORDS": {
      holds: OK,
      fails: decl(set("defaults.credentials", "shared-default")),
      na: decl(set("defaults.credentials", "none")),
    },
    "UKPSTI-S1-1-2-PASSWORDS-UNDECLARED": { holds: OK, fails: decl(del("defaults.credentials")) },
    "UKPSTI-S1-1-2-PASSWORDS-VIA-ETSI-V211": {
      holds: decl(del("defaults.credentials"), icsV2({ "5.1-1": yes, "5.1-2": yes })),
      fails: decl(del("defaults.credentials"), icsV2({ "5.1-1": yes, "5.1-2": { answer: "no" } })),
    },
    "UKPSTI-S1-1-2-PASSWORDS-VIA-LABEL": {
      holds: decl(del("defaults.credentials"), withCls),
      // S.I. 2025/1267 is in force from 2025-12-04: a label is no route before that.
      fails: {
        decl: [del("defaults.credentials"), set("certifications", [cls({ validFrom: "2025-01-01" })])],
        asOf: "2025-06-01",
      },
    },
    "UKPSTI-S1-1-2-NO-SHARED-DEFAULT": { holds: OK, fails: decl(set("defaults.credentials", "shared-default")) },
    "UKPSTI-S1-1-3-NOT-GUESSABLE": {
      holds: OK,
      fails: decl(del(provision("5.1-2"))),
      na: decl(set("defaults.credentials", "user-set-at-first-use")),
    },
    "UKPSTI-S1-1-3-NOT-GUESSABLE-VIA-LABEL": {
      holds: decl(del(provision("5.1-2")), set("certifications", [jcStar()])),
    },
    "UKPSTI-S1-1-3-ICS-NO": {
      holds: OK,
      fails: decl(set(provision("5.1-2"), { answer: "no", justification: "Derived from the serial number." })),
      na: decl(set("defaults.credentials", "user-set-at-first-use")),
    },
    "UKPSTI-S1-2-2-REPORTING": { holds: OK, fails: decl(del("vulnerabilityHandling.reporterExpectations")) },
    "UKPSTI-S1-2-2-REPORTING-UNPUBLISHED": {
      holds: OK,
      fails: decl(del("vulnerabilityHandling.cvdPolicyUrl"), del("vulnerabilityHandling.contact.securityTxtUrl")),
    },
    "UKPSTI-S1-2-2-REPORTING-VIA-ETSI-V211": {
      holds: decl(del("vulnerabilityHandling.reporterExpectations"), icsV2({ "5.2-1": yes })),
    },
    "UKPSTI-S1-2-3-ACCESSIBLE": { holds: OK, na: decl(withCls) },
    "UKPSTI-S1-3-2-SUPPORT-PERIOD": {
      holds: OK,
      fails: decl(del("supportPeriod.publicationUrl")),
      na: decl(NOT_UPDATABLE),
    },
    "UKPSTI-S1-3-2-SUPPORT-PERIOD-VIA-ETSI-V211": {
      holds: decl(del("supportPeriod.publicationUrl"), icsV2({ "5.3-13": yes })),
    },
    "UKPSTI-S1-3-3-EXTENSION": { holds: OK, na: decl(NOT_UPDATABLE) },
    "UKPSTI-S1-3-3-EXTENSION-LABEL": { holds: OK, na: decl(set("certifications", [jcStar()])) },
    "UKPSTI-S1-3-4-ACCESSIBLE": { holds: OK, na: decl(NOT_UPDATABLE) },
    "UKPSTI-S1-3-5-INVITATION-TO-PURCHASE": { holds: OK, na: decl(withCls) },
    "UKPSTI-S1-3-6-NOT-SHORTENED": {
      holds: OK,
      fails: decl(set("supportPeriod.end", "2033-12")),
      na: decl(del(`${SOC}.definedSupportPeriod`)),
    },
    // "2034-03" ends on the last day of March, so it is the same end as 2034-03-31, not a shortening.
    "UKPSTI-S1-3-6-NOT-SHORTENED-MONTH-PRECISION": {
      holds: decl(set(`${SOC}.definedSupportPeriod.end`, "2034-03-31")),
      fails: decl(set(`${SOC}.definedSupportPeriod.end`, "2034-04")),
    },
    "UKPSTI-S1-3-6-REVIEW": { holds: decl(del(`${SOC}.definedSupportPeriod.end`)), na: OK },
    "UKPSTI-S2-1-A-ETSI-PASSWORDS": {
      holds: decl(
        set(`${SOC}.complianceBasis.passwords`, "etsi-en-303-645@2.1.1"),
        icsV2({ "5.1-1": yes, "5.1-2": yes }),
      ),
      // Relying on the V2.1.1 route with a V3.1.3 ICS does not show it.
      fails: decl(set(`${SOC}.complianceBasis.passwords`, "etsi-en-303-645@2.1.1")),
      na: OK,
    },
    // With no basis stated, a V2.1.1 ICS on file is read as relying on condition A; a stated other basis is not.
    "UKPSTI-S2-1-A-ETSI-PASSWORDS-BASIS-UNSTATED": {
      holds: decl(del(`${SOC}.complianceBasis`), icsV2({ "5.1-1": yes, "5.1-2": yes })),
      fails: decl(del(`${SOC}.complianceBasis`), icsV2({ "5.1-1": { answer: "no" } })),
      na: decl(icsV2({ "5.1-1": { answer: "no" } })),
    },
    "UKPSTI-S2-2-A-ETSI-OR-ISO-REPORTING": {
      holds: decl(del(`${SOC}.complianceBasis`), icsV2({ "5.2-1": yes })),
      fails: decl(
        set(`${SOC}.complianceBasis.vulnerabilityReporting`, "iso-iec-29147"),
        del("vulnerabilityHandling.reporterExpectations"),
      ),
      na: OK,
    },
    "UKPSTI-S2-2-A-ETSI-OR-ISO-REPORTING-ISO": {
      holds: decl(set(`${SOC}.complianceBasis.vulnerabilityReporting`, "iso-iec-29147")),
    },
    "UKPSTI-S2-3-A-ETSI-SUPPORT": {
      holds: decl(set(`${SOC}.complianceBasis.supportPeriod`, "etsi-en-303-645@2.1.1"), icsV2({ "5.3-13": yes })),
      fails: decl(
        set(`${SOC}.complianceBasis.supportPeriod`, "etsi-en-303-645@2.1.1"),
        icsV2({ "5.3-13": { answer: "no", justification: "Not published yet." } }),
      ),
      na: OK,
    },
    "UKPSTI-S2-B-JC-STAR": {
      holds: decl(set("certifications", [jcStar()])),
      fails: decl(set("certifications", [jcStar({ validUntil: "2027-12-31" })])),
      na: OK,
    },
    "UKPSTI-S2-B-JC-STAR-NO-EXPIRY": {
      holds: decl(set("certifications", [jcStar()])),
      fails: decl(set("certifications", [jcStar({ validUntil: null })])),
    },
    // A ★2 label (or a label without level) is not the ★1 label the regulations name; relying on ★1 then fails.
    "UKPSTI-S2-B-JC-STAR-WRONG-LEVEL": {
      holds: decl(
        set("certifications", [jcStar({ level: "STAR-1" })]),
        set(`${SOC}.complianceBasis.passwords`, "jc-star-star-1"),
      ),
      fails: decl(
        set("certifications", [jcStar({ level: "star-2" })]),
        set(`${SOC}.complianceBasis.passwords`, "jc-star-star-1"),
      ),
    },
    "UKPSTI-S2-C-CLS": {
      holds: decl(withCls),
      fails: decl(set("certifications", [cls({ validFrom: "2029-01-01" })])),
      na: OK,
    },
    "UKPSTI-S2-C-CLS-RELIED-ON-WITHOUT-LABEL": {
      holds: decl(withCls, set(`${SOC}.complianceBasis.supportPeriod`, "sg-cls")),
      fails: decl(set(`${SOC}.complianceBasis.supportPeriod`, "sg-cls")),
    },
    "UKPSTI-REG4A-LABEL-STATEMENT": {
      holds: decl(withCls),
      fails: decl(set("certifications", [cls({ validUntil: "2028-02-29" })])),
      na: OK,
    },
    "UKPSTI-S4-A-PRODUCT": { holds: OK, fails: decl(del(`${SOC}.batch`)), na: decl(withCls) },
    "UKPSTI-S4-A-PRODUCT-MINIMAL": { holds: OK, fails: on("minimal") },
    "UKPSTI-S4-B-MANUFACTURERS": {
      holds: OK,
      fails: decl(set(`${SOC}.manufacturers`, [{ name: "Acme Devices GmbH" }])),
      na: decl(withCls),
    },
    "UKPSTI-S4-C-PREPARED-BY": {
      holds: OK,
      fails: decl(set(`${SOC}.preparedByOrForManufacturer`, false)),
      na: decl(withCls),
    },
    "UKPSTI-S4-D-COMPLIANCE-DECLARED": { holds: OK, fails: decl(del(`${SOC}.complianceDeclared`)), na: decl(withCls) },
    "UKPSTI-S4-E-SUPPORT-PERIOD": { holds: OK, fails: decl(del(`${SOC}.definedSupportPeriod`)), na: decl(withCls) },
    "UKPSTI-S4-F-SIGNATORY": { holds: OK, fails: decl(set(`${SOC}.signatory.signed`, false)), na: decl(withCls) },
    "UKPSTI-S4-G-PLACE-DATE": { holds: OK, fails: decl(del(`${SOC}.placeOfIssue`)), na: decl(withCls) },
    "UKPSTI-S4-2-STANDARDS": {
      holds: decl(
        set(`${SOC}.complianceBasis.passwords`, "etsi-en-303-645@2.1.1"),
        set(`${SOC}.standards`, [{ reference: "ETSI EN 303 645", version: "2.1.1", dateOfIssue: "2020-06-19" }]),
      ),
      fails: decl(set(`${SOC}.complianceBasis.passwords`, "etsi-en-303-645@2.1.1")),
      na: OK,
    },
    "UKPSTI-S4-2-STANDARDS-INCOMPLETE": {
      holds: decl(
        set(`${SOC}.standards`, [{ reference: "ISO/IEC 29147", version: "2018", dateOfIssue: "2018-10-01" }]),
      ),
      fails: decl(set(`${SOC}.standards`, [{ reference: "ETSI EN 303 645" }])),
    },
  };
}

ruleTable("uk-psti", table);

async function findings(c: PartnerCase) {
  const catalog = getCatalog("uk-psti")!;
  const ruleSet = await loadPartnerRules("uk-psti");
  const list = await assessFindings({ catalog, ruleSet, scope: assessEveryRequirement, facts: factsFor(c) });
  return new Map(list.map((f) => [f.requirement, f]));
}

describe("uk-psti findings", () => {
  it("gives one finding per catalog requirement, every one evidenced by a rule (none left to the generic manual review)", async () => {
    const byId = await findings(OK);
    expect(byId.size).toBe(getCatalog("uk-psti")!.requirements.length);
    for (const finding of byId.values()) {
      expect(finding.rules.length, finding.requirement).toBeGreaterThan(0);
      expect(finding.sourceKind).toBe("law");
    }
  });

  it("passes the fully evidenced fixture with no gap, and fails minimal.yaml at severity high", async () => {
    const good = [...(await findings(OK)).values()];
    expect(good.filter((f) => f.status === "gap")).toEqual([]);
    const bad = [...(await findings(on("minimal"))).values()].filter((f) => f.status === "gap");
    expect(bad.map((f) => f.requirement)).toEqual(
      expect.arrayContaining(["UKPSTI-S1-1.2", "UKPSTI-S1-2.2", "UKPSTI-S1-3.2", "UKPSTI-S4-a", "UKPSTI-S4-g"]),
    );
    expect(new Set(bad.map((f) => f.severity))).toEqual(new Set(["high"]));
  });

  it("never lets a label hide a declared shared default password", async () => {
    const byId = await findings(decl(withCls, set("defaults.credentials", "shared-default")));
    expect(byId.get("UKPSTI-S1-1.2")!.status).toBe("gap");
    expect(byId.get("UKPSTI-S1-1.2")!.message).toMatch(/shared default password/);
    // The label itself is current and meets the statement duty.
    expect(byId.get("UKPSTI-Reg4A")!.status).toBe("met");
    expect(byId.get("UKPSTI-S4-a")!.status).toBe("not-applicable");
  });

  it("says why an expired label counts for nothing", async () => {
    const byId = await findings(decl(set("certifications", [cls({ validUntil: "2027-06-30" })])));
    const route = byId.get("UKPSTI-S2-x-C")!;
    expect(route.status).toBe("gap");
    expect(route.message).toContain("CLS-2027-0042 expired on 2027-06-30");
  });
});
