/**
 * The SBOM ingest pipeline: bytes -> validated document -> normalized model -> quality facts.
 * Bad input comes back as located `InputIssue`s (never an exception); only program faults throw.
 */
import { createHash } from "node:crypto";
import type { InputIssue } from "../domain/input-issue.js";
import type { NormalizedSbom, SbomFormat, SbomQualityFacts, SpecVersion } from "./model.js";
import { normalizeJsonBom } from "./normalize-json.js";
import { normalizeXmlBom } from "./normalize-xml.js";
import { computeQualityFacts } from "./quality.js";
import { type ParsedSbomDocument, readSbomFile, type ValidateOptions, validateSbomBytes } from "./validate.js";

export type IngestOptions = ValidateOptions;

export type IngestResult =
  | {
      ok: true;
      format: SbomFormat;
      specVersion: SpecVersion;
      sbom: NormalizedSbom;
      quality: SbomQualityFacts;
      /** Hex SHA-256 of the exact bytes read: ties stored facts and reports to one document. */
      sha256: string;
      bytes: number;
      warnings: InputIssue[];
    }
  | {
      ok: false;
      issues: InputIssue[];
      omitted: number;
      format?: SbomFormat;
      specVersion?: string;
      sha256?: string;
    };

/** Dispatches a validated document to the normalizer of its format. */
export function normalizeDocument(document: ParsedSbomDocument, specVersion: SpecVersion): NormalizedSbom {
  return document.format === "json"
    ? normalizeJsonBom(document.json, specVersion)
    : normalizeXmlBom(document.xml, specVersion);
}

/** Validates, normalizes and measures one CycloneDX document held in memory. */
export function ingestSbomBytes(bytes: Uint8Array, options?: IngestOptions): IngestResult {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const validation = validateSbomBytes(bytes, options);
  if (!validation.ok) {
    const failed: IngestResult = { ok: false, issues: validation.issues, omitted: validation.omitted, sha256 };
    if (validation.format !== undefined) failed.format = validation.format;
    if (validation.specVersion !== undefined) failed.specVersion = validation.specVersion;
    return failed;
  }
  const sbom = normalizeDocument(validation.document, validation.specVersion);
  return {
    ok: true,
    format: validation.format,
    specVersion: validation.specVersion,
    sbom,
    quality: computeQualityFacts(sbom),
    sha256,
    bytes: bytes.byteLength,
    warnings: validation.warnings,
  };
}

/** Reads a file (size-checked before buffering, see `readSbomFile`) and ingests it. */
export async function ingestSbomFile(path: string, options?: IngestOptions): Promise<IngestResult> {
  const read = await readSbomFile(path, options);
  if (!read.ok) return { ok: false, issues: read.issues, omitted: 0 };
  return ingestSbomBytes(read.bytes, options);
}
