import type { Command } from "commander";
import type { CliIo } from "../io.js";

/** Placeholder until this command group is implemented; registers nothing. */
export function register(_program: Command, _io: CliIo): void {}
