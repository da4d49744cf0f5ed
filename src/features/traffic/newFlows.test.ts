import { describe, expect, it } from 'vitest';
import { anchorShift, countNewcomers, decideOnNewFlows, isAtNewest, newestEnd } from './newFlows';

const ints = (...n: number[]) => Int32Array.from(n);

describe('newestEnd', () => {
  it('is the bottom for time ascending (capture order) and the top for time descending', () => {
    expect(newestEnd({ key: 'time', descending: false })).toBe('bottom');
    expect(newestEnd({ key: 'time', descending: true })).toBe('top');
  });
  it('is the end of the list for any other sort', () => {
    expect(newestEnd({ key: 'status', descending: true })).toBe('bottom');
  });
});

describe('isAtNewest', () => {
  const m = (scrollTop: number) => ({ scrollTop, clientHeight: 300, scrollHeight: 1000 });
  it('at the bottom end: scrolled to the end, within the slack', () => {
    expect(isAtNewest(m(700), 'bottom', 14)).toBe(true);
    expect(isAtNewest(m(690), 'bottom', 14)).toBe(true);
    expect(isAtNewest(m(680), 'bottom', 14)).toBe(false);
    expect(isAtNewest(m(0), 'bottom', 14)).toBe(false);
  });
  it('at the top end: scrolled to the top, within the slack', () => {
    expect(isAtNewest(m(0), 'top', 14)).toBe(true);
    expect(isAtNewest(m(14), 'top', 14)).toBe(true);
    expect(isAtNewest(m(15), 'top', 14)).toBe(false);
  });
  it('a list that fits in its box is at both ends', () => {
    const fits = { scrollTop: 0, clientHeight: 300, scrollHeight: 300 };
    expect(isAtNewest(fits, 'bottom', 14)).toBe(true);
    expect(isAtNewest(fits, 'top', 14)).toBe(true);
  });
});

describe('countNewcomers', () => {
  it('counts the flows in the view at or after the first new index, wherever they are', () => {
    expect(countNewcomers(ints(0, 1, 2, 3, 4), 3)).toBe(2);
    expect(countNewcomers(ints(4, 3, 2, 1, 0), 3)).toBe(2);
    // filtered out: not in the view, not counted
    expect(countNewcomers(ints(0, 2, 5), 3)).toBe(1);
    expect(countNewcomers(ints(0, 1), Number.POSITIVE_INFINITY)).toBe(0);
  });
});

describe('decideOnNewFlows', () => {
  it('follows at the newest flows, counts elsewhere, stays when nothing is new', () => {
    expect(decideOnNewFlows(3, true)).toEqual({ kind: 'follow' });
    expect(decideOnNewFlows(3, false)).toEqual({ kind: 'count', added: 3 });
    expect(decideOnNewFlows(0, true)).toEqual({ kind: 'stay' });
    expect(decideOnNewFlows(0, false)).toEqual({ kind: 'stay' });
  });
});

describe('anchorShift', () => {
  it('appended flows (newest last) do not move the rows in view', () => {
    expect(anchorShift(ints(0, 1, 2, 3), ints(0, 1, 2, 3, 4, 5), 1)).toBe(0);
  });
  it('flows sorted in above the top row shift it down by as many rows', () => {
    // time descending: new flows 5 and 4 come first
    expect(anchorShift(ints(3, 2, 1, 0), ints(5, 4, 3, 2, 1, 0), 2)).toBe(2);
    // another sort: one new flow lands above, one below
    expect(anchorShift(ints(7, 1, 3, 0), ints(7, 9, 1, 3, 8, 0), 2)).toBe(1);
  });
  it('a top row that left the view keeps the offset', () => {
    expect(anchorShift(ints(0, 1, 2), ints(0, 2), 1)).toBe(0);
    expect(anchorShift(ints(), ints(0), 0)).toBe(0);
  });
});
