import type { Command } from "commander";
import { RELATIONSHIPS } from "../../domain/crosswalk.js";
import { COMPARISON_FORMATS } from "../../services/comparison-formats.js";
import type { CliIo } from "../io.js";
import { DB_OPTION_HELP } from "../options.js";

/** What the commands do, imported only when one of them runs. */
const actions = () => import("../actions/frameworks.js");

/** `cra-assessor frameworks …`: partner framework catalogs, crosswalks and comparisons. */
export function register(program: Command, io: CliIo): void {
  const frameworks = program
    .command("frameworks")
    .description("List, show and compare the CRA and partner frameworks (catalogs, crosswalks, OSCAL export).")
    .addHelpText(
      "after",
      "\nCatalogs: seeds/frameworks/; crosswalks (NIST IR 8477 style, partner → CRA): seeds/crosswalks/;\n" +
        "arrangements: seeds/arrangements/. See docs/mutual-recognition.md.",
    );

  frameworks
    .command("list")
    .description(
      "List the frameworks: version, levels, whether assess can use them, and their counts (catalog entries, " +
        "findings per report, comparison targets; the legend under the table says why they differ).",
    )
    .option("--format <format>", "text (default) or json", "text")
    .addHelpText(
      "after",
      "\nExamples:\n  cra-assessor frameworks list\n  cra-assessor frameworks list --format json | jq '.[] | select(.assessable) | .id'",
    )
    .action(async (options: { format: string }) => (await actions()).runList(io, options));

  frameworks
    .command("show")
    .description(
      "Show one framework: source, status, levels, every requirement with its obligation, and its crosswalks and arrangements.",
    )
    .argument("<id>", "framework id, e.g. uk-psti, sg-cls, etsi-en-303-645@3.1.3")
    .option("--level <level>", "only the requirements of this level (e.g. L2, star-1)")
    .option("--format <format>", "md (default) or json", "md")
    .addHelpText(
      "after",
      "\nExamples:\n  cra-assessor frameworks show uk-psti\n  cra-assessor frameworks show sg-cls --level L2 --format json",
    )
    .action(async (id: string, options: { level?: string; format: string }) =>
      (await actions()).runShow(io, id, options),
    );

  frameworks
    .command("compare")
    .description(
      "Coverage matrix between two frameworks, both directions: share of target requirements fully, partly and not " +
        "covered (counted and weighted by obligation) and the uncovered lists. Pairs without a crosswalk are derived " +
        "through ETSI EN 303 645 or the CRA and marked as derived candidates.\n\n" +
        "With --product, the reverse question of a manufacturer: the product (declaration, optional SBOM) is assessed " +
        "against both frameworks, and for every requirement of the second one the answer shows its finding on that " +
        "evidence beside the crosswalk relation to the first one's requirements and their findings (what is missing).",
    )
    .argument("[from]", "source framework id (the certificate held, or what the product is assessed against)")
    .argument("[to]", "target framework id (the label wanted)")
    .option("--from <id>", "source framework id, as the first argument")
    .option("--to <id>", "target framework id, as the second argument")
    .option(
      "--level <level>",
      "level of the source framework (e.g. L2 for sg-cls); when only the target has levels, the target's level",
    )
    .option("--to-level <level>", "level of the target framework, when it has levels")
    .option("--product <declaration>", "answer from this product's evidence: its declaration (cra-declaration/1)")
    .option("--sbom <file>", "with --product: the product's SBOM (CycloneDX or SPDX)")
    .option("--as-of <date>", "with --product: assessment date YYYY-MM-DD (default: today, UTC)")
    .option("--format <format>", `one of ${COMPARISON_FORMATS.join(", ")} (with --product: md, json, html)`, "md")
    .option("--output <file>", "write to this file instead of stdout")
    .addHelpText(
      "after",
      "\nExit codes: 0 ok, 2 unknown framework, level or format, or invalid product input.\n\nExamples:\n" +
        "  cra-assessor frameworks compare uk-psti cra\n" +
        "  cra-assessor frameworks compare --from sg-cls --level L3 --to cra --format csv --output cls-l3.csv\n" +
        "  cra-assessor frameworks compare --from jp-jc-star --to uk-psti --format json   # derived candidates\n" +
        "  cra-assessor frameworks compare --from etsi-en-303-645@3.1.3 --to cra --format oscal\n" +
        "  cra-assessor frameworks compare cra sg-cls --product declaration.yaml --sbom bom.json --level L2\n" +
        "  cra-assessor frameworks compare cra jp-jc-star --product declaration.yaml --format html --output star1.html",
    )
    .action(
      async (
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
      ) => (await actions()).runCompare(io, fromArgument, toArgument, options),
    );

  frameworks
    .command("review")
    .description(
      "Record a regulator's review of one crosswalk row in the database (audited in the hash chain).\n" +
        "The review is recorded in the name of the organisation given with --org, which must exist.\n" +
        "A recognition trace counts as reviewed when its row's latest review agrees.",
    )
    .argument("<crosswalk>", "crosswalk id, e.g. uk-psti--cra")
    .requiredOption("--source <id>", "the row's partner requirement, e.g. UKPSTI-S1-1.2")
    .requiredOption("--target <id>", "the row's target requirement, e.g. CRA-AI-P1-2b")
    .requiredOption("--verdict <verdict>", "agree | disagree | changed")
    .requiredOption("--reviewer <name>", "who reviewed the row")
    .requiredOption("--org <org>", "the reviewing organisation (slug or id)")
    .option("--relationship <relationship>", `for --verdict changed: ${RELATIONSHIPS.join(", ")}`)
    .option("--comment <text>", "why")
    .option("--date <YYYY-MM-DD>", "day of the review (default: today)")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText(
      "after",
      "\nExit codes: 0 recorded, 2 invalid input (unknown crosswalk or row, missing relationship, unknown organisation).\n\n" +
        "Example:\n  cra-assessor frameworks review uk-psti--cra --source UKPSTI-S1-1.2 --target CRA-AI-P1-2b \\\n" +
        '    --verdict agree --reviewer "A. Analyst" --org authority --db data/cra-assessor.db',
    )
    .action(
      async (
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
      ) => (await actions()).runReview(io, crosswalkId, options),
    );

  frameworks
    .command("reviews")
    .description("List the reviews of a crosswalk's rows: those its file carries and those recorded in the database.")
    .argument("<crosswalk>", "crosswalk id, e.g. uk-psti--cra")
    .option("--db <file>", DB_OPTION_HELP)
    .option("--format <format>", "text (default) or json")
    .addHelpText("after", "\nExample:\n  cra-assessor frameworks reviews uk-psti--cra --db data/cra-assessor.db")
    .action(async (crosswalkId: string, options: { db?: string; format?: string }) =>
      (await actions()).runReviews(io, crosswalkId, options),
    );

  frameworks
    .command("export")
    .description(
      "Export a crosswalk (OSCAL 1.2 mapping-collection or CSV) or a framework catalog (CycloneDX 1.6 standard or OSCAL catalog).",
    )
    .argument("<id>", "crosswalk id (e.g. uk-psti--cra) or framework id (e.g. cra, sg-cls)")
    .option(
      "--format <format>",
      "crosswalk: oscal (default) or csv; framework: cyclonedx-standard (default) or oscal-catalog",
    )
    .option("--output <file>", "write to this file instead of stdout")
    .option("--db <file>", `crosswalk: also export the reviews recorded in this database (${DB_OPTION_HELP})`)
    .addHelpText(
      "after",
      "\nExamples:\n  cra-assessor frameworks export uk-psti--cra > uk-psti--cra.oscal.json\n  cra-assessor frameworks export sg-cls--cra --format csv\n" +
        "  cra-assessor frameworks export cra --format cyclonedx-standard > cra.cdx.json\n  cra-assessor frameworks export sg-cls --format oscal-catalog > sg-cls.oscal.json",
    )
    .action(async (id: string, options: { format?: string; output?: string; db?: string }) =>
      (await actions()).runExport(io, id, options),
    );

  frameworks
    .command("check")
    .description("Check a crosswalk or arrangement file (e.g. a regulator's draft) against the loaded catalogs.")
    .argument("<file>", "crosswalk (cra-crosswalk/1) or arrangement (cra-arrangement/1), YAML or JSON")
    .addHelpText(
      "after",
      "\nExit codes: 0 valid, 2 invalid (located errors printed).\n\nExample:\n  cra-assessor frameworks check seeds/arrangements/drafts/eu-sg-cls-draft.yaml",
    )
    .action(async (file: string) => (await actions()).runCheck(io, file));
}
