/**
 * Known vulnerabilities of an SBOM's components (CRA Annex I Part I (2)(a)), from advisory files given on the
 * command line (`assess --advisories`, no database) or from what `advisories import` stored (`--db`, the server).
 * Only the advisories naming the SBOM's packages are read from the store, plus every KEV entry and VEX statement.
 */
import { buildAdvisoryIndex } from "../advisories/index.js";
import { loadAdvisoryFiles } from "../advisories/load.js";
import { matchAdvisories } from "../advisories/match.js";
import type { VexStatement } from "../advisories/model.js";
import { packageKey } from "../advisories/package-key.js";
import type { AdvisoryStore } from "../advisories/store.js";
import type { InputIssue } from "../domain/input-issue.js";
import type { VulnerabilityMatch } from "../domain/vulnerability-match.js";
import { ingestSbomBytes } from "../sbom/ingest.js";
import type { NormalizedSbom } from "../sbom/model.js";

function sbomPackageKeys(sbom: NormalizedSbom): string[] {
  const keys = new Set<string>();
  for (const c of sbom.root ? [sbom.root, ...sbom.components] : sbom.components) {
    const p = c.purl;
    if (p && !p.parseError && p.type && p.name) keys.add(packageKey(p.type, p.namespace, p.name));
  }
  return [...keys].sort();
}

export async function matchVulnerabilities({
  ctx,
  input,
}: {
  ctx: { store: AdvisoryStore };
  /** `recorded`: the manufacturer's triage stored for the assessed product version, applied before any other VEX. */
  input: { sbom: NormalizedSbom; recorded?: readonly VexStatement[] };
}): Promise<VulnerabilityMatch[]> {
  const [advisories, kev, vex] = await Promise.all([
    ctx.store.advisoriesForPackages(sbomPackageKeys(input.sbom)),
    ctx.store.kev(),
    ctx.store.vex(),
  ]);
  return matchAdvisories(input.sbom, buildAdvisoryIndex({ advisories, kev, vex }), input.recorded);
}

export async function matchVulnerabilitiesFromFiles({
  input,
}: {
  input: { sbom: NormalizedSbom; paths: string[] };
}): Promise<{ matches: VulnerabilityMatch[]; issues: InputIssue[] }> {
  const { index, issues } = await loadAdvisoryFiles(input.paths);
  return { matches: matchAdvisories(input.sbom, index), issues };
}

/**
 * `assess --advisories PATH…`: matches SBOM bytes against advisory files with no database (CI jobs). The SBOM is
 * normalized once more because the assess service takes bytes; matching itself is linear and cheap. A malformed
 * advisory file yields issues and no matches, so the gate can fail closed; an invalid SBOM yields neither (the
 * assessment reports it with located issues).
 */
export async function matchSbomBytesAgainstFiles({
  input,
}: {
  input: { sbomBytes: Uint8Array; paths: string[] };
}): Promise<{ matches?: VulnerabilityMatch[]; issues: InputIssue[] }> {
  const loaded = await loadAdvisoryFiles(input.paths);
  const errors = loaded.issues.filter((i) => i.constraint !== "unsupported");
  if (errors.length > 0) return { issues: errors };
  const ingested = ingestSbomBytes(input.sbomBytes);
  if (!ingested.ok) return { issues: [] };
  return { matches: matchAdvisories(ingested.sbom, loaded.index), issues: [] };
}
