/**
 * Reads advisory files from disk, never from the network: single JSON files, directories (recursively, in
 * sorted order) and zip archives such as OSV's per-ecosystem `all.zip`. A file or zip entry that cannot be
 * read or parsed is reported and skipped; the rest still load.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import yauzl from "yauzl";
import type { InputIssue } from "../domain/input-issue.js";
import { type ParsedDocument, parseAdvisoryJson } from "./document.js";
import { type AdvisoryIndex, buildAdvisoryIndex } from "./index.js";
import type { AdvisoryData } from "./model.js";

/** Zip entries larger than this are refused (a zip bomb guard; OSV records are a few kB). */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

export interface LoadProgress {
  /** Files or zip entries read so far. */
  done: number;
  /** The number of entries expected, when known (a directory or zip listing), else undefined. */
  total?: number;
  current: string;
}

export interface LoadOptions {
  /** Awaited before the next document is read, so a consumer can store documents as they come. */
  onDocument?: (doc: ParsedDocument, source: string) => void | Promise<void>;
  onProgress?: (progress: LoadProgress) => void;
}

/** Streams every advisory document under the given paths to `onDocument`, collecting I/O issues. */
export async function readAdvisoryFiles(paths: string[], options: LoadOptions = {}): Promise<InputIssue[]> {
  const issues: InputIssue[] = [];
  const files: string[] = [];
  for (const path of paths) {
    try {
      await collectFiles(path, files);
    } catch (error) {
      issues.push({ source: path, constraint: "io", message: `Cannot read: ${(error as Error).message}` });
    }
  }
  // Progress counts files and zip entries; a zip's entries replace it in the total once it is opened.
  let done = 0;
  let total = files.length;
  const tick = (source: string) => {
    done++;
    options.onProgress?.({ done, total, current: source });
  };
  for (const file of files) {
    const emit = async (doc: ParsedDocument, source: string) => {
      await options.onDocument?.(doc, source);
      tick(source);
    };
    try {
      if (file.toLowerCase().endsWith(".zip")) {
        await readZip(file, emit, issues, {
          opened: (entries) => {
            total += entries - 1;
          },
          skipped: tick,
        });
      } else {
        await emit(parseAdvisoryJson(await readFile(file, "utf8"), file), file);
      }
    } catch (error) {
      issues.push({ source: file, constraint: "io", message: `Cannot read: ${(error as Error).message}` });
    }
  }
  return issues;
}

async function collectFiles(path: string, into: string[]): Promise<void> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    into.push(path);
    return;
  }
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await collectFiles(child, into);
    else if (/\.(json|zip)$/i.test(entry.name)) into.push(child);
  }
}

/**
 * Zips up to this size are read into memory first: yauzl then slices entries out of one buffer instead of issuing
 * a file read per entry (measured on 50k OSV entries: 2.4 s against 7.5 s). Larger ones are read from the file.
 */
export const MAX_BUFFERED_ZIP_BYTES = 512 * 1024 * 1024;

function openZip(file: string, callback: (error: Error | null, zip?: yauzl.ZipFile) => void): void {
  stat(file)
    .then(async (info) => {
      if (info.size > MAX_BUFFERED_ZIP_BYTES) {
        yauzl.open(file, { lazyEntries: true, autoClose: true }, callback);
        return;
      }
      const buffer = await readFile(file);
      yauzl.fromBuffer(buffer, { lazyEntries: true }, callback);
    })
    .catch((error: Error) => callback(error));
}

function readZip(
  file: string,
  emit: (doc: ParsedDocument, source: string) => Promise<void>,
  issues: InputIssue[],
  progress: { opened: (entries: number) => void; skipped: (source: string) => void },
): Promise<void> {
  return new Promise((resolve, reject) => {
    openZip(file, (openError, zip) => {
      if (openError || !zip) {
        reject(openError ?? new Error("cannot open zip"));
        return;
      }
      progress.opened(zip.entryCount);
      zip.on("error", reject);
      zip.on("end", () => resolve());
      zip.on("entry", (entry: yauzl.Entry) => {
        const source = `${file}!/${entry.fileName}`;
        if (entry.fileName.endsWith("/") || !/\.json$/i.test(entry.fileName)) {
          progress.skipped(source);
          zip.readEntry();
          return;
        }
        if (entry.uncompressedSize > MAX_ENTRY_BYTES) {
          issues.push({
            source,
            constraint: "size-limit",
            message: `Zip entry larger than ${MAX_ENTRY_BYTES} bytes; skipped.`,
          });
          progress.skipped(source);
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) {
            issues.push({
              source,
              constraint: "io",
              message: `Cannot read zip entry: ${streamError?.message ?? "no stream"}`,
            });
            progress.skipped(source);
            zip.readEntry();
            return;
          }
          const chunks: Buffer[] = [];
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("error", (error) => {
            issues.push({ source, constraint: "io", message: `Cannot read zip entry: ${error.message}` });
            progress.skipped(source);
            zip.readEntry();
          });
          stream.on("end", () => {
            emit(parseAdvisoryJson(Buffer.concat(chunks).toString("utf8"), source), source).then(
              () => zip.readEntry(),
              reject,
            );
          });
        });
      });
      zip.readEntry();
    });
  });
}

export interface LoadedAdvisories {
  index: AdvisoryIndex;
  issues: InputIssue[];
  data: AdvisoryData;
  withdrawn: number;
}

/** Reads advisory files into an in-memory index (the `assess --advisories` path, no database). */
export async function loadAdvisoryFiles(
  paths: string[],
  options: Pick<LoadOptions, "onProgress"> = {},
): Promise<LoadedAdvisories> {
  const data: AdvisoryData = { advisories: [], kev: [], vex: [] };
  const docIssues: InputIssue[] = [];
  let withdrawn = 0;
  const ioIssues = await readAdvisoryFiles(paths, {
    ...options,
    onDocument(doc) {
      for (const a of doc.advisories) data.advisories.push(a);
      for (const k of doc.kev) data.kev.push(k);
      for (const v of doc.vex) data.vex.push(v);
      docIssues.push(...doc.issues);
      withdrawn += doc.withdrawn.length;
    },
  });
  return { index: buildAdvisoryIndex(data), issues: [...ioIssues, ...docIssues], data, withdrawn };
}
