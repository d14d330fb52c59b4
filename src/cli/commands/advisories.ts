import type { Command } from "commander";
import type { CliIo } from "../io.js";
import { DB_OPTION_HELP } from "../options.js";

/** What the commands do, imported only when one of them runs. */
const actions = () => import("../actions/advisories.js");

export function register(program: Command, io: CliIo): void {
  const advisories = program
    .command("advisories")
    .description(
      "Offline vulnerability data: OSV records (files, directories, ecosystem zip exports), the CISA KEV " +
        "catalog, CycloneDX VEX/VDR, CSAF 2.0 VEX and OpenVEX documents. Nothing is fetched from the network.",
    );

  advisories
    .command("import")
    .description(
      "Store advisory files in the database. Re-importing updates changed records and leaves the others; " +
        "a malformed file or record is reported with its path and JSON pointer and skipped. Records are " +
        "written in transactions of whole documents, so an interrupted import stores nothing half-way. " +
        "Exit codes: 0 all stored, 2 some files or records were skipped (the rest is stored), 3 internal fault.",
    )
    .argument("<paths...>", "JSON files, directories (read recursively) or .zip archives")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText(
      "after",
      "\nExamples:\n  cra-assessor advisories import ./osv/npm-all.zip ./known_exploited_vulnerabilities.json\n" +
        "  cra-assessor advisories import ./vex/ --db ./data/cra-assessor.db",
    )
    .action(async (paths: string[], options: { db?: string }) => (await actions()).runImport(io, paths, options));

  advisories
    .command("match")
    .description(
      "List the known vulnerabilities of an SBOM's components, with VEX applied, from advisory files " +
        "(--advisories) or from the database (--db). Exit codes: 0 none exploitable, 1 some exploitable, " +
        "2 invalid input.",
    )
    .requiredOption("--sbom <file>", "SBOM (CycloneDX or SPDX) whose components are matched")
    .option("--advisories <paths...>", "advisory files, directories or zips (no database needed)")
    .option("--db <file>", DB_OPTION_HELP)
    .option("--format <format>", "text or json", "text")
    .addHelpText(
      "after",
      "\nExample:\n  cra-assessor advisories match --sbom bom.json --advisories ./osv ./kev.json --format json",
    )
    .action(async (options: { sbom: string; advisories?: string[]; db?: string; format: string }) =>
      (await actions()).runMatch(io, options),
    );

  advisories
    .command("stats")
    .description("Count the stored advisories, KEV entries and VEX statements.")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText("after", "\nExample:\n  cra-assessor advisories stats --db ./data/cra-assessor.db")
    .action(async (options: { db?: string }) => (await actions()).runStats(io, options));
}
