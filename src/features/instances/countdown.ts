/**
 * TTL countdown: how long an instance has left, and how loudly to say it.
 * Pure, so the thresholds are unit-tested without timers.
 */
import { parseTimestamp } from '@shared/format';

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
