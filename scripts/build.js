#!/usr/bin/env node
// `npm run build` (also run by `prepare`, so `npm ci` and `npm pack` leave a built package): compiles every
// TypeScript module under src/ to JavaScript under dist/, one file per module, same folders. The runtime (the bin,
// the SBOM worker processes) runs dist/; vitest keeps running the sources.
//
// esbuild only strips types (isolatedModules and verbatimModuleSyntax keep that safe); `npm run typecheck`
// (tsc, strict) is the type check. Measured on the project's machine kind for the same 156 modules: esbuild
// about 1 s of CPU, tsc 7 emit about 8.5 s. The test suite rebuilds before it starts (tests/build.global-setup.ts),
// so that difference is paid on every run.
//
// Files the compiled code reads at run time (rules/, seeds/, the migrations under src/db/*/migrations) stay where
// they are and are found from the package root (src/package-root.ts).
import { readdirSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");
const out = join(root, "dist");

const entryPoints = readdirSync(src, { recursive: true, encoding: "utf8" })
  .filter((file) => (file.endsWith(".ts") || file.endsWith(".tsx")) && !file.endsWith(".d.ts"))
  .map((file) => join(src, file))
  .sort();

rmSync(out, { recursive: true, force: true });
await build({
  entryPoints,
  outbase: src,
  outdir: out,
  format: "esm",
  platform: "node",
  target: "node20",
  tsconfig: join(root, "tsconfig.json"),
  logLevel: "warning",
});
if (!process.argv.includes("--quiet")) {
  console.log(`built ${entryPoints.length} modules: ${relative(root, src)}/ -> ${relative(root, out)}/`);
}
