/**
 * Byte helpers shared by the capture readers and writers. Browser- and
 * Node-safe: no Buffer, only TextDecoder/TextEncoder and plain loops.
 */

/** ASCII codes the capture readers and writers look for in bytes. */
export const QUOTE = 0x22;
export const PLUS = 0x2b;
export const COMMA = 0x2c;
export const MINUS = 0x2d;
export const ZERO = 0x30;
export const COLON = 0x3a;
export const OPEN_BRACKET = 0x5b;
export const BACKSLASH = 0x5c;
export const CLOSE_BRACKET = 0x5d;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;

/**
 * True for a Uint8Array from any realm (a Node Buffer, a jsdom test,
 * a worker): `instanceof` is not reliable across realms.
 */
export function isBytes(value: unknown): value is Uint8Array {
  return (
    ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]'
  );
}

// ignoreBOM: a leading U+FEFF is data, it must survive a round trip
const lenientDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/** Pure-ASCII runs up to this length are decoded without calling into TextDecoder. */
const ASCII_FAST_PATH_MAX = 64;
/** ASCII strings up to this length are interned: captures repeat the same header names and values. */
const INTERN_MAX = 32;
const INTERN_CACHE_LIMIT = 16_384;
const internCache = new Map<number, string>();

function asciiOrNull(bytes: Uint8Array): string | null {
  const length = bytes.length;
  if (length > ASCII_FAST_PATH_MAX) return null;
  let hash = length;
  for (let i = 0; i < length; i++) {
    const byte = bytes[i]!;
    if (byte >= 0x80) return null;
    hash = (Math.imul(hash, 31) + byte) | 0;
  }
  if (length > INTERN_MAX) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  const cached = internCache.get(hash);
  if (cached !== undefined && cached.length === length) {
    let same = true;
    for (let i = 0; i < length; i++) {
      if (cached.charCodeAt(i) !== bytes[i]) {
        same = false;
        break;
      }
    }
    if (same) return cached;
  }
  const text = String.fromCharCode.apply(null, bytes as unknown as number[]);
  if (internCache.size >= INTERN_CACHE_LIMIT) internCache.clear();
  internCache.set(hash, text);
  return text;
}

/** UTF-8 bytes `[start, end)` of `bytes` → string, without making a view for short ASCII runs. */
export function decodeRange(bytes: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length <= INTERN_MAX) {
    let hash = length;
    let ascii = true;
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!;
      if (byte >= 0x80) {
        ascii = false;
        break;
      }
      hash = (Math.imul(hash, 31) + byte) | 0;
    }
    if (ascii) {
      const cached = internCache.get(hash);
      if (cached !== undefined && cached.length === length) {
        let same = true;
        for (let i = 0; i < length; i++) {
          if (cached.charCodeAt(i) !== bytes[start + i]) {
            same = false;
            break;
          }
        }
        if (same) return cached;
      }
      let text = '';
      for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
      if (internCache.size >= INTERN_CACHE_LIMIT) internCache.clear();
      internCache.set(hash, text);
      return text;
    }
  }
  return utf8Decode(bytes.subarray(start, end));
}

/** UTF-8 → string; invalid sequences become U+FFFD. */
export function utf8Decode(bytes: Uint8Array): string {
  return asciiOrNull(bytes) ?? lenientDecoder.decode(bytes);
}

/**
 * Whether `bytes` are well-formed UTF-8 (what a `fatal` TextDecoder
 * accepts: no overlong forms, no surrogates, nothing past U+10FFFF, no cut
 * sequence) and, with `refuseNul`, hold no NUL byte. A plain loop: a fatal
 * TextDecoder is many times slower per call in Node, and a capture has a body
 * or two per flow.
 */
export function isUtf8(bytes: Uint8Array, refuseNul = false): boolean {
  const length = bytes.length;
  // refused, a NUL falls through to the multi-byte checks, where no lead byte is 0
  const lowest = refuseNul ? 1 : 0;
  let i = 0;
  while (i < length) {
    const byte = bytes[i]!;
    if (byte < 0x80 && byte >= lowest) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (byte >= 0xc2 && byte <= 0xdf) need = 1;
    else if (byte >= 0xe0 && byte <= 0xef) {
      need = 2;
      if (byte === 0xe0) low = 0xa0;
      else if (byte === 0xed) high = 0x9f;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      need = 3;
      if (byte === 0xf0) low = 0x90;
      else if (byte === 0xf4) high = 0x8f;
    } else return false;
    // a sequence cut by the end of the bytes
    if (i + need >= length) return false;
    const second = bytes[i + 1]!;
    if (second < low || second > high) return false;
    for (let k = 2; k <= need; k++) {
      const next = bytes[i + k]!;
      if (next < 0x80 || next > 0xbf) return false;
    }
    i += need + 1;
  }
  return true;
}

/** UTF-8 → string, or null if the bytes are not valid UTF-8. */
export function utf8DecodeStrict(bytes: Uint8Array): string | null {
  const ascii = asciiOrNull(bytes);
  if (ascii !== null) return ascii;
  return isUtf8(bytes) ? lenientDecoder.decode(bytes) : null;
}

/** UTF-8 text → string, or null if the bytes are not valid UTF-8 or hold a NUL. */
export function utf8TextOrNull(bytes: Uint8Array): string | null {
  if (bytes.length <= 64 && bytes.includes(0)) return null;
  const ascii = asciiOrNull(bytes);
  if (ascii !== null) return ascii;
  return isUtf8(bytes, true) ? lenientDecoder.decode(bytes) : null;
}

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_CODES = new Uint8Array(128).fill(255);
for (let i = 0; i < BASE64_ALPHABET.length; i++) BASE64_CODES[BASE64_ALPHABET.charCodeAt(i)] = i;
// base64url letters are accepted on input
BASE64_CODES['-'.charCodeAt(0)] = 62;
BASE64_CODES['_'.charCodeAt(0)] = 63;

export function base64Encode(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 4096;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    let chunk = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      chunk +=
        BASE64_ALPHABET[n >> 18]! +
        BASE64_ALPHABET[(n >> 12) & 63]! +
        BASE64_ALPHABET[(n >> 6) & 63]! +
        BASE64_ALPHABET[n & 63]!;
    }
    if (i < end) {
      const b0 = bytes[i]!;
      const b1 = i + 1 < end ? bytes[i + 1]! : 0;
      const n = (b0 << 16) | (b1 << 8);
      chunk += BASE64_ALPHABET[n >> 18]! + BASE64_ALPHABET[(n >> 12) & 63]!;
      chunk += i + 1 < end ? BASE64_ALPHABET[(n >> 6) & 63]! + '=' : '==';
    }
    parts.push(chunk);
  }
  return parts.join('');
}

/** Decodes standard or URL-safe base64; whitespace is ignored, anything else throws. */
export function base64Decode(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let length = 0;
  let buffer = 0;
  let bits = 0;
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3d /* = */) {
      padding++;
      continue;
    }
    if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) continue;
    const value = code < 128 ? BASE64_CODES[code]! : 255;
    if (value === 255 || padding > 0) {
      throw new Error(`invalid base64 at character ${i}`);
    }
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >> bits) & 0xff;
    }
  }
  if (bits >= 6) throw new Error('invalid base64: truncated input');
  return out.subarray(0, length);
}
