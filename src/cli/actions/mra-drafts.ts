/**
 * What the `mra drafts` commands do (registered in ../commands/mra-drafts.ts). Imported only when one of them runs, so
 * that building the command tree for help or a usage error loads none of what the actions need.
 */
import { extname } from "node:path";
import {
  simulationToCsv,
  simulationToHtml,
  simulationToJson,
  simulationToMarkdown,
} from "../../crosswalk/render-simulation.js";
import type { DraftArrangementRecord } from "../../db/port.js";
import { isIsoDate } from "../../domain/waivers.js";
import {
  getDraftArrangement,
  listDraftArrangements,
  simulateStoredDraft,
  storeDraftArrangement,
} from "../../services/crosswalk-reviews.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { SIMULATION_FORMATS } from "../options.js";
import { readText } from "./assess.js";
import { emit, failureText, formatIssue, withRegulatorDb } from "./frameworks.js";

export interface DbOptions {
  org: string;
  db?: string;
}

/** A stored version without the file's text (`show` prints that), as the API lists it. */
function summary({ content: _content, ...rest }: DraftArrangementRecord): Omit<DraftArrangementRecord, "content"> {
  return rest;
}

export async function runSave(io: CliIo, file: string, options: DbOptions) {
  const problems: string[] = [];
  const text = await readText(io, file, "arrangement", problems);
  if (text === undefined) throw new CliExit(ExitCode.invalidInput, problems.join("\n"));
  const mediaType = extname(file).toLowerCase() === ".json" ? "application/json" : "application/yaml";
  await withRegulatorDb(options.db, options.org, "mra-drafts-save", io, async (ctx) => {
    const result = await storeDraftArrangement({ ctx, input: { text, mediaType } });
    if (!result.ok) {
      if (result.failure.kind === "invalid-input") {
        for (const issue of result.failure.issues) io.err(`${formatIssue(file, { ...issue, source: file })}\n`);
        throw new CliExit(ExitCode.invalidInput, `${file}: refused; nothing was stored.`);
      }
      throw new CliExit(ExitCode.invalidInput, `mra drafts save: ${failureText(result.failure)}`);
    }
    io.out(`${JSON.stringify(summary(result.value))}\n`);
  });
}

export async function runList(io: CliIo, options: DbOptions & { format: string }) {
  if (options.format !== "text" && options.format !== "json")
    throw new CliExit(ExitCode.invalidInput, `--format must be text or json, not "${options.format}".`);
  await withRegulatorDb(options.db, options.org, "mra-drafts-list", io, async (ctx) => {
    const result = await listDraftArrangements({ ctx });
    if (!result.ok) throw new CliExit(ExitCode.invalidInput, `mra drafts list: ${failureText(result.failure)}`);
    if (options.format === "json") {
      io.out(`${JSON.stringify({ items: result.value.map(summary) }, null, 2)}\n`);
      return;
    }
    if (result.value.length === 0) io.out(`No stored drafts for ${options.org}.\n`);
    for (const d of result.value)
      io.out(`${d.arrangementId}  version ${d.version}  ${d.createdAt}  sha256 ${d.sha256.slice(0, 12)}  ${d.title}\n`);
  });
}

export async function runShow(io: CliIo, id: string, options: DbOptions) {
  await withRegulatorDb(options.db, options.org, "mra-drafts-show", io, async (ctx) => {
    const result = await getDraftArrangement({ ctx, input: { arrangementId: id } });
    if (!result.ok) throw new CliExit(ExitCode.invalidInput, `mra drafts show: ${failureText(result.failure)}`);
    io.out(result.value.content.endsWith("\n") ? result.value.content : `${result.value.content}\n`);
  });
}

export async function runSimulate(
  io: CliIo,
  id: string,
  options: DbOptions & { asOf?: string; format: string; output?: string },
) {
  if (!(SIMULATION_FORMATS as readonly string[]).includes(options.format)) {
    throw new CliExit(
      ExitCode.invalidInput,
      `--format must be one of ${SIMULATION_FORMATS.join(", ")}, not "${options.format}".`,
    );
  }
  if (options.asOf !== undefined && !isIsoDate(options.asOf))
    throw new CliExit(ExitCode.invalidInput, `--as-of must be a date written YYYY-MM-DD, not "${options.asOf}".`);
  await withRegulatorDb(options.db, options.org, "mra-drafts-simulate", io, async (ctx) => {
    const result = await simulateStoredDraft({
      ctx,
      input: { arrangementId: id, ...(options.asOf ? { asOf: options.asOf } : {}) },
    });
    if (!result.ok) throw new CliExit(ExitCode.invalidInput, `mra drafts simulate: ${failureText(result.failure)}`);
    const body =
      options.format === "json"
        ? simulationToJson(result.value)
        : options.format === "csv"
          ? simulationToCsv(result.value)
          : options.format === "html"
            ? simulationToHtml(result.value)
            : simulationToMarkdown(result.value);
    await emit(io, body, options.output);
  });
}
