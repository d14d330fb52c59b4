/**
 * A requirement of a framework (the CRA or a partner framework), as held in `seeds/frameworks/*.json`.
 * Paraphrased, cited, and labelled with the kind of source it comes from.
 */
export type SourceKind = "law" | "guidance" | "draft-standard" | "standard" | "assessor-policy";
export type EvidenceKind = "sbom" | "declaration" | "document" | "manual-review";
export type Obligation = "mandatory" | "recommended" | "conditional" | "feature-dependent";

export interface Citation {
  /** Human-readable reference, e.g. "Regulation (EU) 2024/2847, Annex I, Part I, point (2)(a)". */
  text: string;
  article?: string;
  paragraph?: string;
  annex?: string;
  point?: string;
  url?: string;
}

export interface Requirement {
  id: string;
  title: string;
  /** Our own paraphrase. Never the text of the law or standard. */
  paraphrase: string;
  citation: Citation;
  sourceKind: SourceKind;
  /** ISO date the obligation applies from. */
  appliesFrom?: string;
  /** True where the law says "where applicable" / on the basis of the risk assessment. */
  riskBased?: boolean;
  evidence: EvidenceKind[];
  /** Obligation level for partner frameworks (per level where the framework has levels). */
  obligation?: Obligation | Record<string, Obligation>;
  /** False where the reference material marks the content unverified; reports then say so. */
  verified?: boolean;
  /** Free-text note on the verification status or caveats. */
  note?: string;
  /** Grouping, e.g. "annex-i-part-i", "article-13", "product-class". */
  group?: string;
}

export interface FrameworkCatalog {
  /** Framework id with version pin, e.g. `cra`, `etsi-en-303-645@3.1.3`. */
  id: string;
  name: string;
  version: string;
  jurisdiction?: string;
  sourceKind: SourceKind;
  status?: string;
  source: { title: string; url?: string; date?: string };
  levels?: string[];
  verified?: boolean;
  note?: string;
  requirements: Requirement[];
}
