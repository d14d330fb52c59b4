/**
 * What the `documents` commands do (registered in ../commands/documents.ts). Imported only when one of them runs, so
 * that building the command tree for help or a usage error loads none of what the actions need.
 */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { SbomDigest } from "../../documents/build.js";
import { countByState, type GeneratedDocumentKind } from "../../documents/model.js";
import { renderDocumentHtml, renderDocumentMarkdown } from "../../documents/render.js";
import { isIsoDate } from "../../domain/waivers.js";
import { ingestSbomFile } from "../../sbom/ingest.js";
import { documentFromTexts, sbomDigestOf } from "../../services/generate-document.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import type { DocumentFormat } from "../options.js";
import { failInput, formatIssue, readText } from "./assess.js";

export interface GenerateOptions {
  declaration: string;
  sbom?: string;
  assessment?: string;
  format: DocumentFormat;
  output?: string;
  asOf?: string;
}

async function generate(kind: GeneratedDocumentKind, options: GenerateOptions, io: CliIo): Promise<void> {
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  if (!isIsoDate(asOf)) {
    throw new CliExit(ExitCode.invalidInput, `--as-of: "${asOf}" is not a calendar date written YYYY-MM-DD.`);
  }
  const problems: string[] = [];
  const declarationText = await readText(io, options.declaration, "declaration", problems);
  const assessmentText =
    options.assessment === undefined
      ? undefined
      : await readText(io, options.assessment, "assessment report", problems);
  let sbom: SbomDigest | undefined;
  if (options.sbom !== undefined) {
    const read = await ingestSbomFile(resolve(io.cwd, options.sbom));
    if (read.ok) sbom = sbomDigestOf(read.sbom, { sha256: read.sha256, file: options.sbom });
    else problems.push(...read.issues.map((issue) => formatIssue(issue, options.sbom!)));
  }
  if (problems.length > 0 || declarationText === undefined) failInput(problems);

  const drafted = documentFromTexts({
    kind,
    declaration: { text: declarationText!, source: options.declaration },
    ...(sbom ? { sbom } : {}),
    ...(assessmentText !== undefined && options.assessment !== undefined
      ? { assessment: { text: assessmentText, source: options.assessment } }
      : {}),
    asOf,
  });
  if (!drafted.ok) failInput(drafted.issues.map((issue) => formatIssue(issue, issue.source ?? "input")));

  const document = drafted.value;
  const text =
    options.format === "html"
      ? renderDocumentHtml(document)
      : options.format === "json"
        ? `${JSON.stringify(document, null, 2)}\n`
        : renderDocumentMarkdown(document);
  if (options.output !== undefined) {
    const target = resolve(io.cwd, options.output);
    try {
      await writeFile(target, text, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliExit(ExitCode.invalidInput, `--output: cannot write ${target}${code ? ` (${code})` : ""}.`);
    }
  } else {
    io.out(text);
  }
  const counts = countByState(document);
  io.err(
    `cra-assessor: ${kind}: ${document.items.length} point(s): ${counts.filled + counts.referenced} filled or referenced, ` +
      `${counts.missing} missing, ${counts["to-complete"]} to complete by hand, ${counts["not-applicable"]} not applicable.\n`,
  );
}

export async function runGenerate(io: CliIo, kind: GeneratedDocumentKind, options: GenerateOptions) {
  await generate(kind, options, io);
}
