/**
 * Builds dist/ once before the suite. Most tests import the TypeScript sources directly; the tests that start
 * the real `bin/cra-assessor.js` (the CLI scenarios, the server and crash tests) run what a user runs, the
 * compiled dist/, and this keeps it from being older than the sources under test.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, ["scripts/build.js", "--quiet"], { cwd: root, stdio: "inherit" });
}
