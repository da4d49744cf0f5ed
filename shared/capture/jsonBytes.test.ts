/**
 * `JsonBytesWriter.jsonString`: a string's bytes copied between quotes must
 * be exactly `JSON.stringify` of their text (as `decodeRange` reads it),
 * encoded as UTF-8, for every input: quotes, backslashes, control
 * characters, U+2028, DEL, a BOM, invalid UTF-8, encoded surrogates,
 * overlong forms, cut sequences.
 */
import { describe, expect, it } from 'vitest';
import { decodeRange } from './bytes';
import { JsonBytesWriter } from './jsonBytes';

const encoder = new TextEncoder();

function written(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  const writer = new JsonBytesWriter();
  writer.ascii('>');
  writer.jsonString(bytes, start, end);
  return writer.bytes.slice(1, writer.position);
}

function expected(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  return encoder.encode(JSON.stringify(decodeRange(bytes, start, end)));
}

/** bytes that make JSON or UTF-8 differ, and plain ones */
const PIECES: number[][] = [
  [0x41],
  [0x7a, 0x2f],
  [0x22],
  [0x5c],
  [0x00],
  [0x0a],
  [0x1f],
  [0x7f],
  [0x20],
  [0xe2, 0x80, 0xa8], // U+2028
  [0xef, 0xbb, 0xbf], // BOM
  [0xc3, 0xa9], // é
  [0xf0, 0x9f, 0x98, 0x80], // 😀
  [0xed, 0xa0, 0x80], // an encoded lone surrogate (invalid)
  [0xc0, 0xaf], // overlong
  [0xff],
  [0x80],
  [0xe2, 0x82], // cut
  [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
];

describe('JsonBytesWriter.jsonString', () => {
  it('writes exactly JSON.stringify of the text for every mix of odd bytes', () => {
    let seed = 0x1234567;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    let verbatim = 0;
    for (let round = 0; round < 20_000; round++) {
      const parts: number[] = [];
      const count = Math.floor(random() * 6);
      // mostly plain pieces, so that whole strings are often copied
      for (let k = 0; k < count; k++)
        parts.push(
          ...PIECES[
            random() < 0.6 ? Math.floor(random() * 2) : Math.floor(random() * PIECES.length)
          ]!,
        );
      // inside other bytes: the range is respected
      const bytes = new Uint8Array([0x22, ...parts, 0x5c]);
      const start = 1;
      const end = bytes.length - 1;
      const out = Array.from(written(bytes, start, end));
      expect(out).toEqual(Array.from(expected(bytes, start, end)));
      if (out.join() === [0x22, ...parts, 0x22].join()) verbatim++;
    }
    // both paths ran
    expect(verbatim).toBeGreaterThan(2000);
    expect(verbatim).toBeLessThan(19_000);
  });

  it('copies plain ASCII and valid UTF-8, never what JSON escapes or UTF-8 replaces', () => {
    const check = (bytes: number[], copied: boolean) => {
      const out = Array.from(written(new Uint8Array(bytes)));
      expect(out).toEqual(Array.from(expected(new Uint8Array(bytes))));
      expect([bytes, out.join() === [0x22, ...bytes, 0x22].join()]).toEqual([bytes, copied]);
    };
    check([0x47, 0x45, 0x54], true);
    check([], true);
    check([0xe2, 0x80, 0xa8], true); // JSON.stringify keeps U+2028
    check([0x7f], true);
    check([0x22], false);
    check([0x5c], false);
    check([0x09], false);
    check([0xed, 0xa0, 0x80], false);
    check([0xc3], false);
  });

  it('writes texts and grows past its first buffer', () => {
    const writer = new JsonBytesWriter();
    const long = encoder.encode('/a'.repeat(5000));
    writer.jsonString(long, 0, long.length);
    writer.text('é\u2028');
    writer.ascii(',1');
    expect(new TextDecoder().decode(writer.bytes.subarray(0, writer.position))).toBe(
      `${JSON.stringify('/a'.repeat(5000))}é\u2028,1`,
    );
  });
});
