import type { Command } from "commander";
import type { CliIo } from "../io.js";
import { SIMULATION_FORMATS } from "../options.js";
import { registerDrafts } from "./mra-drafts.js";

/** What the commands do, imported only when one of them runs. */
const actions = () => import("../actions/mra.js");

/** `cra-assessor mra …`: recognition arrangements in force, and what a regulator's draft would change. */
export function register(program: Command, io: CliIo): void {
  const mra = program
    .command("mra")
    .description("Mutual recognition arrangements: list those in force, simulate a draft over a set of products.")
    .addHelpText("after", "\nArrangement format (cra-arrangement/1, YAML or JSON): docs/mutual-recognition.md.");

  mra
    .command("list")
    .description("List the recognition arrangements in force (seeds/arrangements/), with their routes.")
    .option("--format <format>", "text (default) or json", "text")
    .addHelpText("after", "\nExample:\n  cra-assessor mra list")
    .action(async (options: { format: string }) => (await actions()).runList(io, options));

  mra
    .command("simulate")
    .description(
      "Simulate a draft arrangement over products: how many open CRA findings it would close, per requirement and " +
        "per product, and which remain. Each product is a directory holding its declaration (YAML, or JSON with " +
        "format cra-declaration/1) and optionally its SBOM (CycloneDX or SPDX); a directory of such directories is a portfolio.",
    )
    .requiredOption("--arrangement <file>", "the draft arrangement (cra-arrangement/1, YAML or JSON)")
    .requiredOption("--products <dir>", "a product directory, or a directory of product directories")
    .option("--as-of <date>", "assessment date YYYY-MM-DD (default: today)")
    .option("--format <format>", `one of ${SIMULATION_FORMATS.join(", ")}`, "md")
    .option("--output <file>", "write to this file instead of stdout")
    .addHelpText(
      "after",
      "\nExit codes: 0 done, 2 invalid arrangement or product input (located errors printed), 3 internal fault.\n\n" +
        "Example:\n  cra-assessor mra simulate --arrangement seeds/arrangements/drafts/eu-sg-cls-draft.yaml \\\n" +
        "      --products seeds/examples --as-of 2028-01-15 --format md\n" +
        "  cra-assessor mra simulate --arrangement draft.yaml --products portfolio/ --format html --output draft.html",
    )
    .action(
      async (options: { arrangement: string; products: string; asOf?: string; format: string; output?: string }) =>
        (await actions()).runSimulate(io, options),
    );

  registerDrafts(mra, io);
}
