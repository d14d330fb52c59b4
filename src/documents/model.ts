/**
 * Drafts of the documents a manufacturer signs or keeps under the CRA (Regulation (EU) 2024/2847): the EU
 * declaration of conformity (Art. 28, Annex V), the simplified declaration (Art. 13(20), Annex VI), the technical
 * documentation (Art. 31, Annex VII) and the information and instructions to the user (Art. 13(18), Annex II).
 *
 * One model feeds both renderers (Markdown and printable HTML). Every item names the point of the Annex it fills,
 * says in our own words what that point asks for, and is marked with what the inputs could give it. The headings
 * are paraphrases, never the Regulation's text.
 */

export const GENERATED_DOCUMENT_KINDS = [
  "eu-declaration-of-conformity",
  "simplified-declaration-of-conformity",
  "technical-documentation",
  "user-information",
] as const;
export type GeneratedDocumentKind = (typeof GENERATED_DOCUMENT_KINDS)[number];

/**
 * `filled`: the inputs give the content. `referenced`: the content is in a document or at an address the inputs
 * name. `missing`: the law asks for it and the inputs do not give it (`missing` says what to add). `to-complete`:
 * a person writes it (a signature, a place and date, a judgement the inputs cannot hold). `not-applicable`: the
 * point does not apply to this product, with the reason.
 */
export type ItemState = "filled" | "referenced" | "missing" | "to-complete" | "not-applicable";

/** One line of content: what it is, its value, and where the value came from. */
export interface DocumentEntry {
  label: string;
  value: string;
  /** `declaration:/product/name`, `sbom`, `assessment` … */
  source?: string;
  /** An http(s) address the value points at. */
  href?: string;
}

export interface DocumentItem {
  /** Point of the Annex, e.g. `V-1`, `VII-2b`, `II-8e`. */
  id: string;
  /** The CRA catalog requirement the point corresponds to, where the catalog has one (`CRA-AVII-2b`). */
  requirement?: string;
  /** e.g. "Annex VII, point 2(b)". */
  citation: string;
  /** What the point asks for, paraphrased. */
  heading: string;
  state: ItemState;
  entries: DocumentEntry[];
  /** For `missing` and `to-complete`: what to add, in plain words. */
  todo: string[];
  /** For `not-applicable`: why. */
  reason?: string;
}

export interface GeneratedDocument {
  format: "cra-assessor-document/1";
  kind: GeneratedDocumentKind;
  title: string;
  /** The act the document is drawn up under. */
  regulation: "Regulation (EU) 2024/2847";
  product: { name: string; version?: string; model?: string; manufacturer?: string };
  /** The date the draft reflects (YYYY-MM-DD). */
  asOf: string;
  items: DocumentItem[];
  /** Ids of the items still `missing`, in Annex order: renderers list them first. */
  missing: string[];
  notes: string[];
  /** A summary of the assessment the draft was given, when one was. */
  assessment?: AssessmentDigest;
}

/** What a document needs of an assessment report: its verdict, its counts and its open gaps. */
export interface AssessmentDigest {
  framework: string;
  asOf: string;
  verdict: "pass" | "fail";
  byStatus: Record<string, number>;
  gaps: { requirement: string; citation: string; message: string; severity: string }[];
}

/** Counts items by state, for summaries and tests. */
export function countByState(document: GeneratedDocument): Record<ItemState, number> {
  const counts: Record<ItemState, number> = {
    filled: 0,
    referenced: 0,
    missing: 0,
    "to-complete": 0,
    "not-applicable": 0,
  };
  for (const item of document.items) counts[item.state] += 1;
  return counts;
}
