import { describe, expect, it } from 'vitest';
import { MAX_FILE_NAME_BYTES, safeFileName } from './safeFileName';

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
});
