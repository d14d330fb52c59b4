import { type Command, InvalidArgumentError } from "commander";
import type { SbomOptions } from "../actions/sbom.js";
import type { CliIo } from "../io.js";

/** What the commands do, imported only when one of them runs. */
const actions = () => import("../actions/sbom.js");

const SIZE_UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
};

/** `200MB`, `1.5GiB`, `5000000` → bytes. SI units are powers of 1000, IEC units (KiB, MiB, GiB) of 1024. */
export function parseSize(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  const factor = match ? SIZE_UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || factor === undefined) {
    throw new InvalidArgumentError("expected a size such as 200MB, 1GiB or 5000000 (bytes).");
  }
  const bytes = Math.floor(Number(match[1]) * factor);
  if (bytes < 1) throw new InvalidArgumentError("the size limit must be at least 1 byte.");
  return bytes;
}

function parseOutputFormat(value: string): "text" | "json" {
  if (value !== "text" && value !== "json") throw new InvalidArgumentError('expected "text" or "json".');
  return value;
}

const PUBLIC_KEY_HELP =
  "PEM public key (or certificate) to check the SBOM's JSF signature (CycloneDX JSON `signature`) with";

/** `cra-assessor sbom …`: read, validate and summarise CycloneDX and SPDX SBOMs. */
export function register(program: Command, io: CliIo): void {
  const sbom = program
    .command("sbom")
    .description(
      "Read SBOMs (CycloneDX 1.2 to 1.7 as JSON or XML; SPDX 2.2/2.3 as JSON, YAML or tag-value, SPDX 3.0.0/3.0.1 as JSON-LD): validate them, or inspect what they contain.",
    )
    .addHelpText(
      "after",
      "\nThe standard, format and version are read from the document itself (bomFormat/specVersion or\n" +
        "spdxVersion in JSON and YAML, the namespace in XML, SPDXVersion in tag-value, the @context of SPDX 3),\n" +
        "never from the file name. Validation is offline, against the official CycloneDX and SPDX schemas, plus\n" +
        "reference checks (unique bom-refs and SPDXIDs, dependencies and relationships that name real elements).",
    );

  sbom
    .command("validate")
    .description("Validate one or more SBOM files (CycloneDX or SPDX); print every error with its location.")
    .argument(
      "<files...>",
      "SBOM files (CycloneDX .json/.xml, SPDX .json/.yaml/.spdx; any name); - reads standard input",
    )
    .option("--format <format>", "output: text, or json (one JSON object per line per file)", parseOutputFormat, "text")
    .option("--max-size <size>", "refuse files larger than this, before reading them (e.g. 200MB, 2GiB)", parseSize)
    .option("--public-key <file>", PUBLIC_KEY_HELP)
    .addHelpText(
      "after",
      "\nExit codes: 0 every file valid, 2 at least one invalid, 3 internal fault.\n" +
        "With --public-key, a file is also invalid when its signature does not verify with that key (tampered,\n" +
        "another key) or when it carries none; a form not checked (signers/chain, HMAC, XML) is said and passes.\n" +
        "Sizes: 5000000 (bytes), KB/MB/GB (powers of 1000), KiB/MiB/GiB (powers of 1024). Default limit: 1GiB.\n\n" +
        "With --format json each line is one file:\n" +
        '  {"file":"bom.json","valid":false,"format":"json","specVersion":"1.6","components":null,\n' +
        '   "errors":[{"path":"/components/0/type","constraint":"enum","message":"…"}],"omittedErrors":0,"warnings":[]}\n' +
        "Errors carry a JSON pointer (path) for JSON documents, and line/column for XML, SPDX YAML and\n" +
        "tag-value (with the pointer into the document's JSON shape) and for syntax errors.\n" +
        "Only regular files are read: a FIFO, socket or device is refused (exit 2) without waiting for it; give -\n" +
        "to read the SBOM from standard input, which is read up to the size limit and refused beyond it.\n" +
        'A file that hits an internal fault prints {"file":…,"valid":null,"internalError":"…"}.\n\n' +
        "Examples:\n" +
        "  cra-assessor sbom validate bom.cdx.json\n" +
        "  cra-assessor sbom validate image.spdx.json firmware.spdx\n" +
        "  cra-assessor sbom validate dist/*.cdx.json dist/*.cdx.xml --format json | jq -c 'select(.valid|not)'\n" +
        "  cra-assessor sbom validate huge.cdx.json --max-size 2GiB   # the default limit is 1GiB\n" +
        "  generate-sbom | cra-assessor sbom validate -",
    )
    .action(async (files: string[], options: SbomOptions) => (await actions()).runValidate(io, files, options));

  sbom
    .command("inspect")
    .description("Validate one SBOM file (CycloneDX or SPDX) and print its normalized summary and SBOM quality facts.")
    .argument("<file>", "an SBOM file (CycloneDX .json/.xml, SPDX .json/.yaml/.spdx); - reads standard input")
    .option(
      "--format <format>",
      "output: text (for people), or json (summary + quality facts)",
      parseOutputFormat,
      "text",
    )
    .option("--max-size <size>", "refuse files larger than this, before reading them (e.g. 200MB, 2GiB)", parseSize)
    .option("--public-key <file>", PUBLIC_KEY_HELP)
    .addHelpText(
      "after",
      "\nThe quality facts count what the NTIA minimum elements and BSI TR-03183-2 ask of each component\n" +
        "(supplier, version, unique identifier, hashes, licences, dependencies …) and list the first offenders\n" +
        "by bom-ref. A missing element is a finding for `assess`, not an input error: inspect exits 0.\n\n" +
        "A document that parses but breaks its schema is reported with its errors and, below them, the facts\n" +
        "of what it does say, marked INVALID; it still exits 2 (`sbom validate` and `assess` refuse it).\n\n" +
        "Exit codes: 0 read and summarised, 2 invalid SBOM (errors printed), 3 internal fault.\n\n" +
        "Examples:\n" +
        "  cra-assessor sbom inspect bom.cdx.json\n" +
        "  cra-assessor sbom inspect bom.cdx.xml --format json | jq .quality.ntia",
    )
    .action(async (file: string, options: SbomOptions) => (await actions()).runInspect(io, file, options));
}
