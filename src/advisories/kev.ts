/**
 * The CISA Known Exploited Vulnerabilities catalog (JSON feed, `known_exploited_vulnerabilities.json`): every
 * entry is a CVE with reliable evidence of exploitation in the wild, which is what CRA Art. 3(42) calls an
 * actively exploited vulnerability. A broken entry is reported with its pointer and skipped.
 */
import type { InputIssue } from "../domain/input-issue.js";
import { isJsonObject } from "../json/value.js";
import { issue, optionalString, pointer } from "./json-read.js";
import type { KevEntry } from "./model.js";

export function looksLikeKev(value: unknown): boolean {
  return (
    isJsonObject(value) &&
    Array.isArray(value.vulnerabilities) &&
    ("catalogVersion" in value || "dateReleased" in value)
  );
}

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

export function parseKevCatalog(value: unknown, source: string): { entries: KevEntry[]; issues: InputIssue[] } {
  const entries: KevEntry[] = [];
  const issues: InputIssue[] = [];
  if (!isJsonObject(value) || !Array.isArray(value.vulnerabilities)) {
    return {
      entries,
      issues: [issue(source, "/vulnerabilities", "required", "A KEV catalog needs a `vulnerabilities` array.")],
    };
  }
  for (const [i, raw] of value.vulnerabilities.entries()) {
    const at = pointer("/vulnerabilities", i);
    if (!isJsonObject(raw) || typeof raw.cveID !== "string" || !CVE_ID.test(raw.cveID.trim())) {
      issues.push(issue(source, pointer(at, "cveID"), "format", "A KEV entry needs a `cveID` like CVE-2021-44228."));
      continue;
    }
    const entry: KevEntry = { cveId: raw.cveID.trim() };
    const fields = {
      vendorProject: raw.vendorProject,
      product: raw.product,
      name: raw.vulnerabilityName,
      dateAdded: raw.dateAdded,
      dueDate: raw.dueDate,
      knownRansomwareCampaignUse: raw.knownRansomwareCampaignUse,
    };
    for (const [key, v] of Object.entries(fields)) {
      const s = optionalString(v);
      if (s) entry[key as Exclude<keyof KevEntry, "cveId">] = s;
    }
    entries.push(entry);
  }
  return { entries, issues };
}
