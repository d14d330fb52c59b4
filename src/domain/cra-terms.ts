/**
 * Terms of the CRA that several layers share (the declaration format, the rule facts, the Article 14 clock),
 * defined once here so they cannot drift apart.
 */

/** The letters of Annex I Part I point (2), each a security property the risk assessment decides on. */
export const SECURITY_PROPERTY_LETTERS = [
  "2a",
  "2b",
  "2c",
  "2d",
  "2e",
  "2f",
  "2g",
  "2h",
  "2i",
  "2j",
  "2k",
  "2l",
  "2m",
] as const;
export type SecurityPropertyLetter = (typeof SECURITY_PROPERTY_LETTERS)[number];

/**
 * The essential cybersecurity requirements of Annex I as catalog ids (seeds/frameworks/cra.json; a test keeps the
 * two equal). Harmonised standards, common specifications and certification schemes give a presumption of
 * conformity for the requirements they cover (Art. 27), which is what opens module A to class I (Art. 32(2)).
 */
export const ESSENTIAL_REQUIREMENT_IDS = [
  "CRA-AI-P1-1",
  ...SECURITY_PROPERTY_LETTERS.map((letter) => `CRA-AI-P1-${letter}` as const),
  "CRA-AI-P2-1",
  "CRA-AI-P2-2",
  "CRA-AI-P2-3",
  "CRA-AI-P2-4",
  "CRA-AI-P2-5",
  "CRA-AI-P2-6",
  "CRA-AI-P2-7",
  "CRA-AI-P2-8",
] as const;
export type EssentialRequirementId = (typeof ESSENTIAL_REQUIREMENT_IDS)[number];

/** The 27 Member States by ISO 3166-1 alpha-2 code (Greece as GR). */
export const MEMBER_STATES = [
  "AT",
  "BE",
  "BG",
  "CY",
  "CZ",
  "DE",
  "DK",
  "EE",
  "ES",
  "FI",
  "FR",
  "GR",
  "HR",
  "HU",
  "IE",
  "IT",
  "LT",
  "LU",
  "LV",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SE",
  "SI",
  "SK",
] as const;
export type MemberState = (typeof MEMBER_STATES)[number];

/** Codes accepted in input: the ISO codes plus `EL`, the EU's own code for Greece. */
export const MEMBER_STATE_CODES = [...MEMBER_STATES, "EL"] as const;

/** The ISO code for an accepted Member State code (`EL` → `GR`), or undefined when it names none. */
export function toMemberState(code: string | undefined): MemberState | undefined {
  if (!code) return undefined;
  const upper = code.trim().toUpperCase();
  const normalized = upper === "EL" ? "GR" : upper;
  return (MEMBER_STATES as readonly string[]).includes(normalized) ? (normalized as MemberState) : undefined;
}
