/**
 * The timeline's data: flows over time in equal bins, each split by status
 * class, computed in the worker from the row summaries (a few numbers per
 * bin go to the page, not the flows).
 */
import { addStatus, emptyStatusMix, type StatusMix } from '../statusMix';
import type { FlowRow } from '../worker/rows';

export interface Timeline {
  /** seconds since the epoch where bin 0 starts (a multiple of `binSeconds`) */
  start: number;
  binSeconds: number;
  /** per bin: flows that started in it, by status class */
  bins: StatusMix[];
}

/** Bin widths a person reads easily, in seconds. */
const STEPS = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900,
  1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800,
];

/** The smallest readable width giving at most `wanted` bins over `span` seconds. */
export function binWidth(span: number, wanted: number): number {
  const raw = span / Math.max(1, wanted);
  return STEPS.find((s) => s >= raw) ?? Math.ceil(raw / 604800) * 604800;
}

/** Up to about `wanted` bins covering every flow's start; null without flows. */
export function binTimeline(rows: readonly FlowRow[], wanted: number): Timeline | null {
  if (rows.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    if (row.time < min) min = row.time;
    if (row.time > max) max = row.time;
  }
  const binSeconds = binWidth(max - min, wanted);
  const start = Math.floor(min / binSeconds) * binSeconds;
  const count = Math.max(1, Math.floor((max - start) / binSeconds) + 1);
  const bins = Array.from({ length: count }, emptyStatusMix);
  for (const row of rows) {
    const i = Math.min(count - 1, Math.max(0, Math.floor((row.time - start) / binSeconds)));
    addStatus(bins[i]!, row.status);
  }
  return { start, binSeconds, bins };
}

/** The time range bins `first`..`last` (inclusive) cover. */
export function binRange(timeline: Timeline, first: number, last: number) {
  const lo = Math.max(0, Math.min(first, last));
  const hi = Math.min(timeline.bins.length - 1, Math.max(first, last));
  return {
    from: timeline.start + lo * timeline.binSeconds,
    to: timeline.start + (hi + 1) * timeline.binSeconds,
  };
}

/** The bin a time falls in (clamped to the timeline). */
export function binAt(timeline: Timeline, time: number): number {
  const i = Math.floor((time - timeline.start) / timeline.binSeconds);
  return Math.min(timeline.bins.length - 1, Math.max(0, i));
}
