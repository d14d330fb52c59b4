#!/usr/bin/env node
// The package bin: runs the compiled command tree, dist/cli/bin.cjs (`npm run build`, also run by `npm ci` and
// `npm pack` through the `prepare` script; scripts/build.js says why it is one CommonJS file).
import { createRequire } from "node:module";

// A reader that closes early (`cra-assessor … | head`) is not a fault: stop quietly instead of throwing EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

let main;
try {
  ({ main } = createRequire(import.meta.url)("../dist/cli/bin.cjs"));
} catch (error) {
  if (error?.code === "MODULE_NOT_FOUND" && String(error.message).includes("dist/cli/bin.cjs")) {
    process.stderr.write("cra-assessor: the compiled program (dist/) is missing; run `npm run build` first.\n");
    process.exit(3);
  }
  throw error;
}
process.exitCode = await main(process.argv.slice(2));
