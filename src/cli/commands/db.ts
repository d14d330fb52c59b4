import type { Command } from "commander";
import type { CliIo } from "../io.js";
import { DB_OPTION_HELP } from "../options.js";

/** What the commands do, imported only when one of them runs. */
const actions = () => import("../actions/db.js");

export function register(program: Command, io: CliIo): void {
  const db = program.command("db").description("The service's database: the embedded SQLite file, or PostgreSQL.");

  db.command("migrate")
    .description(
      "Create the database (a SQLite file and its directory, if needed) and apply the committed migrations of its " +
        "dialect; --db may be a postgres:// URL. With --from and --to instead: move an installation from its " +
        "SQLite file to an empty PostgreSQL database, every table and the audit chain, in one transaction, and " +
        "print the rows per table (exit 2 for a missing or non-SQLite file, an unreachable server or a target " +
        "that is not empty).",
    )
    .option("--db <file>", DB_OPTION_HELP)
    .option("--from <sqlite:file>", "the SQLite file to move from (read only; stop the service first)")
    .option("--to <url>", "the postgres:// URL to move to (migrated first; must hold no rows unless --replace)")
    .option("--replace", "with --to: delete the target's rows first, in the same transaction")
    .addHelpText(
      "after",
      "\nExamples:\n  cra-assessor db migrate --db ./data/cra-assessor.db\n" +
        "  cra-assessor db migrate --from sqlite:./data/cra-assessor.db --to postgres://cra:PASSWORD@db.example:5432/cra",
    )
    .action(async (options: { db?: string; from?: string; to?: string; replace?: boolean }) =>
      (await actions()).runMigrate(io, options),
    );

  db.command("seed")
    .description(
      "Load the demo organisations and products from seeds/demo/ (with a declaration and an SBOM each) into " +
        "their own reserved organisations (slugs starting with cra-assessor-demo-), never into yours. " +
        "Idempotent: running it again stores nothing twice. Framework catalogs, crosswalks and arrangements " +
        "are read from seeds/ by the service itself, so they need no copy in the database.",
    )
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText("after", "\nExample:\n  cra-assessor db seed && cra-assessor serve")
    .action(async (options: { db?: string }) => (await actions()).runSeed(io, options));
}
