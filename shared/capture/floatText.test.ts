/**
 * `canonicalDecimal`: a float's text is copied into a summary row only when
 * it is `String` of the double it reads as. Checked against `Number` and
 * `String` themselves over texts of every magnitude and length, shortest
 * ones (Python's and JavaScript's `repr`), longer ones, near misses and
 * halfway cases; and shown to take most real timestamps (else the fast
 * path would never run).
 */
import { describe, expect, it } from 'vitest';
import { canonicalDecimal } from './floatText';

const encoder = new TextEncoder();

/** canonicalDecimal of `text`, set in other bytes (so offsets are exercised) */
function proven(text: string): number {
  const bytes = encoder.encode(`7:${text}^`);
  return canonicalDecimal(bytes, 2, bytes.length - 1);
}

/** a fixed pseudo-random sequence: the same texts every run */
function randomSource(seed: number) {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
}

describe('canonicalDecimal', () => {
  it('never gives a value whose String is not the text, over texts of every kind', () => {
    const random = randomSource(0x51f0a3);
    let taken = 0;
    let tried = 0;
    const check = (text: string) => {
      tried++;
      const value = proven(text);
      if (Number.isNaN(value)) return;
      taken++;
      // (compared as strings: one message names the text)
      expect(`${text} → ${String(value)} (${value === Number(text)})`).toBe(
        `${text} → ${text} (true)`,
      );
    };
    for (let i = 0; i < 40_000; i++) {
      // shortest texts of doubles from 1e-9 to 1e20
      const x = random() * 10 ** (Math.floor(random() * 30) - 9);
      check(String(x));
      check(x.toPrecision(16));
      check(x.toPrecision(17));
      // random digits with a point anywhere: most are not shortest
      const length = 1 + Math.floor(random() * 19);
      let digits = '';
      for (let k = 0; k < length; k++) digits += String(Math.floor(random() * 10));
      const point = 1 + Math.floor(random() * length);
      check(`${digits.slice(0, point)}.${digits.slice(point)}`);
      // a shortest text with its last digit moved by one, or a digit added
      const text = String(1 + random() * 10 ** Math.floor(random() * 17));
      if (text.includes('.')) {
        const last = Number(text.at(-1));
        check(text.slice(0, -1) + String((last + 1) % 10));
        check(text.slice(0, -1) + String((last + 9) % 10));
        check(`${text}1`);
      }
    }
    // powers of two (a lopsided rounding interval) and their neighbours, halfway texts
    for (let e = 0; e < 57; e++)
      for (const step of [-2, -1, 0, 1, 2]) {
        const x = 2 ** e * (1 + step * 2 ** -52);
        for (const text of [String(x), x.toPrecision(16), x.toPrecision(17)]) check(text);
      }
    for (let i = 0; i < 2000; i++) {
      const x = 1 + random() * 1e9;
      const next = x + x * 2 ** -52;
      check(((x + next) / 2).toPrecision(17));
    }
    expect(taken).toBeGreaterThan(tried / 10);
  });

  it('leaves texts String would write otherwise to the caller', () => {
    for (const text of [
      '1796009191.0', // Python's integral float: String gives "1796009191"
      '1.50',
      '01.5',
      '+1.5',
      '-1.5',
      '0.5',
      '.5',
      '5.',
      '5',
      '1e5',
      '1.5e3',
      'inf',
      'nan',
      '1.2.3',
      '123456789012345678.5', // more than 17 digits
      '1.00000000000000001', // reads as 1
      '0.1000000000000000055511151231257827', // the exact value of 0.1
      '4.0',
    ])
      expect([text, proven(text)]).toEqual([text, NaN]);
  });

  it('takes most timestamps as Python writes them (the shortest text of the double)', () => {
    const random = randomSource(0x7a11);
    let taken = 0;
    for (let i = 0; i < 10_000; i++) {
      const text = String(1796009191 + random() * 1e6);
      const value = proven(text);
      if (!Number.isNaN(value)) {
        taken++;
        expect(value).toBe(Number(text));
      }
    }
    expect(taken).toBeGreaterThan(9_900);
  });
});
