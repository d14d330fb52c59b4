/**
 * A requirement of a framework (the CRA or a partner framework), as held in `seeds/frameworks/*.json`.
 * Paraphrased, cited, and labelled with the kind of source it comes from.
 */
export type SourceKind = "law" | "guidance" | "draft-standard" | "standard" | "assessor-policy";
export type EvidenceKind = "sbom" | "declaration" | "document" | "manual-review";
export type Obligation = "mandatory" | "recommended" | "conditional" | "feature-dependent";

/**
 * CRA conformity assessment procedures (Art. 32, Annex VIII): module A (internal control), B+C (EU-type
 * examination then conformity to type), H (full quality assurance), and a European cybersecurity certification
 * scheme under Regulation (EU) 2019/881 (EUCC being the one adopted so far), at assurance level >= "substantial".
 */
export type ConformityRoute = "A" | "B+C" | "H" | "EUCC";

/** The routes a CRA product class allows (Art. 32(1)-(5)); carried by the `product-class` entries of `cra`. */
export interface ConformityRoutes {
  /** Routes allowed without further condition. */
  allowed: ConformityRoute[];
  /** Routes allowed only when a condition holds, e.g. module A for class I with harmonised standards applied in full. */
  conditional?: { route: ConformityRoute; condition: string; citation: string }[];
}

/** A condition or feature a framework's requirements can depend on (e.g. ETSI EN 303 645 Table B.1 C(12), F(a)). */
export interface ApplicabilityTerm {
  id: string;
  description: string;
}

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
  /** Id of the enclosing requirement (e.g. `CRA-AII-8` for `CRA-AII-8a`). */
  parent?: string;
  /** Ids of the catalog's `conditions` this requirement depends on (ETSI "C(n)"). */
  conditions?: string[];
  /** Ids of the catalog's `features` this requirement depends on (ETSI "F(x)"). */
  features?: string[];
  /** Product-class entries only: the conformity assessment routes the class allows. */
  conformityRoutes?: ConformityRoutes;
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
  /** Conditions and features that requirements refer to by id. */
  conditions?: ApplicabilityTerm[];
  features?: ApplicabilityTerm[];
  verified?: boolean;
  note?: string;
  requirements: Requirement[];
}
