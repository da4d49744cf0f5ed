/**
 * The one rule for turning captured bytes into a `Body` (and back), run by
 * the server's recorder and by the dashboard's capture readers alike.
 *
 * A body is stored as text (`encoding: "utf-8"`) only when its bytes are
 * well-formed UTF-8 **with no NUL byte**, so that the text round-trips to the
 * same bytes and really is text; anything else is base64. A NUL marks binary
 * data the world over (git, file(1), the viewer's own `looksBinary`), and a
 * NUL in a text field breaks what the text goes on to (shell words, C
 * strings, tools reading the capture).
 */
import type { Body } from '../schemas';
import { base64Decode, base64Encode, utf8Encode, utf8TextOrNull } from './bytes';

export interface BodyOptions {
  /** keep at most this many bytes; the body is then marked truncated */
  maxBytes?: number;
  /** bytes on the wire when `bytes` is already only the kept part (default: its length) */
  size?: number;
}

/** Text for `bytes`, or null when they are binary (a NUL, or not UTF-8). */
function asText(bytes: Uint8Array): string | null {
  return utf8TextOrNull(bytes);
}

/**
 * Where a UTF-8 sequence cut by truncation starts, or `bytes.length` when the
 * end is not such a cut: a lead byte in the last 3 bytes whose sequence needs
 * more bytes than are left, followed only by continuation bytes.
 */
function cutSequenceStart(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let i = end - 1; i >= Math.max(0, end - 3); i--) {
    const byte = bytes[i]!;
    if (byte >= 0x80 && byte <= 0xbf) continue; // a continuation byte: look further back
    const need =
      byte >= 0xc2 && byte <= 0xdf
        ? 2
        : byte >= 0xe0 && byte <= 0xef
          ? 3
          : byte >= 0xf0 && byte <= 0xf4
            ? 4
            : 0;
    return need > end - i ? i : end;
  }
  return end;
}

/**
 * Bytes → `Body`. `size` is always the count on the wire; a body longer than
 * `maxBytes` keeps its first bytes and is marked truncated. A truncated body
 * that would be text but for a UTF-8 sequence cut at its end stays text
 * without the cut bytes.
 */
export function bodyFromBytes(bytes: Uint8Array, options: BodyOptions = {}): Body {
  const maxBytes = Math.max(0, Math.floor(options.maxBytes ?? Infinity));
  const kept = bytes.length > maxBytes ? bytes.subarray(0, maxBytes) : bytes;
  const size = Math.max(options.size ?? bytes.length, bytes.length);
  const truncated = size > kept.length;
  let text = asText(kept);
  if (text === null && truncated) {
    const cut = cutSequenceStart(kept);
    if (cut < kept.length) text = asText(kept.subarray(0, cut));
  }
  const body: Body =
    text !== null
      ? { encoding: 'utf-8', data: text, size }
      : { encoding: 'base64', data: base64Encode(kept), size };
  if (truncated) body.truncated = true;
  return body;
}

/** The stored bytes of a `Body` (only the kept part when truncated). */
export function bodyToBytes(body: Body): Uint8Array {
  return body.encoding === 'base64' ? base64Decode(body.data) : utf8Encode(body.data);
}
