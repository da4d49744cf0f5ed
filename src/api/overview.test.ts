import { describe, expect, it } from 'vitest';
import { ACTIVITY_KEEP, mergeActivity } from './overview';
import { overviewPollInterval, OVERVIEW_HEARTBEAT_MS, OVERVIEW_POLL_MS } from './polling';
import type { ActivityEvent } from '@shared/schemas';

const ev = (id: number): ActivityEvent => ({
  id: String(id),
  kind: 'instance_started',
  at: new Date(1_800_000_000_000 + id * 1000).toISOString(),
});

describe('activity merging', () => {
  it('adds only what is new, newest first, and says which events are fresh', () => {
    const first = mergeActivity(undefined, [ev(3), ev(2), ev(1)], '3');
    expect(first.fresh).toEqual([]);
    const next = mergeActivity(first, [ev(5), ev(4), ev(3)], '5');
    expect(next.items.map((e) => e.id)).toEqual(['5', '4', '3', '2', '1']);
    expect(next.fresh.map((e) => e.id)).toEqual(['5', '4']);
    expect(next.cursor).toBe('5');
  });

  it(`keeps at most ${ACTIVITY_KEEP} events`, () => {
    const many = Array.from({ length: ACTIVITY_KEEP + 20 }, (_, i) => ev(i + 1)).reverse();
    expect(mergeActivity(undefined, many, 'x').items).toHaveLength(ACTIVITY_KEEP);
  });
});

describe('overview polling', () => {
  it('polls at its pace, faster while settling, a heartbeat when hidden', () => {
    expect(overviewPollInterval(['running'], false)).toBe(OVERVIEW_POLL_MS);
    expect(overviewPollInterval(['running', 'starting'], false)).toBeLessThan(OVERVIEW_POLL_MS);
    expect(overviewPollInterval(['starting'], true)).toBe(OVERVIEW_HEARTBEAT_MS);
    // one list and one activity request per interval stays within 20 a minute
    expect((2 * 60_000) / OVERVIEW_POLL_MS).toBeLessThanOrEqual(20);
  });
});
