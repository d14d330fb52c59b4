/**
 * Waivers: a person accepts a known gap for a while, on the record. Users of CI gates ask for exactly this
 *: findings the SBOM generator cannot fix, with justification, approver and expiry. A waiver never
 * hides a finding; `buildReport` turns the matching gap into `waived` and every report still shows it.
 * The file format (`cra-waivers/1`) is read in src/input/waivers.ts. Example:
 *
 * ```yaml
 * format: cra-waivers/1
 * waivers:
 *   - requirement: CRA-AI-P2-1
 *     component: "pkg:npm/left-pad@1.3.0"   # optional bom-ref: waive the gap only for this component
 *     justification: Vendored binary; the supplier publishes no SBOM. Tracked in JIRA-123.
 *     approver: Jane Doe (Head of Product Security)
 *     expires: 2027-06-30                    # last day the waiver applies
 * ```
 */

export interface Waiver {
  requirement: string;
  /** A component bom-ref: the waiver then covers the gap only as far as it concerns this component. */
  component?: string;
  justification: string;
  approver: string;
  /** ISO date (YYYY-MM-DD): the last day on which the waiver applies. */
  expires: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written as YYYY-MM-DD (2027-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * A waiver applies up to and including its expiry day. `asOf` is the assessment date (YYYY-MM-DD, or an ISO
 * date-time whose date part is used); ISO dates compare correctly as strings.
 */
export function isWaiverActive(waiver: Pick<Waiver, "expires">, asOf: string): boolean {
  return asOf.slice(0, 10) <= waiver.expires;
}
