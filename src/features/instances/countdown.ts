/**
 * TTL countdown: how long an instance has left, and how loudly to say it.
 * Pure, so the thresholds are unit-tested without timers.
 */
import { parseTimestamp } from '../../lib/format';

export const WARN_MS = 10 * 60_000;
export const URGENT_MS = 2 * 60_000;

/** `none` > 10 min left; `warning` ≤ 10 min; `urgent` ≤ 2 min; `expired` at 0. */
export type ExpiryLevel = 'none' | 'warning' | 'urgent' | 'expired';

export function remainingMs(expiresAt: string | null | undefined, now: number): number | undefined {
  const d = parseTimestamp(expiresAt);
  return d ? d.getTime() - now : undefined;
}

export function expiryLevel(remaining: number | undefined): ExpiryLevel {
  if (remaining === undefined) return 'none';
  if (remaining <= 0) return 'expired';
  if (remaining <= URGENT_MS) return 'urgent';
  if (remaining <= WARN_MS) return 'warning';
  return 'none';
}

/** "just now", "4 min", "2 h 05 min", "3 d 4 h": coarse, for an age column. */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 60_000) return 'just now';
  const min = Math.floor(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ${String(min % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** A TTL in seconds as "30 min", "1 h", "1 h 30 min", "2 d". */
export function formatTtl(seconds: number): string {
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min`;
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** The TTL choices offered by the renew dialog, within the platform's maximum. */
export function ttlChoices(maxTtlS: number, defaultTtlS: number): number[] {
  const presets = [30 * 60, 3600, 2 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400];
  const set = new Set(presets.filter((s) => s <= maxTtlS));
  if (defaultTtlS <= maxTtlS) set.add(defaultTtlS);
  set.add(maxTtlS);
  return [...set].sort((a, b) => a - b);
}

/**
 * Did the platform give less than asked? `requested` undefined means the
 * platform default was asked for, which is never a clamp.
 */
export function grantedLessThanAsked(
  requestedS: number | undefined,
  grantedS: number | null | undefined,
  expiresAt: string,
  requestedAt: number,
): number | undefined {
  if (requestedS === undefined) return undefined;
  let granted = grantedS ?? undefined;
  if (granted === undefined) {
    const exp = parseTimestamp(expiresAt);
    if (!exp) return undefined;
    granted = Math.round((exp.getTime() - requestedAt) / 1000);
  }
  // a few seconds of clock and network slack are not a clamp
  return granted < requestedS - 5 ? granted : undefined;
}
