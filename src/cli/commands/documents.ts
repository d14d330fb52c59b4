/**
 * `cra-assessor documents generate KIND`: drafts of the documents a manufacturer signs or keeps, filled from the
 * declaration (and the SBOM and an assessment report when given), each point marked filled, referenced, missing,
 * to complete by hand, or not applicable, with what is missing listed first.
 *
 * Exit codes: 0 the draft was written (missing points are content of the draft, not an error); 2 invalid input;
 * 3 internal fault.
 */
import { Argument, type Command, Option } from "commander";
import { GENERATED_DOCUMENT_KINDS, type GeneratedDocumentKind } from "../../documents/model.js";
import type { GenerateOptions } from "../actions/documents.js";
import type { CliIo } from "../io.js";
import { DOCUMENT_FORMATS } from "../options.js";

/** What the commands do, imported only when one of them runs. */
const actions = () => import("../actions/documents.js");

const KIND_HELP: Record<GeneratedDocumentKind, string> = {
  "eu-declaration-of-conformity": "the EU declaration of conformity, every point of Annex V (Art. 28)",
  "simplified-declaration-of-conformity":
    "the simplified declaration of Annex VI, with the address of the full one (Art. 13(20))",
  "technical-documentation": "the technical documentation of Annex VII (Art. 31), missing points first",
  "user-information": "the information and instructions to the user of Annex II (Art. 13(18))",
};

const HELP_AFTER = `
Kinds:
${GENERATED_DOCUMENT_KINDS.map((kind) => `  ${kind.padEnd(38)} ${KIND_HELP[kind]}`).join("\n")}

Each point of the Annex is marked filled, referenced, missing, to complete by hand, or not applicable; the
missing ones are listed first with what to add. The drafts paraphrase what each point asks for: the manufacturer
completes, checks and signs them.

Exit codes: 0 draft written (missing points do not fail), 2 invalid input, 3 internal fault.

Examples:
  $ cra-assessor documents generate eu-declaration-of-conformity --declaration product.yaml --format html --output doc.html
  $ cra-assessor documents generate technical-documentation --declaration product.yaml --sbom bom.cdx.json --assessment report.json
  $ cra-assessor documents generate user-information --declaration product.yaml --format md
`;

export function register(program: Command, io: CliIo): void {
  const documents = program
    .command("documents")
    .description(
      "Draft the documents a manufacturer signs or keeps: EU declaration of conformity, technical documentation, user information.",
    );

  documents
    .command("generate")
    .description("Draft one document from the declaration (and the SBOM and an assessment report, when given).")
    .addArgument(new Argument("<kind>", "what to draft").choices([...GENERATED_DOCUMENT_KINDS]))
    .requiredOption("--declaration <file>", "product declaration, cra-declaration/1 (YAML or JSON)")
    .option("--sbom <file>", "SBOM (CycloneDX or SPDX) of the version the document is about")
    .option("--assessment <file>", "JSON report of `assess --format json` (the CRA report)")
    .addOption(new Option("--format <format>", "output format").choices([...DOCUMENT_FORMATS]).default("md"))
    .option("--output <file>", "write the document here instead of stdout")
    .option("--as-of <date>", "date of the draft YYYY-MM-DD (default: today, UTC)")
    .addHelpText("after", HELP_AFTER)
    .action(async (kind: GeneratedDocumentKind, options: GenerateOptions) =>
      (await actions()).runGenerate(io, kind, options),
    );
}
