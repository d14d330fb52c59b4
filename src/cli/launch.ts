/**
 * Start-up of the installed binary. Importing every command module costs about 1.5–2.5 s on the project's
 * machine kind (the HTTP stack, SQLite, the rules engine, the schema compilers…), measured per module: even
 * `sbom` alone is about 0.3 s and `db` alone 2.4 s under load. So the launcher registers only the command group
 * a command line names, and answers the top-level `--help` / `--version` from the table below without loading
 * any group. Anything else (an unknown command, an option before the command) goes to the full tree of
 * `main.ts`, so its error message and suggestions stay exactly those of the full CLI.
 *
 * The table repeats each group's name and one-line help so the top-level help can be printed cheaply;
 * tests/cli/launch.test.ts checks that it prints exactly what the full tree prints.
 *
 * Why the table stays although no command imports the HTTP stack any more (only `serve` does): the command modules
 * still import what their actions use (ajv, the CycloneDX library, the rules engine, SQLite…) at the top, so
 * building the full tree loads 214 modules. Measured 2026-12-05 (2 vCPU, load average 14–16, 20 interleaved
 * rounds, median of in-round ratios to `node -e 0`): `--help` through this launcher 1.26x (609 ms against 433 ms,
 * 45 MiB peak RSS), `--help` from the full tree of main.ts 7.91x (3,651 ms, 99 MiB). The target is 1.5x; the
 * table can go once each command module defers its actions' imports into the actions.
 */
import { Command, Option } from "commander";
import { type CliIo, processIo } from "./io.js";
import { applyExitOverride, createRootProgram, runProgram } from "./program.js";

type Register = (program: Command, io: CliIo) => void;

interface CommandGroup {
  name: string;
  /** What the top-level help lists for the group (its summary, or else its description). */
  help: string;
  /** The group's own command takes options (shown as `[options]` in the top-level list). */
  hasOptions: boolean;
  load: () => Promise<Register>;
}

/** In the order `main.ts` registers them: the top-level help lists them in this order. */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  {
    name: "sbom",
    help: "Read SBOMs (CycloneDX 1.2 to 1.7 as JSON or XML; SPDX 2.2/2.3 as JSON, YAML or tag-value, SPDX 3.0.0/3.0.1 as JSON-LD): validate them, or inspect what they contain.",
    hasOptions: false,
    load: async () => (await import("./commands/sbom.js")).register,
  },
  {
    name: "declaration",
    help: "Work with product declarations (format cra-declaration/1, YAML or JSON).",
    hasOptions: false,
    load: async () => (await import("./commands/declaration.js")).register,
  },
  {
    name: "assess",
    help: "assess a product against the CRA (CI gate)",
    hasOptions: true,
    load: async () => (await import("./commands/assess.js")).register,
  },
  {
    name: "frameworks",
    help: "List, show and compare the CRA and partner frameworks (catalogs, crosswalks, OSCAL export).",
    hasOptions: false,
    load: async () => (await import("./commands/frameworks.js")).register,
  },
  {
    name: "mra",
    help: "Mutual recognition arrangements: list those in force, simulate a draft over a set of products.",
    hasOptions: false,
    load: async () => (await import("./commands/mra.js")).register,
  },
  {
    name: "serve",
    help: "Start the HTTP API on the embedded SQLite database or on PostgreSQL.",
    hasOptions: true,
    load: async () => (await import("./commands/serve.js")).register,
  },
  {
    name: "db",
    help: "The service's database: the embedded SQLite file, or PostgreSQL.",
    hasOptions: false,
    load: async () => (await import("./commands/db.js")).register,
  },
  {
    name: "keys",
    help: "Create, list and revoke API keys (stored only as SHA-256 hashes).",
    hasOptions: false,
    load: async () => (await import("./commands/keys.js")).register,
  },
  {
    name: "audit",
    help: "The tamper-evident audit trail (a hash chain).",
    hasOptions: false,
    load: async () => (await import("./commands/audit.js")).register,
  },
  {
    name: "advisories",
    help:
      "Offline vulnerability data: OSV records (files, directories, ecosystem zip exports), the CISA KEV " +
      "catalog, CycloneDX VEX/VDR, CSAF 2.0 VEX and OpenVEX documents. Nothing is fetched from the network.",
    hasOptions: false,
    load: async () => (await import("./commands/advisories.js")).register,
  },
  {
    name: "events",
    help:
      "The Article 14 reporting clock: actively exploited vulnerabilities and severe incidents, with the " +
      "24-hour early warning, 72-hour notification and final report deadlines of Art. 14(2) and 14(4).",
    hasOptions: false,
    load: async () => (await import("./commands/events.js")).register,
  },
  {
    name: "documents",
    help: "Draft the documents a manufacturer signs or keeps: EU declaration of conformity, technical documentation, user information.",
    hasOptions: false,
    load: async () => (await import("./commands/documents.js")).register,
  },
  {
    name: "vex",
    help: "Record the analysis of each vulnerability matched against a product version, and export it as VEX.",
    hasOptions: false,
    load: async () => (await import("./commands/vex.js")).register,
  },
];

const ROOT_ONLY_FLAGS = new Set(["-h", "--help", "-V", "--version"]);

/**
 * What a command line needs: one group (`sbom …`, `help sbom`), only the root (no arguments, `--help`,
 * `--version`, `help`), or the full tree (anything else).
 */
export type StartupPlan = { kind: "group"; group: CommandGroup } | { kind: "root" } | { kind: "full" };

export function startupPlan(argv: readonly string[]): StartupPlan {
  const first = argv[0];
  if (first === undefined) return { kind: "root" };
  if (first === "help") {
    if (argv.length === 1) return { kind: "root" };
    const group = COMMAND_GROUPS.find((candidate) => candidate.name === argv[1]);
    return group && argv.length === 2 ? { kind: "group", group } : { kind: "full" };
  }
  if (argv.every((arg) => ROOT_ONLY_FLAGS.has(arg))) return { kind: "root" };
  const group = COMMAND_GROUPS.find((candidate) => candidate.name === first);
  return group ? { kind: "group", group } : { kind: "full" };
}

/** The root with every group as a placeholder that only carries its name and one-line help. */
export function buildRootHelpProgram(io: CliIo): Command {
  const program = createRootProgram(io);
  for (const group of COMMAND_GROUPS) {
    const placeholder = new Command(group.name).description(group.help);
    // Commander writes `[options]` after a listed command that has any option, hidden ones included.
    if (group.hasOptions) placeholder.addOption(new Option("--placeholder").hideHelp());
    program.addCommand(placeholder);
  }
  return program;
}

/** Runs the CLI like `main()`, loading only the command modules the command line needs. */
export async function launch(argv: string[], io: CliIo = processIo): Promise<number> {
  const plan = startupPlan(argv);
  if (plan.kind === "full") {
    const { main } = await import("./main.js");
    return main(argv, io);
  }
  if (plan.kind === "root") return runProgram(buildRootHelpProgram(io), argv, io);
  const program = createRootProgram(io);
  (await plan.group.load())(program, io);
  for (const command of program.commands) applyExitOverride(command, io);
  return runProgram(program, argv, io);
}
