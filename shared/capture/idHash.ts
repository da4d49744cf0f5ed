/**
 * A flow id's hash as the capture index keeps it (4 bytes per flow instead
 * of a map entry and a string): FNV-1a of its UTF-16 units.
 */
export function idHash(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * `idHash` of the text of UTF-8 bytes `[start, end)` when they are all
 * ASCII (then a byte is a UTF-16 unit), or -1 when they are not.
 */
export function asciiIdHash(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte >= 0x80) return -1;
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
