import { describe, expect, it } from 'vitest';
import { SUMMARY_MINUTES, TrafficSummaries } from './trafficSummary';

const MIN = 60_000;
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % MIN); // a minute boundary

describe('TrafficSummaries', () => {
  it('counts per minute over the last 30 minutes, oldest first, errors apart', () => {
    const s = new TrafficSummaries();
    s.record('i', { at: T0 + 1_000, error: false });
    s.record('i', { at: T0 + 2_000, error: true });
    s.record('i', { at: T0 + 5 * MIN, error: false });
    const sum = s.summary('i', T0 + 5 * MIN + 10)!;
    expect(sum.per_minute).toHaveLength(SUMMARY_MINUTES);
    expect(sum.per_minute.at(-1)).toBe(1);
    expect(sum.per_minute.at(-6)).toBe(2);
    expect(sum.errors_per_minute.at(-6)).toBe(1);
    expect(sum).toMatchObject({ flows: 3, errors: 1 });
    expect(sum.last_flow_at).toBe(new Date(T0 + 5 * MIN).toISOString());
    expect(sum.window_end).toBe(new Date(T0 + 6 * MIN).toISOString());
  });

  it('drops minutes that left the window, keeps the totals, reuses ring slots', () => {
    const s = new TrafficSummaries();
    s.record('i', { at: T0, error: false });
    // 30 minutes later the same ring slot holds the new minute
    s.record('i', { at: T0 + 30 * MIN, error: false });
    const sum = s.summary('i', T0 + 30 * MIN)!;
    expect(sum.per_minute.reduce((a, b) => a + b, 0)).toBe(1);
    expect(sum.flows).toBe(2);
    // a late report of a flow older than the slot's minute stays out of the window
    s.record('i', { at: T0 + 1, error: false });
    expect(s.summary('i', T0 + 30 * MIN)!.per_minute.reduce((a, b) => a + b, 0)).toBe(1);
    expect(s.summary('i', T0 + 90 * MIN)!.per_minute.every((n) => n === 0)).toBe(true);
  });

  it('has no summary for an instance without flows and forgets the oldest past its cap', () => {
    const s = new TrafficSummaries(2);
    expect(s.summary('x')).toBeNull();
    for (const id of ['a', 'b', 'c']) s.record(id, { at: T0, error: false });
    expect(s.summary('a')).toBeNull();
    expect(s.summary('c')?.flows).toBe(1);
  });
});
