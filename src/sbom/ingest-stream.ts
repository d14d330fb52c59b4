/**
 * Streaming ingest of JSON SBOMs (CycloneDX, SPDX 2.2 and 2.3): the fast, small path for the common case, a
 * well-formed document.
 *
 * The whole-document path (validate.ts → json-reader.ts or spdx-reader.ts → normalize.ts) holds the bytes, the
 * decoded text and the parsed tree at once: at 50k components that is about 7× the file before the model is
 * built (BENCHMARKS.md). Here the bytes are read in chunks (hashed as they pass) and scanned for the document's
 * structure only: each top-level member is parsed on its own, and the long lists (CycloneDX's components,
 * services, dependencies and vulnerabilities; SPDX's packages, files and relationships) one entry at a time.
 * Each entry is parsed with `JSON.parse`, validated against its own schema with a validator compiled by the
 * same ajv instance as the whole-document validator, checked for uniqueness and references, normalized, and
 * dropped. The rest of the document (the other members, the lists as empty arrays) is then validated against
 * the whole schema. Nothing else is parsed by hand: the scanner only finds where values end, and `JSON.parse`
 * checks every byte of each value. What each format does with the parts is its document's business
 * (stream-document.ts): CycloneDX below, SPDX 2 in spdx-stream.ts; which one is decided from the document
 * itself, at its first long list (or at its end), as the whole-document path classifies it (detect.ts).
 *
 * The verdicts are the whole-document path's by construction: this path accepts a document only when every
 * check it makes passes, and each of those checks is one the whole-document path makes too. (One deliberate
 * difference: a document too large for one V8 string, about 512 MiB, which the whole-document path cannot
 * decode, can still be read here if it is within the size limit.) Whenever anything
 * is unusual — a syntax error, an invalid entry, a duplicate, a dangling reference, a byte order mark, a
 * member name repeated in any object, a list before the document says what it is, a warning to give — it stops and says
 * so, and the caller runs the whole-document path, which finds and words every issue exactly as before. So
 * error reports never depend on which path ran, and `tests/unit/sbom-stream.test.ts` and
 * `tests/unit/sbom-spdx-stream.test.ts` check that both paths give the same result for every document of the
 * CycloneDX conformance corpus, every SPDX 2 JSON example and hostile documents.
 */
import { Buffer, isAscii, isUtf8 } from "node:buffer";
import { createHash, type Hash } from "node:crypto";
import type { ValidateFunction } from "ajv";
import { countParsedMembers } from "../json/duplicate-members.js";
import { isJsonObject } from "../json/value.js";
import { classifyJson } from "./detect.js";
import { JsonBomBuilder } from "./json-reader.js";
import type { NormalizedSbom, SbomSpecVersion, SbomStandard, SpecVersion } from "./model.js";
import { hasStrictVariant, jsonSchemaValidator } from "./schemas.js";
import { SPDX2_STREAMED_LISTS } from "./spdx-schemas.js";
import { Spdx2StreamDocument } from "./spdx-stream.js";
import { handOver, type StreamedDocument, type StreamedResult, WholeDocumentNeeded } from "./stream-document.js";
import { DuplicateIndex } from "./unique-items.js";

/** Where the bytes come from: read in order, like a file descriptor. */
export interface ByteSource {
  /** Fills `target[offset, offset + length)` with the next bytes; returns how many, 0 at the end. */
  read(target: Buffer, offset: number, length: number): number;
  /** Reads `length` bytes at absolute `position` (rare: to compare a list entry with an earlier one). */
  readAt(target: Buffer, position: number, length: number): number;
}

export interface StreamOptions {
  maxBytes: number;
  maxDepth: number;
  /** Initial read size (the window grows when one top-level value is larger). */
  chunkBytes?: number;
  /** False to check only (`sbom validate`): no model is built. Default true. */
  normalize?: boolean;
}

export type StreamOutcome =
  | {
      streamed: true;
      standard: SbomStandard;
      specVersion: SbomSpecVersion;
      sbom: NormalizedSbom;
      bytes: number;
      /**
       * Every component, nested ones included, not counting `metadata.component` itself (SPDX: the described
       * element) but counting its sub-components, as validate.ts counts them and the model lists them.
       */
      componentCount: number;
      /** Hex SHA-256 of the bytes, when they were read from a source (for bytes in memory the caller hashes). */
      sha256?: string;
    }
  /** Not decided here: run the whole-document path. `reason` is for tests and diagnostics, never for users. */
  | { streamed: false; reason: string };

const DEFAULT_CHUNK_BYTES = 1 << 20;
/** Non-ASCII bytes are tracked per block of this size, so one accented name does not slow every entry down. */
const ASCII_BLOCK = 1 << 16;

/** The JSON structural bytes (module constants: V8 folds them into the scanning loops). */
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

type ListName = "components" | "services" | "dependencies" | "vulnerabilities";

/** The top-level lists some format reads entry by entry: meeting one decides the format. */
const LIST_KEYS: ReadonlySet<string> = new Set([
  "components",
  "services",
  "dependencies",
  "vulnerabilities",
  ...SPDX2_STREAMED_LISTS,
]);
const SPDX2_LIST_KEYS: ReadonlySet<string> = new Set(SPDX2_STREAMED_LISTS);

/** Growable list of [start, end) byte offsets (doubles: a file may pass 2 GiB). */
class Ranges {
  private data = new Float64Array(1024);
  length = 0;
  push(start: number, end: number): void {
    if (this.length * 2 === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length * 2] = start;
    this.data[this.length * 2 + 1] = end;
    this.length++;
  }
  start(index: number): number {
    return this.data[index * 2]!;
  }
  end(index: number): number {
    return this.data[index * 2 + 1]!;
  }
}

interface ReaderResult extends StreamedResult {
  bytes: number;
}

class StreamingJsonBom {
  /**
   * The window. Scanning runs on `win`, the Latin-1 text of source bytes [winBase, winBase + win.length): V8
   * searches a one-byte string (charCodeAt, indexOf) about twice as fast as a Buffer from JavaScript, and an
   * entry's text is then a slice of it, not a copy. Latin-1 maps each byte to one character, so offsets are byte
   * offsets, and the structural characters (quotes, brackets, backslash) are found correctly even inside UTF-8
   * text, whose multi-byte sequences use only bytes above 0x7f. Entries that hold such bytes are decoded as
   * UTF-8 from `buf` instead (see `text`).
   */
  private win = "";
  private winBase = 0;
  /** Source bytes: buf[0] is absolute offset bufBase (0 for a document in memory, winBase for a file). */
  private buf: Buffer;
  private bufBase = 0;
  /** Bytes of `buf` holding data (file source). */
  private bufLen = 0;
  private readonly whole: Buffer | undefined;
  private eof = false;
  private readonly chunkBytes: number;
  private readonly normalize: boolean;
  /** Absolute read position of the top-level scanner. */
  private pos = 0;
  private total = 0;
  /** Absolute [start, end) of the blocks that hold a byte above 0x7f, in order. */
  private readonly nonAsciiBlocks: number[] = [];
  private nonAsciiCursor = 0;

  private readonly skeleton: Record<string, unknown> = {};
  private readonly seenKeys = new Set<string>();
  /** Colons outside strings in the value `scanValue` last scanned: the members it writes, if it is valid JSON. */
  private scannedMembers = 0;
  /** The format's reader of the parts, once the document has said what it is. */
  private document: StreamedDocument | undefined;

  constructor(
    private readonly source: ByteSource | undefined,
    whole: Buffer | undefined,
    private readonly hash: Hash | undefined,
    private readonly options: StreamOptions,
  ) {
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.normalize = options.normalize ?? true;
    if (whole) {
      this.whole = whole;
      this.buf = whole;
      this.total = whole.length;
      this.noteAscii(whole, 0);
    } else {
      this.buf = Buffer.allocUnsafe(this.chunkBytes);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // The window

  private noteAscii(bytes: Buffer, absoluteStart: number): void {
    for (let offset = 0; offset < bytes.length; offset += ASCII_BLOCK) {
      const end = Math.min(offset + ASCII_BLOCK, bytes.length);
      if (!isAscii(bytes.subarray(offset, end))) this.nonAsciiBlocks.push(absoluteStart + offset, absoluteStart + end);
    }
  }

  /**
   * Moves the window on, keeping everything from absolute offset `keepFrom` (the start of the value being
   * scanned). Returns false at the end of the source. When one value fills the window, the window doubles.
   */
  private more(keepFrom: number): boolean {
    if (this.eof) return false;
    const winEnd = this.winBase + this.win.length;
    if (this.whole) {
      if (winEnd >= this.total) {
        this.eof = true;
        return false;
      }
      const end = Math.min(this.total, winEnd + Math.max(this.chunkBytes, winEnd - keepFrom));
      this.win = this.whole.toString("latin1", keepFrom, end);
      this.winBase = keepFrom;
      return true;
    }
    const keep = keepFrom - this.bufBase;
    if (keep > 0) {
      this.buf.copy(this.buf, 0, keep, this.bufLen);
      this.bufLen -= keep;
      this.bufBase = keepFrom;
    }
    if (this.bufLen === this.buf.length) {
      const grown = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(grown, 0, 0, this.bufLen);
      this.buf = grown;
    }
    const read = this.source!.read(this.buf, this.bufLen, this.buf.length - this.bufLen);
    if (read === 0) {
      this.eof = true;
      return false;
    }
    const chunk = this.buf.subarray(this.bufLen, this.bufLen + read);
    this.total += read;
    if (this.total > this.options.maxBytes) handOver("over the size limit");
    this.hash?.update(chunk);
    this.noteAscii(chunk, this.bufBase + this.bufLen);
    this.bufLen += read;
    this.win = this.buf.toString("latin1", 0, this.bufLen);
    this.winBase = this.bufBase;
    return true;
  }

  /** The byte at absolute offset `at`, reading on if needed (keeping from `keepFrom`); -1 at the end. */
  private byteAt(at: number, keepFrom: number): number {
    while (at - this.winBase >= this.win.length) {
      if (!this.more(keepFrom)) return -1;
    }
    return this.win.charCodeAt(at - this.winBase);
  }

  private skipWhitespace(): void {
    for (;;) {
      const byte = this.byteAt(this.pos, this.pos);
      if (byte !== SPACE && byte !== LINE_FEED && byte !== CARRIAGE_RETURN && byte !== TAB) return;
      this.pos++;
    }
  }

  private expect(byte: number, what: string): void {
    if (this.byteAt(this.pos, this.pos) !== byte) handOver(`expected ${what}`);
    this.pos++;
  }

  /**
   * Absolute end (exclusive) of the JSON value starting at absolute `start`. Only structure is tracked: string
   * bounds (with escapes), bracket depth, and where a bare literal stops. `JSON.parse` of the slice checks the
   * rest, so a malformed value is never taken for a well-formed one. `containerDepth` is the nesting depth of the
   * array or object holding the value, for the same depth limit as the whole-document path.
   */
  private scanValue(start: number, containerDepth: number): number {
    const first = this.byteAt(start, start);
    if (first === -1) handOver("unexpected end");
    const maxDepth = this.options.maxDepth;
    // Positions are relative to the window while scanning; `at` saves one as absolute across a move.
    let i = start - this.winBase;
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET && first !== QUOTE) {
      this.scannedMembers = 0;
      // A number, true, false or null: it ends at the first delimiter.
      for (;;) {
        const win = this.win;
        const length = win.length;
        while (i < length) {
          const c = win.charCodeAt(i);
          if (
            c === COMMA ||
            c === CLOSE_BRACE ||
            c === CLOSE_BRACKET ||
            c === SPACE ||
            c === LINE_FEED ||
            c === CARRIAGE_RETURN ||
            c === TAB
          )
            return this.winBase + i;
          i++;
        }
        const at = this.winBase + i;
        if (!this.more(start)) return at;
        i = at - this.winBase;
      }
    }
    let depth = 0;
    let members = 0;
    for (;;) {
      const win = this.win;
      const length = win.length;
      let resumeAt = -1;
      while (i < length) {
        const c = win.charCodeAt(i++);
        if (c === QUOTE) {
          // The closing quote is the first one after an even run of backslashes.
          let close = win.indexOf('"', i);
          while (close !== -1) {
            let k = close - 1;
            while (win.charCodeAt(k) === BACKSLASH) k--;
            if (((close - 1 - k) & 1) === 0) break;
            close = win.indexOf('"', close + 1);
          }
          if (close === -1) {
            resumeAt = i - 1; // the opening quote: the string is scanned again once the window holds more
            break;
          }
          i = close + 1;
          if (depth === 0) {
            this.scannedMembers = 0;
            return this.winBase + i;
          }
        } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          if (++depth + containerDepth > maxDepth) handOver("deeper than the depth limit");
        } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (--depth === 0) {
            this.scannedMembers = members;
            return this.winBase + i;
          }
        } else if (c === COLON) {
          members++;
        }
      }
      const at = this.winBase + (resumeAt === -1 ? i : resumeAt);
      if (!this.more(start)) handOver("unexpected end");
      i = at - this.winBase;
    }
  }

  /** The text of bytes [start, end), which must be in the window; non-UTF-8 hands over. */
  private text(start: number, end: number): string {
    const blocks = this.nonAsciiBlocks;
    while (this.nonAsciiCursor < blocks.length && blocks[this.nonAsciiCursor + 1]! <= start) this.nonAsciiCursor += 2;
    if (this.nonAsciiCursor >= blocks.length || blocks[this.nonAsciiCursor]! >= end) {
      // ASCII: the window's characters are the text's.
      return this.win.slice(start - this.winBase, end - this.winBase);
    }
    const bytes = this.buf.subarray(start - this.bufBase, end - this.bufBase);
    if (!isUtf8(bytes)) handOver("not UTF-8");
    return bytes.toString("utf8");
  }

  /**
   * The value of bytes [start, end), which `scanValue` has just scanned. A member name repeated inside it hands
   * over, for the whole-document path to refuse with its location: `JSON.parse` kept one member per name, so
   * fewer members than the scan counted colons means a repeated one (json/duplicate-members.ts).
   */
  private parse(start: number, end: number): unknown {
    let value: unknown;
    try {
      value = JSON.parse(this.text(start, end));
    } catch (error) {
      if (error instanceof SyntaxError) handOver("syntax error");
      throw error;
    }
    if (typeof value === "object" && value !== null && countParsedMembers(value) !== this.scannedMembers)
      handOver("repeated member name");
    return value;
  }

  // ---------------------------------------------------------------------------------------------------------
  // The document

  run(): ReaderResult {
    this.skipWhitespace();
    // A byte order mark, XML, an array, anything but an object: the whole-document path says what it is.
    this.expect(OPEN_BRACE, "an object");
    this.skipWhitespace();
    if (this.byteAt(this.pos, this.pos) === CLOSE_BRACE) handOver("empty object");
    for (;;) {
      const key = this.readKey();
      if (this.seenKeys.has(key)) handOver("duplicate top-level key");
      this.seenKeys.add(key);
      this.skipWhitespace();
      this.expect(COLON, "a colon");
      this.skipWhitespace();
      if (this.byteAt(this.pos, this.pos) === OPEN_BRACKET && this.streamable(key)) {
        this.readList(key, this.document!);
      } else {
        const start = this.pos;
        const end = this.scanValue(start, 1);
        this.member(key, this.parse(start, end));
        this.pos = end;
      }
      this.skipWhitespace();
      const next = this.byteAt(this.pos, this.pos);
      this.pos++;
      if (next === COMMA) {
        this.skipWhitespace();
        continue;
      }
      if (next === CLOSE_BRACE) break;
      handOver("expected a comma or the end of the object");
    }
    this.skipWhitespace();
    if (this.byteAt(this.pos, this.pos) !== -1) handOver("data after the document");
    const document = this.document ?? this.decide(undefined);
    return { ...document.finish(this.skeleton), bytes: this.total };
  }

  private readKey(): string {
    const start = this.pos;
    if (this.byteAt(start, start) !== QUOTE) handOver("expected a key");
    const end = this.scanValue(start, 1);
    const key = this.parse(start, end);
    this.pos = end;
    return key as string;
  }

  /** Sets a top-level member as JSON.parse would: an own data property, even for `__proto__`. */
  private member(key: string, value: unknown): void {
    Object.defineProperty(this.skeleton, key, { value, enumerable: true, writable: true, configurable: true });
    // SPDX 3 (JSON-LD) is read whole (spdx3-reader.ts): hand over before its lists are parsed here for nothing.
    if (key === "@context") handOver("JSON-LD");
    this.document?.member(key, value);
  }

  /** Whether `key` is a list read entry by entry; the first such list decides the format. */
  private streamable(key: string): boolean {
    if (!LIST_KEYS.has(key)) return false;
    this.document ??= this.decide(key);
    return this.document.streams(key);
  }

  /** The format's reader, from what the document has said so far (as the whole-document path classifies it). */
  private decide(listKey: string | undefined): StreamedDocument {
    const classified = classifyJson(this.skeleton);
    if (classified.kind === "cyclonedx")
      return new CycloneDxDocument(classified.specVersion, this.skeleton, this.normalize);
    if (classified.kind === "spdx") {
      if (classified.generation === 3) handOver("SPDX 3");
      return new Spdx2StreamDocument(this.skeleton.spdxVersion, this.normalize);
    }
    // Microsoft's sbom-tool writes `files`, `packages` and `relationships` before `spdxVersion`: read them as
    // SPDX 2 of a version to be stated (the end of the document checks that it is).
    if (listKey !== undefined && SPDX2_LIST_KEYS.has(listKey))
      return new Spdx2StreamDocument(undefined, this.normalize);
    // Not (yet) recognisably an SBOM: the whole-document path tells the user what it is.
    handOver("a list before the document says what it is");
  }

  private readList(key: string, document: StreamedDocument): void {
    const ranges = new Ranges();
    // Entries are dropped once handled; one is read again from the source when the format needs it.
    const add = document.list(key, (index) => this.readAgain(ranges.start(index), ranges.end(index)));
    this.pos++; // [
    this.skipWhitespace();
    if (this.byteAt(this.pos, this.pos) === CLOSE_BRACKET) {
      this.pos++;
    } else {
      for (let index = 0; ; index++) {
        const start = this.pos;
        const end = this.scanValue(start, 2);
        const item = this.parse(start, end);
        this.pos = end;
        ranges.push(start, end);
        add(item, index);
        this.skipWhitespace();
        const next = this.byteAt(this.pos, this.pos);
        this.pos++;
        if (next === CLOSE_BRACKET) break;
        if (next !== COMMA) handOver("expected a comma or the end of the list");
        this.skipWhitespace();
      }
    }
    // The schema sees an empty list in its place: the entries were each checked against the item definition.
    this.member(key, []);
  }

  /** A dropped list entry, read and parsed again from the source. */
  private readAgain(start: number, end: number): unknown {
    let bytes: Buffer;
    if (start >= this.bufBase && end <= this.bufBase + (this.whole ? this.total : this.bufLen)) {
      bytes = this.buf.subarray(start - this.bufBase, end - this.bufBase);
    } else {
      bytes = Buffer.allocUnsafe(end - start);
      let filled = 0;
      while (filled < bytes.length) {
        const read = this.source!.readAt(bytes.subarray(filled), start + filled, bytes.length - filled);
        if (read === 0) handOver("source changed while reading");
        filled += read;
      }
    }
    try {
      // It parsed the first time (and was UTF-8 then); a failure now means the file changed under us.
      return JSON.parse(bytes.toString(isAscii(bytes) ? "latin1" : "utf8"));
    } catch {
      handOver("source changed while reading");
    }
  }
}

/**
 * CycloneDX JSON: the lists whose schema is "unique items of one definition" are read entry by entry, with the
 * item validators of schemas.ts, bom-refs and dependency refs checked as they come, and the JSON normalizer
 * (json-reader.ts) fed each part.
 */
class CycloneDxDocument implements StreamedDocument {
  private readonly itemValidators: ReadonlyMap<string, ValidateFunction>;
  private readonly strictItemValidators: ReadonlyMap<string, ValidateFunction> | undefined;
  /** Undefined when only checking. */
  private readonly builder: JsonBomBuilder | undefined;

  /**
   * bom-refs of components and services, nested ones and the root's included, each mapped to itself: dependency
   * refs are swapped for the component's own string, so the model holds each ref once (measured: about 10 MiB
   * less at 50k components, where the graph repeats every ref two or three times).
   */
  private readonly targets = new Map<string, string>();
  /** Dependency refs not (yet) among the targets when their entry was read: checked again at the end. */
  private readonly unresolvedRefs: string[] = [];
  private componentCount = 0;

  /** `skeleton`: the members read so far (a `metadata` among them is taken now). */
  constructor(
    private readonly specVersion: SpecVersion,
    skeleton: Record<string, unknown>,
    normalize: boolean,
  ) {
    this.itemValidators = jsonSchemaValidator(specVersion).itemValidators;
    if (hasStrictVariant(specVersion))
      this.strictItemValidators = jsonSchemaValidator(specVersion, "strict").itemValidators;
    if (normalize) this.builder = new JsonBomBuilder(specVersion);
    if (Object.hasOwn(skeleton, "metadata")) this.setMetadata(skeleton.metadata);
  }

  member(key: string, value: unknown): void {
    // SPDX keys in what started as CycloneDX: the whole-document path says what the document is.
    if (key === "spdxVersion" || key === "SPDXID") handOver("an SPDX document");
    if (key === "metadata") this.setMetadata(value);
  }

  streams(key: string): boolean {
    return this.itemValidators.has(key);
  }

  private setMetadata(value: unknown): void {
    this.builder?.setMetadata(value);
    // The product is no component of the model; its own sub-components are.
    if (isJsonObject(value) && value.component !== undefined)
      this.componentCount += Math.max(0, this.addInventory(value.component, "components") - 1);
  }

  /**
   * Adds an item's bom-ref and those of its nested items of the same kind; a repeated one hands over. Returns
   * how many items that was.
   */
  private addInventory(item: unknown, kind: "components" | "services"): number {
    if (!isJsonObject(item)) return 0;
    this.addTarget(item["bom-ref"]);
    const nested = kind === "components" ? item.components : item.services;
    if (nested === undefined) return 1; // Most items: no stack needed.
    let count = 1;
    const stack: unknown[] = [nested];
    while (stack.length > 0) {
      const list = stack.pop();
      if (!Array.isArray(list)) continue;
      for (const child of list) {
        if (!isJsonObject(child)) continue;
        count++;
        this.addTarget(child["bom-ref"]);
        const grandchildren = kind === "components" ? child.components : child.services;
        if (grandchildren !== undefined) stack.push(grandchildren);
      }
    }
    return count;
  }

  private addTarget(bomRef: unknown): void {
    if (typeof bomRef !== "string") return;
    const before = this.targets.size;
    this.targets.set(bomRef, bomRef);
    if (this.targets.size === before) handOver("duplicate bom-ref");
  }

  list(key: string, again: (index: number) => unknown): (item: unknown, index: number) => void {
    const name = key as ListName;
    const validate = this.itemValidators.get(name)!;
    const strict = this.strictItemValidators?.get(name);
    const builder = this.builder;
    // The schema's `uniqueItems`, decided by the whole-document validator's own bookkeeping. Entries were dropped,
    // so an earlier one is read again from the source when a bucket collides. Components' and services' bom-refs
    // are already required unique across the BOM (a repeated one hands over), so those skip their bucket.
    const uniqueness = new DuplicateIndex(again, name === "components" || name === "services");
    return (item, index) => {
      if (!validate(item)) handOver(`invalid ${name} entry`);
      if (strict && !strict(item)) handOver("strict-schema warnings");
      if (!isJsonObject(item)) handOver(`${name} entry is not an object`);
      // Dependency refs first: swapped for the targets' own strings, whose hashes V8 has already computed,
      // they are cheaper to look up in the uniqueness buckets.
      if (name === "dependencies") this.noteDependency(item);
      if (uniqueness.add(item, index) !== -1) handOver("duplicate list entry");
      switch (name) {
        case "components":
          this.componentCount += this.addInventory(item, "components");
          builder?.addComponent(item, index);
          break;
        case "services":
          this.addInventory(item, "services");
          builder?.addService(item, index);
          break;
        case "dependencies":
          builder?.addDependency(item);
          break;
        case "vulnerabilities":
          builder?.addVulnerability(item, index);
          break;
      }
    };
  }

  /**
   * The same rule as `checkReferences`: a non-empty string ref must name a component or service. Refs already
   * known are replaced by the target's own string (the entry is ours to change: it was parsed for this).
   */
  private noteDependency(item: Record<string, unknown>): void {
    const ref = item.ref;
    if (typeof ref === "string" && ref !== "") {
      const target = this.targets.get(ref);
      if (target === undefined) this.unresolvedRefs.push(ref);
      else item.ref = target;
    }
    const dependsOn = item.dependsOn;
    if (Array.isArray(dependsOn)) {
      for (let k = 0; k < dependsOn.length; k++) {
        const ref = dependsOn[k];
        if (typeof ref !== "string" || ref === "") continue;
        const target = this.targets.get(ref);
        if (target === undefined) this.unresolvedRefs.push(ref);
        else dependsOn[k] = target;
      }
    }
  }

  finish(skeleton: Record<string, unknown>): StreamedResult {
    const classified = classifyJson(skeleton);
    if (classified.kind !== "cyclonedx") handOver("not CycloneDX");
    const specVersion = this.specVersion;
    if (specVersion !== classified.specVersion) handOver("specVersion changed");
    if (!jsonSchemaValidator(specVersion).validate(skeleton)) handOver("schema errors outside the lists");
    if (hasStrictVariant(specVersion) && !jsonSchemaValidator(specVersion, "strict").validate(skeleton))
      handOver("strict-schema warnings");
    for (const ref of this.unresolvedRefs) if (!this.targets.has(ref)) handOver("dangling reference");
    const builder = this.builder;
    if (builder && !builder.exact) handOver("metadata after components without bom-refs");
    builder?.setTopLevel(skeleton);
    return { standard: "CycloneDX", specVersion, sbom: builder?.finish(), componentCount: this.componentCount };
  }
}

function run(
  source: ByteSource | undefined,
  whole: Buffer | undefined,
  hash: Hash | undefined,
  options: StreamOptions,
): { streamed: true; result: ReaderResult } | { streamed: false; reason: string } {
  try {
    return { streamed: true, result: new StreamingJsonBom(source, whole, hash, options).run() };
  } catch (error) {
    if (error instanceof WholeDocumentNeeded) return { streamed: false, reason: error.message };
    // ajv recursion on a document within the depth limit but too deep for the stack: the whole-document path
    // reports it as such.
    if (error instanceof RangeError) return { streamed: false, reason: "too deep for the validator" };
    throw error;
  }
}

function outcome(ran: ReturnType<typeof run>, hash: Hash | undefined): StreamOutcome {
  if (!ran.streamed) return ran;
  const { standard, specVersion, sbom, bytes, componentCount } = ran.result;
  if (!sbom) throw new Error("the reader ran without building the model");
  const streamed: StreamOutcome = { streamed: true, standard, specVersion, sbom, bytes, componentCount };
  if (hash) streamed.sha256 = hash.digest("hex");
  return streamed;
}

/** Validates and normalizes a document already in memory (no copy: the window is decoded from the buffer). */
export function streamJsonBytes(bytes: Uint8Array, options: StreamOptions): StreamOutcome {
  if (bytes.length > options.maxBytes) return { streamed: false, reason: "over the size limit" };
  const whole = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return outcome(run(undefined, whole, undefined, { ...options, normalize: true }), undefined);
}

/** Validates and normalizes a document read in chunks from `source` (a file), hashing the bytes as they pass. */
export function streamJsonSource(source: ByteSource, options: StreamOptions): StreamOutcome {
  const hash = createHash("sha256");
  return outcome(run(source, undefined, hash, { ...options, normalize: true }), hash);
}

/** Validates a document read in chunks from `source` without building the model (`sbom validate`). */
export function checkJsonSource(
  source: ByteSource,
  options: StreamOptions,
):
  | { streamed: true; standard: SbomStandard; specVersion: SbomSpecVersion; componentCount: number }
  | { streamed: false; reason: string } {
  const ran = run(source, undefined, undefined, { ...options, normalize: false });
  if (!ran.streamed) return ran;
  const { standard, specVersion, componentCount } = ran.result;
  return { streamed: true, standard, specVersion, componentCount };
}
