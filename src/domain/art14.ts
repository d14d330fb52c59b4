/**
 * The Article 14 reporting clock of the CRA (Regulation (EU) 2024/2847), as pure functions: the clock is a
 * parameter, nothing here reads the time or does I/O.
 *
 * - Art. 14(2) actively exploited vulnerability: early warning within 24 hours of becoming aware, notification
 *   within 72 hours, final report no later than 14 days after a corrective or mitigating measure is available.
 * - Art. 14(4) severe incident: early warning within 24 hours, notification within 72 hours, final report within
 *   one month after the notification.
 * - Art. 14(7): reports go through the single reporting platform to the CSIRT designated as coordinator of the
 *   Member State of the manufacturer's main establishment, with a fallback order when it has none in the Union.
 * - Art. 64(10)(a): micro and small enterprises are not fined for missing the 24-hour early-warning deadlines;
 *   Art. 64(10)(b): open-source software stewards are not fined for infringements of the Regulation.
 * - Art. 71(2): Art. 14 applies from 11 September 2026 (Art. 69(3): also to products already on the market).
 *
 * Periods are counted as elapsed time from the triggering instant (24 h, 72 h, 14 × 24 h, the same time on the
 * same day of the next month). Regulation (EEC, Euratom) No 1182/71 on periods could end a day- or month-period at
 * the end of its last day, i.e. later; we keep the earlier instant on purpose (assessor policy: warn early).
 */

import { REPORT_STAGES, type ReportStage } from "./art14-stages.js";
import { MEMBER_STATES, type MemberState, toMemberState } from "./cra-terms.js";
import type { Citation } from "./requirement.js";

export const ART14_APPLIES_FROM = "2026-09-11T00:00:00.000Z";

export const ART14_EVENT_KINDS = ["actively-exploited-vulnerability", "severe-incident"] as const;
export type Art14EventKind = (typeof ART14_EVENT_KINDS)[number];
export { REPORT_STAGES, type ReportStage } from "./art14-stages.js";
export type EnterpriseSize = "micro" | "small" | "medium" | "large";

export { MEMBER_STATES, type MemberState, toMemberState };

/** Where the manufacturer is established, for Art. 14(7) routing. Member States as ISO codes. */
export interface Establishment {
  /** Where decisions on the products' cybersecurity are mainly taken (or, failing that, most EU employees). */
  mainEstablishment?: string;
  /** The fallbacks of Art. 14(7), used in this order when there is no main establishment in the Union. */
  authorisedRepresentative?: string;
  importer?: string;
  distributor?: string;
  mostUsers?: string;
}

export interface ReportSent {
  stage: ReportStage;
  sentAt: string;
  /** The single reporting platform's reference, a ticket, a file … */
  reference?: string;
}

export interface Art14Event {
  id: string;
  organizationId: string;
  kind: Art14EventKind;
  title: string;
  product: { name: string; version?: string; identifiers: string[] };
  /** When the manufacturer became aware (Art. 14(2)/(4) start the clock here). */
  awareAt: string;
  /** When a corrective or mitigating measure became available (Art. 14(2)(c) starts the final report's clock). */
  measureAvailableAt?: string;
  reports: ReportSent[];
  manufacturer: {
    name: string;
    website?: string;
    enterpriseSize?: EnterpriseSize;
    ossSteward?: boolean;
  } & Establishment;
  /** What is known, for the drafts. */
  vulnerabilityIds: string[];
  description?: string;
  /** Incident early warning (14(4)(a)): suspected unlawful or malicious acts. */
  maliciousActSuspected?: boolean;
  /** Member States where the manufacturer knows the product is made available. */
  memberStatesAvailable: string[];
  measuresTaken: string[];
  measuresForUsers: string[];
  /** How sensitive the manufacturer considers the information (14(2)(b), 14(4)(b)). */
  sensitivity?: string;
  severity?: string;
  impact?: string;
  rootCause?: string;
  maliciousActor?: string;
  correctiveMeasure?: string;
  /** The fixed product version or update that carries the corrective measure, for the user advisory. */
  fixedVersion?: string;
}

export const DEADLINE_STATES = ["due", "overdue", "done", "done-late", "waiting", "not-applicable"] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

export interface Deadline {
  stage: ReportStage;
  state: DeadlineState;
  /** Undefined while the clock has not started (final report before a measure is available). */
  dueAt?: string;
  /** What the period runs from. */
  basis: string;
  sentAt?: string;
  citation: Citation;
  notes: string[];
}

export interface CoordinatorCsirt {
  memberState: MemberState;
  basis: keyof Establishment;
  citation: Citation;
  note?: string;
}

export interface Art14Status {
  eventId: string;
  organizationId: string;
  kind: Art14EventKind;
  title: string;
  asOf: string;
  deadlines: Deadline[];
  /** The worst state: overdue > due > waiting > done-late > done > not-applicable. */
  state: DeadlineState;
  coordinator?: CoordinatorCsirt;
  notes: string[];
}

const HOUR = 3_600_000;
const CRA = "Regulation (EU) 2024/2847";
const url = "https://eur-lex.europa.eu/eli/reg/2024/2847/oj";

function cite(paragraph: string, point?: string): Citation {
  return {
    text: `${CRA}, Art. 14(${paragraph})${point ? `(${point})` : ""}`,
    article: "14",
    paragraph,
    ...(point ? { point } : {}),
    url,
  };
}

function plusHours(iso: string, hours: number): string {
  return new Date(Date.parse(iso) + hours * HOUR).toISOString();
}

/** Same UTC time on the same day of the next month; the month's last day when that day does not exist. */
export function plusOneMonth(iso: string): string {
  const d = new Date(iso);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const out = new Date(d);
  out.setUTCDate(1);
  out.setUTCMonth(month);
  out.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return out.toISOString();
}

/**
 * When a stage counts as sent: the earliest of its own report and any later stage's report, since a later report
 * carries at least what the earlier one must (the law's "unless the relevant information has already been
 * provided" runs the same way).
 */
function effectiveSentAt(event: Art14Event, stage: ReportStage): string | undefined {
  const from = REPORT_STAGES.indexOf(stage);
  let earliest: string | undefined;
  for (const report of event.reports) {
    if (REPORT_STAGES.indexOf(report.stage) < from) continue;
    if (earliest === undefined || Date.parse(report.sentAt) < Date.parse(earliest)) earliest = report.sentAt;
  }
  return earliest;
}

/**
 * Art. 14(2)(c): the final report on an actively exploited vulnerability is due once a corrective or mitigating
 * measure is available and must give details of that measure (point (iii)). A report marked final but sent before
 * any measure was available cannot carry them, so it is not counted as the final report (it still counts for the
 * early warning and the notification, which it covers). Reading it so is an interpretation of the text; the note
 * says so.
 */
function vulnerabilityFinalSentAt(event: Art14Event, notes: string[]): string | undefined {
  const finals = event.reports.filter((r) => r.stage === "final-report");
  if (finals.length === 0) return undefined;
  const measure = event.measureAvailableAt;
  const counted = finals
    .filter((r) => measure !== undefined && Date.parse(r.sentAt) >= Date.parse(measure))
    .map((r) => r.sentAt)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  const early = finals.filter((r) => measure === undefined || Date.parse(r.sentAt) < Date.parse(measure));
  if (early.length > 0) {
    const first = early.map((r) => r.sentAt).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
    notes.push(
      `Interpretation (assessor): a report marked final was sent on ${first}, ${
        measure === undefined
          ? "and no corrective or mitigating measure is recorded"
          : `before the corrective or mitigating measure became available (${measure})`
      }; Art. 14(2)(c)(iii) asks the final report to detail the measure made available, so it is not counted as the final report (it counts for the early warning and the notification). Record when the measure became available and the final report sent after it.`,
    );
  }
  return counted[0];
}

function stateOf(dueAt: string | undefined, sentAt: string | undefined, asOf: string): DeadlineState {
  if (sentAt !== undefined) return dueAt !== undefined && Date.parse(sentAt) > Date.parse(dueAt) ? "done-late" : "done";
  if (dueAt === undefined) return "waiting";
  return Date.parse(asOf) > Date.parse(dueAt) ? "overdue" : "due";
}

const STATE_RANK: Record<DeadlineState, number> = {
  overdue: 5,
  due: 4,
  waiting: 3,
  "done-late": 2,
  done: 1,
  "not-applicable": 0,
};

export function worstState(states: DeadlineState[]): DeadlineState {
  return states.reduce<DeadlineState>((worst, s) => (STATE_RANK[s] > STATE_RANK[worst] ? s : worst), "not-applicable");
}

/** Art. 14(7): the coordinator CSIRT's Member State, following the fallback order. Undefined when nothing is known. */
export function coordinatorCsirt(establishment: Establishment): CoordinatorCsirt | undefined {
  const order: (keyof Establishment)[] = [
    "mainEstablishment",
    "authorisedRepresentative",
    "importer",
    "distributor",
    "mostUsers",
  ];
  for (const basis of order) {
    const memberState = toMemberState(establishment[basis]);
    if (!memberState) continue;
    const result: CoordinatorCsirt = { memberState, basis, citation: cite("7") };
    if (basis === "mostUsers") {
      result.note =
        "Art. 14(7): when routed by where most users are, later reports on the same event may go to the same CSIRT as the first.";
    } else if (basis !== "mainEstablishment") {
      result.note = "Art. 14(7) fallback: the manufacturer has no main establishment in the Union.";
    }
    return result;
  }
  return undefined;
}

export function art14Status(event: Art14Event, asOf: string): Art14Status {
  const notes: string[] = [];
  const applies = Date.parse(event.awareAt) >= Date.parse(ART14_APPLIES_FROM);
  if (!applies) {
    notes.push(
      "Interpretation (assessor): the manufacturer became aware before 11 September 2026, when Art. 14 starts to apply (Art. 71(2)); the duty is read as arising on becoming aware, so no reporting deadline runs under the CRA for this event.",
    );
    // Art. 71(2) gives the date Art. 14 applies from, not which awareness it reaches: a period running past that
    // date is the case the text leaves open, so the reader is told rather than given a confident answer.
    const after = [
      { hours: 24, name: "24-hour early warning" },
      { hours: 72, name: "72-hour notification" },
    ].filter(({ hours }) => Date.parse(plusHours(event.awareAt, hours)) >= Date.parse(ART14_APPLIES_FROM));
    if (after.length > 0) {
      notes.push(
        `The ${after.map((a) => a.name).join(" and ")} deadline${after.length > 1 ? "s" : ""} would fall on or after 11 September 2026; the text does not say whether the duty reaches awareness shortly before that date, so a reviewer decides. Notifying anyway (or reporting voluntarily under Art. 15) is the cautious course.`,
      );
    }
  }
  const vulnerability = event.kind === "actively-exploited-vulnerability";
  const paragraph = vulnerability ? "2" : "4";
  const finePaused = event.manufacturer.enterpriseSize === "micro" || event.manufacturer.enterpriseSize === "small";

  const earlyDue = plusHours(event.awareAt, 24);
  const notificationDue = plusHours(event.awareAt, 72);
  const notificationSent = effectiveSentAt(event, "notification");
  let finalDue: string | undefined;
  let finalBasis: string;
  const finalNotes: string[] = [];
  if (vulnerability) {
    finalBasis = "14 days after a corrective or mitigating measure is available";
    if (event.measureAvailableAt) finalDue = plusHours(event.measureAvailableAt, 14 * 24);
    else
      finalNotes.push("The clock starts when a corrective or mitigating measure is available; none is recorded yet.");
  } else {
    finalBasis = "one month after the notification";
    finalDue = plusOneMonth(notificationSent ?? notificationDue);
    if (!notificationSent)
      finalNotes.push("Counted from the notification's 72-hour deadline, because no notification is recorded as sent.");
  }

  const stages: { stage: ReportStage; dueAt: string | undefined; basis: string; point: string; notes: string[] }[] = [
    {
      stage: "early-warning",
      dueAt: earlyDue,
      basis: "24 hours after becoming aware",
      point: "a",
      notes: finePaused
        ? [
            "Art. 64(10)(a): a micro or small enterprise is not fined for missing this 24-hour deadline; the duty still applies.",
          ]
        : [],
    },
    { stage: "notification", dueAt: notificationDue, basis: "72 hours after becoming aware", point: "b", notes: [] },
    { stage: "final-report", dueAt: finalDue, basis: finalBasis, point: "c", notes: finalNotes },
  ];
  if (event.manufacturer.ossSteward) {
    notes.push(
      "Art. 64(10)(b): an open-source software steward is not fined for infringements of the CRA; Art. 24(3) sets which Art. 14 duties apply to it.",
    );
  }
  const deadlines: Deadline[] = stages.map(({ stage, dueAt, basis, point, notes: stageNotes }) => {
    const sentAt =
      vulnerability && stage === "final-report"
        ? vulnerabilityFinalSentAt(event, stageNotes)
        : effectiveSentAt(event, stage);
    const deadline: Deadline = {
      stage,
      state: applies ? stateOf(dueAt, sentAt, asOf) : "not-applicable",
      basis,
      citation: cite(paragraph, point),
      notes: stageNotes,
    };
    if (dueAt !== undefined) deadline.dueAt = dueAt;
    if (sentAt !== undefined) deadline.sentAt = sentAt;
    return deadline;
  });
  const status: Art14Status = {
    eventId: event.id,
    organizationId: event.organizationId,
    kind: event.kind,
    title: event.title,
    asOf,
    deadlines,
    state: worstState(deadlines.map((d) => d.state)),
    notes,
  };
  const coordinator = coordinatorCsirt(event.manufacturer);
  if (coordinator) status.coordinator = coordinator;
  else notes.push("No Member State is known for Art. 14(7) routing: record the main establishment or a fallback.");
  return status;
}

/** The content a stage's report must carry (Art. 14(2)(a)–(c), 14(4)(a)–(c)), drafted from what is known. */
export interface NotificationDraft {
  format: "cra-art14-report/1";
  stage: ReportStage;
  kind: Art14EventKind;
  citation: Citation;
  draftedAt: string;
  channel: { via: "ENISA single reporting platform"; coordinatorCsirt?: MemberState; alsoTo: "ENISA" };
  manufacturer: { name: string };
  product: { name: string; version?: string; identifiers: string[] };
  awareAt: string;
  content: Record<string, unknown>;
  /** Items the law asks for that the event does not record yet. */
  missing: string[];
}

export function draftReport(event: Art14Event, stage: ReportStage, now: string): NotificationDraft {
  const vulnerability = event.kind === "actively-exploited-vulnerability";
  const content: Record<string, unknown> = {};
  const missing: string[] = [];
  const put = (name: string, value: unknown, required = true) => {
    const empty = value === undefined || (Array.isArray(value) && value.length === 0);
    if (!empty) content[name] = value;
    else if (required) missing.push(name);
  };
  const point = stage === "early-warning" ? "a" : stage === "notification" ? "b" : "c";
  if (stage === "early-warning") {
    if (!vulnerability) put("maliciousActSuspected", event.maliciousActSuspected);
    put("memberStatesAvailable", event.memberStatesAvailable);
    put("vulnerabilityIds", event.vulnerabilityIds, false);
  } else if (stage === "notification") {
    put("productInformation", event.product.identifiers.length > 0 || event.product.name ? event.product : undefined);
    put(vulnerability ? "natureOfExploitAndVulnerability" : "natureOfIncident", event.description);
    if (!vulnerability) put("initialAssessment", event.impact);
    put("vulnerabilityIds", event.vulnerabilityIds, vulnerability);
    put("measuresTaken", event.measuresTaken);
    put("measuresForUsers", event.measuresForUsers);
    put("sensitivity", event.sensitivity);
  } else {
    put("description", event.description);
    put("severity", event.severity);
    put("impact", event.impact);
    if (vulnerability) {
      put("maliciousActor", event.maliciousActor, false);
      put("correctiveMeasure", event.correctiveMeasure ?? event.measuresForUsers[0]);
      put("measureAvailableAt", event.measureAvailableAt);
    } else {
      put("threatTypeOrRootCause", event.rootCause);
      put("mitigations", [...event.measuresTaken, ...event.measuresForUsers]);
    }
  }
  const coordinator = coordinatorCsirt(event.manufacturer);
  return {
    format: "cra-art14-report/1",
    stage,
    kind: event.kind,
    citation: cite(vulnerability ? "2" : "4", point),
    draftedAt: now,
    channel: {
      via: "ENISA single reporting platform",
      ...(coordinator ? { coordinatorCsirt: coordinator.memberState } : {}),
      alsoTo: "ENISA",
    },
    manufacturer: { name: event.manufacturer.name },
    product: event.product,
    awareAt: event.awareAt,
    content,
    missing: missing.sort(),
  };
}

/**
 * The Art. 14(8) user advisory as a CSAF 2.0 document: `csaf_security_advisory` for a vulnerability with ids,
 * `csaf_base` otherwise. Art. 14(8) asks for a structured, machine-readable format where appropriate and names no
 * deadline; the document is a draft (`tracking.status: draft`) for a person to finish and publish.
 */
export function draftUserAdvisory(event: Art14Event, now: string): Record<string, unknown> {
  const productId = "CSAFPID-0001";
  const purl = event.product.identifiers.find((id) => id.startsWith("pkg:"));
  const productName = event.product.version ? `${event.product.name} ${event.product.version}` : event.product.name;
  const vulnerabilities = event.vulnerabilityIds.length > 0 ? event.vulnerabilityIds : [];
  const hasVulnerabilities = event.kind === "actively-exploited-vulnerability" && vulnerabilities.length > 0;
  const measures = event.measuresForUsers.length > 0 ? event.measuresForUsers : [];
  const documentNotes = [
    { category: "summary", title: "Summary", text: event.description ?? event.title },
    {
      category: "general",
      title: "Why you receive this",
      text:
        event.kind === "actively-exploited-vulnerability"
          ? "The manufacturer informs users of an actively exploited vulnerability under Art. 14(8) of Regulation (EU) 2024/2847."
          : "The manufacturer informs users of a severe incident affecting the product's security under Art. 14(8) of Regulation (EU) 2024/2847.",
    },
  ];
  if (measures.length > 0)
    documentNotes.push({ category: "details", title: "What you can do", text: measures.join("\n") });
  const trackingId = `${event.organizationId}-${event.id}`.replace(/[^A-Za-z0-9._-]/g, "-");
  const document: Record<string, unknown> = {
    category: hasVulnerabilities ? "csaf_security_advisory" : "csaf_base",
    csaf_version: "2.0",
    lang: "en",
    title: event.title,
    publisher: {
      category: "vendor",
      name: event.manufacturer.name,
      namespace: event.manufacturer.website ?? "https://manufacturer.invalid",
    },
    tracking: {
      id: trackingId,
      status: "draft",
      version: "0.1.0",
      initial_release_date: now,
      current_release_date: now,
      revision_history: [{ date: now, number: "0.1.0", summary: "Draft generated from the Art. 14 event record." }],
      generator: { engine: { name: "cra-assessor" } },
    },
    notes: documentNotes,
    distribution: { tlp: { label: "WHITE" } },
  };
  const csaf: Record<string, unknown> = {
    document,
    product_tree: {
      full_product_names: [
        { name: productName, product_id: productId, ...(purl ? { product_identification_helper: { purl } } : {}) },
      ],
    },
  };
  if (hasVulnerabilities) {
    csaf.vulnerabilities = vulnerabilities.map((id) => {
      const entry: Record<string, unknown> = {
        ...(/^CVE-\d{4}-\d{4,}$/.test(id) ? { cve: id } : { ids: [{ system_name: "manufacturer", text: id }] }),
        notes: [{ category: "description", text: event.description ?? event.title }],
        product_status: { known_affected: [productId] },
        threats: [
          {
            category: "exploit_status",
            details: "Actively exploited (reliable evidence of exploitation by a malicious actor).",
            product_ids: [productId],
          },
        ],
      };
      if (measures.length > 0 || event.correctiveMeasure) {
        entry.remediations = [
          {
            category: event.fixedVersion || event.correctiveMeasure ? "vendor_fix" : "mitigation",
            details: event.correctiveMeasure ?? measures.join("\n"),
            product_ids: [productId],
            ...(event.measureAvailableAt ? { date: event.measureAvailableAt } : {}),
          },
        ];
      }
      return entry;
    });
  }
  return csaf;
}
