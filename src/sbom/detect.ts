/**
 * What kind of document we were handed, decided from the document itself (never from the file name):
 * CycloneDX JSON (`bomFormat` + `specVersion`), CycloneDX XML (namespace http://cyclonedx.org/schema/bom/1.x),
 * or something else, with SPDX recognised so that a mix-up gets a plain answer instead of fifty schema errors.
 */
import type { InputIssue } from "../domain/input-issue.js";
import { isSupportedSpecVersion, SUPPORTED_SPEC_VERSIONS } from "./schemas.js";

export type Syntax = "json" | "xml" | "spdx-tag-value" | "spdx-yaml" | "unknown";

/** The syntax, from the first character that is not whitespace. */
export function detectSyntax(text: string): Syntax {
  const start = text.search(/\S/);
  if (start === -1) return "unknown";
  const first = text[start];
  // Objects, arrays, strings and numbers are JSON (a bare value is JSON too, just not a BOM: said later).
  if (first !== undefined && /[{["\-0-9]/.test(first)) return "json";
  if (/^(?:true|false|null)\s*$/.test(text.slice(start, start + 16))) return "json";
  if (first === "<") return "xml";
  // SPDX tag-value documents start with `SPDXVersion: SPDX-2.x` (SPDX 2.3 spec, clause 6.1), possibly after comments.
  const head = text.slice(start, start + 4096);
  if (/^(?:\s*#[^\n]*\n)*\s*SPDXVersion:/.test(head)) return "spdx-tag-value";
  // SPDX 2.x also comes as YAML, with the JSON field names (`spdxVersion: SPDX-2.3`).
  if (/^\s*spdxVersion\s*:/m.test(head)) return "spdx-yaml";
  return "unknown";
}

export const CYCLONEDX_NAMESPACE_PREFIX = "http://cyclonedx.org/schema/bom/";

const READS_CYCLONEDX = `cra-assessor reads CycloneDX (JSON or XML, spec ${SUPPORTED_SPEC_VERSIONS[0]} to ${SUPPORTED_SPEC_VERSIONS.at(-1)})`;

export function spdxIssue(kind: "JSON" | "tag-value" | "RDF/XML" | "YAML"): InputIssue {
  return {
    line: 1,
    column: 1,
    constraint: "spdx-document",
    message: `this is an SPDX document (${kind}), not CycloneDX; ${READS_CYCLONEDX}. Convert it first (for example with the CycloneDX CLI), or export CycloneDX from your SBOM tool`,
  };
}

export function unknownSyntaxIssue(): InputIssue {
  return {
    line: 1,
    column: 1,
    constraint: "not-cyclonedx",
    message: `the file is neither JSON nor XML; ${READS_CYCLONEDX}`,
  };
}

export type JsonClassification =
  | { kind: "cyclonedx"; specVersion: (typeof SUPPORTED_SPEC_VERSIONS)[number] }
  | { kind: "rejected"; specVersion?: string; issue: InputIssue };

/** Classifies a parsed JSON value: CycloneDX of a supported version, SPDX, or neither. */
export function classifyJson(value: unknown): JsonClassification {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return {
      kind: "rejected",
      issue: {
        path: "",
        constraint: "not-cyclonedx",
        message: `the document is a JSON ${Array.isArray(value) ? "array" : value === null ? "null" : typeof value}, but a CycloneDX BOM is a JSON object with "bomFormat": "CycloneDX"`,
      },
    };
  }
  const record = value as Record<string, unknown>;
  // SPDX 2.x JSON has spdxVersion/SPDXID; SPDX 3 is JSON-LD whose @context is on spdx.org.
  const context = record["@context"];
  if (
    typeof record.spdxVersion === "string" ||
    typeof record.SPDXID === "string" ||
    (typeof context === "string" && context.includes("spdx.org"))
  ) {
    return { kind: "rejected", issue: { ...spdxIssue("JSON"), line: undefined, column: undefined, path: "" } };
  }
  const { bomFormat, specVersion } = record;
  if (bomFormat !== "CycloneDX") {
    return {
      kind: "rejected",
      specVersion: typeof specVersion === "string" ? specVersion : undefined,
      issue: {
        path: "/bomFormat",
        constraint: "not-cyclonedx",
        message:
          bomFormat === undefined
            ? `this JSON is not a CycloneDX BOM: it has no "bomFormat": "CycloneDX" property; ${READS_CYCLONEDX}`
            : `"bomFormat" is ${JSON.stringify(bomFormat).slice(0, 80)}, but a CycloneDX BOM says "bomFormat": "CycloneDX"`,
      },
    };
  }
  if (!isSupportedSpecVersion(specVersion)) {
    return {
      kind: "rejected",
      specVersion: typeof specVersion === "string" ? specVersion : undefined,
      issue: {
        path: "/specVersion",
        constraint: "spec-version",
        message:
          specVersion === undefined
            ? `missing required property "specVersion"; say which CycloneDX version the document follows (${SUPPORTED_SPEC_VERSIONS.join(", ")})`
            : typeof specVersion === "string"
              ? `"specVersion" is ${JSON.stringify(specVersion).slice(0, 80)}; supported CycloneDX versions are ${SUPPORTED_SPEC_VERSIONS.join(", ")}`
              : `"specVersion" must be a string such as "1.6", found ${JSON.stringify(specVersion)?.slice(0, 80)}; supported CycloneDX versions are ${SUPPORTED_SPEC_VERSIONS.join(", ")}`,
      },
    };
  }
  return { kind: "cyclonedx", specVersion };
}

export type XmlClassification =
  | { kind: "cyclonedx"; specVersion: (typeof SUPPORTED_SPEC_VERSIONS)[number] }
  | { kind: "rejected"; specVersion?: string; issue: InputIssue };

/** Classifies an XML root element by its name and namespace URI. */
export function classifyXmlRoot(
  name: string,
  namespaceUri: string | undefined,
  line: number,
  /** Whether the document declares the SPDX RDF vocabulary (http://spdx.org/rdf/terms#) anywhere. */
  declaresSpdxVocabulary: boolean,
): XmlClassification {
  if (namespaceUri?.startsWith(CYCLONEDX_NAMESPACE_PREFIX)) {
    const version = namespaceUri.slice(CYCLONEDX_NAMESPACE_PREFIX.length);
    if (!isSupportedSpecVersion(version)) {
      return {
        kind: "rejected",
        specVersion: version,
        issue: {
          line,
          column: 1,
          constraint: "spec-version",
          message: `the root element's namespace ${namespaceUri} is not a CycloneDX version cra-assessor reads; use ${CYCLONEDX_NAMESPACE_PREFIX}<version> with one of ${SUPPORTED_SPEC_VERSIONS.join(", ")}`,
        },
      };
    }
    if (name !== "bom") {
      return {
        kind: "rejected",
        specVersion: version,
        issue: {
          line,
          column: 1,
          constraint: "xsd",
          message: `the root element is <${name}>, but a CycloneDX XML document has <bom> as its root element`,
        },
      };
    }
    return { kind: "cyclonedx", specVersion: version };
  }
  if (namespaceUri?.startsWith("http://spdx.org/") || (name === "RDF" && declaresSpdxVocabulary)) {
    return { kind: "rejected", issue: { ...spdxIssue("RDF/XML"), line } };
  }
  return {
    kind: "rejected",
    issue: {
      line,
      column: 1,
      constraint: "not-cyclonedx",
      message:
        namespaceUri === undefined
          ? `the root element <${name}> has no namespace; a CycloneDX XML document is <bom xmlns="${CYCLONEDX_NAMESPACE_PREFIX}1.6"> (or another version)`
          : `the root element <${name}> is in namespace ${namespaceUri}, not a CycloneDX namespace (${CYCLONEDX_NAMESPACE_PREFIX}1.x); ${READS_CYCLONEDX}`,
    },
  };
}
