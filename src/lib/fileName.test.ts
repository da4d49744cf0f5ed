import { describe, expect, it } from 'vitest';
import {
  extensionForContentType,
  MAX_FILE_NAME_BYTES,
  safeFileName,
  truncateUtf8,
} from './fileName';

describe('safeFileName', () => {
  it('keeps ordinary names, spaces, Unicode, # and %', () => {
    expect(safeFileName('notes.txt')).toBe('notes.txt');
    expect(safeFileName('field notes – Ünïcode #1 100%.txt')).toBe(
      'field notes – Ünïcode #1 100%.txt',
    );
  });

  it('removes path separators so a name can never leave the download folder', () => {
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('..\\..\\win.ini')).toBe('_.._win.ini');
    expect(safeFileName('/abs/path')).toBe('_abs_path');
  });

  it('replaces characters file systems refuse', () => {
    expect(safeFileName('a?b*c:d|e"f<g>h.txt')).toBe('a_b_c_d_e_f_g_h.txt');
  });

  it('drops control, bidi and zero-width characters', () => {
    expect(safeFileName('inv\u202eoice\u202c.txt')).toBe('invoice.txt');
    expect(safeFileName('a\u0000b\nc\td\u007f.bin')).toBe('abcd.bin');
    expect(safeFileName('zero\u200bwidth\ufeff.txt')).toBe('zerowidth.txt');
  });

  it('hides nothing: no leading dots, no trailing dots or spaces', () => {
    expect(safeFileName('.bashrc')).toBe('bashrc');
    expect(safeFileName('...hidden')).toBe('hidden');
    expect(safeFileName('  name. . ')).toBe('name');
  });

  it('is never empty and never a reserved device name', () => {
    expect(safeFileName('')).toBe('download');
    expect(safeFileName('..')).toBe('download');
    expect(safeFileName('\u202e\u0000')).toBe('download');
    expect(safeFileName('/')).toBe('download');
    expect(safeFileName('CON')).toBe('_CON');
    expect(safeFileName('nul.txt')).toBe('_nul.txt');
    expect(safeFileName('', 'profile.ovpn')).toBe('profile.ovpn');
  });

  it('caps the length in UTF-8 bytes, keeping the extension and whole characters', () => {
    const long = `${'é'.repeat(300)}.tar.gz`;
    const safe = safeFileName(long);
    expect(new TextEncoder().encode(safe).length).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(safe.endsWith('.gz')).toBe(true);
    const emoji = safeFileName('😀'.repeat(100));
    expect(emoji).toBe('😀'.repeat(50));
    expect(emoji).not.toMatch(/[\ud800-\udbff]$/);
  });

  it('replaces half a surrogate pair instead of saving ill-formed Unicode', () => {
    expect(safeFileName('a\ud800b.txt')).toBe('a\ufffdb.txt');
    expect(safeFileName('a\udc00.txt')).toBe('a\ufffd.txt');
    expect(safeFileName('😀.txt')).toBe('😀.txt');
  });

  it('never keeps a path separator, NUL or newline, whatever comes in', () => {
    const hostile = [
      'a/b\\c',
      '../../../../x',
      'a\0b',
      'line\nbreak\r\n.txt',
      '\ud800lone surrogate',
      '\u0085next line',
      'COM1.txt',
      'lpt9',
      'Aux.tar.gz',
      '😀/😀',
      '\u2028\u2029',
    ];
    for (const name of hostile) {
      const safe = safeFileName(name);
      expect(safe).not.toMatch(/[/\\\0\n\r\u0085]/);
      expect(safe).not.toMatch(/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i);
      expect(safe.length).toBeGreaterThan(0);
    }
  });
});

describe('truncateUtf8', () => {
  it('cuts at a byte budget in whole code points', () => {
    expect(truncateUtf8('abc', 10)).toBe('abc');
    expect(truncateUtf8('héllo', 2)).toBe('h');
    expect(truncateUtf8('héllo', 3)).toBe('hé');
    expect(truncateUtf8('😀😀', 5)).toBe('😀');
    expect(truncateUtf8('😀', 3)).toBe('');
  });
});

describe('extensionForContentType', () => {
  it('takes the extension from the type, ignoring parameters and case', () => {
    expect(extensionForContentType('application/json; charset=utf-8')).toBe('json');
    expect(extensionForContentType('IMAGE/PNG')).toBe('png');
    expect(extensionForContentType('text/plain')).toBe('txt');
  });

  it('never saves something a browser would run when opened from disk', () => {
    expect(extensionForContentType('text/html; charset=utf-8')).toBe('html.txt');
    expect(extensionForContentType('application/javascript')).toBe('js.txt');
    expect(extensionForContentType('image/svg+xml')).toBe('svg.txt');
  });

  it('falls back to bin for unknown, missing or hostile types', () => {
    expect(extensionForContentType(undefined)).toBe('bin');
    expect(extensionForContentType('')).toBe('bin');
    expect(extensionForContentType('application/x-evil/../../x')).toBe('bin');
    expect(extensionForContentType('__proto__')).toBe('bin');
  });
});
