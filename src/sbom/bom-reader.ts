/**
 * How the normalizer (normalize.ts) reads a document, whatever its syntax. The normalizer knows the spec's
 * fields and writes each of them once; a reader only says how its format spells a field.
 *
 * Fields are named by their CycloneDX JSON member names, the normalizer's vocabulary: `bom-ref`, `hashes`,
 * `dependsOn`. The JSON reader looks the member up; the XML reader knows that `hashes` is a `<hashes>` wrapper
 * around `<hash>` elements and that `bom-ref` is an attribute. Another format (SPDX, say) can feed the same
 * normalizer by answering the same names from its own structures: spdx-reader.ts answers an SPDX package's
 * `versionInfo` as `version`, its `checksums` as `hashes` with `alg` and `content`.
 *
 * `N` is whatever the reader uses as a node handle: the parsed JSON objects themselves (no wrapper is allocated
 * per object, which matters at 50k components), or a cached element for XML. Handles are opaque to the normalizer.
 */
import type { Hash, OrganizationalEntity, Property, SbomFormat, SbomStandard } from "./model.js";

/** Lists a reader may hand over as they are when they already have the model's exact shape. */
export interface ModelShapedLists {
  hash: Hash;
  contact: OrganizationalEntity["contact"][number];
  property: Property;
}

export interface BomReader<N> {
  readonly standard: SbomStandard;
  readonly format: SbomFormat;
  /** Where the document's root is, as the start of every `location` in the model (`""`, `/bom`). */
  readonly rootLocation: string;

  /** A non-empty string value; `undefined` when absent, empty or of another type (the model's convention). */
  string(node: N, field: string): string | undefined;
  /** A string value as written, whitespace and all (CycloneDX property values are free text); may be empty. */
  verbatim(node: N, field: string): string | undefined;
  /** A finite number. */
  number(node: N, field: string): number | undefined;
  boolean(node: N, field: string): boolean | undefined;
  /** A nested object. */
  child(node: N, field: string): N | undefined;
  /** The object entries of a list, in document order; entries of another type are left out. */
  list(node: N, field: string): readonly N[];
  /** The non-empty string entries of a list. */
  strings(node: N, field: string): string[];
  /** The integer entries of a list. */
  integers(node: N, field: string): number[];
  /** Where entry `index` of list `field` under `parent` is (`parent` being a location too). */
  entryLocation(parent: string, field: string, index: number): string;
  /** Where the object `field` under `parent` is. */
  childLocation(parent: string, field: string): string;

  /**
   * The list itself (empty when absent) when every entry already has the model's exact shape (for JSON, the
   * parsed objects: one allocation fewer per entry while document and model are both alive), else `undefined`.
   * Optional.
   */
  modelShaped?<K extends keyof ModelShapedLists>(node: N, field: string, shape: K): ModelShapedLists[K][] | undefined;
}
