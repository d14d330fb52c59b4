/**
 * What a partner certificate is worth in a report: findings of a framework (usually the CRA) upgraded to
 * `recognized` or `partial` where a valid certificate reaches them through a crosswalk or an arrangement.
 *
 * Rules (issue 4, "Product"):
 * - A certificate counts only if it is current on `asOf`, covers the product (its `scope`), names a level the
 *   scheme has, and satisfies the route's conditions. Otherwise it counts for nothing and a note says why.
 * - Crosswalk: an `equal`, `equivalent` or `superset-of` mapping from a requirement the certificate evidences makes
 *   the target `recognized`; `subset-of` or `intersects-with` makes it `partial`, with the residual as what is left
 *   to evidence. Recommendations count only where the certificate's ICS answers "yes"; a "no" or "not-applicable"
 *   answer takes a provision out.
 * - Arrangement: a `recognition` route to the findings' framework recognises the named requirements (or the named
 *   level's requirements). A `simplified-application` route recognises nothing; it is reported as a note.
 * - Direct evidence wins. Only `needs-review` findings are upgraded. A `gap` is never hidden: the SBOM or the
 *   declaration shows the requirement is not met, and a label cannot outweigh that, so the gap stays and its
 *   message says which certificate would otherwise have covered it. `met`, `not-applicable` and `waived` findings
 *   are left as they are.
 * - Under the CRA this is evidence reuse, not presumption of conformity: no CRA mutual recognition agreement is in
 *   force (Art. 34 only allows the Union to conclude them), so reports say so.
 */
import {
  type Arrangement,
  type ArrangementRoute,
  type Coverage,
  type Crosswalk,
  coverageOf,
} from "../domain/crosswalk.js";
import type { Finding, RecognitionTrace } from "../domain/report.js";
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
  const upgraded = findings.map((finding) => {
    const found = candidates.get(`${finding.framework}\u0000${finding.requirement}`);
    if (!found || found.length === 0) return finding;
    const traces = found.map((c) => c.trace).sort(compareTraces);
    const full = found.filter((c) => c.coverage === "full");
    if (finding.status === "gap") {
      const names = [...new Set(found.map((c) => label(certifications[c.certificateIndex]!)))].sort();
      heldByEvidence.push({ framework: finding.framework, requirement: finding.requirement, certificates: names });
      return {
        ...finding,
        message: `${finding.message} ${names.join(", ")} would ${full.length > 0 ? "cover" : "partly cover"} this requirement, but the declaration or SBOM shows a gap; direct evidence takes precedence.`,
      };
    }
    if (finding.status !== "needs-review") return finding;
    anyRecognised = true;
    const evidence = [
      ...finding.evidence,
      ...[...new Set(found.map((c) => c.certificateIndex))]
        .sort((a, b) => a - b)
        .map((i) => ({
          fact: "certificate",
          value: certifications[i],
          location: `declaration:/certifications/${i}`,
        })),
    ];
    if (full.length > 0) {
      const via = full.map((c) => c.trace).sort(compareTraces)[0]!;
      return {
        ...finding,
        status: "recognized" as const,
        message: `Recognized: ${describeTrace(via)}.${unreviewedWarning(full.map((c) => c.trace))}`,
        evidence,
        recognition: traces,
      };
    }
    const residuals = [...new Set(found.map((c) => c.trace.residual).filter((r): r is string => Boolean(r)))].sort();
    return {
      ...finding,
      status: "partial" as const,
      message: `Partly covered: ${describeTrace(traces[0]!)}. Still to evidence: ${residuals.join(" ")}${unreviewedWarning(traces)}`,
      evidence,
      recognition: traces,
      remediation: `Evidence what the certificate does not cover: ${residuals.join(" ")}${finding.remediation ? ` ${finding.remediation}` : ""}`,
    };
  });
  if (anyRecognised && frameworks.includes("cra")) {
    notes.add(
      "Recognition under the CRA is evidence reuse, not a presumption of conformity: no CRA mutual recognition agreement is in force (Art. 34), and partner labels do not confer presumption (Art. 27).",
    );
  }
  return { findings: upgraded, certificates, heldByEvidence, notes: [...notes].sort() };
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
      ? [trace.residual, "Show that the certificate is current (no expiry date was declared)."]
          .filter(Boolean)
          .join(" ")
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
          reviewed: crosswalk.provenance.reviewed && verified,
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
  const cert = `${trace.certificate.scheme}${trace.certificate.level ? ` ${trace.certificate.level}` : ""}${trace.certificate.certificateId ? ` (${trace.certificate.certificateId})` : ""}`;
  if (trace.via.kind === "crosswalk") {
    return `${cert} → ${trace.via.sourceRequirement} ${trace.via.relationship} this requirement (crosswalk ${trace.via.id}, confidence ${trace.via.confidence})`;
  }
  return `${cert} → arrangement ${trace.via.id}, route ${trace.via.route}`;
}

function unreviewedWarning(traces: readonly RecognitionTrace[]): string {
  return traces.some((t) => t.via.reviewed === false)
    ? " The mapping or arrangement relied on is not reviewed or rests on unverified sources."
    : "";
}

function compareTraces(a: RecognitionTrace, b: RecognitionTrace): number {
  const rank = (t: RecognitionTrace) => (t.coverage === "full" ? 0 : 1);
  const key = (t: RecognitionTrace) =>
    `${t.via.kind}\u0000${t.via.id}\u0000${t.via.sourceRequirement ?? t.via.route ?? ""}\u0000${t.certificate.scheme}\u0000${t.certificate.certificateId ?? ""}`;
  return rank(a) - rank(b) || key(a).localeCompare(key(b));
}
