/**
 * The index key of a package: purl type, namespace and name, normalized the way each type's purl rules say
 * names compare (purl-spec PURL-TYPES: PyPI names are case-insensitive with `-`, `_` and `.` equivalent;
 * NuGet, npm, Go and the others here compare case-insensitively in practice). Version and qualifiers are not
 * part of the key: the index answers "which advisories name this package", the ranges answer the version.
 */
import { PackageURL } from "packageurl-js";
import { OSV_TO_PURL_TYPE } from "./versions/index.js";

export function packageKey(type: string, namespace: string | undefined, name: string): string {
  const t = type.toLowerCase();
  let ns = (namespace ?? "").toLowerCase();
  let n = name.toLowerCase();
  if (t === "pypi") n = n.replace(/[-_.]+/g, "-");
  if (t === "golang" || t === "npm") ns = ns.replace(/\/+$/, "");
  if (t === "npm" && ns !== "" && !ns.startsWith("@")) ns = `@${ns}`;
  if (t === "maven") n = n.trim();
  return `${t}/${ns}/${n}`;
}

/** Extra OSV ecosystems whose package names we can key (their ranges are matched only by `versions` lists). */
const MORE_OSV_TYPES: Record<string, string> = {
  RubyGems: "gem",
  Packagist: "composer",
  Hex: "hex",
  Pub: "pub",
  SwiftURL: "swift",
  Hackage: "hackage",
  CRAN: "cran",
};

/** The purl type, namespace and name for an OSV `package` (`ecosystem` + `name`), or undefined if unknown. */
export function osvPackageToPurlParts(
  ecosystem: string,
  name: string,
): { type: string; namespace?: string; name: string } | undefined {
  const base = ecosystem.split(":")[0] ?? ecosystem;
  const type = OSV_TO_PURL_TYPE[base] ?? MORE_OSV_TYPES[base];
  if (!type || name.trim() === "") return undefined;
  switch (type) {
    case "npm": {
      // Scoped names (`@scope/pkg`) put the scope in the purl namespace.
      const slash = name.indexOf("/");
      return name.startsWith("@") && slash > 0
        ? { type, namespace: name.slice(0, slash), name: name.slice(slash + 1) }
        : { type, name };
    }
    case "maven": {
      const [group, artifact] = name.split(":");
      return group && artifact ? { type, namespace: group, name: artifact } : undefined;
    }
    case "golang":
    case "composer":
    case "swift": {
      const slash = name.lastIndexOf("/");
      return slash > 0 ? { type, namespace: name.slice(0, slash), name: name.slice(slash + 1) } : { type, name };
    }
    default:
      return { type, name };
  }
}

/** Parses a purl string with packageurl-js; undefined when it is not a valid purl. */
export function parsePurl(
  raw: string,
): { type: string; namespace?: string; name: string; version?: string } | undefined {
  try {
    const purl = PackageURL.fromString(raw);
    return {
      type: purl.type,
      name: purl.name,
      ...(purl.namespace ? { namespace: purl.namespace } : {}),
      ...(purl.version ? { version: purl.version } : {}),
    };
  } catch {
    return undefined;
  }
}
