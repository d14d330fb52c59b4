/**
 * The root command and the run loop of the CLI (`main.ts`). Imports nothing heavy: `--help` and `--version` must
 * not pay for what the commands do.
 */
import { Command, CommanderError } from "commander";
import { isDatabaseOpenError } from "../db/open.js";
import { type CliIo, ExitCode, isCliExit } from "./io.js";

export const VERSION = "0.1.0";

/** The root command, without any command group. */
export function createRootProgram(io: CliIo): Command {
  return new Command("cra-assessor")
    .description(
      "Assess products with digital elements against the EU Cyber Resilience Act (Regulation (EU) 2024/2847) " +
        "and partner frameworks, from an SBOM (CycloneDX or SPDX) and a product declaration.\n\n" +
        "Exit codes: 0 pass, 1 gate failed, 2 invalid input, 3 internal fault.",
    )
    .version(VERSION)
    .showHelpAfterError(usageHint("cra-assessor"))
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
}

/** The line printed under a usage error, instead of the whole help: where the help for that command is. */
function usageHint(commandPath: string): string {
  return `Run '${commandPath} --help' for usage.`;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) names.unshift(at.name());
  return names.join(" ");
}

/**
 * Every subcommand ends through `exitOverride`, writes through `io` and answers a usage error with the error and
 * a one-line hint, like the root.
 */
export function applyExitOverride(command: Command, io: CliIo): void {
  command
    .exitOverride()
    .showHelpAfterError(usageHint(commandPath(command)))
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  for (const sub of command.commands) applyExitOverride(sub, io);
}

/** Parses and runs a built program and returns the exit code; never calls process.exit itself. */
export async function runProgram(program: Command, argv: string[], io: CliIo): Promise<number> {
  try {
    await program.parseAsync(argv, { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    if (isCliExit(error)) {
      if (error.message) io.err(`${error.message}\n`);
      return error.code;
    }
    if (isDatabaseOpenError(error)) {
      // An unreachable server or a refused login is the operator's to fix: a plain line, no stack.
      io.err(`cra-assessor: ${error.message}\n`);
      return ExitCode.invalidInput;
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
