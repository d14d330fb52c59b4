/**
 * OSCAL 1.2 Control Mapping model (`mapping-collection`) export, JSON form, per the metaschema in
 * usnistgov/OSCAL `src/metaschema/oscal_mapping_metaschema.xml` and `oscal_mapping-common_metaschema.xml`:
 * collection { uuid, metadata, provenance{method, matching-rationale, status, mapping-description}, mappings[],
 * back-matter }; mapping { uuid, source-resource, target-resource, maps[], target-gap-summary, … }; map { uuid,
 * relationship, sources[{type, id-ref}], targets[…], confidence-score{category}, remarks }.
 *
 * UUIDs are name-based (RFC 9562 version 5 over the ids) so that the same input always exports the same document.
 * Fields OSCAL has no slot for (reviewed, derived-via) go into `props` in our own namespace.
 */
import { createHash } from "node:crypto";
import type { Crosswalk, MappingReview, Relationship } from "../domain/crosswalk.js";
import type { FrameworkCatalog } from "../domain/requirement.js";
import type { DirectionComparison } from "./compare.js";
import { mappingKey, mappingReviewed } from "./recognition.js";
import { reviewText } from "./render.js";

export const OSCAL_VERSION = "1.2.2";
/** Namespace for our own props (an absolute URI, as OSCAL requires for `ns`). */
export const PROP_NS = "urn:cra-assessor:oscal";
const UUID_NAMESPACE = "6f1d3c2e-8b0a-5c1e-9a7d-2f4b6e8c0d1a";

/** RFC 9562 §5.5 name-based UUID (SHA-1). */
export function nameUuid(name: string, namespace = UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replaceAll("-", ""), "hex");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const OSCAL_RELATIONSHIP: Record<Relationship, string> = {
  equal: "equal-to",
  equivalent: "equivalent-to",
  "subset-of": "subset-of",
  "superset-of": "superset-of",
  "intersects-with": "intersects-with",
  "no-relationship": "no-relationship",
};

export interface OscalMapSource {
  title: string;
  sourceFramework: string;
  targetFramework: string;
  method: "human" | "automation" | "hybrid";
  rationale: "syntactic" | "semantic" | "functional";
  status: "complete" | "not-complete" | "draft";
  description: string;
  reviewed: boolean;
  rows: {
    source: string;
    target: string;
    relationship: Relationship;
    rationale?: "syntactic" | "semantic" | "functional";
    confidence: "high" | "medium" | "low";
    residual?: string;
    derivedVia?: string;
    /** Crosswalk rows: whether the row counts as reviewed, and its reviews as text (oldest first). */
    reviewed?: boolean;
    reviews?: string[];
  }[];
  unmappedTargets: string[];
  unmappedSources: string[];
}

type Json = Record<string, unknown>;

/**
 * Builds the OSCAL document. `lastModified` is injected (RFC 3339) so exports are reproducible.
 *
 * @example
 * const doc = toOscalMappingCollection(fromCrosswalk(crosswalk), catalogs, "2026-11-27T00:00:00Z");
 */
export function toOscalMappingCollection(
  input: OscalMapSource,
  catalogs: ReadonlyMap<string, FrameworkCatalog>,
  lastModified: string,
): { "mapping-collection": Json } {
  const key = `${input.sourceFramework}->${input.targetFramework}`;
  const resource = (framework: string) => {
    const catalog = catalogs.get(framework);
    return {
      uuid: nameUuid(`resource:${framework}`),
      title: catalog ? `${catalog.name} (${catalog.version})` : framework,
      props: [{ name: "framework-id", ns: PROP_NS, value: framework }],
      ...(catalog?.source.url ? { rlinks: [{ href: catalog.source.url }] } : {}),
    };
  };
  const sourceResource = resource(input.sourceFramework);
  const targetResource = resource(input.targetFramework);
  const maps = [...input.rows]
    .sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target))
    .map((row) => {
      const map: Json = {
        uuid: nameUuid(`map:${key}:${row.source}:${row.target}`),
        ...(row.rationale && row.rationale !== input.rationale ? { "matching-rationale": row.rationale } : {}),
        relationship: OSCAL_RELATIONSHIP[row.relationship],
        sources: [{ type: "statement", "id-ref": row.source }],
        targets: [{ type: "statement", "id-ref": row.target }],
        "confidence-score": { category: row.confidence },
      };
      const props: Json[] = [];
      if (row.derivedVia) props.push({ name: "derived-via", ns: PROP_NS, value: row.derivedVia });
      if (row.reviewed !== undefined) props.push({ name: "reviewed", ns: PROP_NS, value: String(row.reviewed) });
      for (const review of row.reviews ?? []) props.push({ name: "review", ns: PROP_NS, value: review });
      if (props.length > 0) map.props = props;
      if (row.residual) map.remarks = `Residual (not covered in the target): ${row.residual}`;
      return map;
    });
  const mapping: Json = {
    uuid: nameUuid(`mapping:${key}`),
    "source-resource": { type: "catalog", href: `#${sourceResource.uuid}` },
    "target-resource": { type: "catalog", href: `#${targetResource.uuid}` },
    maps,
  };
  if (input.unmappedSources.length > 0) {
    mapping["source-gap-summary"] = {
      uuid: nameUuid(`source-gap:${key}`),
      "unmapped-controls": [{ "with-ids": [...input.unmappedSources].sort() }],
    };
  }
  if (input.unmappedTargets.length > 0) {
    mapping["target-gap-summary"] = {
      uuid: nameUuid(`target-gap:${key}`),
      "unmapped-controls": [{ "with-ids": [...input.unmappedTargets].sort() }],
    };
  }
  return {
    "mapping-collection": {
      uuid: nameUuid(`collection:${key}:${input.status}`),
      metadata: {
        title: input.title,
        "last-modified": lastModified,
        version: "1",
        "oscal-version": OSCAL_VERSION,
      },
      provenance: {
        method: input.method,
        "matching-rationale": input.rationale,
        status: input.status,
        "mapping-description": input.description,
        props: [{ name: "reviewed", ns: PROP_NS, value: String(input.reviewed) }],
      },
      mappings: [mapping],
      "back-matter": { resources: [sourceResource, targetResource] },
    },
  };
}

/**
 * A crosswalk file as an OSCAL mapping source. Each row carries its reviews (the file's, then those recorded in the
 * database, `stored`) as `review` props and whether it counts as reviewed.
 */
export function fromCrosswalk(
  crosswalk: Crosswalk,
  catalogs: ReadonlyMap<string, FrameworkCatalog>,
  stored?: ReadonlyMap<string, readonly MappingReview[]>,
): OscalMapSource {
  const mappedSources = new Set(crosswalk.mappings.map((m) => m.source));
  const source = catalogs.get(crosswalk.sourceFramework);
  return {
    title: crosswalk.title,
    sourceFramework: crosswalk.sourceFramework,
    targetFramework: crosswalk.targetFramework,
    method: crosswalk.provenance.method,
    rationale: "semantic",
    status: crosswalk.provenance.reviewed ? "complete" : "draft",
    description: `${crosswalk.useCase} Sources: ${crosswalk.provenance.sources.join("; ")}.`,
    reviewed: crosswalk.provenance.reviewed,
    rows: crosswalk.mappings.map(({ reviews: fileReviews, note: _note, ...m }) => {
      const reviews = [...(fileReviews ?? []), ...(stored?.get(mappingKey(crosswalk.id, m.source, m.target)) ?? [])];
      return {
        ...m,
        reviewed: mappingReviewed(crosswalk, { ...m, reviews }, undefined),
        ...(reviews.length > 0 ? { reviews: reviews.map(reviewText) } : {}),
      };
    }),
    unmappedTargets: crosswalk.uncovered.map((u) => u.target),
    unmappedSources: (source?.requirements ?? []).map((r) => r.id).filter((id) => !mappedSources.has(id)),
  };
}

/** One direction of a comparison as an OSCAL mapping source (derived rows are drafts, never complete). */
export function fromComparison(direction: DirectionComparison, title: string): OscalMapSource {
  const rows: OscalMapSource["rows"] = [];
  for (const row of direction.rows) {
    for (const link of row.links) {
      rows.push({
        source: link.source,
        target: row.target,
        relationship: link.relationship,
        confidence: link.confidence,
        ...(link.residual ? { residual: link.residual } : {}),
        ...(link.via ? { derivedVia: link.via } : {}),
      });
    }
  }
  return {
    title,
    sourceFramework: direction.source.framework,
    targetFramework: direction.target.framework,
    method: direction.method === "derived" ? "automation" : "hybrid",
    rationale: "semantic",
    status: direction.reviewed ? "complete" : "draft",
    description:
      direction.method === "derived"
        ? `Derived candidates through ${direction.pivot ?? "no pivot"} (${direction.crosswalks.join(", ")}); not reviewed mappings.`
        : `From ${direction.crosswalks.join(", ")}${direction.method === "inverted-crosswalk" ? ", read backwards" : ""}.`,
    reviewed: direction.reviewed,
    rows,
    unmappedTargets: direction.uncovered,
    // A comparison is read from the target's side; source-side gaps are in the other direction's document.
    unmappedSources: [],
  };
}
