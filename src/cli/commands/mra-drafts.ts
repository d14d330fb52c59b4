/**
 * `cra-assessor mra drafts …`: a regulator's stored draft arrangements, on the command line. The same use cases as
 * the API's `/v1/draft-arrangements` routes (src/services/crosswalk-reviews.ts): drafts belong to the organisation
 * named with --org, each stored version is audited in the hash chain, and a simulation runs over the database's
 * portfolio.
 */
import { extname } from "node:path";
import type { Command } from "commander";
import {
  simulationToCsv,
  simulationToHtml,
  simulationToJson,
  simulationToMarkdown,
} from "../../crosswalk/render-simulation.js";
import type { DraftArrangementRecord } from "../../db/port.js";
import { isIsoDate } from "../../domain/waivers.js";
import {
  getDraftArrangement,
  listDraftArrangements,
  simulateStoredDraft,
  storeDraftArrangement,
} from "../../services/crosswalk-reviews.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { readText } from "./assess.js";
import { DB_OPTION_HELP } from "./db-open.js";
import { emit, failureText, formatIssue, withRegulatorDb } from "./frameworks.js";

const SIMULATION_FORMATS = ["md", "json", "csv", "html"] as const;

const EXIT_CODES = "Exit codes: 0 done, 2 invalid input (unknown database, organisation or draft; an invalid file).";

interface DbOptions {
  org: string;
  db?: string;
}

export function registerDrafts(mra: Command, io: CliIo): void {
  const drafts = mra
    .command("drafts")
    .summary("a regulator's drafts in the database: save, list, show, simulate")
    .description(
      "A regulator's draft arrangements stored in the database: save a draft (each save of the same arrangement id " +
        "adds a version, audited), list and show them, and re-simulate one over the stored portfolio. Drafts belong " +
        "to the organisation named with --org; another organisation's drafts are not found. The API does the same " +
        "under /v1/draft-arrangements.",
    )
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  cra-assessor mra drafts save seeds/arrangements/drafts/eu-sg-cls-draft.yaml --org authority --db data/cra-assessor.db\n" +
        "  cra-assessor mra drafts list --org authority --db data/cra-assessor.db\n" +
        "  cra-assessor mra drafts show eu-sg-cls-draft --org authority --db data/cra-assessor.db\n" +
        "  cra-assessor mra drafts simulate eu-sg-cls-draft --org authority --as-of 2028-01-15 --format md\n\n" +
        "Arrangement format (cra-arrangement/1 with status: draft): docs/mutual-recognition.md.",
    );

  const withDb = (command: Command) =>
    command
      .requiredOption("--org <org>", "the regulator's organisation (slug or id) the drafts belong to")
      .option("--db <file>", DB_OPTION_HELP);

  withDb(
    drafts
      .command("save")
      .description("Store a draft arrangement file (YAML or JSON, status: draft) as the next version of its id.")
      .argument("<file>", "the arrangement file")
      .addHelpText(
        "after",
        `\n${EXIT_CODES}\nPrints the stored version (JSON, without the file's text).\n\nExample:\n` +
          "  cra-assessor mra drafts save draft.yaml --org authority --db data/cra-assessor.db",
      ),
  ).action(async (file: string, options: DbOptions) => {
    const problems: string[] = [];
    const text = await readText(io, file, "arrangement", problems);
    if (text === undefined) throw new CliExit(ExitCode.invalidInput, problems.join("\n"));
    const mediaType = extname(file).toLowerCase() === ".json" ? "application/json" : "application/yaml";
    await withRegulatorDb(options.db, options.org, "mra-drafts-save", io, async (ctx) => {
      const result = await storeDraftArrangement({ ctx, input: { text, mediaType } });
      if (!result.ok) {
        if (result.failure.kind === "invalid-input") {
          for (const issue of result.failure.issues) io.err(`${formatIssue(file, { ...issue, source: file })}\n`);
          throw new CliExit(ExitCode.invalidInput, `${file}: refused; nothing was stored.`);
        }
        throw new CliExit(ExitCode.invalidInput, `mra drafts save: ${failureText(result.failure)}`);
      }
      io.out(`${JSON.stringify(summary(result.value))}\n`);
    });
  });

  withDb(
    drafts
      .command("list")
      .description("List the organisation's drafts: the latest version of each.")
      .option("--format <format>", "text (default) or json", "text")
      .addHelpText(
        "after",
        `\n${EXIT_CODES}\n\nExample:\n  cra-assessor mra drafts list --org authority --db data/cra-assessor.db`,
      ),
  ).action(async (options: DbOptions & { format: string }) => {
    if (options.format !== "text" && options.format !== "json")
      throw new CliExit(ExitCode.invalidInput, `--format must be text or json, not "${options.format}".`);
    await withRegulatorDb(options.db, options.org, "mra-drafts-list", io, async (ctx) => {
      const result = await listDraftArrangements({ ctx });
      if (!result.ok) throw new CliExit(ExitCode.invalidInput, `mra drafts list: ${failureText(result.failure)}`);
      if (options.format === "json") {
        io.out(`${JSON.stringify({ items: result.value.map(summary) }, null, 2)}\n`);
        return;
      }
      if (result.value.length === 0) io.out(`No stored drafts for ${options.org}.\n`);
      for (const d of result.value)
        io.out(
          `${d.arrangementId}  version ${d.version}  ${d.createdAt}  sha256 ${d.sha256.slice(0, 12)}  ${d.title}\n`,
        );
    });
  });

  withDb(
    drafts
      .command("show")
      .description("Print the latest version of one draft, as it was stored.")
      .argument("<id>", "the arrangement id (the file's `id` field)")
      .addHelpText(
        "after",
        `\n${EXIT_CODES}\n\nExample:\n  cra-assessor mra drafts show eu-sg-cls-draft --org authority --db data/cra-assessor.db`,
      ),
  ).action(async (id: string, options: DbOptions) => {
    await withRegulatorDb(options.db, options.org, "mra-drafts-show", io, async (ctx) => {
      const result = await getDraftArrangement({ ctx, input: { arrangementId: id } });
      if (!result.ok) throw new CliExit(ExitCode.invalidInput, `mra drafts show: ${failureText(result.failure)}`);
      io.out(result.value.content.endsWith("\n") ? result.value.content : `${result.value.content}\n`);
    });
  });

  withDb(
    drafts
      .command("simulate")
      .description(
        "Re-simulate the latest version of one draft over the products stored in the database (every " +
          "organisation's, each with its latest declaration and SBOM), as `mra simulate` does over a folder.",
      )
      .argument("<id>", "the arrangement id")
      .option("--as-of <date>", "assessment date YYYY-MM-DD (default: today)")
      .option("--format <format>", `one of ${SIMULATION_FORMATS.join(", ")}`, "md")
      .option("--output <file>", "write to this file instead of stdout")
      .addHelpText(
        "after",
        `\n${EXIT_CODES}\n\nExample:\n` +
          "  cra-assessor mra drafts simulate eu-sg-cls-draft --org authority --db data/cra-assessor.db --format html --output draft.html",
      ),
  ).action(async (id: string, options: DbOptions & { asOf?: string; format: string; output?: string }) => {
    if (!(SIMULATION_FORMATS as readonly string[]).includes(options.format)) {
      throw new CliExit(
        ExitCode.invalidInput,
        `--format must be one of ${SIMULATION_FORMATS.join(", ")}, not "${options.format}".`,
      );
    }
    if (options.asOf !== undefined && !isIsoDate(options.asOf))
      throw new CliExit(ExitCode.invalidInput, `--as-of must be a date written YYYY-MM-DD, not "${options.asOf}".`);
    await withRegulatorDb(options.db, options.org, "mra-drafts-simulate", io, async (ctx) => {
      const result = await simulateStoredDraft({
        ctx,
        input: { arrangementId: id, ...(options.asOf ? { asOf: options.asOf } : {}) },
      });
      if (!result.ok) throw new CliExit(ExitCode.invalidInput, `mra drafts simulate: ${failureText(result.failure)}`);
      const body =
        options.format === "json"
          ? simulationToJson(result.value)
          : options.format === "csv"
            ? simulationToCsv(result.value)
            : options.format === "html"
              ? simulationToHtml(result.value)
              : simulationToMarkdown(result.value);
      await emit(io, body, options.output);
    });
  });
}

/** A stored version without the file's text (`show` prints that), as the API lists it. */
function summary({ content: _content, ...rest }: DraftArrangementRecord): Omit<DraftArrangementRecord, "content"> {
  return rest;
}
