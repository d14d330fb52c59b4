/**
 * What the `advisories` commands do (registered in ../commands/advisories.ts). Imported only when one of them runs, so
 * that building the command tree for help or a usage error loads none of what the actions need.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { loadAdvisoryFiles } from "../../advisories/load.js";
import { matchAdvisories } from "../../advisories/match.js";
import type { InputIssue } from "../../domain/input-issue.js";
import type { VulnerabilityMatch } from "../../domain/vulnerability-match.js";
import { ingestSbomBytes } from "../../sbom/ingest.js";
import { importAdvisories } from "../../services/import-advisories.js";
import { matchVulnerabilities } from "../../services/match-vulnerabilities.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { progressBar } from "../progress.js";
import { withCliDatabase } from "./db-open.js";

const MAX_PRINTED_ISSUES = 50;

/** Prints located issues to stderr, capped; returns how many were errors (not ignored entries). */
export function printIssues(io: CliIo, issues: InputIssue[], cwd: string): number {
  const errors = issues.filter((i) => i.constraint !== "unsupported");
  for (const issue of issues.slice(0, MAX_PRINTED_ISSUES)) {
    const source = issue.source?.startsWith(cwd) ? issue.source.slice(cwd.length + 1) : issue.source;
    const where = `${source ?? ""}${issue.path ? ` ${issue.path}` : ""}`;
    const label = issue.constraint === "unsupported" ? "ignored" : "skipped";
    io.err(`${label}: ${where}: ${issue.message} [${issue.constraint}]\n`);
  }
  if (issues.length > MAX_PRINTED_ISSUES) io.err(`… and ${issues.length - MAX_PRINTED_ISSUES} more\n`);
  return errors.length;
}

export function formatMatches(matches: VulnerabilityMatch[]): string {
  if (matches.length === 0) return "no known vulnerabilities matched\n";
  const lines = matches.map((m) => {
    const flags = [
      m.knownExploited ? "KEV" : "",
      m.exploitable ? "exploitable" : `not exploitable (${m.vex?.state})`,
    ].filter(Boolean);
    const fixed = m.fixedVersions.length > 0 ? ` fixed in ${m.fixedVersions.join(", ")}` : " no fix known";
    const aliases = m.aliases.length > 0 ? ` (${m.aliases.join(", ")})` : "";
    return `${m.severity.padEnd(8)} ${m.advisoryId}${aliases} ${m.componentName}@${m.componentVersion ?? "?"}${fixed} [${flags.join(", ")}]`;
  });
  return `${lines.join("\n")}\n${matches.length} match(es), ${matches.filter((m) => m.exploitable).length} exploitable\n`;
}

export async function runImport(io: CliIo, paths: string[], options: { db?: string }) {
  await withCliDatabase(options.db, io, "advisories import", async (database) => {
    const bar = progressBar(io, "importing");
    try {
      const summary = await importAdvisories({
        ctx: {
          store: database.repos.advisories,
          now: () => new Date(),
          onProgress: (p) => bar.update(p.done, p.total, p.current),
        },
        input: { paths: paths.map((p) => resolve(io.cwd, p)) },
      });
      bar.finish();
      const errors = printIssues(io, summary.issues, io.cwd);
      io.out(
        `imported ${summary.documents} document(s): ${summary.inserted} new, ${summary.updated} updated, ` +
          `${summary.unchanged} unchanged record(s); ${summary.withdrawn} withdrawn record(s) skipped\n`,
      );
      if (errors > 0)
        throw new CliExit(ExitCode.invalidInput, `advisories import: ${errors} file(s) or record(s) skipped`);
    } finally {
      bar.finish();
    }
  });
}

export async function runMatch(
  io: CliIo,
  options: { sbom: string; advisories?: string[]; db?: string; format: string },
) {
  if (options.format !== "text" && options.format !== "json") {
    throw new CliExit(ExitCode.invalidInput, `--format must be text or json, not ${options.format}`);
  }
  const ingested = ingestSbomBytes(await readFile(resolve(io.cwd, options.sbom)));
  if (!ingested.ok) {
    printIssues(
      io,
      ingested.issues.map((i) => ({ ...i, source: options.sbom })),
      io.cwd,
    );
    throw new CliExit(ExitCode.invalidInput, "advisories match: the SBOM is not valid");
  }
  let matches: VulnerabilityMatch[];
  if (options.advisories) {
    const loaded = await loadAdvisoryFiles(options.advisories.map((p) => resolve(io.cwd, p)));
    if (printIssues(io, loaded.issues, io.cwd) > 0) {
      throw new CliExit(ExitCode.invalidInput, "advisories match: some advisory files or records are not valid");
    }
    matches = matchAdvisories(ingested.sbom, loaded.index);
  } else {
    matches = await withCliDatabase(
      options.db,
      io,
      "advisories match",
      (database) => matchVulnerabilities({ ctx: { store: database.repos.advisories }, input: { sbom: ingested.sbom } }),
      { mustExist: true, missingHint: "; import first or use --advisories" },
    );
  }
  io.out(options.format === "json" ? `${JSON.stringify(matches, null, 2)}\n` : formatMatches(matches));
  if (matches.some((m) => m.exploitable)) throw new CliExit(ExitCode.gateFailed);
}

export async function runStats(io: CliIo, options: { db?: string }) {
  await withCliDatabase(
    options.db,
    io,
    "advisories stats",
    async (database) => {
      const counts = await database.repos.advisories.counts();
      io.out(`${counts.advisory} advisories, ${counts.kev} KEV entries, ${counts.vex} VEX statements\n`);
    },
    { mustExist: true },
  );
}
