/**
 * CycloneDX JSF signatures checked with a public key the user gives. Keys are generated here; each document is
 * signed here the way JSF 0.82 says (the canonical RFC 8785 form, via the `canonicalize` package, of the BOM with
 * its signature object lacking only `value`), then verified, tampered with, or checked with another key.
 * Expected outcomes from the profiles' words: a good signature meets BSI-G-8 and CISA's signature element
 * (verified), a bad one is a gap (contradicted), and without a key both stay with a person (needs-review).
 */
import { constants, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../src/crosswalk/catalog.js";
import { parseDeclarationValue } from "../../src/declaration/parse.js";
import { assessFindings } from "../../src/rules/evaluate.js";
import { buildAssessmentFacts } from "../../src/rules/facts.js";
import { PARTNER_SCOPES } from "../../src/rules/partner-scopes.js";
import { ingestSbomBytes } from "../../src/sbom/ingest.js";
import { parsePublicKey } from "../../src/sbom/signature.js";
import { declarationOf, loadPartnerRules } from "../rules/partner-fixtures.js";

type Doc = Record<string, any>;
const sample = fileURLToPath(new URL("../fixtures/sboms/partner-bsi-complete.cdx.json", import.meta.url));
const baseDoc = (): Doc => JSON.parse(readFileSync(sample, "utf8"));

interface Signer {
  algorithm: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  sign(data: Buffer): Buffer;
}

function signer(algorithm: string): Signer {
  if (algorithm === "Ed25519") {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    return { algorithm, privateKey, publicKey, sign: (data) => sign(null, data, privateKey) };
  }
  if (algorithm === "ES256") {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    // JWS (and so JSF) carries ECDSA signatures as r||s, not DER.
    return {
      algorithm,
      privateKey,
      publicKey,
      sign: (data) => sign("sha256", data, { key: privateKey, dsaEncoding: "ieee-p1363" }),
    };
  }
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  if (algorithm === "PS256") {
    return {
      algorithm,
      privateKey,
      publicKey,
      sign: (data) =>
        sign("sha256", data, {
          key: privateKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
        }),
    };
  }
  return { algorithm, privateKey, publicKey, sign: (data) => sign("sha256", data, privateKey) };
}

/** JSF: sign the canonical form of the document whose signature object has everything but `value`. */
function signed(doc: Doc, by: Signer, extra: Doc = {}): Doc {
  const copy = structuredClone(doc);
  copy.signature = { algorithm: by.algorithm, ...extra };
  const value = by.sign(Buffer.from(canonicalize(copy)!, "utf8"));
  copy.signature.value = value.toString("base64url");
  return copy;
}

const bytes = (doc: Doc) => new TextEncoder().encode(JSON.stringify(doc, null, 2));

function signatureOf(doc: Doc, key?: KeyObject) {
  const result = ingestSbomBytes(bytes(doc), key ? { publicKey: key } : undefined);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.quality.signature;
}

async function statusOf(doc: Doc, framework: string, requirement: string, key?: KeyObject) {
  const ingested = ingestSbomBytes(bytes(doc), key ? { publicKey: key } : undefined);
  if (!ingested.ok) throw new Error(JSON.stringify(ingested.issues));
  const declaration = parseDeclarationValue(declarationOf("partner"));
  if (!declaration.ok) throw new Error("declaration");
  const facts = buildAssessmentFacts({
    declaration: declaration.value,
    sbom: { sbom: ingested.sbom, quality: ingested.quality },
    asOf: "2028-03-01",
  });
  const findings = await assessFindings({
    catalog: getCatalog(framework)!,
    ruleSet: await loadPartnerRules(framework),
    scope: PARTNER_SCOPES[framework]!,
    facts,
  });
  const finding = findings.find((f) => f.requirement === requirement)!;
  return { status: finding.status, basis: finding.basis };
}

describe("JSF signature on the BOM", () => {
  for (const algorithm of ["Ed25519", "RS256", "PS256", "ES256"]) {
    it(`${algorithm}: verified with the signer's key, failed when tampered or with another key`, () => {
      const by = signer(algorithm);
      const doc = signed(baseDoc(), by);
      expect(signatureOf(doc, by.publicKey)).toEqual({ status: "verified", algorithm });

      const tampered = structuredClone(doc);
      tampered.components[0].version = "3.0.16";
      expect(signatureOf(tampered, by.publicKey)).toMatchObject({ status: "failed", algorithm });

      const other = signer(algorithm);
      expect(signatureOf(doc, other.publicKey)).toMatchObject({ status: "failed", algorithm });
    });
  }

  it("signs the signature object too: changing its algorithm or embedded key breaks it", () => {
    const by = signer("Ed25519");
    const doc = signed(baseDoc(), by, { keyId: "acme-sbom-2028" });
    expect(signatureOf(doc, by.publicKey).status).toBe("verified");
    const relabelled = structuredClone(doc);
    relabelled.signature.keyId = "someone-else";
    expect(signatureOf(relabelled, by.publicKey).status).toBe("failed");
  });

  it("leaves out what `excludes` names, and only that", () => {
    const by = signer("Ed25519");
    const doc = signed(baseDoc(), by, { excludes: ["version"] });
    // What was signed had no top-level `version`: sign the document without it, then put one back.
    const withoutVersion = structuredClone(baseDoc());
    delete withoutVersion.version;
    const proper = signed(withoutVersion, by, { excludes: ["version"] });
    proper.version = 7;
    expect(signatureOf(proper, by.publicKey).status).toBe("verified");
    // The first document signed `version` although it excludes it: the check leaves it out and fails.
    expect(signatureOf(doc, by.publicKey).status).toBe("failed");
  });

  it("says what it does not check, and never guesses", () => {
    const key = signer("Ed25519").publicKey;
    expect(signatureOf(baseDoc(), key)).toMatchObject({ status: "unsigned" });
    const hmac = baseDoc();
    hmac.signature = { algorithm: "HS256", value: "c2VjcmV0" };
    expect(signatureOf(hmac, key)).toMatchObject({ status: "unsupported", algorithm: "HS256" });
    expect(signatureOf(signed(baseDoc(), signer("Ed25519")))).toEqual({ status: "not-checked" });
  });

  it("a key of the wrong type for the algorithm fails instead of throwing", () => {
    const rsa = signer("RS256");
    const doc = signed(baseDoc(), rsa);
    expect(signatureOf(doc, signer("ES256").publicKey)).toMatchObject({ status: "failed", algorithm: "RS256" });
  });

  it("reads PEM public keys and refuses anything else plainly", () => {
    const by = signer("ES256");
    const pem = by.publicKey.export({ type: "spki", format: "pem" }).toString();
    const parsed = parsePublicKey(pem);
    expect(parsed.ok).toBe(true);
    const doc = signed(baseDoc(), by);
    if (parsed.ok) expect(signatureOf(doc, parsed.value).status).toBe("verified");
    const bad = parsePublicKey("-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n");
    expect(bad.ok).toBe(false);
  });
});

describe("signature findings", () => {
  const by = signer("Ed25519");
  const good = signed(baseDoc(), by);
  const tampered = structuredClone(good);
  tampered.metadata.component.version = "2.3.1";
  const cases: [string, Doc, KeyObject | undefined, string, string][] = [
    ["good signature, key given", good, by.publicKey, "met", "verified"],
    ["tampered document, key given", tampered, by.publicKey, "gap", "contradicted"],
    ["good signature, no key", good, undefined, "needs-review", "absent"],
    ["no signature, key given", baseDoc(), by.publicKey, "needs-review", "absent"],
  ];
  for (const [name, doc, key, status, basis] of cases) {
    for (const [framework, requirement] of [
      ["bsi-tr-03183-2@2.1", "BSI-G-8"],
      ["bsi-tr-03183-2@2.0", "BSI-G-8"],
      ["cisa-sbom-2026", "CISA26-M-2"],
    ] as const) {
      it(`${name}: ${requirement} (${framework}) is ${status}`, async () => {
        const result = await statusOf(doc, framework, requirement, key);
        expect(result.status).toBe(status);
        if (status !== "needs-review") expect(result.basis).toBe(basis);
      });
    }
  }
});
