import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import type { OpenedDatabase } from "../../db/open.js";
import { type Art14Status, REPORT_STAGES } from "../../domain/art14.js";
import {
  type Art14Context,
  type Art14DraftKind,
  draftArt14,
  listArt14Events,
  recordArt14Event,
  recordArt14Progress,
} from "../../services/art14-events.js";
import { cliPrincipal, type Principal, type ServiceFailure, type ServiceResult } from "../../services/context.js";
import { newId } from "../../services/ids.js";
import { findOrCreateOrganization } from "../../services/organizations.js";
import { createInlineExecutor } from "../../workers/executors.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { printIssues } from "./advisories.js";
import { DB_OPTION_HELP, withCliDatabase } from "./db-open.js";

/** The command line acts as a platform operator of its own database. */
const CLI_PRINCIPAL: Principal = cliPrincipal("events");

function context(database: OpenedDatabase, now: Date): Art14Context {
  return { events: database.repos.art14Events, now: () => now, newId, principal: CLI_PRINCIPAL };
}

function fail(io: CliIo, command: string, f: ServiceFailure): never {
  if (f.kind === "invalid-input") {
    printIssues(io, f.issues, io.cwd);
    throw new CliExit(ExitCode.invalidInput, `${command}: the event is not valid`);
  }
  if (f.kind === "not-found") throw new CliExit(ExitCode.invalidInput, `${command}: no ${f.resource} ${f.id}`);
  throw new CliExit(ExitCode.internal, `${command}: ${f.kind}`);
}

function resultOf<T>(io: CliIo, command: string, result: ServiceResult<T>): T {
  if (!result.ok) fail(io, command, result.failure);
  return result.value;
}

function parseAsOf(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime()))
    throw new CliExit(ExitCode.invalidInput, `--as-of: "${value}" is not a date or date-time`);
  return date;
}

async function organizationId(
  database: OpenedDatabase,
  org: string,
  create: boolean,
  io: CliIo,
  command: string,
): Promise<string> {
  const result = await findOrCreateOrganization({
    ctx: {
      repos: database.repos,
      work: createInlineExecutor(),
      now: () => new Date(),
      newId,
      principal: { ...CLI_PRINCIPAL, actor: `cli:${command}` },
    },
    input: { organization: org, create },
  });
  return resultOf(io, command, result).id;
}

export function formatStatuses(statuses: Art14Status[]): string {
  if (statuses.length === 0) return "no Article 14 events\n";
  const lines: string[] = [];
  for (const s of statuses) {
    lines.push(`${s.state.toUpperCase().padEnd(14)} ${s.eventId}  ${s.kind}  ${s.title}`);
    for (const d of s.deadlines) {
      const when = d.sentAt ? `sent ${d.sentAt}` : d.dueAt ? `due ${d.dueAt}` : d.basis;
      lines.push(
        `  ${d.stage.padEnd(13)} ${d.state.padEnd(14)} ${when}${d.notes.length > 0 ? `  (${d.notes.join(" ")})` : ""}`,
      );
    }
    if (s.coordinator) lines.push(`  coordinator CSIRT: ${s.coordinator.memberState} (by ${s.coordinator.basis})`);
    for (const note of s.notes) lines.push(`  note: ${note}`);
  }
  return `${lines.join("\n")}\n`;
}

interface AddOptions {
  file?: string;
  org: string;
  db?: string;
  id?: string;
  kind?: string;
  title?: string;
  product?: string;
  productVersion?: string;
  awareAt?: string;
  measureAt?: string;
  manufacturer?: string;
  mainEstablishment?: string;
  enterpriseSize?: string;
  vulnerability?: string[];
}

export function register(program: Command, io: CliIo): void {
  const events = program
    .command("events")
    .description(
      "The Article 14 reporting clock: actively exploited vulnerabilities and severe incidents, with the " +
        "24-hour early warning, 72-hour notification and final report deadlines of Art. 14(2) and 14(4).",
    );

  events
    .command("add")
    .description(
      "Record an event (or replace the one with the same --id / `id`). Give the event as a JSON or YAML file " +
        "(--file; fields in docs/art14.md) or with the flags below; flags override the file. Times are " +
        "ISO 8601 with a time zone. The organisation is created in the database if it does not exist.",
    )
    .requiredOption("--org <org>", "organisation id or slug")
    .option("--file <file>", "the event as JSON or YAML")
    .option("--id <id>", "event id (default: a new one)")
    .option("--kind <kind>", "actively-exploited-vulnerability | severe-incident")
    .option("--title <text>", "short title")
    .option("--product <name>", "product name")
    .option("--product-version <version>", "product version")
    .option("--aware-at <time>", "when the manufacturer became aware")
    .option("--measure-at <time>", "when a corrective or mitigating measure became available")
    .option("--manufacturer <name>", "manufacturer name")
    .option("--main-establishment <code>", "Member State of the main establishment (ISO code, e.g. DE)")
    .option("--enterprise-size <size>", "micro | small | medium | large")
    .option("--vulnerability <ids...>", "CVE or other vulnerability ids")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText(
      "after",
      "\nExamples:\n  cra-assessor events add --org acme --file event.yaml\n" +
        "  cra-assessor events add --org acme --kind actively-exploited-vulnerability --title 'RCE in web UI' \\\n" +
        "    --product 'Acme Home Hub' --aware-at 2026-10-01T08:00:00Z --manufacturer 'Acme Devices GmbH' \\\n" +
        "    --main-establishment DE --enterprise-size small --vulnerability CVE-2026-12345",
    )
    .action(async (options: AddOptions) => {
      let event: Record<string, unknown> = {};
      if (options.file) {
        const text = await readFile(resolve(io.cwd, options.file), "utf8");
        try {
          const parsed: unknown = options.file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
          if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
          event = parsed as Record<string, unknown>;
        } catch (error) {
          throw new CliExit(
            ExitCode.invalidInput,
            `events add: ${options.file} is not a JSON or YAML object: ${(error as Error).message}`,
          );
        }
      }
      const product = { ...((event.product as object | undefined) ?? {}) } as Record<string, unknown>;
      if (options.product) product.name = options.product;
      if (options.productVersion) product.version = options.productVersion;
      const manufacturer = { ...((event.manufacturer as object | undefined) ?? {}) } as Record<string, unknown>;
      if (options.manufacturer) manufacturer.name = options.manufacturer;
      if (options.mainEstablishment) manufacturer.mainEstablishment = options.mainEstablishment;
      if (options.enterpriseSize) manufacturer.enterpriseSize = options.enterpriseSize;
      event = {
        ...event,
        ...(options.id ? { id: options.id } : {}),
        ...(options.kind ? { kind: options.kind } : {}),
        ...(options.title ? { title: options.title } : {}),
        ...(options.awareAt ? { awareAt: options.awareAt } : {}),
        ...(options.measureAt ? { measureAvailableAt: options.measureAt } : {}),
        ...(options.vulnerability ? { vulnerabilityIds: options.vulnerability } : {}),
        product,
        manufacturer,
      };
      await withCliDatabase(options.db, io, "events add", async (database) => {
        const org = await organizationId(database, options.org, true, io, "events add");
        const stored = resultOf(
          io,
          "events add",
          await recordArt14Event({ ctx: context(database, new Date()), input: { organizationId: org, event } }),
        );
        io.out(`${stored.id}\n`);
      });
    });

  events
    .command("report")
    .description(
      "Record a report sent for an event (early-warning, notification or final-report), or the time a\ncorrective or mitigating measure became available (--measure-at).",
    )
    .argument("<id>", "event id")
    .option("--stage <stage>", REPORT_STAGES.join(" | "))
    .option("--sent-at <time>", "when the report was sent (ISO 8601 with time zone)")
    .option("--reference <ref>", "the single reporting platform's reference")
    .option("--measure-at <time>", "when a corrective or mitigating measure became available")
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText(
      "after",
      "\nExamples:\n  cra-assessor events report evt_123 --stage early-warning --sent-at 2026-10-01T20:00:00Z --reference SRP-42\n" +
        "  cra-assessor events report evt_123 --measure-at 2026-10-05T10:00:00Z",
    )
    .action(
      async (
        id: string,
        options: { stage?: string; sentAt?: string; reference?: string; measureAt?: string; db?: string },
      ) => {
        if (!options.measureAt && !(options.stage && options.sentAt)) {
          throw new CliExit(ExitCode.invalidInput, "events report: give --stage and --sent-at, or --measure-at");
        }
        await withCliDatabase(
          options.db,
          io,
          "events report",
          async (database) => {
            const input = {
              id,
              ...(options.stage && options.sentAt
                ? {
                    report: {
                      stage: options.stage,
                      sentAt: options.sentAt,
                      ...(options.reference ? { reference: options.reference } : {}),
                    },
                  }
                : {}),
              ...(options.measureAt ? { measureAvailableAt: options.measureAt } : {}),
            };
            const stored = resultOf(
              io,
              "events report",
              await recordArt14Progress({ ctx: context(database, new Date()), input }),
            );
            io.out(`${stored.id}\n`);
          },
          { mustExist: true },
        );
      },
    );

  for (const [name, onlyOpen] of [
    ["list", false],
    ["due", true],
  ] as const) {
    events
      .command(name)
      .description(
        onlyOpen
          ? "What is due or overdue, for one organisation (--org) or all. Exit code 1 when any deadline is\noverdue, for scheduled CI jobs; 0 otherwise."
          : "Every event with each deadline's state (due, overdue, done, done-late, waiting, not-applicable).",
      )
      .option("--org <org>", "organisation id or slug (default: every organisation in the database)")
      .option("--as-of <time>", "the instant to judge at (default: now)")
      .option("--format <format>", "text or json", "text")
      .option("--db <file>", DB_OPTION_HELP)
      .addHelpText("after", `\nExample:\n  cra-assessor events ${name} --org acme --format json`)
      .action(async (options: { org?: string; asOf?: string; format: string; db?: string }) => {
        if (options.format !== "text" && options.format !== "json") {
          throw new CliExit(ExitCode.invalidInput, `--format must be text or json, not ${options.format}`);
        }
        const asOf = parseAsOf(options.asOf);
        await withCliDatabase(
          options.db,
          io,
          `events ${name}`,
          async (database) => {
            const org = options.org
              ? await organizationId(database, options.org, false, io, `events ${name}`)
              : undefined;
            const listing = resultOf(
              io,
              `events ${name}`,
              await listArt14Events({
                ctx: context(database, asOf),
                input: { onlyOpen, asOf: asOf.toISOString(), ...(org ? { organizationId: org } : {}) },
              }),
            );
            io.out(
              options.format === "json" ? `${JSON.stringify(listing, null, 2)}\n` : formatStatuses(listing.events),
            );
            if (onlyOpen && listing.overdue)
              throw new CliExit(ExitCode.gateFailed, `events due: a reporting deadline is overdue`);
          },
          { mustExist: true },
        );
      });
  }

  events
    .command("draft")
    .description(
      "Draft a report's content as JSON from what the event records (with the items still missing), or the " +
        "Art. 14(8) user advisory as a CSAF 2.0 document.",
    )
    .argument("<id>", "event id")
    .requiredOption("--stage <stage>", `${REPORT_STAGES.join(" | ")} | user-advisory`)
    .option("--db <file>", DB_OPTION_HELP)
    .addHelpText("after", "\nExample:\n  cra-assessor events draft evt_123 --stage user-advisory > advisory.csaf.json")
    .action(async (id: string, options: { stage: string; db?: string }) => {
      const kinds: readonly string[] = [...REPORT_STAGES, "user-advisory"];
      if (!kinds.includes(options.stage))
        throw new CliExit(ExitCode.invalidInput, `--stage must be one of ${kinds.join(", ")}`);
      await withCliDatabase(
        options.db,
        io,
        "events draft",
        async (database) => {
          const draft = resultOf(
            io,
            "events draft",
            await draftArt14({
              ctx: context(database, new Date()),
              input: { id, draft: options.stage as Art14DraftKind },
            }),
          );
          io.out(`${JSON.stringify(draft, null, 2)}\n`);
        },
        { mustExist: true },
      );
    });
}
