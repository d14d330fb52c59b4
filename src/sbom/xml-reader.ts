/**
 * CycloneDX XML for the normalizer (normalize.ts): elements are the nodes, and a field named as in CycloneDX JSON
 * is found the way the XSDs spell it: a child element's text, else an attribute (`bom-ref`, `type`, `alg`), and
 * lists through their wrapper element (`hashes` → `<hashes><hash>`), as the table below says.
 *
 * Only elements in the document's CycloneDX namespace are read: the XSDs allow extension elements from other
 * namespaces (`##other`) at many points, and an extension element that happens to be called `name` must not
 * be taken for the component's name. Text is trimmed because most CycloneDX XML leaves are `xs:token` /
 * `xs:normalizedString`, whose schema value has no surrounding whitespace; pretty-printed documents add it.
 * Locations are XPath-like with 1-based positions among same-named siblings, e.g. `/bom/components/component[3]`.
 */
import type { Document as XmlDocument, Element as XmlElement } from "libxmljs2";
import type { BomReader } from "./bom-reader.js";
import type { NormalizedSbom, SpecVersion } from "./model.js";
import { normalizeBom } from "./normalize.js";
import { EMPTY, listOrEmpty } from "./normalize-common.js";

/** An element with its CycloneDX-namespace children and its attributes read once (each libxmljs2 call crosses into C++). */
class Node {
  private cachedChildren: Node[] | undefined;
  private cachedAttributes: [name: string, value: string][] | undefined;

  /** @param ns the CycloneDX namespace, or `undefined` when the document has no element outside it (no checks). */
  constructor(
    readonly element: XmlElement,
    readonly name: string,
    private readonly ns: string | undefined,
  ) {}

  children(): Node[] {
    if (this.cachedChildren) return this.cachedChildren;
    const out: Node[] = [];
    for (const child of this.element.childNodes()) {
      if (child.type() !== "element") continue;
      const element = child as XmlElement;
      if (this.ns !== undefined && element.namespace()?.href() !== this.ns) continue;
      out.push(new Node(element, element.name(), this.ns));
    }
    this.cachedChildren = out;
    return out;
  }

  child(name: string): Node | undefined {
    for (const child of this.children()) if (child.name === name) return child;
    return undefined;
  }

  /** Text content as written. */
  rawText(): string {
    return this.element.text();
  }

  /** Trimmed text content; `undefined` when empty (model convention). */
  text(): string | undefined {
    const value = this.element.text().trim();
    return value === "" ? undefined : value;
  }

  /** An attribute's value as written (libxml2 matches the local name, whatever the namespace: the first wins). */
  rawAttr(name: string): string | undefined {
    if (this.cachedAttributes === undefined) {
      const attributes: [string, string][] = [];
      for (const attribute of this.element.attrs()) attributes.push([attribute.name(), attribute.value()]);
      this.cachedAttributes = attributes;
    }
    for (const [key, value] of this.cachedAttributes) if (key === name) return value;
    return undefined;
  }

  attr(name: string): string | undefined {
    const value = this.rawAttr(name)?.trim();
    return value === undefined || value === "" ? undefined : value;
  }
}

/**
 * How XML spells a JSON list: the wrapper element (none: the entries are repeated children of the node itself),
 * the entry element (none: any element), and for lists of refs the attribute that holds each value.
 */
interface XmlList {
  wrapper?: string;
  entry?: string;
  refAttribute?: true;
}

const LISTS: ReadonlyMap<string, XmlList> = new Map<string, XmlList>([
  ["affects", { wrapper: "affects", entry: "target" }],
  ["assemblies", { wrapper: "assemblies", entry: "assembly", refAttribute: true }],
  ["authors", { wrapper: "authors", entry: "author" }],
  ["components", { wrapper: "components", entry: "component" }],
  ["compositions", { wrapper: "compositions", entry: "composition" }],
  ["contact", { entry: "contact" }],
  ["cwes", { wrapper: "cwes", entry: "cwe" }],
  ["dependencies", { wrapper: "dependencies", entry: "dependency", refAttribute: true }],
  ["dependsOn", { entry: "dependency", refAttribute: true }],
  ["endpoints", { wrapper: "endpoints", entry: "endpoint" }],
  ["externalReferences", { wrapper: "externalReferences", entry: "reference" }],
  ["hashes", { wrapper: "hashes", entry: "hash" }],
  // `<license>`, `<expression>` and (1.7) `<expression-detailed>` entries.
  ["licenses", { wrapper: "licenses" }],
  ["lifecycles", { wrapper: "lifecycles", entry: "lifecycle" }],
  ["properties", { wrapper: "properties", entry: "property" }],
  ["ratings", { wrapper: "ratings", entry: "rating" }],
  ["references", { wrapper: "references", entry: "reference" }],
  ["response", { wrapper: "responses", entry: "response" }],
  ["services", { wrapper: "services", entry: "service" }],
  ["tools", { wrapper: "tools", entry: "tool" }],
  ["url", { entry: "url" }],
  ["versions", { wrapper: "versions", entry: "version" }],
  ["vulnerabilities", { wrapper: "vulnerabilities", entry: "vulnerability" }],
]);

function listSpelling(field: string): XmlList {
  const spelling = LISTS.get(field);
  // A program fault, not a document's: the normalizer asked for a list this table does not know.
  if (spelling === undefined) throw new Error(`no XML spelling for the list "${field}"`);
  return spelling;
}

/** Entry elements whose own text is the value JSON keeps in a member: `<hash alg="…">content</hash>`. */
const OWN_TEXT: ReadonlyMap<string, string> = new Map([
  ["hash", "content"],
  ["property", "value"],
  ["expression", "expression"],
]);

/** A licence list entry is the `<license>` element itself; JSON wraps it: `{ "license": { … } }`. */
const ENTRY_IS_MEMBER: ReadonlyMap<string, string> = new Map([["license", "license"]]);

function xmlBoolean(value: string | undefined): boolean | undefined {
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  return undefined;
}

class XmlReader implements BomReader<Node> {
  readonly standard = "CycloneDX";
  readonly format = "xml";
  readonly rootLocation = "/bom";

  string(node: Node, field: string): string | undefined {
    const child = node.child(field);
    if (child !== undefined) return child.text();
    if (OWN_TEXT.get(node.name) === field) return node.text();
    return node.attr(field);
  }

  verbatim(node: Node, field: string): string | undefined {
    const child = node.child(field);
    if (child !== undefined) return child.rawText();
    if (OWN_TEXT.get(node.name) === field) return node.rawText();
    return node.rawAttr(field);
  }

  number(node: Node, field: string): number | undefined {
    const text = this.string(node, field);
    const value = text === undefined ? Number.NaN : Number(text);
    return Number.isFinite(value) ? value : undefined;
  }

  boolean(node: Node, field: string): boolean | undefined {
    return xmlBoolean(this.string(node, field));
  }

  child(node: Node, field: string): Node | undefined {
    if (ENTRY_IS_MEMBER.get(node.name) === field) return node;
    return node.child(field);
  }

  list(node: Node, field: string): readonly Node[] {
    const { wrapper, entry } = listSpelling(field);
    const container = wrapper === undefined ? node : node.child(wrapper);
    if (container === undefined) return EMPTY;
    const out: Node[] = [];
    if (field === "dependencies") {
      // XML may nest `<dependency>` elements more than one level (the type is recursive); JSON cannot. A nested
      // element that has children of its own becomes its own entry, after its parent's, so both formats meet.
      const visit = (dependency: Node) => {
        out.push(dependency);
        for (const nested of dependency.children())
          if (nested.name === "dependency" && nested.children().length > 0) visit(nested);
      };
      for (const child of container.children()) if (child.name === "dependency") visit(child);
      return listOrEmpty(out);
    }
    for (const child of container.children()) if (entry === undefined || child.name === entry) out.push(child);
    return listOrEmpty(out);
  }

  strings(node: Node, field: string): string[] {
    const { wrapper, entry, refAttribute } = listSpelling(field);
    const container = wrapper === undefined ? node : node.child(wrapper);
    if (container === undefined) return EMPTY;
    const out: string[] = [];
    for (const child of container.children()) {
      if (entry !== undefined && child.name !== entry) continue;
      const value = refAttribute ? child.attr("ref") : child.text();
      if (value !== undefined) out.push(value);
    }
    return listOrEmpty(out);
  }

  integers(node: Node, field: string): number[] {
    const out: number[] = [];
    for (const text of this.strings(node, field)) {
      const value = Number(text);
      if (Number.isInteger(value)) out.push(value);
    }
    return listOrEmpty(out);
  }

  entryLocation(parent: string, field: string, index: number): string {
    const { wrapper, entry } = listSpelling(field);
    const base = wrapper === undefined ? parent : `${parent}/${wrapper}`;
    return `${base}/${entry ?? "*"}[${index + 1}]`;
  }

  childLocation(parent: string, field: string): string {
    return `${parent}/${field}`;
  }
}

const reader = new XmlReader();

/** Normalizes a schema-valid CycloneDX XML document. Never throws on document content. */
export function normalizeXmlBom(doc: XmlDocument, specVersion: SpecVersion): NormalizedSbom {
  const rootElement = doc.root();
  const ns = rootElement?.namespace()?.href() ?? `http://cyclonedx.org/schema/bom/${specVersion}`;
  // Each libxmljs2 call crosses into C++ (about 1 µs per node visited; measured at 10k components). One XPath
  // query tells whether any element lies outside the CycloneDX namespace; only then is every element's namespace
  // looked up (two more calls per element, ~10 % of the walk).
  const quotable = !ns.includes("'");
  const foreign = quotable ? doc.get(`//*[namespace-uri() != '${ns}']`) : rootElement;
  const bom = rootElement ? new Node(rootElement, rootElement.name(), foreign ? ns : undefined) : undefined;
  return normalizeBom(reader, bom, specVersion);
}
