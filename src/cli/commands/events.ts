import type { Command } from "commander";
import { REPORT_STAGES } from "../../domain/art14-stages.js";
import type { AddOptions } from "../actions/events.js";
import type { CliIo } from "../io.js";
import { DB_OPTION_HELP } from "../options.js";

/** What the commands do, imported only when one of them runs. */
const actions = () => import("../actions/events.js");

export function register(program: Command, io: CliIo): void {
  const events = program
    .command("events")
    .description(
      "The Article 14 reporting clock: actively exploited vulnerabilities and severe incidents, with the " +
        "24-hour early warning, 72-hour notification and final report deadlines of Art. 14(2) and 14(4).",
    );

  events
    .command("add")
    .description(
      "Record an event (or replace the one with the same --id / `id`). Give the event as a JSON or YAML file " +
        "(--file; fields in docs/art14.md) or with the flags below; flags override the file. Times are " +
        "ISO 8601 with a time zone. The organisation is created in the database if it does not exist.",
    )
    .requiredOption("--org <org>", "organisation id or slug")
    .option("--file <file>", "the event as JSON or YAML")
    .option("--id <id>", "event id (default: a new one)")
    .option("--kind <kind>", "actively-exploited-vulnerability | severe-incident")
    .option("--title <text>", "short title")
    .option("--product <name>", "product name")
    .option("--product-version <version>", "product version")
    .option("--aware-at <time>", "when the manufacturer became aware")
    .option("--measure-at <time>", "when a corrective or mitigating measure became available")
    .option("--manufacturer <name>", "manufacturer name")
    .option("--main-establishment <code>", "Member State of the main establishment (ISO code, e.g. DE)")
    .option("--enterprise-size <size>", "micro | small | medium | large")
    .option("--vulnerability <ids...>", "CVE or other vulnerability ids")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText(
      "after",
      "\nExamples:\n  cra-assessor events add --org acme --file event.yaml\n" +
        "  cra-assessor events add --org acme --kind actively-exploited-vulnerability --title 'RCE in web UI' \\\n" +
        "    --product 'Acme Home Hub' --aware-at 2026-10-01T08:00:00Z --manufacturer 'Acme Devices GmbH' \\\n" +
        "    --main-establishment DE --enterprise-size small --vulnerability CVE-2026-12345",
    )
    .action(async (options: AddOptions) => (await actions()).runAdd(io, options));

  events
    .command("report")
    .description(
      "Record a report sent for an event (early-warning, notification or final-report), or the time a\ncorrective or mitigating measure became available (--measure-at).",
    )
    .argument("<id>", "event id")
    .option("--stage <stage>", REPORT_STAGES.join(" | "))
    .option("--sent-at <time>", "when the report was sent (ISO 8601 with time zone)")
    .option("--reference <ref>", "the single reporting platform's reference")
    .option("--measure-at <time>", "when a corrective or mitigating measure became available")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText(
      "after",
      "\nExamples:\n  cra-assessor events report evt_123 --stage early-warning --sent-at 2026-10-01T20:00:00Z --reference SRP-42\n" +
        "  cra-assessor events report evt_123 --measure-at 2026-10-05T10:00:00Z",
    )
    .action(
      async (
        id: string,
        options: { stage?: string; sentAt?: string; reference?: string; measureAt?: string; db?: string },
      ) => (await actions()).runReport(io, id, options),
    );

  for (const [name, onlyOpen] of [
    ["list", false],
    ["due", true],
  ] as const) {
    events
      .command(name)
      .description(
        onlyOpen
          ? "What is due or overdue, for one organisation (--org) or all. Exit code 1 when any deadline is\noverdue, for scheduled CI jobs; 0 otherwise."
          : "Every event with each deadline's state (due, overdue, done, done-late, waiting, not-applicable).",
      )
      .option("--org <org>", "organisation id or slug (default: every organisation in the database)")
      .option("--as-of <time>", "the instant to judge at (default: now)")
      .option("--format <format>", "text or json", "text")
      .option("--db <file>", DB_OPTION_HELP)
      .addHelpText("after", `\nExample:\n  cra-assessor events ${name} --org acme --format json`)
      .action(async (options: { org?: string; asOf?: string; format: string; db?: string }) =>
        (await actions()).runListing(io, name, onlyOpen, options),
      );
  }

  events
    .command("draft")
    .description(
      "Draft a report's content as JSON from what the event records (with the items still missing), or the " +
        "Art. 14(8) user advisory as a CSAF 2.0 document.",
    )
    .argument("<id>", "event id")
    .requiredOption("--stage <stage>", `${REPORT_STAGES.join(" | ")} | user-advisory`)
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText("after", "\nExample:\n  cra-assessor events draft evt_123 --stage user-advisory > advisory.csaf.json")
    .action(async (id: string, options: { stage: string; db?: string }) => (await actions()).runDraft(io, id, options));
}
