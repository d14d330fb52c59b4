/**
 * `cra-assessor mra drafts …`: a regulator's stored draft arrangements, on the command line. The same use cases as
 * the API's `/v1/draft-arrangements` routes (src/services/crosswalk-reviews.ts): drafts belong to the organisation
 * named with --org, each stored version is audited in the hash chain, and a simulation runs over the database's
 * portfolio.
 */
import type { Command } from "commander";
import type { DbOptions } from "../actions/mra-drafts.js";
import type { CliIo } from "../io.js";
import { DB_OPTION_HELP, SIMULATION_FORMATS } from "../options.js";

/** What the commands do, imported only when one of them runs. */
const actions = () => import("../actions/mra-drafts.js");

const EXIT_CODES = "Exit codes: 0 done, 2 invalid input (unknown database, organisation or draft; an invalid file).";

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
  ).action(async (file: string, options: DbOptions) => (await actions()).runSave(io, file, options));

  withDb(
    drafts
      .command("list")
      .description("List the organisation's drafts: the latest version of each.")
      .option("--format <format>", "text (default) or json", "text")
      .addHelpText(
        "after",
        `\n${EXIT_CODES}\n\nExample:\n  cra-assessor mra drafts list --org authority --db data/cra-assessor.db`,
      ),
  ).action(async (options: DbOptions & { format: string }) => (await actions()).runList(io, options));

  withDb(
    drafts
      .command("show")
      .description("Print the latest version of one draft, as it was stored.")
      .argument("<id>", "the arrangement id (the file's `id` field)")
      .addHelpText(
        "after",
        `\n${EXIT_CODES}\n\nExample:\n  cra-assessor mra drafts show eu-sg-cls-draft --org authority --db data/cra-assessor.db`,
      ),
  ).action(async (id: string, options: DbOptions) => (await actions()).runShow(io, id, options));

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
  ).action(async (id: string, options: DbOptions & { asOf?: string; format: string; output?: string }) =>
    (await actions()).runSimulate(io, id, options),
  );
}
