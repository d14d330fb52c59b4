/**
 * What the `sbom` commands do (registered in ../commands/sbom.ts). Imported only when one of them runs, so that
 * building the command tree for help or a usage error loads none of what the actions need.
 */
import type { KeyObject } from "node:crypto";
import { resolve } from "node:path";
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

export interface SbomOptions {
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

/** One line on the signature, for people. */
function signatureLine(signature: SignatureFacts): string {
  const algorithm = signature.algorithm ? ` (${signature.algorithm})` : "";
  const reason = signature.reason ? `: ${signature.reason}` : "";
  return `${signature.status.toUpperCase()}${algorithm}${reason}`;
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
  text += offenders("without dependency entry", quality.bsi.missingDependencies, n);
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
  text += offenders(
    "licences not SPDX (invalid expression or free-text name)",
    quality.licenses.invalidSpdxExpressions,
    n,
  );
  text += offenders("without hash", quality.hashes.componentsWithoutHash, n);
  const algorithms = Object.entries(quality.hashes.algorithms)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([alg, count]) => `${alg} ${count}`);
  text += `  hash algorithms: ${algorithms.join(", ") || "-"}\n`;
  // A component's reference is its bom-ref in CycloneDX and its SPDX identifier in SPDX.
  text += offenders(
    standardVersion.startsWith("SPDX") ? "duplicate SPDX identifiers" : "duplicate bom-refs",
    quality.duplicates.bomRefs,
    n,
  );
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

export async function runValidate(io: CliIo, files: string[], options: SbomOptions) {
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
    io.out(`${valid} of ${files.length} files valid${faults > 0 ? `, ${faults} not checked (internal error)` : ""}.\n`);
  }
  if (faults > 0) throw new CliExit(ExitCode.internal);
  if (invalid > 0) throw new CliExit(ExitCode.invalidInput);
}

export async function runInspect(io: CliIo, file: string, options: SbomOptions) {
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
  // Read, but with something the reader had to say (a byte order mark, a respelled category, packages in other
  // documents): as `sbom validate` prints them.
  if (result.warnings.length > 0) {
    let text = "\nWarnings\n";
    for (const warning of result.warnings) text += `  warning: ${issueLine(warning).trimStart()}`;
    io.out(text);
  }
}
