import { describe, expect, it } from 'vitest';
import { isUtf8, utf8DecodeStrict } from './bytes';

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function fatalAccepts(bytes: Uint8Array): boolean {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('isUtf8', () => {
  // lead bytes and continuation bytes at every boundary of the UTF-8 table
  const edges = [
    0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec,
    0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff,
  ];

  it('agrees with a fatal TextDecoder on every sequence of up to 3 edge bytes', () => {
    let checked = 0;
    const disagreements: string[] = [];
    for (const a of edges)
      for (const b of [undefined, ...edges])
        for (const c of [undefined, ...edges]) {
          if (b === undefined && c !== undefined) continue;
          const bytes = new Uint8Array([a, b, c].filter((x): x is number => x !== undefined));
          checked++;
          if (isUtf8(bytes) !== fatalAccepts(bytes)) disagreements.push(bytes.join(','));
          // refusing NUL: text is well-formed UTF-8 with no NUL byte, nothing else changes
          if (isUtf8(bytes, true) !== (fatalAccepts(bytes) && !bytes.includes(0)))
            disagreements.push(`refuseNul ${bytes.join(',')}`);
        }
    expect(checked).toBeGreaterThan(15_000);
    expect(disagreements).toEqual([]);
  });

  it('agrees on four-byte sequences and text around them', () => {
    const samples = ['😀', 'a😀b', '\u{10ffff}', '\ufeffBOM', 'é', '€'].map((s) =>
      new TextEncoder().encode(s),
    );
    for (const bytes of samples) {
      expect(isUtf8(bytes)).toBe(true);
      expect(isUtf8(bytes.subarray(0, bytes.length - 1))).toBe(
        fatalAccepts(bytes.subarray(0, bytes.length - 1)),
      );
    }
    // past U+10FFFF, a surrogate, an overlong slash
    for (const bad of [
      [0xf4, 0x90, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xc0, 0xaf],
    ]) {
      expect(isUtf8(new Uint8Array(bad))).toBe(false);
      expect(fatalAccepts(new Uint8Array(bad))).toBe(false);
    }
  });

  it('makes utf8DecodeStrict keep a BOM and refuse invalid bytes', () => {
    expect(utf8DecodeStrict(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe('\ufeffA');
    const long = new Uint8Array(200).fill(0x61);
    long[150] = 0xff;
    expect(utf8DecodeStrict(long)).toBeNull();
    long[150] = 0x62;
    expect(utf8DecodeStrict(long)).toBe('a'.repeat(150) + 'b' + 'a'.repeat(49));
  });
});
