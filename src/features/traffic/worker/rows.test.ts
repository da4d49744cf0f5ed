/**
 * The list's sort orders: the ranked / typed sort gives exactly the order of
 * the plain rule (a comparison of two rows: the column's values, text as
 * people read it, unknown values last both ways, ties in capture order).
 */
import { describe, expect, it } from 'vitest';
import { SORT_KEYS, sortIndices, type FlowRow, type SortSpec } from './rows';

/** The rule, one comparison per pair of rows (what the list promises). */
function byRule(rows: FlowRow[], { key, descending }: SortSpec): number[] {
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const dir = descending ? -1 : 1;
  return rows
    .map((_, i) => i)
    .sort((a, b) => {
      const va = rows[a]![key];
      const vb = rows[b]![key];
      if (va === null || vb === null) {
        if (va === vb) return a - b;
        return va === null ? 1 : -1;
      }
      const r = typeof va === 'string' ? collator.compare(va, vb as string) : va - (vb as number);
      return r * dir || a - b;
    });
}

/** a small deterministic generator: the same rows on every run */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

function rowsOf(count: number, seed: number, timeOrdered: boolean): FlowRow[] {
  const next = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  let time = 1_800_000_000;
  return Array.from({ length: count }, (_, index) => {
    time = timeOrdered ? time + pick([0, 0, 0.001, 1]) : 1_800_000_000 + Math.floor(next() * 50);
    return {
      index,
      id: `f-${index}`,
      time,
      method: pick(['GET', 'get', 'POST', 'PUT', 'Delete']),
      host: pick(['b.test', 'A.test', 'a.test', 'é.test', 'e.test', 'z.test']),
      path: pick(['/item2', '/item10', '/Item2', '/', '/a/b', '/ä', '/a', '/x?y=1']),
      status: pick([200, 200, 404, 500, 101, null]),
      type: pick(['text/html', 'application/json', '', 'TEXT/HTML', 'image/png']),
      size: pick([0, 10, 10, 1e6, 2.5, 33]),
      duration: pick([null, 0, 1.5, 1.5, 100, 12]),
      error: null,
      websocket: false,
    };
  });
}

describe('sortIndices', () => {
  for (const timeOrdered of [true, false])
    it(`orders every column both ways as the rule does (${timeOrdered ? 'capture in time order' : 'times out of order'})`, () => {
      for (const seed of [1, 2, 3]) {
        const rows = rowsOf(400, seed, timeOrdered);
        for (const key of SORT_KEYS)
          for (const descending of [false, true]) {
            const sort = { key, descending };
            expect(Array.from(sortIndices(rows, sort)), `${key} ${descending}`).toEqual(
              byRule(rows, sort),
            );
          }
      }
    });

  it('is empty for no rows, and the capture order for time ascending', () => {
    expect(sortIndices([], { key: 'path', descending: true })).toHaveLength(0);
    const rows = rowsOf(50, 9, true);
    expect(Array.from(sortIndices(rows, { key: 'time', descending: false }))).toEqual(
      rows.map((r) => r.index),
    );
  });
});
