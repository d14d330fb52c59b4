/**
 * `cra-assessor vex set|list|export`: the manufacturer's analysis of each vulnerability matched against a product
 * version, on the service's database file, and its export as CSAF 2.0 VEX, CycloneDX VEX or OpenVEX. The
 * CycloneDX export goes back into `assess --advisories`, so the next assessment counts the analyses.
 */
import { type Command, Option } from "commander";
import { IMPACT_JUSTIFICATIONS, IMPACT_RESPONSES, IMPACT_STATES } from "../../domain/vex.js";
import { VEX_FORMATS, type VexFormat } from "../../vex/formats.js";
import type { CliIo } from "../io.js";
import { DB_OPTION_HELP } from "../options.js";

/** What the commands do, imported only when one of them runs. */
const actions = () => import("../actions/vex.js");

export function register(program: Command, io: CliIo): void {
  const vex = program
    .command("vex")
    .description("Record the analysis of each vulnerability matched against a product version, and export it as VEX.");

  vex
    .command("set")
    .description("Record (or replace) the analysis of one vulnerability on one component of a product version.")
    .requiredOption("--product <id>", "product id (see GET /v1/products)")
    .requiredOption("--product-version <version>", "the product version the analysis holds for")
    .requiredOption("--vulnerability <id>", "CVE, GHSA or OSV id")
    .requiredOption("--component <purl>", "the component's purl (or name)")
    .addOption(new Option("--state <state>", "impact analysis state").choices([...IMPACT_STATES]).makeOptionMandatory())
    .addOption(new Option("--justification <why>", "why it is not affected").choices([...IMPACT_JUSTIFICATIONS]))
    .addOption(new Option("--response <response...>", "what is done about it").choices([...IMPACT_RESPONSES]))
    .option("--detail <text>", "free text: the reasoning, or what users should do")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText(
      "after",
      "\nA not_affected or false_positive analysis needs --justification or --detail; an exploitable one --response\n" +
        "or --detail (VEX minimum requirements). Every analysis is in the audit chain.\n\n" +
        "Example:\n  cra-assessor vex set --product prd_123 --product-version 2.3.0 --vulnerability CVE-2021-23337 \\\n" +
        "    --component pkg:npm/lodash@4.17.20 --state not_affected --justification code_not_reachable",
    )
    .action(
      async (options: {
        product: string;
        productVersion: string;
        vulnerability: string;
        component: string;
        state: string;
        justification?: string;
        response?: string[];
        detail?: string;
        db?: string;
      }) => (await actions()).runSet(io, options),
    );

  vex
    .command("list")
    .description("List a product's analyses (of one version with --product-version).")
    .requiredOption("--product <id>", "product id")
    .option("--product-version <version>", "only this product version")
    .addOption(new Option("--format <format>", "output").choices(["text", "json"]).default("text"))
    .option("--db <file>", DB_OPTION_HELP)
    .action(async (options: { product: string; productVersion?: string; format: string; db?: string }) =>
      (await actions()).runList(io, options),
    );

  vex
    .command("export")
    .description("Write one product version's analyses as CSAF 2.0 VEX, CycloneDX 1.6 VEX or OpenVEX 0.2.0.")
    .requiredOption("--product <id>", "product id")
    .addOption(new Option("--format <format>", "VEX format").choices([...VEX_FORMATS]).makeOptionMandatory())
    .option("--product-version <version>", "product version (default: the latest declaration's)")
    .option("--output <file>", "write to this file instead of stdout")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText(
      "after",
      "\nExamples:\n  cra-assessor vex export --product prd_123 --format csaf > hub-2.3.0.csaf.json\n" +
        "  cra-assessor vex export --product prd_123 --format cyclonedx --output vex.cdx.json\n" +
        "  cra-assessor assess --sbom bom.json --declaration product.yaml --advisories osv.zip vex.cdx.json",
    )
    .action(
      async (options: { product: string; format: VexFormat; productVersion?: string; output?: string; db?: string }) =>
        (await actions()).runExport(io, options),
    );
}
