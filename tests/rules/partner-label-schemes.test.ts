/**
 * Per-rule tables for the label schemes and editions assessable since every catalog got a rule set: JC-STAR ★1,
 * CLS(IoT) level additions, the German IT Security Label, Korea CIC, Australia's Smart Devices Rules, the Finnish
 * label, ETSI EN 303 645 V2.1.1 and BSI TR-03183-2 v2.0. Each row states the inputs and the outcome the scheme's
 * provision calls for, written from the scheme's published provision (the catalog's `source`), not read from the
 * rule. The ETSI-profile files of sg-cls and de-bsi-it-security-label are derived from the ETSI V3.1.3 rules
 * (scripts/derive-etsi-profile-rules.ts, checked fresh here) and are covered by tests/rules/partner-etsi.test.ts.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateRules } from "../../src/rules/evaluate.js";
import type { RuleSet } from "../../src/rules/loader.js";
import type { RuleOutcome } from "../../src/rules/types.js";
import {
  decl,
  del,
  factsFor,
  loadPartnerRules,
  NO_SBOM,
  OK,
  on,
  type PartnerCase,
  provision,
  sbomCase,
  set,
} from "./partner-fixtures.js";

type Status = RuleOutcome["status"];
type Row = [label: string, input: PartnerCase, expected: Status];

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const notImplemented = (letter: string) => set(`securityProperties.${letter}`, { status: "not-implemented" });
const testing = (...kinds: string[]) =>
  set(
    "vulnerabilityHandling.securityTesting",
    kinds.map((kind) => ({ kind, date: "2027-11-20" })),
  );

/**
 * Runs one table: every rule of the listed files must have rows, a rule with a check a row where it does not hold;
 * each row's outcome is compared with the status written in the row.
 */
function outcomeTable(framework: string, rows: Record<string, Row[]>, only?: (id: string) => boolean): void {
  let ruleSet: RuleSet;
  beforeAll(async () => {
    ruleSet = await loadPartnerRules(framework);
  });
  describe(`rules/${framework}`, () => {
    it("has rows for every rule, and a row where each check does not hold", () => {
      const missing: string[] = [];
      for (const rule of ruleSet.rules.filter((r) => !only || only(r.id))) {
        const cases = rows[rule.id];
        if (!cases) missing.push(`${rule.id}: no rows`);
        // A rule whose failing outcome equals its holding one (a review either way) cannot be told apart by status.
        else if (
          rule.check &&
          (rule.onFail ?? "gap") !== (rule.onHold ?? "met") &&
          cases.every(([, , status]) => status === (rule.onHold ?? "met"))
        )
          missing.push(`${rule.id}: no row where the check fails`);
      }
      expect(missing).toEqual([]);
    });
    for (const [id, cases] of Object.entries(rows)) {
      for (const [label, input, expected] of cases) {
        it(`${id}: ${label} → ${expected}`, async () => {
          const outcome = (await evaluateRules(ruleSet, factsFor(input))).get(id);
          expect(outcome, `no rule ${id}`).toBeDefined();
          expect(outcome!.status, outcome!.message).toBe(expected);
          expect(outcome!.message).not.toMatch(/\{\{/);
        });
      }
    }
  });
}

// JC-STAR ★1 (§4.1, §13.1): self-declared checklist; criteria with a declaration field are read from it, device tests
// and unretrieved criteria are review items.
outcomeTable("jp-jc-star", {
  "JCSTAR-01-ACCESS-CONTROL": [
    ["access control implemented with evidence: the document review is a person's", OK, "needs-review"],
    ["access control declared not implemented", decl(notImplemented("2d")), "gap"],
    ["access control not answered", decl(del("securityProperties.2d")), "gap"],
  ],
  "JCSTAR-02-DEFAULT-PASSWORD": [
    ["per-device unique default passwords", OK, "met"],
    ["the user sets the password at first use", decl(set("defaults.credentials", "user-set-at-first-use")), "met"],
    ["one default password shared by all devices", decl(set("defaults.credentials", "shared-default")), "gap"],
    ["credentials not declared", decl(del("defaults.credentials")), "gap"],
    ["no passwords at all", decl(set("defaults.credentials", "none")), "not-applicable"],
  ],
  "JCSTAR-02-GENERATION": [
    ["per-device passwords: how they are generated is reviewed", OK, "needs-review"],
    [
      "user-set passwords have no generation scheme",
      decl(set("defaults.credentials", "user-set-at-first-use")),
      "not-applicable",
    ],
  ],
  "JCSTAR-03-CHANGE-AUTHENTICATION": [["no declaration field: review", OK, "needs-review"]],
  "JCSTAR-04-BRUTE-FORCE": [["device test: review", OK, "needs-review"]],
  "JCSTAR-05-DISCLOSURE-POLICY": [
    ["policy, contact, 5-day acknowledgement, 14-day updates", OK, "met"],
    ["no acknowledgement timeline", decl(del("vulnerabilityHandling.reporterExpectations.acknowledgementDays")), "gap"],
    ["no policy URL", decl(del("vulnerabilityHandling.cvdPolicyUrl")), "gap"],
    ["minimal declaration", on("minimal"), "gap"],
  ],
  "JCSTAR-06-UPDATABLE": [
    ["automatic updates (criterion wording partly retrieved)", OK, "needs-review"],
    ["the software cannot be updated", decl(set("updates.mechanism", "none")), "gap"],
  ],
  "JCSTAR-07-UPDATE-PROCEDURE": [
    ["update instructions published", OK, "needs-review"],
    ["no update instructions", decl(del("documentation.instructions.installingUpdates")), "gap"],
  ],
  "JCSTAR-08-UPDATE-INTEGRITY": [
    ["signed and verified updates", OK, "met"],
    ["unsigned updates", decl(set("updates.signed", false)), "gap"],
    ["no update mechanism", decl(set("updates.mechanism", "none")), "not-applicable"],
  ],
  "JCSTAR-09-UNRETRIEVED": [["criterion not retrieved: review", OK, "needs-review"]],
  "JCSTAR-10-MODEL-NUMBER": [
    ["model AH-100", OK, "met"],
    ["no model", decl(del("product.model")), "gap"],
  ],
  "JCSTAR-11-SECURE-STORAGE": [
    ["confidentiality implemented", OK, "needs-review"],
    ["confidentiality not implemented", decl(notImplemented("2e")), "gap"],
  ],
  "JCSTAR-12-TRANSIT": [
    ["confidentiality implemented", OK, "needs-review"],
    ["confidentiality not implemented", decl(notImplemented("2e")), "gap"],
  ],
  "JCSTAR-13-INTERFACES": [
    ["unneeded services disabled", OK, "needs-review"],
    ["unneeded services left on", decl(set("defaults.unnecessaryServicesDisabled", false)), "gap"],
  ],
  "JCSTAR-13-VULNERABILITY-SCAN": [
    ["a vulnerability scan is declared", decl(testing("vulnerability-scan")), "needs-review"],
    ["only a penetration test is declared", OK, "gap"],
  ],
  "JCSTAR-14-OUTAGE": [["device test: review", OK, "needs-review"]],
  "JCSTAR-15-DATA-DELETION": [
    ["factory reset", OK, "needs-review"],
    [
      "no reset and data removal not implemented",
      decl(set("defaults.factoryReset", false), notImplemented("2m")),
      "gap",
    ],
  ],
  "JCSTAR-16-PRODUCT-INFORMATION": [
    ["support period published", OK, "needs-review"],
    [
      "support period not published: content inferred, so review",
      decl(del("supportPeriod.publicationUrl")),
      "needs-review",
    ],
  ],
});

// CLS(IoT) L3/L4 additions (§5, §13.2): third-party evidence the declaration can name but not show.
outcomeTable(
  "sg-cls",
  {
    "SGCLS-L3-SECURITY-BY-DESIGN": [
      ["risk assessment and technical documentation", OK, "needs-review"],
      ["no risk assessment", decl(del("documentation.riskAssessment")), "gap"],
    ],
    "SGCLS-L3-BINARY-ANALYSIS": [
      ["binary analysis and an SBOM", decl(testing("binary-analysis", "penetration-test")), "needs-review"],
      ["binary analysis without an SBOM", { ...decl(testing("binary-analysis")), sbom: () => null }, "gap"],
      ["only a penetration test", OK, "gap"],
    ],
    "SGCLS-L4-PENETRATION-TEST": [
      ["a penetration test is declared", OK, "needs-review"],
      ["only static analysis", decl(testing("sast")), "gap"],
    ],
  },
  (id) => id.startsWith("SGCLS-L"),
);

// German IT Security Label (§6.1): manufacturer declaration for a stated period; BSI's page comes with the label.
outcomeTable(
  "de-bsi-it-security-label",
  {
    "DEBSI-DECL-PERIOD": [
      ["support period to 2034-03 declared", OK, "needs-review"],
      ["no support period", decl(del("supportPeriod.end")), "gap"],
    ],
    "DEBSI-INFO-PAGE": [["created by BSI with the label: review", OK, "needs-review"]],
  },
  (id) => id.startsWith("DEBSI-DECL") || id.startsWith("DEBSI-INFO"),
);

// Korea CIC (§6.3, §13.3): areas only; a declaration can contradict an area, never show its items.
outcomeTable("kr-iot-cic", {
  "KRCIC-IA-DECLARED": [
    ["access control implemented, unique passwords", OK, "met"],
    ["shared default password", decl(set("defaults.credentials", "shared-default")), "gap"],
    ["access control not answered", decl(del("securityProperties.2d")), "gap"],
  ],
  "KRCIC-IA-LAB-TEST": [["lab-tested items: review", OK, "needs-review"]],
  "KRCIC-DP-DECLARED": [
    ["confidentiality and integrity implemented", OK, "met"],
    ["integrity not implemented", decl(notImplemented("2f")), "gap"],
  ],
  "KRCIC-DP-LAB-TEST": [["lab-tested items: review", OK, "needs-review"]],
  "KRCIC-CR-DECLARED": [
    ["confidentiality implemented", OK, "met"],
    ["confidentiality not implemented", decl(notImplemented("2e")), "gap"],
  ],
  "KRCIC-CR-LAB-TEST": [["approved algorithms: review", OK, "needs-review"]],
  "KRCIC-SW-DECLARED": [
    ["integrity and exploit mitigation implemented", OK, "met"],
    ["exploit mitigation not implemented", decl(notImplemented("2k")), "gap"],
  ],
  "KRCIC-SW-LAB-TEST": [["lab-tested items: review", OK, "needs-review"]],
  "KRCIC-UP-DECLARED": [
    ["signed automatic updates", OK, "met"],
    ["no update mechanism", decl(set("updates.mechanism", "none")), "gap"],
    ["unsigned updates", decl(set("updates.signed", false)), "gap"],
  ],
  "KRCIC-UP-LAB-TEST": [["lab-tested items: review", OK, "needs-review"]],
  "KRCIC-NW-DECLARED": [
    ["attack surface limited, services off", OK, "met"],
    ["unneeded services left on", decl(set("defaults.unnecessaryServicesDisabled", false)), "gap"],
  ],
  "KRCIC-NW-LAB-TEST": [["lab-tested items: review", OK, "needs-review"]],
  "KRCIC-HW-DECLARED": [
    ["attack surface limited", OK, "met"],
    ["attack surface limitation not implemented", decl(notImplemented("2j")), "gap"],
  ],
  "KRCIC-HW-LAB-TEST": [["lab-tested items: review", OK, "needs-review"]],
});

// Australia, Smart Devices Rules 2025 Schedule 1 (§6.4): mirrors UK PSTI Schedule 1; law, so gaps are high.
outcomeTable("au-smart-devices", {
  "AU-SD-2-PASSWORDS": [
    ["unique per device", OK, "met"],
    ["shared default", decl(set("defaults.credentials", "shared-default")), "gap"],
    ["no passwords", decl(set("defaults.credentials", "none")), "not-applicable"],
  ],
  "AU-SD-2-GUESSABILITY": [
    ["unique per device: generation reviewed", OK, "needs-review"],
    ["user-defined", decl(set("defaults.credentials", "user-set-at-first-use")), "not-applicable"],
  ],
  "AU-SD-3-REPORTING": [
    ["policy, contact and both timelines", OK, "met"],
    ["no status-update timeline", decl(del("vulnerabilityHandling.reporterExpectations.statusUpdateDays")), "gap"],
  ],
  "AU-SD-4-SUPPORT-PERIOD": [
    ["end and publication declared", OK, "met"],
    ["end not declared", decl(del("supportPeriod.end")), "gap"],
  ],
  "AU-SD-SOC-STATEMENT": [["no declaration field: review", OK, "needs-review"]],
});

// Finnish label (§6.2): areas only, third-party inspection.
outcomeTable("fi-traficom-label", {
  "FI-PASSWORDS-DECLARED": [
    ["access control and unique passwords", OK, "met"],
    ["shared default password", decl(set("defaults.credentials", "shared-default")), "gap"],
  ],
  "FI-PASSWORDS-INSPECTION": [["inspection: review", OK, "needs-review"]],
  "FI-UPDATES-DECLARED": [
    ["automatic updates to 2034-03", OK, "met"],
    ["no support period", decl(del("supportPeriod.end")), "gap"],
  ],
  "FI-UPDATES-INSPECTION": [["inspection: review", OK, "needs-review"]],
  "FI-PRIVACY-DECLARED": [
    ["user information published", OK, "met"],
    ["minimal declaration", on("minimal"), "gap"],
  ],
  "FI-PRIVACY-INSPECTION": [["inspection: review", OK, "needs-review"]],
  "FI-TRANSFER-STORAGE-DECLARED": [
    ["confidentiality and integrity", OK, "met"],
    ["confidentiality not implemented", decl(notImplemented("2e")), "gap"],
  ],
  "FI-TRANSFER-STORAGE-INSPECTION": [["inspection: review", OK, "needs-review"]],
  "FI-NETWORK-DECLARED": [
    ["services off, attack surface limited", OK, "met"],
    ["services not declared off", decl(del("defaults.unnecessaryServicesDisabled")), "gap"],
  ],
  "FI-NETWORK-INSPECTION": [["inspection: review", OK, "needs-review"]],
  "FI-DEFAULTS-DECLARED": [
    ["secure by default implemented", OK, "met"],
    ["secure by default not implemented", decl(notImplemented("2b")), "gap"],
  ],
  "FI-DEFAULTS-INSPECTION": [["inspection: review", OK, "needs-review"]],
});

// ETSI EN 303 645 V2.1.1 (UK PSTI Schedule 2 condition A): answers of a V2.1.1 ICS, never of a V3.1.3 one.
const v2 = (answers: Record<string, unknown>) => decl(set("etsiIcs", { version: "2.1.1", provisions: answers }));
const yes = { answer: "yes", evidence: ["doc-ics"] };
const allYes = { "5.1-1": yes, "5.1-2": yes, "5.2-1": yes, "5.3-13": yes };
outcomeTable("etsi-en-303-645@2.1.1", {
  "ETSI211-5-1-1-CREDENTIALS": [
    ["unique per device", OK, "met"],
    ["shared default", decl(set("defaults.credentials", "shared-default")), "gap"],
    ["no passwords", decl(set("defaults.credentials", "none")), "not-applicable"],
  ],
  "ETSI211-5-2-1-DISCLOSURE-POLICY": [
    ["complete policy", OK, "met"],
    ["no timelines", decl(del("vulnerabilityHandling.reporterExpectations")), "gap"],
  ],
  "ETSI211-5-3-13-SUPPORT-PERIOD": [
    ["published", OK, "met"],
    ["not published", decl(del("supportPeriod.publicationUrl")), "gap"],
  ],
  "ETSI211-5-1-1-ICS": [
    ["V2.1.1 ICS answers yes", v2(allYes), "met"],
    ["V2.1.1 ICS answers no", v2({ ...allYes, "5.1-1": { answer: "no", justification: "Legacy." } }), "gap"],
    ["only a V3.1.3 ICS is on file", OK, "not-applicable"],
  ],
  "ETSI211-5-1-1-EVIDENCE": [
    ["yes with evidence", v2(allYes), "met"],
    ["yes without evidence", v2({ ...allYes, "5.1-1": { answer: "yes" } }), "needs-review"],
    ["no V2.1.1 answer", OK, "not-applicable"],
  ],
  "ETSI211-5-1-2-ICS": [
    ["V2.1.1 ICS answers yes", v2(allYes), "met"],
    ["not answered in the V2.1.1 ICS", v2({ "5.1-1": yes }), "gap"],
    [
      "user-set passwords: no pre-installed ones",
      decl(set("defaults.credentials", "user-set-at-first-use")),
      "not-applicable",
    ],
  ],
  "ETSI211-5-1-2-EVIDENCE": [
    ["yes with evidence", v2(allYes), "met"],
    ["yes without evidence", v2({ ...allYes, "5.1-2": { answer: "yes" } }), "needs-review"],
    ["no V2.1.1 answer", OK, "not-applicable"],
  ],
  "ETSI211-5-2-1-ICS": [
    ["V2.1.1 ICS answers yes", v2(allYes), "met"],
    ["answered no", v2({ ...allYes, "5.2-1": { answer: "no", justification: "x" } }), "gap"],
  ],
  "ETSI211-5-2-1-EVIDENCE": [
    ["yes with evidence", v2(allYes), "met"],
    ["yes without evidence", v2({ ...allYes, "5.2-1": { answer: "yes" } }), "needs-review"],
    ["no V2.1.1 answer", OK, "not-applicable"],
  ],
  "ETSI211-5-3-13-ICS": [
    ["V2.1.1 ICS answers yes", v2(allYes), "met"],
    ["answered no", v2({ ...allYes, "5.3-13": { answer: "no", justification: "x" } }), "gap"],
  ],
  "ETSI211-5-3-13-EVIDENCE": [
    ["yes with evidence", v2(allYes), "met"],
    ["yes without evidence", v2({ ...allYes, "5.3-13": { answer: "yes" } }), "needs-review"],
    ["no V2.1.1 answer", OK, "not-applicable"],
  ],
});

// BSI TR-03183-2 v2.0.0 (§7.4): where v2.0 differs from v2.1 (format floor, dependencies, licence fields).
// The complete fixture uses CycloneDX 1.6 fields; an older spec version needs an SBOM written for it.
const withSpec = (version: string) =>
  sbomCase(() => ({
    bomFormat: "CycloneDX",
    specVersion: version,
    version: 1,
    metadata: { component: { type: "firmware", name: "Acme Home Hub", version: "2.3.0", "bom-ref": "root" } },
    components: [],
  }));
/** The same firmware as an SPDX 3.0.0 and an SPDX 3.0.1 document (tests/fixtures/spdx/own). */
const spdx3 = (version: "3.0.0" | "3.0.1") =>
  sbomCase(() =>
    JSON.parse(
      readFileSync(
        fileURLToPath(new URL(`../fixtures/spdx/own/acme-gateway-${version}.spdx3.json`, import.meta.url)),
        "utf8",
      ),
    ),
  );
outcomeTable(
  "bsi-tr-03183-2@2.0",
  {
    "BSI-FMT-1-SPEC-VERSION": [
      ["CycloneDX 1.6", OK, "met"],
      ["CycloneDX 1.5 is enough for v2.0", withSpec("1.5"), "met"],
      ["SPDX 3.0.0 is later than 2.2.1", spdx3("3.0.0"), "met"],
      ["CycloneDX 1.4", withSpec("1.4"), "gap"],
      ["no SBOM", NO_SBOM, "not-applicable"],
    ],
    "BSI-C-5-DEPENDENCIES": [
      ["every component has a dependencies entry", OK, "met"],
      ["no completeness statement needed in v2.0", sbomCase((s) => ({ ...s, compositions: undefined })), "met"],
      [
        "a component without a dependencies entry",
        sbomCase((s) => ({ ...s, dependencies: s.dependencies.slice(0, -1) })),
        "gap",
      ],
    ],
    "BSI-C-6-ASSOCIATED-LICENCE": [
      ["every component names a licence", OK, "met"],
      [
        "a component without licences",
        sbomCase((s) => ({
          ...s,
          components: s.components.map((c: Record<string, unknown>, i: number) =>
            i === 0 ? { ...c, licenses: undefined } : c,
          ),
        })),
        "gap",
      ],
    ],
  },
  (id) => ["BSI-FMT-1-SPEC-VERSION", "BSI-C-5-DEPENDENCIES", "BSI-C-6-ASSOCIATED-LICENCE"].includes(id),
);
// v2.1 §4 raised the SPDX floor to 3.0.1.
outcomeTable(
  "bsi-tr-03183-2@2.1",
  {
    "BSI-FMT-1-SPEC-VERSION": [
      ["SPDX 3.0.1", spdx3("3.0.1"), "met"],
      ["SPDX 3.0.0 is older than 3.0.1", spdx3("3.0.0"), "gap"],
    ],
  },
  (id) => id === "BSI-FMT-1-SPEC-VERSION",
);

describe("derived ETSI-profile rule files", () => {
  it("are what scripts/derive-etsi-profile-rules.ts makes of the ETSI V3.1.3 rules", () => {
    // Exits 1 and names the stale file when a derived file no longer matches its source.
    expect(() =>
      execFileSync(process.execPath, ["--import", "tsx", "scripts/derive-etsi-profile-rules.ts", "--check"], {
        cwd: ROOT,
        stdio: "pipe",
      }),
    ).not.toThrow();
  });

  it("ask CLS and German-label holders for the same evidence the ETSI rule set asks for", async () => {
    const [etsi, cls, de] = await Promise.all(
      ["etsi-en-303-645@3.1.3", "sg-cls", "de-bsi-it-security-label"].map(loadPartnerRules),
    );
    const input = decl(set(provision("5.1-5"), { answer: "no", justification: "Resource constraint." }));
    const [a, b, c] = await Promise.all([etsi!, cls!, de!].map((rs) => evaluateRules(rs, factsFor(input))));
    // 5.1-5 is mandatory under condition C(14): a justified "no" is a gap in all three.
    expect(a!.get("ETSI-5-1-5-ICS")?.status).toBe("gap");
    expect(b!.get("SGCLS-5-1-5-ICS")?.status).toBe("gap");
    expect(c!.get("DEBSI-5-1-5-ICS")?.status).toBe("gap");
  });
});
