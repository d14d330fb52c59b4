import type { Command } from "commander";
import { DECLARATION_FORMAT } from "../../declaration/format.js";
import type { CliIo } from "../io.js";

/** What the commands do, imported only when one of them runs. */
const actions = () => import("../actions/declaration.js");

/** `cra-assessor declaration …`: the product declaration format, its JSON Schema and a validator. */
export function register(program: Command, io: CliIo): void {
  const declaration = program
    .command("declaration")
    .description(`Work with product declarations (format ${DECLARATION_FORMAT}, YAML or JSON).`)
    .addHelpText(
      "after",
      "\nThe declaration states the facts an SBOM cannot: manufacturer, support period, security properties,\n" +
        "update policy, vulnerability handling, documents. Every field except format and product.name is optional:\n" +
        "a missing fact is reported by `assess` as a gap, not as invalid input. Fields: docs/declaration.md.",
    );

  declaration
    .command("schema")
    .description(`Print the JSON Schema (draft 2020-12) of ${DECLARATION_FORMAT} to stdout.`)
    .addHelpText(
      "after",
      "\nExample:\n  cra-assessor declaration schema > cra-declaration-1.schema.json\n" +
        "  # then point your editor's YAML/JSON language server at it",
    )
    .action(async () => (await actions()).runSchema(io));

  declaration
    .command("validate")
    .description("Check a declaration file; print located errors (file:line:column, JSON pointer, what is wrong).")
    .argument("<file>", "declaration in YAML or JSON")
    .option("--format <format>", "output: text (default) or json (a machine-readable result)", "text")
    .addHelpText(
      "after",
      "\nExit codes: 0 valid, 2 invalid (errors printed), 3 internal fault.\n\n" +
        "Examples:\n  cra-assessor declaration validate product.cra.yaml\n" +
        "  cra-assessor declaration validate product.cra.json --format json | jq .issues",
    )
    .action(async (file: string, options: { format: string }) => (await actions()).runValidate(io, file, options));
}
