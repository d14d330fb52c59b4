/**
 * Synthetic SPDX 2.3 JSON documents of any size, for the SPDX ingest benchmark: the same kind of content as the
 * CycloneDX generator (sbom.ts) in SPDX's words. Every package has a purl, a SHA-256 and a SHA-512 checksum, a
 * declared and a concluded licence, a supplier (one of 201), a download location; the document DESCRIBES a root
 * package, which DEPENDS_ON the first twenty packages, and every other package DEPENDS_ON an earlier one.
 * Deterministic: the same options give byte-identical output.
 */
const ECOSYSTEMS = ["npm", "maven", "pypi", "golang", "cargo", "nuget", "gem", "deb"];
const LICENCES = ["MIT", "Apache-2.0", "BSD-3-Clause", "ISC", "(MIT OR Apache-2.0)", "GPL-2.0-only", "MPL-2.0"];

function hex(seed: number, length: number): string {
  let out = "";
  let state = seed >>> 0 || 1;
  while (out.length < length) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out += state.toString(16).padStart(8, "0");
  }
  return out.slice(0, length);
}

export function syntheticSpdxText(options: { packages: number; seed?: number }): string {
  const seed = options.seed ?? 1;
  const parts: string[] = [];
  parts.push(
    `{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"synthetic-${options.packages}",` +
      `"documentNamespace":"https://example.com/spdx/synthetic-${options.packages}-${seed}",` +
      `"creationInfo":{"created":"2026-01-01T00:00:00Z","creators":["Tool: synthetic-1.0","Organization: Example Corp (sbom@example.com)"]},` +
      `"documentDescribes":["SPDXRef-root"],"packages":[`,
  );
  parts.push(
    `{"SPDXID":"SPDXRef-root","name":"product","versionInfo":"1.0.0","primaryPackagePurpose":"APPLICATION",` +
      `"supplier":"Organization: Example Corp (psirt@example.com)","downloadLocation":"https://example.com/product-1.0.0.tar.gz",` +
      `"checksums":[{"algorithm":"SHA512","checksumValue":"${hex(seed, 128)}"}],"licenseDeclared":"Apache-2.0",` +
      `"externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:generic/product@1.0.0"}]}`,
  );
  for (let i = 0; i < options.packages; i++) {
    const ecosystem = ECOSYSTEMS[i % ECOSYSTEMS.length];
    const name = `pkg-${i}`;
    const version = `${i % 7}.${i % 13}.${i % 29}`;
    const licence = LICENCES[(i * 7 + seed) % LICENCES.length];
    parts.push(
      `,{"SPDXID":"SPDXRef-Package-${i}","name":"${name}","versionInfo":"${version}","primaryPackagePurpose":"LIBRARY",` +
        `"supplier":"Organization: Vendor ${(i * 31 + seed) % 201} (security@vendor${(i * 31 + seed) % 201}.example)",` +
        `"downloadLocation":"https://registry.example/${ecosystem}/${name}/${version}.tgz","filesAnalyzed":false,` +
        `"checksums":[{"algorithm":"SHA256","checksumValue":"${hex(seed * 100003 + i, 64)}"},{"algorithm":"SHA512","checksumValue":"${hex(seed * 7 + i, 128)}"}],` +
        `"licenseDeclared":"${licence}","licenseConcluded":"${licence}","copyrightText":"NOASSERTION",` +
        `"externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:${ecosystem}/${name}@${version}"}]}`,
    );
  }
  parts.push(
    `],"relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-root"}`,
  );
  for (let i = 0; i < Math.min(20, options.packages); i++)
    parts.push(
      `,{"spdxElementId":"SPDXRef-root","relationshipType":"DEPENDS_ON","relatedSpdxElement":"SPDXRef-Package-${i}"}`,
    );
  for (let i = 20; i < options.packages; i++)
    parts.push(
      `,{"spdxElementId":"SPDXRef-Package-${(i * 17) % i}","relationshipType":"DEPENDS_ON","relatedSpdxElement":"SPDXRef-Package-${i}"}`,
    );
  parts.push("]}");
  return parts.join("");
}
