/**
 * What a partner certificate is worth in a report: findings of a framework (usually the CRA) upgraded to
 * `recognized` or `partial` where a valid certificate reaches them through a crosswalk or an arrangement.
 *
 * Rules:
 * - A certificate counts only if it is current on `asOf`, covers the product (its `scope`), names a level the
 *   scheme has, and satisfies the route's conditions. Otherwise it counts for nothing and a note says why.
 * - Crosswalk: an `equal`, `equivalent` or `superset-of` mapping from a requirement the certificate evidences makes
 *   the target `recognized`; `subset-of` or `intersects-with` makes it `partial`, with the residual as what is left
 *   to evidence. Recommendations count only where the certificate's ICS answers "yes"; a "no" or "not-applicable"
 *   answer takes a provision out.
 * - Arrangement: a `recognition` route to the findings' framework recognises the named requirements (or the named
 *   level's requirements). A `simplified-application` route recognises nothing; it is reported as a note.
 * - What a gap rests on decides whether a label can lift it (`Finding.basis`). A gap whose basis is `absent` (the
 *   declaration and SBOM say nothing) is lifted by a valid certificate that reaches it: `recognized` for a full
 *   cover, `partial` otherwise, and then the residual is still missing evidence, so the finding is marked
 *   `residualGap` and keeps counting as a gap for the gate (src/domain/verdict.ts). A gap resting on anything else
 *   (`contradicted`: the evidence shows non-compliance; `verified`/`declared`, or no basis recorded) is never
 *   lifted: a label cannot outweigh evidence, so the gap stays and names the certificates that would have covered
 *   it (`heldByEvidence`). `needs-review` findings are upgraded as before; `met`, `not-applicable` and `waived`
 *   findings are left as they are.
 * - A crosswalk trace counts as reviewed when the mapping's latest review agrees (or, with no reviews, when the
 *   crosswalk's provenance says it was reviewed); otherwise the finding says it relied on an unreviewed mapping.
 * - Under the CRA this is evidence reuse, not presumption of conformity: no CRA mutual recognition agreement is in
 *   force (Art. 34 only allows the Union to conclude them), so reports say so.
 */
import {
  type Arrangement,
  type ArrangementRoute,
  type Coverage,
  type Crosswalk,
  coverageOf,
  type Mapping,
  type MappingReview,
} from "../domain/crosswalk.js";
import {
  assuranceWords,
  type CertificateRecognition,
  distinctResiduals,
  type Finding,
  type RecognitionTrace,
  VALIDITY_UNKNOWN_RESIDUAL,
} from "../domain/report.js";
import type { FrameworkCatalog, Requirement } from "../domain/requirement.js";
import { requirementById } from "./catalog.js";
import { levelRank, obligationAt, requirementsAtLevel, resolveLevel } from "./levels.js";

/** A certificate or label the product holds, as declared (`certifications[]` of `cra-declaration/1`). */
export interface HeldCertificate {
  scheme: string;
  level?: string;
  version?: string;
  certificateId?: string;
  issuer?: string;
  assurance?: "self" | "third-party";
  validFrom?: string;
  validUntil?: string;
  /** Products or versions the certificate covers, in words; checked against the product's model, name and ids. */
  scope?: string;
  ics?: string;
}

export type IcsAnswer = "yes" | "no" | "not-applicable";

export interface RecognitionContext {
  catalogs: ReadonlyMap<string, FrameworkCatalog>;
  crosswalks: readonly Crosswalk[];
  arrangements: readonly Arrangement[];
  /** Assessment date, YYYY-MM-DD. Certificates and arrangements are judged on this day. */
  asOf: string;
  product: {
    name?: string;
    model?: string;
    version?: string;
    identifiers?: readonly string[];
    /** Product kinds (e.g. `smart-camera`, `router`) for arrangements limited to some kinds. */
    kinds?: readonly string[];
  };
  /** ETSI EN 303 645 ICS answers by provision id (`5.1-1` …), from the declaration's `etsiIcs`. */
  icsAnswers?: Readonly<Record<string, IcsAnswer>>;
  /** Also apply arrangements with status `draft` (what-if simulation of a regulator's draft). */
  includeDrafts?: boolean;
  /**
   * Reviews recorded outside the crosswalk files (a regulator's, stored in the database), by `mappingKey`. They are
   * read together with the reviews the shipped rows carry.
   */
  reviews?: ReadonlyMap<string, readonly MappingReview[]>;
}

/** The key of one crosswalk row, for stored reviews: crosswalk id, source and target requirement. */
export function mappingKey(crosswalkId: string, source: string, target: string): string {
  return `${crosswalkId}\u0000${source}\u0000${target}`;
}

/**
 * Whether a row counts as reviewed: its most recent review (by date; stored reviews after shipped ones on the same
 * day) agrees with it. A row nobody has reviewed falls back on the crosswalk's own provenance. A `disagree` or
 * `changed` review as the latest word leaves it unreviewed until someone agrees with the row as it stands.
 */
export function mappingReviewed(
  crosswalk: Crosswalk,
  mapping: Mapping,
  stored: RecognitionContext["reviews"],
): boolean {
  const reviews = [
    ...(mapping.reviews ?? []),
    ...(stored?.get(mappingKey(crosswalk.id, mapping.source, mapping.target)) ?? []),
  ];
  if (reviews.length === 0) return crosswalk.provenance.reviewed;
  const latest = reviews.reduce((a, b) => (b.date >= a.date ? b : a));
  return latest.verdict === "agree";
}

/** Why a certificate did or did not count. */
export interface CertificateAssessment {
  index: number;
  certificate: HeldCertificate;
  framework?: string;
  counts: boolean;
  reasons: string[];
}

export interface RecognitionOutcome {
  findings: Finding[];
  certificates: CertificateAssessment[];
  /** Per certificate, in declaration order: what it did to this report's findings (for the report's `certificates`). */
  summary: CertificateRecognition[];
  /** Gaps a valid certificate would otherwise have covered: direct evidence kept them (framework, requirement). */
  heldByEvidence: { framework: string; requirement: string; certificates: string[] }[];
  /** Sentences for the report's `notes`, sorted. */
  notes: string[];
}

interface Candidate {
  coverage: Exclude<Coverage, "none">;
  trace: RecognitionTrace;
  certificateIndex: number;
}

/**
 * Applies the product's certificates to a framework's findings.
 *
 * @example
 * const { findings, notes } = applyRecognition(report.findings, declaration.certifications ?? [], {
 *   catalogs, crosswalks, arrangements, asOf: "2028-01-15", product: { model: "AH-100", identifiers: ["pkg:…"] },
 * });
 */
export function applyRecognition(
  findings: readonly Finding[],
  certifications: readonly HeldCertificate[],
  context: RecognitionContext,
): RecognitionOutcome {
  const notes = new Set<string>();
  const certificates: CertificateAssessment[] = [];
  const candidates = new Map<string, Candidate[]>();
  const frameworks = [...new Set(findings.map((finding) => finding.framework))].sort();
  certifications.forEach((certificate, index) => {
    const assessed = assessCertificate(certificate, index, context);
    certificates.push(assessed);
    if (!assessed.counts || assessed.framework === undefined) {
      notes.add(`Certificate ${label(certificate)} counts for nothing: ${assessed.reasons.join("; ")}.`);
      return;
    }
    for (const framework of frameworks) {
      for (const candidate of candidatesFor(certificate, index, assessed, framework, context, notes)) {
        const key = `${framework}\u0000${candidate.target}`;
        const list = candidates.get(key) ?? [];
        list.push(candidate.candidate);
        candidates.set(key, list);
      }
    }
  });

  let anyRecognised = false;
  const heldByEvidence: RecognitionOutcome["heldByEvidence"] = [];
  const tally = certifications.map(() => ({ recognized: 0, partial: 0, contradictedButCovered: 0 }));
  const upgraded = findings.map((finding): Finding => {
    const found = candidates.get(`${finding.framework}\u0000${finding.requirement}`);
    if (!found || found.length === 0) return finding;
    const traces = found.map((c) => c.trace).sort(compareTraces);
    const full = found.filter((c) => c.coverage === "full");
    const indexes = [...new Set(found.map((c) => c.certificateIndex))].sort((a, b) => a - b);
    if (finding.status === "gap" && finding.basis !== "absent") {
      const names = indexes.map((i) => label(certifications[i]!));
      heldByEvidence.push({ framework: finding.framework, requirement: finding.requirement, certificates: names });
      for (const i of indexes) tally[i]!.contradictedButCovered++;
      const shown =
        finding.basis === "contradicted"
          ? "the declaration or SBOM contradicts it"
          : "the declaration or SBOM shows a gap";
      return {
        ...finding,
        message: `${finding.message} ${names.join(", ")} would ${full.length > 0 ? "cover" : "partly cover"} this requirement, but ${shown}; direct evidence takes precedence.`,
        heldByEvidence: names,
      };
    }
    if (finding.status !== "needs-review" && finding.status !== "gap") return finding;
    anyRecognised = true;
    const wasGap = finding.status === "gap";
    const evidence = [
      ...finding.evidence,
      ...indexes.map((i) => ({
        fact: "certificate",
        value: certifications[i],
        location: `declaration:/certifications/${i}`,
      })),
    ];
    if (full.length > 0) {
      const via = full.map((c) => c.trace).sort(compareTraces)[0]!;
      for (const i of new Set(full.map((c) => c.certificateIndex))) tally[i]!.recognized++;
      // A lifted gap's remediation asked for the evidence the certificate now supplies.
      const { remediation: _dropped, ...rest } = finding;
      return {
        ...(wasGap ? rest : finding),
        status: "recognized" as const,
        message: `Recognized: ${describeTrace(via)}.${wasGap ? " The declaration and SBOM say nothing about this requirement; the certificate covers it." : ""}${unreviewedWarning(full.map((c) => c.trace))}`,
        evidence,
        recognition: traces,
      };
    }
    for (const i of indexes) tally[i]!.partial++;
    const residuals = distinctResiduals(found.map((c) => c.trace));
    const still = wasGap
      ? `Still to evidence (missing, so this remains a gap for the gate): ${residuals.join(" ")}`
      : `Still to evidence: ${residuals.join(" ")}`;
    return {
      ...finding,
      status: "partial" as const,
      message: `Partly covered: ${describeTrace(traces[0]!)}. ${still}${unreviewedWarning(traces)}`,
      evidence,
      recognition: traces,
      ...(wasGap ? { residualGap: true } : {}),
      remediation: `Evidence what the certificate does not cover: ${residuals.join(" ")}${finding.remediation ? ` ${finding.remediation}` : ""}`,
    };
  });
  const summary: CertificateRecognition[] = certificates.map((assessed, i) => ({
    index: i,
    scheme: assessed.certificate.scheme,
    ...(assessed.certificate.level !== undefined ? { level: assessed.certificate.level } : {}),
    ...(assessed.certificate.certificateId !== undefined ? { certificateId: assessed.certificate.certificateId } : {}),
    counts: assessed.counts,
    reasons: [...assessed.reasons],
    ...tally[i]!,
  }));
  if (anyRecognised && frameworks.includes("cra")) {
    notes.add(
      "Recognition under the CRA is evidence reuse, not a presumption of conformity: no CRA mutual recognition agreement is in force (Art. 34), and partner labels do not confer presumption (Art. 27).",
    );
  }
  return { findings: upgraded, certificates, summary, heldByEvidence, notes: [...notes].sort() };
}

function assessCertificate(
  certificate: HeldCertificate,
  index: number,
  context: RecognitionContext,
): CertificateAssessment {
  const reasons: string[] = [];
  const catalog = resolveScheme(certificate, context.catalogs);
  if (!catalog) {
    reasons.push(
      `no catalog for scheme "${certificate.scheme}"${certificate.version ? ` version ${certificate.version}` : ""}`,
    );
    return { index, certificate, counts: false, reasons };
  }
  if (certificate.validUntil !== undefined && certificate.validUntil < context.asOf) {
    reasons.push(`it expired on ${certificate.validUntil}, before the assessment date ${context.asOf}`);
  }
  if (certificate.validFrom !== undefined && certificate.validFrom > context.asOf) {
    reasons.push(`it is valid only from ${certificate.validFrom}, after the assessment date ${context.asOf}`);
  }
  if (certificate.scope !== undefined && !scopeCoversProduct(certificate.scope, context.product)) {
    reasons.push(`its scope ("${certificate.scope}") does not name this product (${productLabel(context.product)})`);
  }
  if ((catalog.levels ?? []).length > 0) {
    if (certificate.level === undefined)
      reasons.push(`${catalog.id} has levels (${catalog.levels!.join(", ")}) and the certificate names none`);
    else if (resolveLevel(catalog, certificate.level) === undefined) {
      reasons.push(`"${certificate.level}" is not a level of ${catalog.id} (${catalog.levels!.join(", ")})`);
    }
  }
  if (certificate.validUntil === undefined)
    reasons.push("no expiry date is declared, so validity could not be checked");
  const fatal = reasons.filter((r) => !r.startsWith("no expiry date"));
  return { index, certificate, framework: catalog.id, counts: fatal.length === 0, reasons };
}

/** `etsi-en-303-645` + version `3.1.3` → `etsi-en-303-645@3.1.3`; an exact id wins. */
export function resolveScheme(
  certificate: Pick<HeldCertificate, "scheme" | "version">,
  catalogs: ReadonlyMap<string, FrameworkCatalog>,
): FrameworkCatalog | undefined {
  const exact = catalogs.get(certificate.scheme);
  if (exact) return exact;
  if (certificate.scheme.includes("@")) return undefined;
  if (certificate.version) {
    const pinned = catalogs.get(`${certificate.scheme}@${certificate.version.replace(/^v/i, "")}`);
    if (pinned) return pinned;
  }
  return undefined;
}

/**
 * A certificate's free-text scope covers the product when it mentions the product's model, name or one of its
 * identifiers (case-insensitive). Scopes are written by issuers in words, so this is deliberately a plain
 * containment check; a scope naming none of them is treated as another product.
 */
export function scopeCoversProduct(scope: string, product: RecognitionContext["product"]): boolean {
  const haystack = scope.toLowerCase();
  const needles = [product.model, product.name, ...(product.identifiers ?? [])].filter(
    (n): n is string => typeof n === "string" && n.trim().length > 0,
  );
  if (needles.length === 0) return true;
  return needles.some((needle) => haystack.includes(needle.toLowerCase()));
}

/** Source requirements a valid certificate evidences, with the ICS taken into account. */
function evidencedRequirements(
  catalog: FrameworkCatalog,
  level: string | undefined,
  icsAnswers: RecognitionContext["icsAnswers"],
): Requirement[] {
  return requirementsAtLevel(catalog, level).filter((requirement) => {
    const answer = icsAnswerFor(requirement.id, icsAnswers);
    if (answer === "no" || answer === "not-applicable") return false;
    if (obligationAt(requirement, level) === "recommended") return answer === "yes";
    return true;
  });
}

function icsAnswerFor(requirementId: string, icsAnswers: RecognitionContext["icsAnswers"]): IcsAnswer | undefined {
  if (!icsAnswers) return undefined;
  const at = requirementId.lastIndexOf("ETSI-");
  if (at < 0) return undefined;
  return icsAnswers[requirementId.slice(at + "ETSI-".length)];
}

function candidatesFor(
  certificate: HeldCertificate,
  certificateIndex: number,
  assessed: CertificateAssessment,
  framework: string,
  context: RecognitionContext,
  notes: Set<string>,
): { target: string; candidate: Candidate }[] {
  const catalog = context.catalogs.get(assessed.framework!)!;
  const level = certificate.level === undefined ? undefined : resolveLevel(catalog, certificate.level);
  const validityUnknown = certificate.validUntil === undefined;
  const certRef: RecognitionTrace["certificate"] = {
    scheme: catalog.id,
    ...(level !== undefined ? { level } : {}),
    ...(certificate.certificateId !== undefined ? { certificateId: certificate.certificateId } : {}),
    ...(certificate.validUntil !== undefined ? { validUntil: certificate.validUntil } : {}),
    ...(certificate.assurance !== undefined ? { assurance: certificate.assurance } : {}),
  };
  const out: { target: string; candidate: Candidate }[] = [];
  const push = (
    target: string,
    coverage: Exclude<Coverage, "none">,
    trace: Omit<RecognitionTrace, "certificate" | "coverage">,
  ) => {
    // Without an expiry date the certificate cannot be shown to be current: it can support, not settle, a requirement.
    const effective = validityUnknown ? "partial" : coverage;
    const residual = validityUnknown
      ? [trace.residual, VALIDITY_UNKNOWN_RESIDUAL].filter(Boolean).join(" ")
      : trace.residual;
    out.push({
      target,
      candidate: {
        coverage: effective,
        certificateIndex,
        trace: { certificate: certRef, ...trace, coverage: effective, ...(residual ? { residual } : {}) },
      },
    });
  };

  const sourceIds = new Set(evidencedRequirements(catalog, level, context.icsAnswers).map((r) => r.id));
  const sourceById = requirementById(catalog);
  for (const crosswalk of context.crosswalks) {
    if (crosswalk.sourceFramework !== catalog.id || crosswalk.targetFramework !== framework) continue;
    for (const mapping of crosswalk.mappings) {
      if (!sourceIds.has(mapping.source)) continue;
      const coverage = coverageOf(mapping.relationship);
      if (coverage === "none") continue;
      const verified = sourceById.get(mapping.source)?.verified !== false;
      push(mapping.target, coverage, {
        via: {
          kind: "crosswalk",
          id: crosswalk.id,
          relationship: mapping.relationship,
          sourceRequirement: mapping.source,
          confidence: mapping.confidence,
          reviewed: mappingReviewed(crosswalk, mapping, context.reviews),
          ...(verified ? {} : { sourceVerified: false }),
        },
        ...(coverage === "partial" && mapping.residual ? { residual: mapping.residual } : {}),
      });
    }
  }

  const targetCatalog = context.catalogs.get(framework);
  for (const arrangement of context.arrangements) {
    if (arrangement.status === "expired") continue;
    if (arrangement.status === "draft" && !context.includeDrafts) continue;
    for (const route of arrangement.routes) {
      if (route.to.scheme !== framework) continue;
      const match = routeMatches(route, arrangement, catalog, certificate, level, context);
      if (!match.ok) {
        if (match.reason)
          notes.add(
            `Arrangement ${arrangement.id} (route ${route.id}) does not apply to ${label(certificate)}: ${match.reason}.`,
          );
        continue;
      }
      if (route.kind === "simplified-application") {
        notes.add(
          `Arrangement ${arrangement.id} (route ${route.id}) offers ${label(certificate)} a simplified application for ${route.to.scheme}${route.to.level ? ` ${route.to.level}` : ""}; that is not recognition, so no requirement counts as met through it.`,
        );
        continue;
      }
      const targets = routeTargets(route, targetCatalog);
      const coverage: Exclude<Coverage, "none"> = match.residual ? "partial" : "full";
      for (const target of targets) {
        push(target, coverage, {
          via: {
            kind: "arrangement",
            id: arrangement.id,
            route: route.id,
            reviewed: arrangement.source.verified !== false && arrangement.status === "in-force",
          },
          ...(match.residual ? { residual: match.residual } : {}),
        });
      }
    }
  }
  return out;
}

function routeTargets(route: ArrangementRoute, targetCatalog: FrameworkCatalog | undefined): string[] {
  if (route.to.requirements) return [...route.to.requirements];
  if (!targetCatalog) return [];
  const level = route.to.level === undefined ? undefined : resolveLevel(targetCatalog, route.to.level);
  return requirementsAtLevel(targetCatalog, level).map((r) => r.id);
}

type RouteMatch = { ok: true; residual?: string } | { ok: false; reason?: string };

function routeMatches(
  route: ArrangementRoute,
  arrangement: Arrangement,
  catalog: FrameworkCatalog,
  certificate: HeldCertificate,
  level: string | undefined,
  context: RecognitionContext,
): RouteMatch {
  if (route.from.scheme !== catalog.id) return { ok: false };
  if (route.from.level !== undefined) {
    if (level === undefined) return { ok: false, reason: `the route needs level ${route.from.level}` };
    const held = levelRank(catalog, level);
    const needed = levelRank(catalog, route.from.level);
    if (route.from.orHigher ? held < needed : held !== needed) {
      return {
        ok: false,
        reason: `the route needs level ${route.from.level}${route.from.orHigher ? " or higher" : ""}, the certificate is ${level}`,
      };
    }
  }
  if (arrangement.effective.from > context.asOf) {
    return { ok: false, reason: `it takes effect on ${arrangement.effective.from}, after ${context.asOf}` };
  }
  if (arrangement.effective.to !== undefined && arrangement.effective.to < context.asOf) {
    return { ok: false, reason: `it ended on ${arrangement.effective.to}` };
  }
  if (route.from.assurance !== undefined && certificate.assurance !== route.from.assurance) {
    return {
      ok: false,
      reason: `the route accepts only ${route.from.assurance} assurance, the certificate declares ${certificate.assurance ?? "none"}`,
    };
  }
  const residuals: string[] = [];
  const wantedVersion = route.conditions.versions?.[catalog.id];
  if (wantedVersion !== undefined) {
    if (certificate.version === undefined)
      residuals.push(`Show that the certificate was issued against ${wantedVersion}.`);
    else if (!sameVersion(certificate.version, wantedVersion)) {
      return {
        ok: false,
        reason: `the route requires criteria version ${wantedVersion}, the certificate was issued against ${certificate.version}`,
      };
    }
  }
  const scope = route.conditions.productScope;
  if (scope) {
    const kinds = new Set((context.product.kinds ?? []).map((k) => k.toLowerCase()));
    const excluded = (scope.exclude ?? []).filter((k) => kinds.has(k.toLowerCase()));
    if (excluded.length > 0) return { ok: false, reason: `the route excludes products of kind ${excluded.join(", ")}` };
    if (scope.include && scope.include.length > 0) {
      if (kinds.size === 0)
        residuals.push(`Show that the product is of a kind the route covers (${scope.include.join(", ")}).`);
      else if (!scope.include.some((k) => kinds.has(k.toLowerCase()))) {
        return { ok: false, reason: `the route covers only ${scope.include.join(", ")}` };
      }
    }
  }
  return residuals.length > 0 ? { ok: true, residual: residuals.join(" ") } : { ok: true };
}

/** "v1.4", "SP-151-2 v1.4" and "CCC SP-151-2 v1.4" match: equal text, or the same trailing version number. */
export function sameVersion(held: string, wanted: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();
  if (norm(held) === norm(wanted)) return true;
  const tail = (s: string) => /(\d+(?:\.\d+)*)(?!.*\d)/.exec(s)?.[1];
  const a = tail(held);
  return a !== undefined && a === tail(wanted);
}

function label(certificate: HeldCertificate): string {
  return `${certificate.scheme}${certificate.level ? ` ${certificate.level}` : ""}${certificate.certificateId ? ` (${certificate.certificateId})` : ""}`;
}

function productLabel(product: RecognitionContext["product"]): string {
  return [product.model, product.name].filter(Boolean).join(", ") || "unnamed product";
}

function describeTrace(trace: RecognitionTrace): string {
  const c = trace.certificate;
  const said = [c.certificateId, assuranceWords(c.assurance)].filter(Boolean).join(", ");
  const cert = `${c.scheme}${c.level ? ` ${c.level}` : ""}${said ? ` (${said})` : ""}`;
  if (trace.via.kind === "crosswalk") {
    return `${cert} → ${trace.via.sourceRequirement} ${trace.via.relationship} this requirement (crosswalk ${trace.via.id}, confidence ${trace.via.confidence})`;
  }
  return `${cert} → arrangement ${trace.via.id}, route ${trace.via.route}`;
}

function unreviewedWarning(traces: readonly RecognitionTrace[]): string {
  const sentences: string[] = [];
  const mappings = traces.filter((t) => t.via.kind === "crosswalk" && t.via.reviewed === false);
  if (mappings.length > 0) {
    const rows = [...new Set(mappings.map((t) => `${t.via.sourceRequirement} (${t.via.id})`))].sort();
    sentences.push(`Relied on an unreviewed mapping (no agreeing review): ${rows.join(", ")}.`);
  }
  if (traces.some((t) => t.via.kind === "crosswalk" && t.via.sourceVerified === false))
    sentences.push("A partner requirement relied on is marked unverified in the reference material.");
  if (traces.some((t) => t.via.kind === "arrangement" && t.via.reviewed === false))
    sentences.push("The arrangement relied on is a draft or rests on unverified sources.");
  return sentences.length > 0 ? ` ${sentences.join(" ")}` : "";
}

function compareTraces(a: RecognitionTrace, b: RecognitionTrace): number {
  const rank = (t: RecognitionTrace) => (t.coverage === "full" ? 0 : 1);
  const key = (t: RecognitionTrace) =>
    `${t.via.kind}\u0000${t.via.id}\u0000${t.via.sourceRequirement ?? t.via.route ?? ""}\u0000${t.certificate.scheme}\u0000${t.certificate.certificateId ?? ""}`;
  return rank(a) - rank(b) || key(a).localeCompare(key(b));
}
