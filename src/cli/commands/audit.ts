import type { Command } from "commander";
import type { AuditBreak } from "../../domain/audit-chain.js";
import { verifyAudit } from "../../services/audit.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { DB_OPTION_HELP, withCliDatabase } from "./db-open.js";

export function describeBreak(b: AuditBreak): string {
  switch (b.kind) {
    case "changed":
      return `record ${b.seq} was changed (its content no longer matches its hash)`;
    case "inserted":
      return `record ${b.seq} was inserted (the chain does not pass through it)`;
    case "deleted":
      return `${b.missing} record(s) deleted before record ${b.beforeSeq}`;
    case "truncated":
      return `the newest records were deleted: the chain ends at ${b.lastSeq}, its head says ${b.headSeq}`;
    case "broken-link":
      return `record ${b.seq} does not link to the record before it`;
  }
}

export function register(program: Command, io: CliIo): void {
  const audit = program.command("audit").description("The tamper-evident audit trail (a hash chain).");
  audit
    .command("verify")
    .description(
      "Recompute the audit hash chain and report every changed, inserted or deleted record. " +
        "Exit 0 when the chain is intact, 1 when it is broken, 2 when there is no database.",
    )
    .option("--db <file>", DB_OPTION_HELP)
    .option("--json", "print the verification as JSON")
    .addHelpText("after", "\nExample:\n  cra-assessor audit verify --db ./data/cra-assessor.db")
    .action(async (options: { db?: string; json?: boolean }) => {
      const verification = await withCliDatabase(
        options.db,
        io,
        "audit verify",
        (database) => verifyAudit({ repos: database.repos }),
        { mustExist: true, migrate: false },
      );
      if (options.json) {
        io.out(`${JSON.stringify(verification, null, 2)}\n`);
      } else if (verification.ok) {
        io.out(`audit chain intact: ${verification.records} record(s)\n`);
      } else {
        io.out(`audit chain BROKEN (${verification.records} record(s) present):\n`);
        for (const b of verification.breaks) io.out(`  - ${describeBreak(b)}\n`);
      }
      if (!verification.ok) throw new CliExit(ExitCode.gateFailed);
    });
}
