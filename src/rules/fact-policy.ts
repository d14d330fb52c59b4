/** The assessor's policy choices the facts depend on; a module of its own so the CLI can show the default cheaply. */
export interface FactPolicy {
  /** Assessor policy for Part II (2) "without delay": days a fix may be available before an open match is a gap. */
  fixOverdueDays: number;
}

export const DEFAULT_FACT_POLICY: FactPolicy = { fixOverdueDays: 30 };
