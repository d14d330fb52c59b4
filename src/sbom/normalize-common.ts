/**
 * Pieces of the normalizer (normalize.ts) that need no reader: purl and SPDX parsing (with per-document caches),
 * synthesized bom-refs, and the final assembly of the root's direct dependencies. Nothing here reads a raw
 * document.
 */
import { PackageURL } from "packageurl-js";
import parseSpdxExpression from "spdx-expression-parse";
import type { Component, Dependency, Hash, License, ParsedPurl } from "./model.js";

/**
 * One shared, frozen empty list for the many absent lists of a large SBOM. The model promises that lists are
 * always present; sharing one empty array avoids allocating tens of thousands of them for a large SBOM.
 * Consumers must treat the model as read-only.
 */
export const EMPTY: never[] = Object.freeze([]) as unknown as never[];

export function listOrEmpty<T>(list: T[]): T[] {
  return list.length === 0 ? EMPTY : list;
}

interface SpdxParse {
  validSpdx: boolean;
  spdxIds?: string[];
}

type SpdxNode = { license?: string; left?: SpdxNode; right?: SpdxNode };

function collectSpdxIds(node: SpdxNode, into: string[]): void {
  if (node.license !== undefined) {
    if (!into.includes(node.license)) into.push(node.license);
    return;
  }
  if (node.left) collectSpdxIds(node.left, into);
  if (node.right) collectSpdxIds(node.right, into);
}

/**
 * A Maven purl without its group (`pkg:maven/commons-io@2.11.0`) is a common invalid purl (Maven needs one), and
 * packageurl-js refuses it only after its whole parse (URL splitting, decoding, every component's checks): in a
 * document where one purl in eight is one, every eighth purl paid a full parse to be refused. The pattern is narrow
 * so that the library's answer is certain: lower-case scheme and type, one path segment of plain characters
 * (nothing to decode, normalize or split), an optional plain version, no qualifiers or subpath. Such a purl passes
 * every component check and fails only the Maven rule, with this message (a unit test compares both for a table
 * of purls); anything else still goes to packageurl-js, which stays the authority.
 */
const MAVEN_WITHOUT_GROUP = /^pkg:maven\/[A-Za-z0-9][A-Za-z0-9._-]*(?:@[A-Za-z0-9][A-Za-z0-9._-]*)?$/;
const MAVEN_WITHOUT_GROUP_ERROR = 'Invalid purl: maven requires a "namespace" component';

const LICENSE_KIND_SLOT: Readonly<Record<License["kind"], number>> = { id: 0, name: 1, expression: 2 };

/**
 * Caches are per normalization run: real SBOMs repeat the same licence expressions thousands of times. Keys come
 * from the document, so they live in a `Map`. Purls are not cached: a BOM's purls are nearly all distinct (often
 * they are its bom-refs), so a cache cost a hash look-up and an entry per component for almost no hits.
 */
export class NormalizeContext {
  private readonly spdx = new Map<string, SpdxParse>();

  parsePurl(raw: string): ParsedPurl {
    if (MAVEN_WITHOUT_GROUP.test(raw)) return { raw, parseError: MAVEN_WITHOUT_GROUP_ERROR };
    let parsed: ParsedPurl;
    // packageurl-js reports an invalid purl by throwing, and an Error captures its stack when made: measured at
    // 50k components with one purl in eight invalid (a Maven purl without its group), the stack capture was about
    // four times the parse of a valid purl. Only the message is kept, so no stack is captured here.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      const purl = PackageURL.fromString(raw);
      parsed = { raw, type: this.intern(purl.type), name: purl.name };
      if (purl.namespace) parsed.namespace = this.intern(purl.namespace);
      if (purl.version) parsed.version = purl.version;
      if (purl.subpath) parsed.subpath = purl.subpath;
      // packageurl-js 2.x builds qualifiers on a prototype-less object with string values (normalize.js), so a
      // `__proto__` qualifier is already a plain key; it is reused as is (a test pins the null prototype).
      if (purl.qualifiers) parsed.qualifiers = this.sharedQualifiers(raw, purl.qualifiers as Record<string, string>);
    } catch (error) {
      parsed = { raw, parseError: error instanceof Error ? error.message : String(error) };
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    return parsed;
  }

  private readonly qualifiers = new Map<string, Record<string, string>>();

  /**
   * Equal qualifier text parses to equal qualifiers (`?type=jar`, `?arch=amd64` on thousands of purls): one
   * shared object per distinct text. Keyed by the purl's own qualifier section, so no key is built.
   */
  private sharedQualifiers(raw: string, parsed: Record<string, string>): Record<string, string> {
    const start = raw.indexOf("?");
    if (start === -1) return parsed;
    const end = raw.indexOf("#", start);
    const key = end === -1 ? raw.slice(start) : raw.slice(start, end);
    const known = this.qualifiers.get(key);
    if (known !== undefined) return known;
    this.qualifiers.set(key, parsed);
    return parsed;
  }

  private readonly interned = new Map<string, string>();

  /** One string object per distinct purl type and namespace: a few dozen values over thousands of purls. */
  private intern(value: string): string {
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    this.interned.set(value, value);
    return value;
  }

  private parseSpdx(value: string): SpdxParse {
    const cached = this.spdx.get(value);
    if (cached) return cached;
    let result: SpdxParse;
    try {
      const ids: string[] = [];
      collectSpdxIds(parseSpdxExpression(value) as SpdxNode, ids);
      result = { validSpdx: true, spdxIds: ids };
    } catch {
      result = { validSpdx: false };
    }
    this.spdx.set(value, result);
    return result;
  }

  /**
   * License objects are immutable and shared: one per (kind, acknowledgement, value) in a document. One map per
   * (kind, acknowledgement) pair keyed by the value alone, so no key string is built per licence (measured: the
   * concatenated key was about a tenth of normalization time at 50k components).
   */
  private readonly licenses: Map<string, License>[] = [];

  license(kind: License["kind"], value: string, acknowledgement: string | undefined): License {
    const ack = acknowledgement === "declared" || acknowledgement === "concluded" ? acknowledgement : undefined;
    // Kind and acknowledgement come from fixed lists: three kinds times three acknowledgements, nine maps.
    const slot = LICENSE_KIND_SLOT[kind] * 3 + (ack === undefined ? 0 : ack === "declared" ? 1 : 2);
    let byValue = this.licenses[slot];
    if (!byValue) {
      byValue = new Map();
      this.licenses[slot] = byValue;
    }
    const cached = byValue.get(value);
    if (cached) return cached;
    const license = this.makeLicense(kind, value, ack);
    byValue.set(value, license);
    return license;
  }

  private makeLicense(kind: License["kind"], value: string, acknowledgement: License["acknowledgement"]): License {
    const license: License = { kind, value };
    if (kind !== "name") {
      const parsed = this.parseSpdx(value);
      license.validSpdx = parsed.validSpdx;
      if (parsed.spdxIds) license.spdxIds = parsed.spdxIds;
    }
    if (acknowledgement !== undefined) license.acknowledgement = acknowledgement;
    return license;
  }
}

/** A component without a bom-ref gets `#<index>` (its position in the flattened list) so graphs can still name it. */
export function syntheticComponentRef(index: number): string {
  return `#${index}`;
}

export function syntheticServiceRef(index: number): string {
  return `#service-${index}`;
}

export const SYNTHETIC_ROOT_REF = "#root";

/** The `dependsOn` of the dependency entry whose ref is the root's bom-ref (first entry wins, as in the spec's graph). */
export function rootDirectDependencies(root: Component | undefined, dependencies: Dependency[]): string[] {
  if (!root?.hasBomRef) return EMPTY;
  for (const dependency of dependencies) {
    if (dependency.ref === root.bomRef) return dependency.dependsOn;
  }
  return EMPTY;
}

export function isScope(value: string | undefined): value is "required" | "optional" | "excluded" {
  return value === "required" || value === "optional" || value === "excluded";
}

export type { Hash };
