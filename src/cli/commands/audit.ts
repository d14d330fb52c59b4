import type { Command } from "commander";
import type { CliIo } from "../io.js";
import { DB_OPTION_HELP } from "../options.js";

/** What the commands do, imported only when one of them runs. */
const actions = () => import("../actions/audit.js");

export function register(program: Command, io: CliIo): void {
  const audit = program.command("audit").description("The tamper-evident audit trail (a hash chain).");
  audit
    .command("verify")
    .description(
      "Recompute the audit hash chain and report every changed, inserted or deleted record; with --checkpoint, " +
        "also check that the chain still holds the record a signed checkpoint names (newest records cut off, or " +
        "the chain rewritten after it, show there). Exit 0 when the chain (and the checkpoint) hold, 1 when " +
        "not (a checkpoint that does not verify with the key included), 2 when there is no database or an " +
        "input file is unreadable.",
    )
    .option("--db <file>", DB_OPTION_HELP)
    .option("--checkpoint <file>", "a checkpoint written by `audit checkpoint` (needs --public-key)")
    .option("--public-key <file>", "the PEM Ed25519 public key the checkpoint must be signed with")
    .option("--json", "print the verification as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  cra-assessor audit verify --db ./data/cra-assessor.db\n" +
        "  cra-assessor audit verify --db ./data/cra-assessor.db --checkpoint checkpoint.json --public-key audit.pub.pem",
    )
    .action(async (options: { db?: string; json?: boolean; checkpoint?: string; publicKey?: string }) =>
      (await actions()).runVerify(io, options),
    );

  audit
    .command("checkpoint")
    .description(
      "Sign a checkpoint of the audit chain's head (its newest record's sequence number and hash) with an Ed25519 " +
        "private key kept outside the database, so that cutting off the newest records later shows in " +
        "`audit verify --checkpoint`. Only an intact chain is signed. Exit 0 signed, 1 chain broken, 2 no " +
        "database, an empty chain or an unusable key.",
    )
    .option("--db <file>", DB_OPTION_HELP)
    .requiredOption(
      "--key <file>",
      "the PEM Ed25519 private key (from `audit keygen` or `openssl genpkey -algorithm ed25519`)",
    )
    .option("--out <file>", "write the checkpoint (JSON) to this file, replacing it, instead of standard output")
    .addHelpText(
      "after",
      "\nExample:\n  cra-assessor audit checkpoint --db ./data/cra-assessor.db --key audit.key.pem --out checkpoint.json",
    )
    .action(async (options: { db?: string; key: string; out?: string }) =>
      (await actions()).runCheckpoint(io, options),
    );

  audit
    .command("keygen")
    .description(
      "Make an Ed25519 key pair for `audit checkpoint` (PEM: PKCS#8 private key, SPKI public key). Keep the private " +
        "key away from the database's host and its backups; `audit verify --checkpoint` needs only the public key. " +
        "Existing files are never overwritten (exit 2).",
    )
    .requiredOption("--out-private <file>", "where to write the private key (created with mode 0600)")
    .requiredOption("--out-public <file>", "where to write the public key")
    .addHelpText(
      "after",
      "\nExample:\n  cra-assessor audit keygen --out-private audit.key.pem --out-public audit.pub.pem\n" +
        "The same key pair with OpenSSL:\n" +
        "  openssl genpkey -algorithm ed25519 -out audit.key.pem && openssl pkey -in audit.key.pem -pubout -out audit.pub.pem",
    )
    .action(async (options: { outPrivate: string; outPublic: string }) => (await actions()).runKeygen(io, options));
}
