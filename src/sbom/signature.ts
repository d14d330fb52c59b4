/**
 * CycloneDX signatures (JSON Signature Format, JSF 0.82, which CycloneDX JSON uses for `signature` on the BOM):
 * checked against a public key the user trusts. JSF signs the canonical form (RFC 8785 / JCS) of the signed
 * object with the signature object in place minus its `value`, and minus the top-level properties the signature
 * lists in `excludes`. The key comes from the user, never from the document: a `publicKey` or certificate path
 * embedded in the signature proves nothing on its own.
 *
 * Supported: one signature (`signaturecore`) with RS256/384/512, PS256/384/512, ES256/384/512 (JWS's raw r||s
 * form), Ed25519 and Ed448. Not checked, and said so: multiple signatures (`signers`, `chain`), HMAC (HS*, no
 * public key can check it) and XML signatures.
 */
import { constants, createPublicKey, type KeyObject, verify } from "node:crypto";
import type { Parsed } from "../domain/input-issue.js";
import { canonicalJson } from "../json/canonical.js";
import { isJsonObject } from "../json/value.js";

export type SignatureStatus = "not-checked" | "verified" | "failed" | "unsigned" | "unsupported";

export interface SignatureFacts {
  /**
   * `not-checked`: no public key was given. With a key: `verified` (the signature holds for this key and these
   * bytes), `failed` (it does not: tampered document, other key, broken value), `unsigned` (no `signature` on the
   * BOM; it may be signed detached), `unsupported` (a form this tool does not check; see `reason`).
   */
  status: SignatureStatus;
  algorithm?: string;
  reason?: string;
}

export const SIGNATURE_NOT_CHECKED: SignatureFacts = { status: "not-checked" };

/** Reads a PEM public key (SPKI, or a certificate, or a private key from which the public half is taken). */
export function parsePublicKey(pem: string | Uint8Array): Parsed<KeyObject> {
  try {
    const key = createPublicKey(typeof pem === "string" ? pem : Buffer.from(pem));
    return { ok: true, value: key };
  } catch (error) {
    return {
      ok: false,
      issues: [
        {
          constraint: "public-key",
          message: `not a PEM public key: ${(error as Error).message.replace(/^error:\S+:/, "")}`,
        },
      ],
    };
  }
}

const DIGESTS: Record<string, string> = { "256": "sha256", "384": "sha384", "512": "sha512" };

/** The bytes JSF signs: the object with the signature's `value` (and the `excludes` properties) left out. */
export function jsfSigningInput(document: Record<string, unknown>): Buffer {
  const signature = document.signature as Record<string, unknown>;
  const { value: _value, ...unsigned } = signature;
  const signed: Record<string, unknown> = {};
  const excluded = new Set(Array.isArray(signature.excludes) ? signature.excludes.map(String) : []);
  for (const [key, member] of Object.entries(document)) {
    if (excluded.has(key)) continue;
    Object.defineProperty(signed, key, {
      value: key === "signature" ? unsigned : member,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return Buffer.from(canonicalJson(signed), "utf8");
}

function checkSignature(algorithm: string, data: Buffer, key: KeyObject, signature: Buffer): boolean {
  const family = algorithm.slice(0, 2);
  const digest = DIGESTS[algorithm.slice(2)];
  if (algorithm === "Ed25519" || algorithm === "Ed448") return verify(null, data, key, signature);
  if (digest === undefined) throw new UnsupportedAlgorithm(algorithm);
  if (family === "RS") return verify(digest, data, key, signature);
  if (family === "PS") {
    return verify(
      digest,
      data,
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
      signature,
    );
  }
  if (family === "ES") return verify(digest, data, { key, dsaEncoding: "ieee-p1363" }, signature);
  throw new UnsupportedAlgorithm(algorithm);
}

class UnsupportedAlgorithm extends Error {}

/**
 * Verifies the BOM-level JSF signature of a CycloneDX JSON document (already schema-valid) with `key`. Never
 * throws for a bad signature: that is a status.
 */
export function verifyBomSignature(text: string, key: KeyObject): SignatureFacts {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return { status: "unsupported", reason: "the document is not JSON; XML signatures are not checked" };
  }
  if (!isJsonObject(document) || !isJsonObject(document.signature)) {
    return { status: "unsigned", reason: "the BOM carries no signature (it may be signed detached)" };
  }
  const signature = document.signature;
  if (signature.signers !== undefined || signature.chain !== undefined) {
    return { status: "unsupported", reason: "multiple signatures (signers or chain) are not checked" };
  }
  const algorithm = typeof signature.algorithm === "string" ? signature.algorithm : undefined;
  if (algorithm === undefined) return { status: "failed", reason: "the signature names no algorithm" };
  if (algorithm.startsWith("HS")) {
    return { status: "unsupported", algorithm, reason: "an HMAC signature needs the shared secret, not a public key" };
  }
  if (typeof signature.value !== "string" || signature.value === "") {
    return { status: "failed", algorithm, reason: "the signature has no value" };
  }
  const value = Buffer.from(signature.value, "base64url");
  try {
    const holds = checkSignature(algorithm, jsfSigningInput(document), key, value);
    return holds
      ? { status: "verified", algorithm }
      : { status: "failed", algorithm, reason: "the signature does not match this document and key" };
  } catch (error) {
    if (error instanceof UnsupportedAlgorithm) {
      return { status: "unsupported", algorithm, reason: `algorithm ${algorithm} is not checked` };
    }
    // A key of another type than the algorithm (an RSA key for ES256 …) cannot have made this signature.
    return { status: "failed", algorithm, reason: `the key cannot check ${algorithm}: ${(error as Error).message}` };
  }
}
