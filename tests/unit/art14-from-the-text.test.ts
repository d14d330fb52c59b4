/**
 * The Art. 14 clock on a product the other tests do not use (a VPN server, Northwind Tunnel), judged on
 * 2026-12-05. Each expected state is written from the Regulation's words (Regulation (EU) 2024/2847), not from the
 * clock under test:
 *
 * - Art. 14(2)(a)-(b), 14(4)(a)-(b): early warning within 24 hours, notification within 72 hours of becoming aware;
 *   a report sent one second after the period is late.
 * - Art. 14(2)(c): the final report on an actively exploited vulnerability is due no later than 14 days after a
 *   corrective or mitigating measure is available and gives details of that measure (point (iii)).
 * - Art. 14(4)(c): the final report on a severe incident is due within one month after the notification.
 */
import { describe, expect, it } from "vitest";
import { type Art14Event, art14Status } from "../../src/domain/art14.js";

const TODAY = "2026-12-05T09:00:00.000Z";

function vpnEvent(overrides: Partial<Art14Event>): Art14Event {
  return {
    id: "nw-1",
    organizationId: "org-northwind",
    kind: "actively-exploited-vulnerability",
    title: "Authentication bypass in the tunnel admin API, exploited in the wild",
    product: { name: "Northwind Tunnel", version: "4.1.0", identifiers: [] },
    awareAt: "2026-11-20T10:00:00.000Z",
    reports: [],
    manufacturer: { name: "Northwind Networks B.V.", mainEstablishment: "NL", enterpriseSize: "large" },
    vulnerabilityIds: ["CVE-2026-40001"],
    memberStatesAvailable: [],
    measuresTaken: [],
    measuresForUsers: [],
    ...overrides,
  };
}

const stages = (e: Art14Event, asOf = TODAY) =>
  Object.fromEntries(art14Status(e, asOf).deadlines.map((d) => [d.stage, d]));

describe("Art. 14(2): actively exploited vulnerability", () => {
  it("an early warning exactly 24 h after awareness is on time; a notification one second after 72 h is late", () => {
    const d = stages(
      vpnEvent({
        reports: [
          { stage: "early-warning", sentAt: "2026-11-21T10:00:00.000Z" },
          { stage: "notification", sentAt: "2026-11-23T10:00:01.000Z" },
        ],
        measureAvailableAt: "2026-11-25T00:00:00.000Z",
      }),
    );
    expect(d["early-warning"]?.state).toBe("done");
    expect(d.notification?.state).toBe("done-late");
    // 14 days after the measure: 2026-12-09, still ahead on 2026-12-05.
    expect(d["final-report"]).toMatchObject({ state: "due", dueAt: "2026-12-09T00:00:00.000Z" });
  });

  it("Art. 14(2)(c)(iii): a report marked final but sent before any measure exists is not the final report", () => {
    const e = vpnEvent({
      awareAt: "2026-12-03T09:00:00.000Z",
      reports: [{ stage: "final-report", sentAt: "2026-12-03T20:00:00.000Z" }],
    });
    const d = stages(e);
    // It carries what the early warning and the notification need, within 24 hours.
    expect(d["early-warning"]?.state).toBe("done");
    expect(d.notification?.state).toBe("done");
    // No measure is available yet, so the 14 days have not started: the final report is still to come.
    expect(d["final-report"]?.state).toBe("waiting");
    expect(d["final-report"]?.sentAt).toBeUndefined();
    expect(d["final-report"]?.notes.join(" ")).toMatch(/Interpretation \(assessor\).*2026-12-03T20:00:00.000Z/);
    expect(art14Status(e, TODAY).state).toBe("waiting");
  });

  it("Art. 14(2)(c): a measure recorded after that early 'final' report starts the 14 days; a report after it counts", () => {
    const early = { stage: "final-report" as const, sentAt: "2026-11-21T08:00:00.000Z" };
    const measured = vpnEvent({ reports: [early], measureAvailableAt: "2026-11-18T00:00:00.000Z" });
    // The measure was available before the report: that report can detail it, and it is on time.
    expect(stages(measured)["final-report"]).toMatchObject({ state: "done", sentAt: early.sentAt });

    const later = vpnEvent({ reports: [early], measureAvailableAt: "2026-11-24T00:00:00.000Z" });
    expect(stages(later)["final-report"]).toMatchObject({ state: "due", dueAt: "2026-12-08T00:00:00.000Z" });
    expect(stages(later, "2026-12-08T00:00:00.001Z")["final-report"]?.state).toBe("overdue");
    const sent = { ...later, reports: [early, { stage: "final-report" as const, sentAt: "2026-12-01T12:00:00.000Z" }] };
    expect(stages(sent)["final-report"]).toMatchObject({ state: "done", sentAt: "2026-12-01T12:00:00.000Z" });
  });
});

describe("Art. 14(4): severe incident", () => {
  const incident = (overrides: Partial<Art14Event>) =>
    vpnEvent({ kind: "severe-incident", title: "Malicious code pushed through the update server", ...overrides });

  it("an early warning one second after 24 h is late; the final report is due one month after the notification", () => {
    const d = stages(
      incident({
        awareAt: "2026-10-01T09:00:00.000Z",
        reports: [
          { stage: "early-warning", sentAt: "2026-10-02T09:00:01.000Z" },
          { stage: "notification", sentAt: "2026-10-03T09:00:00.000Z" },
        ],
      }),
    );
    expect(d["early-warning"]?.state).toBe("done-late");
    expect(d.notification?.state).toBe("done");
    expect(d["final-report"]).toMatchObject({ state: "overdue", dueAt: "2026-11-03T09:00:00.000Z" });
  });

  it("a notification sent after 48 h with no early warning leaves the 24-hour early warning late", () => {
    const d = stages(
      incident({
        awareAt: "2026-10-29T12:00:00.000Z",
        reports: [{ stage: "notification", sentAt: "2026-10-31T12:00:00.000Z" }],
      }),
    );
    expect(d["early-warning"]?.state).toBe("done-late");
    expect(d.notification?.state).toBe("done");
    // One month after 31 October: November has no 31st, so its last day.
    expect(d["final-report"]).toMatchObject({ state: "overdue", dueAt: "2026-11-30T12:00:00.000Z" });
  });
});

describe("Art. 71(2): Art. 14 applies from 11 September 2026", () => {
  it("awareness the evening before: deadlines not run, labelled as an interpretation, the straddling periods named", () => {
    const status = art14Status(vpnEvent({ awareAt: "2026-09-10T23:00:00.000Z" }), TODAY);
    expect(status.deadlines.map((d) => d.state)).toEqual(["not-applicable", "not-applicable", "not-applicable"]);
    const notes = status.notes.join(" ");
    expect(notes).toMatch(/^Interpretation \(assessor\)/);
    // 24 h after 2026-09-10T23:00 is 2026-09-11T23:00: both periods end after Art. 14 applies.
    expect(notes).toContain("24-hour early warning and 72-hour notification deadlines would fall on or after");
    expect(notes).toContain("a reviewer decides");
  });

  it("awareness three days before: only the notification's 72 hours reach 11 September", () => {
    const notes = art14Status(vpnEvent({ awareAt: "2026-09-08T12:00:00.000Z" }), TODAY).notes.join(" ");
    expect(notes).toContain("The 72-hour notification deadline would fall on or after");
    expect(notes).not.toContain("24-hour early warning");
  });

  it("awareness in August: no period reaches 11 September, so no reviewer question is raised", () => {
    const notes = art14Status(vpnEvent({ awareAt: "2026-08-01T12:00:00.000Z" }), TODAY).notes.join(" ");
    expect(notes).toMatch(/^Interpretation \(assessor\)/);
    expect(notes).not.toContain("a reviewer decides");
  });
});
