import { formatBytes } from '../../../lib/format';
import type { FlowRow, SortKey } from '../worker/rows';

export const ROW_HEIGHT = 28;

export const GRID_COLUMNS =
  'grid grid-cols-[6.5rem_4.5rem_minmax(6rem,11rem)_minmax(10rem,1fr)_4.5rem_minmax(6rem,9rem)_4.5rem_4.5rem]';

export const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'time', label: 'Time' },
  { key: 'method', label: 'Method' },
  { key: 'host', label: 'Host' },
  { key: 'path', label: 'Path' },
  { key: 'status', label: 'Status', numeric: true },
  { key: 'type', label: 'Type' },
  { key: 'size', label: 'Size', numeric: true },
  { key: 'duration', label: 'Duration', numeric: true },
];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local wall-clock time with milliseconds: 14:03:07.123 */
export function formatClock(seconds: number): string {
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) return '—';
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatSize(bytes: number): string {
  return formatBytes(bytes);
}

export function rowLabel(row: FlowRow): string {
  return `${row.method} ${row.path}`;
}
