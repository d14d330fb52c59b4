import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package's root folder, where package.json, rules/ and seeds/ are. This module sits one level below it both
 * as a source (src/package-root.ts, under vitest or tsx) and compiled (dist/package-root.js, the installed bin),
 * so data files are found the same way from either.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL("../", import.meta.url));

/** A path inside the package, e.g. `packagePath("rules")`. */
export function packagePath(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}
