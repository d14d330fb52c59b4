/**
 * What kind of document we were handed, decided from the document itself (never from the file name):
 * CycloneDX JSON (`bomFormat` + `specVersion`), CycloneDX XML (namespace http://cyclonedx.org/schema/bom/1.x),
 * SPDX 2.x JSON (`spdxVersion`), YAML or tag-value, SPDX 3 JSON-LD (an `@context` on spdx.org), or something
 * else. SPDX RDF/XML is recognised and refused with a plain answer instead of fifty schema errors.
 */
import type { InputIssue } from "../domain/input-issue.js";
import { isSupportedSpecVersion, SUPPORTED_SPEC_VERSIONS } from "./schemas.js";

export type Syntax = "json" | "xml" | "spdx-tag-value" | "spdx-yaml" | "unknown";

/** The syntax, from the first character that is not whitespace. */
export function detectSyntax(text: string): Syntax {
  const start = text.search(/\S/);
  if (start === -1) return "unknown";
  const first = text[start];
  const head = text.slice(start, start + 4096);
  // SPDX 2.x also comes as YAML, with the JSON field names (`spdxVersion: SPDX-2.3`), often after a `---`
  // document marker, which would otherwise read as the start of a negative JSON number.
  if (/^---/.test(head) && /^\s*spdxVersion\s*:/m.test(head)) return "spdx-yaml";
  // Objects, arrays, strings and numbers are JSON (a bare value is JSON too, just not a BOM: said later).
  if (first !== undefined && /[{["\-0-9]/.test(first)) return "json";
  if (/^(?:true|false|null)\s*$/.test(text.slice(start, start + 16))) return "json";
  if (first === "<") return "xml";
  // SPDX tag-value documents start with `SPDXVersion: SPDX-2.x` (SPDX 2.3 spec, clause 6.1), possibly after comments.
  if (/^(?:\s*#[^\n]*\n)*\s*SPDXVersion:/.test(head)) return "spdx-tag-value";
  if (/^\s*spdxVersion\s*:/m.test(head)) return "spdx-yaml";
  return "unknown";
}

export const CYCLONEDX_NAMESPACE_PREFIX = "http://cyclonedx.org/schema/bom/";

const READS_CYCLONEDX = `cra-assessor reads CycloneDX (JSON or XML, spec ${SUPPORTED_SPEC_VERSIONS[0]} to ${SUPPORTED_SPEC_VERSIONS.at(-1)}) and SPDX (2.2 and 2.3 as JSON, YAML or tag-value; 3.0.0 and 3.0.1 as JSON-LD)`;

/** SPDX in a serialisation that is not read (RDF/XML). */
export function spdxIssue(kind: "RDF/XML" | "XML"): InputIssue {
  return {
    line: 1,
    column: 1,
    constraint: "spdx-serialisation",
    message: `this is an SPDX document in ${kind}; ${READS_CYCLONEDX}. Export the SPDX document as JSON, YAML or tag-value (the SPDX tools convert between them)`,
  };
}

export function unknownSyntaxIssue(): InputIssue {
  return {
    line: 1,
    column: 1,
    constraint: "not-cyclonedx",
    message: `the file is neither JSON nor XML, nor SPDX YAML or tag-value; ${READS_CYCLONEDX}`,
  };
}

export type JsonClassification =
  | { kind: "cyclonedx"; specVersion: (typeof SUPPORTED_SPEC_VERSIONS)[number] }
  | { kind: "spdx"; generation: 2 | 3 }
  | { kind: "rejected"; specVersion?: string; issue: InputIssue };

/** Whether a JSON-LD `@context` (a string, or a list holding one) is SPDX's (https://spdx.org/rdf/3.x/…). */
function isSpdxContext(context: unknown): boolean {
  if (typeof context === "string") return /^https?:\/\/spdx\.org\/rdf\//.test(context);
  return Array.isArray(context) && context.some(isSpdxContext);
}

/** Classifies a parsed JSON value: CycloneDX of a supported version, SPDX (its version is checked later), or neither. */
export function classifyJson(value: unknown): JsonClassification {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return {
      kind: "rejected",
      issue: {
        path: "",
        constraint: "not-cyclonedx",
        message: `the document is a JSON ${Array.isArray(value) ? "array" : value === null ? "null" : typeof value}, but an SBOM is a JSON object: CycloneDX with "bomFormat": "CycloneDX", or SPDX with "spdxVersion" (2.x) or an SPDX "@context" (3.x)`,
      },
    };
  }
  const record = value as Record<string, unknown>;
  // SPDX 2.x JSON has spdxVersion/SPDXID; SPDX 3 is JSON-LD whose @context is on spdx.org.
  if (isSpdxContext(record["@context"])) return { kind: "spdx", generation: 3 };
  if (record.spdxVersion !== undefined || typeof record.SPDXID === "string") return { kind: "spdx", generation: 2 };
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
            ? `this JSON is not an SBOM cra-assessor knows: it has neither "bomFormat": "CycloneDX" nor "spdxVersion" nor an SPDX "@context"; ${READS_CYCLONEDX}`
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
  | {
      kind: "rejected";
      specVersion?: string;
      issue: InputIssue /** An SPDX document in a serialisation not read. */;
      standard?: "SPDX";
    };

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
    return { kind: "rejected", standard: "SPDX", issue: { ...spdxIssue("RDF/XML"), line } };
  }
  // SPDX 2.x's XML serialisation: a <Document> root without a namespace (the spec's own examples).
  if (name === "Document" && namespaceUri === undefined)
    return { kind: "rejected", standard: "SPDX", issue: { ...spdxIssue("XML"), line } };
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
