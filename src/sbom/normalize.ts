/**
 * CycloneDX (1.2–1.7), already schema-validated, into the normalized model: every spec field is read here, once,
 * through a `BomReader` (bom-reader.ts) that says how the document's format spells it (json-reader.ts,
 * xml-reader.ts). So JSON and XML give the same model for the same BOM by construction.
 *
 * The document is untrusted even after validation (extension points allow arbitrary content), so every field is
 * read by a fixed name with a type check, and no name taken from the document is ever used as a property name
 * on a plain object: `__proto__` and `constructor` members stay inert data. Never throws on document content.
 */
import type { BomReader } from "./bom-reader.js";
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
  SbomSpecVersion,
  Service,
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

type Contact = OrganizationalEntity["contact"][number];

/**
 * A list of the length it will have at most: an array grown by `push` from `[]` reserves room for 16 entries,
 * which every component's one or two hashes and references would carry in the model (measured at 50k
 * components: about a tenth of normalization time went to allocating and collecting those slots).
 */
function sized<T>(length: number): T[] {
  return new Array<T>(length);
}

/** The first `n` entries of a list made by `sized`; the shared empty list when there are none. */
function trimmed<T>(out: T[], n: number): T[] {
  if (n === 0) return EMPTY;
  if (n < out.length) out.length = n;
  return out;
}

/**
 * The field readers that need no per-document state. One instance per reader; the builder holds it.
 */
class FieldReader<N> {
  constructor(readonly r: BomReader<N>) {}

  contacts(node: N, field: string): Contact[] {
    const r = this.r;
    const shaped = r.modelShaped?.(node, field, "contact");
    if (shaped !== undefined) return shaped.length === 0 ? EMPTY : shaped;
    const list = r.list(node, field);
    if (list.length === 0) return EMPTY;
    const out: Contact[] = [];
    for (const item of list) {
      const contact: Contact = {};
      const name = r.string(item, "name");
      const email = r.string(item, "email");
      const phone = r.string(item, "phone");
      if (name !== undefined) contact.name = name;
      if (email !== undefined) contact.email = email;
      if (phone !== undefined) contact.phone = phone;
      out.push(contact);
    }
    return listOrEmpty(out);
  }

  entity(node: N | undefined): OrganizationalEntity | undefined {
    if (node === undefined) return undefined;
    const result: OrganizationalEntity = { url: this.r.strings(node, "url"), contact: this.contacts(node, "contact") };
    const name = this.r.string(node, "name");
    if (name !== undefined) result.name = name;
    return result;
  }

  /** Whether two entities agree on every field `entity()` reads, so that they normalize to equal values. */
  sameEntity(a: N, b: N): boolean {
    const r = this.r;
    if (r.string(a, "name") !== r.string(b, "name")) return false;
    const urlsA = r.strings(a, "url");
    const urlsB = r.strings(b, "url");
    if (urlsA.length !== urlsB.length) return false;
    for (let i = 0; i < urlsA.length; i++) if (urlsA[i] !== urlsB[i]) return false;
    const contactsA = r.list(a, "contact");
    const contactsB = r.list(b, "contact");
    if (contactsA.length !== contactsB.length) return false;
    for (let i = 0; i < contactsA.length; i++) {
      const x = contactsA[i] as N;
      const y = contactsB[i] as N;
      if (r.string(x, "name") !== r.string(y, "name")) return false;
      if (r.string(x, "email") !== r.string(y, "email")) return false;
      if (r.string(x, "phone") !== r.string(y, "phone")) return false;
    }
    return true;
  }

  hashes(node: N, field = "hashes"): Hash[] {
    const r = this.r;
    const shaped = r.modelShaped?.(node, field, "hash");
    if (shaped !== undefined) return shaped.length === 0 ? EMPTY : shaped;
    const list = r.list(node, field);
    if (list.length === 0) return EMPTY;
    const out = sized<Hash>(list.length);
    let n = 0;
    for (const item of list) {
      const alg = r.string(item, "alg");
      const content = r.string(item, "content");
      if (alg !== undefined && content !== undefined) out[n++] = { alg, content };
    }
    return trimmed(out, n);
  }

  licenses(ctx: NormalizeContext, node: N): License[] {
    const list = this.r.list(node, "licenses");
    if (list.length === 0) return EMPTY;
    if (list.length === 1) {
      // The common case, one licence: a one-slot array (a pushed-to `[]` reserves 16 slots, about 120 bytes
      // per component that a 50k-component model would carry for nothing).
      const only = this.license(ctx, list[0] as N);
      return only === undefined ? EMPTY : [only];
    }
    const out = sized<License>(list.length);
    let n = 0;
    for (const item of list) {
      const one = this.license(ctx, item);
      if (one !== undefined) out[n++] = one;
    }
    return trimmed(out, n);
  }

  /** A licence entry: an SPDX expression (1.7 also `expression-detailed`), or a `license` with an id or a name. */
  private license(ctx: NormalizeContext, item: N): License | undefined {
    const r = this.r;
    const expression = r.string(item, "expression");
    if (expression !== undefined) return ctx.license("expression", expression, r.string(item, "acknowledgement"));
    const choice = r.child(item, "license");
    if (choice === undefined) return undefined;
    const id = r.string(choice, "id");
    const acknowledgement = r.string(choice, "acknowledgement");
    if (id !== undefined) return ctx.license("id", id, acknowledgement);
    const name = r.string(choice, "name");
    if (name !== undefined) return ctx.license("name", name, acknowledgement);
    return undefined;
  }

  externalReferences(node: N): ExternalReference[] {
    const r = this.r;
    const list = r.list(node, "externalReferences");
    if (list.length === 0) return EMPTY;
    const out = sized<ExternalReference>(list.length);
    let n = 0;
    for (const item of list) {
      const type = r.string(item, "type");
      const url = r.string(item, "url");
      if (type === undefined || url === undefined) continue;
      const reference: ExternalReference = { type, url, hashes: this.hashes(item) };
      const comment = r.string(item, "comment");
      if (comment !== undefined) reference.comment = comment;
      out[n++] = reference;
    }
    return trimmed(out, n);
  }

  properties(node: N): Property[] {
    const r = this.r;
    const shaped = r.modelShaped?.(node, "properties", "property");
    if (shaped !== undefined) return shaped.length === 0 ? EMPTY : shaped;
    const list = r.list(node, "properties");
    if (list.length === 0) return EMPTY;
    const out = sized<Property>(list.length);
    // Property values are free text: kept as written; names are tokens.
    for (let i = 0; i < list.length; i++) {
      const item = list[i] as N;
      out[i] = { name: r.string(item, "name") ?? "", value: r.verbatim(item, "value") ?? "" };
    }
    return out;
  }

  /** Tools in the legacy list form (1.2–1.4, deprecated in 1.5) and in the 1.5+ object form. */
  tools(metadata: N): SbomMetadata["tools"] {
    const r = this.r;
    const out: SbomMetadata["tools"] = [];
    const push = (vendor: string | undefined, name: string | undefined, version: string | undefined) => {
      const tool: SbomMetadata["tools"][number] = {};
      if (vendor !== undefined) tool.vendor = vendor;
      if (name !== undefined) tool.name = name;
      if (version !== undefined) tool.version = version;
      out.push(tool);
    };
    for (const tool of r.list(metadata, "tools"))
      push(r.string(tool, "vendor"), r.string(tool, "name"), r.string(tool, "version"));
    // 1.5+ form: { components: [component], services: [service] }. The vendor is read from the fields that
    // took its place: group first (what CycloneDX's own converters map it to), then the organisations.
    const tools = r.child(metadata, "tools");
    if (tools !== undefined) {
      for (const c of r.list(tools, "components")) {
        const manufacturer = r.child(c, "manufacturer");
        const supplier = r.child(c, "supplier");
        const vendor =
          r.string(c, "group") ??
          (manufacturer === undefined ? undefined : r.string(manufacturer, "name")) ??
          (supplier === undefined ? undefined : r.string(supplier, "name")) ??
          r.string(c, "publisher") ??
          r.string(c, "author");
        push(vendor, r.string(c, "name"), r.string(c, "version"));
      }
      for (const s of r.list(tools, "services")) {
        const provider = r.child(s, "provider");
        const vendor = (provider === undefined ? undefined : r.string(provider, "name")) ?? r.string(s, "group");
        push(vendor, r.string(s, "name"), r.string(s, "version"));
      }
    }
    return listOrEmpty(out);
  }

  metadataAuthors(metadata: N): SbomMetadata["authors"] {
    const out: SbomMetadata["authors"] = [];
    for (const contact of this.contacts(metadata, "authors")) {
      const author: SbomMetadata["authors"][number] = {};
      if (contact.name !== undefined) author.name = contact.name;
      if (contact.email !== undefined) author.email = contact.email;
      out.push(author);
    }
    return listOrEmpty(out);
  }

  lifecycles(metadata: N): string[] {
    const r = this.r;
    const out: string[] = [];
    for (const item of r.list(metadata, "lifecycles")) {
      const phase = r.string(item, "phase") ?? r.string(item, "name");
      if (phase !== undefined) out.push(phase);
    }
    return listOrEmpty(out);
  }

  dependency(item: N): Dependency | undefined {
    const ref = this.r.string(item, "ref");
    return ref === undefined ? undefined : { ref, dependsOn: this.r.strings(item, "dependsOn") };
  }

  compositions(bom: N): Composition[] {
    const r = this.r;
    const out: Composition[] = [];
    for (const item of r.list(bom, "compositions")) {
      out.push({
        aggregate: r.string(item, "aggregate") ?? "",
        assemblies: r.strings(item, "assemblies"),
        dependencies: r.strings(item, "dependencies"),
      });
    }
    return listOrEmpty(out);
  }

  vulnerability(item: N, location: string): Vulnerability {
    const r = this.r;
    const vulnerability: Vulnerability = { references: [], ratings: [], cwes: [], affects: [], location };
    const bomRef = r.string(item, "bom-ref");
    if (bomRef !== undefined) vulnerability.bomRef = bomRef;
    const id = r.string(item, "id");
    if (id !== undefined) vulnerability.id = id;
    const source = r.child(item, "source");
    if (source !== undefined) {
      const sourceName = r.string(source, "name");
      if (sourceName !== undefined) vulnerability.sourceName = sourceName;
      const sourceUrl = r.string(source, "url");
      if (sourceUrl !== undefined) vulnerability.sourceUrl = sourceUrl;
    }
    for (const ref of r.list(item, "references")) {
      const refId = r.string(ref, "id");
      if (refId === undefined) continue;
      const reference: Vulnerability["references"][number] = { id: refId };
      const refSource = r.child(ref, "source");
      const refSourceName = refSource === undefined ? undefined : r.string(refSource, "name");
      if (refSourceName !== undefined) reference.sourceName = refSourceName;
      vulnerability.references.push(reference);
    }
    for (const rated of r.list(item, "ratings")) {
      const rating: Vulnerability["ratings"][number] = {};
      const severity = r.string(rated, "severity");
      if (severity !== undefined) rating.severity = severity;
      const score = r.number(rated, "score");
      if (score !== undefined) rating.score = score;
      const method = r.string(rated, "method");
      if (method !== undefined) rating.method = method;
      vulnerability.ratings.push(rating);
    }
    for (const cwe of r.integers(item, "cwes")) vulnerability.cwes.push(cwe);
    const description = r.string(item, "description");
    if (description !== undefined) vulnerability.description = description;
    const recommendation = r.string(item, "recommendation");
    if (recommendation !== undefined) vulnerability.recommendation = recommendation;
    const published = r.string(item, "published");
    if (published !== undefined) vulnerability.published = published;
    const updated = r.string(item, "updated");
    if (updated !== undefined) vulnerability.updated = updated;
    const analysis = r.child(item, "analysis");
    if (analysis !== undefined) {
      const normalized: NonNullable<Vulnerability["analysis"]> = { response: r.strings(analysis, "response") };
      const state = r.string(analysis, "state");
      if (state !== undefined) normalized.state = state;
      const justification = r.string(analysis, "justification");
      if (justification !== undefined) normalized.justification = justification;
      const detail = r.string(analysis, "detail");
      if (detail !== undefined) normalized.detail = detail;
      vulnerability.analysis = normalized;
    }
    for (const target of r.list(item, "affects")) {
      const ref = r.string(target, "ref");
      if (ref === undefined) continue;
      const affects: VulnerabilityAffects = { ref, versions: [] };
      for (const version of r.list(target, "versions")) {
        const entry: VulnerabilityAffects["versions"][number] = {};
        const exact = r.string(version, "version");
        if (exact !== undefined) entry.version = exact;
        const range = r.string(version, "range");
        if (range !== undefined) entry.range = range;
        const status = r.string(version, "status");
        if (status !== undefined) entry.status = status;
        affects.versions.push(entry);
      }
      vulnerability.affects.push(affects);
    }
    return vulnerability;
  }
}

/**
 * Builds the normalized model from the parts of a document, in any order: `normalizeBom` hands it everything at
 * once, the streaming JSON reader (ingest-stream.ts) one list entry at a time, so that each raw entry can be
 * dropped once it is normalized.
 */
export class BomBuilder<N> {
  private readonly ctx = new NormalizeContext();
  private readonly fields: FieldReader<N>;
  private components: Component[] = [];
  private readonly services: Service[] = [];
  private readonly cryptoAssets: CryptoAsset[] = [];
  private readonly dependencies: Dependency[] = [];
  private readonly vulnerabilities: Vulnerability[] = [];
  private metadata: SbomMetadata = {
    tools: EMPTY,
    authors: EMPTY,
    lifecycles: EMPTY,
    properties: EMPTY,
    licenses: EMPTY,
  };
  private root: Component | undefined;
  /** How many components got a synthesized `#i` bom-ref (their index in the flattened list). */
  private syntheticComponentRefs = 0;
  /** Components flattened before the root's: their synthesized `#i` refs assumed no root components first. */
  private syntheticRefsBeforeRoot = 0;
  /** How many places the root and its sub-components moved the components flattened before them. */
  private rootShift = 0;
  private topLevel: N | undefined;
  /** Normalized suppliers and manufacturers by name, each with the node it came from. */
  private readonly entities = new Map<string | undefined, { node: N; entity: OrganizationalEntity }[]>();

  /** `specVersion` may instead be given to `finish` (an SPDX 2 document can state it after its lists). */
  constructor(
    private readonly reader: BomReader<N>,
    private readonly specVersion?: SbomSpecVersion,
  ) {
    this.fields = new FieldReader(reader);
  }

  /** `metadata`, including the root component (`metadata.component`) and its sub-components. */
  setMetadata(node: N | undefined): void {
    const fields = this.fields;
    const r = this.reader;
    if (node === undefined) return;
    const metadata: SbomMetadata = {
      tools: fields.tools(node),
      authors: fields.metadataAuthors(node),
      lifecycles: fields.lifecycles(node),
      properties: fields.properties(node),
      licenses: fields.licenses(this.ctx, node),
    };
    const timestamp = r.string(node, "timestamp");
    if (timestamp !== undefined) metadata.timestamp = timestamp;
    const manufacturer = fields.entity(r.child(node, "manufacturer"));
    if (manufacturer) metadata.manufacturer = manufacturer;
    const manufacture = fields.entity(r.child(node, "manufacture"));
    if (manufacture) metadata.manufacture = manufacture;
    const supplier = fields.entity(r.child(node, "supplier"));
    if (supplier) metadata.supplier = supplier;
    this.metadata = metadata;

    // The root comes first in the flattened list: its own nested components are part of the product, so they
    // are flattened into `components` like any other.
    const rawRoot = r.child(node, "component");
    if (rawRoot === undefined) return;
    const location = r.childLocation(r.childLocation(r.rootLocation, "metadata"), "component");
    this.syntheticRefsBeforeRoot = this.syntheticComponentRefs;
    const earlier = this.components.splice(0);
    this.root = this.component(rawRoot, r.string(rawRoot, "bom-ref"), location, SYNTHETIC_ROOT_REF, undefined);
    this.flattenComponents(rawRoot, location, this.root.bomRef);
    if (earlier.length > 0) this.rootShift = this.components.length;
    for (const component of earlier) this.components.push(component);
  }

  /** Entry `index` of the top-level `components` list, with its sub-components. */
  addComponent(node: N, index: number): void {
    this.flattenComponent(node, this.reader.entryLocation(this.reader.rootLocation, "components", index), undefined);
  }

  /** Entry `index` of the top-level `services` list, with its sub-services. */
  addService(node: N, index: number): void {
    this.flattenService(node, this.reader.entryLocation(this.reader.rootLocation, "services", index));
  }

  addDependency(node: N): void {
    const normalized = this.fields.dependency(node);
    if (normalized) this.dependencies.push(normalized);
  }

  addVulnerability(node: N, index: number): void {
    const location = this.reader.entryLocation(this.reader.rootLocation, "vulnerabilities", index);
    this.vulnerabilities.push(this.fields.vulnerability(node, location));
  }

  /**
   * Replaces the flattened components by `arrange(components)`, before `setMetadata`. For SPDX 2, whose elements
   * are flat (no sub-components, no crypto properties, every one with its SPDXID as bom-ref): the element the
   * document describes becomes the root, which is only known at the end of the document (spdx-reader.ts).
   */
  arrangeComponents(arrange: (components: readonly Component[]) => Component[]): void {
    this.components = arrange(this.components);
  }

  /** The document's root, for its remaining members (serial number, version, external references, compositions). */
  setTopLevel(node: N): void {
    this.topLevel = node;
  }

  /**
   * Whether the model is exactly what reading the document in order builds. It is not when components were
   * flattened before a root that has components of its own and some of them got a synthesized `#i` ref: those
   * indexes assumed the root's components were not ahead of them. (Only a streamed document with `metadata`
   * after `components` can get here; the caller then normalizes the whole document instead.)
   */
  get exact(): boolean {
    return this.rootShift === 0 || this.syntheticRefsBeforeRoot === 0;
  }

  finish(specVersion = this.specVersion): NormalizedSbom {
    if (specVersion === undefined) throw new Error("the document's version was never given to the normalizer");
    const r = this.reader;
    const bom = this.topLevel;
    const sbom: NormalizedSbom = {
      standard: r.standard,
      format: r.format,
      specVersion,
      metadata: this.metadata,
      components: this.components,
      services: this.services,
      dependencies: listOrEmpty(this.dependencies),
      rootDirectDependencies: rootDirectDependencies(this.root, this.dependencies),
      vulnerabilities: listOrEmpty(this.vulnerabilities),
      cryptoAssets: this.cryptoAssets,
      externalReferences: bom === undefined ? EMPTY : this.fields.externalReferences(bom),
      compositions: bom === undefined ? EMPTY : this.fields.compositions(bom),
    };
    if (bom !== undefined) {
      const serialNumber = r.string(bom, "serialNumber");
      if (serialNumber !== undefined) sbom.serialNumber = serialNumber;
      const version = r.number(bom, "version");
      if (version !== undefined && Number.isInteger(version)) sbom.version = version;
    }
    if (this.root) sbom.root = this.root;
    return sbom;
  }

  /**
   * Suppliers and manufacturers repeat across a BOM (one vendor, thousands of packages): entities that agree on
   * everything `entity()` reads (name, urls, contacts) share one normalized object. Measured on the 50k synthetic
   * SBOM: 15 MiB of model less. Candidates are found by name and compared field by field, with nothing
   * allocated. The model is read-only (normalize-common.ts), so sharing is safe.
   */
  private sharedEntity(node: N | undefined): OrganizationalEntity | undefined {
    if (node === undefined) return undefined;
    const fields = this.fields;
    const name = this.reader.string(node, "name");
    let candidates = this.entities.get(name);
    if (candidates) {
      for (const candidate of candidates) if (fields.sameEntity(candidate.node, node)) return candidate.entity;
      // A name with many different shapes is not a repeated vendor: stop collecting for it.
      if (candidates.length >= 8) return fields.entity(node);
    } else {
      candidates = [];
      this.entities.set(name, candidates);
    }
    const normalized = fields.entity(node);
    if (normalized) candidates.push({ node, entity: normalized });
    return normalized;
  }

  private component(
    node: N,
    bomRef: string | undefined,
    location: string,
    syntheticRef: string,
    parentRef: string | undefined,
  ): Component {
    const r = this.reader;
    const fields = this.fields;
    const result: Component = {
      bomRef: bomRef ?? syntheticRef,
      hasBomRef: bomRef !== undefined,
      type: r.string(node, "type") ?? "",
      name: r.string(node, "name") ?? "",
      authors: EMPTY,
      hashes: fields.hashes(node),
      licenses: fields.licenses(this.ctx, node),
      externalReferences: fields.externalReferences(node),
      properties: fields.properties(node),
      location,
    };
    const version = r.string(node, "version");
    if (version !== undefined) result.version = version;
    const group = r.string(node, "group");
    if (group !== undefined) result.group = group;
    const description = r.string(node, "description");
    if (description !== undefined) result.description = description;
    const scope = r.string(node, "scope");
    if (isScope(scope)) result.scope = scope;
    const purl = r.string(node, "purl");
    if (purl !== undefined) {
      // Tools often use the purl as the bom-ref, and the purl's name and version are usually the component's:
      // equal strings are kept once (about 7 MiB less at 50k components; the model is read-only).
      const parsed = this.ctx.parsePurl(purl === bomRef ? bomRef : purl);
      if (parsed.name !== undefined && parsed.name === result.name) parsed.name = result.name;
      if (parsed.version !== undefined && parsed.version === version) parsed.version = version;
      result.purl = parsed;
    }
    const cpe = r.string(node, "cpe");
    if (cpe !== undefined) result.cpe = cpe;
    const swid = r.child(node, "swid");
    const swidTagId = swid === undefined ? undefined : r.string(swid, "tagId");
    if (swidTagId !== undefined) result.swidTagId = swidTagId;
    const supplier = this.sharedEntity(r.child(node, "supplier"));
    if (supplier) result.supplier = supplier;
    const manufacturer = this.sharedEntity(r.child(node, "manufacturer"));
    if (manufacturer) result.manufacturer = manufacturer;
    const author = r.string(node, "author");
    if (author !== undefined) result.author = author;
    const authors = r.list(node, "authors");
    if (authors.length > 0) {
      const names: string[] = [];
      for (const contact of authors) {
        const who = r.string(contact, "name") ?? r.string(contact, "email");
        if (who !== undefined) names.push(who);
      }
      result.authors = listOrEmpty(names);
    }
    const publisher = r.string(node, "publisher");
    if (publisher !== undefined) result.publisher = publisher;
    const copyright = r.string(node, "copyright");
    if (copyright !== undefined) result.copyright = copyright;
    if (parentRef !== undefined) result.parentRef = parentRef;
    const crypto = r.child(node, "cryptoProperties");
    if (crypto !== undefined) this.cryptoAsset(result, crypto);
    return result;
  }

  private cryptoAsset(component: Component, crypto: N): void {
    const r = this.reader;
    const asset: CryptoAsset = { bomRef: component.bomRef, name: component.name, location: component.location };
    const assetType = r.string(crypto, "assetType");
    if (assetType !== undefined) asset.assetType = assetType;
    const algorithm = r.child(crypto, "algorithmProperties");
    const primitive = algorithm === undefined ? undefined : r.string(algorithm, "primitive");
    if (primitive !== undefined) asset.algorithm = primitive;
    const oid = r.string(crypto, "oid");
    if (oid !== undefined) asset.oid = oid;
    this.cryptoAssets.push(asset);
  }

  /** The sub-components of `parent`, depth-first, parent before children: the flattened order the model promises. */
  private flattenComponents(parent: N, parentLocation: string, parentRef: string | undefined): void {
    const items = this.reader.list(parent, "components");
    for (let i = 0; i < items.length; i++)
      this.flattenComponent(items[i] as N, this.reader.entryLocation(parentLocation, "components", i), parentRef);
  }

  /** One list entry and its sub-components, flattened. */
  private flattenComponent(node: N, location: string, parentRef: string | undefined): void {
    // The `#i` fallback is only built for a component without a bom-ref: most have one, and the string per
    // component was measurable garbage at 50k components.
    const bomRef = this.reader.string(node, "bom-ref");
    let fallbackRef = "";
    if (bomRef === undefined) {
      fallbackRef = syntheticComponentRef(this.components.length);
      this.syntheticComponentRefs++;
    }
    const component = this.component(node, bomRef, location, fallbackRef, parentRef);
    this.components.push(component);
    this.flattenComponents(node, location, component.bomRef);
  }

  private flattenService(node: N, location: string): void {
    const r = this.reader;
    const fields = this.fields;
    const bomRef = r.string(node, "bom-ref");
    const service: Service = {
      bomRef: bomRef ?? syntheticServiceRef(this.services.length),
      hasBomRef: bomRef !== undefined,
      name: r.string(node, "name") ?? "",
      endpoints: r.strings(node, "endpoints"),
      externalReferences: fields.externalReferences(node),
      location,
    };
    const version = r.string(node, "version");
    if (version !== undefined) service.version = version;
    const group = r.string(node, "group");
    if (group !== undefined) service.group = group;
    const provider = fields.entity(r.child(node, "provider"));
    if (provider) service.provider = provider;
    const authenticated = r.boolean(node, "authenticated");
    if (authenticated !== undefined) service.authenticated = authenticated;
    const trustBoundary = r.boolean(node, "x-trust-boundary");
    if (trustBoundary !== undefined) service.xTrustBoundary = trustBoundary;
    this.services.push(service);
    const nested = r.list(node, "services");
    for (let i = 0; i < nested.length; i++)
      this.flattenService(nested[i] as N, r.entryLocation(location, "services", i));
  }
}

/** Normalizes a whole schema-valid document whose root node is `bom`. Never throws on document content. */
export function normalizeBom<N>(
  reader: BomReader<N>,
  bom: N | undefined,
  specVersion: SbomSpecVersion,
): NormalizedSbom {
  const builder = new BomBuilder(reader, specVersion);
  if (bom === undefined) return builder.finish();
  builder.setMetadata(reader.child(bom, "metadata"));
  const components = reader.list(bom, "components");
  for (let i = 0; i < components.length; i++) builder.addComponent(components[i] as N, i);
  const services = reader.list(bom, "services");
  for (let i = 0; i < services.length; i++) builder.addService(services[i] as N, i);
  for (const item of reader.list(bom, "dependencies")) builder.addDependency(item);
  const vulnerabilities = reader.list(bom, "vulnerabilities");
  for (let i = 0; i < vulnerabilities.length; i++) builder.addVulnerability(vulnerabilities[i] as N, i);
  builder.setTopLevel(bom);
  return builder.finish();
}
