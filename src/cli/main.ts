import { Command, CommanderError } from "commander";
import { register as registerAdvisories } from "./commands/advisories.js";
import { register as registerAssess } from "./commands/assess.js";
import { register as registerAudit } from "./commands/audit.js";
import { register as registerDb } from "./commands/db.js";
import { register as registerDeclaration } from "./commands/declaration.js";
import { register as registerEvents } from "./commands/events.js";
import { register as registerFrameworks } from "./commands/frameworks.js";
import { register as registerKeys } from "./commands/keys.js";
import { register as registerMra } from "./commands/mra.js";
import { register as registerSbom } from "./commands/sbom.js";
import { register as registerServe } from "./commands/serve.js";
import { CliExit, type CliIo, ExitCode, processIo } from "./io.js";

export const VERSION = "0.1.0";

/** Builds the command tree. Each command module adds its own subcommands and writes only through `io`. */
export function buildProgram(io: CliIo): Command {
  const program = new Command("cra-assessor")
    .description(
      "Assess products with digital elements against the EU Cyber Resilience Act (Regulation (EU) 2024/2847)\n" +
        "and partner frameworks, from a CycloneDX SBOM and a product declaration.\n\n" +
        "Exit codes: 0 pass, 1 gate failed, 2 invalid input, 3 internal fault.",
    )
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
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
  ]) {
    register(program, io);
  }
  for (const command of program.commands) applyExitOverride(command, io);
  return program;
}

function applyExitOverride(command: Command, io: CliIo): void {
  command.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  for (const sub of command.commands) applyExitOverride(sub, io);
}

/** Runs the CLI and returns the exit code; never calls process.exit itself. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CliExit) {
      if (error.message) io.err(`${error.message}\n`);
      return error.code;
    }
    if (error instanceof CommanderError) {
      // --help and --version end through exitOverride with code 0; usage errors are invalid input.
      if (error.exitCode === 0) return ExitCode.ok;
      return ExitCode.invalidInput;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.err(`cra-assessor: internal error: ${message}\n`);
    return ExitCode.internal;
  }
}
