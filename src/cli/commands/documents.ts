/**
 * `cra-assessor documents generate KIND`: drafts of the documents a manufacturer signs or keeps, filled from the
 * declaration (and the SBOM and an assessment report when given), each point marked filled, referenced, missing,
 * to complete by hand, or not applicable, with what is missing listed first.
 *
 * Exit codes: 0 the draft was written (missing points are content of the draft, not an error); 2 invalid input;
 * 3 internal fault.
 */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Argument, type Command, Option } from "commander";
import type { SbomDigest } from "../../documents/build.js";
import { countByState, GENERATED_DOCUMENT_KINDS, type GeneratedDocumentKind } from "../../documents/model.js";
import { renderDocumentHtml, renderDocumentMarkdown } from "../../documents/render.js";
import { isIsoDate } from "../../domain/waivers.js";
import { ingestSbomFile } from "../../sbom/ingest.js";
import { documentFromTexts, sbomDigestOf } from "../../services/generate-document.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { failInput, formatIssue, readText } from "./assess.js";

const FORMATS = ["md", "html", "json"] as const;
type DocumentFormat = (typeof FORMATS)[number];

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

interface GenerateOptions {
  declaration: string;
  sbom?: string;
  assessment?: string;
  format: DocumentFormat;
  output?: string;
  asOf?: string;
}

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
    .addOption(new Option("--format <format>", "output format").choices([...FORMATS]).default("md"))
    .option("--output <file>", "write the document here instead of stdout")
    .option("--as-of <date>", "date of the draft YYYY-MM-DD (default: today, UTC)")
    .addHelpText("after", HELP_AFTER)
    .action(async (kind: GeneratedDocumentKind, options: GenerateOptions) => {
      await generate(kind, options, io);
    });
}

async function generate(kind: GeneratedDocumentKind, options: GenerateOptions, io: CliIo): Promise<void> {
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  if (!isIsoDate(asOf)) {
    throw new CliExit(ExitCode.invalidInput, `--as-of: "${asOf}" is not a calendar date written YYYY-MM-DD.`);
  }
  const problems: string[] = [];
  const declarationText = await readText(io, options.declaration, "declaration", problems);
  const assessmentText =
    options.assessment === undefined
      ? undefined
      : await readText(io, options.assessment, "assessment report", problems);
  let sbom: SbomDigest | undefined;
  if (options.sbom !== undefined) {
    const read = await ingestSbomFile(resolve(io.cwd, options.sbom));
    if (read.ok) sbom = sbomDigestOf(read.sbom, { sha256: read.sha256, file: options.sbom });
    else problems.push(...read.issues.map((issue) => formatIssue(issue, options.sbom!)));
  }
  if (problems.length > 0 || declarationText === undefined) failInput(problems);

  const drafted = documentFromTexts({
    kind,
    declaration: { text: declarationText!, source: options.declaration },
    ...(sbom ? { sbom } : {}),
    ...(assessmentText !== undefined && options.assessment !== undefined
      ? { assessment: { text: assessmentText, source: options.assessment } }
      : {}),
    asOf,
  });
  if (!drafted.ok) failInput(drafted.issues.map((issue) => formatIssue(issue, issue.source ?? "input")));

  const document = drafted.value;
  const text =
    options.format === "html"
      ? renderDocumentHtml(document)
      : options.format === "json"
        ? `${JSON.stringify(document, null, 2)}\n`
        : renderDocumentMarkdown(document);
  if (options.output !== undefined) {
    const target = resolve(io.cwd, options.output);
    try {
      await writeFile(target, text, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliExit(ExitCode.invalidInput, `--output: cannot write ${target}${code ? ` (${code})` : ""}.`);
    }
  } else {
    io.out(text);
  }
  const counts = countByState(document);
  io.err(
    `cra-assessor: ${kind}: ${document.items.length} point(s): ${counts.filled + counts.referenced} filled or referenced, ` +
      `${counts.missing} missing, ${counts["to-complete"]} to complete by hand, ${counts["not-applicable"]} not applicable.\n`,
  );
}
