/**
 * Writes a synthetic CycloneDX SBOM (see bench/synthetic/sbom.ts). A development script, not part of the CLI.
 *
 *   npm run sbom:generate -- --components 200 --format json --spec 1.6 --seed 1 --out sbom-samples/synthetic-200.cdx.json
 *
 * Options: --components N (default 1000), --format json|xml (default json), --spec 1.4|1.5|1.6|1.7 (default 1.6),
 * --seed S (default 1), --bsi (add BSI TR-03183-2 properties and distribution hashes), --out FILE (required).
 */
import { parseArgs } from "node:util";
import { SYNTHETIC_SPEC_VERSIONS, type SyntheticSpecVersion, writeSyntheticSbom } from "../bench/synthetic/sbom.js";

const { values } = parseArgs({
  options: {
    components: { type: "string", default: "1000" },
    format: { type: "string", default: "json" },
    spec: { type: "string", default: "1.6" },
    seed: { type: "string", default: "1" },
    bsi: { type: "boolean", default: false },
    out: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

function fail(message: string): never {
  process.stderr.write(`generate-sbom: ${message}\n`);
  process.exit(2);
}

if (values.help) {
  process.stdout.write(
    "usage: tsx scripts/generate-sbom.ts --components N --format json|xml --spec 1.6 --seed S [--bsi] --out FILE\n",
  );
  process.exit(0);
}
const components = Number(values.components);
const seed = Number(values.seed);
if (!Number.isInteger(components) || components < 0) fail(`--components must be a non-negative integer`);
if (!Number.isInteger(seed)) fail(`--seed must be an integer`);
if (values.format !== "json" && values.format !== "xml") fail(`--format must be json or xml`);
if (!SYNTHETIC_SPEC_VERSIONS.includes(values.spec as SyntheticSpecVersion))
  fail(`--spec must be one of ${SYNTHETIC_SPEC_VERSIONS.join(", ")}`);
if (!values.out) fail("--out FILE is required");

const bytes = await writeSyntheticSbom(values.out, {
  components,
  format: values.format,
  specVersion: values.spec as SyntheticSpecVersion,
  seed,
  bsiProperties: values.bsi,
});
process.stdout.write(`wrote ${values.out}: ${components} components, ${bytes} bytes\n`);
