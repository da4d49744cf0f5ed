import { describe, expect, it } from 'vitest';
import { foldCase, isPlainAscii, UrlText } from './urlText';

/** A small seeded generator: the same URLs on every run. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const ALPHABET = [
  'a',
  'B',
  'k',
  'K',
  's',
  'S',
  '/',
  '?',
  '=',
  '-',
  '\u212a',
  '\u017f',
  'İ',
  'é',
  '\u0000',
  '\n',
  '😀',
];

function makeUrls(count: number, next: () => number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const extra = Array.from(
      { length: Math.floor(next() * 12) },
      () => ALPHABET[Math.floor(next() * ALPHABET.length)],
    ).join('');
    return `http://Host${i % 5}.test/Path/${i}/${extra}`;
  });
}

/** What the filter means by plain text: the same pattern as a case-insensitive Unicode regex. */
function expected(urls: string[], needle: string): number[] {
  const re = new RegExp(needle, 'iu');
  return urls.flatMap((u, i) => (re.test(u) ? [i] : []));
}

function found(text: UrlText, needle: string): number[] {
  const hits = new Uint8Array(text.size);
  text.find(needle, hits);
  return [...hits.keys()].filter((i) => hits[i] === 1);
}

describe('UrlText', () => {
  it('finds what a case-insensitive Unicode regex finds, across blocks and the tail', () => {
    const next = random(7);
    const urls = makeUrls(5000, next); // two full blocks and a tail
    const text = new UrlText();
    urls.forEach((u, i) => text.set(i, u));
    const needles = [
      'host3',
      'PATH/12',
      'k',
      'KS',
      'ss',
      '/4999/',
      'nothing-here',
      'S-',
      'b=',
      'i',
    ];
    for (let n = 0; n < 40; n++) {
      // pieces of real URLs, ASCII only
      const url = urls[Math.floor(next() * urls.length)]!;
      const at = Math.floor(next() * (url.length - 3));
      const piece = url.slice(at, at + 1 + Math.floor(next() * 6));
      if (isPlainAscii(piece)) needles.push(piece);
    }
    for (const needle of needles)
      expect(found(text, needle), needle).toEqual(expected(urls, needle));
  });

  it('no match spans two URLs', () => {
    const text = new UrlText();
    ['http://a.test/ab', 'cd', 'http://a.test/x'].forEach((u, i) => text.set(i, u));
    for (let i = 3; i < 2100; i++) text.set(i, i === 2050 ? 'http://b.test/CD' : 'http://a.test/');
    expect(found(text, 'abcd')).toEqual([]);
    expect(found(text, 'cd')).toEqual([1, 2050]);
  });

  it('follows a URL changed after it went into a block', () => {
    const text = new UrlText();
    for (let i = 0; i < 2100; i++) text.set(i, `http://a.test/${i}`);
    text.set(10, 'http://a.test/changed');
    text.set(2090, 'http://a.test/changed-too');
    expect(found(text, 'changed')).toEqual([10, 2090]);
    expect(found(text, '/10')).not.toContain(10);
    expect(() => text.set(2200, 'x')).toThrow(RangeError);
  });

  it('folds like /iu for ASCII: capitals, long s and the Kelvin sign only', () => {
    expect(foldCase('ABC\u017f\u212aİÉ')).toBe('abcskİÉ');
    expect(foldCase('already lower')).toBe('already lower');
  });

  it('takes only plain ASCII text without regex syntax', () => {
    expect(isPlainAscii('upstream-down')).toBe(true);
    expect(isPlainAscii('/api/v1/items')).toBe(true);
    for (const s of [
      'a.b',
      'a|b',
      '^a',
      'a$',
      'a*',
      '(a)',
      '[a]',
      'a{2}',
      'a\\d',
      'a?',
      'a+',
      'é',
      'a\u0000b',
      '',
    ])
      expect(isPlainAscii(s), JSON.stringify(s)).toBe(false);
  });
});
