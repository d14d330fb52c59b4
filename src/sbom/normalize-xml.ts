/**
 * CycloneDX XML (1.2–1.7), already XSD-validated, into the same normalized model as the JSON reader.
 *
 * Only elements in the document's CycloneDX namespace are read: the XSDs allow extension elements from other
 * namespaces (`##other`) at many points, and an extension element that happens to be called `name` must not
 * be taken for the component's name. Text is trimmed because most CycloneDX XML leaves are `xs:token` /
 * `xs:normalizedString`, whose schema value has no surrounding whitespace; pretty-printed documents add it.
 * Locations are XPath-like with 1-based positions among same-named siblings, e.g. `/bom/components/component[3]`.
 */
import type { Document as XmlDocument, Element as XmlElement } from "libxmljs2";
import type {
  Component,
  Composition,
  CryptoAsset,
  Dependency,
  ExternalReference,
  Hash,
  License,
  NormalizedSbom,
  OrganizationalEntity,
  Property,
  SbomMetadata,
  Service,
  SpecVersion,
  Vulnerability,
  VulnerabilityAffects,
} from "./model.js";
import {
  EMPTY,
  isScope,
  listOrEmpty,
  NormalizeContext,
  rootDirectDependencies,
  SYNTHETIC_ROOT_REF,
  syntheticComponentRef,
  syntheticServiceRef,
} from "./normalize-common.js";

/** An element with its CycloneDX-namespace element children read once (each libxmljs2 call crosses into C++). */
class Node {
  private cachedChildren: Node[] | undefined;

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

  all(name: string): Node[] {
    const out: Node[] = [];
    for (const child of this.children()) if (child.name === name) out.push(child);
    return out;
  }

  /** Trimmed text content; `undefined` when empty (model convention). */
  text(): string | undefined {
    const value = this.element.text().trim();
    return value === "" ? undefined : value;
  }

  childText(name: string): string | undefined {
    return this.child(name)?.text();
  }

  attr(name: string): string | undefined {
    const value = this.element.attr(name)?.value().trim();
    return value === undefined || value === "" ? undefined : value;
  }
}

function childTexts(parent: Node | undefined, name: string): string[] {
  if (!parent) return EMPTY;
  const out: string[] = [];
  for (const child of parent.children()) {
    if (child.name !== name) continue;
    const value = child.text();
    if (value !== undefined) out.push(value);
  }
  return listOrEmpty(out);
}

function xmlBoolean(value: string | undefined): boolean | undefined {
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  return undefined;
}

function contacts(parent: Node | undefined, name: string): OrganizationalEntity["contact"] {
  if (!parent) return EMPTY;
  const out: OrganizationalEntity["contact"] = [];
  for (const node of parent.children()) {
    if (node.name !== name) continue;
    const contact: OrganizationalEntity["contact"][number] = {};
    const contactName = node.childText("name");
    const email = node.childText("email");
    const phone = node.childText("phone");
    if (contactName !== undefined) contact.name = contactName;
    if (email !== undefined) contact.email = email;
    if (phone !== undefined) contact.phone = phone;
    out.push(contact);
  }
  return listOrEmpty(out);
}

function entity(node: Node | undefined): OrganizationalEntity | undefined {
  if (!node) return undefined;
  const result: OrganizationalEntity = { url: childTexts(node, "url"), contact: contacts(node, "contact") };
  const name = node.childText("name");
  if (name !== undefined) result.name = name;
  return result;
}

function hashes(node: Node | undefined): Hash[] {
  if (!node) return EMPTY;
  const out: Hash[] = [];
  for (const hash of node.all("hash")) {
    const alg = hash.attr("alg");
    const content = hash.text();
    if (alg !== undefined && content !== undefined) out.push({ alg, content });
  }
  return listOrEmpty(out);
}

function licenses(ctx: NormalizeContext, node: Node | undefined): License[] {
  if (!node) return EMPTY;
  const out: License[] = [];
  for (const child of node.children()) {
    const acknowledgement = child.attr("acknowledgement");
    if (child.name === "expression") {
      const expression = child.text();
      if (expression !== undefined) out.push(ctx.license("expression", expression, acknowledgement));
    } else if (child.name === "expression-detailed") {
      // 1.7: the expression is an attribute, its per-identifier details are children we do not model.
      const expression = child.attr("expression");
      if (expression !== undefined) out.push(ctx.license("expression", expression, acknowledgement));
    } else if (child.name === "license") {
      const id = child.childText("id");
      const name = child.childText("name");
      if (id !== undefined) out.push(ctx.license("id", id, acknowledgement));
      else if (name !== undefined) out.push(ctx.license("name", name, acknowledgement));
    }
  }
  return listOrEmpty(out);
}

function externalReferences(node: Node | undefined): ExternalReference[] {
  if (!node) return EMPTY;
  const out: ExternalReference[] = [];
  for (const child of node.all("reference")) {
    const type = child.attr("type");
    const url = child.childText("url");
    if (type === undefined || url === undefined) continue;
    const reference: ExternalReference = { type, url, hashes: hashes(child.child("hashes")) };
    const comment = child.childText("comment");
    if (comment !== undefined) reference.comment = comment;
    out.push(reference);
  }
  return listOrEmpty(out);
}

function properties(node: Node | undefined): Property[] {
  if (!node) return EMPTY;
  const out: Property[] = [];
  // Property values are xs:string: keep them as written, only names are tokens.
  for (const child of node.all("property")) out.push({ name: child.attr("name") ?? "", value: child.element.text() });
  return listOrEmpty(out);
}

class XmlNormalizer {
  readonly components: Component[] = [];
  readonly services: Service[] = [];
  readonly cryptoAssets: CryptoAsset[] = [];

  constructor(private readonly ctx: NormalizeContext) {}

  component(node: Node, location: string, syntheticRef: string, parentRef: string | undefined): Component {
    const bomRef = node.attr("bom-ref");
    const result: Component = {
      bomRef: bomRef ?? syntheticRef,
      hasBomRef: bomRef !== undefined,
      type: node.attr("type") ?? "",
      name: "",
      authors: EMPTY,
      hashes: EMPTY,
      licenses: EMPTY,
      externalReferences: EMPTY,
      properties: EMPTY,
      location,
    };
    // One walk over the children instead of a lookup per field: a component has a dozen of them.
    let crypto: Node | undefined;
    for (const child of node.children()) {
      switch (child.name) {
        case "name":
          result.name = child.text() ?? "";
          break;
        case "version": {
          const value = child.text();
          if (value !== undefined) result.version = value;
          break;
        }
        case "group": {
          const value = child.text();
          if (value !== undefined) result.group = value;
          break;
        }
        case "description": {
          const value = child.text();
          if (value !== undefined) result.description = value;
          break;
        }
        case "scope": {
          const value = child.text();
          if (isScope(value)) result.scope = value;
          break;
        }
        case "purl": {
          const value = child.text();
          if (value !== undefined) result.purl = this.ctx.parsePurl(value);
          break;
        }
        case "cpe": {
          const value = child.text();
          if (value !== undefined) result.cpe = value;
          break;
        }
        case "swid": {
          const value = child.attr("tagId");
          if (value !== undefined) result.swidTagId = value;
          break;
        }
        case "supplier":
          result.supplier = entity(child);
          break;
        case "manufacturer":
          result.manufacturer = entity(child);
          break;
        case "author": {
          const value = child.text();
          if (value !== undefined) result.author = value;
          break;
        }
        case "authors": {
          const names: string[] = [];
          for (const contact of contacts(child, "author")) {
            const who = contact.name ?? contact.email;
            if (who !== undefined) names.push(who);
          }
          result.authors = listOrEmpty(names);
          break;
        }
        case "publisher": {
          const value = child.text();
          if (value !== undefined) result.publisher = value;
          break;
        }
        case "copyright": {
          const value = child.text();
          if (value !== undefined) result.copyright = value;
          break;
        }
        case "hashes":
          result.hashes = hashes(child);
          break;
        case "licenses":
          result.licenses = licenses(this.ctx, child);
          break;
        case "externalReferences":
          result.externalReferences = externalReferences(child);
          break;
        case "properties":
          result.properties = properties(child);
          break;
        case "cryptoProperties":
          crypto = child;
          break;
      }
    }
    if (parentRef !== undefined) result.parentRef = parentRef;
    if (crypto) this.cryptoAsset(result, crypto);
    return result;
  }

  private cryptoAsset(component: Component, crypto: Node): void {
    const asset: CryptoAsset = { bomRef: component.bomRef, name: component.name, location: component.location };
    const assetType = crypto.childText("assetType");
    if (assetType !== undefined) asset.assetType = assetType;
    const primitive = crypto.child("algorithmProperties")?.childText("primitive");
    if (primitive !== undefined) asset.algorithm = primitive;
    const oid = crypto.childText("oid");
    if (oid !== undefined) asset.oid = oid;
    this.cryptoAssets.push(asset);
  }

  flattenComponents(container: Node | undefined, baseLocation: string, parentRef: string | undefined): void {
    if (!container) return;
    let position = 0;
    for (const node of container.children()) {
      if (node.name !== "component") continue;
      position++;
      const location = `${baseLocation}/component[${position}]`;
      const component = this.component(node, location, syntheticComponentRef(this.components.length), parentRef);
      this.components.push(component);
      this.flattenComponents(node.child("components"), `${location}/components`, component.bomRef);
    }
  }

  flattenServices(container: Node | undefined, baseLocation: string): void {
    if (!container) return;
    let position = 0;
    for (const node of container.children()) {
      if (node.name !== "service") continue;
      position++;
      const location = `${baseLocation}/service[${position}]`;
      const bomRef = node.attr("bom-ref");
      const service: Service = {
        bomRef: bomRef ?? syntheticServiceRef(this.services.length),
        hasBomRef: bomRef !== undefined,
        name: node.childText("name") ?? "",
        endpoints: childTexts(node.child("endpoints"), "endpoint"),
        externalReferences: externalReferences(node.child("externalReferences")),
        location,
      };
      const version = node.childText("version");
      if (version !== undefined) service.version = version;
      const group = node.childText("group");
      if (group !== undefined) service.group = group;
      const provider = entity(node.child("provider"));
      if (provider) service.provider = provider;
      const authenticated = xmlBoolean(node.childText("authenticated"));
      if (authenticated !== undefined) service.authenticated = authenticated;
      const trustBoundary = xmlBoolean(node.childText("x-trust-boundary"));
      if (trustBoundary !== undefined) service.xTrustBoundary = trustBoundary;
      this.services.push(service);
      this.flattenServices(node.child("services"), `${location}/services`);
    }
  }
}

function tools(node: Node | undefined): SbomMetadata["tools"] {
  if (!node) return EMPTY;
  const out: SbomMetadata["tools"] = [];
  const push = (vendor: string | undefined, name: string | undefined, version: string | undefined) => {
    const tool: SbomMetadata["tools"][number] = {};
    if (vendor !== undefined) tool.vendor = vendor;
    if (name !== undefined) tool.name = name;
    if (version !== undefined) tool.version = version;
    out.push(tool);
  };
  // Legacy <tool> elements, then the 1.5+ <components>/<services> form; same vendor fallbacks as the JSON reader.
  for (const tool of node.all("tool"))
    push(tool.childText("vendor"), tool.childText("name"), tool.childText("version"));
  for (const component of node.child("components")?.all("component") ?? EMPTY) {
    const vendor =
      component.childText("group") ??
      component.child("manufacturer")?.childText("name") ??
      component.child("supplier")?.childText("name") ??
      component.childText("publisher") ??
      component.childText("author");
    push(vendor, component.childText("name"), component.childText("version"));
  }
  for (const service of node.child("services")?.all("service") ?? EMPTY) {
    push(
      service.child("provider")?.childText("name") ?? service.childText("group"),
      service.childText("name"),
      service.childText("version"),
    );
  }
  return listOrEmpty(out);
}

function metadataAuthors(node: Node | undefined): SbomMetadata["authors"] {
  const out: SbomMetadata["authors"] = [];
  for (const contact of contacts(node, "author")) {
    const author: SbomMetadata["authors"][number] = {};
    if (contact.name !== undefined) author.name = contact.name;
    if (contact.email !== undefined) author.email = contact.email;
    out.push(author);
  }
  return listOrEmpty(out);
}

function lifecycles(node: Node | undefined): string[] {
  if (!node) return EMPTY;
  const out: string[] = [];
  for (const lifecycle of node.all("lifecycle")) {
    const phase = lifecycle.childText("phase") ?? lifecycle.childText("name");
    if (phase !== undefined) out.push(phase);
  }
  return listOrEmpty(out);
}

/**
 * XML may nest `<dependency>` elements more than one level (the type is recursive); JSON cannot. A nested
 * element that has children of its own becomes its own entry, after its parent's, so both formats meet.
 */
function dependencies(node: Node | undefined): Dependency[] {
  if (!node) return EMPTY;
  const out: Dependency[] = [];
  const visit = (entry: Node) => {
    const ref = entry.attr("ref");
    const nested = entry.all("dependency");
    if (ref !== undefined) {
      const dependsOn: string[] = [];
      for (const child of nested) {
        const target = child.attr("ref");
        if (target !== undefined) dependsOn.push(target);
      }
      out.push({ ref, dependsOn: listOrEmpty(dependsOn) });
    }
    for (const child of nested) if (child.children().length > 0) visit(child);
  };
  for (const entry of node.all("dependency")) visit(entry);
  return listOrEmpty(out);
}

function refList(node: Node | undefined, name: string): string[] {
  if (!node) return EMPTY;
  const out: string[] = [];
  for (const child of node.all(name)) {
    const ref = child.attr("ref");
    if (ref !== undefined) out.push(ref);
  }
  return listOrEmpty(out);
}

function compositions(node: Node | undefined): Composition[] {
  if (!node) return EMPTY;
  const out: Composition[] = [];
  for (const composition of node.all("composition")) {
    out.push({
      aggregate: composition.childText("aggregate") ?? "",
      assemblies: refList(composition.child("assemblies"), "assembly"),
      dependencies: refList(composition.child("dependencies"), "dependency"),
    });
  }
  return listOrEmpty(out);
}

function vulnerabilities(node: Node | undefined): Vulnerability[] {
  if (!node) return EMPTY;
  const out: Vulnerability[] = [];
  let position = 0;
  for (const v of node.all("vulnerability")) {
    position++;
    const vulnerability: Vulnerability = {
      references: [],
      ratings: [],
      cwes: [],
      affects: [],
      location: `/bom/vulnerabilities/vulnerability[${position}]`,
    };
    const bomRef = v.attr("bom-ref");
    if (bomRef !== undefined) vulnerability.bomRef = bomRef;
    const id = v.childText("id");
    if (id !== undefined) vulnerability.id = id;
    const source = v.child("source");
    const sourceName = source?.childText("name");
    if (sourceName !== undefined) vulnerability.sourceName = sourceName;
    const sourceUrl = source?.childText("url");
    if (sourceUrl !== undefined) vulnerability.sourceUrl = sourceUrl;
    for (const r of v.child("references")?.all("reference") ?? EMPTY) {
      const refId = r.childText("id");
      if (refId === undefined) continue;
      const reference: Vulnerability["references"][number] = { id: refId };
      const refSource = r.child("source")?.childText("name");
      if (refSource !== undefined) reference.sourceName = refSource;
      vulnerability.references.push(reference);
    }
    for (const r of v.child("ratings")?.all("rating") ?? EMPTY) {
      const rating: Vulnerability["ratings"][number] = {};
      const severity = r.childText("severity");
      if (severity !== undefined) rating.severity = severity;
      const scoreText = r.childText("score");
      const score = scoreText === undefined ? Number.NaN : Number(scoreText);
      if (Number.isFinite(score)) rating.score = score;
      const method = r.childText("method");
      if (method !== undefined) rating.method = method;
      vulnerability.ratings.push(rating);
    }
    for (const cwe of childTexts(v.child("cwes"), "cwe")) {
      const value = Number(cwe);
      if (Number.isInteger(value)) vulnerability.cwes.push(value);
    }
    const description = v.childText("description");
    if (description !== undefined) vulnerability.description = description;
    const recommendation = v.childText("recommendation");
    if (recommendation !== undefined) vulnerability.recommendation = recommendation;
    const published = v.childText("published");
    if (published !== undefined) vulnerability.published = published;
    const updated = v.childText("updated");
    if (updated !== undefined) vulnerability.updated = updated;
    const analysis = v.child("analysis");
    if (analysis) {
      const normalized: NonNullable<Vulnerability["analysis"]> = {
        response: childTexts(analysis.child("responses"), "response"),
      };
      const state = analysis.childText("state");
      if (state !== undefined) normalized.state = state;
      const justification = analysis.childText("justification");
      if (justification !== undefined) normalized.justification = justification;
      const detail = analysis.childText("detail");
      if (detail !== undefined) normalized.detail = detail;
      vulnerability.analysis = normalized;
    }
    for (const target of v.child("affects")?.all("target") ?? EMPTY) {
      const ref = target.childText("ref");
      if (ref === undefined) continue;
      const affects: VulnerabilityAffects = { ref, versions: [] };
      for (const version of target.child("versions")?.all("version") ?? EMPTY) {
        const entry: VulnerabilityAffects["versions"][number] = {};
        const exact = version.childText("version");
        if (exact !== undefined) entry.version = exact;
        const range = version.childText("range");
        if (range !== undefined) entry.range = range;
        const status = version.childText("status");
        if (status !== undefined) entry.status = status;
        affects.versions.push(entry);
      }
      vulnerability.affects.push(affects);
    }
    out.push(vulnerability);
  }
  return listOrEmpty(out);
}

/** Normalizes a schema-valid CycloneDX XML document. Never throws on document content. */
export function normalizeXmlBom(doc: XmlDocument, specVersion: SpecVersion): NormalizedSbom {
  const rootElement = doc.root();
  const ns = rootElement?.namespace()?.href() ?? `http://cyclonedx.org/schema/bom/${specVersion}`;
  const ctx = new NormalizeContext();
  const normalizer = new XmlNormalizer(ctx);
  // Each libxmljs2 call crosses into C++ (about 1 µs per node visited; measured at 10k components). One XPath
  // query tells whether any element lies outside the CycloneDX namespace; only then is every element's namespace
  // looked up (two more calls per element, ~10 % of the walk).
  const quotable = !ns.includes("'");
  const foreign = quotable ? doc.get(`//*[namespace-uri() != '${ns}']`) : rootElement;
  const bom = rootElement ? new Node(rootElement, rootElement.name(), foreign ? ns : undefined) : undefined;
  const rawMetadata = bom?.child("metadata");

  const metadata: SbomMetadata = {
    tools: tools(rawMetadata?.child("tools")),
    authors: metadataAuthors(rawMetadata?.child("authors")),
    lifecycles: lifecycles(rawMetadata?.child("lifecycles")),
    properties: properties(rawMetadata?.child("properties")),
    licenses: licenses(ctx, rawMetadata?.child("licenses")),
  };
  const timestamp = rawMetadata?.childText("timestamp");
  if (timestamp !== undefined) metadata.timestamp = timestamp;
  const manufacturer = entity(rawMetadata?.child("manufacturer"));
  if (manufacturer) metadata.manufacturer = manufacturer;
  const manufacture = entity(rawMetadata?.child("manufacture"));
  if (manufacture) metadata.manufacture = manufacture;
  const supplier = entity(rawMetadata?.child("supplier"));
  if (supplier) metadata.supplier = supplier;

  const rawRoot = rawMetadata?.child("component");
  let root: Component | undefined;
  if (rawRoot) {
    root = normalizer.component(rawRoot, "/bom/metadata/component", SYNTHETIC_ROOT_REF, undefined);
    normalizer.flattenComponents(rawRoot.child("components"), "/bom/metadata/component/components", root.bomRef);
  }
  normalizer.flattenComponents(bom?.child("components"), "/bom/components", undefined);
  normalizer.flattenServices(bom?.child("services"), "/bom/services");

  const deps = dependencies(bom?.child("dependencies"));
  const sbom: NormalizedSbom = {
    format: "xml",
    specVersion,
    metadata,
    components: normalizer.components,
    services: normalizer.services,
    dependencies: deps,
    rootDirectDependencies: rootDirectDependencies(root, deps),
    vulnerabilities: vulnerabilities(bom?.child("vulnerabilities")),
    cryptoAssets: normalizer.cryptoAssets,
    externalReferences: externalReferences(bom?.child("externalReferences")),
    compositions: compositions(bom?.child("compositions")),
  };
  const serialNumber = bom?.attr("serialNumber");
  if (serialNumber !== undefined) sbom.serialNumber = serialNumber;
  const version = bom?.attr("version");
  if (version !== undefined && /^\d+$/.test(version)) sbom.version = Number(version);
  if (root) sbom.root = root;
  return sbom;
}
