import { describe, expect, it } from 'vitest';
import { formatBytes, formatCountdown, formatDuration, parseTimestamp } from './format';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [10 * 1024, '10 KiB'],
    [5 * 1024 * 1024, '5.0 MiB'],
    [3 * 1024 ** 4, '3.0 TiB'],
    [2048 * 1024 ** 4, '2048 TiB'],
    [-1, '–'],
    [Number.NaN, '–'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [-5, '0 ms'],
    [12_000, '12s'],
    [245_000, '4m 05s'],
    [3_720_000, '1h 02m'],
    [Number.POSITIVE_INFINITY, '–'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatCountdown', () => {
  it.each([
    [0, '00:00'],
    [-1000, '00:00'],
    [245_000, '04:05'],
    [86_398_000, '23:59:58'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatCountdown(ms)).toBe(text);
  });
});

describe('parseTimestamp', () => {
  it('reads ISO-8601 and rejects the rest', () => {
    expect(parseTimestamp('2026-11-28T12:00:00Z')?.toISOString()).toBe('2026-11-28T12:00:00.000Z');
    expect(parseTimestamp('yesterday')).toBeUndefined();
    expect(parseTimestamp(null)).toBeUndefined();
    expect(parseTimestamp(undefined)).toBeUndefined();
  });
});
