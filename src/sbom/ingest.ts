/**
 * The SBOM ingest pipeline: bytes -> validated document -> normalized model -> quality facts.
 * Bad input comes back as located `InputIssue`s (never an exception); only program faults throw.
 */
import { createHash, type KeyObject } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import type { InputIssue, Rejected } from "../domain/input-issue.js";
import {
  type ByteSource,
  checkJsonSource,
  type StreamOptions,
  type StreamOutcome,
  streamJsonBytes,
  streamJsonSource,
} from "./ingest-stream.js";
import { normalizeJsonBom } from "./json-reader.js";
import type { NormalizedSbom, SbomFormat, SbomQualityFacts, SbomSpecVersion, SbomStandard } from "./model.js";
import { computeQualityFacts } from "./quality.js";
import { verifyBomSignature } from "./signature.js";
import { normalizeSpdx2 } from "./spdx-reader.js";
import { normalizeSpdx3 } from "./spdx3-reader.js";
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_DEPTH,
  OPEN_NONBLOCKING,
  type ParsedSbomDocument,
  readSbomFile,
  type SbomCheck,
  type ValidateOptions,
  validateSbomBytes,
} from "./validate.js";
import { normalizeXmlBom } from "./xml-reader.js";

export interface IngestOptions extends ValidateOptions {
  /** A public key the user trusts: the BOM's JSF signature is checked with it (quality.signature). */
  publicKey?: KeyObject;
  /**
   * For a document that parses but breaks its schema or its references: normalize it anyway and return its
   * facts beside the issues (`unvalidated`), for `sbom inspect` to show marked invalid. The result stays a
   * rejection: nothing may assess or store such a document.
   */
  factsOfInvalid?: boolean;
}

/** With a key, the signature facts of the exact bytes read; without one, `not-checked` stays. */
function withSignature(result: IngestResult, bytes: Uint8Array | (() => Uint8Array), options?: IngestOptions) {
  if (!result.ok || !options?.publicKey) return result;
  if (result.standard === "SPDX") {
    // Neither SPDX 2 nor SPDX 3 has a field for a signature inside the document: a key cannot decide anything.
    result.quality.signature = {
      status: "unsupported",
      reason: `SPDX ${result.specVersion} has no field for an embedded signature; a detached signature of the file is not checked here`,
    };
    return result;
  }
  const text = new TextDecoder().decode(typeof bytes === "function" ? bytes() : bytes);
  result.quality.signature =
    result.format === "json"
      ? verifyBomSignature(text, options.publicKey)
      : { status: "unsupported", reason: "XML signatures are not checked" };
  return result;
}

export type IngestResult =
  | {
      ok: true;
      standard: SbomStandard;
      format: SbomFormat;
      specVersion: SbomSpecVersion;
      sbom: NormalizedSbom;
      quality: SbomQualityFacts;
      /** Hex SHA-256 of the exact bytes read: ties stored facts and reports to one document. */
      sha256: string;
      bytes: number;
      warnings: InputIssue[];
    }
  | (Rejected & {
      standard?: SbomStandard;
      format?: SbomFormat;
      specVersion?: string;
      sha256?: string;
      /** With `factsOfInvalid`: the model and facts of a document that parsed but broke its schema. */
      unvalidated?: { specVersion: SbomSpecVersion; sbom: NormalizedSbom; quality: SbomQualityFacts };
    });

/** Dispatches a validated document to the reader of its format; every reader feeds the one normalizer. */
export function normalizeDocument(document: ParsedSbomDocument, specVersion: SbomSpecVersion): NormalizedSbom {
  if (document.format === "spdx") {
    return document.version === "3.0.0" || document.version === "3.0.1"
      ? normalizeSpdx3(document.spdx, document.version)
      : normalizeSpdx2(document.spdx, document.serialisation, document.version, document.index);
  }
  // CycloneDX documents carry a CycloneDX version (validate.ts).
  const cycloneDxVersion = specVersion as Parameters<typeof normalizeJsonBom>[1];
  return document.format === "json"
    ? normalizeJsonBom(document.json, cycloneDxVersion)
    : normalizeXmlBom(document.xml, cycloneDxVersion);
}

/**
 * Validates, normalizes and measures one SBOM held in memory. A well-formed JSON document (CycloneDX, or SPDX 2.2
 * or 2.3) is read entry by entry (ingest-stream.ts), without building its whole tree; anything else, and every
 * document with a problem to report, goes through the whole-document path, which gives the same result for a
 * valid document.
 */
export function ingestSbomBytes(bytes: Uint8Array, options?: IngestOptions): IngestResult {
  const streamed = streamJsonBytes(bytes, streamOptions(options));
  if (streamed.streamed) {
    return withSignature(streamedResult(streamed, createHash("sha256").update(bytes).digest("hex")), bytes, options);
  }
  return ingestWholeDocument(bytes, options);
}

function streamOptions(options: IngestOptions | undefined): StreamOptions {
  return { maxBytes: options?.maxBytes ?? DEFAULT_MAX_BYTES, maxDepth: options?.maxDepth ?? DEFAULT_MAX_DEPTH };
}

function streamedResult(streamed: Extract<StreamOutcome, { streamed: true }>, sha256: string): IngestResult {
  return {
    ok: true,
    standard: streamed.standard,
    format: "json",
    specVersion: streamed.specVersion,
    sbom: streamed.sbom,
    quality: computeQualityFacts(streamed.sbom),
    sha256,
    bytes: streamed.bytes,
    warnings: [],
  };
}

/**
 * The whole-document path: decode, parse and validate the document as one tree, then normalize it. Used for
 * XML, for JSON the streaming reader hands over, and by tests and benchmarks as the reference.
 */
export function ingestWholeDocument(bytes: Uint8Array, options?: IngestOptions): IngestResult {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const validation = validateSbomBytes(bytes, options);
  if (!validation.ok) {
    const failed: IngestResult = { ok: false, issues: validation.issues, omitted: validation.omitted, sha256 };
    if (validation.standard !== undefined) failed.standard = validation.standard;
    if (validation.format !== undefined) failed.format = validation.format;
    if (validation.specVersion !== undefined) failed.specVersion = validation.specVersion;
    if (options?.factsOfInvalid && validation.unvalidated) {
      const { document, specVersion } = validation.unvalidated;
      try {
        // The readers type-check every field they read, so a schema-breaking document normalizes to what it
        // does say; should one still throw, the issues alone are reported.
        const sbom = normalizeDocument(document, specVersion);
        failed.unvalidated = { specVersion, sbom, quality: computeQualityFacts(sbom) };
      } catch {
        // Facts of an invalid document are a courtesy; the issues say what is wrong.
      }
    }
    return failed;
  }
  const sbom = normalizeDocument(validation.document, validation.specVersion);
  return withSignature(
    {
      ok: true,
      standard: validation.standard,
      format: validation.format,
      specVersion: validation.specVersion,
      sbom,
      quality: computeQualityFacts(sbom),
      sha256,
      bytes: bytes.byteLength,
      warnings: validation.warnings,
    },
    bytes,
    options,
  );
}

/** A file read in order through one descriptor, with positioned reads for the rare look back. */
function fileSource(fd: number): ByteSource {
  return {
    read: (target, offset, length) => readSync(fd, target, offset, length, null),
    readAt: (target, position, length) => readSync(fd, target, 0, length, position),
  };
}

/**
 * Runs `read` over a regular file opened for it. Undefined when the file cannot be opened or is not a regular
 * file within the limit, or when the reader hands the document over: the caller then reads it the plain way,
 * whose issues say what is wrong.
 */
function streamFile<T extends { streamed: boolean }>(
  path: string,
  limits: StreamOptions,
  read: (source: ByteSource, limits: StreamOptions) => T,
): Extract<T, { streamed: true }> | undefined {
  let fd: number | undefined;
  let regularFile = false;
  try {
    // Non-blocking: opening a FIFO without a writer would otherwise wait forever; its type is checked next.
    fd = openSync(path, OPEN_NONBLOCKING);
    const info = fstatSync(fd);
    regularFile = info.isFile() && info.size <= limits.maxBytes;
  } catch {
    // Missing, unreadable, a directory …: the whole-document path says which, in its own words.
  }
  try {
    if (fd !== undefined && regularFile) {
      const streamed = read(fileSource(fd), limits);
      if (streamed.streamed) return streamed as Extract<T, { streamed: true }>;
    }
  } catch (error) {
    // A read error part-way (the file vanished, an I/O error): read it again the plain way, which reports it.
    if (!(error as NodeJS.ErrnoException).code) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return undefined;
}

/**
 * Reads and ingests a file. A well-formed JSON document is streamed from the file in chunks, so neither the
 * whole file nor its parsed tree is ever in memory; otherwise the file is read whole (size-checked before
 * buffering, see `readSbomFile`) and takes the whole-document path, which words every problem.
 */
export async function ingestSbomFile(path: string, options?: IngestOptions): Promise<IngestResult> {
  const streamed = streamFile(path, streamOptions(options), streamJsonSource);
  // The streamed path never held the document; a signature check reads it once more (only with a key).
  if (streamed) return withSignature(streamedResult(streamed, streamed.sha256!), () => readFileSync(path), options);
  const read = await readSbomFile(path, options);
  if (!read.ok) return { ok: false, issues: read.issues, omitted: 0 };
  return ingestWholeDocument(read.value, options);
}

/**
 * Validates a file (`sbom validate`): streamed like `ingestSbomFile` when it is well-formed JSON (checked only,
 * no model built), else read whole and validated by `validateSbomBytes`, which words every issue. Same verdicts
 * either way.
 */
export async function checkSbomFile(path: string, options?: ValidateOptions): Promise<SbomCheck> {
  const streamed = streamFile(path, streamOptions(options), checkJsonSource);
  if (streamed) {
    const { standard, specVersion, componentCount } = streamed;
    return { ok: true, standard, format: "json", specVersion, componentCount, warnings: [] };
  }
  const read = await readSbomFile(path, options);
  if (!read.ok) return { ok: false, issues: read.issues, omitted: 0 };
  const validation = validateSbomBytes(read.value, options);
  if (validation.ok) return validation;
  // A verdict only: the parsed document of an invalid file is not kept.
  const { unvalidated: _document, ...verdict } = validation;
  return verdict;
}
