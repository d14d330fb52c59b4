/**
 * Synthetic OSV records for benchmarks: any number, deterministic from a seed. A share of them target packages
 * of a given SBOM (so matching finds work to do, affected or not), the rest name packages the SBOM does not
 * have. Ranges mix the shapes real feeds use: introduced/fixed, several stretches, last_affected, unbounded,
 * pre-release bounds, explicit `versions` lists; about one record in ten shares its CVE alias with another.
 */

export interface SyntheticTarget {
  /** purl type: npm, pypi, maven, golang, cargo, nuget. */
  type: string;
  namespace?: string;
  name: string;
  version: string;
}

const OSV_ECOSYSTEM: Record<string, string> = {
  npm: "npm",
  pypi: "PyPI",
  maven: "Maven",
  golang: "Go",
  cargo: "crates.io",
  nuget: "NuGet",
};
const TYPES = Object.keys(OSV_ECOSYSTEM);

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function osvName(target: SyntheticTarget): string {
  switch (target.type) {
    case "maven":
      return `${target.namespace ?? "org.example"}:${target.name}`;
    case "npm":
    case "golang":
      return target.namespace ? `${target.namespace}/${target.name}` : target.name;
    default:
      return target.name;
  }
}

function bump(version: string, next: () => number): { lower: string; upper: string } {
  const parts = version
    .replace(/^v/, "")
    .split(/[.+-]/)
    .map((p) => Number.parseInt(p, 10) || 0);
  const [major = 0, minor = 0, patch = 0] = parts;
  const below = `${major}.${Math.max(0, minor - 1 - Math.floor(next() * 2))}.0`;
  const above = `${major}.${minor}.${patch + 1 + Math.floor(next() * 3)}`;
  return { lower: below, upper: above };
}

/** One OSV record (as plain JSON) per index; `targets` are the SBOM packages a share of records aim at. */
export function* syntheticOsvRecords(options: {
  count: number;
  seed?: number;
  targets: SyntheticTarget[];
  targetShare?: number;
}): Generator<Record<string, unknown>> {
  const next = rng(options.seed ?? 1);
  const share = options.targetShare ?? 0.3;
  for (let i = 0; i < options.count; i++) {
    const aimed = options.targets.length > 0 && next() < share;
    const target: SyntheticTarget = aimed
      ? (options.targets[Math.floor(next() * options.targets.length)] as SyntheticTarget)
      : {
          type: TYPES[Math.floor(next() * TYPES.length)] as string,
          name: `absent-pkg-${i}`,
          ...(next() < 0.3 ? { namespace: "org.absent" } : {}),
          version: `${Math.floor(next() * 5)}.${Math.floor(next() * 20)}.${Math.floor(next() * 10)}`,
        };
    const ecosystem = OSV_ECOSYSTEM[target.type] ?? "npm";
    const type = target.type === "golang" || target.type === "npm" || target.type === "cargo" ? "SEMVER" : "ECOSYSTEM";
    const { lower, upper } = bump(target.version, next);
    const shape = next();
    let ranges: unknown[];
    let versions: string[] | undefined;
    if (shape < 0.4) ranges = [{ type, events: [{ introduced: "0" }, { fixed: upper }] }];
    else if (shape < 0.6)
      ranges = [{ type, events: [{ introduced: lower }, { last_affected: target.version.replace(/^v/, "") }] }];
    else if (shape < 0.7) ranges = [{ type, events: [{ introduced: upper }] }];
    else if (shape < 0.85) {
      ranges = [
        { type, events: [{ introduced: "0" }, { fixed: lower }] },
        { type, events: [{ introduced: upper }, { fixed: `${upper.split(".")[0]}.99.0` }] },
      ];
    } else {
      ranges = [{ type, events: [{ introduced: "0" }, { fixed: upper }] }];
      versions = [lower, target.version.replace(/^v/, "")];
    }
    const cve = `CVE-2099-${String(next() < 0.1 && i > 0 ? i - 1 : i).padStart(6, "0")}`;
    const severities = ["LOW", "MODERATE", "HIGH", "CRITICAL"];
    yield {
      schema_version: "1.6.0",
      id: `SYN-${ecosystem.replace(/\W/g, "")}-${String(i).padStart(7, "0")}`,
      modified: "2099-01-01T00:00:00Z",
      published: `2099-01-${String(1 + (i % 28)).padStart(2, "0")}T00:00:00Z`,
      aliases: [cve],
      summary: `Synthetic advisory ${i}`,
      database_specific: { severity: severities[Math.floor(next() * severities.length)] },
      affected: [{ package: { ecosystem, name: osvName(target) }, ranges, ...(versions ? { versions } : {}) }],
    };
  }
}
