import { formatBytes, formatTiming } from '@shared/format';
import type { FlowRow, SortKey } from '../worker/rows';

export const ROW_HEIGHT = 28;

/**
 * Narrow screens (under 640 px) show method, path and status, which fit
 * without scrolling sideways; the rest is in the flow's details.
 */
export const GRID_COLUMNS =
  'grid grid-cols-[4rem_minmax(0,1fr)_3.5rem] sm:grid-cols-[6.5rem_4.5rem_minmax(6rem,11rem)_minmax(10rem,1fr)_4.5rem_minmax(6rem,9rem)_4.5rem_4.5rem]';

/** The grid's width: the whole table on wide screens, the screen's width on narrow ones. */
export const GRID_MIN_WIDTH = 'sm:min-w-[56rem]';

export interface Column {
  key: SortKey;
  label: string;
  numeric?: boolean;
  /** shown on narrow screens too */
  narrow?: boolean;
}

export const COLUMNS: Column[] = [
  { key: 'time', label: 'Time' },
  { key: 'method', label: 'Method', narrow: true },
  { key: 'host', label: 'Host' },
  { key: 'path', label: 'Path', narrow: true },
  { key: 'status', label: 'Status', numeric: true, narrow: true },
  { key: 'type', label: 'Type' },
  { key: 'size', label: 'Size', numeric: true },
  { key: 'duration', label: 'Duration', numeric: true },
];

/** Per column: its 1-based `aria-colindex` (cells hidden on narrow screens leave gaps) and display. */
export const COLUMN_CELL = Object.fromEntries(
  COLUMNS.map((col, i) => [
    col.key,
    { colIndex: i + 1, display: col.narrow ? '' : 'hidden sm:block' },
  ]),
) as Record<SortKey, { colIndex: number; display: string }>;

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
