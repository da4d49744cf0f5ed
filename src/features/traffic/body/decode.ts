/**
 * Content-decoding of captured bodies (gzip, deflate as zlib or raw, brotli)
 * and the small header helpers the viewer needs. Synchronous and pure, so it
 * runs in the worker (filtering on bodies) and in unit tests alike.
 */
import { gunzipSync, inflateSync, unzlibSync } from 'fflate';
import { decompress as brotliDecompress } from 'brotli/decompress';
import type { Body } from '../../../api/schemas';
import { bodyToBytes } from '../../../lib/capture';

export type Headers = [string, string][];

export function headerValue(headers: Headers, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of headers) if (key.toLowerCase() === lower) return value;
  return undefined;
}

export interface ContentType {
  /** lower-case `type/subtype`, '' when absent */
  mime: string;
  charset: string | undefined;
  boundary: string | undefined;
}

export function parseContentType(value: string | undefined): ContentType {
  if (!value) return { mime: '', charset: undefined, boundary: undefined };
  const [head = '', ...params] = value.split(';');
  let charset: string | undefined;
  let boundary: string | undefined;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    const key = param.slice(0, eq).trim().toLowerCase();
    let v = param.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
    if (key === 'charset') charset = v;
    if (key === 'boundary') boundary = v;
  }
  return { mime: head.trim().toLowerCase(), charset, boundary };
}

export interface DecodedBody {
  /** the bytes as captured (still content-encoded) */
  raw: Uint8Array;
  /** after undoing Content-Encoding (same as raw when there was none or it failed) */
  decoded: Uint8Array;
  /** the codings that were undone, outermost first */
  codings: string[];
  /** why decoding failed, if it did (the raw bytes are shown instead) */
  error: string | undefined;
  /** bytes on the wire, before truncation */
  wireSize: number;
  truncated: boolean;
}

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

/** Text in the declared charset (TextDecoder), falling back to UTF-8 for unknown labels. */
export function decodeText(
  bytes: Uint8Array,
  charset: string | undefined,
): { text: string; charset: string } {
  if (charset) {
    try {
      const decoder = new TextDecoder(charset, { ignoreBOM: true });
      return { text: decoder.decode(bytes), charset: decoder.encoding };
    } catch {
      // unknown label: fall through
    }
  }
  return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), charset: 'utf-8' };
}

/** True when the bytes are not text: a NUL, or not valid UTF-8 with no declared charset. */
export function looksBinary(bytes: Uint8Array, charset: string | undefined): boolean {
  const sample = bytes.subarray(0, 8192);
  for (const b of sample) if (b === 0) return true;
  if (charset) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample);
    return false;
  } catch {
    // a multi-byte sequence cut at the sample end is still text
    if (sample.length < bytes.length) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - 4));
        return false;
      } catch {
        return true;
      }
    }
    return true;
  }
}
