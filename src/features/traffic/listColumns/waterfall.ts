/**
 * The waterfall column's geometry, as DevTools draws it: each flow a bar on
 * the visible time range, placed by its start and as wide as its duration.
 */
import { formatTiming } from '@shared/format';
import type { TimeSpan } from './displayFacts';

export interface WaterfallBar {
  /** where the bar starts, as a fraction of the range (0–1) */
  left: number;
  /** how wide it is, as a fraction of the range (0–1, never past the end) */
  width: number;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * The bar of a flow that starts at `start` (seconds since the epoch) and
 * lasts `durationMs` (null: not ended yet, no width) on `range`.
 */
export function waterfallBar(
  start: number,
  durationMs: number | null,
  range: TimeSpan,
): WaterfallBar {
  const span = range.to - range.from;
  if (!(span > 0)) return { left: 0, width: durationMs ? 1 : 0 };
  const left = clamp01((start - range.from) / span);
  const right = clamp01((start + (durationMs ?? 0) / 1000 - range.from) / span);
  return { left, width: Math.max(0, right - left) };
}

/** The bar in words (its accessible name): "starts 1.23 sec in, 35 ms". */
export function waterfallLabel(start: number, durationMs: number | null, range: TimeSpan): string {
  const offsetMs = (start - range.from) * 1000;
  // before the range (a selection filters those out, but say it right anyway)
  const when = offsetMs < 0 ? `${formatTiming(-offsetMs)} before` : `${formatTiming(offsetMs)} in`;
  const length = durationMs === null ? 'not finished' : formatTiming(durationMs);
  return `starts ${when}, ${length}`;
}
