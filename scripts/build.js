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
// The bin does not run dist/cli/main.js itself but dist/cli/bin.cjs: the command tree (src/cli/main.ts, the
// command modules, their small helpers and constants, and commander) bundled into one CommonJS file. Every command
// line builds that tree, so its load time is the CLI's start-up; measured on the project's machine kind, `--help`
// through the per-module ES modules took 1.6x `node -e 0` and through this one file 1.3x (BENCHMARKS.md). Its
// dynamic imports (the actions, src/cli/actions, and the database layer) stay imports of the per-module files
// above, so everything a command does runs from those, once. What the bundle and the action modules both hold
// (the CLI helpers and constants) exists twice at run time, so the run loop recognises CliExit and
// DatabaseOpenError by a brand, not by `instanceof`.
//
// Files the compiled code reads at run time (rules/, seeds/, the migrations under src/db/*/migrations) stay where
// they are and are found from the package root (src/package-root.ts).
import { readdirSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
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

const binBundle = join(out, "cli", "bin.cjs");
const bundled = await build({
  entryPoints: [join(src, "cli", "main.ts")],
  outfile: binBundle,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  tsconfig: join(root, "tsconfig.json"),
  logLevel: "silent",
  metafile: true,
  plugins: [
    {
      name: "dynamic-imports-stay-modules",
      setup(builder) {
        builder.onResolve({ filter: /^\.\.?\// }, (args) => {
          if (args.kind !== "dynamic-import") return undefined;
          // A relative import of a source module becomes the import of its compiled file, relative to the bundle.
          const target = relative(src, resolve(dirname(args.importer), args.path));
          const fromBundle = relative(dirname(binBundle), join(out, target)).split("\\").join("/");
          return { path: fromBundle.startsWith(".") ? fromBundle : `./${fromBundle}`, external: true };
        });
      },
    },
  ],
});
// A warning here is a fault (import.meta in a bundled module would be empty in CommonJS, for one): refuse it.
if (bundled.warnings.length > 0) {
  const { formatMessages } = await import("esbuild");
  const text = await formatMessages(bundled.warnings, { kind: "warning" });
  process.stderr.write(text.join(""));
  process.stderr.write("build: the CLI bundle (dist/cli/bin.cjs) has warnings; see above.\n");
  process.exit(1);
}

if (!process.argv.includes("--quiet")) {
  const inputs = Object.keys(bundled.metafile.inputs).length;
  console.log(`built ${entryPoints.length} modules: ${relative(root, src)}/ -> ${relative(root, out)}/`);
  console.log(`bundled the command tree (${inputs} modules) -> ${relative(root, binBundle)}`);
}
