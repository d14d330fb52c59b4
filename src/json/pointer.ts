/** JSON pointers (RFC 6901): how every located issue and evidence location in the project names a place in a document. */

/** One reference token, escaped: `~` as `~0`, `/` as `~1` (RFC 6901 section 3). */
export function pointerToken(segment: PropertyKey): string {
  return String(segment).replaceAll("~", "~0").replaceAll("/", "~1");
}

/** The pointer of a path of keys and indexes, below `base` (itself a pointer; the root is `""`). */
export function jsonPointer(path: readonly PropertyKey[], base = ""): string {
  let pointer = base;
  for (const segment of path) pointer += `/${pointerToken(segment)}`;
  return pointer;
}

/**
 * The path a pointer names, tokens unescaped (`~1` before `~0`, RFC 6901 section 4); tokens of digits only become
 * numbers, as array indexes. Empty tokens are dropped (a lenient reading for locations, not a validator).
 */
export function pointerPath(pointer: string): (string | number)[] {
  return pointer
    .split("/")
    .filter((token) => token !== "")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((token) => (/^\d+$/.test(token) ? Number(token) : token));
}
