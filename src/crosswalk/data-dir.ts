import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Parsed } from "../domain/input-issue.js";

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
    const reason =
      error && typeof error === "object" && "code" in error && typeof error.code === "string"
        ? error.code
        : String(error);
    return {
      ok: false,
      issues: [{ source: dir, constraint: "io", message: `Cannot list the ${what} directory: ${reason}` }],
    };
  }
}
