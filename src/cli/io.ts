/** The terminal, as the CLI commands see it. `main()` gets the real one; CLI tests pass a recording one. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal (progress bars draw only then). */
  isTTY: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Standard input, read only when the user names it (`-` as a file). Absent: there is none to read. */
  stdin?: () => AsyncIterable<Uint8Array>;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
  env: process.env,
  stdin: () => process.stdin,
};

/** Exit codes, the same for every command (README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  /** The gate failed: a gap at or above --fail-on, or (art14 due) an overdue report. */
  gateFailed: 1,
  /** The input is invalid: located errors were printed. */
  invalidInput: 2,
  /** A fault of the program or its infrastructure. Fail closed. */
  internal: 3,
} as const;

const CLI_EXIT = Symbol.for("cra-assessor.CliExit");

/** Thrown by command actions to end with a given exit code after printing a message. */
export class CliExit extends Error {
  readonly [CLI_EXIT] = true;
  constructor(
    readonly code: number,
    message = "",
  ) {
    super(message);
  }
}

/**
 * Whether `error` is a CliExit, by its brand: the compiled bin runs the command tree from a bundle and the actions
 * from their own modules, so the class the run loop sees may be another copy of the one an action threw.
 */
export function isCliExit(error: unknown): error is CliExit {
  return typeof error === "object" && error !== null && CLI_EXIT in error;
}
