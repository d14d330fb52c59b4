#!/usr/bin/env node
// The package bin. The sources are TypeScript run through tsx's loader, so the CLI needs no build step
// after `npm ci`; tsx is a runtime dependency for that reason.
import { register } from "tsx/esm/api";

// A reader that closes early (`cra-assessor … | head`) is not a fault: stop quietly instead of throwing EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register();
// launch() loads only the command group the command line names (see src/cli/launch.ts); main() loads them all.
const { launch } = await import("../src/cli/launch.ts");
process.exitCode = await launch(process.argv.slice(2));
