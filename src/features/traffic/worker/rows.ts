/**
 * The light summary of a flow the table shows (the full flow stays in the
 * worker), and the sort orders computed over them.
 */
import type { Flow } from '@shared/schemas';
import { flowUrl } from '@shared/capture/flowUrl';
import { headerValue, parseContentType } from '@shared/capture/decode';

export interface FlowRow {
  /** index of the flow in the worker's list (stable while the capture is open) */
  index: number;
  id: string;
  /** seconds since the epoch */
  time: number;
  method: string;
  host: string;
  path: string;
  status: number | null;
  /** mime type of the response (or the request when there is no response) */
  type: string;
  /** bytes on the wire: request body + response body */
  size: number;
  /** milliseconds, null while unknown */
  duration: number | null;
  /** error text (no response, upstream failure), null when fine */
  error: string | null;
  websocket: boolean;
}

/**
 * Milliseconds from the request's start to the response's end (or to the
 * error that ended the flow); null while unknown. The list and the details
 * both show this one figure.
 */
export function flowDuration(flow: Flow): number | null {
  const start = flow.request.timestamp_start ?? flow.timestamp_created;
  const end =
    flow.response?.timestamp_end ?? flow.response?.timestamp_start ?? flow.error?.timestamp;
  return end === null || end === undefined ? null : Math.max(0, (end - start) * 1000);
}

export function summarizeFlow(flow: Flow, index: number): FlowRow {
  const req = flow.request;
  const res = flow.response;
  const start = req.timestamp_start ?? flow.timestamp_created;
  const type = parseContentType(
    headerValue(res?.headers ?? req.headers, 'content-type') ?? undefined,
  ).mime;
  let error: string | null = flow.error?.msg ?? null;
  if (!res && !error) error = 'No response';
  return {
    index,
    id: flow.id,
    time: start,
    method: req.method,
    host: req.host,
    path: req.path,
    status: res?.status_code ?? null,
    type,
    size: (req.content?.size ?? 0) + (res?.content?.size ?? 0),
    duration: flowDuration(flow),
    error,
    websocket: !!flow.websocket,
  };
}

export { flowUrl };

/** A time range of flow starts, in seconds since the epoch: `from` ≤ start < `to`. */
export interface TimeRange {
  from: number;
  to: number;
}

export const SORT_KEYS = [
  'time',
  'method',
  'host',
  'path',
  'status',
  'type',
  'size',
  'duration',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface SortSpec {
  key: SortKey;
  descending: boolean;
}

/** keys whose values are text, ordered as people read them ("item2" before "item10") */
const TEXT_KEYS: ReadonlySet<SortKey> = new Set<SortKey>(['method', 'host', 'path', 'type']);

/**
 * Flow indices ordered by `sort`; ties keep capture order, unknown (null)
 * values go last both ways. No comparison per pair of flows where it can be
 * helped: text and status columns have few distinct values, which are
 * ranked once, then the flows are placed by rank (a stable counting sort);
 * other numbers are compared as a typed column.
 */
export function sortIndices(rows: FlowRow[], sort: SortSpec): Int32Array {
  const n = rows.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const { key, descending } = sort;
  if (key === 'time' && isTimeOrdered(rows)) {
    return descending ? reversedRuns(rows, order) : order;
  }
  if (TEXT_KEYS.has(key) || key === 'status') return byRank(rows, key, descending);
  const values = new Float64Array(n);
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = rows[i]![key] as number | null;
    if (v === null) unknown.push(i);
    else {
      values[i] = v;
      known.push(i);
    }
  }
  const dir = descending ? -1 : 1;
  known.sort((a, b) => (values[a]! - values[b]!) * dir || a - b);
  order.set(known);
  order.set(unknown, known.length);
  return order;
}

/** Capture order sorted by time, newest first: runs of one time keep capture order. */
function reversedRuns(rows: FlowRow[], order: Int32Array): Int32Array {
  const n = rows.length;
  let out = 0;
  for (let end = n; end > 0;) {
    let start = end - 1;
    const t = rows[start]!.time;
    while (start > 0 && rows[start - 1]!.time === t) start--;
    for (let i = start; i < end; i++) order[out++] = i;
    end = start;
  }
  return order;
}

/**
 * A stable counting sort by rank: the distinct values of `key` are ordered
 * once (text by a collator, numbers as numbers; values the collator calls
 * equal share a rank), unknown values last.
 */
function byRank(rows: FlowRow[], key: SortKey, descending: boolean): Int32Array {
  const n = rows.length;
  const ids = new Int32Array(n);
  const distinct = new Map<string | number | null, number>();
  const values: (string | number)[] = [];
  for (let i = 0; i < n; i++) {
    const v = rows[i]![key];
    let id = distinct.get(v);
    if (id === undefined) {
      id = v === null ? -1 : values.push(v) - 1;
      distinct.set(v, id);
    }
    ids[i] = id;
  }
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const compare = TEXT_KEYS.has(key)
    ? (a: number, b: number) => collator.compare(values[a] as string, values[b] as string)
    : (a: number, b: number) => (values[a] as number) - (values[b] as number);
  const byValue = values.map((_, i) => i).sort(compare);
  // rank 0 goes first; values that compare equal share one; unknown values last
  const rankOf = new Int32Array(values.length);
  let ranks = 0;
  for (let k = 0; k < byValue.length; k++) {
    if (k === 0 || compare(byValue[k - 1]!, byValue[k]!) !== 0) ranks++;
    rankOf[byValue[k]!] = ranks - 1;
  }
  const last = ranks; // unknown values, both ways
  const counts = new Int32Array(ranks + 2);
  const rank = (id: number) => (id < 0 ? last : descending ? ranks - 1 - rankOf[id]! : rankOf[id]!);
  const ranked = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rank(ids[i]!);
    ranked[i] = r;
    counts[r + 1] = counts[r + 1]! + 1;
  }
  for (let r = 1; r < counts.length; r++) counts[r] = counts[r]! + counts[r - 1]!;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = ranked[i]!;
    order[counts[r]!] = i;
    counts[r] = counts[r]! + 1;
  }
  return order;
}

function isTimeOrdered(rows: FlowRow[]): boolean {
  for (let i = 1; i < rows.length; i++) if (rows[i]!.time < rows[i - 1]!.time) return false;
  return true;
}
