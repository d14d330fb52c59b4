/**
 * Recognises one advisory document by its content and parses it: an OSV record (or an array of them), the CISA
 * KEV catalog, a CycloneDX VEX/VDR document, a CSAF 2.0 document or an OpenVEX document. Pure: the caller reads the bytes.
 */
import { type InputIssue, MAX_REPORTED_ISSUES } from "../domain/input-issue.js";
import { repeatedMemberIssues } from "../json/duplicate-members.js";
import { looksLikeCsaf, parseCsaf } from "./csaf.js";
import { looksLikeCycloneDx, parseCycloneDxVex } from "./cyclonedx-vex.js";
import { issue } from "./json-read.js";
import { looksLikeKev, parseKevCatalog } from "./kev.js";
import type { AdvisoryData } from "./model.js";
import { looksLikeOpenVex, parseOpenVex } from "./openvex.js";
import { looksLikeOsv, parseOsvRecord } from "./osv.js";

export type DocumentKind = "osv" | "kev" | "cyclonedx" | "csaf" | "openvex" | "unknown";

export interface ParsedDocument extends AdvisoryData {
  kind: DocumentKind;
  /** Located problems: records skipped (errors) and entries ignored (constraint `unsupported`). */
  issues: InputIssue[];
  /** Ids of OSV records skipped because they are withdrawn. */
  withdrawn: string[];
  /** Records that were well-formed and kept. */
  recordCount: number;
}

export function parseAdvisoryJson(text: string, source: string): ParsedDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return empty("unknown", [issue(source, "", "syntax", `Not valid JSON: ${(error as Error).message}`)]);
  }
  // A repeated member name (a statement's status twice, two vulnerabilities lists) leaves the document without one
  // reading, and JSON.parse has kept only the last: the document is skipped with each repeat located, as one that
  // does not parse is, rather than applied as this reader happened to resolve it (json/duplicate-members.ts).
  const repeated = repeatedMemberIssues(text, value, MAX_REPORTED_ISSUES);
  if (repeated.length > 0)
    return empty(
      "unknown",
      repeated.map((found) => ({ ...found, source })),
    );
  return parseAdvisoryValue(value, source);
}

function empty(kind: DocumentKind, issues: InputIssue[] = []): ParsedDocument {
  return { kind, advisories: [], kev: [], vex: [], issues, withdrawn: [], recordCount: 0 };
}

export function parseAdvisoryValue(value: unknown, source: string): ParsedDocument {
  if (looksLikeKev(value)) {
    const { entries, issues } = parseKevCatalog(value, source);
    return { ...empty("kev", issues), kev: entries, recordCount: entries.length };
  }
  if (looksLikeCsaf(value)) {
    const { advisories, vex, issues } = parseCsaf(value, source);
    return { ...empty("csaf", issues), advisories, vex, recordCount: advisories.length + vex.length };
  }
  if (looksLikeOpenVex(value)) {
    const { vex, issues } = parseOpenVex(value, source);
    return { ...empty("openvex", issues), vex, recordCount: vex.length };
  }
  if (looksLikeCycloneDx(value)) {
    const { advisories, vex, issues } = parseCycloneDxVex(value, source);
    return { ...empty("cyclonedx", issues), advisories, vex, recordCount: advisories.length + vex.length };
  }
  // OSV exports are one record per file; an array of records is accepted too.
  const records = Array.isArray(value) ? value : [value];
  const isArray = Array.isArray(value);
  if (!records.some(looksLikeOsv)) {
    return empty("unknown", [
      issue(
        source,
        "",
        "format",
        "Not a recognised advisory document (OSV, CISA KEV, CycloneDX VEX/VDR, CSAF 2.0 or OpenVEX).",
      ),
    ]);
  }
  const out = empty("osv");
  for (const [i, record] of records.entries()) {
    const result = parseOsvRecord(record, source, isArray ? `/${i}` : "");
    if (result.kind === "advisory") {
      out.advisories.push(result.advisory);
      out.issues.push(...result.warnings);
      out.recordCount++;
    } else if (result.kind === "withdrawn") out.withdrawn.push(result.id);
    else out.issues.push(...result.issues);
  }
  return out;
}
