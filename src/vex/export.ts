/**
 * The product's VEX statements written out as CSAF 2.0 VEX (profile `csaf_vex`), CycloneDX 1.6 VEX and OpenVEX
 * 0.2.0, each valid against its official schema (tests). Pure: the clock and the product are given.
 *
 * The product (a version of it) is the object of every statement; the component the vulnerability was matched on
 * is a subcomponent (OpenVEX), an affected component (CycloneDX), or a note and a product identification helper
 * (CSAF, whose product tree names the product version only).
 */
import { createHash } from "node:crypto";
import { type ProductVexStatement, toVexStatus } from "../domain/vex.js";
import type { VexFormat } from "./formats.js";

export { VEX_FORMATS, type VexFormat } from "./formats.js";

export interface VexProduct {
  id: string;
  name: string;
  version: string;
  manufacturer: string;
  /** A purl of the product, when the declaration gives one. */
  purl?: string;
  /** The manufacturer's website: CSAF's publisher namespace. */
  website?: string;
}

type Json = { [key: string]: unknown };

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function sorted(statements: readonly ProductVexStatement[]): ProductVexStatement[] {
  return [...statements].sort(
    (a, b) => a.vulnerability.localeCompare(b.vulnerability) || a.component.localeCompare(b.component),
  );
}

function productRef(product: VexProduct): string {
  return product.purl ?? `urn:cra-assessor:product:${product.id}:${encodeURIComponent(product.version)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// OpenVEX 0.2.0

export function toOpenVex(product: VexProduct, statements: readonly ProductVexStatement[], now: string): Json {
  const list = sorted(statements);
  return {
    "@context": "https://openvex.dev/ns/v0.2.0",
    "@id": `urn:cra-assessor:openvex:${digest(JSON.stringify([product, list])).slice(0, 32)}`,
    author: product.manufacturer,
    role: "manufacturer",
    timestamp: now,
    version: 1,
    tooling: "cra-assessor",
    statements: list.map((s) => {
      const { status, justification } = toVexStatus(s);
      const action =
        s.responses.length > 0 ? `Responses: ${s.responses.join(", ")}.${s.detail ? ` ${s.detail}` : ""}` : s.detail;
      return {
        vulnerability: { name: s.vulnerability },
        timestamp: s.updatedAt,
        products: [{ "@id": productRef(product), subcomponents: [{ "@id": s.component }] }],
        status,
        ...(status === "not_affected" && justification ? { justification } : {}),
        ...(status === "not_affected" && (s.detail || !justification)
          ? { impact_statement: s.detail ?? "The vulnerability does not affect this product version." }
          : {}),
        ...(status === "affected" ? { action_statement: action ?? "See the manufacturer's advisory." } : {}),
        ...(status !== "not_affected" && status !== "affected" && s.detail ? { status_notes: s.detail } : {}),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// CycloneDX 1.6 VEX

export function toCycloneDxVex(product: VexProduct, statements: readonly ProductVexStatement[], now: string): Json {
  const list = sorted(statements);
  const componentRefs = new Map<string, string>();
  for (const s of list)
    if (!componentRefs.has(s.component)) componentRefs.set(s.component, `component-${componentRefs.size + 1}`);
  const components = [...componentRefs.entries()].map(([component, ref]) => ({
    type: "library",
    "bom-ref": ref,
    ...(component.startsWith("pkg:") ? { name: purlName(component), purl: component } : { name: component }),
  }));
  const hash = digest(JSON.stringify([product, list]));
  return {
    $schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: `urn:uuid:${hash.slice(0, 8)}-${hash.slice(8, 12)}-4${hash.slice(13, 16)}-8${hash.slice(17, 20)}-${hash.slice(20, 32)}`,
    version: 1,
    metadata: {
      timestamp: now,
      tools: { components: [{ type: "application", name: "cra-assessor" }] },
      component: {
        type: "device",
        "bom-ref": "product",
        name: product.name,
        version: product.version,
        ...(product.purl ? { purl: product.purl } : {}),
      },
      manufacturer: { name: product.manufacturer },
    },
    components,
    vulnerabilities: list.map((s, index) => ({
      "bom-ref": `vex-${index + 1}`,
      id: s.vulnerability,
      analysis: {
        state: s.state,
        ...(s.justification ? { justification: s.justification } : {}),
        ...(s.responses.length > 0 ? { response: s.responses } : {}),
        ...(s.detail ? { detail: s.detail } : {}),
        lastUpdated: s.updatedAt,
      },
      affects: [{ ref: componentRefs.get(s.component)! }],
    })),
  };
}

function purlName(purl: string): string {
  const withoutVersion = purl.split("?")[0]!.split("#")[0]!.split("@")[0]!;
  return decodeURIComponent(withoutVersion.slice(withoutVersion.lastIndexOf("/") + 1)) || purl;
}

// ---------------------------------------------------------------------------------------------------------------
// CSAF 2.0 VEX

const CSAF_BUCKET = {
  not_affected: "known_not_affected",
  affected: "known_affected",
  fixed: "fixed",
  under_investigation: "under_investigation",
} as const;

export function toCsafVex(product: VexProduct, statements: readonly ProductVexStatement[], now: string): Json {
  const list = sorted(statements);
  const productId = "CSAFPID-0001";
  const trackingId = `cra-assessor-vex-${product.id}-${product.version}`.replace(/[^A-Za-z0-9._-]/g, "-");
  const byVulnerability = new Map<string, ProductVexStatement[]>();
  for (const s of list) {
    if (!byVulnerability.has(s.vulnerability)) byVulnerability.set(s.vulnerability, []);
    byVulnerability.get(s.vulnerability)!.push(s);
  }
  const vulnerabilities = [...byVulnerability.entries()].map(([id, entries]) => {
    // One status per product and vulnerability: the most serious of the component analyses decides it.
    const order = ["affected", "under_investigation", "fixed", "not_affected"] as const;
    const statuses = entries.map((e) => ({ entry: e, ...toVexStatus(e) }));
    const decisive = order.map((o) => statuses.find((s) => s.status === o)).find((s) => s !== undefined)!;
    const notes = entries.map((e) => ({
      category: "details",
      title: `Analysis for ${e.component}`,
      text: [
        `State: ${e.state}`,
        e.justification ? `justification: ${e.justification}` : undefined,
        e.responses.length > 0 ? `responses: ${e.responses.join(", ")}` : undefined,
        e.detail,
      ]
        .filter(Boolean)
        .join("; "),
    }));
    const entry: Json = {
      ...(/^CVE-\d{4}-\d{4,}$/.test(id) ? { cve: id } : { ids: [{ system_name: id.split("-")[0] || "id", text: id }] }),
      notes,
      product_status: { [CSAF_BUCKET[decisive.status]]: [productId] },
    };
    if (decisive.status === "not_affected") {
      if (decisive.justification) entry.flags = [{ label: decisive.justification, product_ids: [productId] }];
      else
        entry.threats = [
          { category: "impact", details: decisive.entry.detail ?? "Not affected.", product_ids: [productId] },
        ];
    }
    if (decisive.status === "affected") {
      const responses = decisive.entry.responses;
      const category = responses.includes("update")
        ? "vendor_fix"
        : responses.includes("workaround_available")
          ? "workaround"
          : responses.includes("will_not_fix") || responses.includes("can_not_fix")
            ? "no_fix_planned"
            : "none_available";
      entry.remediations = [
        {
          category,
          details: decisive.entry.detail ?? `Responses: ${responses.join(", ") || "none"}.`,
          product_ids: [productId],
        },
      ];
    }
    return entry;
  });
  return {
    document: {
      category: "csaf_vex",
      csaf_version: "2.0",
      lang: "en",
      title: `VEX for ${product.name} ${product.version}`,
      publisher: {
        category: "vendor",
        name: product.manufacturer,
        namespace: product.website ?? "https://manufacturer.invalid",
      },
      tracking: {
        id: trackingId,
        status: "interim",
        version: "1",
        initial_release_date: now,
        current_release_date: now,
        revision_history: [
          { date: now, number: "1", summary: "Generated by cra-assessor from the recorded analyses." },
        ],
        generator: { engine: { name: "cra-assessor" } },
      },
    },
    product_tree: {
      full_product_names: [
        {
          name: `${product.name} ${product.version}`,
          product_id: productId,
          ...(product.purl ? { product_identification_helper: { purl: product.purl } } : {}),
        },
      ],
    },
    vulnerabilities,
  };
}

export function exportVex(
  format: VexFormat,
  product: VexProduct,
  statements: readonly ProductVexStatement[],
  now: string,
): Json {
  if (format === "csaf") return toCsafVex(product, statements, now);
  if (format === "cyclonedx") return toCycloneDxVex(product, statements, now);
  return toOpenVex(product, statements, now);
}
