/**
 * Content-decoding of captured bodies (gzip, deflate as zlib or raw, brotli):
 * synchronous and pure, run in the worker (for `~b` filters and the flow
 * details), in the platform's filter threads and in unit tests. The answer is
 * fflate's (and the brotli port's); a host may install a faster raw-DEFLATE
 * decoder (`useRawInflate`: the platform's Node zlib) that is asked only
 * where its bytes are provably fflate's.
 */
import { gunzipSync, inflateSync, unzlibSync } from 'fflate';
import type { Body } from '../schemas';
import { bodyToBytes } from './body';
import { headerValue, type DecodedBody, type Headers } from './decode';

type BrotliDecompress = (bytes: Uint8Array) => Uint8Array | null | undefined;
let brotliDecompress: BrotliDecompress | null = null;

/**
 * Loads the brotli decoder (a pure-JS port with a large dictionary) on first
 * need, so the worker starts fast. Callers await it before decoding bodies.
 */
export function loadBrotli(): Promise<void> {
  brotliLoading ??= import('brotli/decompress').then((m) => {
    brotliDecompress = m.decompress;
  });
  return brotliLoading;
}
let brotliLoading: Promise<void> | null = null;

const MAX_DECODED_BYTES = 64 * 1024 * 1024;
const TOO_LARGE = 'decoded body is larger than 64 MiB';

/**
 * A raw-DEFLATE decoder a host may install (the platform's is Node's zlib,
 * `server/runtime/nativeInflate.ts`): given `range`, it returns the decoded
 * bytes only when the WHOLE range is one complete DEFLATE stream that it
 * decoded without error into at most `maxLength` bytes; else undefined (it
 * may also decline for any reason, e.g. a range too small to be worth it).
 * A plain Uint8Array, never a Buffer (whose `slice` differs).
 *
 * Why its bytes are fflate's: the callers below hand it exactly the range
 * fflate's `gunzipSync`/`unzlibSync`/`inflateSync` would inflate (header and
 * trailer cut off as fflate does: gzip header by `gzs`, `data.subarray(st,
 * -8)`; zlib `data.subarray(2, -4)`; raw: all of it). A range zlib decodes
 * to its last byte is a valid stream, which fflate decodes to the same bytes
 * (both implement RFC 1951; zlib is the stricter, rejecting what fflate lets
 * through: bad stored lengths, over-subscribed trees, codes 286/287 and
 * 30/31). fflate ignores whatever follows the final block in its range, so a
 * range not consumed to its end (trailing garbage, a second gzip member) is
 * left to fflate; so is every error. gzip: fflate inflates into a buffer of
 * the trailer's ISIZE (keeping at most ISIZE bytes, throwing when a stored
 * block overflows it), so only an output of at most ISIZE bytes is taken
 * (`maxLength`), and only when ISIZE is at most 64 MiB.
 * CRC and adler are checked by neither. `server/runtime/nativeInflate.test.ts` holds
 * it to this.
 */
export type RawInflate = (range: Uint8Array, maxLength: number) => Uint8Array | undefined;
let rawInflate: RawInflate | null = null;

/** Installs (or, with null, removes) the host's raw-DEFLATE decoder for this thread. */
export function useRawInflate(inflate: RawInflate | null): void {
  rawInflate = inflate;
}

/**
 * A brotli decoder a host may install (the platform's is Node's): the whole
 * of `bytes` decoded as one complete stream into at most `maxLength` bytes,
 * else undefined (truncated, corrupt, too long, or declined).
 *
 * Why its bytes are the port's: a stream the reference decoder (Node's)
 * decodes to its end without error is a valid one, which the port decodes
 * to the same bytes (RFC 7932 defines them). The port sizes its output by
 * the first meta-block's length (`brotliPortSize`), so, to take no chance
 * on how it grows that buffer, the host's output is taken only when it fits
 * it (nearly every body: one meta-block); every other case (a longer
 * output, every error) runs the port as before.
 * `server/runtime/nativeBrotli.test.ts` holds it to this.
 */
export type BrotliNative = (bytes: Uint8Array, maxLength: number) => Uint8Array | undefined;
let brotliNative: BrotliNative | null = null;

/** Installs (or, with null, removes) the host's brotli decoder for this thread. */
export function useBrotliNative(decode: BrotliNative | null): void {
  brotliNative = decode;
}

/**
 * The size of the buffer the brotli port decodes `bytes` into (its
 * `BrotliDecompressedSize`: the first meta-block's length, RFC 7932 9.2),
 * or null when its header is not plainly readable here (the port decides).
 */
export function brotliPortSize(bytes: Uint8Array): number | null {
  let bit = 0;
  const read = (n: number): number => {
    let value = 0;
    for (let i = 0; i < n; i++, bit++) {
      const byte = bytes[bit >> 3];
      if (byte === undefined) throw new RangeError('short');
      value |= ((byte >> (bit & 7)) & 1) << i;
    }
    return value;
  };
  try {
    // WBITS
    if (read(1) === 1 && read(3) === 0) read(3);
    // ISLAST, ISLASTEMPTY
    if (read(1) === 1 && read(1) === 1) return 0;
    const nibbles = read(2) + 4;
    let length = 0;
    if (nibbles === 7) {
      // a metadata block first
      if (read(1) !== 0) return null;
      const sizeBytes = read(2);
      if (sizeBytes === 0) return 0;
      for (let i = 0; i < sizeBytes; i++) {
        const next = read(8);
        if (i + 1 === sizeBytes && sizeBytes > 1 && next === 0) return null;
        length |= next << (i * 8);
      }
    } else {
      for (let i = 0; i < nibbles; i++) {
        const next = read(4);
        if (i + 1 === nibbles && nibbles > 4 && next === 0) return null;
        length |= next << (i * 4);
      }
    }
    return length + 1;
  } catch {
    return null;
  }
}

/**
 * `gunzipSync(bytes)`, by the installed decoder where it gives the same
 * bytes. A trailer whose ISIZE passes the 64 MiB limit is refused first:
 * fflate allocates its output by it, so a forged one (a capture is
 * attacker-controlled) would allocate up to 4 GB per body.
 */
function gunzip(bytes: Uint8Array): Uint8Array {
  const d = bytes;
  const n = d.length;
  if (
    n >= 8 &&
    (d[n - 4]! | (d[n - 3]! << 8) | (d[n - 2]! << 16) | (d[n - 1]! << 24)) >>> 0 > MAX_DECODED_BYTES
  )
    throw new Error(TOO_LARGE);
  // fflate's gzip header (`gzs`): reserved flags ignored; a name or comment
  // running past the end ends there
  if (rawInflate && d[0] === 31 && d[1] === 139 && d[2] === 8 && d.length >= 18) {
    const flags = d[3]!;
    let start = 10;
    if (flags & 4) start += (d[10]! | (d[11]! << 8)) + 2;
    for (let zeros = ((flags >> 3) & 1) + ((flags >> 4) & 1); zeros > 0;) if (!d[start++]) zeros--;
    start += flags & 2;
    const end = d.length - 8;
    // fflate's buffer: the trailer's ISIZE (`gzl`)
    const size =
      (d[end + 4]! | (d[end + 5]! << 8) | (d[end + 6]! << 16) | (d[end + 7]! << 24)) >>> 0;
    // a buffer at least as large as the stream's output holds all of it (and
    // fflate returns that); one over 64 MiB fflate may fail to allocate
    if (start < end && size <= MAX_DECODED_BYTES) {
      const out = rawInflate(d.subarray(start, end), size);
      if (out && out.length <= size) return out;
    }
  }
  return gunzipSync(bytes);
}

/** RFC 9110's `deflate` (zlib-wrapped; raw deflate as some servers send it), by the installed decoder where it gives fflate's bytes. */
function inflateDeflate(bytes: Uint8Array): Uint8Array {
  const d = bytes;
  // fflate's zlib header (`zls`, no dictionary given): a header it takes
  // with the dictionary flag clear, the stream from byte 2, adler cut off
  if (
    rawInflate &&
    d.length > 6 &&
    (d[0]! & 15) === 8 &&
    d[0]! >> 4 <= 7 &&
    ((d[0]! << 8) | d[1]!) % 31 === 0 &&
    !(d[1]! & 32)
  ) {
    const out = rawInflate(d.subarray(2, d.length - 4), MAX_DECODED_BYTES);
    if (out) return out;
  }
  try {
    return unzlibSync(bytes);
  } catch {
    return (bytes.length > 0 && rawInflate?.(bytes, MAX_DECODED_BYTES)) || inflateSync(bytes);
  }
}

function undoCoding(bytes: Uint8Array, coding: string): Uint8Array {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return gunzip(bytes);
    case 'deflate':
      return inflateDeflate(bytes);
    case 'br': {
      if (brotliNative) {
        const size = brotliPortSize(bytes);
        if (size !== null && size <= MAX_DECODED_BYTES) {
          const out = brotliNative(bytes, size);
          if (out && out.length <= size) return out;
        }
      }
      if (!brotliDecompress) throw new Error('the brotli decoder is not loaded yet');
      const out = brotliDecompress(bytes);
      if (!out) throw new Error('invalid brotli data');
      return out;
    }
    case 'identity':
      return bytes;
    default:
      throw new Error(`unsupported content coding "${coding}"`);
  }
}

/** The codings a `Content-Encoding` value lists, in the order applied (lower case, `identity` left out). */
export function contentCodings(contentEncoding: string | undefined): string[] {
  return (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
}

/** Undoes a `Content-Encoding` list (`gzip`, `deflate`, `br`, `identity`, comma-separated). */
export function contentDecode(
  raw: Uint8Array,
  contentEncoding: string | undefined,
): { decoded: Uint8Array; codings: string[]; error: string | undefined } {
  const codings = contentCodings(contentEncoding);
  if (codings.length === 0 || raw.length === 0)
    return { decoded: raw, codings: [], error: undefined };
  let bytes = raw;
  try {
    // codings are listed in the order they were applied: undo from the last
    for (let i = codings.length - 1; i >= 0; i--) {
      bytes = undoCoding(bytes, codings[i]!);
      if (bytes.length > MAX_DECODED_BYTES) throw new Error(TOO_LARGE);
    }
    return { decoded: bytes, codings, error: undefined };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { decoded: raw, codings, error: `Could not decode ${codings.join(', ')}: ${why}` };
  }
}

export function decodeBody(body: Body | null, headers: Headers): DecodedBody {
  if (!body) {
    const empty = new Uint8Array(0);
    return {
      raw: empty,
      decoded: empty,
      codings: [],
      error: undefined,
      wireSize: 0,
      truncated: false,
    };
  }
  const raw = bodyToBytes(body);
  const truncated = !!body.truncated;
  // a truncated compressed stream cannot be decoded reliably: try, and say why if it fails
  const { decoded, codings, error } = contentDecode(raw, headerValue(headers, 'content-encoding'));
  return { raw, decoded, codings, error, wireSize: body.size, truncated };
}
