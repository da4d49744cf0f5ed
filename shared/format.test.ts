import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatCountdown,
  formatDateTime,
  formatDuration,
  formatRelativeTime,
  formatTimeOfDay,
  formatTiming,
  formatWait,
  parseTimestamp,
  plural,
} from './format';

describe('plural and formatCount', () => {
  it.each([
    [0, 'question', '0 questions'],
    [1, 'question', '1 question'],
    [2, 'question', '2 questions'],
    [1024, 'flow', '1,024 flows'],
  ])('%d %s → %s', (n, noun, text) => {
    expect(formatCount(n, noun)).toBe(text);
  });

  it('takes an irregular plural', () => {
    expect(formatCount(1, 'entry', 'entries')).toBe('1 entry');
    expect(formatCount(3, 'entry', 'entries')).toBe('3 entries');
    expect(plural(1, 'entry was', 'entries were')).toBe('entry was');
    expect(plural(2, 'entry was', 'entries were')).toBe('entries were');
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1,023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [10 * 1024 - 20, '10 KiB'],
    [10 * 1024, '10 KiB'],
    [5 * 1024 * 1024, '5.0 MiB'],
    [3 * 1024 ** 4, '3.0 TiB'],
    [2048 * 1024 ** 4, '2,048 TiB'],
    [-1, '–'],
    [Number.NaN, '–'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 milliseconds'],
    [519, '519 milliseconds'],
    [1_000, '1 second'],
    [3_000, '3 seconds'],
    [12_000, '12 seconds'],
    [245_000, '4 minutes 5 seconds'],
    [729_000, '12 minutes 9 seconds'],
    [3_600_000, '1 hour'],
    [3_720_000, '1 hour 2 minutes'],
    [86_340_000, '23 hours 59 minutes'],
    [86_400_000, '1 day'],
    [86_399_999, '23 hours 59 minutes'],
    [2 * 86_400_000 + 3 * 3_600_000 + 59_000, '2 days 3 hours'],
    [-5, '–'],
    [Number.POSITIVE_INFINITY, '–'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('has a short form for tight spaces', () => {
    expect(formatDuration(245_000, { unitDisplay: 'short' })).toBe('4 min 5 sec');
    expect(formatDuration(86_400_000, { unitDisplay: 'short' })).toBe('1 day');
  });
});

describe('formatTiming', () => {
  it.each([
    [0.4, '<1 ms'],
    [17, '17 ms'],
    [1234, '1.23 sec'],
    [12_345, '12.3 sec'],
    [125_000, '2 min 5 sec'],
    [-1, '–'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatTiming(ms)).toBe(text);
  });
});

describe('formatWait', () => {
  it('rounds up, so it never says zero before the end', () => {
    expect(formatWait(30_000)).toBe('30 seconds');
    expect(formatWait(29_001)).toBe('30 seconds');
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(0)).toBe('1 second');
    expect(formatWait(125_000)).toBe('2 minutes 5 seconds');
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

describe('formatRelativeTime', () => {
  const now = Date.parse('2026-11-29T15:30:00Z');
  it.each([
    [now + 52, 'just now'],
    [now - 3_000, 'just now'],
    [now - 12_000, '12 seconds ago'],
    [now + 5 * 60_000 + 30_000, 'in 5 minutes'],
    [now - 3 * 3_600_000, '3 hours ago'],
    [now + 23 * 3_600_000 + 59 * 60_000, 'in 23 hours'],
    [now - 86_400_000, 'yesterday'],
    [now - 3 * 86_400_000, '3 days ago'],
  ])('%d → %s', (at, text) => {
    expect(formatRelativeTime(at, now)).toBe(text);
  });

  it('never says "in" for a moment known to be past (a server clock ahead)', () => {
    expect(formatRelativeTime(now + 52, now, { happened: true })).toBe('just now');
    expect(formatRelativeTime(now + 30_000, now, { happened: true })).toBe('just now');
    expect(formatRelativeTime(now + 30_000, now)).toBe('in 30 seconds');
  });
});

describe('formatDateTime', () => {
  it('gives the date and the time', () => {
    const text = formatDateTime(new Date(2026, 10, 29, 15, 30, 22));
    expect(text).toBe('Nov 29, 2026, 3:30:22 PM');
  });
});

describe('formatTimeOfDay', () => {
  it('gives the time', () => {
    expect(formatTimeOfDay(new Date(2026, 10, 29, 15, 30, 22))).toMatch(/^3:30:22\sPM$/);
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
