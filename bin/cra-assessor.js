#!/usr/bin/env node
// The package bin. The sources are TypeScript run through tsx's loader, so the CLI needs no build step
// after `npm ci`; tsx is a runtime dependency for that reason.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
