import { readdirSync, readFileSync } from "node:fs";
import type { Command } from "commander";
import { packagePath } from "../../package-root.js";
import { newId } from "../../services/ids.js";
import { seedDemo } from "../../services/seed-demo.js";
import { createInlineExecutor } from "../../workers/inline-executor.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { DB_OPTION_HELP, withCliDatabase } from "./db-open.js";
import { moveToPostgres } from "./db-transfer.js";

function countFiles(dir: string): number {
  try {
    return readdirSync(packagePath(dir)).filter((f) => /\.(json|ya?ml)$/.test(f)).length;
  } catch {
    return 0;
  }
}

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
    .action(async (options: { db?: string; from?: string; to?: string; replace?: boolean }) => {
      if (options.from !== undefined || options.to !== undefined || options.replace) {
        await moveToPostgres(io, options);
        return;
      }
      await withCliDatabase(options.db, io, "db migrate", async (database) => {
        io.out(`migrated ${database.label}\n`);
      });
    });

  db.command("seed")
    .description(
      "Load the demo organisations and products from seeds/demo/ (with a declaration and an SBOM each) into " +
        "their own reserved organisations (slugs starting with cra-assessor-demo-), never into yours. " +
        "Idempotent: running it again stores nothing twice. Framework catalogs, crosswalks and arrangements " +
        "are read from seeds/ by the service itself, so they need no copy in the database.",
    )
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText("after", "\nExample:\n  cra-assessor db seed && cra-assessor serve")
    .action(async (options: { db?: string }) => {
      await withCliDatabase(options.db, io, "db seed", async (database) => {
        const seed = JSON.parse(readFileSync(packagePath("seeds/demo/demo.json"), "utf8")) as unknown;
        const repos = database.repos;
        const report = await seedDemo({
          ctx: { repos, work: createInlineExecutor(repos), now: () => new Date(), newId },
          input: { seed, readFile: (file) => readFileSync(packagePath(file)) },
        });
        io.out(
          `seeded ${database.label}: ${report.organizationsCreated} organisation(s), ${report.productsCreated} product(s), ` +
            `${report.declarationsStored} declaration(s), ${report.sbomsStored} SBOM(s) added\n` +
            `read from seeds/ at run time: ${countFiles("seeds/frameworks")} framework catalog(s), ` +
            `${countFiles("seeds/crosswalks")} crosswalk(s), ${countFiles("seeds/arrangements")} arrangement(s)\n` +
            `the demo organisations (${report.organizationSlugs.join(", ")}) are apart from yours; to look at one:\n` +
            `  cra-assessor keys create --org ${report.organizationSlugs[0] ?? "SLUG"} --role manufacturer --db ${database.label}\n`,
        );
        if (report.problems.length > 0) {
          throw new CliExit(
            ExitCode.internal,
            `db seed: the demo seed has problems:\n  ${report.problems.join("\n  ")}`,
          );
        }
      });
    });
}
