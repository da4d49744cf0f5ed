import { describe, expect, it } from 'vitest';
import { expiryLevel, grantedLessThanAsked, remainingMs, ttlChoices } from './countdown';

describe('expiryLevel', () => {
  it('stays quiet above 10 minutes', () => {
    expect(expiryLevel(10 * 60_000 + 1)).toBe('none');
    expect(expiryLevel(undefined)).toBe('none');
  });
  it('warns at 10 minutes and below', () => {
    expect(expiryLevel(10 * 60_000)).toBe('warning');
    expect(expiryLevel(2 * 60_000 + 1)).toBe('warning');
  });
  it('is urgent at 2 minutes and below', () => {
    expect(expiryLevel(2 * 60_000)).toBe('urgent');
    expect(expiryLevel(1)).toBe('urgent');
  });
  it('is expired at zero and after', () => {
    expect(expiryLevel(0)).toBe('expired');
    expect(expiryLevel(-5000)).toBe('expired');
  });
});

describe('remainingMs', () => {
  it('counts down from expires_at', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(remainingMs('2026-01-01T00:10:00Z', now)).toBe(600_000);
    expect(remainingMs(null, now)).toBeUndefined();
    expect(remainingMs('not a date', now)).toBeUndefined();
  });
});

describe('ttlChoices', () => {
  it('offers only choices within the maximum, always including it and the default', () => {
    expect(ttlChoices(7200, 5400)).toEqual([1800, 3600, 5400, 7200]);
    expect(ttlChoices(172800, 86400)).toEqual([1800, 3600, 7200, 21600, 43200, 86400, 172800]);
  });
});

describe('grantedLessThanAsked', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  it('reports the clamp from the response ttl', () => {
    expect(grantedLessThanAsked(999_999, 172800, '2026-01-03T00:00:00Z', t0)).toBe(172800);
  });
  it('falls back to expires_at when the ttl is absent', () => {
    expect(grantedLessThanAsked(7200, undefined, '2026-01-01T01:00:00Z', t0)).toBe(3600);
  });
  it('is no clamp when granted as asked (with slack) or when the default was asked', () => {
    expect(grantedLessThanAsked(3600, 3600, '2026-01-01T01:00:00Z', t0)).toBeUndefined();
    expect(grantedLessThanAsked(3600, undefined, '2026-01-01T00:59:57Z', t0)).toBeUndefined();
    expect(grantedLessThanAsked(undefined, 60, '2026-01-01T00:01:00Z', t0)).toBeUndefined();
  });
});
