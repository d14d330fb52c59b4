import type { Command } from "commander";
import { cliPrincipal, type ServiceContext } from "../../services/context.js";
import { newId } from "../../services/ids.js";
import { createApiKey, revokeApiKey } from "../../services/keys.js";
import { findOrCreateOrganization } from "../../services/organizations.js";
import { createInlineExecutor } from "../../workers/inline-executor.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { DB_OPTION_HELP, withCliDatabase } from "./db-open.js";

/** The command line acts as a platform operator of the database it was given. */
function cliContext(repos: ServiceContext["repos"], command: string): ServiceContext {
  return {
    repos,
    work: createInlineExecutor(repos),
    now: () => new Date(),
    newId,
    principal: cliPrincipal(command),
  };
}

function issuesText(issues: { path?: string; message: string }[]): string {
  return issues.map((i) => `  ${i.path ? `${i.path}: ` : ""}${i.message}`).join("\n");
}

export function register(program: Command, io: CliIo): void {
  const keys = program.command("keys").description("Create, list and revoke API keys (stored only as SHA-256 hashes).");

  keys
    .command("create")
    .description(
      "Create an API key and print it alone on standard output (shown once). " +
        "Creates the organisation when it does not exist yet, and the database file when it is missing.\n\n" +
        "Roles: manufacturer (its own organisation), ci (named products of one organisation), " +
        "regulator (reads every organisation), admin (its own organisation's keys and audit records), " +
        "operator (the platform: every organisation and its keys; made only here, never over HTTP).",
    )
    .requiredOption("--org <org>", "organisation slug, id or name (e.g. acme)")
    .requiredOption("--role <role>", "manufacturer | ci | regulator | admin | operator")
    .option("--products <ids>", "comma-separated product ids (ci keys only)")
    .option("--label <text>", "a note to tell keys apart")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText(
      "after",
      "\nExample:\n  KEY=$(cra-assessor keys create --org acme --role manufacturer)\n" +
        '  curl -H "Authorization: Bearer $KEY" http://127.0.0.1:8080/v1/products',
    )
    .action(async (options: { org: string; role: string; products?: string; label?: string; db?: string }) => {
      await withCliDatabase(options.db, io, "keys create", async (database) => {
        const ctx = cliContext(database.repos, "keys-create");
        const result = await createApiKey({
          ctx,
          input: {
            organization: options.org,
            role: options.role,
            createOrganization: true,
            ...(options.products
              ? {
                  productIds: options.products
                    .split(",")
                    .map((p) => p.trim())
                    .filter(Boolean),
                }
              : {}),
            ...(options.label ? { label: options.label } : {}),
          },
        });
        if (!result.ok) {
          const f = result.failure;
          throw new CliExit(
            ExitCode.invalidInput,
            f.kind === "invalid-input"
              ? `keys create: invalid input\n${issuesText(f.issues)}`
              : `keys create: ${f.kind}`,
          );
        }
        io.out(`${result.value.key}\n`);
        io.err(
          `Created ${result.value.record.role} key ${result.value.record.id} (${result.value.record.prefix}…) ` +
            `for organisation ${result.value.record.organizationId}. It is not stored: keep it now.\n`,
        );
      });
    });

  keys
    .command("list")
    .description("List an organisation's keys (id, role, prefix; never the key).")
    .requiredOption("--org <org>", "organisation slug or id")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText("after", "\nExample:\n  cra-assessor keys list --org acme")
    .action(async (options: { org: string; db?: string }) => {
      await withCliDatabase(
        options.db,
        io,
        "keys list",
        async (database) => {
          const ctx = cliContext(database.repos, "keys-list");
          const org = await findOrCreateOrganization({ ctx, input: { organization: options.org, create: false } });
          if (!org.ok) throw new CliExit(ExitCode.invalidInput, `keys list: no organisation ${options.org}`);
          for (const key of await ctx.repos.apiKeys.listByOrganization(org.value.id)) {
            const products = key.productIds.length ? ` products=${key.productIds.join(",")}` : "";
            const state = key.revokedAt ? ` revoked=${key.revokedAt}` : "";
            io.out(`${key.id}\t${key.role}\t${key.prefix}…\t${key.createdAt}${products}${state}\n`);
          }
        },
        { mustExist: true },
      );
    });

  keys
    .command("revoke")
    .description("Revoke a key by its id (see `keys list`).")
    .argument("<id>", "key id, e.g. key_3f2c…")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText("after", "\nExample:\n  cra-assessor keys revoke key_0123456789abcdef")
    .action(async (id: string, options: { db?: string }) => {
      await withCliDatabase(
        options.db,
        io,
        "keys revoke",
        async (database) => {
          const result = await revokeApiKey({
            ctx: cliContext(database.repos, "keys-revoke"),
            input: { id },
          });
          if (!result.ok) throw new CliExit(ExitCode.invalidInput, `keys revoke: no active key ${id}`);
          io.err(`Revoked ${id}.\n`);
        },
        { mustExist: true },
      );
    });
}
