import { describe, expect, it } from 'vitest';
import { bodyFromBytes, bodyToBytes } from './body';
import { base64Decode } from './bytes';

const bytes = (...b: number[]) => new Uint8Array(b);
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('bodyFromBytes: one rule for the server and the dashboard', () => {
  it('keeps well-formed UTF-8 as text, with its size', () => {
    expect(bodyFromBytes(utf8('héllo'))).toEqual({ encoding: 'utf-8', data: 'héllo', size: 6 });
    expect(bodyFromBytes(utf8('ünï ✓ 🚀 \u202e'))).toMatchObject({ encoding: 'utf-8' });
    expect(bodyFromBytes(new Uint8Array(0))).toEqual({ encoding: 'utf-8', data: '', size: 0 });
  });

  it('treats a NUL byte as binary, as the server always did', () => {
    const body = bodyFromBytes(bytes(0x61, 0, 0x62));
    expect(body.encoding).toBe('base64');
    expect(Array.from(base64Decode(body.data))).toEqual([0x61, 0, 0x62]);
  });

  it('treats bytes that are not UTF-8 as binary', () => {
    for (const b of [
      bytes(0xff),
      bytes(0xc0, 0x80),
      bytes(0xed, 0xa0, 0x80),
      bytes(0x61, 0xe2, 0x82),
    ])
      expect(bodyFromBytes(b).encoding).toBe('base64');
  });

  it('keeps a leading byte-order mark as data', () => {
    const withBom = bytes(0xef, 0xbb, 0xbf, 0x61);
    expect(Array.from(bodyToBytes(bodyFromBytes(withBom)))).toEqual(Array.from(withBom));
  });

  it('round-trips every byte value exactly', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect(Array.from(bodyToBytes(bodyFromBytes(all)))).toEqual(Array.from(all));
  });

  it('keeps the first maxBytes and the true size, marked truncated', () => {
    const body = bodyFromBytes(utf8('abcdef'), { maxBytes: 4 });
    expect(body).toEqual({ encoding: 'utf-8', data: 'abcd', size: 6, truncated: true });
  });

  it('takes the wire size from the caller when it kept only part of the bytes', () => {
    expect(bodyFromBytes(utf8('abc'), { size: 10 })).toEqual({
      encoding: 'utf-8',
      data: 'abc',
      size: 10,
      truncated: true,
    });
  });

  it('does not give up on text cut inside a character by truncation', () => {
    const text = utf8('aé'); // 61 c3 a9
    expect(bodyFromBytes(text, { maxBytes: 2 })).toEqual({
      encoding: 'utf-8',
      data: 'a',
      size: 3,
      truncated: true,
    });
    const emoji = utf8('x🚀'); // 78 f0 9f 9a 80
    for (const cut of [2, 3, 4])
      expect(bodyFromBytes(emoji, { maxBytes: cut })).toMatchObject({
        encoding: 'utf-8',
        data: 'x',
      });
  });

  it('does not drop bytes that are not a cut character to call a body text', () => {
    const body = bodyFromBytes(bytes(0x61, 0x62, 0xff, 0x63), { maxBytes: 3 });
    expect(body.encoding).toBe('base64');
    const notCut = bodyFromBytes(bytes(0x61, 0x80, 0x62, 0x63), { maxBytes: 2 });
    expect(notCut.encoding).toBe('base64');
  });

  it('a NUL is binary in a truncated body too', () => {
    expect(bodyFromBytes(bytes(0, 0x61, 0x62), { maxBytes: 2 }).encoding).toBe('base64');
  });
});
