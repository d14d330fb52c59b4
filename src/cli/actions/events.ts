/**
 * What the `events` commands do (registered in ../commands/events.ts). Imported only when one of them runs, so that
 * building the command tree for help or a usage error loads none of what the actions need.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
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
import { withCliDatabase } from "./db-open.js";

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

export interface AddOptions {
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

export async function runAdd(io: CliIo, options: AddOptions) {
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
}

export async function runReport(
  io: CliIo,
  id: string,
  options: { stage?: string; sentAt?: string; reference?: string; measureAt?: string; db?: string },
) {
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
}

/** `events list` (every event) and `events due` (only what is due or overdue; exit 1 when overdue). */
export async function runListing(
  io: CliIo,
  name: "list" | "due",
  onlyOpen: boolean,
  options: { org?: string; asOf?: string; format: string; db?: string },
) {
  if (options.format !== "text" && options.format !== "json") {
    throw new CliExit(ExitCode.invalidInput, `--format must be text or json, not ${options.format}`);
  }
  const asOf = parseAsOf(options.asOf);
  await withCliDatabase(
    options.db,
    io,
    `events ${name}`,
    async (database) => {
      const org = options.org ? await organizationId(database, options.org, false, io, `events ${name}`) : undefined;
      const listing = resultOf(
        io,
        `events ${name}`,
        await listArt14Events({
          ctx: context(database, asOf),
          input: { onlyOpen, asOf: asOf.toISOString(), ...(org ? { organizationId: org } : {}) },
        }),
      );
      io.out(options.format === "json" ? `${JSON.stringify(listing, null, 2)}\n` : formatStatuses(listing.events));
      if (onlyOpen && listing.overdue)
        throw new CliExit(ExitCode.gateFailed, `events due: a reporting deadline is overdue`);
    },
    { mustExist: true },
  );
}

export async function runDraft(io: CliIo, id: string, options: { stage: string; db?: string }) {
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
}
