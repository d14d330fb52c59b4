/**
 * CycloneDX XML: DOCTYPE refusal, parse with libxml2 (no network, no entity substitution, no DTD loading),
 * version from the root namespace, XSD validation, reference integrity. Issues carry line (and column when
 * libxml2 knows it).
 */
import type { Attribute, Element, Document as XmlDocument } from "libxmljs2";
import type { InputIssue } from "../domain/input-issue.js";
import { lineColumnAt } from "../json/syntax.js";
import { CYCLONEDX_NAMESPACE_PREFIX, classifyXmlRoot } from "./detect.js";
import { findXmlDoctype } from "./guard.js";
import type { SpecVersion } from "./model.js";
import { parseXml, xmlSchema } from "./schemas.js";

export type XmlValidation =
  | { ok: true; specVersion: SpecVersion; xml: XmlDocument; componentCount: number; warnings: InputIssue[] }
  | {
      ok: false;
      specVersion?: string;
      issues: InputIssue[];
      /** SPDX for an SPDX document in XML or RDF/XML (refused); absent: CycloneDX. */
      standard?: "SPDX";
      /** The parsed document when it broke only the schema or the references (for `sbom inspect`'s facts). */
      unvalidated?: { xml: XmlDocument; specVersion: SpecVersion };
    };

/**
 * nonet: no network. noent false: entities are not substituted. dtdload false: no external DTD. big_lines: line
 * numbers past 65,535 stay right. huge stays off, so libxml2 keeps its own limits (256 levels of nesting, 10 MB
 * text nodes) as a second line of defence behind the DOCTYPE refusal.
 */
export const XML_PARSE_OPTIONS = {
  nonet: true,
  noent: false,
  dtdload: false,
  dtdvalid: false,
  big_lines: true,
} as const;

/** libxml2 error levels: 1 warning, 2 error, 3 fatal. */
const LIBXML_WARNING = 1;

export function validateXmlText(text: string): XmlValidation {
  const doctype = findXmlDoctype(text);
  if (doctype !== undefined) {
    return {
      ok: false,
      issues: [
        {
          ...lineColumnAt(text, doctype),
          constraint: "doctype",
          message:
            "the document has a DOCTYPE declaration; CycloneDX XML never needs one, and DTDs can define entities that read local files or expand without bound, so documents with a DOCTYPE are refused. Remove the <!DOCTYPE …> line",
        },
      ],
    };
  }
  let xml: XmlDocument;
  try {
    xml = parseXml(text, XML_PARSE_OPTIONS);
  } catch (error) {
    return { ok: false, issues: [xmlSyntaxIssue(error)] };
  }
  const warnings: InputIssue[] = [];
  const parseErrors: InputIssue[] = [];
  for (const error of xml.errors) {
    const issue = libxmlIssue(error, "syntax", "invalid XML");
    if ((error.level ?? 3) <= LIBXML_WARNING) warnings.push(issue);
    else parseErrors.push(issue);
  }
  if (parseErrors.length > 0) return { ok: false, issues: parseErrors };

  const root = xml.root();
  if (!root)
    return {
      ok: false,
      issues: [{ line: 1, column: 1, constraint: "syntax", message: "the XML document has no root element" }],
    };
  const namespaceUri = root.namespace()?.href() ?? undefined;
  // Only a document that is not CycloneDX is searched for the SPDX vocabulary (a whole-text scan).
  const declaresSpdx =
    !namespaceUri?.startsWith(CYCLONEDX_NAMESPACE_PREFIX) && text.includes("http://spdx.org/rdf/terms");
  const classified = classifyXmlRoot(root.name(), namespaceUri, root.line(), declaresSpdx);
  if (classified.kind === "rejected")
    return classified.standard === undefined
      ? { ok: false, specVersion: classified.specVersion, issues: [classified.issue] }
      : { ok: false, standard: classified.standard, issues: [classified.issue] };
  const { specVersion } = classified;

  const schemaIssues: InputIssue[] = [];
  if (!xml.validate(xmlSchema(specVersion))) {
    for (const error of xml.validationErrors) {
      // libxml2 follows an invalid identity-constraint value with this internal note; the real error precedes it.
      if (error.message?.includes("No precomputed value available")) continue;
      schemaIssues.push(libxmlIssue(error, "xsd", `does not follow the CycloneDX ${specVersion} XML schema`));
    }
    schemaIssues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    if (schemaIssues.length === 0) {
      schemaIssues.push({
        line: 1,
        constraint: "xsd",
        message: `the document does not follow the CycloneDX ${specVersion} XML schema`,
      });
    }
  }
  const references = checkXmlReferences(xml, specVersion);
  const issues = [...schemaIssues, ...references.errors];
  if (issues.length > 0)
    return { ok: false, specVersion, issues: withColumns(text, issues), unvalidated: { xml, specVersion } };
  return { ok: true, specVersion, xml, componentCount: references.componentCount, warnings };
}

/**
 * libxml2 reports schema errors with the line of the offending element but no column. The element (and the
 * attribute, when the message names one) is found on that line, so the issue gets a column an editor can jump
 * to. When the name is not found there (an element spread over several lines), the column stays absent.
 */
function withColumns(text: string, issues: InputIssue[]): InputIssue[] {
  let lineStarts: number[] | undefined;
  const lineText = (line: number): string | undefined => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1))
        lineStarts.push(index + 1);
    }
    const start = lineStarts[line - 1];
    if (start === undefined) return undefined;
    const end = lineStarts[line] ?? text.length;
    return text.slice(start, end);
  };
  return issues.map((issue) => {
    if (issue.column !== undefined || issue.line === undefined) return issue;
    const element =
      /Element '([\w.-]+)'/.exec(issue.message)?.[1] ??
      (issue.constraint === "dangling-ref" ? "dependency" : undefined);
    if (!element) return issue;
    const attribute =
      /attribute '([\w.:-]+)'/.exec(issue.message)?.[1] ?? (issue.constraint === "dangling-ref" ? "ref" : undefined);
    const source = lineText(issue.line);
    if (source === undefined) return issue;
    const tag = new RegExp(`<(?:[\\w.-]+:)?${escapeRegExp(element)}(?=[\\s/>]|$)`).exec(source);
    if (!tag) return issue;
    let column = tag.index + 1;
    if (attribute) {
      const at = new RegExp(`\\s${escapeRegExp(attribute)}\\s*=`).exec(source.slice(tag.index));
      if (at) column = tag.index + at.index + 2;
    }
    return { ...issue, column };
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

interface LibxmlError {
  message?: string;
  line?: number | null;
  column?: number | null;
  level?: number | null;
}

/** libxml2 messages name elements as {namespace}local; the namespace is noise to a reader, so it is dropped. */
function cleanLibxmlMessage(message: string): string {
  return (
    message
      .replace(/\{http:\/\/cyclonedx\.org\/schema\/[^}]*\}/g, "")
      .replace(/\s+/g, " ")
      // An enumeration facet lists every allowed value; the SPDX licence list alone is hundreds long.
      .replace(/is not an element of the set \{([^}]*)\}/, (_match, set: string) => {
        const values = set.split(", ");
        if (values.length <= 25) return `is not one of the allowed values: ${set}`;
        if (values.includes("'Apache-2.0'") && values.includes("'MIT'")) {
          return "is not an SPDX licence identifier; use the exact SPDX id (case matters), or put a licence outside the SPDX list in <name>";
        }
        return `is not one of the ${values.length} allowed values (${values.slice(0, 25).join(", ")}, …)`;
      })
      .trim()
  );
}

function libxmlIssue(error: unknown, constraint: string, prefix: string): InputIssue {
  const { message, line, column } = (error ?? {}) as LibxmlError;
  const issue: InputIssue = {
    line: typeof line === "number" && line > 0 ? line : 1,
    constraint,
    message: `${prefix}: ${cleanLibxmlMessage(message ?? "unknown libxml2 error")}`,
  };
  if (typeof column === "number" && column > 0) issue.column = column;
  return issue;
}

function xmlSyntaxIssue(error: unknown): InputIssue {
  const { message } = (error ?? {}) as LibxmlError;
  if (message?.includes("Excessive depth")) {
    return {
      ...libxmlIssue(error, "depth-limit", "invalid XML"),
      message: "the document nests elements more than 256 levels deep; no CycloneDX BOM needs that, so it is refused",
    };
  }
  if (message === "Could not parse XML string") {
    return { line: 1, column: 1, constraint: "syntax", message: "invalid XML: the document has no root element" };
  }
  return libxmlIssue(error, "syntax", "invalid XML");
}

const xpathCount = (xml: XmlDocument, xpath: string, ns: Record<string, string>): number => {
  const value = xml.get(xpath, ns) as unknown;
  return typeof value === "number" ? value : 0;
};

/**
 * Walks a nesting chain level by level with child-axis XPaths (`/bom/components/component`, then
 * `…/component/components/component`, …) so that only inventory items are visited: not the components inside
 * pedigree or evidence. Measured on a 50k-component document, one descendant (`//`) query with an ancestor
 * predicate cost about as much as parsing; the per-level queries touch only the items themselves.
 */
function visitLevels(
  xml: XmlDocument,
  ns: Record<string, string>,
  first: string,
  step: string,
  visit: (path: string, count: number) => void,
): void {
  // The element depth limit (256) bounds the number of levels.
  for (let path = first, level = 0; level < 256; path += step, level++) {
    const count = xpathCount(xml, `count(${path})`, ns);
    if (count === 0) return;
    visit(path, count);
  }
}

/**
 * The same rule as for JSON (see validate-json.ts `checkReferences`): every dependency `ref` (the outer element
 * and the nested dependsOn elements) names a component or service of this BOM. bom-ref uniqueness needs no code
 * here: every bundled XSD (1.2–1.7) declares it with xs:unique over all elements.
 */
function checkXmlReferences(
  xml: XmlDocument,
  specVersion: SpecVersion,
): { componentCount: number; errors: InputIssue[] } {
  const ns = { c: `${CYCLONEDX_NAMESPACE_PREFIX}${specVersion}` };
  const dependencyRefs = xml.find<Attribute>("/c:bom/c:dependencies//c:dependency/@ref", ns);
  const targets = new Set<string>();
  const collect = (path: string) => {
    if (dependencyRefs.length === 0) return;
    for (const attribute of xml.find<Attribute>(`${path}/@bom-ref`, ns)) targets.add(attribute.value());
  };
  let componentCount = 0;
  visitLevels(xml, ns, "/c:bom/c:components/c:component", "/c:components/c:component", (path, count) => {
    componentCount += count;
    collect(path);
  });
  // The product is no component of the model; its own sub-components are (normalize.ts lists them).
  collect("/c:bom/c:metadata/c:component");
  visitLevels(
    xml,
    ns,
    "/c:bom/c:metadata/c:component/c:components/c:component",
    "/c:components/c:component",
    (path, count) => {
      componentCount += count;
      collect(path);
    },
  );
  visitLevels(xml, ns, "/c:bom/c:services/c:service", "/c:services/c:service", collect);

  const errors: InputIssue[] = [];
  for (const attribute of dependencyRefs) {
    const ref = attribute.value();
    if (ref !== "" && !targets.has(ref)) {
      errors.push({
        line: (attribute.parent() as Element).line(),
        constraint: "dangling-ref",
        message: `dependency ref ${JSON.stringify(ref).slice(0, 80)} is not the bom-ref of any component or service in this BOM; fix the reference or add the missing component`,
      });
    }
  }
  return { componentCount, errors };
}
