/**
 * The OSCAL 1.2 mapping-collection export (src/crosswalk/oscal.ts) against NIST's own definition of the model, the
 * Metaschema sources of OSCAL 1.2.2 (tests/fixtures/schemas/oscal/metaschema-1.2.2). NIST publishes no JSON Schema
 * for 1.2 in its repository, so this test reads the Metaschema XML with libxmljs2 and derives the checks from it:
 * for every assembly the document contains, the required flags and the required model members (min-occurs >= 1)
 * are present, no member is unknown to the definition, and every flag or field with a closed list of allowed values
 * (allowed-values without allow-other="yes", on the item itself) holds one of them. JSON names follow the
 * Metaschema rules: a member that may repeat is named by its group-as name, otherwise by its use-name or its name;
 * a field without flags is a plain value. Constraints that target other nodes by path (has-cardinality, index,
 * allowed-values on descendants) are not interpreted; the check says what it covers and no more.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Element, parseXml } from "libxmljs2";
import { describe, expect, it } from "vitest";
import { seedCatalogMap } from "../../src/crosswalk/catalog.js";
import { fromCrosswalk, OSCAL_VERSION, toOscalMappingCollection } from "../../src/crosswalk/oscal.js";
import { seedRecognitionData } from "../../src/crosswalk/seeds.js";

const dir = fileURLToPath(new URL("../fixtures/schemas/oscal/metaschema-1.2.2/", import.meta.url));
const M = { m: "http://csrc.nist.gov/ns/oscal/metaschema/1.0" };

type Kind = "assembly" | "field" | "flag";
const globals = new Map<string, Element>(); // `${kind}:${name}`
const loaded = new Set<string>();

function load(file: string): void {
  if (loaded.has(file)) return;
  loaded.add(file);
  // External entities (shared constraint lists) are not loaded: nonet, no DTD loading, no substitution.
  const doc = parseXml(readFileSync(join(dir, file), "utf8"), { nonet: true, noent: false, dtdload: false });
  const root = doc.root()!;
  for (const imported of root.find("m:import", M) as Element[]) load(imported.attr("href")!.value());
  for (const kind of ["assembly", "field", "flag"] as const) {
    for (const def of root.find(`m:define-${kind}`, M) as Element[])
      globals.set(`${kind}:${def.attr("name")!.value()}`, def);
  }
}
load("oscal_mapping_metaschema.xml");

const attr = (el: Element, name: string) => el.attr(name)?.value();
const child = (el: Element, name: string) => el.get(`m:${name}`, M) as Element | null;

function definition(kind: Kind, name: string): Element {
  const def = globals.get(`${kind}:${name}`);
  if (!def) throw new Error(`no global define-${kind} ${name} in the metaschema`);
  return def;
}

/** The closed list of values a flag or field definition allows for itself, if any. */
function allowedValues(def: Element): string[] | undefined {
  for (const list of def.find("m:constraint/m:allowed-values", M) as Element[]) {
    const target = attr(list, "target");
    if (target !== undefined && !target.startsWith(".")) continue;
    if (attr(list, "allow-other") === "yes") continue;
    return (list.find("m:enum", M) as Element[]).map((e) => attr(e, "value")!);
  }
  return undefined;
}

interface Member {
  jsonName: string;
  kind: "assembly" | "field";
  def: Element;
  required: boolean;
  many: boolean;
}

interface FlagRule {
  name: string;
  required: boolean;
  allowed: string[] | undefined;
}

function flagsOf(def: Element): FlagRule[] {
  const rules: FlagRule[] = [];
  for (const flag of def.find("m:define-flag", M) as Element[]) {
    rules.push({ name: attr(flag, "name")!, required: attr(flag, "required") === "yes", allowed: allowedValues(flag) });
  }
  for (const ref of def.find("m:flag", M) as Element[]) {
    const global = definition("flag", attr(ref, "ref")!);
    const name = child(ref, "use-name")?.text() ?? child(global, "use-name")?.text() ?? attr(ref, "ref")!;
    rules.push({ name, required: attr(ref, "required") === "yes", allowed: allowedValues(global) });
  }
  return rules;
}

function membersOf(def: Element): Member[] {
  const model = child(def, "model");
  if (!model) return [];
  const members: Member[] = [];
  const visit = (container: Element, optional: boolean) => {
    for (const el of container.childNodes() as Element[]) {
      if (el.type() !== "element") continue;
      const tag = el.name();
      if (tag === "choice") {
        visit(el, true);
        continue;
      }
      const kind =
        tag === "assembly" || tag === "define-assembly"
          ? "assembly"
          : tag === "field" || tag === "define-field"
            ? "field"
            : undefined;
      if (!kind) continue;
      const target = tag.startsWith("define-") ? el : definition(kind, attr(el, "ref")!);
      const max = attr(el, "max-occurs") ?? "1";
      const many = max === "unbounded" || Number(max) > 1;
      const name = attr(el, "ref") ?? attr(el, "name")!;
      const jsonName = many
        ? (attr(child(el, "group-as") ?? el, "name") ?? name)
        : (child(el, "use-name")?.text() ?? child(target, "use-name")?.text() ?? name);
      members.push({
        jsonName,
        kind,
        def: target,
        required: !optional && Number(attr(el, "min-occurs") ?? "0") >= 1,
        many,
      });
    }
  };
  visit(model, false);
  return members;
}

/** Every problem with `value` as an instance of the assembly or field `def`, located by a JSON pointer. */
function check(kind: "assembly" | "field", def: Element, value: unknown, at: string): string[] {
  const problems: string[] = [];
  const flags = flagsOf(def);
  if (kind === "field" && flags.length === 0) {
    const allowed = allowedValues(def);
    if (typeof value === "object" && value !== null) problems.push(`${at}: a field without flags is a plain value`);
    else if (allowed && !allowed.includes(String(value)))
      problems.push(`${at}: ${String(value)} is not one of ${allowed.join(", ")}`);
    return problems;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${at}: expected an object`];
  const object = value as Record<string, unknown>;
  const members = kind === "assembly" ? membersOf(def) : [];
  const known = new Set([...flags.map((f) => f.name), ...members.map((m) => m.jsonName)]);
  if (kind === "field") known.add(child(def, "json-value-key")?.text() ?? "STRVALUE");
  for (const flag of flags) {
    const v = object[flag.name];
    if (v === undefined) {
      if (flag.required) problems.push(`${at}: required flag ${flag.name} is missing`);
    } else if (flag.allowed && !flag.allowed.includes(String(v))) {
      problems.push(`${at}/${flag.name}: ${String(v)} is not one of ${flag.allowed.join(", ")}`);
    }
  }
  for (const member of members) {
    const v = object[member.jsonName];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) {
      if (member.required) problems.push(`${at}: required ${member.kind} ${member.jsonName} is missing`);
      continue;
    }
    const items = member.many ? (Array.isArray(v) ? v : [v]) : [v];
    items.forEach((item, i) => {
      problems.push(
        ...check(
          member.kind,
          member.def,
          item,
          member.many ? `${at}/${member.jsonName}/${i}` : `${at}/${member.jsonName}`,
        ),
      );
    });
  }
  for (const key of Object.keys(object)) if (!known.has(key)) problems.push(`${at}: ${key} is not defined here`);
  return problems;
}

const rootDef = definition("assembly", "mapping-collection");
const problemsOf = (doc: { "mapping-collection": unknown }) =>
  check("assembly", rootDef, doc["mapping-collection"], "/mapping-collection");

const catalogs = seedCatalogMap();
const crosswalks = [...seedRecognitionData().crosswalks].sort((a, b) => a.id.localeCompare(b.id));

describe("OSCAL 1.2 mapping-collection against the 1.2.2 Metaschema (derived from the XML)", () => {
  it("reads the model NIST defines: root mapping-collection needs uuid, metadata, provenance and mappings", () => {
    expect(child(rootDef, "root-name")?.text()).toBe("mapping-collection");
    expect(
      flagsOf(rootDef)
        .filter((f) => f.required)
        .map((f) => f.name),
    ).toEqual(["uuid"]);
    expect(
      membersOf(rootDef)
        .filter((m) => m.required)
        .map((m) => m.jsonName),
    ).toEqual(["metadata", "provenance", "mappings"]);
    expect(
      allowedValues(globals.get("assembly:map")!.get("m:model/m:define-field[@name='relationship']", M) as Element),
    ).toEqual(["equivalent-to", "equal-to", "subset-of", "superset-of", "intersects-with", "no-relationship"]);
  });

  it("the export states the version it follows", () => {
    expect(OSCAL_VERSION).toBe("1.2.2");
  });

  it("has crosswalks to export", () => {
    expect(crosswalks.length).toBeGreaterThan(0);
  });

  it.each(crosswalks.map((c) => [c.id, c] as const))(
    "%s: every required member and allowed value holds",
    (_id, crosswalk) => {
      const doc = toOscalMappingCollection(fromCrosswalk(crosswalk, catalogs), catalogs, "2026-12-04T00:00:00Z");
      expect(problemsOf(doc)).toEqual([]);
    },
  );

  it("the check can fail: a missing provenance, an unknown relationship and a stray member are reported", () => {
    const crosswalk = crosswalks[0]!;
    const doc = toOscalMappingCollection(fromCrosswalk(crosswalk, catalogs), catalogs, "2026-12-04T00:00:00Z");
    const collection = doc["mapping-collection"] as Record<string, any>;
    delete collection.provenance;
    collection.mappings[0].maps[0].relationship = "roughly-like";
    collection.mappings[0].maps[0].confidence = "high";
    expect(problemsOf(doc)).toEqual([
      "/mapping-collection: required assembly provenance is missing",
      "/mapping-collection/mappings/0/maps/0/relationship: roughly-like is not one of equivalent-to, equal-to, subset-of, superset-of, intersects-with, no-relationship",
      "/mapping-collection/mappings/0/maps/0: confidence is not defined here",
    ]);
  });
});
