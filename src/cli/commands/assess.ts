/**
 * `cra-assessor assess`: the CI gate. Reads the declaration (and the SBOM, when given), assesses the product
 * against the requested frameworks and prints or writes one report per framework.
 *
 * Exit codes: 0 pass; 1 gate failed (a gap at or above --fail-on, new against --baseline if one is given);
 * 2 invalid input (located errors on stderr); 3 internal fault. Anything unexpected fails closed.
 */
import { type Command, Option } from "commander";
import { FAIL_ON_VALUES } from "../../domain/report.js";
import { REPORT_FORMATS } from "../../reports/formats.js";
import { DEFAULT_FACT_POLICY } from "../../rules/fact-policy.js";
import type { AssessOptions } from "../actions/assess.js";
import type { CliIo } from "../io.js";

/** What the commands do, imported only when one of them runs. */
const actions = () => import("../actions/assess.js");

const HELP_AFTER = `
Give a declaration, an SBOM, or both. Without the SBOM, Annex I Part II (1) is a gap and the SBOM-based checks
do not run. Without the declaration, only what the SBOM (and --advisories) show is assessed: the SBOM itself,
the SBOM profiles and known vulnerabilities; every requirement judged from the declaration is needs-review
("no declaration given"), and no product class or placing date is assumed.
Before a requirement applies (Art. 14 from 2026-09-11, the rest from 2027-12-11) its gaps are reported at
severity info, so the gate passes; pass --as-of 2027-12-11 to gate on the obligations as they will apply.

Exit codes: 0 pass, 1 gate failed, 2 invalid input (located errors on stderr), 3 internal fault.

Examples:
  $ cra-assessor assess --sbom bom.cdx.json --declaration declaration.yaml
  $ cra-assessor assess --sbom bom.xml --declaration product.yaml --format sarif --output cra.sarif
  $ cra-assessor assess --sbom bom.json --declaration product.yaml --format md --fail-on never > comment.md
  $ cra-assessor assess --sbom bom.json --declaration product.yaml --baseline last-release.json --waivers waivers.yaml
  $ cra-assessor assess --declaration product.yaml --as-of 2027-12-11 --framework cra --format json
  $ cra-assessor assess --sbom bom.json --advisories osv/ --framework cra,bsi-tr-03183-2@2.1
  $ cra-assessor assess --sbom bom.json --declaration product.yaml --advisories osv/ kev.json --fix-overdue-days 14
  $ cra-assessor assess --sbom bom.json --declaration product.yaml --framework sg-cls --level L2
  $ cra-assessor assess --declaration product.yaml --framework cra,sg-cls,kr-iot-cic --level sg-cls=L3,kr-iot-cic=basic
`;

export function register(program: Command, io: CliIo): void {
  program
    .command("assess")
    .summary("assess a product against the CRA (CI gate)")
    .description(
      "Assess a product with digital elements against the Cyber Resilience Act (and other loaded frameworks) " +
        "from its declaration (cra-declaration/1, YAML or JSON) and its SBOM (CycloneDX or SPDX), or from either alone. Every requirement gets one " +
        "finding: met, gap, needs-review or not-applicable, with the facts it looked at and what to do.",
    )
    .option(
      "--declaration <file>",
      "product declaration, cra-declaration/1 (YAML or JSON); may be left out with --sbom",
    )
    .option(
      "--sbom <file>",
      "SBOM: CycloneDX (JSON or XML, spec 1.2-1.7) or SPDX (2.2/2.3 JSON, YAML or tag-value; 3.0.0/3.0.1 JSON-LD); - reads standard input",
    )
    .option(
      "--public-key <file>",
      "PEM public key to check the SBOM's JSF signature with (decides BSI TR-03183-2 G-8 and CISA's signature element)",
    )
    .option("--as-of <date>", "assessment date YYYY-MM-DD (default: today, UTC)")
    .addOption(new Option("--format <format>", "report format").choices([...REPORT_FORMATS]).default("json"))
    .option("--output <file>", "write the report here instead of stdout (one file per framework when several)")
    .addOption(
      new Option("--fail-on <severity>", "fail the gate on a gap at or above this severity")
        .choices([...FAIL_ON_VALUES])
        .default("high"),
    )
    .option("--baseline <file>", "previous JSON report: fail only on gaps that are new against it")
    .option("--waivers <file>", "waivers file, cra-waivers/1 (YAML or JSON)")
    .option("--framework <ids>", "comma-separated framework ids (cra-assessor frameworks list shows which)", "cra")
    .option(
      "--level <level>",
      "level of the levelled frameworks: one name for all (L2) or id=level pairs (sg-cls=L2,kr-iot-cic=basic)",
    )
    .option(
      "--advisories <paths...>",
      "advisory files, directories or zips (OSV, CISA KEV, CycloneDX VEX/VDR, CSAF VEX, OpenVEX) to match the SBOM against, offline",
    )
    .option(
      "--fix-overdue-days <days>",
      `assessor policy for Annex I Part II (2): an exploitable match whose fix has been out longer than this is a gap (default ${DEFAULT_FACT_POLICY.fixOverdueDays})`,
    )
    .addHelpText("after", HELP_AFTER)
    .action(async (options: AssessOptions) => (await actions()).runAssess(io, options));
}
