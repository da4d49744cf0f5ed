import { formatDuration } from '@shared/format';

/** TTLs in the units a person thinks in: whole hours when they fit, else minutes. */
export type TtlUnit = 'minutes' | 'hours';

export const UNIT_SECONDS: Record<TtlUnit, number> = { minutes: 60, hours: 3600 };

export function toHumanTtl(seconds: number): { amount: number; unit: TtlUnit } {
  if (seconds >= 3600 && seconds % 3600 === 0) return { amount: seconds / 3600, unit: 'hours' };
  return { amount: Math.max(1, Math.round(seconds / 60)), unit: 'minutes' };
}

/** A TTL in words, the way every duration is said: "24 hours" is "1 day". */
export function describeTtl(seconds: number): string {
  return formatDuration(seconds * 1000);
}

/** The TTL in seconds, or a message saying what is wrong with it. */
export function parseTtl(
  amountText: string,
  unit: TtlUnit,
  maxSeconds: number,
): { seconds: number } | { error: string } {
  const amount = Number(amountText.trim());
  if (amountText.trim() === '' || !Number.isFinite(amount)) {
    return { error: 'Enter a number.' };
  }
  const seconds = Math.round(amount * UNIT_SECONDS[unit]);
  if (seconds < 60) return { error: 'The lifetime must be at least 1 minute.' };
  if (seconds > maxSeconds)
    return { error: `The lifetime can be at most ${describeTtl(maxSeconds)}.` };
  return { seconds };
}
