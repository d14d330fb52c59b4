import type { Command } from "commander";
import type { CliIo } from "../io.js";
import { DB_OPTION_HELP } from "../options.js";

/** What the commands do, imported only when one of them runs. */
const actions = () => import("../actions/keys.js");

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
    .action(async (options: { org: string; role: string; products?: string; label?: string; db?: string }) =>
      (await actions()).runCreate(io, options),
    );

  keys
    .command("list")
    .description("List an organisation's keys (id, role, prefix; never the key).")
    .requiredOption("--org <org>", "organisation slug or id")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText("after", "\nExample:\n  cra-assessor keys list --org acme")
    .action(async (options: { org: string; db?: string }) => (await actions()).runList(io, options));

  keys
    .command("revoke")
    .description("Revoke a key by its id (see `keys list`).")
    .argument("<id>", "key id, e.g. key_3f2c…")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText("after", "\nExample:\n  cra-assessor keys revoke key_0123456789abcdef")
    .action(async (id: string, options: { db?: string }) => (await actions()).runRevoke(io, id, options));
}
