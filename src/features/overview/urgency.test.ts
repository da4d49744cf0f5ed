import { describe, expect, it } from 'vitest';
import { NOW, instance } from './testing';
import { orderCards, timeLeftLevel, urgencyOf } from './urgency';

const inMin = (m: number) => new Date(NOW + m * 60_000).toISOString();

describe('card order', () => {
  it('puts failing first, then expiring (soonest first), starting, running (newest first), stopping', () => {
    const cards = orderCards(
      [
        instance('run-old', { created_at: inMin(-50) }),
        instance('stopping', { status: 'stopping' }),
        instance('run-new', { created_at: inMin(-5) }),
        instance('exp-9', { expires_at: inMin(9) }),
        instance('starting', { status: 'starting' }),
        instance('exp-1', { expires_at: inMin(1) }),
        instance('failed', { status: 'failed', created_at: inMin(-10) }),
      ],
      NOW,
    );
    expect(cards.map((c) => c.instance.id)).toEqual([
      'failed',
      'exp-1',
      'exp-9',
      'starting',
      'run-new',
      'run-old',
      'stopping',
    ]);
  });

  it('gives no card to ended instances, nor to a failure over an hour old', () => {
    expect(urgencyOf(instance('a', { status: 'stopped' }), NOW)).toBeNull();
    expect(urgencyOf(instance('b', { status: 'expired' }), NOW)).toBeNull();
    expect(urgencyOf(instance('c', { status: 'failed', created_at: inMin(-61) }), NOW)).toBeNull();
  });

  it('calls a running instance failing when most of its recent requests fail', () => {
    const summary = (flows: number, errors: number) => ({
      flows,
      errors,
      last_flow_at: null,
      window_end: inMin(1),
      per_minute: [...Array(29).fill(0), flows],
      errors_per_minute: [...Array(29).fill(0), errors],
    });
    expect(urgencyOf(instance('a', { traffic_summary: summary(10, 6) }), NOW)).toBe('failing');
    expect(urgencyOf(instance('b', { traffic_summary: summary(10, 5) }), NOW)).toBe('running');
    // too few requests to judge
    expect(urgencyOf(instance('c', { traffic_summary: summary(3, 3) }), NOW)).toBe('running');
  });

  it('turns the time-left bar at 10 and at 2 minutes', () => {
    expect(timeLeftLevel(10 * 60_000 + 1)).toBe('ok');
    expect(timeLeftLevel(10 * 60_000)).toBe('warn');
    expect(timeLeftLevel(2 * 60_000 + 1)).toBe('warn');
    expect(timeLeftLevel(2 * 60_000)).toBe('critical');
    expect(timeLeftLevel(null)).toBe('ok');
  });
});
