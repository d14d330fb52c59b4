/**
 * CycloneDX JSON (1.2–1.7), already schema-validated, into the normalized model.
 *
 * The document is untrusted even after validation (extension points allow arbitrary keys), so every field is
 * read by a fixed name with a type check, and no key taken from the document is ever used as a property name
 * on a plain object: `__proto__` and `constructor` members stay inert data.
 */
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

type JsonObject = { readonly [key: string]: unknown };

function obj(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : EMPTY;
}

/** Absent values are `undefined`, never empty strings (model convention). */
function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function isNonEmptyString(item: unknown): boolean {
  return typeof item === "string" && item !== "";
}

function strings(value: unknown): string[] {
  const list = arr(value);
  if (list.length === 0) return EMPTY;
  // The parsed array is reused when it already is a list of non-empty strings (the valid case): one array
  // fewer per dependency entry and URL list while the document and the model are both alive.
  if (list.every(isNonEmptyString)) return list as string[];
  const out: string[] = [];
  for (const item of list) {
    const s = str(item);
    if (s !== undefined) out.push(s);
  }
  return listOrEmpty(out);
}

/** A contact that already has the model's shape: only non-empty `name`, `email`, `phone` strings. */
function isPlainContact(item: unknown): boolean {
  const o = obj(item);
  if (!o) return false;
  for (const key in o) {
    if (key !== "name" && key !== "email" && key !== "phone") return false;
    if (!isNonEmptyString(o[key])) return false;
  }
  return true;
}

function contacts(value: unknown): OrganizationalEntity["contact"] {
  const list = arr(value);
  if (list.length === 0) return EMPTY;
  if (list.every(isPlainContact)) return list as OrganizationalEntity["contact"];
  const out: OrganizationalEntity["contact"] = [];
  for (const item of list) {
    const o = obj(item);
    if (!o) continue;
    const contact: OrganizationalEntity["contact"][number] = {};
    const name = str(o.name);
    const email = str(o.email);
    const phone = str(o.phone);
    if (name !== undefined) contact.name = name;
    if (email !== undefined) contact.email = email;
    if (phone !== undefined) contact.phone = phone;
    out.push(contact);
  }
  return listOrEmpty(out);
}

function entity(value: unknown): OrganizationalEntity | undefined {
  const o = obj(value);
  if (!o) return undefined;
  const result: OrganizationalEntity = { url: strings(o.url), contact: contacts(o.contact) };
  const name = str(o.name);
  if (name !== undefined) result.name = name;
  return result;
}

/** Whether two raw entities agree on every field `entity()` reads, so that they normalize to equal values. */
function sameEntityInput(a: JsonObject, b: JsonObject): boolean {
  if (a.name !== b.name) return false;
  const urlsA = arr(a.url);
  const urlsB = arr(b.url);
  if (urlsA.length !== urlsB.length) return false;
  for (let i = 0; i < urlsA.length; i++) if (urlsA[i] !== urlsB[i]) return false;
  const contactsA = arr(a.contact);
  const contactsB = arr(b.contact);
  if (contactsA.length !== contactsB.length) return false;
  for (let i = 0; i < contactsA.length; i++) {
    const x = obj(contactsA[i]);
    const y = obj(contactsB[i]);
    if (x === undefined || y === undefined) {
      if (x !== y) return false;
      continue;
    }
    if (x.name !== y.name || x.email !== y.email || x.phone !== y.phone) return false;
    // contacts() keeps a raw list as is only when every entry has no other keys: equal shapes, equal output.
    if (isPlainContact(x) !== isPlainContact(y)) return false;
  }
  return true;
}

/** A schema-valid hash is exactly `{ alg, content }` (additionalProperties: false in every spec version). */
function isPlainHash(item: unknown): boolean {
  const o = obj(item);
  if (!o || typeof o.alg !== "string" || typeof o.content !== "string" || o.alg === "" || o.content === "")
    return false;
  let keys = 0;
  for (const key in o) {
    if (key !== "alg" && key !== "content") return false;
    keys++;
  }
  return keys === 2;
}

function hashes(value: unknown): Hash[] {
  const list = arr(value);
  if (list.length === 0) return EMPTY;
  // The parsed hash objects are reused when they already have the model's exact shape: one allocation fewer
  // per hash while the document and the model are both alive.
  if (list.every(isPlainHash)) return list as Hash[];
  const out: Hash[] = [];
  for (const item of list) {
    const o = obj(item);
    const alg = str(o?.alg);
    const content = str(o?.content);
    if (alg !== undefined && content !== undefined) out.push({ alg, content });
  }
  return listOrEmpty(out);
}

function licenses(ctx: NormalizeContext, value: unknown): License[] {
  const list = arr(value);
  if (list.length === 0) return EMPTY;
  if (list.length === 1) {
    // The common case, one licence: a one-slot array (a pushed-to `[]` reserves 16 slots, about 120 bytes
    // per component that a 50k-component model would carry for nothing).
    const only = license(ctx, list[0]);
    return only === undefined ? EMPTY : [only];
  }
  const out: License[] = [];
  for (const item of list) {
    const one = license(ctx, item);
    if (one !== undefined) out.push(one);
  }
  return listOrEmpty(out);
}

function license(ctx: NormalizeContext, item: unknown): License | undefined {
  const o = obj(item);
  if (!o) return undefined;
  const expression = str(o.expression);
  if (expression !== undefined) return ctx.license("expression", expression, str(o.acknowledgement));
  const choice = obj(o.license);
  if (!choice) return undefined;
  const id = str(choice.id);
  const name = str(choice.name);
  const acknowledgement = str(choice.acknowledgement);
  if (id !== undefined) return ctx.license("id", id, acknowledgement);
  if (name !== undefined) return ctx.license("name", name, acknowledgement);
  return undefined;
}

function externalReferences(value: unknown): ExternalReference[] {
  const list = arr(value);
  if (list.length === 0) return EMPTY;
  const out: ExternalReference[] = [];
  for (const item of list) {
    const o = obj(item);
    const type = str(o?.type);
    const url = str(o?.url);
    if (!o || type === undefined || url === undefined) continue;
    const reference: ExternalReference = { type, url, hashes: hashes(o.hashes) };
    const comment = str(o.comment);
    if (comment !== undefined) reference.comment = comment;
    out.push(reference);
  }
  return listOrEmpty(out);
}

/** A property that already has the model's shape: exactly a non-empty `name` and a string `value`. */
function isPlainProperty(item: unknown): boolean {
  const o = obj(item);
  if (!o || !isNonEmptyString(o.name) || typeof o.value !== "string") return false;
  let keys = 0;
  for (const key in o) {
    if (key !== "name" && key !== "value") return false;
    keys++;
  }
  return keys === 2;
}

function properties(value: unknown): Property[] {
  const list = arr(value);
  if (list.length === 0) return EMPTY;
  if (list.every(isPlainProperty)) return list as Property[];
  const out: Property[] = [];
  for (const item of list) {
    const o = obj(item);
    if (!o) continue;
    out.push({ name: str(o.name) ?? "", value: typeof o.value === "string" ? o.value : "" });
  }
  return listOrEmpty(out);
}

class JsonNormalizer {
  readonly components: Component[] = [];
  readonly services: Service[] = [];
  readonly cryptoAssets: CryptoAsset[] = [];

  constructor(private readonly ctx: NormalizeContext) {}

  /** Normalized suppliers and manufacturers by name, each with the raw value it came from. */
  private readonly entities = new Map<unknown, { raw: JsonObject; entity: OrganizationalEntity }[]>();

  /**
   * Suppliers and manufacturers repeat across a BOM (one vendor, thousands of packages): raw entities that
   * agree on everything `entity()` reads (name, urls, contacts) share one normalized object. Measured on the
   * 50k synthetic SBOM: 15 MiB of model less. Candidates are found by name and compared field by field, with
   * nothing allocated. The model is read-only (normalize-common.ts), so sharing is safe.
   */
  private sharedEntity(value: unknown): OrganizationalEntity | undefined {
    const o = obj(value);
    if (!o) return undefined;
    const name = o.name;
    let candidates = this.entities.get(name);
    if (candidates) {
      for (const candidate of candidates) if (sameEntityInput(candidate.raw, o)) return candidate.entity;
      // A name with many different shapes is not a repeated vendor: stop collecting for it.
      if (candidates.length >= 8) return entity(o);
    } else {
      candidates = [];
      this.entities.set(name, candidates);
    }
    const normalized = entity(o);
    if (normalized) candidates.push({ raw: o, entity: normalized });
    return normalized;
  }

  component(raw: JsonObject, location: string, syntheticRef: string, parentRef: string | undefined): Component {
    const bomRef = str(raw["bom-ref"]);
    const result: Component = {
      bomRef: bomRef ?? syntheticRef,
      hasBomRef: bomRef !== undefined,
      type: str(raw.type) ?? "",
      name: str(raw.name) ?? "",
      authors: EMPTY,
      hashes: hashes(raw.hashes),
      licenses: licenses(this.ctx, raw.licenses),
      externalReferences: externalReferences(raw.externalReferences),
      properties: properties(raw.properties),
      location,
    };
    const version = str(raw.version);
    if (version !== undefined) result.version = version;
    const group = str(raw.group);
    if (group !== undefined) result.group = group;
    const description = str(raw.description);
    if (description !== undefined) result.description = description;
    const scope = str(raw.scope);
    if (isScope(scope)) result.scope = scope;
    const purl = str(raw.purl);
    if (purl !== undefined) {
      // Tools often use the purl as the bom-ref, and the purl's name and version are usually the component's:
      // equal strings are kept once (about 7 MiB less at 50k components; the model is read-only).
      const parsed = this.ctx.parsePurl(purl === bomRef ? bomRef : purl);
      if (parsed.name !== undefined && parsed.name === result.name) parsed.name = result.name;
      if (parsed.version !== undefined && parsed.version === version) parsed.version = version;
      result.purl = parsed;
    }
    const cpe = str(raw.cpe);
    if (cpe !== undefined) result.cpe = cpe;
    const swidTagId = str(obj(raw.swid)?.tagId);
    if (swidTagId !== undefined) result.swidTagId = swidTagId;
    const supplier = this.sharedEntity(raw.supplier);
    if (supplier) result.supplier = supplier;
    const manufacturer = this.sharedEntity(raw.manufacturer);
    if (manufacturer) result.manufacturer = manufacturer;
    const author = str(raw.author);
    if (author !== undefined) result.author = author;
    const authors = contacts(raw.authors);
    if (authors.length > 0) {
      const names: string[] = [];
      for (const contact of authors) {
        const who = contact.name ?? contact.email;
        if (who !== undefined) names.push(who);
      }
      result.authors = listOrEmpty(names);
    }
    const publisher = str(raw.publisher);
    if (publisher !== undefined) result.publisher = publisher;
    const copyright = str(raw.copyright);
    if (copyright !== undefined) result.copyright = copyright;
    if (parentRef !== undefined) result.parentRef = parentRef;
    const crypto = obj(raw.cryptoProperties);
    if (crypto) this.cryptoAsset(result, crypto);
    return result;
  }

  private cryptoAsset(component: Component, crypto: JsonObject): void {
    const asset: CryptoAsset = { bomRef: component.bomRef, name: component.name, location: component.location };
    const assetType = str(crypto.assetType);
    if (assetType !== undefined) asset.assetType = assetType;
    const primitive = str(obj(crypto.algorithmProperties)?.primitive);
    if (primitive !== undefined) asset.algorithm = primitive;
    const oid = str(crypto.oid);
    if (oid !== undefined) asset.oid = oid;
    this.cryptoAssets.push(asset);
  }

  /** How many components got a synthesized `#i` bom-ref (their index in the flattened list). */
  syntheticComponentRefs = 0;

  /** Depth-first, parent before children: the flattened order the model promises. */
  flattenComponents(list: unknown, baseLocation: string, parentRef: string | undefined): void {
    const items = arr(list);
    for (let i = 0; i < items.length; i++) this.flattenComponent(items[i], `${baseLocation}/${i}`, parentRef);
  }

  /** One list entry and its sub-components, flattened. Entries that are not objects are skipped. */
  flattenComponent(item: unknown, location: string, parentRef: string | undefined): void {
    const raw = obj(item);
    if (!raw) return;
    // The `#i` fallback is only built for a component without a bom-ref: most have one, and the string per
    // component was measurable garbage at 50k components.
    let fallbackRef = "";
    if (str(raw["bom-ref"]) === undefined) {
      fallbackRef = syntheticComponentRef(this.components.length);
      this.syntheticComponentRefs++;
    }
    const component = this.component(raw, location, fallbackRef, parentRef);
    this.components.push(component);
    if (raw.components !== undefined)
      this.flattenComponents(raw.components, `${location}/components`, component.bomRef);
  }

  flattenServices(list: unknown, baseLocation: string): void {
    const items = arr(list);
    for (let i = 0; i < items.length; i++) this.flattenService(items[i], `${baseLocation}/${i}`);
  }

  flattenService(item: unknown, location: string): void {
    const raw = obj(item);
    if (!raw) return;
    const bomRef = str(raw["bom-ref"]);
    const service: Service = {
      bomRef: bomRef ?? syntheticServiceRef(this.services.length),
      hasBomRef: bomRef !== undefined,
      name: str(raw.name) ?? "",
      endpoints: strings(raw.endpoints),
      externalReferences: externalReferences(raw.externalReferences),
      location,
    };
    const version = str(raw.version);
    if (version !== undefined) service.version = version;
    const group = str(raw.group);
    if (group !== undefined) service.group = group;
    const provider = entity(raw.provider);
    if (provider) service.provider = provider;
    if (typeof raw.authenticated === "boolean") service.authenticated = raw.authenticated;
    if (typeof raw["x-trust-boundary"] === "boolean") service.xTrustBoundary = raw["x-trust-boundary"];
    this.services.push(service);
    if (raw.services !== undefined) this.flattenServices(raw.services, `${location}/services`);
  }
}

function tools(value: unknown): SbomMetadata["tools"] {
  const out: SbomMetadata["tools"] = [];
  const push = (vendor: string | undefined, name: string | undefined, version: string | undefined) => {
    const tool: SbomMetadata["tools"][number] = {};
    if (vendor !== undefined) tool.vendor = vendor;
    if (name !== undefined) tool.name = name;
    if (version !== undefined) tool.version = version;
    out.push(tool);
  };
  if (Array.isArray(value)) {
    // Legacy form (1.2–1.4, deprecated in 1.5): [{ vendor, name, version }].
    for (const item of value) {
      const o = obj(item);
      if (o) push(str(o.vendor), str(o.name), str(o.version));
    }
  } else {
    // 1.5+ form: { components: [component], services: [service] }. The vendor is read from the fields that
    // took its place: group first (what CycloneDX's own converters map it to), then the organisations.
    const o = obj(value);
    for (const item of arr(o?.components)) {
      const c = obj(item);
      if (!c) continue;
      const vendor =
        str(c.group) ??
        str(obj(c.manufacturer)?.name) ??
        str(obj(c.supplier)?.name) ??
        str(c.publisher) ??
        str(c.author);
      push(vendor, str(c.name), str(c.version));
    }
    for (const item of arr(o?.services)) {
      const s = obj(item);
      if (s) push(str(obj(s.provider)?.name) ?? str(s.group), str(s.name), str(s.version));
    }
  }
  return listOrEmpty(out);
}

function metadataAuthors(value: unknown): SbomMetadata["authors"] {
  const out: SbomMetadata["authors"] = [];
  for (const contact of contacts(value)) {
    const author: SbomMetadata["authors"][number] = {};
    if (contact.name !== undefined) author.name = contact.name;
    if (contact.email !== undefined) author.email = contact.email;
    out.push(author);
  }
  return listOrEmpty(out);
}

function lifecycles(value: unknown): string[] {
  const out: string[] = [];
  for (const item of arr(value)) {
    const o = obj(item);
    const phase = str(o?.phase) ?? str(o?.name);
    if (phase !== undefined) out.push(phase);
  }
  return listOrEmpty(out);
}

function dependency(item: unknown): Dependency | undefined {
  const o = obj(item);
  const ref = str(o?.ref);
  return ref === undefined ? undefined : { ref, dependsOn: strings(o?.dependsOn) };
}

function compositions(value: unknown): Composition[] {
  const out: Composition[] = [];
  for (const item of arr(value)) {
    const o = obj(item);
    if (!o) continue;
    out.push({
      aggregate: str(o.aggregate) ?? "",
      assemblies: strings(o.assemblies),
      dependencies: strings(o.dependencies),
    });
  }
  return listOrEmpty(out);
}

function vulnerability(item: unknown, i: number): Vulnerability | undefined {
  const o = obj(item);
  if (!o) return undefined;
  const vulnerability: Vulnerability = {
    references: [],
    ratings: [],
    cwes: [],
    affects: [],
    location: `/vulnerabilities/${i}`,
  };
  const bomRef = str(o["bom-ref"]);
  if (bomRef !== undefined) vulnerability.bomRef = bomRef;
  const id = str(o.id);
  if (id !== undefined) vulnerability.id = id;
  const source = obj(o.source);
  const sourceName = str(source?.name);
  if (sourceName !== undefined) vulnerability.sourceName = sourceName;
  const sourceUrl = str(source?.url);
  if (sourceUrl !== undefined) vulnerability.sourceUrl = sourceUrl;
  for (const item of arr(o.references)) {
    const r = obj(item);
    const refId = str(r?.id);
    if (refId === undefined) continue;
    const reference: Vulnerability["references"][number] = { id: refId };
    const refSource = str(obj(r?.source)?.name);
    if (refSource !== undefined) reference.sourceName = refSource;
    vulnerability.references.push(reference);
  }
  for (const item of arr(o.ratings)) {
    const r = obj(item);
    if (!r) continue;
    const rating: Vulnerability["ratings"][number] = {};
    const severity = str(r.severity);
    if (severity !== undefined) rating.severity = severity;
    if (typeof r.score === "number" && Number.isFinite(r.score)) rating.score = r.score;
    const method = str(r.method);
    if (method !== undefined) rating.method = method;
    vulnerability.ratings.push(rating);
  }
  for (const cwe of arr(o.cwes)) if (typeof cwe === "number" && Number.isInteger(cwe)) vulnerability.cwes.push(cwe);
  const description = str(o.description);
  if (description !== undefined) vulnerability.description = description;
  const recommendation = str(o.recommendation);
  if (recommendation !== undefined) vulnerability.recommendation = recommendation;
  const published = str(o.published);
  if (published !== undefined) vulnerability.published = published;
  const updated = str(o.updated);
  if (updated !== undefined) vulnerability.updated = updated;
  const analysis = obj(o.analysis);
  if (analysis) {
    const normalized: NonNullable<Vulnerability["analysis"]> = { response: strings(analysis.response) };
    const state = str(analysis.state);
    if (state !== undefined) normalized.state = state;
    const justification = str(analysis.justification);
    if (justification !== undefined) normalized.justification = justification;
    const detail = str(analysis.detail);
    if (detail !== undefined) normalized.detail = detail;
    vulnerability.analysis = normalized;
  }
  for (const item of arr(o.affects)) {
    const a = obj(item);
    const ref = str(a?.ref);
    if (ref === undefined) continue;
    const affects: VulnerabilityAffects = { ref, versions: [] };
    for (const v of arr(a?.versions)) {
      const version = obj(v);
      if (!version) continue;
      const entry: VulnerabilityAffects["versions"][number] = {};
      const exact = str(version.version);
      if (exact !== undefined) entry.version = exact;
      const range = str(version.range);
      if (range !== undefined) entry.range = range;
      const status = str(version.status);
      if (status !== undefined) entry.status = status;
      affects.versions.push(entry);
    }
    vulnerability.affects.push(affects);
  }
  return vulnerability;
}

/**
 * Builds the normalized model from the parts of a CycloneDX JSON document, in any order: the whole-document
 * path (`normalizeJsonBom`) hands it everything at once, the streaming reader (ingest-stream.ts) one list entry
 * at a time, so that each raw entry can be dropped once it is normalized. Every part is validated first.
 */
export class JsonBomBuilder {
  private readonly ctx = new NormalizeContext();
  private readonly normalizer = new JsonNormalizer(this.ctx);
  private metadata: SbomMetadata = {
    tools: EMPTY,
    authors: EMPTY,
    lifecycles: EMPTY,
    properties: EMPTY,
    licenses: EMPTY,
  };
  private root: Component | undefined;
  /** Components flattened before the root's: their synthesized `#i` refs assumed no root components first. */
  private syntheticRefsBeforeRoot = 0;
  /** How many places the root and its sub-components moved the components flattened before them. */
  private rootShift = 0;
  private readonly dependencies: Dependency[] = [];
  private readonly vulnerabilities: Vulnerability[] = [];
  private topLevel: Record<string, unknown> = {};

  constructor(private readonly specVersion: SpecVersion) {}

  /** `metadata`, including the root component (`metadata.component`) and its sub-components. */
  setMetadata(value: unknown): void {
    const rawMetadata = obj(value);
    const metadata: SbomMetadata = {
      tools: tools(rawMetadata?.tools),
      authors: metadataAuthors(rawMetadata?.authors),
      lifecycles: lifecycles(rawMetadata?.lifecycles),
      properties: properties(rawMetadata?.properties),
      licenses: licenses(this.ctx, rawMetadata?.licenses),
    };
    const timestamp = str(rawMetadata?.timestamp);
    if (timestamp !== undefined) metadata.timestamp = timestamp;
    const manufacturer = entity(rawMetadata?.manufacturer);
    if (manufacturer) metadata.manufacturer = manufacturer;
    const manufacture = entity(rawMetadata?.manufacture);
    if (manufacture) metadata.manufacture = manufacture;
    const supplier = entity(rawMetadata?.supplier);
    if (supplier) metadata.supplier = supplier;
    this.metadata = metadata;

    // The root comes first in the flattened list: its own nested components are part of the product, so they
    // are flattened into `components` like any other.
    const rawRoot = obj(rawMetadata?.component);
    if (!rawRoot) return;
    const normalizer = this.normalizer;
    this.syntheticRefsBeforeRoot = normalizer.syntheticComponentRefs;
    const earlier = normalizer.components.splice(0);
    this.root = normalizer.component(rawRoot, "/metadata/component", SYNTHETIC_ROOT_REF, undefined);
    if (rawRoot.components !== undefined)
      normalizer.flattenComponents(rawRoot.components, "/metadata/component/components", this.root.bomRef);
    if (earlier.length > 0) this.rootShift = normalizer.components.length;
    for (const component of earlier) normalizer.components.push(component);
  }

  /** Entry `index` of the top-level `components` list, with its sub-components. */
  addComponent(item: unknown, index: number): void {
    this.normalizer.flattenComponent(item, `/components/${index}`, undefined);
  }

  addService(item: unknown, index: number): void {
    this.normalizer.flattenService(item, `/services/${index}`);
  }

  addDependency(item: unknown): void {
    const normalized = dependency(item);
    if (normalized) this.dependencies.push(normalized);
  }

  addVulnerability(item: unknown, index: number): void {
    const normalized = vulnerability(item, index);
    if (normalized) this.vulnerabilities.push(normalized);
  }

  /** The document's remaining top-level members (serial number, version, external references, compositions). */
  setTopLevel(doc: Record<string, unknown>): void {
    this.topLevel = doc;
  }

  /**
   * Whether the model is exactly what the whole-document path builds. It is not when components were flattened
   * before a root that has components of its own and some of them got a synthesized `#i` ref: those indexes
   * assumed the root's components were not ahead of them. (Only a streamed document with `metadata` after
   * `components` can get here; the caller then normalizes the whole document instead.)
   */
  get exact(): boolean {
    return this.rootShift === 0 || this.syntheticRefsBeforeRoot === 0;
  }

  finish(): NormalizedSbom {
    const doc = this.topLevel;
    const sbom: NormalizedSbom = {
      format: "json",
      specVersion: this.specVersion,
      metadata: this.metadata,
      components: this.normalizer.components,
      services: this.normalizer.services,
      dependencies: listOrEmpty(this.dependencies),
      rootDirectDependencies: rootDirectDependencies(this.root, this.dependencies),
      vulnerabilities: listOrEmpty(this.vulnerabilities),
      cryptoAssets: this.normalizer.cryptoAssets,
      externalReferences: externalReferences(doc.externalReferences),
      compositions: compositions(doc.compositions),
    };
    const serialNumber = str(doc.serialNumber);
    if (serialNumber !== undefined) sbom.serialNumber = serialNumber;
    if (typeof doc.version === "number" && Number.isInteger(doc.version)) sbom.version = doc.version;
    if (this.root) sbom.root = this.root;
    return sbom;
  }
}

/** Normalizes a schema-valid CycloneDX JSON document. Never throws on document content. */
export function normalizeJsonBom(doc: Record<string, unknown>, specVersion: SpecVersion): NormalizedSbom {
  const builder = new JsonBomBuilder(specVersion);
  builder.setMetadata(doc.metadata);
  const components = arr(doc.components);
  for (let i = 0; i < components.length; i++) builder.addComponent(components[i], i);
  const services = arr(doc.services);
  for (let i = 0; i < services.length; i++) builder.addService(services[i], i);
  for (const item of arr(doc.dependencies)) builder.addDependency(item);
  const vulnerabilities = arr(doc.vulnerabilities);
  for (let i = 0; i < vulnerabilities.length; i++) builder.addVulnerability(vulnerabilities[i], i);
  builder.setTopLevel(doc);
  return builder.finish();
}
