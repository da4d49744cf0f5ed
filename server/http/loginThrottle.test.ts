import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './loginThrottle';

describe('LoginThrottle', () => {
  it('locks after the free failures, doubling up to the cap', () => {
    const t = new LoginThrottle({ freeFailures: 2, firstLockMs: 1000, maxLockMs: 5000 });
    let now = 0;
    t.failed('ip', 'alice', now);
    expect(t.waitMs('ip', 'alice', now)).toBe(0);
    t.failed('ip', 'alice', now);
    expect(t.waitMs('ip', 'alice', now)).toBe(1000);
    now += 1000;
    expect(t.waitMs('ip', 'alice', now)).toBe(0);
    t.failed('ip', 'alice', now);
    expect(t.waitMs('ip', 'alice', now)).toBe(2000);
    now += 2000;
    t.failed('ip', 'alice', now);
    expect(t.waitMs('ip', 'alice', now)).toBe(4000);
    now += 4000;
    t.failed('ip', 'alice', now);
    expect(t.waitMs('ip', 'alice', now)).toBe(5000); // capped
  });

  it('keys by address and case-folded user name; a success clears', () => {
    const t = new LoginThrottle({ freeFailures: 1, firstLockMs: 1000 });
    t.failed('ip', 'Alice', 0);
    expect(t.waitMs('ip', 'alice', 0)).toBe(1000);
    expect(t.waitMs('other-ip', 'alice', 0)).toBe(0);
    expect(t.waitMs('ip', 'bob', 0)).toBe(0);
    t.succeeded('ip', 'ALICE');
    expect(t.waitMs('ip', 'alice', 0)).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const t = new LoginThrottle({ freeFailures: 2, firstLockMs: 1000, windowMs: 60_000 });
    t.failed('ip', 'alice', 0);
    t.failed('ip', 'alice', 61_000 + 1); // the first is forgotten: one failure counted
    expect(t.waitMs('ip', 'alice', 61_001)).toBe(0);
  });

  it('keeps a bounded number of entries, dropping the least recently failed', () => {
    const t = new LoginThrottle({ freeFailures: 0, firstLockMs: 1000, maxEntries: 3 });
    for (const name of ['a', 'b', 'c']) t.failed('ip', name, 0);
    t.failed('ip', 'a', 0); // a is now the most recent
    t.failed('ip', 'd', 0); // b goes
    expect(t.waitMs('ip', 'b', 0)).toBe(0);
    for (const name of ['a', 'c', 'd']) expect(t.waitMs('ip', name, 0)).toBeGreaterThan(0);
  });
});
