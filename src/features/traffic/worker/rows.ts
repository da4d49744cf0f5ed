/**
 * The light summary of a flow the table shows (the full flow stays in the
 * worker), and the sort orders computed over them.
 */
import type { Flow } from '@shared/schemas';
import { flowUrl } from '@shared/capture';
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

function compareValues(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1; // unknown values go last
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/** Flow indices ordered by `sort`; ties keep capture order. */
export function sortIndices(rows: FlowRow[], sort: SortSpec): Int32Array {
  const order = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) order[i] = i;
  if (sort.key === 'time' && !sort.descending && isTimeOrdered(rows)) return order;
  const key = sort.key;
  const dir = sort.descending ? -1 : 1;
  const values = rows.map((r) => r[key]);
  // strings: compare with a collator once, much faster than localeCompare per call
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const cmp =
    key === 'method' || key === 'host' || key === 'path' || key === 'type'
      ? (a: number, b: number) => {
          const r = collator.compare(values[a] as string, values[b] as string);
          return r !== 0 ? r * dir : a - b;
        }
      : (a: number, b: number) => {
          const va = values[a] ?? null;
          const vb = values[b] ?? null;
          if (va === null || vb === null) {
            const r = compareValues(va, vb);
            return r !== 0 ? r : a - b; // nulls last in both directions
          }
          const r = compareValues(va, vb) * dir;
          return r !== 0 ? r : a - b;
        };
  order.sort(cmp);
  return order;
}

function isTimeOrdered(rows: FlowRow[]): boolean {
  for (let i = 1; i < rows.length; i++) if (rows[i]!.time < rows[i - 1]!.time) return false;
  return true;
}
