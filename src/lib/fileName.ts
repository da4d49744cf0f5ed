/**
 * The one file-name rule: every file the dashboard saves is named through
 * `safeFileName`. A name a server, a challenge or a captured request chose
 * is made safe to save: no path separators or characters file systems
 * refuse, no control or bidi characters (a `txt.exe` shown as `exe.txt`),
 * nothing hidden (no leading dot), not a reserved device name, never empty,
 * length-capped, well-formed Unicode.
 */

// C0/C1 controls, bidi embeddings/overrides/isolates and marks, zero-width
// characters, line and paragraph separators.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
// Half a surrogate pair (from text that was not well-formed UTF-16).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Refused by Windows (and by Chromium's download manager everywhere).
const RESERVED_CHARS = /[<>:"/\\|?*]/g;
const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Longest name we save, in UTF-8 bytes (most file systems allow 255). */
export const MAX_FILE_NAME_BYTES = 200;

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/** The longest start of `text` that is at most `maxBytes` in UTF-8, in whole code points. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const size = utf8Length(ch);
    if (used + size > maxBytes) break;
    out += ch; // whole code points only: never half a surrogate pair
    used += size;
  }
  return out;
}

function capLength(name: string): string {
  if (utf8Length(name) <= MAX_FILE_NAME_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  const stem = name.slice(0, name.length - ext.length);
  return truncateUtf8(stem, MAX_FILE_NAME_BYTES - utf8Length(ext)) + ext;
}

export function safeFileName(name: string, fallback = 'download'): string {
  let s = name
    .replace(LONE_SURROGATE, '\ufffd')
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(RESERVED_CHARS, '_');
  s = s.replace(/\s+/g, ' ');
  s = s.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  if (RESERVED_NAMES.test(s)) s = `_${s}`;
  s = capLength(s);
  return s === '' || /^_*$/.test(s) ? fallback : s;
}

/**
 * Extensions for the content types a saved body is likely to have. Types a
 * browser would run or render when the file is opened from disk (HTML,
 * JavaScript, SVG) are saved as `.txt` behind their own extension.
 */
const EXTENSIONS = new Map<string, string>(
  Object.entries({
    'application/json': 'json',
    'application/ld+json': 'json',
    'application/problem+json': 'json',
    'text/html': 'html.txt',
    'application/xhtml+xml': 'xhtml.txt',
    'text/plain': 'txt',
    'text/css': 'css',
    'text/csv': 'csv',
    'text/markdown': 'md',
    'application/javascript': 'js.txt',
    'text/javascript': 'js.txt',
    'application/xml': 'xml',
    'text/xml': 'xml',
    'application/x-www-form-urlencoded': 'form.txt',
    'multipart/form-data': 'multipart.txt',
    'image/png': 'png',
    'image/jpeg': 'jpg',
    'image/gif': 'gif',
    'image/webp': 'webp',
    'image/x-icon': 'ico',
    'image/vnd.microsoft.icon': 'ico',
    'image/svg+xml': 'svg.txt',
    'application/pdf': 'pdf',
    'application/zip': 'zip',
    'application/gzip': 'gz',
    'application/wasm': 'wasm',
    'application/x-openvpn-profile': 'ovpn',
  }),
);

/**
 * The extension (no dot) for a content type such as
 * `application/json; charset=utf-8`; `bin` for anything unknown.
 */
export function extensionForContentType(contentType: string | undefined): string {
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return EXTENSIONS.get(mime) ?? 'bin';
}
