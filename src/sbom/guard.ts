/**
 * Guards that run before any parser sees untrusted bytes: text encoding, nesting depth and DOCTYPE (the location
 * of a JSON syntax error is in json/syntax.ts). Each is one linear pass without recursion, so hostile input cannot
 * make them overflow the stack or go quadratic.
 */
import { Buffer, constants, isAscii } from "node:buffer";
import type { InputIssue } from "../domain/input-issue.js";

/** 1-based line and column of a byte offset, counting newlines in the raw bytes (used before decoding succeeded). */
function lineColumnAtByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = bytes.indexOf(0x0a); index !== -1 && index < offset; index = bytes.indexOf(0x0a, index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number | undefined {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index++;
      continue;
    }
    let length: number;
    let min: number;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else return index;
    let codePoint = lead & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[index + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return index;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return index;
    index += length;
  }
  return undefined;
}

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The longest string V8 can build (536,870,888 UTF-16 units in Node 20). JSON.parse and libxml2's binding both
 * need the document as one string, so a larger document cannot be read whatever the size limit says.
 */
const MAX_STRING_LENGTH = constants.MAX_STRING_LENGTH;

function tooLongForText(size: number): InputIssue {
  return {
    constraint: "size-limit",
    message: `the file is ${size} bytes, more text than Node.js can hold in one string (${MAX_STRING_LENGTH} characters); split the SBOM, for example one per product or container image`,
  };
}

/**
 * Decodes UTF-8, dropping one leading byte order mark (tolerated, though RFC 8259 §8.1 says not to send one).
 * CycloneDX JSON must be UTF-8 (RFC 8259 §8.1); other encodings are reported rather than guessed.
 */
export function decodeUtf8(
  bytes: Uint8Array,
): { ok: true; text: string; byteOrderMark: boolean } | { ok: false; issue: InputIssue } {
  const packed = compressedFormat(bytes);
  if (packed !== undefined) {
    return {
      ok: false,
      issue: {
        line: 1,
        column: 1,
        constraint: "encoding",
        message: `the file is ${packed}, not an SBOM in text: ${packed.startsWith("a zip") ? "extract the SBOM from it" : "decompress it"} and give the SBOM itself`,
      },
    };
  }
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    return {
      ok: false,
      issue: {
        line: 1,
        column: 1,
        constraint: "encoding",
        message: "the file is UTF-16 encoded (it starts with a UTF-16 byte order mark); save it as UTF-8 and try again",
      },
    };
  }
  const body = start === 0 ? bytes : bytes.subarray(start);
  // Pure ASCII (most SBOMs) decodes to the same characters as Latin-1, which V8 copies into a one-byte string
  // without UTF-8 decoding: measured on a 32 MiB SBOM, 1.4 ms for the ASCII check + 6 ms for the copy, against
  // 34 ms for the fatal TextDecoder (about a tenth of JSON.parse of the same text).
  if (body.length <= MAX_STRING_LENGTH && isAscii(body)) {
    const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("latin1");
    return { ok: true, text, byteOrderMark: start === 3 };
  }
  try {
    return { ok: true, text: fatalUtf8.decode(body), byteOrderMark: start === 3 };
  } catch {
    const invalidAt = firstInvalidUtf8Offset(body);
    // Valid UTF-8 that still cannot be decoded has more characters than a V8 string can hold.
    if (invalidAt === undefined) return { ok: false, issue: tooLongForText(bytes.length) };
    const offset = invalidAt + start;
    const { line, column } = lineColumnAtByte(bytes, offset);
    const byte = bytes[offset]?.toString(16).padStart(2, "0") ?? "??";
    return {
      ok: false,
      issue: {
        line,
        column,
        constraint: "encoding",
        message: `the file is not valid UTF-8: byte 0x${byte} at byte offset ${offset} cannot start or continue a character; save the file as UTF-8`,
      },
    };
  }
}

/**
 * The compressed or archive format the bytes start with (their magic number), for a plain message instead of
 * "not valid UTF-8" at byte 1: SBOMs are often published as `bom.json.gz` or inside a release zip.
 */
function compressedFormat(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0x1f && b === 0x8b) return "gzip-compressed";
  if (a === 0x50 && b === 0x4b && c === 0x03 && d === 0x04) return "a zip archive";
  if (a === 0x28 && b === 0xb5 && c === 0x2f && d === 0xfd) return "zstd-compressed";
  if (a === 0xfd && b === 0x37 && c === 0x7a && d === 0x58) return "xz-compressed";
  return undefined;
}

/**
 * Offset of the first container that opens deeper than `maxDepth`, or undefined. One pass over the text; string
 * contents are skipped with indexOf. It runs before JSON.parse so that nothing recursive (schema validation, the
 * normalizer) ever meets a document deeper than the limit: 100,000 nested arrays would overflow ajv's stack.
 */
export function findExcessiveJsonDepth(text: string, maxDepth: number): number | undefined {
  return scanJsonStructure(text, maxDepth).tooDeep;
}

/**
 * The depth guard's pass, which also counts the colons outside strings on the way (one compare per structural
 * character): in a text `JSON.parse` accepts, that is the number of members written, which the caller compares
 * with the parsed value's to notice a repeated member name without a second pass (json/duplicate-members.ts).
 */
export function scanJsonStructure(text: string, maxDepth: number): { tooDeep?: number; members: number } {
  let depth = 0;
  let members = 0;
  const length = text.length;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code <= 0x20) continue; // Whitespace first: in pretty-printed SBOMs it is half of the text.
    if (code === 0x22) {
      // Jump to the closing quote: the first quote preceded by an even number of backslashes.
      let end = text.indexOf('"', index + 1);
      while (end !== -1) {
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end === -1) return { members }; // Unterminated string: JSON.parse reports it with its position.
      index = end;
    } else if (code === 0x7b || code === 0x5b) {
      depth++;
      if (depth > maxDepth) return { tooDeep: index, members };
    } else if (code === 0x7d || code === 0x5d) {
      depth--;
    } else if (code === 0x3a) {
      members++;
    }
  }
  return { members };
}

/**
 * Offset of a `<!DOCTYPE` in the XML prolog, or undefined. A DOCTYPE can only appear before the root element
 * (XML 1.0 §2.8), so scanning the prolog (declaration, comments, processing instructions) is exact. CycloneDX
 * never uses a DTD; refusing one up front closes XXE and entity-expansion bombs before libxml2 sees the text.
 */
export function findXmlDoctype(text: string): number | undefined {
  let index = 0;
  while (index < text.length) {
    const next = text.indexOf("<", index);
    if (next === -1) return undefined;
    if (text.startsWith("<?", next)) {
      const end = text.indexOf("?>", next + 2);
      if (end === -1) return undefined;
      index = end + 2;
    } else if (text.startsWith("<!--", next)) {
      const end = text.indexOf("-->", next + 4);
      if (end === -1) return undefined;
      index = end + 3;
    } else if (text.startsWith("<!", next)) {
      // <!DOCTYPE (or anything else markup-declaration-like) before the root element.
      return /^<!DOCTYPE/i.test(text.slice(next, next + 9)) ? next : undefined;
    } else {
      return undefined; // The root element starts: the prolog is over.
    }
  }
  return undefined;
}
