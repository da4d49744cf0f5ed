/**
 * How rows cross from the worker to the page. A `rows` message of 100,000
 * `FlowRow` objects cost the page ~200–600 ms to receive (the structured
 * clone rebuilds every object property by property) and the worker as much
 * to send. On the wire the rows are columns instead: numbers in typed
 * arrays (transferred, not copied), the few distinct methods, hosts, types
 * and errors once each, and ids and paths joined into one string each. The
 * page makes the very same rows back (`fromWire`).
 */
import type { FromWorker } from './protocol';
import type { FlowRow } from './rows';

type RowsMessage = Extract<FromWorker, { type: 'rows' }>;

/** `FlowRow[]` as columns (`packRows`). */
export interface PackedRows {
  count: number;
  index: Int32Array;
  time: Float64Array;
  size: Float64Array;
  /** 0 where `status` is null */
  status: Float64Array;
  /** 0 where `duration` is null */
  duration: Float64Array;
  /** per row: STATUS_NULL | DURATION_NULL | WEBSOCKET */
  flags: Uint8Array;
  /** the distinct methods, hosts, types and error texts; the columns below index it */
  names: string[];
  method: Int32Array;
  host: Int32Array;
  type: Int32Array;
  /** -1 where `error` is null */
  error: Int32Array;
  /** every id joined; `idEnds[i]` is where row i's ends */
  ids: string;
  idEnds: Int32Array;
  paths: string;
  pathEnds: Int32Array;
}

const STATUS_NULL = 1;
const DURATION_NULL = 2;
const WEBSOCKET = 4;

/** The `rows` message as it crosses to the page. */
export type WireRowsMessage = Omit<RowsMessage, 'type' | 'added' | 'updated'> & {
  type: 'packed-rows';
  added: PackedRows;
  updated: PackedRows;
};

/** What the worker posts: every message as `FromWorker` says, but rows packed. */
export type WireFromWorker = Exclude<FromWorker, RowsMessage> | WireRowsMessage;

export function packRows(rows: readonly FlowRow[]): PackedRows {
  const count = rows.length;
  const packed: PackedRows = {
    count,
    index: new Int32Array(count),
    time: new Float64Array(count),
    size: new Float64Array(count),
    status: new Float64Array(count),
    duration: new Float64Array(count),
    flags: new Uint8Array(count),
    names: [],
    method: new Int32Array(count),
    host: new Int32Array(count),
    type: new Int32Array(count),
    error: new Int32Array(count),
    ids: '',
    idEnds: new Int32Array(count),
    paths: '',
    pathEnds: new Int32Array(count),
  };
  const nameIndex = new Map<string, number>();
  const name = (text: string): number => {
    let at = nameIndex.get(text);
    if (at === undefined) {
      at = packed.names.length;
      packed.names.push(text);
      nameIndex.set(text, at);
    }
    return at;
  };
  const ids: string[] = new Array<string>(count);
  const paths: string[] = new Array<string>(count);
  let idEnd = 0;
  let pathEnd = 0;
  for (let i = 0; i < count; i++) {
    const row = rows[i]!;
    packed.index[i] = row.index;
    packed.time[i] = row.time;
    packed.size[i] = row.size;
    let flags = row.websocket ? WEBSOCKET : 0;
    if (row.status === null) flags |= STATUS_NULL;
    else packed.status[i] = row.status;
    if (row.duration === null) flags |= DURATION_NULL;
    else packed.duration[i] = row.duration;
    packed.flags[i] = flags;
    packed.method[i] = name(row.method);
    packed.host[i] = name(row.host);
    packed.type[i] = name(row.type);
    packed.error[i] = row.error === null ? -1 : name(row.error);
    ids[i] = row.id;
    idEnd += row.id.length;
    packed.idEnds[i] = idEnd;
    paths[i] = row.path;
    pathEnd += row.path.length;
    packed.pathEnds[i] = pathEnd;
  }
  packed.ids = ids.join('');
  packed.paths = paths.join('');
  return packed;
}

export function unpackRows(packed: PackedRows): FlowRow[] {
  const { names, ids, paths, idEnds, pathEnds } = packed;
  const rows = new Array<FlowRow>(packed.count);
  let idStart = 0;
  let pathStart = 0;
  for (let i = 0; i < packed.count; i++) {
    const flags = packed.flags[i]!;
    const error = packed.error[i]!;
    const idEnd = idEnds[i]!;
    const pathEnd = pathEnds[i]!;
    // the fields in `FlowRow`'s order, so every row has one shape
    rows[i] = {
      index: packed.index[i]!,
      id: ids.slice(idStart, idEnd),
      time: packed.time[i]!,
      method: names[packed.method[i]!]!,
      host: names[packed.host[i]!]!,
      path: paths.slice(pathStart, pathEnd),
      status: flags & STATUS_NULL ? null : packed.status[i]!,
      type: names[packed.type[i]!]!,
      size: packed.size[i]!,
      duration: flags & DURATION_NULL ? null : packed.duration[i]!,
      error: error < 0 ? null : names[error]!,
      websocket: (flags & WEBSOCKET) !== 0,
    };
    idStart = idEnd;
    pathStart = pathEnd;
  }
  return rows;
}

function buffersOf(packed: PackedRows): ArrayBuffer[] {
  return [
    packed.index,
    packed.time,
    packed.size,
    packed.status,
    packed.duration,
    packed.flags,
    packed.method,
    packed.host,
    packed.type,
    packed.error,
    packed.idEnds,
    packed.pathEnds,
  ].map((column) => column.buffer as ArrayBuffer);
}

/** A message as the worker posts it, with the buffers to transfer along with it. */
export function toWire(message: FromWorker): {
  message: WireFromWorker;
  transfer: ArrayBuffer[];
} {
  if (message.type !== 'rows') return { message, transfer: [] };
  const added = packRows(message.added);
  const updated = packRows(message.updated);
  return {
    message: { ...message, type: 'packed-rows', added, updated },
    transfer: [...buffersOf(added), ...buffersOf(updated)],
  };
}

/** The page's side of `toWire`. */
export function fromWire(message: WireFromWorker): FromWorker {
  if (message.type !== 'packed-rows') return message;
  return {
    ...message,
    type: 'rows',
    added: unpackRows(message.added),
    updated: unpackRows(message.updated),
  };
}
