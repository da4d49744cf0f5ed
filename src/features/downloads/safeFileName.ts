/**
 * A file name a server (or an attacker behind a challenge) chose, made safe
 * to save: no path separators or characters file systems refuse, no control
 * or bidi characters (a `txt.exe` shown as `exe.txt`), nothing hidden (no
 * leading dot), not a reserved device name, never empty, length-capped.
 */

// C0/C1 controls, bidi embeddings/overrides/isolates and marks, zero-width characters.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// Refused by Windows (and by Chromium's download manager everywhere).
const RESERVED_CHARS = /[<>:"/\\|?*]/g;
const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Longest name we save, in UTF-8 bytes (most file systems allow 255). */
export const MAX_FILE_NAME_BYTES = 200;

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

function capLength(name: string): string {
  if (utf8Length(name) <= MAX_FILE_NAME_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  const budget = MAX_FILE_NAME_BYTES - utf8Length(ext);
  let stem = '';
  for (const ch of Array.from(name.slice(0, name.length - ext.length))) {
    if (utf8Length(stem + ch) > budget) break;
    stem += ch; // whole code points only: never half a surrogate pair
  }
  return stem + ext;
}

export function safeFileName(name: string, fallback = 'download'): string {
  let s = name.normalize('NFC').replace(INVISIBLE, '').replace(RESERVED_CHARS, '_');
  s = s.replace(/\s+/g, ' ');
  s = s.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  if (RESERVED_NAMES.test(s)) s = `_${s}`;
  s = capLength(s);
  return s === '' || /^_*$/.test(s) ? fallback : s;
}
