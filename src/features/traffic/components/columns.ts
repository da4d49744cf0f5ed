import { formatBytes, formatTiming } from '@shared/format';
import type { FlowRow } from '../worker/rows';

export const ROW_HEIGHT = 28;

/**
 * Every row and the header: a CSS grid whose tracks the list sets as custom
 * properties from the shown columns (`gridLayout`); narrow screens (under
 * 640 px) show method, path and status, which fit without scrolling sideways.
 */
export const GRID_CLASS = 'grid grid-cols-(--flow-cols) sm:grid-cols-(--flow-cols-sm)';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local wall-clock time with milliseconds: 14:03:07.123 */
export function formatClock(seconds: number): string {
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) return '—';
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatMs(ms: number | null): string {
  return ms === null ? '—' : formatTiming(ms);
}

export function formatSize(bytes: number): string {
  return formatBytes(bytes);
}

export function rowLabel(row: FlowRow): string {
  return `${row.method} ${row.path}`;
}
