/**
 * The product declaration, format `cra-declaration/1`: what a manufacturer states about a product so that the
 * CRA (Regulation (EU) 2024/2847) and partner frameworks can be assessed against it. docs/declaration.md
 * documents every field with the article it serves.
 *
 * Validation policy: a declaration that leaves out what the law asks for is VALID; the absence is a
 * finding. So every field is optional except `format` and `product.name`. What is rejected is malformed input:
 * wrong types, unknown enum values or keys, unparseable dates, malformed e-mails and URLs, and references to
 * documents that are not listed in `documents`.
 */
import { PackageURL } from "packageurl-js";
import { z } from "zod";
import { ESSENTIAL_REQUIREMENT_IDS, MEMBER_STATE_CODES, SECURITY_PROPERTY_LETTERS } from "../domain/cra-terms.js";
import { DECLARATION_FORMAT } from "./format.js";

export { DECLARATION_FORMAT } from "./format.js";

/** Product class ids of the `cra` catalog (group `product-class`): Art. 7, Annexes III and IV. */
export const PRODUCT_CLASS_IDS: readonly string[] = [
  "CRA-DEFAULT",
  ...range(19).map((n) => `CRA-AIII-C1-${pad2(n)}`),
  ...range(4).map((n) => `CRA-AIII-C2-${pad2(n)}`),
  ...range(3).map((n) => `CRA-AIV-${pad2(n)}`),
];

/** The letters of Annex I Part I point (2), each a security property the risk assessment decides on. */
export const SECURITY_PROPERTY_KEYS = SECURITY_PROPERTY_LETTERS;
export type SecurityPropertyKey = (typeof SECURITY_PROPERTY_KEYS)[number];

/** EU Member States (ISO 3166-1 alpha-2; `EL` is the EU's own code for Greece and is accepted beside `GR`). */
export const EU_MEMBER_STATES = MEMBER_STATE_CODES;

export const DOCUMENT_KINDS = [
  "risk-assessment",
  "technical-documentation",
  "support-period-rationale",
  "test-report",
  "penetration-test-report",
  "psirt-process",
  "cvd-policy",
  "declaration-of-conformity",
  "simplified-declaration-of-conformity",
  "user-instructions",
  "system-architecture",
  "update-distribution",
  "production-monitoring",
  "business-user-agreement",
  "sbom",
  "certificate",
  "implementation-conformance-statement",
  "statement-of-compliance",
  "other",
] as const;

// ---------------------------------------------------------------------------------------------------------------
// Scalars

/** A YAML reader turns `version: 2.3` into a number; say how to write it rather than just "expected string". */
function text(what = "text") {
  return z
    .string({
      error: (issue) =>
        typeof issue.input === "number" || typeof issue.input === "boolean"
          ? `Expected ${what} but got ${typeof issue.input} ${String(issue.input)}; quote it ("${String(issue.input)}") so YAML keeps it as text.`
          : undefined,
    })
    .min(1, { error: `Expected non-empty ${what}.` });
}

const isoDate = z.iso.date({ error: "Expected a calendar date written YYYY-MM-DD." });

const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** Art. 13(19) asks for the support-period end with at least month and year, so YYYY-MM is enough. */
const yearMonthOrDate = z
  .string({ error: "Expected a date written YYYY-MM or YYYY-MM-DD." })
  .refine((value) => YEAR_MONTH.test(value) || isoDate.safeParse(value).success, {
    error: "Expected a date written YYYY-MM or YYYY-MM-DD.",
  });

const email = z.email({ error: "Expected an e-mail address such as security@example.com." });
const webUrl = z.url({ protocol: /^https?$/, error: "Expected an http(s) URL such as https://example.com/page." });

/** Ids of entries in `documents`; other fields refer to documents by these ids. */
export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const documentId = z
  .string({ error: "Expected a document id (an `id` listed in `documents`)." })
  .regex(DOCUMENT_ID_PATTERN, { error: "A document id uses letters, digits, '.', '_' and '-' (at most 128)." });

const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, { error: "Expected an ISO 3166-1 alpha-2 country code such as DE." });
const memberState = z.enum(EU_MEMBER_STATES, { error: "Expected an EU Member State code such as DE or FR." });

/** A document is referenced by a URL or a path relative to the declaration; other URL schemes are refused. */
const documentUri = z.string().refine((value) => isHttpUrl(value) || isRelativePath(value), {
  error: "Expected an http(s) URL or a relative file path.",
});

const sha256 = z.string().regex(/^[a-fA-F0-9]{64}$/, { error: "Expected a SHA-256 digest: 64 hexadecimal digits." });

/** Product identifiers are purls, CPEs or other stable ids; a string that claims to be a purl must parse as one. */
const productIdentifier = text("an identifier").superRefine((value, ctx) => {
  if (!value.startsWith("pkg:")) return;
  try {
    PackageURL.fromString(value);
  } catch (error) {
    ctx.addIssue({
      code: "custom",
      message: `Not a valid package URL: ${error instanceof Error ? error.message : String(error)}`,
      params: { constraint: "format" },
    });
  }
});

const opt = <T extends z.ZodType>(schema: T) => schema.nullish();

// ---------------------------------------------------------------------------------------------------------------
// Sections

export const manufacturerSchema = z.strictObject({
  name: opt(text("a name")).describe("Legal name. Art. 13(16); Annex II (1)."),
  tradeName: opt(text()).describe("Registered trade name or trademark. Art. 13(16); Annex II (1)."),
  postalAddress: opt(text()).describe("Postal address. Art. 13(16); Annex II (1)."),
  email: opt(email).describe("E-mail contact. Art. 13(16); Annex II (1)."),
  digitalContact: opt(webUrl).describe("Other digital contact (web form) where there is no e-mail. Art. 13(16)."),
  website: opt(webUrl).describe("Website, where there is one. Art. 13(16); Annex II (1)."),
  mainEstablishment: opt(countryCode).describe(
    "Country of the main establishment in the Union; selects the coordinator CSIRT (Art. 14(7)).",
  ),
  enterpriseSize: opt(z.enum(["micro", "small", "medium", "large"])).describe(
    "Enterprise size; micro and small enterprises are not fined for late 24-hour early warnings (Art. 64(10)(a)).",
  ),
  authorisedRepresentative: opt(
    z.strictObject({
      name: opt(text()),
      postalAddress: opt(text()),
      email: opt(email),
      memberState: opt(memberState),
    }),
  ).describe(
    "Authorised representative in the Union (Art. 18); routes Art. 14 notifications without an EU establishment.",
  ),
});

export const productSchema = z.strictObject({
  name: text("a product name").describe("Product name. Annex II (3). Required: it identifies the product."),
  type: opt(z.enum(["software", "hardware-with-software"])).describe(
    "Kind of product with digital elements (Art. 3(1)).",
  ),
  model: opt(text()).describe("Model or type designation. Art. 13(15); Annex II (3)."),
  version: opt(text("a version")).describe("Version assessed. Annex II (3); Annex VII (1)(b)."),
  identifiers: opt(z.array(productIdentifier)).describe(
    "purls, CPEs or other ids; tie the declaration to the SBOM's root component. Annex II (3); Art. 13(15).",
  ),
  serialOrBatchScheme: opt(text()).describe("How type, batch or serial numbers are assigned. Art. 13(15)."),
  identifierLocation: opt(z.enum(["product", "packaging", "accompanying-document"])).describe(
    "Where the identifier is shown. Art. 13(15).",
  ),
  intendedPurpose: opt(text()).describe("Intended purpose. Art. 13(3); Annex II (4); Annex VII (1)(a)."),
  essentialFunctions: opt(z.array(text())).describe("Essential functionalities. Annex II (4)."),
  kinds: opt(
    z.array(
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: "Expected a lower-case kind such as router or smart-camera." }),
    ),
  ).describe("Product kinds (router, smart-camera …) that partner schemes and recognition arrangements are scoped by."),
  category: opt(
    z.enum(PRODUCT_CLASS_IDS as [string, ...string[]], {
      error: "Expected a product class id: CRA-DEFAULT, CRA-AIII-C1-01…19, CRA-AIII-C2-01…04 or CRA-AIV-01…03.",
    }),
  ).describe("Product class by core functionality (Art. 7, Annexes III-IV); decides the conformity routes (Art. 32)."),
  placedOnMarket: opt(isoDate).describe(
    "Date the first unit was placed on the market (or is planned to be). Art. 14 reporting starts with it.",
  ),
  lastPlacedOnMarket: opt(isoDate).describe(
    "Date the last unit was placed on the market; leave it out while units are still being placed. Placing is per " +
      "unit: the product is legacy (Art. 69(2)) only when its last unit was placed before 2027-12-11, and Annex I " +
      "Part I is judged at this date.",
  ),
  substantiallyModified: opt(z.boolean()).describe(
    "Substantially modified on or after 2027-12-11; brings a product placed earlier into scope (Art. 69(2)).",
  ),
  openSource: opt(
    z.strictObject({
      foss: opt(z.boolean()).describe("Free and open-source software (Art. 3(48))."),
      steward: opt(z.boolean()).describe("Declarant acts as open-source software steward (Art. 3(14), Art. 24)."),
      technicalDocumentationPublicUrl: opt(webUrl).describe(
        "Public technical documentation; opens module A for FOSS in Annex III (Art. 32(5)).",
      ),
    }),
  ),
  tailorMade: opt(z.boolean()).describe(
    "Tailor-made for a business user; Annex I Part I (2)(b) and Part II (8) may then be varied by agreement.",
  ),
  businessUserAgreement: opt(documentId).describe(
    "The agreement with the business user (document id) when tailorMade.",
  ),
  intendedForIntegration: opt(z.boolean()).describe(
    "Meant to be integrated into other products; Annex II (8)(f) then applies.",
  ),
});

export const supportPeriodSchema = z.strictObject({
  end: opt(yearMonthOrDate).describe("End of the support period, at least month and year. Art. 13(19); Annex II (7)."),
  expectedUseYears: opt(z.number().nonnegative()).describe(
    "Time the product is expected to be in use, in years; the support period reflects it (Art. 13(8)).",
  ),
  rationaleDocument: opt(documentId).describe("How the support period was set (document id). Annex VII (4)."),
  endOfSupportNotification: opt(z.boolean()).describe(
    "Users are notified when support ends, where technically feasible. Art. 13(19).",
  ),
  supportType: opt(text()).describe("Type of technical security support offered. Annex II (7)."),
  publicationUrl: opt(webUrl).describe("Where the end date is published at the time of purchase. Art. 13(19)."),
});

export const securityPropertySchema = z.strictObject({
  status: z.enum(["implemented", "not-applicable", "not-implemented"]),
  evidence: opt(z.array(documentId)).describe("Documents (ids) that show the implementation."),
  justification: opt(text()).describe("Why the requirement does not apply; needed for not-applicable (Art. 13(4))."),
  note: opt(text()),
});

export const securityPropertiesSchema = z
  .strictObject(
    Object.fromEntries(SECURITY_PROPERTY_KEYS.map((key) => [key, securityPropertySchema.optional()])) as Record<
      SecurityPropertyKey,
      z.ZodOptional<typeof securityPropertySchema>
    >,
  )
  .describe("Annex I Part I point (2)(a)-(m): applicability and implementation from the risk assessment (Art. 13(3)).");

export const defaultsSchema = z.strictObject({
  credentials: opt(z.enum(["none", "unique-per-device", "user-set-at-first-use", "shared-default"])).describe(
    "Default credentials. Annex I Part I (2)(b) and (2)(d).",
  ),
  factoryReset: opt(z.boolean()).describe("The product can be reset to its original state. Annex I Part I (2)(b)."),
  unnecessaryServicesDisabled: opt(z.boolean()).describe(
    "Services not needed are off by default. Annex I Part I (2)(b), (2)(j).",
  ),
  hardeningDocument: opt(documentId).describe("Secure configuration baseline (document id)."),
});

export const updatesSchema = z.strictObject({
  mechanism: opt(z.enum(["automatic", "user-initiated", "manual", "none"])).describe(
    "How security updates reach the product. Annex I Part I (2)(c); Part II (7).",
  ),
  automaticByDefault: opt(z.boolean()).describe("Automatic security updates on by default. Annex I Part I (2)(c)."),
  optOut: opt(z.boolean()).describe("Easy opt-out from automatic updates. Annex I Part I (2)(c); Annex II (8)(e)."),
  postpone: opt(z.boolean()).describe("Users can postpone updates temporarily. Annex I Part I (2)(c)."),
  notifyUsers: opt(z.boolean()).describe("Users are notified of available updates. Annex I Part I (2)(c)."),
  signed: opt(z.boolean()).describe("Updates are signed and verified. Annex I Part I (2)(f); Part II (7)."),
  securityUpdatesSeparate: opt(z.union([z.boolean(), z.literal("not-feasible")])).describe(
    "Security updates ship separately from feature updates where technically feasible. Annex I Part II (2).",
  ),
  freeOfCharge: opt(z.boolean()).describe("Security updates are free of charge. Annex I Part II (8)."),
  retentionYears: opt(z.number().nonnegative()).describe(
    "Years each security update stays available after issue. Art. 13(9) (at least 10, or the support period).",
  ),
  archiveUrl: opt(webUrl).describe("Where past security updates stay available. Art. 13(9)."),
  distributionDocument: opt(documentId).describe(
    "Technical solutions for secure update distribution (document id). Annex I Part II (7); Annex VII (2)(b).",
  ),
  latestVersionOnly: opt(z.boolean()).describe(
    "Part II (2) met for the latest version only, with a free upgrade path for older versions. Art. 13(10).",
  ),
});

export const contactChannelSchema = z
  .strictObject({
    channel: z.enum(["email", "phone", "web-form", "postal", "chat", "other"]),
    address: text("an address"),
    automated: opt(z.boolean()).describe(
      "Handled only by automated tools (chatbot); at least one channel must not be.",
    ),
  })
  .superRefine((value, ctx) => {
    if (value.channel === "email" && !email.safeParse(value.address).success) {
      ctx.addIssue({
        code: "custom",
        path: ["address"],
        message: "An email channel needs an e-mail address.",
        params: { constraint: "format" },
      });
    }
    if (value.channel === "web-form" && !webUrl.safeParse(value.address).success) {
      ctx.addIssue({
        code: "custom",
        path: ["address"],
        message: "A web-form channel needs an http(s) URL.",
        params: { constraint: "format" },
      });
    }
  });

export const securityTestSchema = z.strictObject({
  kind: z.enum([
    "penetration-test",
    "code-review",
    "sast",
    "dast",
    "fuzzing",
    "vulnerability-scan",
    "binary-analysis",
    "configuration-review",
    "other",
  ]),
  date: opt(isoDate),
  document: opt(documentId),
  scope: opt(text()),
});

export const vulnerabilityHandlingSchema = z.strictObject({
  cvdPolicyUrl: opt(webUrl).describe("Coordinated vulnerability disclosure policy. Annex I Part II (5); Annex II (2)."),
  contact: opt(
    z.strictObject({
      email: opt(email),
      securityTxtUrl: opt(webUrl).describe("RFC 9116 security.txt."),
      webFormUrl: opt(webUrl),
    }),
  ).describe("Contact address for vulnerability reports. Annex I Part II (6); Annex VII (2)(b)."),
  singlePointOfContact: opt(z.array(contactChannelSchema)).describe(
    "Single point of contact, users choose the channel, not only automated tools. Art. 13(17); Annex II (2).",
  ),
  reporterExpectations: opt(
    z.strictObject({
      acknowledgementDays: opt(z.number().int().nonnegative()),
      statusUpdateDays: opt(z.number().int().nonnegative()),
    }),
  ).describe(
    "When reporters get an acknowledgement and status updates (ETSI EN 303 645 5.2-1; UK PSTI Sch. 1 para 2).",
  ),
  advisoriesUrl: opt(webUrl).describe("Published security advisories. Annex I Part II (4), (8)."),
  advisoryFormat: opt(z.enum(["csaf", "cyclonedx-vex", "openvex", "html", "other"])).describe(
    "Format of advisories; machine-readable formats serve Art. 14(8).",
  ),
  sbomForUsersUrl: opt(webUrl).describe("Where users can get the SBOM, if it is shared. Annex II (9)."),
  securityTesting: opt(z.array(securityTestSchema)).describe(
    "Security tests and reviews. Annex I Part II (3); Annex VII (6).",
  ),
});

export const reportingSchema = z.strictObject({
  srpRegistered: opt(z.boolean()).describe("Registered on ENISA's single reporting platform. Art. 14, Art. 16."),
  coordinatorCsirt: opt(memberState).describe(
    "Member State of the CSIRT designated as coordinator, as the manufacturer prepared it (readiness). Art. 14(7).",
  ),
  importerMemberState: opt(memberState).describe(
    "Without a main establishment in the Union: Member State of the importer placing the most units. Art. 14(7).",
  ),
  distributorMemberState: opt(memberState).describe(
    "Without a main establishment, representative or importer: Member State of the distributor making the most units available. Art. 14(7).",
  ),
  mostUsersMemberState: opt(memberState).describe(
    "The last fallback of Art. 14(7): the Member State where the product has the most users.",
  ),
  psirtProcessDocument: opt(documentId).describe(
    "Incident and vulnerability notification process (document id). Art. 14.",
  ),
  escalation24x7: opt(z.boolean()).describe(
    "Escalation can meet the 24-hour early-warning deadline. Art. 14(2)(a), (4)(a).",
  ),
});

export const instructionReferenceSchema = z.strictObject({
  url: opt(webUrl),
  document: opt(documentId),
  section: opt(text()),
});

export const standardAppliedSchema = z.strictObject({
  reference: text("a standard reference"),
  kind: opt(z.enum(["harmonised-standard", "common-specification", "certification-scheme", "other"])),
  application: opt(z.enum(["full", "partial"])),
  partsApplied: opt(z.array(text())).describe("Parts applied when application is partial. Annex VII (5)."),
  covers: opt(
    z.array(
      z.enum(ESSENTIAL_REQUIREMENT_IDS, {
        error:
          "Expected an Annex I requirement id: CRA-AI-P1-1, CRA-AI-P1-2a … CRA-AI-P1-2m or CRA-AI-P2-1 … CRA-AI-P2-8.",
      }),
    ),
  ).describe(
    "Annex I essential requirements (catalog ids) this standard, as applied, covers; module A for class I needs " +
      "every one covered (Art. 27(1), Art. 32(2)).",
  ),
});

export const documentationSchema = z.strictObject({
  riskAssessment: opt(documentId).describe(
    "Cybersecurity risk assessment (document id). Art. 13(2)-(4); Annex VII (3).",
  ),
  technicalDocumentation: opt(documentId).describe("Technical documentation (document id). Art. 31; Annex VII."),
  userInstructionsUrl: opt(webUrl).describe("Annex II information and instructions. Art. 13(18); Annex II (8)."),
  userInstructionsAvailableUntil: opt(isoDate).describe("Instructions kept available until. Art. 13(18)."),
  instructions: opt(
    z.strictObject({
      secureUse: opt(instructionReferenceSchema).describe("Annex II (8)(a)."),
      effectOfChanges: opt(instructionReferenceSchema).describe("Annex II (8)(b)."),
      installingUpdates: opt(instructionReferenceSchema).describe("Annex II (8)(c)."),
      secureDecommissioning: opt(instructionReferenceSchema).describe("Annex II (8)(d)."),
      disablingAutomaticUpdates: opt(instructionReferenceSchema).describe("Annex II (8)(e)."),
      integratorGuidance: opt(instructionReferenceSchema).describe("Annex II (8)(f)."),
    }),
  ).describe("Where each Annex II point (8) instruction is."),
  declarationOfConformityUrl: opt(webUrl).describe("EU declaration of conformity. Art. 13(20), Art. 28; Annex II (6)."),
  declarationOfConformitySupplied: opt(z.enum(["full", "simplified"])).describe(
    "What ships with the product: the EU DoC or the simplified DoC (Annex VI). Art. 13(20).",
  ),
  retentionUntil: opt(isoDate).describe("Technical documentation and DoC kept until. Art. 13(13)."),
  standardsApplied: opt(z.array(standardAppliedSchema)).describe(
    "Harmonised standards, common specifications or schemes applied. Art. 27; Art. 32(2); Annex VII (5).",
  ),
});

export const conformitySchema = z.strictObject({
  route: opt(z.enum(["A", "B+C", "H", "EUCC"])).describe("Conformity assessment procedure (Art. 32; Annex VIII)."),
  ceMarking: opt(z.boolean()).describe("CE marking affixed. Art. 13(12), Art. 30."),
  ceMarkingLocation: opt(
    z.enum(["product", "packaging", "accompanying-document", "declaration-of-conformity", "website"]),
  ).describe("Where the CE marking is (Art. 30(1))."),
  notifiedBody: opt(
    z.strictObject({
      name: opt(text()),
      number: opt(
        z.string().regex(/^(NB ?)?\d{4}$/, { error: "Expected a four-digit notified body number such as 0123." }),
      ),
    }),
  ).describe("Notified body for modules B+C and H (Art. 30(4))."),
  certificateId: opt(text()).describe("EU-type examination, quality-system or EUCC certificate id."),
  euccAssuranceLevel: opt(z.enum(["basic", "substantial", "high"])).describe(
    "Assurance level of the certification scheme used; at least substantial counts (Art. 32(2)-(4)).",
  ),
});

/** A partner label or certificate held for the product (mutual recognition). */
export const certificationSchema = z.strictObject({
  scheme: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]*(@[A-Za-z0-9.+-]+)?$/, {
      error: "Expected a framework id such as sg-cls, uk-psti, jp-jc-star or etsi-en-303-645@3.1.3.",
    })
    .describe("Framework id of the scheme, as in seeds/frameworks/."),
  level: opt(text("a level")).describe('Level or profile held, e.g. "2" for CLS level 2, "star-1" for JC-STAR ★1.'),
  version: opt(text("a version")).describe("Version of the scheme's criteria the certificate was issued against."),
  certificateId: opt(text()),
  issuer: opt(text()),
  assurance: opt(z.enum(["self", "third-party"])).describe("Self-declared or third-party assessed."),
  validFrom: opt(isoDate),
  validUntil: opt(isoDate).describe("An expired certificate counts for nothing."),
  scope: opt(text()).describe("Products or versions the certificate covers."),
  ics: opt(documentId).describe("Implementation conformance statement submitted for the certificate (document id)."),
});

export const ETSI_PROVISION_PATTERN = /^\d+(\.\d+)?-\d+[A-Za-z]?$/;

/** ETSI EN 303 645 Annex B Implementation Conformance Statement: support Y / N / N/A per provision. */
export const etsiIcsSchema = z.strictObject({
  version: z.enum(["3.1.3", "2.1.1"], { error: 'Expected the ETSI EN 303 645 version answered: "3.1.3" or "2.1.1".' }),
  provisions: z
    .record(
      z.string().regex(ETSI_PROVISION_PATTERN, { error: "Expected a provision id such as 5.1-1 or 5.3-4A." }),
      z.strictObject({
        answer: z.enum(["yes", "no", "not-applicable"]),
        justification: opt(text()).describe(
          "Needed for recommendations not applied (ETSI EN 303 645 provision 5.0-1).",
        ),
        evidence: opt(z.array(documentId)),
      }),
    )
    .describe("One answer per provision, keyed by provision id."),
});

const pstiBasis = <T extends readonly [string, ...string[]]>(values: T) => opt(z.enum(values));

/** UK PSTI statement of compliance, minimum contents of Schedule 4 to S.I. 2023/1007. */
export const pstiStatementOfComplianceSchema = z.strictObject({
  productType: opt(text()).describe("Product type (Sch. 4 (a))."),
  batch: opt(text()).describe("Batch the statement covers (Sch. 4 (a))."),
  manufacturers: opt(z.array(z.strictObject({ name: text("a name"), address: opt(text()) }))).describe(
    "Name and address of each manufacturer (Sch. 4 (b)).",
  ),
  authorisedRepresentative: opt(z.strictObject({ name: text("a name"), address: opt(text()) })).describe("Sch. 4 (b)."),
  preparedByOrForManufacturer: opt(z.boolean()).describe(
    "Declaration that it is prepared by or for the manufacturer (Sch. 4 (c)).",
  ),
  complianceDeclared: opt(z.boolean()).describe(
    "Declaration that the Sch. 1 requirements or the Sch. 2 deemed-compliance conditions are met (Sch. 4 (d)).",
  ),
  complianceBasis: opt(
    z.strictObject({
      passwords: pstiBasis(["schedule-1", "etsi-en-303-645@2.1.1", "jc-star-star-1", "sg-cls"]),
      vulnerabilityReporting: pstiBasis([
        "schedule-1",
        "etsi-en-303-645@2.1.1",
        "iso-iec-29147",
        "jc-star-star-1",
        "sg-cls",
      ]),
      supportPeriod: pstiBasis(["schedule-1", "etsi-en-303-645@2.1.1", "jc-star-star-1", "sg-cls"]),
    }),
  ).describe("Per Sch. 1 requirement: met directly or through which Sch. 2 deemed-compliance route."),
  definedSupportPeriod: opt(z.strictObject({ end: opt(yearMonthOrDate), description: opt(text()) })).describe(
    "The defined support period as correct when first supplied (Sch. 4 (e)).",
  ),
  signatory: opt(z.strictObject({ name: opt(text()), function: opt(text()), signed: opt(z.boolean()) })).describe(
    "Signature, name and function of the signatory (Sch. 4 (f)).",
  ),
  placeOfIssue: opt(text()).describe("Sch. 4 (g)."),
  dateOfIssue: opt(isoDate).describe("Sch. 4 (g)."),
  standards: opt(
    z.array(
      z.strictObject({
        reference: text("a standard reference"),
        version: opt(text("a version")),
        dateOfIssue: opt(isoDate),
      }),
    ),
  ).describe("Standards relied on: identification number, version, date of issue (Sch. 4 para 2)."),
  document: opt(documentId).describe("The signed statement (document id)."),
});

export const documentSchema = z.strictObject({
  id: documentId,
  kind: z.enum(DOCUMENT_KINDS),
  title: opt(text()),
  uri: opt(documentUri),
  date: opt(isoDate),
  version: opt(text("a version")),
  sha256: opt(sha256),
});

export const declarationSchema = z
  .strictObject({
    format: z.literal(DECLARATION_FORMAT, { error: `Expected format: ${DECLARATION_FORMAT}.` }),
    manufacturer: opt(manufacturerSchema),
    product: productSchema,
    supportPeriod: opt(supportPeriodSchema),
    securityProperties: opt(securityPropertiesSchema),
    defaults: opt(defaultsSchema),
    updates: opt(updatesSchema),
    vulnerabilityHandling: opt(vulnerabilityHandlingSchema),
    reporting: opt(reportingSchema),
    documentation: opt(documentationSchema),
    conformity: opt(conformitySchema),
    certifications: opt(z.array(certificationSchema)).describe("Partner labels and certificates held."),
    etsiIcs: opt(etsiIcsSchema),
    pstiStatementOfCompliance: opt(pstiStatementOfComplianceSchema),
    documents: opt(z.array(documentSchema)).describe("Evidence documents, referred to by id from the other sections."),
  })
  .superRefine((declaration, ctx) => {
    const { placedOnMarket, lastPlacedOnMarket } = declaration.product;
    // The last unit cannot be placed before the first: the two dates contradict each other, so the input is refused.
    if (placedOnMarket && lastPlacedOnMarket && lastPlacedOnMarket < placedOnMarket) {
      ctx.addIssue({
        code: "custom",
        path: ["product", "lastPlacedOnMarket"],
        message: `The last unit (${lastPlacedOnMarket}) cannot be placed before the first (product.placedOnMarket ${placedOnMarket}).`,
        params: { constraint: "range" },
      });
    }
    const seen = new Map<string, number>();
    (declaration.documents ?? []).forEach((document, index) => {
      const first = seen.get(document.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["documents", index, "id"],
          message: `Document id "${document.id}" is already used by /documents/${first}.`,
          params: { constraint: "unique" },
        });
      } else {
        seen.set(document.id, index);
      }
    });
    for (const reference of documentReferences(declaration)) {
      if (!seen.has(reference.id)) {
        const known = [...seen.keys()].sort();
        ctx.addIssue({
          code: "custom",
          path: reference.path,
          message:
            `No document with id "${reference.id}" in documents` +
            (known.length > 0
              ? ` (known: ${known.slice(0, 10).join(", ")}${known.length > 10 ? ", …" : ""}).`
              : "; add it to documents."),
          params: { constraint: "reference" },
        });
      }
    }
  })
  .describe(`Product declaration, format ${DECLARATION_FORMAT}. See docs/declaration.md.`);

/**
 * `null` is accepted on input wherever a field is optional (`sbomForUsersUrl: null` says "none" as plainly as
 * leaving the field out) and removed by the parser, so consumers see one kind of absence: `undefined`.
 */
export type WithoutNulls<T> = T extends readonly (infer U)[]
  ? WithoutNulls<U>[]
  : T extends object
    ? { [K in keyof T]: WithoutNulls<Exclude<T[K], null>> }
    : Exclude<T, null>;

/** The schema's output before nulls are removed (what refinements see). */
export type RawDeclaration = z.output<typeof declarationSchema>;

export type Declaration = WithoutNulls<z.output<typeof declarationSchema>>;
export type Manufacturer = WithoutNulls<z.output<typeof manufacturerSchema>>;
export type Product = WithoutNulls<z.output<typeof productSchema>>;
export type SupportPeriod = WithoutNulls<z.output<typeof supportPeriodSchema>>;
export type SecurityProperty = WithoutNulls<z.output<typeof securityPropertySchema>>;
export type SecurityProperties = WithoutNulls<z.output<typeof securityPropertiesSchema>>;
export type Defaults = WithoutNulls<z.output<typeof defaultsSchema>>;
export type Updates = WithoutNulls<z.output<typeof updatesSchema>>;
export type ContactChannel = WithoutNulls<z.output<typeof contactChannelSchema>>;
export type SecurityTest = WithoutNulls<z.output<typeof securityTestSchema>>;
export type VulnerabilityHandling = WithoutNulls<z.output<typeof vulnerabilityHandlingSchema>>;
export type Reporting = WithoutNulls<z.output<typeof reportingSchema>>;
export type InstructionReference = WithoutNulls<z.output<typeof instructionReferenceSchema>>;
export type StandardApplied = WithoutNulls<z.output<typeof standardAppliedSchema>>;
export type Documentation = WithoutNulls<z.output<typeof documentationSchema>>;
export type Conformity = WithoutNulls<z.output<typeof conformitySchema>>;
export type Certification = WithoutNulls<z.output<typeof certificationSchema>>;
export type EtsiIcs = WithoutNulls<z.output<typeof etsiIcsSchema>>;
export type PstiStatementOfCompliance = WithoutNulls<z.output<typeof pstiStatementOfComplianceSchema>>;
export type DeclaredDocument = WithoutNulls<z.output<typeof documentSchema>>;

/** Removes object properties whose value is null, recursively (the parsed value is plain JSON data). */
export function withoutNulls<T>(value: T): WithoutNulls<T> {
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item)) as WithoutNulls<T>;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== null) out[key] = withoutNulls(item);
    }
    return out as WithoutNulls<T>;
  }
  return value as WithoutNulls<T>;
}

/** Where a declaration refers to a document, with the path of the reference (for located errors and traces). */
export interface DocumentReference {
  path: (string | number)[];
  id: string;
}

/**
 * Every document id the declaration refers to, in document order. The list of reference fields is explicit so
 * that adding a field that points at a document means adding it here (and the broken-reference test covers it).
 */
export function documentReferences(declaration: Omit<RawDeclaration, "documents">): DocumentReference[] {
  const refs: DocumentReference[] = [];
  const add = (path: (string | number)[], id: string | null | undefined) => {
    if (typeof id === "string") refs.push({ path, id });
  };
  const addAll = (path: (string | number)[], ids: readonly string[] | null | undefined) => {
    ids?.forEach((id, index) => {
      add([...path, index], id);
    });
  };
  const d = declaration;
  add(["product", "businessUserAgreement"], d.product.businessUserAgreement);
  add(["supportPeriod", "rationaleDocument"], d.supportPeriod?.rationaleDocument);
  for (const key of SECURITY_PROPERTY_KEYS) {
    addAll(["securityProperties", key, "evidence"], d.securityProperties?.[key]?.evidence);
  }
  add(["defaults", "hardeningDocument"], d.defaults?.hardeningDocument);
  add(["updates", "distributionDocument"], d.updates?.distributionDocument);
  d.vulnerabilityHandling?.securityTesting?.forEach((test, index) => {
    add(["vulnerabilityHandling", "securityTesting", index, "document"], test.document);
  });
  add(["reporting", "psirtProcessDocument"], d.reporting?.psirtProcessDocument);
  add(["documentation", "riskAssessment"], d.documentation?.riskAssessment);
  add(["documentation", "technicalDocumentation"], d.documentation?.technicalDocumentation);
  const instructions = d.documentation?.instructions;
  if (instructions) {
    for (const [key, reference] of Object.entries(instructions)) {
      add(["documentation", "instructions", key, "document"], reference?.document);
    }
  }
  d.certifications?.forEach((certification, index) => {
    add(["certifications", index, "ics"], certification.ics);
  });
  for (const [provision, answer] of Object.entries(d.etsiIcs?.provisions ?? {})) {
    addAll(["etsiIcs", "provisions", provision, "evidence"], answer.evidence);
  }
  add(["pstiStatementOfCompliance", "document"], d.pstiStatementOfCompliance?.document);
  return refs;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index + 1);
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

function isHttpUrl(value: string): boolean {
  return webUrl.safeParse(value).success;
}

/** A relative path: no scheme, not absolute, no parent-directory escape, no control characters. */
function isRelativePath(value: string): boolean {
  if (value.length === 0 || value.length > 1024) return false;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) return false;
  if (value.startsWith("/") || value.startsWith("\\")) return false;
  if (value.split(/[\\/]/).includes("..")) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  return !/[\u0000-\u001f]/.test(value);
}
