import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { InputIssue, Parsed } from "../domain/input-issue.js";

/**
 * The data files (`*.json`, `*.yaml`, `*.yml`) directly in a seed directory, sorted by name so loading order and
 * error order are deterministic. Sub-directories are not entered (arrangement drafts live in `drafts/`).
 * `what` names the directory in the error, e.g. "catalog".
 */
export function listDataFiles(dir: string, what: string): Parsed<string[]> {
  try {
    const names = readdirSync(dir)
      .filter((name) => /\.(json|ya?ml)$/i.test(name) && statSync(join(dir, name)).isFile())
      .sort();
    return { ok: true, value: names };
  } catch (error) {
    return {
      ok: false,
      issues: [{ source: dir, constraint: "io", message: `Cannot list the ${what} directory: ${ioReason(error)}` }],
    };
  }
}

/** The text of one seed data file, or a located `io` issue; `what` names the file in it, e.g. "crosswalk". */
export function readDataFile(path: string, what: string): Parsed<string> {
  try {
    return { ok: true, value: readFileSync(path, "utf8") };
  } catch (error) {
    return {
      ok: false,
      issues: [{ source: path, constraint: "io", message: `Cannot read the ${what} file: ${ioReason(error)}` }],
    };
  }
}

/** The system error code (`ENOENT`, `EACCES` …) when there is one: the path is already the issue's source. */
function ioReason(error: unknown): string {
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string") return error.code;
  return error instanceof Error ? error.message : String(error);
}

/** A value that must be unique across a seed directory, with where it sits in a file and how a clash reads. */
export interface UniqueKey<T> {
  /** JSON pointer of the field in the file, for the located issue. */
  path: string;
  key: (value: T) => string;
  /** The message for a second file using `key`, already used by the file `earlierFile`. */
  clash: (key: string, earlierFile: string) => string;
}

/**
 * Loads every data file of a seed directory with `loadFile`, all or nothing: one bad file, or two files sharing
 * a unique key, refuses the whole directory, with every problem reported. The values come sorted by id.
 */
export function loadDataDir<T extends { id: string }>(
  dir: string,
  what: string,
  loadFile: (path: string) => Parsed<T>,
  uniqueKeys: UniqueKey<T>[],
): Parsed<T[]> {
  const listed = listDataFiles(dir, what);
  if (!listed.ok) return listed;
  const issues: InputIssue[] = [];
  const values: T[] = [];
  const seen = uniqueKeys.map(() => new Map<string, string>());
  for (const name of listed.value) {
    const path = join(dir, name);
    const loaded = loadFile(path);
    if (!loaded.ok) {
      issues.push(...loaded.issues);
      continue;
    }
    const clash = uniqueKeys.findIndex((unique, i) => seen[i]!.has(unique.key(loaded.value)));
    if (clash >= 0) {
      const unique = uniqueKeys[clash]!;
      const key = unique.key(loaded.value);
      issues.push({
        source: path,
        path: unique.path,
        constraint: "unique",
        message: unique.clash(key, seen[clash]!.get(key)!),
      });
      continue;
    }
    for (const [i, unique] of uniqueKeys.entries()) seen[i]!.set(unique.key(loaded.value), name);
    values.push(loaded.value);
  }
  if (issues.length > 0) return { ok: false, issues };
  values.sort((a, b) => a.id.localeCompare(b.id));
  return { ok: true, value: values };
}
