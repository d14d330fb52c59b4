/**
 * Table tests for rules/nist-ir-8425 (device and non-technical outcomes of the consumer IoT baseline), on
 * acme-home-hub.yaml, partner-home-hub.yaml and minimal.yaml, plus the programme-status note of the report.
 */
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../src/crosswalk/catalog.js";
import { assessFindings } from "../../src/rules/evaluate.js";
import { PARTNER_SCOPES } from "../../src/rules/partner-scopes.js";
import {
  decl,
  del,
  factsFor,
  loadPartnerRules,
  NO_SBOM,
  OK,
  on,
  type RuleCases,
  ruleTable,
  set,
} from "./partner-fixtures.js";

const FW = "nist-ir-8425";
const notApplicable = (letter: string) =>
  decl(set(`securityProperties.${letter}`, { status: "not-applicable", justification: "Not relevant here." }));
const notImplemented = (letter: string) => decl(set(`securityProperties.${letter}`, { status: "not-implemented" }));

function table(): Record<string, RuleCases> {
  return {
    "IR8425-AI-1-IDENTIFICATION": { holds: OK, fails: decl(del("product.serialOrBatchScheme")) },
    "IR8425-AI-1-IDENTIFICATION-NO-MODEL": {
      holds: decl(del("product.model")),
      fails: decl(del("product.model"), del("product.identifiers")),
    },
    "IR8425-AI-2-INVENTORY": { holds: OK },
    "IR8425-PC-1-CONFIGURATION": { holds: OK, fails: notImplemented("2d"), na: notApplicable("2d") },
    "IR8425-PC-2-RESET": { holds: OK, fails: decl(set("defaults.factoryReset", false)) },
    "IR8425-PC-3-APPLY": { holds: OK },
    "IR8425-DP-1-3-DATA-PROTECTION": { holds: OK, fails: notImplemented("2f") },
    "IR8425-DP-1-3-DATA-PROTECTION-UNDECLARED": { holds: OK, fails: decl(del("securityProperties.2e")) },
    "IR8425-DP-2-DELETE": { holds: OK, fails: notImplemented("2m"), na: notApplicable("2m") },
    "IR8425-IAC-1A-INTERFACES": { holds: OK, fails: notImplemented("2j"), na: notApplicable("2j") },
    "IR8425-IAC-ACCESS-CONTROL": { holds: OK, fails: decl(del("securityProperties.2d")), na: notApplicable("2d") },
    "IR8425-IAC-2A-VALIDATION": { holds: OK, fails: notImplemented("2f"), na: notApplicable("2f") },
    "IR8425-SU-1-VERIFIED-UPDATES": { holds: OK, fails: decl(set("updates.signed", false)) },
    "IR8425-SU-1-VERIFIED-UPDATES-NONE": { holds: OK, fails: decl(set("updates.mechanism", "none")) },
    "IR8425-SU-2-UP-TO-DATE": {
      holds: decl(set("updates.mechanism", "manual")),
      fails: decl(set("updates.mechanism", "manual"), set("updates.notifyUsers", false)),
    },
    "IR8425-CSA-1-STATE-RECORDING": { holds: OK, fails: notImplemented("2l"), na: notApplicable("2l") },
    "IR8425-DOC-1A-ASSUMPTIONS": { holds: OK, fails: decl(del("documentation.riskAssessment")) },
    "IR8425-DOC-1B-COMPONENTS": { holds: OK, fails: NO_SBOM },
    "IR8425-DOC-1C-CRITERIA": { holds: OK, fails: decl(del("securityProperties.2h")) },
    "IR8425-DOC-1D-DESIGN": { holds: OK, fails: decl(del("documentation.technicalDocumentation")) },
    "IR8425-DOC-1E-MAINTENANCE": { holds: OK },
    "IR8425-DOC-1F-LIFECYCLE": { holds: OK },
    "IR8425-DOC-1G-VULNERABILITY-POLICY": { holds: OK, fails: decl(del("reporting.psirtProcessDocument")) },
    "IR8425-IQR-1A-CONTACT": { holds: OK, fails: decl(del("vulnerabilityHandling.contact")) },
    "IR8425-IQR-1B-QUERIES": { holds: OK, fails: decl(set("vulnerabilityHandling.singlePointOfContact", [])) },
    "IR8425-ID-1A-UPDATE-NOTICES": { holds: OK, fails: decl(set("updates.notifyUsers", false)) },
    "IR8425-ID-1B-END-OF-SUPPORT": { holds: OK, fails: decl(set("supportPeriod.endOfSupportNotification", false)) },
    "IR8425-ID-1C-MAINTENANCE-NOTICES": { holds: OK },
    "IR8425-ID-1D-VULNERABILITY-NOTICES": { holds: OK, fails: decl(del("vulnerabilityHandling.advisoriesUrl")) },
    "IR8425-ID-1E-BREACH-NOTICES": { holds: OK },
    "IR8425-ID-2-ECOSYSTEM": { holds: OK, fails: decl(set("vulnerabilityHandling.advisoryFormat", "html")) },
    "IR8425-PEA-1A-SECURITY-FEATURES": { holds: OK, fails: decl(del("documentation.instructions.secureUse")) },
    "IR8425-PEA-1B-LIFETIME": { holds: OK, fails: decl(del("documentation.instructions.installingUpdates")) },
    "IR8425-PEA-1C-DISPOSAL": { holds: OK, fails: decl(del("documentation.instructions.secureDecommissioning")) },
    "IR8425-PEA-1D-OPTIONS": { holds: OK },
    "IR8425-PEA-1E-PURCHASE-INFORMATION": { holds: on("acme"), fails: on("minimal") },
  };
}

ruleTable(FW, table);

describe("nist-ir-8425 findings", () => {
  it("covers every outcome with a rule, gaps at medium (guidance), and notes the programme's status", async () => {
    const catalog = getCatalog(FW)!;
    const ruleSet = await loadPartnerRules(FW);
    const facts = factsFor(on("minimal"));
    const list = await assessFindings({ catalog, ruleSet, scope: PARTNER_SCOPES[FW]!, facts });
    expect(list.length).toBe(catalog.requirements.length);
    expect(list.every((f) => f.rules.length > 0)).toBe(true);
    const gaps = list.filter((f) => f.status === "gap");
    expect(gaps.length).toBeGreaterThan(15);
    expect(new Set(gaps.map((f) => f.severity))).toEqual(new Set(["medium"]));
    expect(new Set(list.map((f) => f.sourceKind))).toEqual(new Set(["guidance"]));
    expect(PARTNER_SCOPES[FW]!.notes(facts).join(" ")).toMatch(/operationally stalled/);
  });

  it("keeps a holding claim on a property IR 8425 only overlaps for review, not met", async () => {
    const catalog = getCatalog(FW)!;
    const ruleSet = await loadPartnerRules(FW);
    const list = await assessFindings({ catalog, ruleSet, scope: PARTNER_SCOPES[FW]!, facts: factsFor(on("acme")) });
    const byId = new Map(list.map((f) => [f.requirement, f]));
    expect(byId.get("IR8425-IAC-1b")!.status).toBe("met");
    expect(byId.get("IR8425-CSA-1")!.status).toBe("needs-review");
    expect(byId.get("IR8425-DP-1")!.status).toBe("needs-review");
  });
});
