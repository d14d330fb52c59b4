/**
 * What the `db` commands do (registered in ../commands/db.ts). Imported only when one of them runs, so that building
 * the command tree for help or a usage error loads none of what the actions need.
 */
import { readdirSync, readFileSync } from "node:fs";
import { packagePath } from "../../package-root.js";
import { newId } from "../../services/ids.js";
import { seedDemo } from "../../services/seed-demo.js";
import { createInlineExecutor } from "../../workers/inline-executor.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { withCliDatabase } from "./db-open.js";
import { moveToPostgres } from "./db-transfer.js";

function countFiles(dir: string): number {
  try {
    return readdirSync(packagePath(dir)).filter((f) => /\.(json|ya?ml)$/.test(f)).length;
  } catch {
    return 0;
  }
}

export async function runMigrate(io: CliIo, options: { db?: string; from?: string; to?: string; replace?: boolean }) {
  if (options.from !== undefined || options.to !== undefined || options.replace) {
    await moveToPostgres(io, options);
    return;
  }
  await withCliDatabase(options.db, io, "db migrate", async (database) => {
    io.out(`migrated ${database.label}\n`);
  });
}

export async function runSeed(io: CliIo, options: { db?: string }) {
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
      throw new CliExit(ExitCode.internal, `db seed: the demo seed has problems:\n  ${report.problems.join("\n  ")}`);
    }
  });
}
