import type { KeyObject } from "node:crypto";
import { resolve } from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import type { InputIssue, Parsed } from "../../domain/input-issue.js";
import { checkSbomFile, ingestSbomBytes, ingestSbomFile } from "../../sbom/ingest.js";
import type { NormalizedSbom, OffenderList, OrganizationalEntity, SbomQualityFacts } from "../../sbom/model.js";
import { parsePublicKey, type SignatureFacts, verifyBomSignature } from "../../sbom/signature.js";
import {
  DEFAULT_MAX_BYTES,
  readSbomFile,
  readSbomStream,
  type SbomCheck,
  validateSbomBytes,
} from "../../sbom/validate.js";
import { CliExit, type CliIo, ExitCode } from "../io.js";

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

interface SbomOptions {
  format: "text" | "json";
  publicKey?: string;
  /** Bytes; absent means the library default (`DEFAULT_MAX_BYTES`, 1 GiB). */
  maxSize?: number;
}

/** `-` names standard input, read only when asked; every other name is a regular file (FIFOs are refused). */
export const STDIN = "-";

/** Reads standard input up to the limit, never past it; a CLI without one (tests) says so. */
export async function readStandardInput(io: CliIo, maxBytes: number): Promise<Parsed<Uint8Array>> {
  if (!io.stdin) return { ok: false, issues: [{ constraint: "file", message: "no standard input to read" }] };
  return readSbomStream(io.stdin(), { maxBytes });
}

/** `--public-key FILE`: a PEM public key; a file that is missing or holds no key is an input error (exit 2). */
export async function readPublicKey(io: CliIo, file: string): Promise<KeyObject> {
  const read = await readSbomFile(resolve(io.cwd, file), { maxBytes: 1024 * 1024 });
  const key = read.ok ? parsePublicKey(read.value) : read;
  if (!key.ok) throw new CliExit(ExitCode.invalidInput, `--public-key ${file}: ${key.issues[0]!.message}`);
  return key.value;
}

const PUBLIC_KEY_HELP =
  "PEM public key (or certificate) to check the SBOM's JSF signature (CycloneDX JSON `signature`) with";

/** One line on the signature, for people. */
function signatureLine(signature: SignatureFacts): string {
  const algorithm = signature.algorithm ? ` (${signature.algorithm})` : "";
  const reason = signature.reason ? `: ${signature.reason}` : "";
  return `${signature.status.toUpperCase()}${algorithm}${reason}`;
}

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
    .action(async (files: string[], options: SbomOptions) => {
      let invalid = 0;
      let faults = 0;
      const publicKey = options.publicKey === undefined ? undefined : await readPublicKey(io, options.publicKey);
      for (const file of files) {
        let validation: SbomCheck;
        let signature: SignatureFacts | undefined;
        try {
          const maxBytes = options.maxSize ?? DEFAULT_MAX_BYTES;
          let bytes: Uint8Array | undefined;
          if (file === STDIN) {
            const read = await readStandardInput(io, maxBytes);
            if (read.ok) bytes = read.value;
            validation = read.ok
              ? validateSbomBytes(read.value, { maxBytes })
              : { ok: false, issues: read.issues, omitted: 0 };
          } else {
            // Well-formed JSON is streamed (no whole tree in memory); anything else is read whole and explained.
            validation = await checkSbomFile(resolve(io.cwd, file), { maxBytes });
          }
          if (validation.ok && publicKey) {
            if (bytes === undefined) {
              const read = await readSbomFile(resolve(io.cwd, file), { maxBytes });
              if (read.ok) bytes = read.value;
            }
            signature =
              validation.format !== "json"
                ? { status: "unsupported", reason: "XML signatures are not checked" }
                : bytes === undefined
                  ? { status: "failed", reason: "the file could not be read again for the signature check" }
                  : verifyBomSignature(new TextDecoder().decode(bytes), publicKey);
          }
        } catch (error) {
          // A fault of the program, not of the file: report it for this file, carry on, and exit 3 at the end.
          faults++;
          const message = error instanceof Error ? error.message : String(error);
          if (options.format === "json") io.out(`${JSON.stringify({ file, valid: null, internalError: message })}\n`);
          else io.err(`${file}: internal error while validating: ${message}\n`);
          continue;
        }
        const badSignature = signature?.status === "failed" || signature?.status === "unsigned";
        if (!validation.ok || badSignature) invalid++;
        if (options.format === "json") {
          const record = validationRecord(file, validation);
          if (signature) record.signature = signature;
          if (badSignature) record.valid = false;
          io.out(`${JSON.stringify(record)}\n`);
        } else {
          io.out(validationText(file, validation));
          if (signature) io.out(`  signature: ${signatureLine(signature)}\n`);
        }
      }
      if (options.format === "text" && files.length > 1) {
        const valid = files.length - invalid - faults;
        io.out(
          `${valid} of ${files.length} files valid${faults > 0 ? `, ${faults} not checked (internal error)` : ""}.\n`,
        );
      }
      if (faults > 0) throw new CliExit(ExitCode.internal);
      if (invalid > 0) throw new CliExit(ExitCode.invalidInput);
    });

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
    .action(async (file: string, options: SbomOptions) => {
      const maxBytes = options.maxSize ?? DEFAULT_MAX_BYTES;
      const publicKey = options.publicKey === undefined ? undefined : await readPublicKey(io, options.publicKey);
      const ingest = publicKey ? { maxBytes, publicKey, factsOfInvalid: true } : { maxBytes, factsOfInvalid: true };
      let result: Awaited<ReturnType<typeof ingestSbomFile>>;
      if (file === STDIN) {
        const read = await readStandardInput(io, maxBytes);
        result = read.ok ? ingestSbomBytes(read.value, ingest) : { ok: false, issues: read.issues, omitted: 0 };
      } else {
        result = await ingestSbomFile(resolve(io.cwd, file), ingest);
      }
      if (!result.ok) {
        const validation: SbomCheck = { ok: false, issues: result.issues, omitted: result.omitted };
        if (result.standard !== undefined) validation.standard = result.standard;
        if (result.format !== undefined) validation.format = result.format;
        if (result.specVersion !== undefined) validation.specVersion = result.specVersion;
        const seen = result.unvalidated;
        if (options.format === "json") {
          const record = validationRecord(file, validation);
          // The facts of a document that parsed but broke its schema: for a look, never an assessment.
          if (seen && result.sha256 !== undefined)
            Object.assign(record, {
              sha256: result.sha256,
              summary: summarise(seen.sbom),
              quality: seen.quality,
              qualityOfInvalidDocument: true,
            });
          io.out(`${JSON.stringify(record, null, seen ? 2 : undefined)}\n`);
        } else {
          let text = validationText(file, validation);
          if (seen && result.sha256 !== undefined) {
            text +=
              "\nINVALID DOCUMENT: the facts below are what the document says despite the errors above, for a look\n" +
              "only; `sbom validate` and `assess` refuse it until the errors are fixed.\n\n";
            text += inspectText(
              file,
              `${result.standard ?? "CycloneDX"} ${seen.specVersion} (INVALID)`,
              result.format ?? "json",
              result.sha256,
              summarise(seen.sbom),
              seen.quality,
            );
          }
          io.out(text);
        }
        throw new CliExit(ExitCode.invalidInput);
      }
      const summary = summarise(result.sbom);
      if (options.format === "json") {
        const record = {
          file,
          valid: true,
          standard: result.standard,
          format: result.format,
          specVersion: result.specVersion,
          sha256: result.sha256,
          bytes: result.bytes,
          summary,
          quality: result.quality,
          warnings: result.warnings,
        };
        io.out(`${JSON.stringify(record, null, 2)}\n`);
        return;
      }
      io.out(
        inspectText(
          file,
          `${result.standard} ${result.specVersion}`,
          result.format,
          result.sha256,
          summary,
          result.quality,
        ),
      );
    });
}

// ---------------------------------------------------------------------------------------------------------
// validate output

function issueRecord(issue: InputIssue): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  if (issue.path !== undefined) record.path = issue.path;
  if (issue.line !== undefined) record.line = issue.line;
  if (issue.column !== undefined) record.column = issue.column;
  record.constraint = issue.constraint;
  record.message = issue.message;
  return record;
}

function validationRecord(file: string, validation: SbomCheck): Record<string, unknown> {
  return {
    file,
    valid: validation.ok,
    standard: validation.standard ?? null,
    format: validation.format ?? null,
    specVersion: validation.specVersion ?? null,
    components: validation.ok ? validation.componentCount : null,
    errors: validation.ok ? [] : validation.issues.map(issueRecord),
    omittedErrors: validation.ok ? 0 : (validation.omitted ?? 0),
    warnings: validation.ok ? validation.warnings.map(issueRecord) : [],
  };
}

/** One indented line per issue, located by line/column (XML, syntax errors) or by JSON pointer. */
function issueLine(issue: InputIssue): string {
  let where = "";
  if (issue.line !== undefined)
    where = `line ${issue.line}${issue.column !== undefined ? `, column ${issue.column}` : ""}: `;
  else if (issue.path !== undefined) where = `at ${issue.path === "" ? "the document root" : issue.path}: `;
  return `  ${where}${issue.message} [${issue.constraint}]\n`;
}

function describeDocument(validation: SbomCheck): string {
  const format = validation.format === "tag-value" ? "tag-value" : validation.format?.toUpperCase();
  const standard = validation.standard ?? "CycloneDX";
  if (validation.specVersion !== undefined) return `${standard} ${validation.specVersion}${format ? ` ${format}` : ""}`;
  return format ? `${validation.standard === undefined ? "" : `${standard} `}${format} document` : "document";
}

function validationText(file: string, validation: SbomCheck): string {
  if (validation.ok) {
    let text = `${file}: valid ${describeDocument(validation)}, ${validation.componentCount} component${validation.componentCount === 1 ? "" : "s"}\n`;
    for (const warning of validation.warnings) text += `  warning: ${issueLine(warning).trimStart()}`;
    return text;
  }
  if (validation.format === undefined && validation.issues[0]?.constraint === "file") {
    return `${file}: not read: ${validation.issues[0].message}\n`;
  }
  const omitted = validation.omitted ?? 0;
  const total = validation.issues.length + omitted;
  let text = `${file}: invalid ${describeDocument(validation)} (${total} error${total === 1 ? "" : "s"})\n`;
  for (const issue of validation.issues) text += issueLine(issue);
  if (omitted > 0) text += `  … and ${omitted} more error${omitted === 1 ? "" : "s"} not shown\n`;
  return text;
}

// ---------------------------------------------------------------------------------------------------------
// inspect output

function entityName(entity: OrganizationalEntity | undefined): string | undefined {
  if (!entity) return undefined;
  return entity.name ?? entity.url[0] ?? entity.contact[0]?.email ?? entity.contact[0]?.name;
}

/** The document-level facts of a normalized SBOM, without its per-component lists (those can be 100k long). */
function summarise(sbom: NormalizedSbom) {
  const root = sbom.root;
  return {
    serialNumber: sbom.serialNumber ?? null,
    version: sbom.version ?? null,
    timestamp: sbom.metadata.timestamp ?? null,
    product: root
      ? {
          bomRef: root.bomRef,
          type: root.type,
          name: root.name,
          version: root.version ?? null,
          group: root.group ?? null,
          purl: root.purl?.raw ?? null,
          cpe: root.cpe ?? null,
        }
      : null,
    manufacturer: entityName(sbom.metadata.manufacturer ?? sbom.metadata.manufacture ?? root?.manufacturer) ?? null,
    supplier: entityName(sbom.metadata.supplier ?? root?.supplier) ?? null,
    authors: sbom.metadata.authors
      .map((author) => author.name ?? author.email)
      .filter((name): name is string => name !== undefined),
    tools: sbom.metadata.tools.map((tool) => [tool.vendor, tool.name, tool.version].filter(Boolean).join(" ")),
    lifecycles: sbom.metadata.lifecycles,
    counts: {
      components: sbom.components.length,
      services: sbom.services.length,
      dependencyEntries: sbom.dependencies.length,
      rootDirectDependencies: sbom.rootDirectDependencies.length,
      vulnerabilities: sbom.vulnerabilities.length,
      cryptographicAssets: sbom.cryptoAssets.length,
    },
  };
}

type Summary = ReturnType<typeof summarise>;

function offenders(label: string, list: OffenderList, total: number): string {
  if (list.count === 0) return `  ${label}: none\n`;
  // Three examples keep the line readable; `--format json` has the full capped list.
  const shown = list.refs.slice(0, 3).join(", ");
  const more = list.count > 3 ? `, … (${list.count - 3} more)` : "";
  return `  ${label}: ${list.count} of ${total} (${shown}${more})\n`;
}

function yesNo(value: boolean): string {
  return value ? "yes" : "no";
}

/** The TR's format clause (§4), as the BSI-FMT-1 rules read it: which standards and versions, JSON or XML. */
function formatCheck(standardVersion: string, format: string, version: "v2.1" | "v2.0"): string {
  const jsonOrXml = format === "json" || format === "xml";
  const [standard, specVersion = ""] = standardVersion.split(" ");
  if (standard !== "SPDX") {
    const minimum = version === "v2.1" ? "1.6" : "1.5";
    return `CycloneDX ${minimum} or later: ${yesNo(specVersion >= minimum)}`;
  }
  const accepted = version === "v2.1" ? specVersion === "3.0.1" : true;
  return `${version === "v2.1" ? "SPDX 3.0.1 or later" : "SPDX 2.2.1 or later"} in JSON or XML: ${yesNo(accepted && jsonOrXml)}`;
}

function inspectText(
  file: string,
  /** Standard and version: `CycloneDX 1.6`, `SPDX 2.3`. */
  standardVersion: string,
  format: string,
  sha256: string,
  summary: Summary,
  quality: SbomQualityFacts,
): string {
  const n = quality.componentCount;
  const product = summary.product
    ? [summary.product.group, summary.product.name].filter(Boolean).join("/") +
      (summary.product.version ? ` ${summary.product.version}` : "")
    : standardVersion.startsWith("SPDX")
      ? "(no root: the SPDX document does not describe exactly one package or file)"
      : "(no metadata.component: the SBOM does not say which product it describes)";
  let text = `${file}: ${standardVersion} ${format === "tag-value" ? "tag-value" : format.toUpperCase()}, sha256 ${sha256}\n\n`;
  text += `Product        ${product}\n`;
  if (summary.product?.purl) text += `  purl         ${summary.product.purl}\n`;
  text += `Manufacturer   ${summary.manufacturer ?? "-"}\n`;
  text += `Supplier       ${summary.supplier ?? "-"}\n`;
  text += `Authors        ${summary.authors.join(", ") || "-"}\n`;
  text += `Timestamp      ${summary.timestamp ?? "-"}\n`;
  text += `Serial number  ${summary.serialNumber ?? "-"}\n`;
  text += `Tools          ${summary.tools.join(", ") || "-"}\n`;
  text += `Lifecycles     ${summary.lifecycles.join(", ") || "-"}\n`;
  const counts = summary.counts;
  text += `Contents       ${counts.components} components, ${counts.services} services, ${counts.dependencyEntries} dependency entries (${counts.rootDirectDependencies} direct dependencies of the product), ${counts.vulnerabilities} vulnerabilities, ${counts.cryptographicAssets} cryptographic assets\n`;

  text += "\nNTIA minimum elements\n";
  text += `  author: ${yesNo(quality.ntia.hasAuthor)}, timestamp: ${yesNo(quality.ntia.hasTimestamp)}, dependency relationships: ${yesNo(quality.ntia.hasDependencyRelationships)}\n`;
  text += offenders("without supplier", quality.ntia.missingSupplier, n);
  text += offenders("without name", quality.ntia.missingName, n);
  text += offenders("without version", quality.ntia.missingVersion, n);
  text += offenders("without unique identifier (purl, CPE or SWID)", quality.ntia.missingUniqueIdentifier, n);
  text += offenders("outside the dependency graph", quality.ntia.missingFromDependencyGraph, n);

  // BSI counts the primary component among the components (BSI-G-3): its field checks run on it too.
  const b = quality.bsi.checkedComponentCount;
  text += "\nBSI TR-03183-2 v2.1\n";
  text += `  creator: ${yesNo(quality.bsi.hasCreator)}, creator contact: ${yesNo(quality.bsi.hasCreatorContact)}, timestamp: ${yesNo(quality.bsi.hasTimestamp)}, SBOM URI: ${yesNo(quality.bsi.hasSbomUri)}, ${formatCheck(standardVersion, format, "v2.1")}\n`;
  text += `  components checked: ${b} (the primary component included)${b === 0 ? ": no components, so no component field can be shown" : ""}\n`;
  text += offenders("without creator or supplier", quality.bsi.missingCreatorOrSupplier, b);
  text += offenders("creator URL not a URL", quality.bsi.invalidCreatorUrl, b);
  text += offenders("without filename", quality.bsi.missingFilename, b);
  text += offenders("without SHA-512 hash", quality.bsi.missingSha512, b);
  text += offenders("without distribution licence", quality.bsi.missingDistributionLicence, b);
  text += offenders("without dependencies entry", quality.bsi.missingDependencies, n);
  text += offenders("without executable property", quality.bsi.missingExecutableProperty, b);
  text += offenders("executable value not allowed", quality.bsi.invalidExecutableProperty, b);
  text += offenders("without archive property", quality.bsi.missingArchiveProperty, b);
  text += offenders("archive value not allowed", quality.bsi.invalidArchiveProperty, b);
  text += offenders("without structured property", quality.bsi.missingStructuredProperty, b);
  text += offenders("structured value not allowed", quality.bsi.invalidStructuredProperty, b);
  text += offenders("source code URI not a URL", quality.bsi.invalidSourceCodeUri, b);
  text += offenders("download URI not a URL", quality.bsi.invalidDeployableUri, b);
  text += `  completeness stated: ${yesNo(quality.completeness.declared)}, product has dependencies: ${yesNo(quality.completeness.rootHasDependencies)}\n`;
  text += offenders("not reachable from the product", quality.completeness.unreachableFromRoot, n);
  const optional = quality.bsi.optional;
  text += `  optional fields given: effective licence ${optional.effectiveLicenceCount}, source code hash ${optional.sourceHashCount}, security.txt ${optional.securityTxtCount}\n`;
  text += offenders("effective licence not SPDX", optional.invalidEffectiveLicence, optional.effectiveLicenceCount);
  text += offenders("security.txt not a URL", optional.invalidSecurityTxt, optional.securityTxtCount);
  text += "\nBSI TR-03183-2 v2.0 (where it differs)\n";
  text += `  ${formatCheck(standardVersion, format, "v2.0")}, completeness statement: not asked\n`;
  text += offenders("without any licence (associated licences)", quality.bsi.missingAnyLicence, b);
  text += `  optional fields given: declared licences ${optional.declaredLicenceCount}, source code hash ${optional.sourceHashCount}\n`;

  text += "\nProduct (CRA Annex I Part II (1))\n";
  text += `  present: ${yesNo(quality.root.present)}, name: ${yesNo(quality.root.hasName)}, version: ${yesNo(quality.root.hasVersion)}, identifier: ${yesNo(quality.root.hasIdentifier)}, direct dependencies: ${quality.root.directDependencyCount}\n`;
  text += offenders(
    "incomplete direct dependencies",
    quality.root.directDependenciesIncomplete,
    quality.root.directDependencyCount,
  );

  text += "\nIdentifiers, licences, hashes\n";
  text += offenders("invalid purls", quality.purls.invalid, n);
  text += offenders("without licence", quality.licenses.componentsWithoutLicense, n);
  text += offenders("invalid SPDX expressions", quality.licenses.invalidSpdxExpressions, n);
  text += offenders("without hash", quality.hashes.componentsWithoutHash, n);
  const algorithms = Object.entries(quality.hashes.algorithms)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([alg, count]) => `${alg} ${count}`);
  text += `  hash algorithms: ${algorithms.join(", ") || "-"}\n`;
  text += offenders("duplicate bom-refs", quality.duplicates.bomRefs, n);
  text += offenders("dangling dependency refs", quality.danglingDependencyRefs, quality.dependencyEntryCount);

  text += "\nSecurity\n";
  text += `  security contact: ${quality.securityContact.present ? quality.securityContact.urls.join(", ") : "none"}\n`;
  text += `  signature: ${quality.signature.status === "not-checked" ? "not checked (no --public-key)" : signatureLine(quality.signature)}\n`;
  text += `  end of support: ${quality.supportPeriod.endOfSupport ?? "not stated"}${quality.supportPeriod.source ? ` (from ${quality.supportPeriod.source})` : ""}\n`;
  const states = Object.entries(quality.vulnerabilities.byState)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([state, count]) => `${state} ${count}`);
  text += `  vulnerabilities: ${quality.vulnerabilities.total}${states.length > 0 ? ` (${states.join(", ")})` : ""}\n`;
  text += offenders("unresolved vulnerabilities", quality.vulnerabilities.unresolved, quality.vulnerabilities.total);
  text += offenders(
    "not_affected without justification",
    quality.vulnerabilities.notAffectedWithoutJustification,
    quality.vulnerabilities.total,
  );
  return text;
}
