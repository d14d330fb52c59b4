/**
 * Use case: assess one product (a declaration and optionally an SBOM) against one or more frameworks and build
 * one report per framework. Called the same way by the CLI, the HTTP service and its workers:
 * `assessProduct({ ctx, input })`. Free of process, terminal and HTTP: input is bytes and text, output is
 * reports or located input issues.
 *
 * The context holds the loaded catalogs and compiled rule sets; build it once with `createAssessContext()` and
 * reuse it. A partner framework plugs in as `rules/<framework-id>/*.json` beside its catalog in
 * `seeds/frameworks/`, with `assessEveryRequirement` as its scope unless it registers one.
 *
 * The CRA report also applies the declaration's partner certificates (mutual recognition: `needs-review` findings
 * and gaps the inputs are silent on can become `recognized` or `partial`; a gap the evidence shows stays a gap, see
 * src/crosswalk/recognition.ts) and, when advisory matches are given, lists them as `vulnerabilities` with the
 * Annex I Part I (2)(a) findings pointing at the list.
 *
 * @example
 * const ctx = await createAssessContext({ frameworks: ["cra"] });
 * const outcome = await assessProduct({
 *   ctx,
 *   input: { declaration: { text: yamlText, fileName: "declaration.yaml" }, sbom: { bytes }, asOf: "2028-01-15" },
 * });
 * if (outcome.ok) console.log(outcome.verdict, outcome.reports[0]?.summary);
 */
import type { KeyObject } from "node:crypto";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { seedCatalogMap } from "../crosswalk/catalog.js";
import { requirementsAtLevel, resolveLevel } from "../crosswalk/levels.js";
import { recognizeFromDeclaration } from "../crosswalk/recognize-declaration.js";
import {
  loadRecognitionData,
  type RecognitionData,
  type RecognitionDirs,
  seedRecognitionData,
} from "../crosswalk/seeds.js";
import { MAX_DECLARATION_CHARS, parseDeclaration, parseDeclarationValue } from "../declaration/parse.js";
import type { Declaration } from "../declaration/schema.js";
import type { Baseline } from "../domain/baseline.js";
import type { MappingReview } from "../domain/crosswalk.js";
import { capIssues, type InputIssue, type Rejected } from "../domain/input-issue.js";
import type { AssessmentReport, CertificateRecognition, Finding } from "../domain/report.js";
import type { FrameworkCatalog } from "../domain/requirement.js";
import { buildReport, type FailOn } from "../domain/verdict.js";
import type { VulnerabilityMatch } from "../domain/vulnerability-match.js";
import { isIsoDate, type Waiver } from "../domain/waivers.js";
import { readStructuredText, type StructuredDocument } from "../input/structured-text.js";
import { canonicalJson } from "../json/canonical.js";
import { pointerPath } from "../json/pointer.js";
import { packagePath } from "../package-root.js";
import { assessFindings } from "../rules/evaluate.js";
import {
  buildAssessmentFacts,
  componentLocator,
  DEFAULT_FACT_POLICY,
  type FactPolicy,
  type SbomInput,
} from "../rules/facts.js";
import { loadRuleSet, RULES_ROOT, type RuleSet } from "../rules/loader.js";
import { PARTNER_SCOPES } from "../rules/partner-scopes.js";
import { assessEveryRequirement, atLevel, craScope, type FrameworkScope } from "../rules/scope.js";
import { ingestSbomBytes } from "../sbom/ingest.js";
import type { NormalizedSbom } from "../sbom/model.js";

export interface AssessContext {
  catalogs: Map<string, FrameworkCatalog>;
  ruleSets: Map<string, RuleSet>;
  scopes: Map<string, FrameworkScope>;
  toolVersion: string;
  policy: FactPolicy;
  /** Crosswalks and arrangements in force, for mutual recognition in the CRA report. */
  recognition: Pick<RecognitionData, "catalogs" | "crosswalks" | "arrangements">;
}

export interface AssessInput {
  /** Optional: without an SBOM, Annex I Part II (1) is a gap and SBOM-based checks do not run. */
  sbom?: {
    bytes: Uint8Array;
    fileName?: string;
    /** A public key the user trusts: the SBOM's JSF signature is checked with it (BSI-G-8, CISA signature). */
    publicKey?: KeyObject;
  };
  /**
   * Optional when an SBOM is given: the SBOM alone is then assessed, and every requirement judged from the
   * declaration is needs-review with "no declaration given" (no product class or placing date is assumed).
   */
  declaration?: { text: string; fileName?: string } | { value: unknown };
  /** Assessment date, YYYY-MM-DD. */
  asOf: string;
  /** Framework ids; default `["cra"]`. */
  frameworks?: string[];
  /**
   * Level of the levelled frameworks of the run (sg-cls L1-L4, kr-iot-cic lite/basic/standard, jp-jc-star star-1):
   * one level name for every levelled framework (`"L2"`), or `id=level` pairs (`"sg-cls=L2,kr-iot-cic=basic"`).
   * Without it, a framework with a single level is assessed at that level and one with several at all of them.
   */
  level?: string;
  failOn?: FailOn;
  waivers?: Waiver[];
  baseline?: Baseline & { file?: string };
  /** Advisory matches; when absent, only the SBOM's own vulnerability records are known. */
  vulnerabilityMatches?: VulnerabilityMatch[];
  /**
   * Apply the declaration's partner certificates to the CRA report (default true). What-if analyses that apply
   * their own recognition on top (mra simulate) set it to false to get the findings of the evidence alone.
   */
  recognition?: boolean;
  /**
   * Crosswalk reviews recorded outside the crosswalk files (a regulator's, stored in the service's database), by
   * `mappingKey`. Recognition reads them with the reviews the shipped rows carry, so a mapping a regulator agreed
   * with is no longer reported as unreviewed. Service callers fill it through `assessInService`.
   */
  reviews?: ReadonlyMap<string, readonly MappingReview[]>;
}

export type AssessOutcome =
  | { ok: true; reports: AssessmentReport[]; verdict: "pass" | "fail"; warnings: InputIssue[] }
  | Rejected;

/** A shipped rule set or catalog is broken: a fault of the installation, never of the user's input. */
export class RuleSetLoadError extends Error {
  constructor(readonly issues: InputIssue[]) {
    super(
      `Rule sets are invalid:\n${issues
        .map((i) => `  ${i.source ?? ""}${i.path ? ` ${i.path}` : ""}: ${i.message}`)
        .join("\n")}`,
    );
    this.name = "RuleSetLoadError";
  }
}

const SCOPES: Readonly<Record<string, FrameworkScope>> = { cra: craScope, ...PARTNER_SCOPES };

/** Certificates are applied to this framework's report only: crosswalks and arrangements lead to the CRA. */
const RECOGNITION_TARGET = "cra";
/** The report that lists matched advisories: Annex I Part I (2)(a) and Part II (2) read them. */
const VULNERABILITY_LIST_FRAMEWORK = "cra";
/** The Annex I Part I (2)(a) requirement: "no known exploitable vulnerabilities". */
const KNOWN_VULNERABILITIES_REQUIREMENT = "CRA-AI-P1-2a";

/**
 * Loads catalogs and compiles rule sets. With `frameworks`, only those; otherwise every `rules/<id>/` folder.
 * Throws `RuleSetLoadError` (or the catalog's load error) when shipped data is invalid.
 */
export async function createAssessContext(
  options: {
    frameworks?: string[];
    rulesRoot?: string;
    policy?: FactPolicy;
    toolVersion?: string;
    /** Where crosswalks and arrangements come from; default the shipped seeds. */
    recognitionDirs?: RecognitionDirs;
  } = {},
): Promise<AssessContext> {
  const rulesRoot = options.rulesRoot ?? RULES_ROOT;
  const catalogs = seedCatalogMap();
  const ids = options.frameworks ?? (await ruleFolders(rulesRoot));
  const ruleSets = new Map<string, RuleSet>();
  const issues: InputIssue[] = [];
  for (const id of ids) {
    const catalog = catalogs.get(id);
    if (!catalog) {
      issues.push({
        source: `rules/${id}`,
        constraint: "catalog",
        message: `No catalog seeds/frameworks for "${id}".`,
      });
      continue;
    }
    const loaded = await loadRuleSet(id, catalog, { rulesRoot });
    if (loaded.ok) ruleSets.set(id, loaded.value);
    else issues.push(...loaded.issues);
  }
  if (issues.length > 0) throw new RuleSetLoadError(issues);
  const scopes = new Map<string, FrameworkScope>();
  for (const id of ruleSets.keys()) scopes.set(id, SCOPES[id] ?? assessEveryRequirement);
  // Only the CRA report applies certificates; a context for partner frameworks alone skips the seeds (measured:
  // loading them takes about 0.75 s on a 2-core machine, more than compiling the CRA rule set).
  let recognition: AssessContext["recognition"] = { catalogs, crosswalks: [], arrangements: [] };
  if (ruleSets.has(RECOGNITION_TARGET)) recognition = loadRecognition(options.recognitionDirs);
  return {
    catalogs,
    ruleSets,
    scopes,
    toolVersion: options.toolVersion ?? (await packageVersion()),
    policy: options.policy ?? DEFAULT_FACT_POLICY,
    recognition,
  };
}

/** Crosswalks and arrangements that do not load are a fault of the installation, like a broken rule set. */
function loadRecognition(dirs: RecognitionDirs | undefined): RecognitionData {
  if (dirs) {
    const loaded = loadRecognitionData(dirs);
    if (!loaded.ok) throw new RuleSetLoadError(loaded.issues);
    return loaded.value;
  }
  try {
    return seedRecognitionData();
  } catch (error) {
    throw new RuleSetLoadError([
      {
        source: "seeds/crosswalks",
        constraint: "load",
        message: error instanceof Error ? error.message : String(error),
      },
    ]);
  }
}

/** Framework ids that have both a rule folder and a catalog: what `createAssessContext` can load. */
export async function availableFrameworks(rulesRoot = RULES_ROOT): Promise<string[]> {
  const catalogs = seedCatalogMap();
  return (await ruleFolders(rulesRoot)).filter((id) => catalogs.has(id));
}

async function ruleFolders(rulesRoot: string): Promise<string[]> {
  const entries = await readdir(rulesRoot, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(packagePath("package.json"), "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "0.0.0";
}

export async function assessProduct({
  ctx,
  input,
}: {
  ctx: AssessContext;
  input: AssessInput;
}): Promise<AssessOutcome> {
  const issues: InputIssue[] = [];
  const frameworks = input.frameworks ?? ["cra"];
  if (!isIsoDate(input.asOf)) {
    issues.push({
      source: "options",
      path: "/asOf",
      constraint: "format",
      message: "asOf must be a calendar date written YYYY-MM-DD.",
    });
  }
  for (const id of frameworks) {
    if (!ctx.ruleSets.has(id)) {
      issues.push({
        source: "options",
        path: "/frameworks",
        constraint: "enum",
        message: `No rule set for framework "${id}"; available: ${[...ctx.ruleSets.keys()].sort().join(", ")}.`,
      });
    }
  }

  const levels = chooseLevels(
    frameworks.filter((id) => ctx.ruleSets.has(id)),
    ctx.catalogs,
    input.level,
  );
  issues.push(...levels.issues);

  if (input.declaration === undefined && input.sbom === undefined) {
    issues.push({
      source: "options",
      path: "/declaration",
      constraint: "required",
      message: "Give a declaration, an SBOM, or both: there is nothing to assess.",
    });
  }
  // Read both inputs before reporting, so a user sees every problem of one run at once.
  const declaration: ReturnType<typeof readDeclaration> | { ok: true; value: undefined } =
    input.declaration === undefined ? { ok: true, value: undefined } : readDeclaration(input.declaration);
  if (!declaration.ok) issues.push(...declaration.issues.map((i) => ({ ...i, source: "declaration" })));

  let sbom:
    | (SbomInput & {
        sha256: string;
        standard: string;
        format: string;
        specVersion: string;
        components: number;
        file?: string;
      })
    | undefined;
  let omitted = 0;
  const warnings: InputIssue[] = [];
  if (input.sbom) {
    const ingested = ingestSbomBytes(
      input.sbom.bytes,
      input.sbom.publicKey ? { publicKey: input.sbom.publicKey } : undefined,
    );
    if (!ingested.ok) {
      issues.push(...ingested.issues.map((i) => ({ ...i, source: "sbom" })));
      omitted += ingested.omitted ?? 0;
    } else {
      sbom = {
        sbom: ingested.sbom,
        quality: ingested.quality,
        sha256: ingested.sha256,
        standard: ingested.standard,
        format: ingested.format,
        specVersion: ingested.specVersion,
        components: ingested.sbom.components.length,
      };
      warnings.push(...ingested.warnings.map((w) => ({ ...w, source: "sbom" })));
    }
  }
  if (issues.length > 0 || !declaration.ok) {
    const capped = capIssues(issues);
    return { ok: false, issues: capped.issues, omitted: capped.omitted + omitted };
  }

  const d = declaration.value;
  const facts = buildAssessmentFacts({
    ...(d ? { declaration: d } : {}),
    ...(sbom ? { sbom } : {}),
    ...(input.vulnerabilityMatches ? { vulnerabilityMatches: input.vulnerabilityMatches } : {}),
    asOf: input.asOf,
    policy: ctx.policy,
  });
  const product = d ? declaredProduct(d) : sbomProduct(sbom?.sbom);
  const inputs: AssessmentReport["inputs"] = {};
  if ("sha256" in declaration) {
    inputs.declaration = { sha256: declaration.sha256 };
    if (input.declaration && "text" in input.declaration && input.declaration.fileName) {
      inputs.declaration.file = input.declaration.fileName;
    }
  }
  if (sbom) {
    if (input.sbom?.fileName) sbom.file = input.sbom.fileName;
    inputs.sbom = {
      sha256: sbom.sha256,
      standard: sbom.standard,
      format: sbom.format,
      specVersion: sbom.specVersion,
      components: sbom.components,
      ...(sbom.file ? { file: sbom.file } : {}),
    };
  }

  const locateComponent = componentLocator(sbom?.sbom);
  const reports: AssessmentReport[] = [];
  for (const id of frameworks) {
    const ruleSet = ctx.ruleSets.get(id)!;
    const catalog = ctx.catalogs.get(id)!;
    const level = levels.chosen.get(id);
    const baseScope = ctx.scopes.get(id) ?? assessEveryRequirement;
    const scope = level === undefined ? baseScope : atLevel(baseScope, level);
    let findings = await assessFindings({ catalog, ruleSet, scope, facts, locateComponent });
    const notes = [...(d ? [] : [NO_DECLARATION_NOTE]), ...levelNotes(catalog, level), ...scope.notes(facts)];
    let certificates: CertificateRecognition[] | undefined;
    if (d && id === RECOGNITION_TARGET && input.recognition !== false) {
      // A gap the evidence shows stays a gap; only gaps the inputs are silent on can be lifted (recognition.ts).
      const recognized = recognizeFromDeclaration(findings, d, {
        asOf: input.asOf,
        data: ctx.recognition,
        ...(input.reviews ? { reviews: input.reviews } : {}),
      });
      findings = recognized.findings;
      notes.push(...recognized.notes);
      if (recognized.summary.length > 0) certificates = recognized.summary;
    }
    const listsVulnerabilities = id === VULNERABILITY_LIST_FRAMEWORK && input.vulnerabilityMatches !== undefined;
    if (listsVulnerabilities) referenceVulnerabilityList(findings, input.vulnerabilityMatches ?? []);
    if ("locate" in declaration && declaration.locate) addDeclarationLines(findings, declaration.locate);
    reports.push(
      buildReport({
        framework: catalog,
        ...(level !== undefined ? { level } : {}),
        findings,
        asOf: input.asOf,
        failOn: input.failOn ?? "high",
        product,
        inputs,
        tool: { name: "cra-assessor", version: ctx.toolVersion, ruleSetVersion: ruleSet.version },
        notes,
        ...(input.waivers ? { waivers: input.waivers } : {}),
        ...(input.baseline ? { baseline: input.baseline } : {}),
        ...(listsVulnerabilities ? { vulnerabilities: input.vulnerabilityMatches } : {}),
        ...(certificates ? { certificates } : {}),
      }),
    );
  }
  const verdict = reports.every((r) => r.verdict === "pass") ? "pass" : "fail";
  return { ok: true, reports, verdict, warnings };
}

/**
 * The level each levelled framework of the run is assessed at. A level the catalog does not know is an input
 * error that lists the valid ones; so is a level for a run without levelled frameworks.
 */
export function chooseLevels(
  frameworks: readonly string[],
  catalogs: ReadonlyMap<string, FrameworkCatalog>,
  level: string | undefined,
): { chosen: Map<string, string>; issues: InputIssue[] } {
  const chosen = new Map<string, string>();
  const issues: InputIssue[] = [];
  const levelled = frameworks.filter((id) => (catalogs.get(id)?.levels ?? []).length > 0);
  const issue = (message: string) => issues.push({ source: "options", path: "/level", constraint: "enum", message });
  const pick = (id: string, wanted: string) => {
    const catalog = catalogs.get(id);
    const levels = catalog?.levels ?? [];
    if (!catalog || levels.length === 0) {
      issue(`${id} has no levels; frameworks of this run with levels: ${levelled.join(", ") || "none"}.`);
      return;
    }
    const resolved = resolveLevel(catalog, wanted);
    if (resolved === undefined) issue(`"${wanted}" is not a level of ${id}; valid levels: ${levels.join(", ")}.`);
    else chosen.set(id, resolved);
  };
  const written = level?.trim() ?? "";
  if (written === "") {
    // A framework with one level (JC-STAR: only ★1 operates) has nothing to choose.
    for (const id of levelled) {
      const levels = catalogs.get(id)?.levels ?? [];
      if (levels.length === 1) chosen.set(id, levels[0]!);
    }
    return { chosen, issues };
  }
  if (written.includes("=")) {
    for (const pair of written.split(",")) {
      const [id = "", wanted = ""] = pair.split("=").map((part) => part.trim());
      if (!frameworks.includes(id)) {
        issue(`"${pair.trim()}": ${id || "(no id)"} is not a framework of this run (${frameworks.join(", ")}).`);
      } else if (wanted === "") issue(`"${pair.trim()}": name a level after "=".`);
      else pick(id, wanted);
    }
    return { chosen, issues };
  }
  if (levelled.length === 0) {
    issue(
      `No framework of this run has levels (${frameworks.join(", ")}); levels exist for ${[...catalogs.values()]
        .filter((c) => (c.levels ?? []).length > 0)
        .map((c) => `${c.id} (${(c.levels ?? []).join(", ")})`)
        .join(", ")}.`,
    );
    return { chosen, issues };
  }
  for (const id of levelled) pick(id, written);
  return { chosen, issues };
}

/** What a level does to the report: which catalog entries it holds, or that no level was chosen. */
function levelNotes(catalog: FrameworkCatalog, level: string | undefined): string[] {
  const levels = catalog.levels ?? [];
  if (levels.length === 0) return [];
  if (level === undefined) {
    return [
      `No level chosen: the requirements of every level (${levels.join(", ")}) are assessed together. Choose one with --level (API: level).`,
    ];
  }
  const inLevel = requirementsAtLevel(catalog, level).length;
  return [
    `Assessed at level ${level}: ${inLevel} of the catalog's ${catalog.requirements.length} requirements belong to it; the others are left out.`,
  ];
}

/**
 * The first note of a report assessed without a declaration; renderers show it in their heading (wording.ts reads
 * the absence from `inputs.declaration`).
 */
export const NO_DECLARATION_NOTE =
  "No declaration given: only what the SBOM (and matched advisories) show is assessed, such as the SBOM itself (Annex I Part II (1)), the SBOM profiles and known vulnerabilities. Every requirement judged from the declaration is needs-review, and no product class, placing date or role is assumed.";

function declaredProduct(d: Declaration): AssessmentReport["product"] {
  const product: AssessmentReport["product"] = {
    name: d.product.name,
    identifiers: [...(d.product.identifiers ?? [])],
  };
  if (d.product.version) product.version = d.product.version;
  if (d.product.category) product.category = d.product.category;
  if (d.manufacturer?.name) product.manufacturer = d.manufacturer.name;
  return product;
}

/**
 * The product as the SBOM's root component names it, for an SBOM-only report. No category (class) and no
 * manufacturer: those come from the declaration and are not guessed.
 */
function sbomProduct(sbom: NormalizedSbom | undefined): AssessmentReport["product"] {
  const root = sbom?.root;
  if (!root) return { name: "(unnamed: no declaration, and the SBOM names no root component)", identifiers: [] };
  const identifiers = [root.purl?.raw, root.cpe, root.swidTagId].filter((id): id is string => id !== undefined);
  return { name: root.name, identifiers: identifiers.sort(), ...(root.version ? { version: root.version } : {}) };
}

type Locate = StructuredDocument["locate"];

/**
 * Points the Annex I Part I (2)(a) findings at the report's vulnerability list, with the counts a reader needs
 * before opening it (matches, exploitable after VEX, actively exploited).
 */
function referenceVulnerabilityList(findings: Finding[], matches: readonly VulnerabilityMatch[]): void {
  const value = {
    matched: matches.length,
    exploitable: matches.filter((m) => m.exploitable).length,
    knownExploited: matches.filter((m) => m.exploitable && m.knownExploited).length,
  };
  for (const finding of findings) {
    if (finding.requirement !== KNOWN_VULNERABILITIES_REQUIREMENT) continue;
    finding.evidence = [
      ...finding.evidence,
      { fact: "vulnerabilities", value: { ...value }, location: "report:/vulnerabilities" },
    ];
  }
}

function readDeclaration(
  source: NonNullable<AssessInput["declaration"]>,
): { ok: true; value: Declaration; sha256: string; locate?: Locate } | Rejected {
  if ("text" in source) {
    const parsed = parseDeclaration(source.text, source.fileName ?? "declaration");
    if (!parsed.ok) return parsed;
    // Read once more for positions: declarations are at most 1 MiB, and lines let SARIF point into the file.
    const read = readStructuredText(source.text, { maxChars: MAX_DECLARATION_CHARS });
    const located = read.ok ? { locate: read.value.locate } : {};
    return {
      ok: true,
      value: parsed.value,
      sha256: createHash("sha256").update(source.text, "utf8").digest("hex"),
      ...located,
    };
  }
  const parsed = parseDeclarationValue(source.value);
  if (!parsed.ok) return parsed;
  // Hash of the validated value in a stable form, so the same declaration posted twice hashes alike.
  return {
    ok: true,
    value: parsed.value,
    sha256: createHash("sha256").update(canonicalJson(parsed.value)).digest("hex"),
  };
}

/** Adds the line and column of each `declaration:/…` evidence location (its nearest existing ancestor if absent). */
function addDeclarationLines(findings: Finding[], locate: Locate): void {
  for (const finding of findings) {
    for (const fact of finding.evidence) {
      if (!fact.location?.startsWith("declaration:/")) continue;
      const path = pointerPath(fact.location.slice("declaration:".length));
      const position = locate(path);
      if (position) {
        fact.line = position.line;
        fact.column = position.column;
      }
    }
  }
}
