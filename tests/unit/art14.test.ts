import { describe, expect, it } from "vitest";
import { validateCsaf } from "../../src/advisories/csaf.js";
import {
  type Art14Event,
  art14Status,
  coordinatorCsirt,
  draftReport,
  draftUserAdvisory,
  plusOneMonth,
} from "../../src/domain/art14.js";

function event(overrides: Partial<Art14Event> = {}): Art14Event {
  return {
    id: "evt-1",
    organizationId: "org-acme",
    kind: "actively-exploited-vulnerability",
    title: "Remote code execution in the hub's web UI",
    product: { name: "Acme Home Hub", version: "2.3.0", identifiers: ["pkg:generic/acme/home-hub-firmware@2.3.0"] },
    awareAt: "2026-10-01T08:00:00.000Z",
    reports: [],
    manufacturer: {
      name: "Acme Devices GmbH",
      website: "https://acme.example",
      enterpriseSize: "medium",
      mainEstablishment: "DE",
    },
    vulnerabilityIds: ["CVE-2026-12345"],
    memberStatesAvailable: ["DE", "FR"],
    measuresTaken: [],
    measuresForUsers: [],
    ...overrides,
  };
}

const byStage = (e: Art14Event, asOf: string) =>
  Object.fromEntries(art14Status(e, asOf).deadlines.map((d) => [d.stage, d]));

describe("Art. 14 deadlines", () => {
  it("computes 24 h, 72 h, and waits for a measure before the final report's clock starts", () => {
    const d = byStage(event(), "2026-10-01T12:00:00.000Z");
    expect(d["early-warning"]).toMatchObject({ dueAt: "2026-10-02T08:00:00.000Z", state: "due" });
    expect(d.notification).toMatchObject({ dueAt: "2026-10-04T08:00:00.000Z", state: "due" });
    expect(d["final-report"]?.state).toBe("waiting");
    expect(d["final-report"]?.dueAt).toBeUndefined();
  });

  it("is overdue one millisecond after the deadline, and due exactly at it", () => {
    expect(byStage(event(), "2026-10-02T08:00:00.000Z")["early-warning"]?.state).toBe("due");
    expect(byStage(event(), "2026-10-02T08:00:00.001Z")["early-warning"]?.state).toBe("overdue");
    expect(art14Status(event(), "2026-10-02T08:00:00.001Z").state).toBe("overdue");
  });

  it("final report for a vulnerability: 14 days after the measure is available", () => {
    const e = event({ measureAvailableAt: "2026-10-05T10:00:00.000Z" });
    expect(byStage(e, "2026-10-05T11:00:00.000Z")["final-report"]).toMatchObject({
      dueAt: "2026-10-19T10:00:00.000Z",
      state: "due",
    });
    expect(byStage(e, "2026-10-20T00:00:00.000Z")["final-report"]?.state).toBe("overdue");
  });

  it("final report for a severe incident: one month after the notification, or its deadline when not sent", () => {
    const incident = event({ kind: "severe-incident", awareAt: "2027-01-28T09:00:00.000Z" });
    expect(byStage(incident, "2027-01-28T10:00:00.000Z")["final-report"]?.dueAt).toBe(
      plusOneMonth("2027-01-31T09:00:00.000Z"),
    );
    expect(byStage(incident, "2027-01-28T10:00:00.000Z")["final-report"]?.dueAt).toBe("2027-02-28T09:00:00.000Z");
    const notified = { ...incident, reports: [{ stage: "notification" as const, sentAt: "2027-01-30T09:00:00.000Z" }] };
    expect(byStage(notified, "2027-01-30T10:00:00.000Z")["final-report"]?.dueAt).toBe("2027-02-28T09:00:00.000Z");
    const march = { ...incident, reports: [{ stage: "notification" as const, sentAt: "2027-03-15T09:00:00.000Z" }] };
    expect(byStage(march, "2027-03-16T00:00:00.000Z")["final-report"]?.dueAt).toBe("2027-04-15T09:00:00.000Z");
  });

  it("adds one month with end-of-month clamping and leap years", () => {
    expect(plusOneMonth("2028-01-31T00:00:00.000Z")).toBe("2028-02-29T00:00:00.000Z");
    expect(plusOneMonth("2027-12-15T23:30:00.000Z")).toBe("2028-01-15T23:30:00.000Z");
    expect(plusOneMonth("2027-03-31T12:00:00.000Z")).toBe("2027-04-30T12:00:00.000Z");
  });

  it("marks reports done, or done late, and a later report covers an earlier stage", () => {
    const e = event({
      reports: [
        { stage: "notification", sentAt: "2026-10-01T20:00:00.000Z" },
        { stage: "final-report", sentAt: "2026-10-30T00:00:00.000Z" },
      ],
      measureAvailableAt: "2026-10-10T00:00:00.000Z",
    });
    const d = byStage(e, "2026-11-01T00:00:00.000Z");
    expect(d["early-warning"]).toMatchObject({ state: "done", sentAt: "2026-10-01T20:00:00.000Z" });
    expect(d.notification?.state).toBe("done");
    expect(d["final-report"]?.state).toBe("done-late");
    expect(art14Status(e, "2026-11-01T00:00:00.000Z").state).toBe("done-late");
  });

  it("notes Art. 64(10)(a) for micro and small enterprises, only on the early warning", () => {
    const small = byStage(
      event({ manufacturer: { name: "Tiny", enterpriseSize: "small", mainEstablishment: "AT" } }),
      "2026-10-01T09:00:00.000Z",
    );
    expect(small["early-warning"]?.notes.join(" ")).toContain("64(10)(a)");
    expect(small.notification?.notes).toEqual([]);
    expect(byStage(event(), "2026-10-01T09:00:00.000Z")["early-warning"]?.notes).toEqual([]);
  });

  it("says Art. 14 does not apply to events before 11 September 2026", () => {
    const status = art14Status(event({ awareAt: "2026-09-10T23:59:59.000Z" }), "2026-12-01T00:00:00.000Z");
    expect(status.deadlines.map((d) => d.state)).toEqual(["not-applicable", "not-applicable", "not-applicable"]);
    expect(status.notes.join(" ")).toContain("11 September 2026");
    expect(art14Status(event({ awareAt: "2026-09-11T00:00:00.000Z" }), "2026-12-01T00:00:00.000Z").state).toBe(
      "overdue",
    );
  });

  it("cites the paragraph of the event's kind", () => {
    expect(byStage(event(), "2026-10-01T09:00:00.000Z").notification?.citation.text).toContain("Art. 14(2)(b)");
    expect(
      byStage(event({ kind: "severe-incident" }), "2026-10-01T09:00:00.000Z").notification?.citation.text,
    ).toContain("Art. 14(4)(b)");
  });
});

describe("Art. 14(7) coordinator CSIRT", () => {
  it.each([
    [{ mainEstablishment: "de" }, "DE", "mainEstablishment"],
    [{ mainEstablishment: "US", authorisedRepresentative: "NL", importer: "FR" }, "NL", "authorisedRepresentative"],
    [{ importer: "FR", distributor: "IT" }, "FR", "importer"],
    [{ distributor: "IT", mostUsers: "ES" }, "IT", "distributor"],
    [{ mostUsers: "EL" }, "GR", "mostUsers"],
  ])("%j → %s by %s", (establishment, memberState, basis) => {
    expect(coordinatorCsirt(establishment)).toMatchObject({ memberState, basis });
  });

  it("has none when no Member State is known", () => {
    expect(coordinatorCsirt({ mainEstablishment: "CH" })).toBeUndefined();
    const status = art14Status(
      event({ manufacturer: { name: "X", mainEstablishment: "CH" } }),
      "2026-10-01T09:00:00.000Z",
    );
    expect(status.coordinator).toBeUndefined();
    expect(status.notes.join(" ")).toContain("14(7)");
  });
});

describe("drafts", () => {
  it("an incident early warning asks whether malicious acts are suspected", () => {
    const draft = draftReport(
      event({ kind: "severe-incident", memberStatesAvailable: [] }),
      "early-warning",
      "2026-10-01T09:00:00.000Z",
    );
    expect(draft.missing).toEqual(["maliciousActSuspected", "memberStatesAvailable"]);
    expect(draft.channel.coordinatorCsirt).toBe("DE");
    const filled = draftReport(
      event({ kind: "severe-incident", maliciousActSuspected: true }),
      "early-warning",
      "2026-10-01T09:00:00.000Z",
    );
    expect(filled.missing).toEqual([]);
    expect(filled.content).toMatchObject({ maliciousActSuspected: true, memberStatesAvailable: ["DE", "FR"] });
  });

  it("a vulnerability notification lists what is still missing", () => {
    const draft = draftReport(
      event({ description: "RCE via crafted request", measuresTaken: ["WAF rule deployed"] }),
      "notification",
      "2026-10-02T00:00:00.000Z",
    );
    expect(draft.content).toMatchObject({
      natureOfExploitAndVulnerability: "RCE via crafted request",
      vulnerabilityIds: ["CVE-2026-12345"],
    });
    expect(draft.missing).toEqual(["measuresForUsers", "sensitivity"]);
  });

  it("the user advisory is a valid CSAF 2.0 security advisory", () => {
    const csaf = draftUserAdvisory(
      event({
        measuresForUsers: ["Update to 2.3.1"],
        measureAvailableAt: "2026-10-05T00:00:00.000Z",
        fixedVersion: "2.3.1",
      }),
      "2026-10-05T12:00:00.000Z",
    );
    expect(validateCsaf(csaf)).toEqual([]);
    expect(csaf).toMatchObject({
      document: { category: "csaf_security_advisory", csaf_version: "2.0", tracking: { status: "draft" } },
      vulnerabilities: [
        { cve: "CVE-2026-12345", remediations: [{ category: "vendor_fix", date: "2026-10-05T00:00:00.000Z" }] },
      ],
    });
  });

  it("an incident advisory is csaf_base and also valid; a broken document is not", () => {
    const csaf = draftUserAdvisory(
      event({ kind: "severe-incident", vulnerabilityIds: [] }),
      "2026-10-05T12:00:00.000Z",
    );
    expect(validateCsaf(csaf)).toEqual([]);
    expect((csaf.document as { category: string }).category).toBe("csaf_base");
    const broken = { ...csaf, document: { ...(csaf.document as object), csaf_version: "2.1", tracking: undefined } };
    expect(validateCsaf(broken).map((i) => i.path)).toEqual(
      expect.arrayContaining(["/document/csaf_version", "/document/tracking"]),
    );
  });
});
