/**
 * Synthetic CycloneDX SBOMs of any size, for benchmarks and tests: purls across eight ecosystems, SHA-512
 * hashes, licences, suppliers, a root product with direct dependencies, and a dependency graph in which every
 * component has an entry and is reachable from the root.
 *
 * Deterministic: every component is derived from (seed, index) alone, so the dependency section can be
 * regenerated after the components without keeping them in memory, and the output is emitted as a stream of
 * small chunks — 100k components never exist as one string.
 */

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { SbomFormat } from "../../src/sbom/model.js";

export type SyntheticSpecVersion = "1.4" | "1.5" | "1.6" | "1.7";
export const SYNTHETIC_SPEC_VERSIONS: readonly SyntheticSpecVersion[] = ["1.4", "1.5", "1.6", "1.7"];

export interface SyntheticSbomOptions {
  components: number;
  format: SbomFormat;
  specVersion?: SyntheticSpecVersion;
  seed?: number;
  /** Fixed by default so the same options give byte-identical output. */
  timestamp?: string;
  /** Add the BSI TR-03183-2 properties (filename, executable, archive, structured) to every component (1.6+). */
  bsiProperties?: boolean;
}

/** mulberry32: small, fast, and good enough to vary test data; not for anything secret. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function componentRng(seed: number, index: number): () => number {
  return rng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0);
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** `length` hex digits from the generator, one random 32-bit draw per 8 digits. */
function hex(next: () => number, length: number): string {
  let out = "";
  while (out.length < length) {
    const word = Math.floor(next() * 0x100000000);
    out +=
      HEX_BYTE[word >>> 24]! +
      HEX_BYTE[(word >>> 16) & 0xff]! +
      HEX_BYTE[(word >>> 8) & 0xff]! +
      HEX_BYTE[word & 0xff]!;
  }
  return out.slice(0, length);
}

const WORDS = ["core", "util", "parser", "http", "crypto", "log", "json", "stream", "cache", "auth", "xml", "io"];
const LICENSES = ["MIT", "Apache-2.0", "BSD-3-Clause", "ISC", "MPL-2.0", "GPL-2.0-only", "LGPL-2.1-or-later"];
const EXPRESSIONS = ["MIT OR Apache-2.0", "Apache-2.0 AND BSD-3-Clause", "GPL-2.0-only WITH Classpath-exception-2.0"];
const ECOSYSTEMS = ["npm", "maven", "pypi", "golang", "cargo", "nuget", "gem", "deb"] as const;

interface SyntheticComponent {
  bomRef: string;
  name: string;
  group?: string;
  version: string;
  purl: string;
  filename: string;
  supplier?: { name: string; url: string; email: string };
  sha512: string;
  license: { kind: "id" | "expression"; value: string };
  dependsOn: number[];
}

interface Layout {
  count: number;
  /** Components 0..direct-1 are the root's direct dependencies. */
  direct: number;
}

function layout(count: number): Layout {
  return { count, direct: Math.min(count, 10 + Math.floor(count / 100)) };
}

/** Only the bom-ref of component `index`, for the dependency section (skips the hash, drawn last). */
function refOf(seed: number, index: number, shape: Layout): string {
  return makeComponent(seed, index, shape, false).bomRef;
}

function makeComponent(seed: number, index: number, shape: Layout, withHash = true): SyntheticComponent {
  const next = componentRng(seed, index);
  const ecosystem = ECOSYSTEMS[Math.floor(next() * ECOSYSTEMS.length)] ?? "npm";
  const word = WORDS[Math.floor(next() * WORDS.length)] ?? "core";
  const name = `${word}-${index}`;
  const version = `${Math.floor(next() * 5)}.${Math.floor(next() * 20)}.${Math.floor(next() * 10)}`;
  const org = Math.floor(next() * 200);
  let group: string | undefined;
  let purl: string;
  let filename: string;
  switch (ecosystem) {
    case "npm":
      group = next() < 0.4 ? `@org${org}` : undefined;
      purl = group ? `pkg:npm/%40org${org}/${name}@${version}` : `pkg:npm/${name}@${version}`;
      filename = `${name}-${version}.tgz`;
      break;
    case "maven":
      group = `org.example.group${org}`;
      purl = `pkg:maven/${group}/${name}@${version}?type=jar`;
      filename = `${name}-${version}.jar`;
      break;
    case "pypi":
      purl = `pkg:pypi/${name}@${version}`;
      filename = `${name.replace(/-/g, "_")}-${version}-py3-none-any.whl`;
      break;
    case "golang":
      group = `github.com/org${org}`;
      purl = `pkg:golang/${group}/${name}@v${version}`;
      filename = `${name}@v${version}.zip`;
      break;
    case "cargo":
      purl = `pkg:cargo/${name}@${version}`;
      filename = `${name}-${version}.crate`;
      break;
    case "nuget":
      purl = `pkg:nuget/Example.${name}@${version}`;
      filename = `example.${name}.${version}.nupkg`;
      break;
    case "gem":
      purl = `pkg:gem/${name}@${version}`;
      filename = `${name}-${version}.gem`;
      break;
    default:
      purl = `pkg:deb/debian/${name}@${version}?arch=amd64`;
      filename = `${name}_${version}_amd64.deb`;
  }
  // A few components lack a supplier, so quality facts over synthetic SBOMs are not trivially clean.
  const supplier =
    next() < 0.97
      ? { name: `Supplier ${org}`, url: `https://supplier-${org}.example`, email: `security@supplier-${org}.example` }
      : undefined;
  const licensePick = next();
  const license =
    licensePick < 0.85
      ? { kind: "id" as const, value: LICENSES[Math.floor(next() * LICENSES.length)] ?? "MIT" }
      : { kind: "expression" as const, value: EXPRESSIONS[Math.floor(next() * EXPRESSIONS.length)] ?? "MIT" };
  // Edges always point forward (a DAG). Component j >= direct is reached from j - direct, so the whole set
  // hangs off the root; a few extra forward edges make the graph more than a forest.
  const dependsOn: number[] = [];
  if (index + shape.direct < shape.count) dependsOn.push(index + shape.direct);
  const extra = Math.floor(next() * 3);
  for (let k = 0; k < extra; k++) {
    const span = shape.count - index - 1;
    if (span <= 0) break;
    const target = index + 1 + Math.floor(next() * Math.min(span, 500));
    if (!dependsOn.includes(target)) dependsOn.push(target);
  }
  return {
    bomRef: purl,
    name,
    ...(group ? { group } : {}),
    version,
    purl,
    filename,
    ...(supplier ? { supplier } : {}),
    sha512: withHash ? hex(next, 128) : "",
    license,
    dependsOn,
  };
}

function uuid(seed: number): string {
  const h = hex(rng(seed ^ 0x5bd1e995), 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const ROOT = {
  bomRef: "pkg:generic/example/synthetic-product@1.0.0",
  name: "synthetic-product",
  version: "1.0.0",
  purl: "pkg:generic/example/synthetic-product@1.0.0",
};

const MANUFACTURER = {
  name: "Example Manufacturer GmbH",
  url: "https://manufacturer.example",
  email: "psirt@manufacturer.example",
};

function atLeast(spec: SyntheticSpecVersion, minimum: SyntheticSpecVersion): boolean {
  return SYNTHETIC_SPEC_VERSIONS.indexOf(spec) >= SYNTHETIC_SPEC_VERSIONS.indexOf(minimum);
}

// ---- JSON ------------------------------------------------------------------------------------------------

const q = JSON.stringify;

function jsonComponent(c: SyntheticComponent, spec: SyntheticSpecVersion, bsi: boolean): string {
  const parts: string[] = [`"type":"library"`, `"bom-ref":${q(c.bomRef)}`];
  if (c.supplier)
    parts.push(
      `"supplier":{"name":${q(c.supplier.name)},"url":[${q(c.supplier.url)}],"contact":[{"email":${q(c.supplier.email)}}]}`,
    );
  if (c.group) parts.push(`"group":${q(c.group)}`);
  parts.push(`"name":${q(c.name)}`, `"version":${q(c.version)}`);
  parts.push(`"hashes":[{"alg":"SHA-512","content":"${c.sha512}"}]`);
  const ack = atLeast(spec, "1.6") ? `,"acknowledgement":"concluded"` : "";
  parts.push(
    c.license.kind === "id"
      ? `"licenses":[{"license":{"id":${q(c.license.value)}${ack}}}]`
      : `"licenses":[{"expression":${q(c.license.value)}${ack}}]`,
  );
  parts.push(`"purl":${q(c.purl)}`);
  if (bsi && atLeast(spec, "1.6")) {
    parts.push(
      `"externalReferences":[{"type":"distribution","url":${q(`https://downloads.example/${c.filename}`)},"hashes":[{"alg":"SHA-512","content":"${c.sha512}"}]}]`,
      `"properties":[{"name":"bsi:component:filename","value":${q(c.filename)}},{"name":"bsi:component:executable","value":"non-executable"},{"name":"bsi:component:archive","value":"archive"},{"name":"bsi:component:structured","value":"structured"}]`,
    );
  }
  return `{${parts.join(",")}}`;
}

function* jsonChunks(options: Required<SyntheticSbomOptions>): Generator<string> {
  const { components: count, specVersion: spec, seed, timestamp, bsiProperties } = options;
  const shape = layout(count);
  const toolJson = atLeast(spec, "1.5")
    ? `{"components":[{"type":"application","group":"cra-assessor","name":"synthetic-sbom-generator","version":"1"}]}`
    : `[{"vendor":"cra-assessor","name":"synthetic-sbom-generator","version":"1"}]`;
  const rootRefs = [`{"type":"security-contact","url":"mailto:${MANUFACTURER.email}"}`];
  if (atLeast(spec, "1.6"))
    rootRefs.push(`{"type":"rfc-9116","url":"https://manufacturer.example/.well-known/security.txt"}`);
  const metadata = [
    `"timestamp":${q(timestamp)}`,
    ...(atLeast(spec, "1.5") ? [`"lifecycles":[{"phase":"build"}]`] : []),
    `"tools":${toolJson}`,
    `"authors":[{"name":"SBOM Team","email":"sbom@manufacturer.example"}]`,
    `"component":{"type":"application","bom-ref":${q(ROOT.bomRef)},"name":${q(ROOT.name)},"version":${q(ROOT.version)},"purl":${q(ROOT.purl)}${atLeast(spec, "1.5") ? `,"externalReferences":[${rootRefs.join(",")}]` : ""}}`,
    ...(atLeast(spec, "1.6")
      ? [
          `"manufacturer":{"name":${q(MANUFACTURER.name)},"url":[${q(MANUFACTURER.url)}],"contact":[{"email":${q(MANUFACTURER.email)}}]}`,
        ]
      : []),
    `"supplier":{"name":${q(MANUFACTURER.name)},"url":[${q(MANUFACTURER.url)}]}`,
  ];
  yield `{"bomFormat":"CycloneDX","specVersion":"${spec}","serialNumber":"urn:uuid:${uuid(seed)}","version":1,"metadata":{${metadata.join(",")}},"components":[`;
  for (let i = 0; i < count; i++) {
    yield (i === 0 ? "\n" : ",\n") + jsonComponent(makeComponent(seed, i, shape), spec, bsiProperties);
  }
  const direct: string[] = [];
  for (let i = 0; i < shape.direct; i++) direct.push(q(refOf(seed, i, shape)));
  yield `\n],"dependencies":[\n{"ref":${q(ROOT.bomRef)},"dependsOn":[${direct.join(",")}]}`;
  for (let i = 0; i < count; i++) {
    const c = makeComponent(seed, i, shape, false);
    const targets = c.dependsOn.map((j) => q(refOf(seed, j, shape)));
    yield `,\n{"ref":${q(c.bomRef)},"dependsOn":[${targets.join(",")}]}`;
  }
  yield `\n],"compositions":[{"aggregate":"complete","assemblies":[${q(ROOT.bomRef)}],"dependencies":[${q(ROOT.bomRef)}]}]}\n`;
}

// ---- XML -------------------------------------------------------------------------------------------------

function x(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function xmlComponent(c: SyntheticComponent, spec: SyntheticSpecVersion, bsi: boolean): string {
  let out = `<component type="library" bom-ref="${x(c.bomRef)}">`;
  if (c.supplier)
    out += `<supplier><name>${x(c.supplier.name)}</name><url>${x(c.supplier.url)}</url><contact><email>${x(c.supplier.email)}</email></contact></supplier>`;
  if (c.group) out += `<group>${x(c.group)}</group>`;
  out += `<name>${x(c.name)}</name><version>${x(c.version)}</version>`;
  out += `<hashes><hash alg="SHA-512">${c.sha512}</hash></hashes>`;
  const ack = atLeast(spec, "1.6") ? ` acknowledgement="concluded"` : "";
  out +=
    c.license.kind === "id"
      ? `<licenses><license${ack}><id>${x(c.license.value)}</id></license></licenses>`
      : `<licenses><expression${ack}>${x(c.license.value)}</expression></licenses>`;
  out += `<purl>${x(c.purl)}</purl>`;
  if (bsi && atLeast(spec, "1.6")) {
    out += `<externalReferences><reference type="distribution"><url>${x(`https://downloads.example/${c.filename}`)}</url><hashes><hash alg="SHA-512">${c.sha512}</hash></hashes></reference></externalReferences>`;
    out += `<properties><property name="bsi:component:filename">${x(c.filename)}</property><property name="bsi:component:executable">non-executable</property><property name="bsi:component:archive">archive</property><property name="bsi:component:structured">structured</property></properties>`;
  }
  return `${out}</component>`;
}

function* xmlChunks(options: Required<SyntheticSbomOptions>): Generator<string> {
  const { components: count, specVersion: spec, seed, timestamp, bsiProperties } = options;
  const shape = layout(count);
  const tools = atLeast(spec, "1.5")
    ? `<tools><components><component type="application"><group>cra-assessor</group><name>synthetic-sbom-generator</name><version>1</version></component></components></tools>`
    : `<tools><tool><vendor>cra-assessor</vendor><name>synthetic-sbom-generator</name><version>1</version></tool></tools>`;
  let rootRefs = "";
  if (atLeast(spec, "1.5")) {
    rootRefs = `<externalReferences><reference type="security-contact"><url>mailto:${x(MANUFACTURER.email)}</url></reference>`;
    if (atLeast(spec, "1.6"))
      rootRefs += `<reference type="rfc-9116"><url>https://manufacturer.example/.well-known/security.txt</url></reference>`;
    rootRefs += "</externalReferences>";
  }
  let metadata = `<metadata><timestamp>${x(timestamp)}</timestamp>`;
  if (atLeast(spec, "1.5")) metadata += `<lifecycles><lifecycle><phase>build</phase></lifecycle></lifecycles>`;
  metadata += tools;
  metadata += `<authors><author><name>SBOM Team</name><email>sbom@manufacturer.example</email></author></authors>`;
  metadata += `<component type="application" bom-ref="${x(ROOT.bomRef)}"><name>${x(ROOT.name)}</name><version>${x(ROOT.version)}</version><purl>${x(ROOT.purl)}</purl>${rootRefs}</component>`;
  if (atLeast(spec, "1.6"))
    metadata += `<manufacturer><name>${x(MANUFACTURER.name)}</name><url>${x(MANUFACTURER.url)}</url><contact><email>${x(MANUFACTURER.email)}</email></contact></manufacturer>`;
  metadata += `<supplier><name>${x(MANUFACTURER.name)}</name><url>${x(MANUFACTURER.url)}</url></supplier></metadata>`;
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/${spec}" serialNumber="urn:uuid:${uuid(seed)}" version="1">${metadata}\n<components>`;
  for (let i = 0; i < count; i++) yield `\n${xmlComponent(makeComponent(seed, i, shape), spec, bsiProperties)}`;
  let direct = "";
  for (let i = 0; i < shape.direct; i++) direct += `<dependency ref="${x(refOf(seed, i, shape))}"/>`;
  yield `\n</components>\n<dependencies>\n<dependency ref="${x(ROOT.bomRef)}">${direct}</dependency>`;
  for (let i = 0; i < count; i++) {
    const c = makeComponent(seed, i, shape, false);
    let targets = "";
    for (const j of c.dependsOn) targets += `<dependency ref="${x(refOf(seed, j, shape))}"/>`;
    yield `\n<dependency ref="${x(c.bomRef)}">${targets}</dependency>`;
  }
  yield `\n</dependencies>\n<compositions><composition><aggregate>complete</aggregate><assemblies><assembly ref="${x(ROOT.bomRef)}"/></assemblies><dependencies><dependency ref="${x(ROOT.bomRef)}"/></dependencies></composition></compositions>\n</bom>\n`;
}

function withDefaults(options: SyntheticSbomOptions): Required<SyntheticSbomOptions> {
  if (!Number.isInteger(options.components) || options.components < 0)
    throw new RangeError(`components must be a non-negative integer, got ${options.components}`);
  return {
    components: options.components,
    format: options.format,
    specVersion: options.specVersion ?? "1.6",
    seed: options.seed ?? 1,
    timestamp: options.timestamp ?? "2026-01-01T00:00:00Z",
    bsiProperties: options.bsiProperties ?? false,
  };
}

/** The document as a sequence of small string chunks, in order. */
export function syntheticSbomChunks(options: SyntheticSbomOptions): Generator<string> {
  const resolved = withDefaults(options);
  return resolved.format === "json" ? jsonChunks(resolved) : xmlChunks(resolved);
}

/** The whole document as one string: for small sizes (tests); use `writeSyntheticSbom` for large ones. */
export function syntheticSbomText(options: SyntheticSbomOptions): string {
  let out = "";
  for (const chunk of syntheticSbomChunks(options)) out += chunk;
  return out;
}

/** Streams the document to a file, honouring back-pressure; returns the number of bytes written. */
export async function writeSyntheticSbom(path: string, options: SyntheticSbomOptions): Promise<number> {
  const stream = createWriteStream(path);
  let buffer = "";
  try {
    for (const chunk of syntheticSbomChunks(options)) {
      buffer += chunk;
      if (buffer.length >= 1 << 16) {
        if (!stream.write(buffer)) await once(stream, "drain");
        buffer = "";
      }
    }
    stream.end(buffer);
    await once(stream, "finish");
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return stream.bytesWritten;
}
