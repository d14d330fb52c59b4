/**
 * What the `frameworks` commands do (registered in ../commands/frameworks.ts). Imported only when one of them runs, so
 * that building the command tree for help or a usage error loads none of what the actions need.
 */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { loadArrangementFile } from "../../crosswalk/arrangement.js";
import { toCycloneDxStandard, toOscalCatalog } from "../../crosswalk/catalog-export.js";
import { parseCrosswalkText } from "../../crosswalk/crosswalk.js";
import { COUNTS_LEGEND, frameworkCounts } from "../../crosswalk/framework-counts.js";
import { obligationAt, resolveLevel } from "../../crosswalk/levels.js";
import { fromCrosswalk, toOscalMappingCollection } from "../../crosswalk/oscal.js";
import { crosswalkToCsv, reviewText } from "../../crosswalk/render.js";
import {
  evidenceComparisonToHtml,
  evidenceComparisonToJson,
  evidenceComparisonToMarkdown,
} from "../../crosswalk/render-evidence.js";
import { type RecognitionData, seedRecognitionData } from "../../crosswalk/seeds.js";
import { RELATIONSHIPS, REVIEW_VERDICTS, type Relationship, type ReviewVerdict } from "../../domain/crosswalk.js";
import type { InputIssue } from "../../domain/input-issue.js";
import type { FrameworkCatalog } from "../../domain/requirement.js";
import { isIsoDate } from "../../domain/waivers.js";
import { readSbomFile } from "../../sbom/validate.js";
import { availableFrameworks, createAssessContext } from "../../services/assess.js";
import {
  COMPARISON_FORMATS,
  type ComparisonFormat,
  compareFrameworksUseCase,
} from "../../services/compare-frameworks.js";
import { compareWithEvidence } from "../../services/compare-with-evidence.js";
import type { ServiceContext, ServiceFailure } from "../../services/context.js";
import { listCrosswalkReviews, recordCrosswalkReview, storedReviewMap } from "../../services/crosswalk-reviews.js";
import { newId } from "../../services/ids.js";
import { createInlineExecutor } from "../../workers/inline-executor.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { withCliDatabase } from "./db-open.js";

const EVIDENCE_FORMATS = ["md", "json", "html"] as const;

/** `frameworks compare FROM TO --product DECLARATION`: the target's requirements judged on the product's evidence. */
async function compareProduct(
  io: CliIo,
  data: RecognitionData,
  options: {
    from: string;
    to: string;
    toLevel?: string;
    product: string;
    sbom?: string;
    asOf?: string;
    format: string;
    output?: string;
  },
): Promise<void> {
  if (!(EVIDENCE_FORMATS as readonly string[]).includes(options.format)) {
    throw new CliExit(
      ExitCode.invalidInput,
      `--format with --product must be one of ${EVIDENCE_FORMATS.join(", ")}, not "${options.format}".`,
    );
  }
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  if (!isIsoDate(asOf))
    throw new CliExit(ExitCode.invalidInput, `--as-of: "${asOf}" is not a date written YYYY-MM-DD.`);
  const available = await availableFrameworks();
  const unknown = [options.from, options.to].filter((id) => !available.includes(id));
  if (unknown.length > 0) {
    throw new CliExit(
      ExitCode.invalidInput,
      `No rule set for ${unknown.map((id) => `"${id}"`).join(", ")}; assessable: ${available.join(", ")}.`,
    );
  }
  const { readFile } = await import("node:fs/promises");
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, options.product), "utf8");
  } catch (error) {
    throw new CliExit(
      ExitCode.invalidInput,
      `${options.product}: cannot read (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  let sbom: { bytes: Uint8Array; fileName: string } | undefined;
  if (options.sbom !== undefined) {
    const read = await readSbomFile(resolve(io.cwd, options.sbom));
    if (!read.ok) {
      for (const issue of read.issues) io.err(`${formatIssue(options.sbom, issue)}\n`);
      throw new CliExit(ExitCode.invalidInput, `${options.sbom}: refused; nothing was compared.`);
    }
    sbom = { bytes: read.value, fileName: options.sbom };
  }
  const assess = await createAssessContext({ frameworks: [options.from, options.to] });
  const outcome = await compareWithEvidence({
    ctx: { assess, data },
    input: {
      from: options.from,
      to: options.to,
      ...(options.toLevel !== undefined ? { level: options.toLevel } : {}),
      declaration: { text, fileName: options.product },
      ...(sbom ? { sbom } : {}),
      asOf,
    },
  });
  if (!outcome.ok) {
    const names: Record<string, string> = { declaration: options.product, sbom: options.sbom ?? "sbom" };
    for (const issue of outcome.issues) io.err(`${formatIssue(names[issue.source ?? ""] ?? "input", issue)}\n`);
    throw new CliExit(ExitCode.invalidInput, "Nothing was compared.");
  }
  const body =
    options.format === "json"
      ? evidenceComparisonToJson(outcome.value)
      : options.format === "html"
        ? evidenceComparisonToHtml(outcome.value)
        : evidenceComparisonToMarkdown(outcome.value);
  await emit(io, body, options.output);
}

function summary(catalog: FrameworkCatalog, assessable: boolean) {
  const counts = frameworkCounts(catalog);
  return {
    id: catalog.id,
    name: catalog.name,
    version: catalog.version,
    jurisdiction: catalog.jurisdiction ?? null,
    sourceKind: catalog.sourceKind,
    levels: catalog.levels ?? [],
    requirements: catalog.requirements.length,
    /** `assess --framework <id>` has a rule set for it. */
    assessable,
    entries: counts.entries,
    findings: counts.findings,
    findingsByLevel: counts.findingsByLevel,
    comparisonTargets: counts.comparisonTargets,
    unverifiedRequirements: catalog.requirements.filter((r) => r.verified === false).length,
    verified: catalog.verified !== false,
    status: catalog.status ?? null,
  };
}

/** The shipped seeds; broken seeds are a fault of the installation (exit 3), not of the user's input. */
export function loadData(): RecognitionData {
  try {
    return seedRecognitionData();
  } catch (error) {
    throw new CliExit(ExitCode.internal, error instanceof Error ? error.message : String(error));
  }
}

export async function emit(io: CliIo, body: string, output: string | undefined): Promise<void> {
  if (output === undefined) {
    io.out(body);
    return;
  }
  try {
    await writeFile(resolve(io.cwd, output), body);
  } catch (error) {
    throw new CliExit(
      ExitCode.invalidInput,
      `Cannot write ${output}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export function formatIssue(file: string, issue: InputIssue): string {
  const where =
    issue.line === undefined ? (issue.source ?? file) : `${issue.source ?? file}:${issue.line}:${issue.column ?? 1}`;
  return `${where}:${issue.path ? ` ${issue.path}` : ""} ${issue.message} [${issue.constraint}]`;
}

/** Opens the database and runs `work` as the command line acting for a regulator of `org` (read-only when none). */
export async function withRegulatorDb(
  db: string | undefined,
  org: string | undefined,
  command: string,
  io: CliIo,
  work: (ctx: ServiceContext) => Promise<void>,
): Promise<void> {
  await withCliDatabase(
    db,
    io,
    command.replaceAll("-", " "),
    async (database) => {
      const repos = database.repos;
      let organizationId = "";
      if (org !== undefined) {
        const found = (await repos.organizations.findBySlug(org)) ?? (await repos.organizations.findById(org));
        if (!found) throw new CliExit(ExitCode.invalidInput, `Unknown organisation "${org}".`);
        organizationId = found.id;
      }
      await work({
        repos,
        work: createInlineExecutor(repos),
        now: () => new Date(),
        newId,
        principal: { actor: `cli:${command}`, organizationId, role: "regulator", productIds: [] },
      });
    },
    { mustExist: true },
  );
}

async function reviewsFromDb(db: string, crosswalkId: string, io: CliIo) {
  return withCliDatabase(db, io, "frameworks", (database) => storedReviewMap(database.repos, crosswalkId), {
    mustExist: true,
  });
}

export function failureText(failure: ServiceFailure): string {
  if (failure.kind === "invalid-input")
    return failure.issues.map((i) => `${i.path ?? ""} ${i.message}`.trim()).join("; ");
  if (failure.kind === "not-found") return `no ${failure.resource} "${failure.id}"`;
  if (failure.kind === "forbidden") return `the ${failure.role} role may not ${failure.action}`;
  return failure.message;
}

export async function runList(io: CliIo, options: { format: string }) {
  if (options.format !== "text" && options.format !== "json")
    throw new CliExit(ExitCode.invalidInput, `--format must be text or json, not "${options.format}".`);
  const data = loadData();
  const assessable = new Set(await availableFrameworks());
  const rows = [...data.catalogs.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((catalog) => summary(catalog, assessable.has(catalog.id)));
  if (options.format === "json") {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  io.out(
    `${"id".padEnd(26)} ${"entries".padStart(7)} ${"findings".padStart(8)} ${"compared".padStart(8)}  ${"assess".padEnd(6)}  ${"levels (findings per level)".padEnd(34)} name\n`,
  );
  for (const s of rows) {
    const levels = s.levels.map((l) => `${l} (${s.findingsByLevel[l]})`).join(", ") || "-";
    io.out(
      `${s.id.padEnd(26)} ${String(s.entries).padStart(7)} ${String(s.findings).padStart(8)} ${String(s.comparisonTargets).padStart(8)}  ${(s.assessable ? "yes" : "no").padEnd(6)}  ${levels.padEnd(34)} ${s.verified ? "" : "[unverified] "}${s.name}\n`,
    );
  }
  io.out(`\nCounts:\n${COUNTS_LEGEND.map((line) => `  ${line}`).join("\n")}\n`);
}

export function runShow(io: CliIo, id: string, options: { level?: string; format: string }) {
  const data = loadData();
  const catalog = data.catalogs.get(id);
  if (!catalog)
    throw new CliExit(
      ExitCode.invalidInput,
      `Unknown framework "${id}". Known: ${[...data.catalogs.keys()].sort().join(", ")}.`,
    );
  const level = options.level === undefined ? undefined : resolveLevel(catalog, options.level);
  if (options.level !== undefined && level === undefined) {
    throw new CliExit(
      ExitCode.invalidInput,
      `"${options.level}" is not a level of ${id} (${(catalog.levels ?? []).join(", ") || "none"}).`,
    );
  }
  const requirements = catalog.requirements.filter((r) => obligationAt(r, level) !== undefined);
  const crosswalks = data.crosswalks
    .filter((c) => c.sourceFramework === id || c.targetFramework === id)
    .map((c) => c.id);
  const arrangements = data.arrangements
    .filter((a) => a.routes.some((r) => r.from.scheme === id || r.to.scheme === id))
    .map((a) => a.id);
  if (options.format === "json") {
    io.out(`${JSON.stringify({ ...catalog, requirements, crosswalks, arrangements }, null, 2)}\n`);
    return;
  }
  if (options.format !== "md")
    throw new CliExit(ExitCode.invalidInput, `--format must be md or json, not "${options.format}".`);
  const lines = [
    `# ${catalog.name}`,
    "",
    `- id: ${catalog.id}; version ${catalog.version}${catalog.jurisdiction ? `; ${catalog.jurisdiction}` : ""}; source kind: ${catalog.sourceKind}`,
    `- source: ${catalog.source.title}${catalog.source.url ? ` <${catalog.source.url}>` : ""}`,
    ...(catalog.status ? [`- status: ${catalog.status}`] : []),
    ...(catalog.levels ? [`- levels: ${catalog.levels.join(", ")}`] : []),
    ...(catalog.verified === false ? ["- **parts of this catalog rest on unverified sources**"] : []),
    ...(catalog.note ? [`- note: ${catalog.note}`] : []),
    `- crosswalks: ${crosswalks.join(", ") || "none"}`,
    `- arrangements: ${arrangements.join(", ") || "none"}`,
    "",
    `| Id | Title | Obligation${level ? ` (${level})` : ""} | Citation |`,
    "|---|---|---|---|",
    ...requirements.map((r) => {
      const ob =
        typeof r.obligation === "object" && level === undefined
          ? Object.entries(r.obligation)
              .map(([l, o]) => `${l}: ${o}`)
              .join(", ")
          : (obligationAt(r, level) ?? "");
      return `| ${r.id}${r.verified === false ? " (unverified)" : ""} | ${r.title.replaceAll("|", "\\|")} | ${ob} | ${r.citation.text.replaceAll("|", "\\|")} |`;
    }),
    "",
  ];
  io.out(lines.join("\n"));
}

export async function runCompare(
  io: CliIo,
  fromArgument: string | undefined,
  toArgument: string | undefined,
  options: {
    from?: string;
    to?: string;
    level?: string;
    toLevel?: string;
    product?: string;
    sbom?: string;
    asOf?: string;
    format: string;
    output?: string;
  },
) {
  const from = options.from ?? fromArgument;
  const to = options.to ?? toArgument;
  if (from === undefined || to === undefined) {
    throw new CliExit(ExitCode.invalidInput, "Name two frameworks: frameworks compare FROM TO (or --from and --to).");
  }
  const data = loadData();
  // A level given for a pair where only the target has levels can only mean the target's.
  let level = options.level;
  let toLevel = options.toLevel;
  const levelled = (id: string) => (data.catalogs.get(id)?.levels ?? []).length > 0;
  if (level !== undefined && toLevel === undefined && !levelled(from) && levelled(to)) {
    toLevel = level;
    level = undefined;
  }
  if (options.product !== undefined) {
    await compareProduct(io, data, {
      ...options,
      product: options.product,
      from,
      to,
      ...(toLevel !== undefined ? { toLevel } : {}),
    });
    return;
  }
  if (options.sbom !== undefined || options.asOf !== undefined) {
    throw new CliExit(ExitCode.invalidInput, "--sbom and --as-of need --product.");
  }
  if (!(COMPARISON_FORMATS as readonly string[]).includes(options.format)) {
    throw new CliExit(
      ExitCode.invalidInput,
      `--format must be one of ${COMPARISON_FORMATS.join(", ")}, not "${options.format}".`,
    );
  }
  const result = compareFrameworksUseCase({
    ctx: { data, now: () => new Date() },
    input: {
      from,
      to,
      format: options.format as ComparisonFormat,
      ...(level !== undefined ? { level } : {}),
      ...(toLevel !== undefined ? { toLevel } : {}),
    },
  });
  if (!result.ok) throw new CliExit(ExitCode.invalidInput, result.message);
  await emit(io, result.body, options.output);
}

export async function runReview(
  io: CliIo,
  crosswalkId: string,
  options: {
    source: string;
    target: string;
    verdict: string;
    reviewer: string;
    org: string;
    relationship?: string;
    comment?: string;
    date?: string;
    db?: string;
  },
) {
  if (!(REVIEW_VERDICTS as readonly string[]).includes(options.verdict))
    throw new CliExit(
      ExitCode.invalidInput,
      `--verdict must be ${REVIEW_VERDICTS.join(", ")}, not "${options.verdict}".`,
    );
  if (options.relationship !== undefined && !(RELATIONSHIPS as readonly string[]).includes(options.relationship))
    throw new CliExit(
      ExitCode.invalidInput,
      `--relationship must be one of ${RELATIONSHIPS.join(", ")}, not "${options.relationship}".`,
    );
  await withRegulatorDb(options.db, options.org, "frameworks-review", io, async (ctx) => {
    const result = await recordCrosswalkReview({
      ctx,
      input: {
        crosswalkId,
        source: options.source,
        target: options.target,
        reviewer: options.reviewer,
        verdict: options.verdict as ReviewVerdict,
        ...(options.relationship ? { relationship: options.relationship as Relationship } : {}),
        ...(options.comment ? { comment: options.comment } : {}),
        ...(options.date ? { date: options.date } : {}),
      },
    });
    if (!result.ok) throw new CliExit(ExitCode.invalidInput, `frameworks review: ${failureText(result.failure)}`);
    io.out(`${JSON.stringify(result.value)}\n`);
  });
}

export async function runReviews(io: CliIo, crosswalkId: string, options: { db?: string; format?: string }) {
  await withRegulatorDb(options.db, undefined, "frameworks-reviews", io, async (ctx) => {
    const result = await listCrosswalkReviews({ ctx, input: { crosswalkId } });
    if (!result.ok) throw new CliExit(ExitCode.invalidInput, `frameworks reviews: ${failureText(result.failure)}`);
    if (options.format === "json") io.out(`${JSON.stringify({ items: result.value }, null, 2)}\n`);
    else for (const r of result.value) io.out(`${r.source} → ${r.target}  ${reviewText(r)}  [${r.origin}]\n`);
  });
}

export async function runExport(io: CliIo, id: string, options: { format?: string; output?: string; db?: string }) {
  const data = loadData();
  const catalog = data.catalogs.get(id);
  if (catalog) {
    const format = options.format ?? "cyclonedx-standard";
    let document: unknown;
    if (format === "cyclonedx-standard") document = toCycloneDxStandard(catalog);
    else if (format === "oscal-catalog") document = toOscalCatalog(catalog);
    else
      throw new CliExit(
        ExitCode.invalidInput,
        `--format for a framework must be cyclonedx-standard or oscal-catalog, not "${format}".`,
      );
    await emit(io, `${JSON.stringify(document, null, 2)}\n`, options.output);
    return;
  }
  const crosswalk = data.crosswalks.find((c) => c.id === id);
  if (!crosswalk)
    throw new CliExit(
      ExitCode.invalidInput,
      `Unknown crosswalk or framework "${id}". Crosswalks: ${data.crosswalks.map((c) => c.id).join(", ")}. Frameworks: ${[...data.catalogs.keys()].sort().join(", ")}.`,
    );
  const format = options.format ?? "oscal";
  const stored = options.db === undefined ? undefined : await reviewsFromDb(options.db, crosswalk.id, io);
  let body: string;
  if (format === "csv") body = crosswalkToCsv(crosswalk, stored);
  else if (format === "oscal") {
    body = `${JSON.stringify(toOscalMappingCollection(fromCrosswalk(crosswalk, data.catalogs, stored), data.catalogs, new Date().toISOString()), null, 2)}\n`;
  } else throw new CliExit(ExitCode.invalidInput, `--format for a crosswalk must be oscal or csv, not "${format}".`);
  await emit(io, body, options.output);
}

export async function runCheck(io: CliIo, file: string) {
  const data = loadData();
  const path = resolve(io.cwd, file);
  const { readFile } = await import("node:fs/promises");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CliExit(
      ExitCode.invalidInput,
      `${file}: cannot read (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  const parsed = /cra-crosswalk\/1/.test(text)
    ? parseCrosswalkText(text, file, data.catalogs)
    : loadArrangementFile(path, data.catalogs);
  if (!parsed.ok) {
    for (const issue of parsed.issues) io.err(`${formatIssue(file, issue)}\n`);
    throw new CliExit(
      ExitCode.invalidInput,
      `${file}: refused (${parsed.issues.length} ${parsed.issues.length === 1 ? "error" : "errors"}); nothing was loaded.`,
    );
  }
  io.out(`${file}: valid (${parsed.value.id}).\n`);
}
