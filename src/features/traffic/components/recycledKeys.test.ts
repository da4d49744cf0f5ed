import { describe, expect, it } from 'vitest';
import { RecycledKeys } from './recycledKeys';

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('RecycledKeys', () => {
  it('gives distinct keys within one window', () => {
    const keys = new RecycledKeys();
    for (const window of [
      range(0, 20),
      range(7, 20),
      range(5000, 23),
      range(10, 3),
      range(0, 40),
    ]) {
      const assigned = keys.assign(window);
      expect(new Set(assigned).size).toBe(window.length);
    }
  });

  it('keeps the key of an item that stays in the window', () => {
    const keys = new RecycledKeys();
    const first = keys.assign(range(0, 10));
    const second = keys.assign(range(3, 10));
    // items 3..9 are in both windows
    for (let item = 3; item < 10; item++) expect(second[item - 3]).toBe(first[item]);
  });

  it('hands the keys of rows that left to the rows that came in', () => {
    const keys = new RecycledKeys();
    const first = keys.assign(range(0, 10));
    const second = keys.assign(range(2, 10)); // 0 and 1 left; 10 and 11 came in
    expect(second.slice(8).sort()).toEqual([first[0], first[1]].sort());
    // a jump to rows never seen reuses every key: no new rows are mounted
    const third = keys.assign(range(90_000, 10));
    expect([...third].sort((a, b) => a - b)).toEqual([...first].sort((a, b) => a - b));
  });

  it('grows only when the window grows', () => {
    const keys = new RecycledKeys();
    keys.assign(range(0, 10));
    const bigger = keys.assign(range(100, 14));
    expect(Math.max(...bigger)).toBe(13);
    const smaller = keys.assign(range(200, 5));
    expect(Math.max(...smaller)).toBeLessThan(14);
  });
});
