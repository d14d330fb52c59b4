/**
 * What the streaming reader (ingest-stream.ts) asks of one SBOM format: the reader finds the document's
 * top-level members and the entries of its long lists and parses each with `JSON.parse`; the format's document
 * (CycloneDX in ingest-stream.ts, SPDX 2 in spdx-stream.ts) validates them, checks references and feeds the
 * normalizer. Anything unusual is handed over to the whole-document path, which words every issue.
 */
import type { NormalizedSbom, SbomSpecVersion, SbomStandard } from "./model.js";

/** Thrown inside the reader to hand the document to the whole-document path. */
export class WholeDocumentNeeded extends Error {}

export function handOver(reason: string): never {
  throw new WholeDocumentNeeded(reason);
}

export interface StreamedResult {
  standard: SbomStandard;
  specVersion: SbomSpecVersion;
  /** Absent when only checking (`normalize: false`). */
  sbom: NormalizedSbom | undefined;
  /** Components of the model, not counting the root (as validate.ts counts them). */
  componentCount: number;
}

export interface StreamedDocument {
  /** A top-level member, parsed whole and already set on the skeleton (a streamed list: as `[]`, at its end). */
  member(key: string, value: unknown): void;
  /** Whether the top-level list `key` is read one entry at a time. */
  streams(key: string): boolean;
  /**
   * The handler of the entries of list `key`, called with each in order; `again(index)` parses an earlier entry
   * of the same list again from the source (entries are dropped once handled).
   */
  list(key: string, again: (index: number) => unknown): (item: unknown, index: number) => void;
  /** Once the whole document is read: the rest of it (`skeleton`, streamed lists empty) is checked here. */
  finish(skeleton: Record<string, unknown>): StreamedResult;
}
