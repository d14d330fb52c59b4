/**
 * Glue between a `cra-declaration/1` and `applyRecognition`: the certificates, the product facts the certificate
 * scope and arrangement conditions are checked against, and the ETSI ICS answers.
 *
 * Call site for the assessment (src/services/assess.ts), after a framework's findings are built and before
 * `buildReport`:
 *
 *   const recognized = recognizeFromDeclaration(findings, d, { asOf: input.asOf, data: seedRecognitionData() });
 *   // then pass recognized.findings to buildReport and append recognized.notes to its notes
 */
import type { Declaration } from "../declaration/schema.js";
import type { Finding } from "../domain/report.js";
import {
  applyRecognition,
  type HeldCertificate,
  type IcsAnswer,
  type RecognitionContext,
  type RecognitionOutcome,
} from "./recognition.js";
import type { RecognitionData } from "./seeds.js";

/** The parts of a declaration recognition reads. */
export function recognitionInputFromDeclaration(d: Declaration): Pick<RecognitionContext, "product" | "icsAnswers"> & {
  certifications: HeldCertificate[];
} {
  const product: RecognitionContext["product"] = {
    name: d.product.name,
    ...(d.product.model ? { model: d.product.model } : {}),
    ...(d.product.version ? { version: d.product.version } : {}),
    identifiers: [...(d.product.identifiers ?? [])],
    kinds: [...(d.product.kinds ?? [])],
  };
  const icsAnswers: Record<string, IcsAnswer> = {};
  for (const [provision, answer] of Object.entries(d.etsiIcs?.provisions ?? {})) icsAnswers[provision] = answer.answer;
  return {
    certifications: (d.certifications ?? []).map(toHeldCertificate),
    product,
    ...(Object.keys(icsAnswers).length > 0 ? { icsAnswers } : {}),
  };
}

/**
 * Applies the declaration's certificates to one framework's findings.
 *
 * @example
 * const { findings, notes } = recognizeFromDeclaration(findings, declaration, { asOf: "2028-01-15", data });
 */
export function recognizeFromDeclaration(
  findings: readonly Finding[],
  d: Declaration,
  options: {
    asOf: string;
    data: Pick<RecognitionData, "catalogs" | "crosswalks" | "arrangements">;
    includeDrafts?: boolean;
    /** Reviews recorded outside the crosswalk files (stored by regulators), by `mappingKey`. */
    reviews?: RecognitionContext["reviews"];
  },
): RecognitionOutcome {
  const input = recognitionInputFromDeclaration(d);
  return applyRecognition(findings, input.certifications, {
    catalogs: options.data.catalogs,
    crosswalks: options.data.crosswalks,
    arrangements: options.data.arrangements,
    asOf: options.asOf,
    product: input.product,
    ...(input.icsAnswers ? { icsAnswers: input.icsAnswers } : {}),
    ...(options.includeDrafts ? { includeDrafts: true } : {}),
    ...(options.reviews ? { reviews: options.reviews } : {}),
  });
}

/** The declaration allows `null` for "stated as unknown"; recognition treats that like an absent field. */
function toHeldCertificate(c: NonNullable<Declaration["certifications"]>[number]): HeldCertificate {
  const held: HeldCertificate = { scheme: c.scheme };
  for (const key of [
    "level",
    "version",
    "certificateId",
    "issuer",
    "validFrom",
    "validUntil",
    "scope",
    "ics",
  ] as const) {
    const value = c[key];
    if (typeof value === "string") held[key] = value;
  }
  if (c.assurance === "self" || c.assurance === "third-party") held.assurance = c.assurance;
  return held;
}
