/**
 * The main-thread half of the traffic viewer: owns the worker, keeps the
 * light row summaries and the current view (an index list), and exposes
 * them as an external store for `useSyncExternalStore`.
 */
import { ApiError } from '../../api/client';
import type { Flow } from '../../api/schemas';
import type { DecodedBody } from './body/decode';
import type { FilterError, FromWorker, ToWorker } from './worker/protocol';
import type { FlowRow, SortSpec } from './worker/rows';

export type CaptureState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'empty' }
  | { kind: 'error'; message: string }
  | { kind: 'ready' };

export interface TrafficSnapshot {
  capture: CaptureState;
  /** all rows by flow index (one array, changed in place: watch `rowsVersion`) */
  rows: readonly FlowRow[];
  /** flow indices shown, in order (null before the first answer) */
  view: Int32Array | null;
  total: number;
  /** true while the worker is still validating later chunks */
  loadingMore: boolean;
  truncated: boolean;
  warnings: string[];
  filterError: FilterError | null;
  /** the filter `view` shows (the last one typed may be pending, or a syntax error) */
  filter: string;
  /** bumps whenever rows change (appended or updated) */
  rowsVersion: number;
}

export interface FlowDetails {
  flow: Flow;
  request: DecodedBody;
  response: DecodedBody | null;
}

type Pending = { resolve: (value: FromWorker) => void };

/** User Timing marks (DevTools' Performance panel and the benchmarks read them). */
function mark(name: string) {
  if (typeof performance.mark === 'function') performance.mark(name);
}
function clearMark(name: string) {
  if (typeof performance.clearMarks === 'function') performance.clearMarks(name);
}
function measureSince(label: string, markName: string, detail: unknown) {
  if (typeof performance.measure !== 'function') return;
  if (performance.getEntriesByName(markName, 'mark').length === 0) return;
  performance.measure(label, { start: markName, detail });
  clearMark(markName);
}

function newTrafficWorker(): Worker {
  return new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module' });
}

let spareWorker: Worker | null = null;

/**
 * Starts a worker before the page that needs it renders (from the route's
 * loader), so its script is loaded and evaluated while the page still waits
 * for its data: the first rows of a capture then do not wait for it.
 */
export function prestartTrafficWorker(): void {
  if (typeof Worker === 'undefined' || spareWorker) return;
  spareWorker = newTrafficWorker();
}

export function createTrafficWorker(): Worker {
  const spare = spareWorker;
  spareWorker = null;
  return spare ?? newTrafficWorker();
}

export class TrafficSession {
  private worker: Worker | null = null;
  private readonly makeWorker: () => Worker;
  private snapshot: TrafficSnapshot = {
    capture: { kind: 'idle' },
    rows: [],
    view: null,
    total: 0,
    loadingMore: false,
    truncated: false,
    warnings: [],
    filterError: null,
    filter: '',
    rowsVersion: 0,
  };
  private rows: FlowRow[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly pending = new Map<number, Pending>();
  /** the last id looked up and where it was (a selected flow is looked up once per update) */
  private lastLookup: { id: string; index: number } | null = null;
  /** streamed loads waiting for the worker's last message */
  private readonly loadWaiters = new Map<number, (result: { cursor: string | null }) => void>();
  private loadId = 0;
  private seq = 0;
  /** what the worker was last asked to show (a new worker knows nothing) */
  private lastQuery: { filter: string; sort: SortSpec } | null = null;
  private requestId = 0;

  constructor(makeWorker: () => Worker = createTrafficWorker) {
    this.makeWorker = makeWorker;
  }

  /** Starts the worker now, so its script loads while the capture is fetched. */
  warmUp() {
    this.ensureWorker();
  }

  /** The worker is created on first use, and again after `dispose()` (React StrictMode remounts). */
  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.makeWorker();
    worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      this.update({
        capture: {
          kind: 'error',
          message: `The capture reader crashed: ${e.message || 'unknown error'}`,
        },
      });
    };
    this.worker = worker;
    return worker;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  private update(patch: Partial<TrafficSnapshot>) {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  private send(message: ToWorker, transfer: Transferable[] = []) {
    this.ensureWorker().postMessage(message, transfer);
  }

  /** Where the flow `id` is (ids are not indexed: a big capture streams in faster without). */
  indexOf(id: string): number | undefined {
    const last = this.lastLookup;
    if (last && last.id === id && this.rows[last.index]?.id === id) return last.index;
    const rows = this.rows;
    for (let i = 0; i < rows.length; i++) {
      if (rows[i]?.id === id) {
        this.lastLookup = { id, index: i };
        return i;
      }
    }
    return undefined;
  }

  /**
   * Streams the body of `GET /instances/{id}/traffic` into the worker (or,
   * with `refresh`, merges it into what is shown). Resolves once the worker
   * has read all of it, with the server's cursor for the next refresh.
   * `read` hands each chunk on as it arrives and rejects if the connection
   * is cut; the rows read until then stay.
   */
  async loadStream(
    read: (onChunk: (bytes: Uint8Array) => void) => Promise<void>,
    refresh: boolean,
  ): Promise<{ cursor: string | null }> {
    const loadId = ++this.loadId;
    const merge = refresh && this.snapshot.capture.kind === 'ready';
    if (!merge) this.update({ capture: { kind: 'loading' } });
    const done = new Promise<{ cursor: string | null }>((resolve) =>
      this.loadWaiters.set(loadId, resolve),
    );
    this.send({ type: 'stream-start', loadId, refresh: merge });
    try {
      let first = true;
      await read((bytes) => {
        if (loadId !== this.loadId) return;
        if (first && !merge) mark('traffic: first bytes');
        first = false;
        // transfer the bytes (copy a view of a bigger buffer first)
        const own =
          bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
            ? bytes
            : bytes.slice();
        this.send({ type: 'stream-chunk', loadId, bytes: own.buffer as ArrayBuffer }, [
          own.buffer as ArrayBuffer,
        ]);
      });
    } catch (e) {
      const cancelled = e instanceof ApiError && e.kind === 'aborted';
      if (loadId === this.loadId && !cancelled) {
        this.send({
          type: 'stream-fail',
          loadId,
          message: e instanceof Error ? e.message : String(e),
        });
      } else {
        this.send({ type: 'stream-cancel', loadId });
        this.loadWaiters.delete(loadId);
      }
      throw e;
    }
    if (loadId !== this.loadId) {
      this.loadWaiters.delete(loadId);
      return { cursor: null };
    }
    this.send({ type: 'stream-end', loadId });
    return done;
  }

  loadFile(buffer: ArrayBuffer, name: string) {
    const loadId = ++this.loadId;
    this.update({ capture: { kind: 'loading' }, warnings: [] });
    this.send({ type: 'load-file', loadId, buffer, name }, [buffer]);
  }

  /** Shows "loading" while the bytes are on their way (older loads are ignored). */
  markLoading() {
    ++this.loadId;
    this.update({ capture: { kind: 'loading' } });
  }

  failLoad(message: string) {
    ++this.loadId;
    this.update({ capture: { kind: 'error', message } });
  }

  /** Asks for the view of `filter` and `sort`; asking again for the last ones does nothing. */
  query(filter: string, sort: SortSpec) {
    const last = this.lastQuery;
    if (
      last &&
      last.filter === filter &&
      last.sort.key === sort.key &&
      last.sort.descending === sort.descending
    )
      return;
    this.lastQuery = { filter, sort };
    const seq = ++this.seq;
    clearMark(`traffic-query-${seq - 1}`); // a query not answered yet is stale now
    mark(`traffic-query-${seq}`);
    this.send({ type: 'query', seq, filter, sort });
  }

  details(index: number): Promise<FlowDetails | null> {
    const requestId = ++this.requestId;
    return new Promise<FromWorker>((resolve) => {
      this.pending.set(requestId, { resolve });
      this.send({ type: 'details', requestId, index });
    }).then((msg) =>
      msg.type === 'details'
        ? { flow: msg.flow, request: msg.request, response: msg.response }
        : null,
    );
  }

  exportHar(indices: Int32Array | null): Promise<{ text: string; count: number }> {
    const requestId = ++this.requestId;
    return new Promise<FromWorker>((resolve) => {
      this.pending.set(requestId, { resolve });
      this.send({ type: 'export-har', requestId, indices: indices ? indices.slice() : null });
    }).then((msg) => {
      if (msg.type === 'har') return { text: msg.text, count: msg.count };
      throw new Error(msg.type === 'har-error' ? msg.message : 'HAR export failed');
    });
  }

  private receive(msg: FromWorker) {
    switch (msg.type) {
      case 'empty':
        this.settleLoad(msg.loadId, null);
        if (msg.loadId !== this.loadId) return;
        this.rows = [];
        this.update({
          capture: { kind: 'empty' },
          rows: this.rows,
          view: new Int32Array(0),
          total: 0,
          rowsVersion: this.snapshot.rowsVersion + 1,
        });
        return;
      case 'load-error':
        this.settleLoad(msg.loadId, null);
        if (msg.loadId !== this.loadId) return;
        this.update({ capture: { kind: 'error', message: msg.message } });
        return;
      case 'rows': {
        if (msg.done) this.settleLoad(msg.loadId, msg.cursor);
        if (msg.loadId !== this.loadId) return;
        // the rows array is changed in place (copying 100,000 entries per
        // update cost more than all the rest); `rowsVersion` tells React
        if (msg.reset) this.rows = [];
        const rows = this.rows;
        for (const row of msg.added) rows[row.index] = row;
        for (const row of msg.updated) rows[row.index] = row;
        if (msg.reset) mark('traffic: first rows');
        if (msg.done && this.snapshot.loadingMore) mark('traffic: all rows');
        this.update({
          capture: { kind: 'ready' },
          rows: this.rows,
          loadingMore: !msg.done,
          truncated: msg.truncated,
          warnings: msg.warnings,
          rowsVersion: this.snapshot.rowsVersion + 1,
        });
        return;
      }
      case 'view':
        if (msg.seq !== this.seq) return; // a stale filter run
        measureSince('traffic: query → view', `traffic-query-${msg.seq}`, {
          workerMs: msg.workerMs,
        });
        if (msg.error) this.update({ filterError: msg.error });
        else if (msg.indices)
          this.update({
            view: msg.indices,
            total: msg.total,
            filterError: null,
            filter: msg.filter,
          });
        return;
      default: {
        const pending = this.pending.get(msg.requestId);
        if (!pending) return;
        this.pending.delete(msg.requestId);
        pending.resolve(msg);
      }
    }
  }

  private settleLoad(loadId: number, cursor: string | null) {
    const waiter = this.loadWaiters.get(loadId);
    if (!waiter) return;
    this.loadWaiters.delete(loadId);
    waiter({ cursor });
  }

  /** Stops the worker (its flows are gone); listeners stay, a later load starts a new one. */
  dispose() {
    this.worker?.terminate();
    this.worker = null;
    this.lastQuery = null;
    this.pending.clear();
    for (const waiter of this.loadWaiters.values()) waiter({ cursor: null });
    this.loadWaiters.clear();
  }
}
