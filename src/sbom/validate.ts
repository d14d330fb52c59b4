/**
 * CycloneDX reading and validation: bytes in, a parsed and schema-checked document (or located issues) out.
 * Fully offline. Normalization (normalize.ts, through json-reader.ts or xml-reader.ts) reads the `document` this returns.
 *
 * Contract (shared with src/sbom/ingest.ts): see the exported types below.
 */
import { type FileHandle, open } from "node:fs/promises";
import type { Document as XmlDocument } from "libxmljs2";
import { capIssues, type InputIssue, type Parsed, type Rejected } from "../domain/input-issue.js";
import { detectSyntax, spdxIssue, unknownSyntaxIssue } from "./detect.js";
import { decodeUtf8 } from "./guard.js";
import type { SbomFormat, SpecVersion } from "./model.js";
import { validateJsonText } from "./validate-json.js";
import { validateXmlText } from "./validate-xml.js";

export interface ValidateOptions {
  /** Largest accepted input in bytes. Default `DEFAULT_MAX_BYTES` (1 GiB). */
  maxBytes?: number;
  /**
   * Deepest accepted nesting of JSON arrays and objects. Default `DEFAULT_MAX_DEPTH`. XML documents are bounded by
   * libxml2's own element depth limit (256), which this option does not change.
   */
  maxDepth?: number;
}

export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;
/**
 * CycloneDX documents seldom nest more than a few dozen levels; 256 matches libxml2's own default element
 * depth limit, so JSON and XML get the same bound.
 */
export const DEFAULT_MAX_DEPTH = 256;

export type ParsedSbomDocument =
  | { format: "json"; json: Record<string, unknown> }
  | { format: "xml"; xml: XmlDocument };

export type SbomValidation =
  | {
      ok: true;
      format: SbomFormat;
      specVersion: SpecVersion;
      document: ParsedSbomDocument;
      /** Every component, nested ones included, not counting `metadata.component`. */
      componentCount: number;
      warnings: InputIssue[];
    }
  | (Rejected & { format?: SbomFormat; specVersion?: string });

/** A verdict without the parsed document: what `sbom validate` reports, from either reading path. */
export type SbomCheck =
  | { ok: true; format: SbomFormat; specVersion: SpecVersion; componentCount: number; warnings: InputIssue[] }
  | (Rejected & { format?: SbomFormat; specVersion?: string });

/**
 * Validates a whole CycloneDX document held in memory: size, encoding, syntax, format and version (from the
 * document itself), schema, references. Never throws for bad input; every issue is located.
 *
 * @example
 * const result = validateSbomBytes(await readFile("bom.cdx.json"));
 * if (!result.ok) for (const issue of result.issues) console.log(issue.path ?? issue.line, issue.message);
 */
export function validateSbomBytes(bytes: Uint8Array, options: ValidateOptions = {}): SbomValidation {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (bytes.length > maxBytes) return rejected([sizeIssue(bytes.length, maxBytes)]);
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return rejected([decoded.issue]);
  const { text } = decoded;
  if (text.trim() === "") {
    return rejected([
      {
        line: 1,
        column: 1,
        constraint: "empty",
        message: "the file is empty; expected a CycloneDX BOM in JSON or XML",
      },
    ]);
  }
  const syntax = detectSyntax(text);
  if (syntax === "spdx-tag-value") return rejected([spdxIssue("tag-value")]);
  if (syntax === "spdx-yaml") return rejected([spdxIssue("YAML")]);
  if (syntax === "unknown") return rejected([unknownSyntaxIssue()]);
  if (syntax === "json") {
    const result = validateJsonText(text, maxDepth);
    if (!result.ok) return rejected(result.issues, "json", result.specVersion, result.unlisted);
    const warnings = decoded.byteOrderMark
      ? [
          {
            line: 1,
            column: 1,
            constraint: "byte-order-mark",
            message:
              "the file starts with a UTF-8 byte order mark; RFC 8259 §8.1 says JSON must not, and some tools will refuse it (read anyway)",
          },
          ...result.warnings,
        ]
      : result.warnings;
    return {
      ok: true,
      format: "json",
      specVersion: result.specVersion,
      document: { format: "json", json: result.json },
      componentCount: result.componentCount,
      warnings,
    };
  }
  const result = validateXmlText(text);
  if (!result.ok) return rejected(result.issues, "xml", result.specVersion);
  return {
    ok: true,
    format: "xml",
    specVersion: result.specVersion,
    document: { format: "xml", xml: result.xml },
    componentCount: result.componentCount,
    warnings: result.warnings,
  };
}

function rejected(all: InputIssue[], format?: SbomFormat, specVersion?: string, notListed = 0): SbomValidation {
  const { issues, omitted } = capIssues(all);
  const result: SbomValidation = { ok: false, issues, omitted: omitted + notListed };
  if (format !== undefined) result.format = format;
  if (specVersion !== undefined) result.specVersion = specVersion;
  return result;
}

/** "1.0 GiB (1073741825 bytes)": readable, and exact for whoever compares it with `ls -l`. */
function describeSize(bytes: number): string {
  const exact = `${bytes} bytes`;
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB (${exact})`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB (${exact})`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB (${exact})`;
  return exact;
}

function sizeIssue(size: number, maxBytes: number): InputIssue {
  return {
    constraint: "size-limit",
    message: `the file is ${describeSize(size)}, over the size limit of ${describeSize(maxBytes)}; raise the limit (--max-size) if the file is genuine`,
  };
}

/**
 * Reads a file after checking its size on disk, before any byte is buffered, so a huge file is refused without
 * being read. The size is checked again while reading (a file can grow between stat and read). Never throws for
 * a missing or unreadable file: that is an issue too.
 */
export async function readSbomFile(path: string, options: ValidateOptions = {}): Promise<Parsed<Uint8Array>> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
    const info = await handle.stat();
    if (info.isDirectory()) {
      return {
        ok: false,
        issues: [{ constraint: "file", message: `${path} is a directory; give the path of an SBOM file` }],
      };
    }
    if (info.size > maxBytes) return { ok: false, issues: [sizeIssue(info.size, maxBytes)] };
    // Read up to the limit plus one byte: a pipe or a file that grows after stat cannot push us past the limit.
    let buffer = new Uint8Array(Math.min(Math.max(info.size + 1, 64 * 1024), maxBytes + 1));
    let total = 0;
    while (true) {
      if (total === buffer.length) {
        if (total > maxBytes) return { ok: false, issues: [sizeIssue(total, maxBytes)] };
        const grown = new Uint8Array(Math.min(buffer.length * 2, maxBytes + 1));
        grown.set(buffer);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > maxBytes) return { ok: false, issues: [sizeIssue(total, maxBytes)] };
    return { ok: true, value: buffer.subarray(0, total) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "no such file"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : code === "EISDIR"
            ? "it is a directory"
            : (error as Error).message;
    return { ok: false, issues: [{ constraint: "file", message: `cannot read ${path}: ${reason}` }] };
  } finally {
    await handle?.close();
  }
}
