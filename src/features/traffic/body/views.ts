/**
 * How a decoded body is shown: pure functions from bytes and content type to
 * the data a view renders (never markup).
 */
import {
  decodeText,
  looksBinary,
  parseContentType,
  type ContentType,
} from '@shared/capture/decode';

/** Raster types that may become a `data:` URL preview. Never SVG (it can carry script). */
const SAFE_IMAGE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'image/x-icon',
  'image/vnd.microsoft.icon',
]);

export function isSafeImageType(mime: string): boolean {
  return SAFE_IMAGE_TYPES.has(mime.toLowerCase());
}

export type BodyKind = 'empty' | 'json' | 'form' | 'multipart' | 'image' | 'text' | 'binary';

export function isJsonType(mime: string): boolean {
  return mime === 'application/json' || mime.endsWith('+json') || mime === 'text/json';
}

function isTextType(mime: string): boolean {
  return (
    mime.startsWith('text/') ||
    isJsonType(mime) ||
    mime.endsWith('+xml') ||
    mime === 'application/xml' ||
    mime === 'application/javascript' ||
    mime === 'application/x-www-form-urlencoded' ||
    mime === 'image/svg+xml'
  );
}

/** The best view for a body; the user can switch to another one. */
export function classifyBody(bytes: Uint8Array, ct: ContentType): BodyKind {
  if (bytes.length === 0) return 'empty';
  const mime = ct.mime;
  if (isSafeImageType(mime)) return 'image';
  if (mime.startsWith('multipart/') && ct.boundary) return 'multipart';
  if (mime === 'application/x-www-form-urlencoded') return 'form';
  if (isJsonType(mime)) return 'json';
  if (isTextType(mime)) return looksBinary(bytes, ct.charset ?? 'utf-8') ? 'binary' : 'text';
  if (looksBinary(bytes, ct.charset)) return 'binary';
  // untyped text that parses as JSON is shown as JSON
  const first = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  if (first === 0x7b || first === 0x5b) {
    try {
      JSON.parse(decodeText(bytes, ct.charset).text);
      return 'json';
    } catch {
      return 'text';
    }
  }
  return 'text';
}

export function prettyJson(
  text: string,
): { ok: true; text: string } | { ok: false; error: string } {
  try {
    return { ok: true, text: JSON.stringify(JSON.parse(text), null, 2) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : 'not JSON' };
  }
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** `a=1&b=2&a=3` → pairs in order, duplicates kept, bad escapes left as they are. */
export function parseFormFields(text: string): [string, string][] {
  if (!text) return [];
  return text
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0
        ? [decodeComponent(pair), '']
        : [decodeComponent(pair.slice(0, eq)), decodeComponent(pair.slice(eq + 1))];
    });
}

/** Query parameters of a request path (`/a?x=1&y=2#f`). */
export function queryParams(path: string): [string, string][] {
  const q = path.indexOf('?');
  if (q < 0) return [];
  const hash = path.indexOf('#', q);
  return parseFormFields(path.slice(q + 1, hash < 0 ? undefined : hash));
}

export interface MultipartPart {
  headers: [string, string][];
  name: string | undefined;
  filename: string | undefined;
  contentType: ContentType;
  body: Uint8Array;
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    if (haystack[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function dispositionParam(value: string | undefined, key: string): string | undefined {
  if (!value) return undefined;
  const m =
    new RegExp(`(?:^|;)\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(value) ??
    new RegExp(`(?:^|;)\\s*${key}=([^;]*)`, 'i').exec(value);
  return m?.[1]?.trim();
}

/** Splits a multipart body on its boundary. Parts after a missing close are kept. */
export function parseMultipart(bytes: Uint8Array, boundary: string): MultipartPart[] {
  const enc = new TextEncoder();
  const delimiter = enc.encode(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = indexOfBytes(bytes, delimiter, 0);
  while (pos >= 0) {
    let start = pos + delimiter.length;
    if (bytes[start] === 0x2d && bytes[start + 1] === 0x2d) break; // closing --boundary--
    if (bytes[start] === 0x0d) start++;
    if (bytes[start] === 0x0a) start++;
    const next = indexOfBytes(bytes, delimiter, start);
    let end = next < 0 ? bytes.length : next;
    if (bytes[end - 1] === 0x0a) end--;
    if (bytes[end - 1] === 0x0d) end--;
    const chunk = bytes.subarray(start, Math.max(start, end));
    const headerEnd = indexOfBytes(chunk, enc.encode('\r\n\r\n'), 0);
    const altEnd = headerEnd < 0 ? indexOfBytes(chunk, enc.encode('\n\n'), 0) : -1;
    const split = headerEnd >= 0 ? headerEnd : altEnd;
    const headText = split >= 0 ? new TextDecoder().decode(chunk.subarray(0, split)) : '';
    const body = split >= 0 ? chunk.subarray(split + (headerEnd >= 0 ? 4 : 2)) : chunk;
    const headers: [string, string][] = headText
      .split(/\r?\n/)
      .filter(Boolean)
      .map((line) => {
        const colon = line.indexOf(':');
        return colon < 0 ? [line, ''] : [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
      });
    const disposition = headers.find(([k]) => k.toLowerCase() === 'content-disposition')?.[1];
    const type = headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    parts.push({
      headers,
      name: dispositionParam(disposition, 'name'),
      filename: dispositionParam(disposition, 'filename'),
      contentType: parseContentType(type),
      body,
    });
    pos = next;
  }
  return parts;
}

/** Classic hex dump lines: offset, 16 bytes in hex, printable ASCII. */
export function hexDumpLines(bytes: Uint8Array, maxBytes = bytes.length): string[] {
  const lines: string[] = [];
  const end = Math.min(bytes.length, maxBytes);
  for (let off = 0; off < end; off += 16) {
    const row = bytes.subarray(off, Math.min(off + 16, end));
    let hexPart = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      const b = row[i];
      hexPart += b === undefined ? '   ' : b.toString(16).padStart(2, '0') + ' ';
      if (i === 7) hexPart += ' ';
      if (b !== undefined) ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hexPart} |${ascii}|`);
  }
  return lines;
}

/** A `data:` URL for an allowed raster image, or null for anything else. */
export function imageDataUrl(bytes: Uint8Array, mime: string): string | null {
  if (!isSafeImageType(mime)) return null;
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 0x8000)));
  }
  return `data:${mime.toLowerCase()};base64,${btoa(binary)}`;
}

export function isHtmlType(mime: string): boolean {
  const m = mime.toLowerCase();
  return m === 'text/html' || m === 'application/xhtml+xml';
}

/**
 * What a rendered preview may load: nothing from the network (inline styles
 * and `data:` images only), no `<base href>`, no form target. Set twice: as
 * the frame's `csp` attribute (CSP Embedded Enforcement, Chromium) and as the
 * first element of the document, before any byte of the body.
 */
export const HTML_PREVIEW_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/**
 * Elements that open a browsing context. The policy refuses what they would
 * load, but Chromium still opens a connection to a frame's host before it
 * checks: the host would learn that the preview was opened. They are left
 * out (a mark in their place); objects and embeds too, for the same reason.
 */
const NESTED_CONTEXTS = 'iframe, frame, frameset, object, embed, fencedframe, portal';

/**
 * The `srcdoc` of a rendered preview: our policy first (a `<meta>` CSP only
 * rules what is parsed after it), links aimed at a new window (which the
 * sandbox refuses to open), then the body without nested frames. The frame
 * it goes in has an empty `sandbox`: no scripts, forms, popups or top
 * navigation. Parsing with DOMParser runs nothing and loads nothing.
 */
export function htmlPreviewDocument(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const el of doc.querySelectorAll(NESTED_CONTEXTS)) {
    el.replaceWith(doc.createTextNode(`[${el.localName} not shown]`));
  }
  return (
    '<!doctype html>' +
    `<meta http-equiv="Content-Security-Policy" content="${HTML_PREVIEW_CSP}">` +
    '<meta name="referrer" content="no-referrer">' +
    '<base target="_blank">' +
    doc.documentElement.outerHTML
  );
}
