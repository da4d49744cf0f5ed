/**
 * Header, content-type and charset helpers for captured bodies. Light: the
 * main thread uses them; content-decoding (with the brotli and inflate code)
 * lives in `contentDecode.ts`, which only the worker loads.
 */
export type Headers = [string, string][];

/** A body with its Content-Encoding undone (by `decodeBody` in `contentDecode.ts`). */
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
