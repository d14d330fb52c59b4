/**
 * Builds the drafts of `model.ts` from a declaration, optionally an SBOM digest and an assessment digest. Pure:
 * no I/O, no clock (the as-of date is given). Each item's heading is our paraphrase of what the Annex point asks
 * for; the state says whether the inputs fill it, point at it, or leave it to be written.
 */
import type { Declaration } from "../declaration/schema.js";
import { SECURITY_PROPERTY_LETTERS } from "../domain/cra-terms.js";
import type {
  AssessmentDigest,
  DocumentEntry,
  DocumentItem,
  GeneratedDocument,
  GeneratedDocumentKind,
  ItemState,
} from "./model.js";

/** What a document needs of an SBOM: enough to identify the exact file and say what it covers. */
export interface SbomDigest {
  /** e.g. `CycloneDX 1.6 (JSON)`. */
  format: string;
  sha256: string;
  serialNumber?: string;
  components: number;
  /** Entries of the dependency graph; unknown for a stored SBOM whose graph is not kept. */
  dependencyEntries?: number;
  root?: { name: string; version?: string };
  file?: string;
}

export interface DocumentInputs {
  declaration: Declaration;
  sbom?: SbomDigest;
  assessment?: AssessmentDigest;
  /** YYYY-MM-DD. */
  asOf: string;
}

type Doc = NonNullable<Declaration["documents"]>[number];

const ANNEX_I_LETTER_TITLES: Record<string, string> = {
  "2a": "no known exploitable vulnerabilities at placing",
  "2b": "secure by default configuration",
  "2c": "vulnerabilities addressed through security updates",
  "2d": "protection from unauthorised access",
  "2e": "confidentiality of data",
  "2f": "integrity of data, programs and configuration",
  "2g": "data minimisation",
  "2h": "availability of essential functions",
  "2i": "limited negative impact on other devices and networks",
  "2j": "limited attack surfaces",
  "2k": "reduced impact of an incident",
  "2l": "security logging and monitoring",
  "2m": "secure removal and transfer of data",
};

export function buildDocument(kind: GeneratedDocumentKind, inputs: DocumentInputs): GeneratedDocument {
  switch (kind) {
    case "eu-declaration-of-conformity":
      return declarationOfConformity(inputs);
    case "simplified-declaration-of-conformity":
      return simplifiedDeclaration(inputs);
    case "technical-documentation":
      return technicalDocumentation(inputs);
    case "user-information":
      return userInformation(inputs);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Annex V: the EU declaration of conformity

function declarationOfConformity(inputs: DocumentInputs): GeneratedDocument {
  const d = inputs.declaration;
  const m = d.manufacturer;
  const rep = m?.authorisedRepresentative;
  const items: DocumentItem[] = [];

  items.push(
    productIdentification(
      "V-1",
      "Annex V, point 1",
      "Name and type of the product and any information that identifies it uniquely",
      d,
    ),
  );

  const manufacturerEntries = compact([
    entry("Manufacturer", m?.name, "declaration:/manufacturer/name"),
    entry("Postal address", m?.postalAddress, "declaration:/manufacturer/postalAddress"),
    entry("Authorised representative", rep?.name, "declaration:/manufacturer/authorisedRepresentative/name"),
    entry(
      "Representative's address",
      rep?.postalAddress,
      "declaration:/manufacturer/authorisedRepresentative/postalAddress",
    ),
  ]);
  const manufacturerComplete = Boolean(m?.name && m.postalAddress) || Boolean(rep?.name && rep.postalAddress);
  items.push(
    item("V-2", "Annex V, point 2", "Name and address of the manufacturer or of its authorised representative", {
      state: manufacturerComplete ? "filled" : "missing",
      entries: manufacturerEntries,
      todo: manufacturerComplete
        ? []
        : [
            "Give the manufacturer's name and postal address (manufacturer.name, manufacturer.postalAddress), or those of the authorised representative.",
          ],
    }),
  );

  items.push(
    item(
      "V-3",
      "Annex V, point 3",
      "A statement that the declaration is issued under the sole responsibility of the manufacturer",
      {
        state: "filled",
        entries: [{ label: "Statement", value: soleResponsibility(m?.name) }],
      },
    ),
  );

  const object = productIdentification(
    "V-4",
    "Annex V, point 4",
    "The object of the declaration, identified so that it can be traced (a photograph may be added)",
    d,
  );
  if (d.product.serialOrBatchScheme)
    object.entries.push({
      label: "Batch or serial numbering",
      value: d.product.serialOrBatchScheme,
      source: "declaration:/product/serialOrBatchScheme",
    });
  items.push(object);

  items.push(
    item(
      "V-5",
      "Annex V, point 5",
      "A statement that the object of the declaration conforms to the relevant Union harmonisation legislation",
      {
        state: "filled",
        entries: [
          { label: "Statement", value: conformityStatement() },
          {
            label: "Other Union legislation",
            value: "List any other Union harmonisation legislation the product conforms to, or delete this line.",
          },
        ],
      },
    ),
  );

  const standards = d.documentation?.standardsApplied ?? [];
  const euccCertificate = d.conformity?.route === "EUCC" ? d.conformity.certificateId : undefined;
  items.push(
    item(
      "V-6",
      "Annex V, point 6",
      "References to the harmonised standards, common specifications or cybersecurity certifications used, or to other technical specifications against which conformity is declared",
      {
        state: standards.length > 0 || euccCertificate ? "filled" : "missing",
        entries: [
          ...standards.map((s, i) => ({
            label: standardKindLabel(s.kind),
            value: standardText(s),
            source: `declaration:/documentation/standardsApplied/${i}`,
          })),
          ...(euccCertificate
            ? [
                {
                  label: "Cybersecurity certificate",
                  value: euccCertificate,
                  source: "declaration:/conformity/certificateId",
                },
              ]
            : []),
        ],
        todo:
          standards.length > 0 || euccCertificate
            ? []
            : [
                "List the standards, common specifications or certifications used (documentation.standardsApplied); if none were used, state the other technical specifications conformity is declared against.",
              ],
      },
    ),
  );

  items.push(notifiedBodyItem(d));

  items.push(
    item(
      "V-8",
      "Annex V, point 8",
      "Additional information: signed for and on behalf of, place and date of issue, name, function and signature",
      {
        state: "to-complete",
        entries: compact([
          entry("Signed for and on behalf of", m?.name ?? rep?.name, "declaration:/manufacturer/name"),
          { label: "Place and date of issue", value: blank() },
          { label: "Name, function", value: blank() },
          { label: "Signature", value: blank() },
        ]),
        todo: ["The signatory writes the place and date of issue, their name and function, and signs."],
      },
    ),
  );

  const notes = [
    "Draft generated from the product declaration. The manufacturer signs it under its own responsibility, keeps it up to date (Art. 28(1)) and keeps it for at least ten years after placing, or for the support period if longer (Art. 13(13)).",
    "Art. 28(2): the declaration follows the structure of Annex V and is translated into the language(s) required by the Member State where the product is placed or made available.",
  ];
  notes.push(...gapWarning(inputs.assessment));
  return finish("eu-declaration-of-conformity", "EU declaration of conformity", inputs, items, notes);
}

function soleResponsibility(manufacturer: string | undefined): string {
  return `This declaration of conformity is issued under the sole responsibility of ${manufacturer ?? "the manufacturer"}.`;
}

function conformityStatement(): string {
  return "The product described above complies with Regulation (EU) 2024/2847 on horizontal cybersecurity requirements for products with digital elements.";
}

function notifiedBodyItem(d: Declaration): DocumentItem {
  const route = d.conformity?.route;
  const heading =
    "Where applicable: the notified body (name and number), the conformity assessment procedure it performed and the certificate issued";
  if (route === undefined) {
    return item("V-7", "Annex V, point 7", heading, {
      state: "missing",
      entries: [],
      todo: [
        "Declare the conformity assessment procedure (conformity.route: A, B+C, H or EUCC) so this point can be filled or marked not applicable.",
      ],
    });
  }
  if (route === "A") {
    return item("V-7", "Annex V, point 7", heading, {
      state: "not-applicable",
      entries: [
        {
          label: "Procedure",
          value: "Internal control (module A, Annex VIII Part I)",
          source: "declaration:/conformity/route",
        },
      ],
      reason: "Module A (internal control) involves no notified body.",
    });
  }
  const nb = d.conformity?.notifiedBody;
  const entries = compact([
    { label: "Procedure", value: routeLabel(route), source: "declaration:/conformity/route" },
    entry("Notified body", nb?.name, "declaration:/conformity/notifiedBody/name"),
    entry("Notified body number", nb?.number, "declaration:/conformity/notifiedBody/number"),
    entry("Certificate", d.conformity?.certificateId, "declaration:/conformity/certificateId"),
  ]);
  const todo: string[] = [];
  if (route !== "EUCC" && !nb?.name) todo.push("Name the notified body (conformity.notifiedBody.name).");
  if (route !== "EUCC" && !nb?.number)
    todo.push("Give the notified body's four-digit number (conformity.notifiedBody.number).");
  if (!d.conformity?.certificateId) todo.push("Give the certificate's identifier (conformity.certificateId).");
  return item("V-7", "Annex V, point 7", heading, { state: todo.length === 0 ? "filled" : "missing", entries, todo });
}

function routeLabel(route: "B+C" | "H" | "EUCC"): string {
  if (route === "B+C")
    return "EU-type examination (module B) followed by conformity to type (module C), Annex VIII Parts II and III";
  if (route === "H") return "Full quality assurance (module H), Annex VIII Part IV";
  return "European cybersecurity certification scheme under Regulation (EU) 2019/881 (Art. 32)";
}

// ---------------------------------------------------------------------------------------------------------------
// Annex VI: the simplified declaration of conformity

function simplifiedDeclaration(inputs: DocumentInputs): GeneratedDocument {
  const d = inputs.declaration;
  const manufacturer = d.manufacturer?.name;
  const type = [d.product.name, d.product.model].filter(Boolean).join(", ");
  const url = d.documentation?.declarationOfConformityUrl;
  const items: DocumentItem[] = [
    item(
      "VI-1",
      "Annex VI",
      "A short statement naming the manufacturer and the product type, saying that the product complies with the Regulation",
      {
        state: manufacturer ? "filled" : "missing",
        entries: [
          {
            label: "Statement",
            value: `${manufacturer ?? blank()} declares that the product with digital elements of type ${type} complies with Regulation (EU) 2024/2847.`,
          },
        ],
        todo: manufacturer ? [] : ["Give the manufacturer's name (manufacturer.name)."],
      },
    ),
    item(
      "VI-2",
      "Annex VI; Art. 13(20)",
      "The exact internet address where the full EU declaration of conformity can be read",
      {
        state: url ? "filled" : "missing",
        entries: url
          ? [
              {
                label: "Full declaration",
                value: url,
                source: "declaration:/documentation/declarationOfConformityUrl",
                href: url,
              },
            ]
          : [],
        todo: url
          ? []
          : [
              "Publish the full EU declaration of conformity and give its address (documentation.declarationOfConformityUrl): the simplified declaration is valid only with it.",
            ],
      },
    ),
  ];
  const notes = [
    "Art. 13(20): the product ships with either a copy of the full EU declaration of conformity or this simplified declaration; only the simplified one needs the internet address.",
    ...gapWarning(inputs.assessment),
  ];
  return finish(
    "simplified-declaration-of-conformity",
    "Simplified EU declaration of conformity",
    inputs,
    items,
    notes,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Annex VII: technical documentation

function technicalDocumentation(inputs: DocumentInputs): GeneratedDocument {
  const d = inputs.declaration;
  const docs = d.documents ?? [];
  const items: DocumentItem[] = [];

  items.push(
    item("VII-1a", "Annex VII, point 1(a)", "General description: the intended purpose", {
      requirement: "CRA-AVII-1a",
      ...filledOrMissing(
        entry("Intended purpose", d.product.intendedPurpose, "declaration:/product/intendedPurpose"),
        "Describe the intended purpose (product.intendedPurpose).",
      ),
    }),
  );

  const versionEntries = compact([
    entry("Product version", d.product.version, "declaration:/product/version"),
    inputs.sbom?.root
      ? {
          label: "SBOM root component",
          value: [inputs.sbom.root.name, inputs.sbom.root.version].filter(Boolean).join(" "),
          source: "sbom",
        }
      : undefined,
    inputs.sbom
      ? { label: "Components listed in the SBOM", value: String(inputs.sbom.components), source: "sbom" }
      : undefined,
  ]);
  items.push(
    item(
      "VII-1b",
      "Annex VII, point 1(b)",
      "General description: the versions of software that affect compliance with the essential requirements",
      {
        requirement: "CRA-AVII-1b",
        state: d.product.version || inputs.sbom?.root?.version ? "filled" : "missing",
        entries: versionEntries,
        todo:
          d.product.version || inputs.sbom?.root?.version
            ? []
            : ["Give the product version (product.version) and the versions of software that affect compliance."],
      },
    ),
  );

  const photosHeading =
    "General description: for hardware, photographs or illustrations of external features, marking and internal layout";
  if (d.product.type === "software") {
    items.push(
      item("VII-1c", "Annex VII, point 1(c)", photosHeading, {
        requirement: "CRA-AVII-1c",
        state: "not-applicable",
        entries: [],
        reason: "The product is software (product.type).",
      }),
    );
  } else {
    items.push(
      item("VII-1c", "Annex VII, point 1(c)", photosHeading, {
        requirement: "CRA-AVII-1c",
        state: "missing",
        entries: [],
        todo: [
          d.product.type === undefined
            ? "Say whether the product is hardware (product.type); if it is, add photographs or illustrations of its external features, marking and internal layout."
            : "Add photographs or illustrations of the external features, marking and internal layout (the declaration has no field for them).",
        ],
      }),
    );
  }

  const instructions = compact([
    d.documentation?.userInstructionsUrl
      ? {
          label: "User information and instructions",
          value: d.documentation.userInstructionsUrl,
          href: d.documentation.userInstructionsUrl,
          source: "declaration:/documentation/userInstructionsUrl",
        }
      : undefined,
    ...docsOfKind(docs, "user-instructions"),
  ]);
  items.push(
    item(
      "VII-1d",
      "Annex VII, point 1(d)",
      "General description: the information and instructions for the user of Annex II",
      {
        requirement: "CRA-AVII-1d",
        ...referencedOrMissing(
          instructions,
          "Add the user information and instructions (documentation.userInstructionsUrl, or a document of kind user-instructions); `documents generate user-information` drafts their outline.",
        ),
      },
    ),
  );

  const architecture = docsOfKind(docs, "system-architecture");
  if (inputs.sbom?.dependencyEntries !== undefined)
    architecture.push({
      label: "Dependency graph in the SBOM",
      value: `${inputs.sbom.dependencyEntries} dependency entries`,
      source: "sbom",
    });
  items.push(
    item(
      "VII-2a",
      "Annex VII, point 2(a)",
      "Design and development: drawings or schemes where applicable, and a description of the system architecture showing how software components build on or feed into each other",
      {
        requirement: "CRA-AVII-2a",
        ...referencedOrMissing(
          architecture,
          "Add the system architecture description (a document of kind system-architecture).",
          docsOfKind(docs, "system-architecture").length > 0,
        ),
      },
    ),
  );

  const vh = d.vulnerabilityHandling;
  const sbomEntries: DocumentEntry[] = inputs.sbom
    ? [{ label: "SBOM", value: sbomText(inputs.sbom), source: "sbom" }]
    : docsOfKind(docs, "sbom");
  const cvd = compact([
    vh?.cvdPolicyUrl
      ? {
          label: "Coordinated vulnerability disclosure policy",
          value: vh.cvdPolicyUrl,
          href: vh.cvdPolicyUrl,
          source: "declaration:/vulnerabilityHandling/cvdPolicyUrl",
        }
      : undefined,
    ...docsOfKind(docs, "cvd-policy"),
  ]);
  const contact = compact([
    entry("Vulnerability contact (e-mail)", vh?.contact?.email, "declaration:/vulnerabilityHandling/contact/email"),
    vh?.contact?.securityTxtUrl
      ? {
          label: "security.txt",
          value: vh.contact.securityTxtUrl,
          href: vh.contact.securityTxtUrl,
          source: "declaration:/vulnerabilityHandling/contact/securityTxtUrl",
        }
      : undefined,
    vh?.contact?.webFormUrl
      ? {
          label: "Reporting form",
          value: vh.contact.webFormUrl,
          href: vh.contact.webFormUrl,
          source: "declaration:/vulnerabilityHandling/contact/webFormUrl",
        }
      : undefined,
  ]);
  const distribution = compact([
    d.updates?.distributionDocument
      ? docEntry(docs, d.updates.distributionDocument, "Secure update distribution")
      : undefined,
    ...(d.updates?.distributionDocument ? [] : docsOfKind(docs, "update-distribution")),
  ]);
  const vhTodo: string[] = [];
  if (sbomEntries.length === 0) vhTodo.push("Include the SBOM (pass --sbom, or list a document of kind sbom).");
  if (cvd.length === 0)
    vhTodo.push("Include the coordinated vulnerability disclosure policy (vulnerabilityHandling.cvdPolicyUrl).");
  if (contact.length === 0)
    vhTodo.push(
      "Show that a contact address for reporting vulnerabilities is provided (vulnerabilityHandling.contact).",
    );
  if (distribution.length === 0)
    vhTodo.push("Describe the technical solutions for secure update distribution (updates.distributionDocument).");
  items.push(
    item(
      "VII-2b",
      "Annex VII, point 2(b)",
      "Vulnerability handling: the SBOM, the coordinated vulnerability disclosure policy, evidence that a reporting contact address is provided, and the technical solutions chosen for secure update distribution",
      {
        requirement: "CRA-AVII-2b",
        state: vhTodo.length > 0 ? "missing" : inputs.sbom ? "filled" : "referenced",
        entries: [...sbomEntries, ...cvd, ...contact, ...distribution],
        todo: vhTodo,
      },
    ),
  );

  items.push(
    item("VII-2c", "Annex VII, point 2(c)", "Production and monitoring processes, and how they are validated", {
      requirement: "CRA-AVII-2c",
      ...referencedOrMissing(
        docsOfKind(docs, "production-monitoring"),
        "Describe the production and monitoring processes and their validation (a document of kind production-monitoring).",
      ),
    }),
  );

  const risk = d.documentation?.riskAssessment
    ? [docEntry(docs, d.documentation.riskAssessment, "Cybersecurity risk assessment")]
    : docsOfKind(docs, "risk-assessment");
  const properties = d.securityProperties ?? {};
  const applicability: DocumentEntry[] = SECURITY_PROPERTY_LETTERS.map((letter) => {
    const stated = properties[letter];
    const status = stated?.status ?? "not stated";
    const why = stated?.status === "not-applicable" && stated.justification ? ` (${stated.justification})` : "";
    return {
      label: `Annex I Part I (2)(${letter.slice(1)}) ${ANNEX_I_LETTER_TITLES[letter] ?? ""}`.trim(),
      value: `${status}${why}`,
      source: `declaration:/securityProperties/${letter}`,
    };
  });
  const unstated = SECURITY_PROPERTY_LETTERS.filter((letter) => !properties[letter]);
  const riskTodo: string[] = [];
  if (risk.length === 0) riskTodo.push("Add the cybersecurity risk assessment (documentation.riskAssessment).");
  if (unstated.length > 0)
    riskTodo.push(
      `State how each Annex I Part I (2) requirement applies; not stated: ${unstated.map((l) => `(2)(${l.slice(1)})`).join(", ")} (securityProperties).`,
    );
  items.push(
    item(
      "VII-3",
      "Annex VII, point 3",
      "The cybersecurity risk assessment, including how each essential requirement of Annex I Part I applies",
      {
        requirement: "CRA-AVII-3",
        state: riskTodo.length > 0 ? "missing" : "referenced",
        entries: [...risk, ...applicability],
        todo: riskTodo,
      },
    ),
  );

  const sp = d.supportPeriod;
  const supportEntries = compact([
    entry("End of support", sp?.end, "declaration:/supportPeriod/end"),
    entry(
      "Expected time of use (years)",
      sp?.expectedUseYears === undefined ? undefined : String(sp.expectedUseYears),
      "declaration:/supportPeriod/expectedUseYears",
    ),
    sp?.rationaleDocument ? docEntry(docs, sp.rationaleDocument, "Rationale") : undefined,
    ...(sp?.rationaleDocument ? [] : docsOfKind(docs, "support-period-rationale")),
  ]);
  const hasRationale = Boolean(sp?.rationaleDocument) || docsOfKind(docs, "support-period-rationale").length > 0;
  items.push(
    item(
      "VII-4",
      "Annex VII, point 4",
      "The information taken into account to determine the support period (Art. 13(8))",
      {
        requirement: "CRA-AVII-4",
        state: hasRationale ? "referenced" : "missing",
        entries: supportEntries,
        todo: hasRationale
          ? []
          : ["Record the information used to set the support period (supportPeriod.rationaleDocument)."],
      },
    ),
  );

  const standards = d.documentation?.standardsApplied ?? [];
  items.push(
    item(
      "VII-5",
      "Annex VII, point 5",
      "The harmonised standards, common specifications or cybersecurity certification schemes applied in full or in part (naming the parts applied); where none were applied, the solutions adopted to meet Annex I",
      {
        requirement: "CRA-AVII-5",
        state: standards.length > 0 ? "filled" : "missing",
        entries: standards.map((s, i) => ({
          label: standardKindLabel(s.kind),
          value: standardText(s),
          source: `declaration:/documentation/standardsApplied/${i}`,
        })),
        todo:
          standards.length > 0
            ? []
            : [
                "List the standards or specifications applied (documentation.standardsApplied), or describe the solutions adopted to meet Annex I Parts I and II.",
              ],
      },
    ),
  );

  const tests: DocumentEntry[] = [];
  (vh?.securityTesting ?? []).forEach((test, i) => {
    const documentTitle = test.document ? docs.find((doc) => doc.id === test.document)?.title : undefined;
    tests.push({
      label: `Security test: ${test.kind}`,
      value: [test.date, test.scope, documentTitle ?? test.document].filter(Boolean).join("; ") || "no details",
      source: `declaration:/vulnerabilityHandling/securityTesting/${i}`,
    });
  });
  const testedDocs = new Set((vh?.securityTesting ?? []).map((t) => t.document).filter(Boolean));
  docs.forEach((doc, i) => {
    const isReport = doc.kind === "test-report" || doc.kind === "penetration-test-report";
    if (isReport && !testedDocs.has(doc.id)) tests.push(documentLine(doc, i));
  });
  if (inputs.assessment) {
    tests.push({
      label: "Automated assessment (not a test report)",
      value: `cra-assessor, ${inputs.assessment.framework}, as of ${inputs.assessment.asOf}: verdict ${inputs.assessment.verdict}, ${inputs.assessment.gaps.length} gap(s)`,
      source: "assessment",
    });
  }
  const hasTestReports = tests.some((t) => t.source !== "assessment");
  items.push(
    item(
      "VII-6",
      "Annex VII, point 6",
      "Reports of the tests carried out to verify that the product and the vulnerability handling processes conform to Annex I Parts I and II",
      {
        requirement: "CRA-AVII-6",
        state: hasTestReports ? "referenced" : "missing",
        entries: tests,
        todo: hasTestReports
          ? []
          : ["Add the test reports (vulnerabilityHandling.securityTesting with their documents)."],
      },
    ),
  );

  const docCopies = docsOfKind(docs, "declaration-of-conformity");
  const docUrl = d.documentation?.declarationOfConformityUrl;
  items.push(
    item("VII-7", "Annex VII, point 7", "A copy of the EU declaration of conformity", {
      requirement: "CRA-AVII-7",
      state: docCopies.length > 0 ? "referenced" : "missing",
      entries: docCopies,
      todo:
        docCopies.length > 0
          ? []
          : [
              docUrl
                ? `A web address of the declaration is declared (${docUrl}), but this point asks for a copy: list the signed declaration as a document of kind declaration-of-conformity.`
                : "Add a copy of the signed EU declaration of conformity (a document of kind declaration-of-conformity); `documents generate eu-declaration-of-conformity` drafts it.",
            ],
    }),
  );

  const sbomOnRequest: DocumentEntry[] = inputs.sbom
    ? [{ label: "SBOM", value: sbomText(inputs.sbom), source: "sbom" }]
    : docsOfKind(docs, "sbom");
  items.push(
    item(
      "VII-8",
      "Annex VII, point 8",
      "Where applicable, the SBOM, further to a reasoned request of a market surveillance authority (Art. 13(25))",
      {
        requirement: "CRA-AVII-8",
        state: inputs.sbom ? "filled" : sbomOnRequest.length > 0 ? "referenced" : "missing",
        entries: sbomOnRequest,
        todo:
          sbomOnRequest.length > 0
            ? []
            : ["Keep the SBOM of this version ready to hand over (pass --sbom to include its identification)."],
      },
    ),
  );

  const notes = [
    "Art. 31(1)-(2): the technical documentation is drawn up before the product is placed on the market and kept up to date at least during the support period.",
    "Art. 13(13): keep it at the disposal of market surveillance authorities for at least ten years after placing, or for the support period if longer.",
  ];
  if (d.product.openSource?.technicalDocumentationPublicUrl) {
    notes.push(`Public technical documentation: ${d.product.openSource.technicalDocumentationPublicUrl} (Art. 32(5)).`);
  }
  notes.push(...gapWarning(inputs.assessment));
  return finish("technical-documentation", "Technical documentation (Annex VII)", inputs, items, notes);
}

// ---------------------------------------------------------------------------------------------------------------
// Annex II: information and instructions to the user

function userInformation(inputs: DocumentInputs): GeneratedDocument {
  const d = inputs.declaration;
  const m = d.manufacturer;
  const vh = d.vulnerabilityHandling;
  const items: DocumentItem[] = [];

  const manufacturerEntries = compact([
    entry("Name", m?.name, "declaration:/manufacturer/name"),
    entry("Registered trade name or trademark", m?.tradeName, "declaration:/manufacturer/tradeName"),
    entry("Postal address", m?.postalAddress, "declaration:/manufacturer/postalAddress"),
    entry("E-mail", m?.email, "declaration:/manufacturer/email"),
    m?.digitalContact
      ? {
          label: "Digital contact",
          value: m.digitalContact,
          href: m.digitalContact,
          source: "declaration:/manufacturer/digitalContact",
        }
      : undefined,
    m?.website
      ? { label: "Website", value: m.website, href: m.website, source: "declaration:/manufacturer/website" }
      : undefined,
  ]);
  const manufacturerTodo: string[] = [];
  if (!m?.name && !m?.tradeName)
    manufacturerTodo.push("the manufacturer's name or registered trade name (manufacturer.name)");
  if (!m?.postalAddress) manufacturerTodo.push("a postal address (manufacturer.postalAddress)");
  if (!m?.email && !m?.digitalContact)
    manufacturerTodo.push("an e-mail address or other digital contact (manufacturer.email)");
  items.push(
    item(
      "II-1",
      "Annex II, point 1",
      "The manufacturer's name, registered trade name or trademark, postal address, e-mail or other digital contact, and website where there is one",
      {
        requirement: "CRA-AII-1",
        state: manufacturerTodo.length === 0 ? "filled" : "missing",
        entries: manufacturerEntries,
        todo: manufacturerTodo.length === 0 ? [] : [`Add ${manufacturerTodo.join(", ")}.`],
      },
    ),
  );

  const spoc = (vh?.singlePointOfContact ?? []).map((c, i) => ({
    label: `Single point of contact (${c.channel})`,
    value: c.address ?? "",
    source: `declaration:/vulnerabilityHandling/singlePointOfContact/${i}`,
  }));
  const contact = compact([
    ...spoc,
    entry("Vulnerability reports (e-mail)", vh?.contact?.email, "declaration:/vulnerabilityHandling/contact/email"),
    vh?.contact?.webFormUrl
      ? {
          label: "Vulnerability reports (form)",
          value: vh.contact.webFormUrl,
          href: vh.contact.webFormUrl,
          source: "declaration:/vulnerabilityHandling/contact/webFormUrl",
        }
      : undefined,
    vh?.cvdPolicyUrl
      ? {
          label: "Coordinated vulnerability disclosure policy",
          value: vh.cvdPolicyUrl,
          href: vh.cvdPolicyUrl,
          source: "declaration:/vulnerabilityHandling/cvdPolicyUrl",
        }
      : undefined,
  ]);
  const contactTodo: string[] = [];
  if (spoc.length === 0 && !vh?.contact)
    contactTodo.push(
      "Name the single point of contact for reporting vulnerabilities (vulnerabilityHandling.singlePointOfContact).",
    );
  if (!vh?.cvdPolicyUrl)
    contactTodo.push(
      "Say where the coordinated vulnerability disclosure policy is (vulnerabilityHandling.cvdPolicyUrl).",
    );
  items.push(
    item(
      "II-2",
      "Annex II, point 2",
      "The single point of contact for reporting and receiving vulnerability information, and where the coordinated vulnerability disclosure policy is",
      {
        requirement: "CRA-AII-2",
        state: contactTodo.length === 0 ? "filled" : "missing",
        entries: contact,
        todo: contactTodo,
      },
    ),
  );

  items.push(
    productIdentification(
      "II-3",
      "Annex II, point 3",
      "The product's name and type and any information that identifies it uniquely",
      d,
      "CRA-AII-3",
    ),
  );

  const purposeEntries = compact([
    entry("Intended purpose", d.product.intendedPurpose, "declaration:/product/intendedPurpose"),
    entry("Essential functions", d.product.essentialFunctions?.join("; "), "declaration:/product/essentialFunctions"),
  ]);
  const implemented = SECURITY_PROPERTY_LETTERS.filter(
    (letter) => d.securityProperties?.[letter]?.status === "implemented",
  );
  if (implemented.length > 0) {
    purposeEntries.push({
      label: "Security properties",
      value: implemented.map((letter) => ANNEX_I_LETTER_TITLES[letter]).join("; "),
      source: "declaration:/securityProperties",
    });
  }
  const purposeTodo: string[] = [];
  if (!d.product.intendedPurpose)
    purposeTodo.push(
      "Describe the intended purpose, including the security environment the manufacturer provides (product.intendedPurpose).",
    );
  if (!d.product.essentialFunctions?.length)
    purposeTodo.push("List the essential functions (product.essentialFunctions).");
  if (implemented.length === 0) purposeTodo.push("Describe the product's security properties (securityProperties).");
  items.push(
    item(
      "II-4",
      "Annex II, point 4",
      "The intended purpose, including the security environment provided by the manufacturer, the essential functions and information about the security properties",
      {
        requirement: "CRA-AII-4",
        state: purposeTodo.length === 0 ? "filled" : "missing",
        entries: purposeEntries,
        todo: purposeTodo,
      },
    ),
  );

  items.push(
    item(
      "II-5",
      "Annex II, point 5",
      "Any known or foreseeable circumstance, in intended use or reasonably foreseeable misuse, that may lead to significant cybersecurity risks",
      {
        requirement: "CRA-AII-5",
        state: "to-complete",
        entries: d.documentation?.riskAssessment
          ? [docEntry(d.documents ?? [], d.documentation.riskAssessment, "Source: risk assessment")]
          : [],
        todo: ["Write these circumstances from the risk assessment: the declaration has no field for them."],
      },
    ),
  );

  const docUrl = d.documentation?.declarationOfConformityUrl;
  const docHeading = "Where applicable, the internet address at which the EU declaration of conformity can be read";
  if (docUrl) {
    items.push(
      item("II-6", "Annex II, point 6", docHeading, {
        requirement: "CRA-AII-6",
        state: "filled",
        entries: [
          {
            label: "EU declaration of conformity",
            value: docUrl,
            href: docUrl,
            source: "declaration:/documentation/declarationOfConformityUrl",
          },
        ],
      }),
    );
  } else if (d.documentation?.declarationOfConformitySupplied === "full") {
    items.push(
      item("II-6", "Annex II, point 6", docHeading, {
        requirement: "CRA-AII-6",
        state: "not-applicable",
        entries: [],
        reason:
          "The full EU declaration of conformity ships with the product (documentation.declarationOfConformitySupplied: full), so no address is needed (Art. 13(20)).",
      }),
    );
  } else {
    items.push(
      item("II-6", "Annex II, point 6", docHeading, {
        requirement: "CRA-AII-6",
        state: "missing",
        entries: [],
        todo: [
          "Give the address of the EU declaration of conformity (documentation.declarationOfConformityUrl), or declare that the full declaration ships with the product (documentation.declarationOfConformitySupplied: full).",
        ],
      }),
    );
  }

  const sp = d.supportPeriod;
  const supportTodo: string[] = [];
  if (!sp?.supportType)
    supportTodo.push("Describe the type of technical security support offered (supportPeriod.supportType).");
  if (!sp?.end) supportTodo.push("Give the end of the support period, at least month and year (supportPeriod.end).");
  items.push(
    item(
      "II-7",
      "Annex II, point 7",
      "The type of technical security support offered and the end date of the support period, during which users can expect vulnerabilities to be handled and security updates to be provided",
      {
        requirement: "CRA-AII-7",
        state: supportTodo.length === 0 ? "filled" : "missing",
        entries: compact([
          entry("Type of support", sp?.supportType, "declaration:/supportPeriod/supportType"),
          entry("End of support", sp?.end, "declaration:/supportPeriod/end"),
        ]),
        todo: supportTodo,
      },
    ),
  );

  const slots: {
    letter: string;
    slot: keyof NonNullable<NonNullable<Declaration["documentation"]>["instructions"]>;
    heading: string;
    applies: boolean;
    reason?: string;
  }[] = [
    {
      letter: "a",
      slot: "secureUse",
      heading:
        "Instructions: the measures needed for secure use when the product is first put into service and throughout its lifetime",
      applies: true,
    },
    {
      letter: "b",
      slot: "effectOfChanges",
      heading: "Instructions: how changes to the product can affect the security of data",
      applies: true,
    },
    {
      letter: "c",
      slot: "installingUpdates",
      heading: "Instructions: how security-relevant updates can be installed",
      applies: true,
    },
    {
      letter: "d",
      slot: "secureDecommissioning",
      heading: "Instructions: secure decommissioning, including how user data can be removed securely",
      applies: true,
    },
    {
      letter: "e",
      slot: "disablingAutomaticUpdates",
      heading: "Instructions: how the default setting that installs security updates automatically can be turned off",
      applies: d.updates?.automaticByDefault !== false,
      reason: "Security updates are not installed automatically by default (updates.automaticByDefault: false).",
    },
    {
      letter: "f",
      slot: "integratorGuidance",
      heading:
        "Instructions: for products meant to be integrated into other products, what the integrator needs to meet Annex I and Annex VII",
      applies: d.product.intendedForIntegration === true,
      reason: "The product is not meant for integration into other products (product.intendedForIntegration).",
    },
  ];
  for (const { letter, slot, heading, applies, reason } of slots) {
    const ref = d.documentation?.instructions?.[slot];
    const id = `II-8${letter}`;
    const citation = `Annex II, point 8(${letter})`;
    if (!applies && !ref) {
      items.push(
        item(id, citation, heading, {
          requirement: `CRA-AII-8${letter}`,
          state: "not-applicable",
          entries: [],
          reason,
        }),
      );
      continue;
    }
    const entries = ref
      ? compact([
          ref.url
            ? {
                label: "Where",
                value: ref.url,
                href: ref.url,
                source: `declaration:/documentation/instructions/${slot}/url`,
              }
            : undefined,
          ref.document ? docEntry(d.documents ?? [], ref.document, "Document") : undefined,
          entry("Section", ref.section, `declaration:/documentation/instructions/${slot}/section`),
        ])
      : [];
    const fallback = !ref && d.documentation?.userInstructionsUrl;
    items.push(
      item(id, citation, heading, {
        requirement: `CRA-AII-8${letter}`,
        state: ref ? "referenced" : "missing",
        entries:
          fallback && d.documentation?.userInstructionsUrl
            ? [
                {
                  label: "User instructions (section not named)",
                  value: d.documentation.userInstructionsUrl,
                  href: d.documentation.userInstructionsUrl,
                  source: "declaration:/documentation/userInstructionsUrl",
                },
              ]
            : entries,
        todo: ref ? [] : [`Say where this instruction is (documentation.instructions.${slot}).`],
      }),
    );
  }

  const sbomUrl = vh?.sbomForUsersUrl;
  items.push(
    sbomUrl
      ? item(
          "II-9",
          "Annex II, point 9",
          "If the manufacturer makes the SBOM available to users, where it can be obtained",
          {
            requirement: "CRA-AII-9",
            state: "filled",
            entries: [
              {
                label: "SBOM for users",
                value: sbomUrl,
                href: sbomUrl,
                source: "declaration:/vulnerabilityHandling/sbomForUsersUrl",
              },
            ],
          },
        )
      : item(
          "II-9",
          "Annex II, point 9",
          "If the manufacturer makes the SBOM available to users, where it can be obtained",
          {
            requirement: "CRA-AII-9",
            state: "not-applicable",
            entries: [],
            reason:
              "The SBOM is not shared with users (no vulnerabilityHandling.sbomForUsersUrl); sharing it is optional.",
          },
        ),
  );

  const notes = [
    "Art. 13(18): the information and instructions are clear, understandable and legible, in a language easily understood by users, and kept available for at least ten years after placing or for the support period, whichever is longer.",
    "Art. 13(19): the end date of the support period is shown clearly at the time of purchase.",
  ];
  return finish("user-information", "Information and instructions to the user (Annex II)", inputs, items, notes);
}

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces

function productIdentification(
  id: string,
  citation: string,
  heading: string,
  d: Declaration,
  requirement?: string,
): DocumentItem {
  const p = d.product;
  const entries = compact([
    { label: "Product name", value: p.name, source: "declaration:/product/name" },
    entry("Type or model", p.model, "declaration:/product/model"),
    entry("Version", p.version, "declaration:/product/version"),
    entry("Identifiers", p.identifiers?.join(", "), "declaration:/product/identifiers"),
  ]);
  // Identification beyond the name: a model, a version or an identifier each single the product out (Annex II (3)).
  const identified = Boolean(p.model || p.version || p.identifiers?.length);
  return item(id, citation, heading, {
    requirement,
    state: identified ? "filled" : "missing",
    entries,
    todo: identified
      ? []
      : [
          "Add a type or model designation, a version or an identifier (product.model, product.version, product.identifiers) so that the product can be identified uniquely.",
        ],
  });
}

function item(
  id: string,
  citation: string,
  heading: string,
  fields: { state: ItemState; entries: DocumentEntry[]; todo?: string[]; reason?: string; requirement?: string },
): DocumentItem {
  return {
    id,
    ...(fields.requirement ? { requirement: fields.requirement } : {}),
    citation,
    heading,
    state: fields.state,
    entries: fields.entries,
    todo: fields.todo ?? [],
    ...(fields.reason ? { reason: fields.reason } : {}),
  };
}

function filledOrMissing(
  value: DocumentEntry | undefined,
  todo: string,
): { state: ItemState; entries: DocumentEntry[]; todo: string[] } {
  return value ? { state: "filled", entries: [value], todo: [] } : { state: "missing", entries: [], todo: [todo] };
}

function referencedOrMissing(
  entries: DocumentEntry[],
  todo: string,
  present = entries.length > 0,
): { state: ItemState; entries: DocumentEntry[]; todo: string[] } {
  return present ? { state: "referenced", entries, todo: [] } : { state: "missing", entries, todo: [todo] };
}

function entry(label: string, value: string | undefined, source: string): DocumentEntry | undefined {
  return value === undefined || value === "" ? undefined : { label, value, source };
}

function compact(entries: (DocumentEntry | undefined)[]): DocumentEntry[] {
  return entries.filter((e): e is DocumentEntry => e !== undefined);
}

function docsOfKind(docs: readonly Doc[], kind: Doc["kind"]): DocumentEntry[] {
  const out: DocumentEntry[] = [];
  docs.forEach((doc, i) => {
    if (doc.kind === kind) out.push(documentLine(doc, i));
  });
  return out;
}

function docEntry(docs: readonly Doc[], id: string, label: string): DocumentEntry {
  const index = docs.findIndex((doc) => doc.id === id);
  const doc = docs[index];
  return doc ? { ...documentLine(doc, index), label } : { label, value: id };
}

function documentLine(doc: Doc, index: number): DocumentEntry {
  const parts = [
    doc.title ?? doc.id,
    doc.version ? `version ${doc.version}` : undefined,
    doc.date,
    doc.uri,
    doc.sha256 ? `sha256 ${doc.sha256}` : undefined,
  ];
  const isWeb = doc.uri !== undefined && /^https?:\/\//i.test(doc.uri);
  return {
    label: documentKindLabel(doc.kind),
    value: parts.filter(Boolean).join("; "),
    source: `declaration:/documents/${index}`,
    ...(isWeb && doc.uri ? { href: doc.uri } : {}),
  };
}

function documentKindLabel(kind: string): string {
  const label = kind.replace(/-/g, " ");
  return label.charAt(0).toUpperCase() + label.slice(1);
}

function standardKindLabel(kind: string | undefined): string {
  switch (kind) {
    case "harmonised-standard":
      return "Harmonised standard";
    case "common-specification":
      return "Common specification";
    case "certification-scheme":
      return "Cybersecurity certification scheme";
    default:
      return "Technical specification";
  }
}

function standardText(s: NonNullable<NonNullable<Declaration["documentation"]>["standardsApplied"]>[number]): string {
  const application =
    s.application === "partial"
      ? `applied in part${s.partsApplied?.length ? ` (${s.partsApplied.join(", ")})` : ""}`
      : s.application === "full"
        ? "applied in full"
        : undefined;
  return [s.reference, application].filter(Boolean).join(", ");
}

function sbomText(sbom: SbomDigest): string {
  return [
    sbom.format,
    sbom.file,
    sbom.serialNumber ? `serial number ${sbom.serialNumber}` : undefined,
    `${sbom.components} components`,
    `sha256 ${sbom.sha256}`,
  ]
    .filter(Boolean)
    .join("; ");
}

function blank(): string {
  return "________________";
}

function gapWarning(assessment: AssessmentDigest | undefined): string[] {
  if (!assessment || assessment.gaps.length === 0) return [];
  return [
    `The assessment of ${assessment.asOf} (${assessment.framework}) found ${assessment.gaps.length} open gap(s). A declaration of conformity states that every essential requirement is met: close the gaps before signing.`,
  ];
}

function finish(
  kind: GeneratedDocumentKind,
  title: string,
  inputs: DocumentInputs,
  items: DocumentItem[],
  notes: string[],
): GeneratedDocument {
  const p = inputs.declaration.product;
  const manufacturer = inputs.declaration.manufacturer?.name;
  return {
    format: "cra-assessor-document/1",
    kind,
    title,
    regulation: "Regulation (EU) 2024/2847",
    product: {
      name: p.name,
      ...(p.version ? { version: p.version } : {}),
      ...(p.model ? { model: p.model } : {}),
      ...(manufacturer ? { manufacturer } : {}),
    },
    asOf: inputs.asOf,
    items,
    missing: items.filter((i) => i.state === "missing").map((i) => i.id),
    notes,
    ...(inputs.assessment ? { assessment: inputs.assessment } : {}),
  };
}
