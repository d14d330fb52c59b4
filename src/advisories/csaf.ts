/**
 * CSAF 2.0 (OASIS, 18 Nov 2022). Two uses: reading `csaf_vex` (and other CSAF profiles') product status as VEX
 * statements and affected versions, and checking the shape of the CSAF user advisory we draft for CRA
 * Art. 14(8). The zod schema covers the fields the standard requires of every document (§4.1 /
 * `document` mandatory properties) and the parts we read; it is not the full OASIS JSON schema.
 */
import { z } from "zod";
import type { InputIssue } from "../domain/input-issue.js";
import { isJsonObject } from "../json/value.js";
import { issue, pointer } from "./json-read.js";
import type { Advisory, AffectedPackage, VexStatement } from "./model.js";
import { packageKey, parsePurl } from "./package-key.js";
import { OSV_TO_PURL_TYPE } from "./versions/index.js";

const dateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 date-time");
const productIds = z.array(z.string().min(1)).min(1);

const fullProductName = z.object({
  name: z.string().min(1),
  product_id: z.string().min(1),
  product_identification_helper: z
    .object({ purl: z.string().optional(), cpe: z.string().optional() })
    .passthrough()
    .optional(),
});

interface Branch {
  category: string;
  name: string;
  branches?: Branch[] | undefined;
  product?: z.infer<typeof fullProductName> | undefined;
}
const branch: z.ZodType<Branch> = z.lazy(() =>
  z.object({
    category: z.string().min(1),
    name: z.string().min(1),
    branches: z.array(branch).min(1).optional(),
    product: fullProductName.optional(),
  }),
);

export const csafDocumentSchema = z.object({
  document: z.object({
    category: z.string().min(1),
    csaf_version: z.literal("2.0"),
    title: z.string().min(1),
    lang: z.string().optional(),
    publisher: z.object({
      category: z.enum(["coordinator", "discoverer", "other", "translator", "user", "vendor"]),
      name: z.string().min(1),
      namespace: z.string().url(),
      contact_details: z.string().optional(),
    }),
    tracking: z.object({
      id: z.string().min(1),
      status: z.enum(["draft", "final", "interim"]),
      version: z.string().min(1),
      initial_release_date: dateTime,
      current_release_date: dateTime,
      revision_history: z
        .array(z.object({ date: dateTime, number: z.string().min(1), summary: z.string().min(1) }))
        .min(1),
      generator: z.object({ engine: z.object({ name: z.string(), version: z.string().optional() }) }).optional(),
    }),
    notes: z
      .array(z.object({ category: z.string(), text: z.string().min(1), title: z.string().optional() }))
      .optional(),
    distribution: z
      .object({ tlp: z.object({ label: z.enum(["WHITE", "GREEN", "AMBER", "RED"]) }).optional() })
      .passthrough()
      .optional(),
  }),
  product_tree: z
    .object({
      branches: z.array(branch).optional(),
      full_product_names: z.array(fullProductName).optional(),
      relationships: z
        .array(
          z.object({
            category: z.string(),
            product_reference: z.string(),
            relates_to_product_reference: z.string(),
            full_product_name: fullProductName,
          }),
        )
        .optional(),
    })
    .optional(),
  vulnerabilities: z
    .array(
      z.object({
        cve: z
          .string()
          .regex(/^CVE-\d{4}-\d{4,}$/)
          .optional(),
        ids: z.array(z.object({ system_name: z.string(), text: z.string() })).optional(),
        notes: z.array(z.object({ category: z.string(), text: z.string() })).optional(),
        product_status: z.record(z.string(), productIds).optional(),
        flags: z
          .array(z.object({ label: z.string(), product_ids: productIds.optional(), date: dateTime.optional() }))
          .optional(),
        threats: z
          .array(z.object({ category: z.string(), details: z.string(), product_ids: productIds.optional() }))
          .optional(),
        remediations: z
          .array(
            z.object({
              category: z.string(),
              details: z.string(),
              product_ids: productIds.optional(),
              date: dateTime.optional(),
              url: z.string().optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});

export type CsafDocument = z.infer<typeof csafDocumentSchema>;

/** CSAF §3.2.3.10 VEX profile: a statement of `known_not_affected` needs a flag or an impact statement. */
export function validateCsaf(value: unknown, source = "csaf"): InputIssue[] {
  const result = csafDocumentSchema.safeParse(value);
  const issues: InputIssue[] = result.success
    ? []
    : result.error.issues.map((i) => ({
        source,
        path: pointer("", ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))),
        constraint: i.code,
        message: i.message,
      }));
  if (result.success && result.data.document.category === "csaf_vex") {
    for (const [i, v] of (result.data.vulnerabilities ?? []).entries()) {
      for (const id of v.product_status?.known_not_affected ?? []) {
        const explained =
          v.flags?.some((f) => f.product_ids?.includes(id)) ||
          v.threats?.some((t) => t.category === "impact" && t.product_ids?.includes(id));
        if (!explained) {
          issues.push({
            source,
            path: pointer("/vulnerabilities", i, "product_status", "known_not_affected"),
            constraint: "csaf-vex-impact",
            message: `Product ${id} is known_not_affected without a flag or impact statement (CSAF 2.0 §3.2.3.10).`,
          });
        }
      }
    }
  }
  return issues;
}

export function looksLikeCsaf(value: unknown): boolean {
  return isJsonObject(value) && isJsonObject(value.document) && "csaf_version" in value.document;
}

/** CSAF product status → CycloneDX impact analysis state. `recommended` says nothing about impact. */
const STATUS_TO_STATE: Record<string, string> = {
  known_not_affected: "not_affected",
  fixed: "resolved",
  first_fixed: "resolved",
  known_affected: "exploitable",
  first_affected: "exploitable",
  last_affected: "exploitable",
  under_investigation: "in_triage",
};

interface CsafProduct {
  purl?: string;
  /** A vers range from an enclosing `product_version_range` branch (CSAF 2.0 §3.1.2.3.3: vers is preferred). */
  vers?: string;
}

function collectProducts(doc: CsafDocument): Map<string, CsafProduct> {
  const products = new Map<string, CsafProduct>();
  const entry = (purl: string | undefined, vers: string | undefined): CsafProduct => ({
    ...(purl ? { purl } : {}),
    ...(vers ? { vers } : {}),
  });
  const visit = (branches: Branch[] | undefined, vers: string | undefined) => {
    for (const b of branches ?? []) {
      const range = b.category === "product_version_range" && b.name.startsWith("vers:") ? b.name : vers;
      if (b.product) products.set(b.product.product_id, entry(b.product.product_identification_helper?.purl, range));
      visit(b.branches, range);
    }
  };
  visit(doc.product_tree?.branches, undefined);
  for (const p of doc.product_tree?.full_product_names ?? []) {
    products.set(p.product_id, entry(p.product_identification_helper?.purl, undefined));
  }
  // `default_component_of` etc.: the combined product is the component (product_reference) inside a platform.
  for (const r of doc.product_tree?.relationships ?? []) {
    const own = r.full_product_name.product_identification_helper?.purl;
    products.set(
      r.full_product_name.product_id,
      own ? entry(own, undefined) : (products.get(r.product_reference) ?? {}),
    );
  }
  return products;
}

export function parseCsaf(
  value: unknown,
  source: string,
): { advisories: Advisory[]; vex: VexStatement[]; issues: InputIssue[] } {
  const advisories: Advisory[] = [];
  const vex: VexStatement[] = [];
  const issues = validateCsaf(value, source);
  const parsed = csafDocumentSchema.safeParse(value);
  if (!parsed.success) return { advisories, vex, issues };
  const doc = parsed.data;
  const products = collectProducts(doc);
  for (const [i, v] of (doc.vulnerabilities ?? []).entries()) {
    const at = pointer("/vulnerabilities", i);
    const ids = [...new Set([...(v.cve ? [v.cve] : []), ...(v.ids ?? []).map((x) => x.text)])];
    if (ids.length === 0) {
      issues.push(issue(source, at, "required", "A vulnerability needs `cve` or `ids` to be matched."));
      continue;
    }
    const affected = new Map<string, AffectedPackage>();
    const fixDates = (v.remediations ?? [])
      .filter((r) => r.category === "vendor_fix" && r.date)
      .map((r) => r.date as string);
    for (const [status, productIdList] of Object.entries(v.product_status ?? {})) {
      const state = STATUS_TO_STATE[status];
      if (!state) continue;
      for (const [j, productId] of productIdList.entries()) {
        const product = products.get(productId);
        const purl = product?.purl;
        if (!purl) continue;
        const flag = v.flags?.find((f) => f.product_ids?.includes(productId));
        const impact = v.threats?.find((t) => t.category === "impact" && t.product_ids?.includes(productId));
        const justification = flag?.label ?? (impact && state === "not_affected" ? "impact_statement" : undefined);
        vex.push({
          ids,
          purl,
          state,
          ...(justification ? { justification } : {}),
          ...(impact ? { detail: impact.details } : {}),
          source: `${source}#${pointer(at, "product_status", status, j)}`,
        });
        const pkg = state === "exploitable" ? parsePurl(purl) : undefined;
        if (pkg && (pkg.version || product?.vers)) {
          const key = packageKey(pkg.type, pkg.namespace, pkg.name);
          const entry = affected.get(key) ?? {
            key,
            purlType: pkg.type,
            ecosystem: Object.entries(OSV_TO_PURL_TYPE).find(([, t]) => t === pkg.type)?.[0] ?? pkg.type,
            ranges: [],
            versions: [],
          };
          if (pkg.version) entry.versions.push(pkg.version);
          else if (product?.vers) entry.ranges.push({ kind: "vers", vers: product.vers });
          affected.set(key, entry);
        }
      }
    }
    if (affected.size > 0) {
      const [id, ...aliases] = ids;
      const advisory: Advisory = {
        id: id as string,
        aliases: aliases.sort(),
        source: "csaf",
        severity: "unknown",
        affected: [...affected.values()],
        published: doc.document.tracking.initial_release_date,
        modified: doc.document.tracking.current_release_date,
        origin: `${source}#${at}`,
      };
      const earliestFix = fixDates.sort()[0];
      if (earliestFix) advisory.fixedAt = earliestFix;
      const title = v.notes?.find((n) => n.category === "summary")?.text ?? doc.document.title;
      advisory.summary = title;
      advisories.push(advisory);
    }
  }
  return { advisories, vex, issues };
}
