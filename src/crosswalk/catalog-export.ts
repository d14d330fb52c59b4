/**
 * A framework catalog published for other tools: as a CycloneDX 1.6 document whose `definitions.standards` holds
 * the framework (requirements with their citations, levels with the requirements mandatory at each), and as an
 * OSCAL catalog (validated against NIST's OSCAL 1.0.6 JSON schema, the newest NIST keeps as JSON Schema: groups by
 * article or annex, controls with the paraphrase as a statement part and props for citation, source kind and the
 * unverified mark).
 *
 * Both are deterministic: identifiers are name-based UUIDs, and the only date is the catalog's source date.
 */
import type { FrameworkCatalog, Requirement } from "../domain/requirement.js";
import { nameUuid, PROP_NS } from "./oscal.js";

type Json = { [key: string]: unknown };

/** The OSCAL version the catalog export is written for and validated against. */
export const OSCAL_CATALOG_VERSION = "1.0.6";

function sourceDate(catalog: FrameworkCatalog): string {
  const date = catalog.source.date ?? "1970-01-01";
  // Catalog dates may be YYYY or YYYY-MM; OSCAL and CycloneDX want a full date-time.
  const full = /^\d{4}$/.test(date) ? `${date}-01-01` : /^\d{4}-\d{2}$/.test(date) ? `${date}-01` : date;
  return `${full}T00:00:00Z`;
}

/** Requirements mandatory at a level (an obligation given per level names it). */
function mandatoryAt(requirement: Requirement, level: string): boolean {
  const obligation = requirement.obligation;
  if (obligation === undefined || typeof obligation === "string") return obligation !== "recommended";
  return obligation[level] === "mandatory" || obligation[level] === "conditional";
}

// ---------------------------------------------------------------------------------------------------------------
// CycloneDX standard

export function toCycloneDxStandard(catalog: FrameworkCatalog): Json {
  const requirementRef = (id: string) => `requirement:${id}`;
  const ids = new Set(catalog.requirements.map((r) => r.id));
  const requirements = catalog.requirements.map((r) => ({
    "bom-ref": requirementRef(r.id),
    identifier: r.id,
    title: r.title,
    text: r.paraphrase,
    descriptions: [
      r.citation.text,
      `Source: ${r.sourceKind}.`,
      ...(r.verified === false ? ["Unverified: the reference material marks this requirement unverified."] : []),
      ...(r.appliesFrom ? [`Applies from ${r.appliesFrom}.`] : []),
    ],
    ...(r.citation.url ? { externalReferences: [{ type: "documentation", url: r.citation.url }] } : {}),
    ...(r.parent && ids.has(r.parent) ? { parent: requirementRef(r.parent) } : {}),
  }));
  const levels = (catalog.levels ?? []).map((level) => ({
    "bom-ref": `level:${catalog.id}:${level}`,
    identifier: level,
    title: `${catalog.name}, level ${level}`,
    requirements: catalog.requirements.filter((r) => mandatoryAt(r, level)).map((r) => requirementRef(r.id)),
  }));
  return {
    $schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: `urn:uuid:${nameUuid(`cyclonedx-standard:${catalog.id}:${catalog.version}`)}`,
    version: 1,
    metadata: {
      timestamp: sourceDate(catalog),
      tools: { components: [{ type: "application", name: "cra-assessor" }] },
    },
    definitions: {
      standards: [
        {
          "bom-ref": `standard:${catalog.id}`,
          name: catalog.name,
          version: catalog.version,
          description: [
            `${catalog.source.title}.`,
            `Source kind: ${catalog.sourceKind}.`,
            "Requirement texts are paraphrases, not the text of the source.",
            ...(catalog.verified === false ? ["Parts of this catalog are marked unverified."] : []),
          ].join(" "),
          ...(catalog.jurisdiction ? { owner: catalog.jurisdiction } : {}),
          requirements,
          ...(levels.length > 0 ? { levels } : {}),
          ...(catalog.source.url ? { externalReferences: [{ type: "documentation", url: catalog.source.url }] } : {}),
        },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// OSCAL catalog

const GROUP_TITLES: Record<string, string> = {
  "annex-i-part-i": "Annex I, Part I: cybersecurity requirements for the properties of the product",
  "annex-i-part-ii": "Annex I, Part II: vulnerability handling requirements",
  "annex-ii": "Annex II: information and instructions to the user",
  "annex-vii": "Annex VII: technical documentation",
  "article-13": "Article 13: obligations of manufacturers",
  "article-14": "Article 14: reporting obligations",
  "article-32": "Article 32: conformity assessment procedures",
  "product-class": "Article 7, Annexes III and IV: product classes",
};

/** An OSCAL token (`^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`): ids such as `5.1-1` or `C-7` get a prefix. */
export function token(text: string): string {
  const cleaned = text.replace(/[^\p{L}\p{N}._-]/gu, "-");
  return /^[\p{L}_]/u.test(cleaned) ? cleaned : `x-${cleaned}`;
}

function prop(name: string, value: string): Json {
  return { name, ns: PROP_NS, value };
}

function control(r: Requirement): Json {
  const props: Json[] = [
    prop("citation", r.citation.text),
    prop("source-kind", r.sourceKind),
    prop("verified", r.verified === false ? "false" : "true"),
  ];
  if (r.appliesFrom) props.push(prop("applies-from", r.appliesFrom));
  if (typeof r.obligation === "string") props.push(prop("obligation", r.obligation));
  else if (r.obligation) {
    for (const [level, obligation] of Object.entries(r.obligation).sort(([a], [b]) => a.localeCompare(b))) {
      props.push(prop("obligation", `${level}: ${obligation}`));
    }
  }
  if (r.riskBased) props.push(prop("risk-based", "true"));
  const parts: Json[] = [{ id: `${token(r.id)}_smt`, name: "statement", prose: r.paraphrase }];
  if (r.note) parts.push({ id: `${token(r.id)}_gdn`, name: "guidance", prose: r.note });
  return {
    id: token(r.id),
    title: r.title,
    props,
    ...(r.citation.url ? { links: [{ href: r.citation.url, rel: "reference", text: r.citation.text }] } : {}),
    parts,
  };
}

export function toOscalCatalog(catalog: FrameworkCatalog): { catalog: Json } {
  const byGroup = new Map<string, Requirement[]>();
  for (const r of catalog.requirements) {
    const group = r.group ?? "requirements";
    if (!byGroup.has(group)) byGroup.set(group, []);
    byGroup.get(group)!.push(r);
  }
  const groups = [...byGroup.entries()].map(([group, requirements]) => ({
    id: token(group),
    title: GROUP_TITLES[group] ?? group.replace(/-/g, " "),
    controls: requirements.map(control),
  }));
  const metadataProps: Json[] = [prop("framework-id", catalog.id), prop("source-kind", catalog.sourceKind)];
  if (catalog.jurisdiction) metadataProps.push(prop("jurisdiction", catalog.jurisdiction));
  if (catalog.verified === false) metadataProps.push(prop("verified", "false"));
  return {
    catalog: {
      uuid: nameUuid(`oscal-catalog:${catalog.id}:${catalog.version}`),
      metadata: {
        title: catalog.name,
        "last-modified": sourceDate(catalog),
        version: catalog.version,
        "oscal-version": OSCAL_CATALOG_VERSION,
        props: metadataProps,
        ...(catalog.source.url
          ? { links: [{ href: catalog.source.url, rel: "source", text: catalog.source.title }] }
          : {}),
        remarks: "Requirement statements are paraphrases written for cra-assessor, not the text of the source.",
      },
      groups,
    },
  };
}
