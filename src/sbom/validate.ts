/**
 * SBOM reading and validation: bytes in, a parsed and schema-checked document (or located issues) out, for
 * CycloneDX (JSON, XML) and SPDX (2.x JSON, YAML, tag-value; 3.0.0 and 3.0.1 JSON-LD). Fully offline. Normalization
 * (normalize.ts, through json-reader.ts, xml-reader.ts, spdx-reader.ts or spdx3-reader.ts) reads the `document`
 * this returns.
 *
 * Contract (shared with src/sbom/ingest.ts): see the exported types below.
 */
import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import type { Document as XmlDocument } from "libxmljs2";
import { capIssues, type InputIssue, type Parsed, type Rejected } from "../domain/input-issue.js";
import { detectSyntax, unknownSyntaxIssue } from "./detect.js";
import { decodeUtf8 } from "./guard.js";
import type { SbomFormat, SbomSpecVersion, SbomStandard, SpdxVersion } from "./model.js";
import type { Spdx2Index } from "./spdx-reader.js";
import { type SpdxValidation, validateSpdx2, validateSpdx2TagValue, validateSpdx2Yaml } from "./spdx-validate.js";
import { validateSpdx3 } from "./spdx3-reader.js";
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
  | { format: "xml"; xml: XmlDocument }
  /** SPDX 2.x in the JSON shape (whatever its serialisation), or SPDX 3 JSON-LD. */
  | {
      format: "spdx";
      spdx: Record<string, unknown>;
      serialisation: SbomFormat;
      version: SpdxVersion;
      /** SPDX 2.x: the index validation built (spdx-reader.ts), so normalization need not find it again. */
      index?: Spdx2Index;
    };

export type SbomValidation =
  | {
      ok: true;
      standard: SbomStandard;
      format: SbomFormat;
      specVersion: SbomSpecVersion;
      document: ParsedSbomDocument;
      /** Every component, nested ones included (the product's own too), not counting `metadata.component` itself
       * (SPDX: the described element): the length of the model's `components`. */
      componentCount: number;
      warnings: InputIssue[];
    }
  | (Rejected & {
      standard?: SbomStandard;
      format?: SbomFormat;
      specVersion?: string;
      /**
       * The parsed document when it broke only its schema or its references: enough to normalize for a look
       * (`sbom inspect` shows its facts marked invalid), never to assess.
       */
      unvalidated?: { document: ParsedSbomDocument; specVersion: SbomSpecVersion };
    });

/** A verdict without the parsed document: what `sbom validate` reports, from either reading path. */
export type SbomCheck =
  | {
      ok: true;
      standard: SbomStandard;
      format: SbomFormat;
      specVersion: SbomSpecVersion;
      componentCount: number;
      warnings: InputIssue[];
    }
  | (Rejected & { standard?: SbomStandard; format?: SbomFormat; specVersion?: string });

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
        message: "the file is empty; expected an SBOM: CycloneDX (JSON or XML) or SPDX",
      },
    ]);
  }
  const syntax = detectSyntax(text);
  if (syntax === "spdx-tag-value") return spdxResult(validateSpdx2TagValue(text));
  if (syntax === "spdx-yaml") return spdxResult(validateSpdx2Yaml(text, maxBytes));
  if (syntax === "unknown") return rejected([unknownSyntaxIssue()]);
  if (syntax === "json") {
    const result = validateJsonText(text, maxDepth);
    const leading = decoded.byteOrderMark ? [BYTE_ORDER_MARK_WARNING] : [];
    if (result.ok === "spdx") {
      const spdx = spdxResult(
        result.generation === 3 ? validateSpdx3(result.json) : validateSpdx2(result.json, "json"),
      );
      return spdx.ok ? { ...spdx, warnings: [...leading, ...spdx.warnings] } : spdx;
    }
    if (!result.ok) {
      const failed = rejected(result.issues, "json", result.specVersion, result.unlisted);
      if (!failed.ok && result.unvalidated) {
        const { json, specVersion } = result.unvalidated;
        failed.unvalidated = { document: { format: "json", json }, specVersion };
      }
      return failed;
    }
    const warnings = [...leading, ...result.warnings];
    return {
      ok: true,
      standard: "CycloneDX",
      format: "json",
      specVersion: result.specVersion,
      document: { format: "json", json: result.json },
      componentCount: result.componentCount,
      warnings,
    };
  }
  const result = validateXmlText(text);
  if (!result.ok) {
    const failed = rejected(result.issues, "xml", result.specVersion, 0, result.standard ?? "CycloneDX");
    if (!failed.ok && result.unvalidated) {
      const { xml, specVersion } = result.unvalidated;
      failed.unvalidated = { document: { format: "xml", xml }, specVersion };
    }
    return failed;
  }
  return {
    ok: true,
    standard: "CycloneDX",
    format: "xml",
    specVersion: result.specVersion,
    document: { format: "xml", xml: result.xml },
    componentCount: result.componentCount,
    warnings: result.warnings,
  };
}

function rejected(
  all: InputIssue[],
  format?: SbomFormat,
  specVersion?: string,
  notListed = 0,
  standard: SbomStandard = "CycloneDX",
): SbomValidation {
  const { issues, omitted } = capIssues(all);
  const result: SbomValidation = { ok: false, issues, omitted: omitted + notListed };
  if (format !== undefined) {
    result.standard = standard;
    result.format = format;
  }
  if (specVersion !== undefined) result.specVersion = specVersion;
  return result;
}

/** JSON only: YAML allows a byte order mark, and tag-value is read as text. */
const BYTE_ORDER_MARK_WARNING: InputIssue = {
  line: 1,
  column: 1,
  constraint: "byte-order-mark",
  message:
    "the file starts with a UTF-8 byte order mark; RFC 8259 §8.1 says JSON must not, and some tools will refuse it (read anyway)",
};

function spdxResult(result: SpdxValidation): SbomValidation {
  if (!result.ok) {
    const failed = rejected(result.issues, result.format, result.version, result.unlisted ?? 0, "SPDX");
    if (!failed.ok && result.unvalidated) {
      const { document, version } = result.unvalidated;
      failed.unvalidated = {
        document: { format: "spdx", spdx: document, serialisation: result.format, version },
        specVersion: version,
      };
    }
    return failed;
  }
  return {
    ok: true,
    standard: "SPDX",
    format: result.format,
    specVersion: result.version,
    document: {
      format: "spdx",
      spdx: result.document,
      serialisation: result.format,
      version: result.version,
      ...(result.index === undefined ? {} : { index: result.index }),
    },
    componentCount: result.componentCount,
    warnings: result.warnings,
  };
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
 * Opening without blocking: `open()` on a FIFO with no writer waits for one forever, so the descriptor is opened
 * non-blocking and its type checked before any read. A regular file reads the same either way.
 */
export const OPEN_NONBLOCKING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Anything but a regular file or a directory: a FIFO, a socket, a device (`/dev/stdin`, `/dev/zero`). */
export function notRegularFileIssue(path: string, kind: string): InputIssue {
  return {
    constraint: "file",
    message: `${path} is not a regular file (${kind}); give an SBOM file, or - to read one from standard input`,
  };
}

function describeKind(info: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean }): string {
  if (info.isFIFO()) return "a FIFO or pipe";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice()) return "a character device";
  return "a block device or other special file";
}

/**
 * Reads a file after checking its size on disk, before any byte is buffered, so a huge file is refused without
 * being read. The size is checked again while reading (a file can grow between stat and read). Only regular
 * files are read: a FIFO, a socket or a device is refused before any read (standard input is read with
 * `readSbomStream`, when the user asks for it with `-`). Never throws for a missing or unreadable file: that is
 * an issue too.
 */
export async function readSbomFile(path: string, options: ValidateOptions = {}): Promise<Parsed<Uint8Array>> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, OPEN_NONBLOCKING);
    const info = await handle.stat();
    if (info.isDirectory()) {
      return {
        ok: false,
        issues: [{ constraint: "file", message: `${path} is a directory; give the path of an SBOM file` }],
      };
    }
    if (!info.isFile()) return { ok: false, issues: [notRegularFileIssue(path, describeKind(info))] };
    if (info.size > maxBytes) return { ok: false, issues: [sizeIssue(info.size, maxBytes)] };
    // Read up to the limit plus one byte: a file that grows after stat cannot push us past the limit.
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

/**
 * Reads a stream (standard input) whose size is not known beforehand. Chunks are kept as they come and counted;
 * the first chunk that takes the total over the limit ends the read (the stream is released, nothing more is
 * buffered), so an endless stream costs at most the limit in memory and is refused as too large.
 */
export async function readSbomStream(
  chunks: AsyncIterable<Uint8Array>,
  options: ValidateOptions = {},
): Promise<Parsed<Uint8Array>> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const kept: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of chunks) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        return {
          ok: false,
          issues: [
            {
              constraint: "size-limit",
              message: `standard input goes on past the size limit of ${describeSize(maxBytes)}; raise the limit (--max-size) if the SBOM is genuine`,
            },
          ],
        };
      }
      kept.push(chunk);
    }
  } catch (error) {
    return {
      ok: false,
      issues: [{ constraint: "file", message: `cannot read standard input: ${(error as Error).message}` }],
    };
  }
  if (kept.length === 1) return { ok: true, value: kept[0]! };
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of kept.splice(0)) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, value: bytes };
}
