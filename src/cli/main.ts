/**
 * The CLI's entry (the bin runs the compiled `dist/cli/main.js`). Building the whole command tree is cheap on
 * purpose: a command module (src/cli/commands) imports only commander, the small CLI helpers, constant modules
 * and types; what its actions need (the SBOM readers and schema compilers, the rules engine, SQLite, the HTTP
 * stack, the report renderers …) sits in src/cli/actions and is imported when a command runs. So `--help` loads
 * a few dozen small modules instead of a few hundred (tests/cli/startup-modules.test.ts checks which).
 */
import type { Command } from "commander";
import { register as registerAdvisories } from "./commands/advisories.js";
import { register as registerAssess } from "./commands/assess.js";
import { register as registerAudit } from "./commands/audit.js";
import { register as registerDb } from "./commands/db.js";
import { register as registerDeclaration } from "./commands/declaration.js";
import { register as registerDocuments } from "./commands/documents.js";
import { register as registerEvents } from "./commands/events.js";
import { register as registerFrameworks } from "./commands/frameworks.js";
import { register as registerKeys } from "./commands/keys.js";
import { register as registerMra } from "./commands/mra.js";
import { register as registerSbom } from "./commands/sbom.js";
import { register as registerServe } from "./commands/serve.js";
import { register as registerVex } from "./commands/vex.js";
import { type CliIo, processIo } from "./io.js";
import { applyExitOverride, createRootProgram, runProgram } from "./program.js";

export { VERSION } from "./program.js";

/**
 * Builds the whole command tree (every group). Each command module adds its own subcommands and writes only
 * through `io`. The installed binary, the tests and the benchmarks all run this one tree: top-level and
 * per-command help, suggestions for an unknown command and usage errors all come from it.
 */
export function buildProgram(io: CliIo): Command {
  const program = createRootProgram(io);
  for (const register of [
    registerSbom,
    registerDeclaration,
    registerAssess,
    registerFrameworks,
    registerMra,
    registerServe,
    registerDb,
    registerKeys,
    registerAudit,
    registerAdvisories,
    registerEvents,
    registerDocuments,
    registerVex,
  ]) {
    register(program, io);
  }
  for (const command of program.commands) applyExitOverride(command, io);
  return program;
}

/** Runs the CLI and returns the exit code; never calls process.exit itself. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  return runProgram(buildProgram(io), argv, io);
}
