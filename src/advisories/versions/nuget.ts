/**
 * NuGet version ordering (NuGet.Versioning's rules), written here because no npm package implements it:
 * `semver` rejects the fourth "revision" part and leading zeros that NuGet accepts. Rules (learn.microsoft.com,
 * "Package versioning", normalization and precedence): up to four numeric parts, missing parts are 0
 * (`1.0` = `1.0.0` = `1.0.0.0`); then semver 2.0 pre-release precedence with case-insensitive labels; build
 * metadata after `+` is ignored.
 */
export interface NuGetVersion {
  release: [number, number, number, number];
  prerelease: string[];
}

const PATTERN =
  /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]*)?\s*$/;

export function parseNuGet(raw: string): NuGetVersion | undefined {
  const m = PATTERN.exec(raw);
  if (!m) return undefined;
  const parts = [m[1], m[2], m[3], m[4]].map((p) => (p === undefined ? 0 : Number(p)));
  if (parts.some((p) => !Number.isSafeInteger(p))) return undefined;
  return {
    release: parts as [number, number, number, number],
    prerelease: m[5] ? m[5].toLowerCase().split(".") : [],
  };
}

const NUMERIC = /^\d+$/;

/** Semver 2.0 §11 pre-release precedence: numeric identifiers numerically and below alphanumeric ones. */
export function comparePrerelease(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === y) continue;
    const xn = NUMERIC.test(x);
    const yn = NUMERIC.test(y);
    if (xn && yn) return Number(x) < Number(y) ? -1 : 1;
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function compareNuGet(a: NuGetVersion, b: NuGetVersion): number {
  for (let i = 0; i < 4; i++) {
    const x = a.release[i] as number;
    const y = b.release[i] as number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return comparePrerelease(a.prerelease, b.prerelease);
}
