/**
 * The one home for units and plurals in the dashboard's words. Every kind
 * has one formatter, built on `Intl` (PluralRules, NumberFormat,
 * RelativeTimeFormat, DateTimeFormat) with the app's one locale, so a
 * duration reads the same on every page: "3 seconds", "12 minutes 9 seconds",
 * "23 hours 59 minutes", "1 day". Callers never append units or an "s".
 */

/** The dashboard's words are English; numbers and dates follow the same locale. */
export const LOCALE = 'en';

const pluralRules = new Intl.PluralRules(LOCALE);
const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

// ---------------------------------------------------------------- counts

/** The noun for `n` things: `plural(1, 'flow')` → "flow", `plural(2, 'entry', 'entries')` → "entries". */
export function plural(n: number, one: string, other: string = `${one}s`): string {
  return pluralRules.select(n) === 'one' ? one : other;
}

/** A count with its noun: "1 question", "3 questions", "1,024 flows". */
export function formatCount(n: number, one: string, other?: string): string {
  return `${integer.format(n)} ${plural(n, one, other)}`;
}

/** A plain number with the locale's grouping: "1,024". */
export function formatNumber(n: number): string {
  return integer.format(n);
}

// ---------------------------------------------------------------- bytes

const BINARY_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;
const oneDecimal = new Intl.NumberFormat(LOCALE, {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** Human units for byte counts: "0 B", "999 B", "1.2 KiB", "3.4 MiB", "2,048 TiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  if (bytes < 1024) return `${integer.format(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // 9.96 KiB would round to "10.0 KiB": from 9.95 on, whole numbers
  const digits = value < 9.95 ? oneDecimal.format(value) : integer.format(value);
  return `${digits} ${BINARY_UNITS[unit]}`;
}

// ---------------------------------------------------------------- durations

type DurationUnit = 'day' | 'hour' | 'minute' | 'second';
const UNIT_MS: Record<DurationUnit, number> = {
  day: 86_400_000,
  hour: 3_600_000,
  minute: 60_000,
  second: 1_000,
};
const UNITS: readonly DurationUnit[] = ['day', 'hour', 'minute', 'second'];

export type UnitDisplay = 'long' | 'short' | 'narrow';

const unitFormats = new Map<string, Intl.NumberFormat>();
/** `3` + `minute` → "3 minutes" (long), "3 min" (short), "3m" (narrow). */
function unitAmount(
  value: number,
  unit: DurationUnit | 'millisecond',
  display: UnitDisplay,
  fractionDigits = 0,
): string {
  const key = `${unit}:${display}:${fractionDigits}`;
  let f = unitFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, {
      style: 'unit',
      unit,
      unitDisplay: display,
      maximumFractionDigits: fractionDigits,
    });
    unitFormats.set(key, f);
  }
  return f.format(value);
}

/**
 * How long something took or lasts, in its two largest units, truncated
 * (never rounded up to a moment not reached): "850 milliseconds",
 * "12 seconds", "4 minutes 5 seconds", "23 hours 59 minutes", "1 day",
 * "2 days 3 hours". `unitDisplay: 'short'` for tight spaces ("4 min 5 sec").
 * Negative and unknown durations: "–".
 */
export function formatDuration(ms: number, opts: { unitDisplay?: UnitDisplay } = {}): string {
  const display = opts.unitDisplay ?? 'long';
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return unitAmount(Math.floor(ms), 'millisecond', display);
  const parts: string[] = [];
  let rest = ms;
  for (const unit of UNITS) {
    const amount = Math.floor(rest / UNIT_MS[unit]);
    rest -= amount * UNIT_MS[unit];
    if (amount > 0 || parts.length > 0) parts.push(unitAmount(amount, unit, display));
    if (parts.length === 2) break;
  }
  // "1 hour 0 minutes" reads as "1 hour"
  return parts.filter((p, i) => i === 0 || !/^0\D/.test(p)).join(' ');
}

/**
 * A measured timing, precise and short, as network tools show it:
 * "<1 ms", "17 ms", "1.23 s", "12.4 s", then as `formatDuration` (short).
 */
export function formatTiming(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1) return `<${unitAmount(1, 'millisecond', 'short')}`;
  if (ms < 1000) return unitAmount(Math.round(ms), 'millisecond', 'short');
  if (ms < 60_000) return unitAmount(ms / 1000, 'second', 'short', ms < 10_000 ? 2 : 1);
  return formatDuration(ms, { unitDisplay: 'short' });
}

/** A ticking countdown as a clock: "23:59:58", "04:05"; never below "00:00". */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/**
 * A wait still to come, in words, rounded up so it never says 0 before the
 * end: "30 seconds", "1 second", "2 minutes 5 seconds".
 */
export function formatWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return formatDuration(seconds * 1000);
}

// ---------------------------------------------------------------- moments

const relative = new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto' });

/** Moments this close to now are "just now", whichever side of it (clock skew). */
export const JUST_NOW_MS = 5_000;

/**
 * Where a moment is from `now`: "in 5 minutes", "3 hours ago", "yesterday",
 * "just now". `happened: true` for a moment known to be past (a ready time):
 * a server clock a little ahead never makes it "in 52 milliseconds".
 */
export function formatRelativeTime(
  at: Date | number,
  now: number,
  opts: { happened?: boolean } = {},
): string {
  let delta = (typeof at === 'number' ? at : at.getTime()) - now;
  if (!Number.isFinite(delta)) return '–';
  if (opts.happened && delta > 0) delta = 0;
  const size = Math.abs(delta);
  if (size < JUST_NOW_MS) return 'just now';
  const sign = delta < 0 ? -1 : 1;
  if (size < 60_000) return relative.format(sign * Math.floor(size / 1000), 'second');
  if (size < UNIT_MS.hour) return relative.format(sign * Math.floor(size / 60_000), 'minute');
  if (size < UNIT_MS.day) return relative.format(sign * Math.floor(size / UNIT_MS.hour), 'hour');
  return relative.format(sign * Math.floor(size / UNIT_MS.day), 'day');
}

const dateTime = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'medium' });

/** A moment as a date and time: "Nov 29, 2026, 3:30:22 PM". */
export function formatDateTime(d: Date): string {
  return dateTime.format(d);
}

const timeOfDay = new Intl.DateTimeFormat(LOCALE, { timeStyle: 'medium' });

/** A moment of today as a time: "3:30:22 PM". */
export function formatTimeOfDay(d: Date): string {
  return timeOfDay.format(d);
}

/** Parses an API timestamp; undefined for missing or unparsable ones. */
export function parseTimestamp(ts: string | null | undefined): Date | undefined {
  if (!ts) return undefined;
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
