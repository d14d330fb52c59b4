/**
 * What the `assess` commands do (registered in ../commands/assess.ts). Imported only when one of them runs, so that
 * building the command tree for help or a usage error loads none of what the actions need.
 */
import { readFile, stat, writeFile } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import type { Baseline } from "../../domain/baseline.js";
import type { InputIssue } from "../../domain/input-issue.js";
import type { AssessmentReport } from "../../domain/report.js";
import { exitCodeFor, type FailOn } from "../../domain/verdict.js";
import { isIsoDate, type Waiver } from "../../domain/waivers.js";
import { parseBaseline } from "../../input/baseline.js";
import { parseWaivers } from "../../input/waivers.js";
import { REPORT_FORMAT_INFO, type ReportFormat, renderReport } from "../../reports/index.js";
import { DEFAULT_FACT_POLICY } from "../../rules/facts.js";
import { DEFAULT_MAX_BYTES, readSbomFile } from "../../sbom/validate.js";
import { type AssessInput, assessProduct, availableFrameworks, createAssessContext } from "../../services/assess.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { readPublicKey, readStandardInput, STDIN } from "./sbom.js";

/** Declarations, waivers and baselines are small documents; a larger file is a mistake or an attack. */
const MAX_TEXT_INPUT_BYTES = 20 * 1024 * 1024;

export interface AssessOptions {
  sbom?: string;
  publicKey?: string;
  declaration?: string;
  asOf?: string;
  format: ReportFormat;
  output?: string;
  failOn: FailOn;
  baseline?: string;
  waivers?: string;
  framework: string;
  level?: string;
  advisories?: string[];
  fixOverdueDays?: string;
}

/** `cra-assessor assess`. */
export async function runAssess(io: CliIo, options: AssessOptions): Promise<void> {
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  if (!isIsoDate(asOf)) {
    throw new CliExit(ExitCode.invalidInput, `--as-of: "${asOf}" is not a calendar date written YYYY-MM-DD.`);
  }
  const frameworks = [
    ...new Set(
      options.framework
        .split(",")
        .map((id) => id.trim())
        .filter((id) => id !== ""),
    ),
  ];
  if (frameworks.length === 0) throw new CliExit(ExitCode.invalidInput, "--framework: name at least one framework id.");

  if (options.declaration === undefined && options.sbom === undefined) {
    throw new CliExit(
      ExitCode.invalidInput,
      "cra-assessor assess: give --declaration, --sbom, or both (see cra-assessor assess --help).",
    );
  }
  if (options.publicKey !== undefined && options.sbom === undefined) {
    // The key checks the SBOM's signature; without an SBOM it would be silently ignored.
    throw new CliExit(
      ExitCode.invalidInput,
      "cra-assessor assess: --public-key checks the signature of the SBOM given with --sbom; give --sbom too, or leave --public-key out.",
    );
  }
  const issues: string[] = [];
  const declarationText =
    options.declaration === undefined ? undefined : await readText(io, options.declaration, "declaration", issues);
  let sbom: AssessInput["sbom"];
  if (options.sbom !== undefined) {
    const read =
      options.sbom === STDIN
        ? await readStandardInput(io, DEFAULT_MAX_BYTES)
        : await readSbomFile(resolve(io.cwd, options.sbom));
    // The path as given (relative to the working directory): SARIF locations and reports name the file by it.
    if (read.ok) {
      sbom = { bytes: read.value, fileName: options.sbom };
      if (options.publicKey !== undefined) sbom.publicKey = await readPublicKey(io, options.publicKey);
    } else issues.push(...read.issues.map((i) => formatIssue(i, options.sbom!)));
  }
  let waivers: Waiver[] | undefined;
  let baseline: (Baseline & { file?: string }) | undefined;

  const available = await availableFrameworks();
  for (const id of frameworks.filter((f) => !available.includes(f))) {
    issues.push(`--framework: no rule set for "${id}" (available: ${available.join(", ")}).`);
  }
  let policy = DEFAULT_FACT_POLICY;
  if (options.fixOverdueDays !== undefined) {
    // Whole days, 0 or more: the CRA sets no number for "without delay", so this is the assessor's choice.
    if (!/^\d{1,5}$/.test(options.fixOverdueDays)) {
      throw new CliExit(
        ExitCode.invalidInput,
        `--fix-overdue-days: "${options.fixOverdueDays}" is not a whole number of days (0-99999).`,
      );
    }
    policy = { ...DEFAULT_FACT_POLICY, fixOverdueDays: Number(options.fixOverdueDays) };
  }
  const ctx = await createAssessContext({ frameworks: frameworks.filter((f) => available.includes(f)), policy });

  if (options.waivers !== undefined) {
    const text = await readText(io, options.waivers, "waivers", issues);
    if (text !== undefined) {
      const ids = frameworks.flatMap((id) => ctx.catalogs.get(id)?.requirements.map((r) => r.id) ?? []);
      const parsed = parseWaivers(text, { requirementIds: ids, source: options.waivers });
      if (parsed.ok) waivers = parsed.value;
      else issues.push(...parsed.issues.map((i) => formatIssue(i, options.waivers!)));
    }
  }
  if (options.baseline !== undefined) {
    const text = await readText(io, options.baseline, "baseline", issues);
    if (text !== undefined) {
      const parsed = parseBaseline(text, { source: options.baseline });
      if (parsed.ok) baseline = { ...parsed.value, file: basename(options.baseline) };
      else issues.push(...parsed.issues.map((i) => formatIssue(i, options.baseline!)));
    }
  }
  let vulnerabilityMatches: AssessInput["vulnerabilityMatches"];
  if (options.advisories !== undefined && sbom !== undefined) {
    const paths = options.advisories.map((p) => resolve(io.cwd, p));
    // Imported here: the advisory readers (zip, version schemes, CVSS) are only needed with --advisories.
    const { matchSbomBytesAgainstFiles } = await import("../../services/match-vulnerabilities.js");
    const matched = await matchSbomBytesAgainstFiles({ input: { sbomBytes: sbom.bytes, paths } });
    issues.push(...matched.issues.map((i) => formatIssue(i, i.source ?? "advisories")));
    vulnerabilityMatches = matched.matches;
  }
  if (issues.length > 0 || (options.declaration !== undefined && declarationText === undefined)) failInput(issues);

  const outcome = await assessProduct({
    ctx,
    input: {
      ...(declarationText !== undefined && options.declaration !== undefined
        ? { declaration: { text: declarationText, fileName: options.declaration } }
        : {}),
      ...(sbom ? { sbom } : {}),
      asOf,
      frameworks,
      ...(options.level !== undefined ? { level: options.level } : {}),
      failOn: options.failOn,
      ...(waivers ? { waivers } : {}),
      ...(baseline ? { baseline } : {}),
      ...(vulnerabilityMatches ? { vulnerabilityMatches } : {}),
    },
  });
  if (!outcome.ok) {
    const names: Record<string, string> = {
      declaration: options.declaration ?? "declaration",
      sbom: options.sbom ?? "sbom",
    };
    const lines = outcome.issues.map((i) => formatIssue(i, names[i.source ?? ""] ?? i.source ?? "input"));
    const omitted = outcome.omitted ?? 0;
    if (omitted > 0) lines.push(`… and ${omitted} more issue(s).`);
    failInput(lines);
  }
  for (const warning of outcome.warnings) io.err(`warning: ${formatIssue(warning, options.sbom ?? "sbom")}\n`);

  await emit(outcome.reports, options, io);

  const failed = outcome.reports.filter((r) => exitCodeFor(r) !== ExitCode.ok);
  for (const report of outcome.reports) io.err(`${summaryLine(report)}\n`);
  if (failed.length > 0) throw new CliExit(ExitCode.gateFailed);
}

async function emit(reports: AssessmentReport[], options: AssessOptions, io: CliIo): Promise<void> {
  const rendered = reports.map((report) => ({ report, text: renderReport(report, options.format) }));
  if (options.output !== undefined) {
    const target = resolve(io.cwd, options.output);
    if (rendered.length === 1) {
      await writeOutput(target, rendered[0]!.text);
      return;
    }
    // Several frameworks: report.json becomes report.cra.json, report.uk-psti.json …
    const ext = extname(target) || REPORT_FORMAT_INFO[options.format].extension;
    const stem = target.slice(0, target.length - extname(target).length);
    for (const { report, text } of rendered) await writeOutput(`${stem}.${report.framework.id}${ext}`, text);
    return;
  }
  if (rendered.length === 1) {
    io.out(ensureNewline(rendered[0]!.text));
    return;
  }
  if (options.format === "json") {
    io.out(`[\n${rendered.map((r) => r.text.trimEnd()).join(",\n")}\n]\n`);
  } else if (options.format === "md") {
    io.out(rendered.map((r) => ensureNewline(r.text)).join("\n---\n\n"));
  } else {
    throw new CliExit(
      ExitCode.invalidInput,
      `--format ${options.format} holds one framework per document: add --output FILE to get one file per framework.`,
    );
  }
}

/** A report that cannot be written is the caller's mistake (missing folder, no permission): exit 2, not a fault. */
async function writeOutput(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliExit(ExitCode.invalidInput, `--output: cannot write ${path}${code ? ` (${code})` : ""}.`);
  }
}

function summaryLine(report: AssessmentReport): string {
  const gaps = report.summary.byStatus.gap ?? 0;
  const review = report.summary.byStatus["needs-review"] ?? 0;
  return (
    `cra-assessor: ${report.framework.id}: verdict ${report.verdict} (fail-on ${report.failOn}); ` +
    `${gaps} gap(s), ${review} to review, ${report.summary.total} requirement(s) as of ${report.asOf}` +
    (report.inputs.declaration === undefined ? "; no declaration given, SBOM only" : "")
  );
}

export async function readText(io: CliIo, file: string, what: string, issues: string[]): Promise<string | undefined> {
  const path = resolve(io.cwd, file);
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      issues.push(`${file}: the ${what} must be a file.`);
      return undefined;
    }
    if (info.size > MAX_TEXT_INPUT_BYTES) {
      issues.push(`${file}: the ${what} has ${info.size} bytes; at most ${MAX_TEXT_INPUT_BYTES} are read.`);
      return undefined;
    }
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    issues.push(`${file}: cannot read the ${what}${code ? ` (${code})` : ""}.`);
    return undefined;
  }
}

/** `file:line:column: /json/pointer: message [constraint]`, the shape editors and CI logs link. */
export function formatIssue(issue: InputIssue, file: string): string {
  let where = file;
  if (issue.line !== undefined) where += `:${issue.line}${issue.column !== undefined ? `:${issue.column}` : ""}`;
  const pointer = issue.path ? ` ${issue.path}` : "";
  return `${where}:${pointer} ${issue.message} [${issue.constraint}]`;
}

export function failInput(lines: string[]): never {
  throw new CliExit(ExitCode.invalidInput, `cra-assessor: invalid input\n${lines.map((l) => `  ${l}`).join("\n")}`);
}

function ensureNewline(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}
