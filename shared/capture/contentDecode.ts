/**
 * Content-decoding of captured bodies (gzip, deflate as zlib or raw, brotli):
 * synchronous and pure, run in the worker (for `~b` filters and the flow
 * details) and in unit tests.
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

function undoCoding(bytes: Uint8Array, coding: string): Uint8Array {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(bytes);
    case 'deflate':
      // RFC 9110 says zlib-wrapped; some servers send raw deflate anyway
      try {
        return unzlibSync(bytes);
      } catch {
        return inflateSync(bytes);
      }
    case 'br': {
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

/** Undoes a `Content-Encoding` list (`gzip`, `deflate`, `br`, `identity`, comma-separated). */
export function contentDecode(
  raw: Uint8Array,
  contentEncoding: string | undefined,
): { decoded: Uint8Array; codings: string[]; error: string | undefined } {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  if (codings.length === 0 || raw.length === 0)
    return { decoded: raw, codings: [], error: undefined };
  let bytes = raw;
  try {
    // codings are listed in the order they were applied: undo from the last
    for (let i = codings.length - 1; i >= 0; i--) {
      bytes = undoCoding(bytes, codings[i]!);
      if (bytes.length > MAX_DECODED_BYTES) throw new Error('decoded body is larger than 64 MiB');
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
