/**
 * What the `mra` commands do (registered in ../commands/mra.ts). Imported only when one of them runs, so that building
 * the command tree for help or a usage error loads none of what the actions need.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { loadArrangementFile } from "../../crosswalk/arrangement.js";
import {
  simulationToCsv,
  simulationToHtml,
  simulationToJson,
  simulationToMarkdown,
} from "../../crosswalk/render-simulation.js";
import { detectSyntax } from "../../sbom/detect.js";
import { createAssessContext } from "../../services/assess.js";
import { type SimulationProduct, simulateArrangement } from "../../services/simulate-arrangement.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";
import { SIMULATION_FORMATS } from "../options.js";
import { emit, formatIssue, loadData } from "./frameworks.js";

/** A directory with a declaration is one product; otherwise each sub-directory with one is a product. */
async function readProducts(dir: string): Promise<SimulationProduct[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(dir);
  } catch {
    throw new CliExit(ExitCode.invalidInput, `${dir}: no such directory.`);
  }
  if (!info.isDirectory()) throw new CliExit(ExitCode.invalidInput, `${dir}: not a directory.`);
  const own = await readProduct(dir, dir.split(/[\\/]/).filter(Boolean).pop() ?? "product");
  if (own) return [own];
  const products: SimulationProduct[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const product = await readProduct(join(dir, entry.name), entry.name);
    if (product) products.push(product);
  }
  return products;
}

/**
 * What a file in a product directory is, from its first 4 KiB (never from its name alone): the declaration
 * (`format: cra-declaration/1`, YAML or JSON), an SBOM (CycloneDX JSON or XML, SPDX JSON, YAML, tag-value or
 * JSON-LD), or neither. Extensions only say which files are worth opening.
 */
const PRODUCT_FILE = /\.(ya?ml|json|jsonld|xml|spdx)$/i;

function productFileKind(name: string, head: string): "declaration" | "sbom" | undefined {
  if (/^\s*"?format"?\s*:\s*"?cra-declaration\/1/m.test(head)) return "declaration";
  const syntax = detectSyntax(head);
  if (syntax === "xml" || syntax === "spdx-tag-value" || syntax === "spdx-yaml") return "sbom";
  if (syntax === "json" && /"bomFormat"\s*:\s*"CycloneDX"|"spdxVersion"\s*:|spdx\.org\/rdf\//.test(head)) return "sbom";
  // A YAML file that is not SPDX is taken for the declaration, whose reader says what is wrong with it.
  if (/\.ya?ml$/i.test(name)) return "declaration";
  return undefined;
}

async function readProduct(dir: string, id: string): Promise<SimulationProduct | undefined> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && PRODUCT_FILE.test(e.name))
    .map((e) => e.name)
    .sort();
  let declaration: SimulationProduct["declaration"] | undefined;
  let sbom: SimulationProduct["sbom"] | undefined;
  for (const name of names) {
    const path = join(dir, name);
    const bytes = await readFile(path);
    const kind = productFileKind(name, bytes.subarray(0, 4096).toString("utf8"));
    if (kind === "declaration" && !declaration) declaration = { text: bytes.toString("utf8"), fileName: path };
    else if (kind === "sbom" && !sbom) sbom = { bytes, fileName: path };
  }
  return declaration ? { id, declaration, ...(sbom ? { sbom } : {}) } : undefined;
}

export function runList(io: CliIo, options: { format: string }) {
  const data = loadData();
  if (options.format === "json") {
    io.out(`${JSON.stringify(data.arrangements, null, 2)}\n`);
    return;
  }
  if (options.format !== "text")
    throw new CliExit(ExitCode.invalidInput, `--format must be text or json, not "${options.format}".`);
  const hasCatalog = (scheme: string) => data.catalogs.has(scheme);
  for (const a of data.arrangements) {
    io.out(
      `${a.id} (${a.kind}, from ${a.effective.from}${a.source.verified === false ? ", unverified" : ""}): ${a.title}\n`,
    );
    // A route to a scheme without a catalog cannot be compared or assessed: it is counted, not listed.
    const listed = a.routes.filter((r) => hasCatalog(r.from.scheme) && hasCatalog(r.to.scheme));
    const hidden = a.routes.length - listed.length;
    for (const r of listed) {
      const side = (s: typeof r.from) =>
        `${s.scheme}${s.level ? ` ${s.level}${s.orHigher ? "+" : ""}` : ""}${s.requirements ? ` [${s.requirements.join(", ")}]` : ""}`;
      io.out(`  ${r.kind === "recognition" ? "recognises" : "simplifies"}: ${side(r.from)} → ${side(r.to)}\n`);
    }
    if (hidden > 0) io.out(`  (${hidden} route(s) with a scheme that has no catalog are not listed)\n`);
  }
}

export async function runSimulate(
  io: CliIo,
  options: { arrangement: string; products: string; asOf?: string; format: string; output?: string },
) {
  if (!(SIMULATION_FORMATS as readonly string[]).includes(options.format)) {
    throw new CliExit(
      ExitCode.invalidInput,
      `--format must be one of ${SIMULATION_FORMATS.join(", ")}, not "${options.format}".`,
    );
  }
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) {
    throw new CliExit(ExitCode.invalidInput, `--as-of must be a date written YYYY-MM-DD, not "${asOf}".`);
  }
  const data = loadData();
  const arrangement = loadArrangementFile(resolve(io.cwd, options.arrangement), data.catalogs);
  if (!arrangement.ok) {
    for (const issue of arrangement.issues)
      io.err(`${formatIssue(options.arrangement, { ...issue, source: options.arrangement })}\n`);
    throw new CliExit(ExitCode.invalidInput, `${options.arrangement}: refused; nothing was simulated.`);
  }
  const products = await readProducts(resolve(io.cwd, options.products));
  if (products.length === 0)
    throw new CliExit(ExitCode.invalidInput, `${options.products}: no product declaration found.`);
  const assess = await createAssessContext({ frameworks: ["cra"] });
  const result = await simulateArrangement({
    ctx: { assess, data },
    input: { arrangement: arrangement.value, products, asOf },
  });
  const body =
    options.format === "json"
      ? simulationToJson(result)
      : options.format === "csv"
        ? simulationToCsv(result)
        : options.format === "html"
          ? simulationToHtml(result)
          : simulationToMarkdown(result);
  await emit(io, body, options.output);
  if (result.invalidProducts.length > 0) {
    for (const p of result.invalidProducts) for (const issue of p.issues) io.err(`${formatIssue(p.id, issue)}\n`);
    throw new CliExit(ExitCode.invalidInput, `${result.invalidProducts.length} product(s) refused as invalid input.`);
  }
}
