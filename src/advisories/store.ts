/**
 * Storage types for advisories and Article 14 events. They are part of the repository port (src/db/port.ts), where
 * they are declared, and re-exported here for the advisory modules that use them.
 */
export type { AdvisoryStore, Art14EventStore, StoredRecord, UpsertOutcome } from "../db/port.js";
