import { describe, expect, it } from 'vitest';
import { waterfallBar, waterfallLabel } from './waterfall';

const range = { from: 1000, to: 1010 }; // ten seconds

describe('waterfall geometry', () => {
  it('places a bar by its start and sizes it by its duration, as fractions of the range', () => {
    const bar = waterfallBar(1002, 1000, range);
    expect(bar.left).toBeCloseTo(0.2);
    expect(bar.width).toBeCloseTo(0.1);
    expect(waterfallBar(1000, 0, range)).toEqual({ left: 0, width: 0 });
    expect(waterfallBar(1010, 0, range).left).toBe(1);
  });

  it('never draws past the range (a flow that ends after the selection)', () => {
    const bar = waterfallBar(1008, 5000, range);
    expect(bar.left).toBeCloseTo(0.8);
    expect(bar.left + bar.width).toBeCloseTo(1);
    expect(waterfallBar(990, 1000, range)).toEqual({ left: 0, width: 0 });
  });

  it('a flow not finished has no width; an empty range does not divide by zero', () => {
    expect(waterfallBar(1005, null, range)).toEqual({ left: 0.5, width: 0 });
    expect(waterfallBar(5, 20, { from: 5, to: 5 })).toEqual({ left: 0, width: 1 });
    expect(waterfallBar(5, 0, { from: 5, to: 5 })).toEqual({ left: 0, width: 0 });
  });

  it('says it in words with the one timing formatter', () => {
    expect(waterfallLabel(1001.2, 35, range)).toBe('starts 1.2 sec in, 35 ms');
    expect(waterfallLabel(1000, null, range)).toBe('starts <1 ms in, not finished');
    expect(waterfallLabel(998, 20, range)).toBe('starts 2 sec before, 20 ms');
  });
});
