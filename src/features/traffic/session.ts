/**
 * The main-thread half of the traffic viewer: owns the worker, keeps the
 * light row summaries and the current view (an index list), owns what the
 * user asked to see (filter, sort, selected flow: `ViewState`), and exposes
 * all of it as an external store for `useSyncExternalStore`. The URL mirrors
 * the view state (`hooks/useViewStateInUrl.ts`); nothing else keeps a copy.
 */
import { ApiError, errorMessage } from '../../api/client';
import { MAX_FILTER_LENGTH } from '@shared/schemas/trafficFilter';
import type { Flow } from '@shared/schemas';
import type { DecodedBody } from '@shared/capture/decode';
import type { FlagMatch } from './flags/collect';
import type { ColumnFacts } from './listColumns/displayFacts';
import { DEFAULT_FLAG_PATTERN } from '@shared/capture/filter/flagPattern';
import type { SiteNode } from './sitemap/siteTree';
import { FilterWatchdog } from './filterWatchdog';
import { createTrafficWorker, WorkerChannel } from './sessionWorker';
import { clearMark, mark, measureSince } from './userTiming';
import type { FilterError, FromWorker, MatchesOutcome, ToWorker } from './worker/protocol';
import type { FlowRow, SortSpec, TimeRange } from './worker/rows';
import type { Timeline } from './timeline/bins';
import { ViewCache, type ViewQuery } from './viewCache';

export type CaptureState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'empty' }
  | { kind: 'error'; message: string }
  | { kind: 'ready' };

/** What the user asked to see. Its one owner is the session. */
export interface ViewState {
  /** the filter expression, as typed (the worker is asked at each keystroke) */
  filter: string;
  sort: SortSpec;
  /** the selected flow's id */
  selectedId: string | undefined;
  /** flows started in this time range only (the timeline's brush); null: all */
  range: TimeRange | null;
}

/**
 * Where whole flows come from when the list was read from summaries
 * (`?view=summary`): one flow by id, or the whole document streamed.
 */
export interface CaptureRemote {
  fetchFlow(id: string, signal?: AbortSignal): Promise<unknown>;
  readWhole(onChunk: (bytes: Uint8Array) => void, signal: AbortSignal): Promise<void>;
  /**
   * Which flows `filter` matches, evaluated by the platform (extension
   * `traffic/matches`), each batch handed on as it arrives. Rejects with an
   * `ApiError`: 404 without the extension, 422 for an expression it cannot
   * parse.
   */
  fetchMatches(
    filter: string,
    signal: AbortSignal,
    onBatch: (batch: { ids: string[]; dropped: string[]; scanned: number }) => void,
  ): Promise<void>;
}

/** Reading the whole flows a filter, the Flags panel or an export needs (rows from summaries). */
export type WholeFlowsState =
  | { state: 'idle' }
  | {
      state: 'loading';
      flows: { done: number; total: number } | null;
      bytes: number;
      /** the platform searches the bodies and headers (`traffic/matches`) */
      where?: 'platform';
    }
  | { state: 'error'; message: string };

/** flows fetched at once when a few are needed whole */
const FLOW_FETCHES_AT_ONCE = 4;
/** answers to this many latest queries are kept for the view cache (older ones are dropped) */
const SEQ_QUERIES_KEPT = 16;
/** the progress of a streamed whole document is told at most this often */
const PROGRESS_EVERY_MS = 250;
/** the filter error of a filter the user stopped */
export const STOPPED_FILTER_MESSAGE =
  'This filter was stopped: it held the reader for seconds without an answer. Its pattern may backtrack without end (like (a+)+b); change it to try again.';

export const DEFAULT_SORT: SortSpec = { key: 'time', descending: false };

export function sameRange(a: TimeRange | null, b: TimeRange | null): boolean {
  return a === b || (a !== null && b !== null && a.from === b.from && a.to === b.to);
}

export interface TrafficSnapshot extends ViewState {
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
  /** the filter `view` answers (the one typed may be pending, or a syntax error) */
  viewFilter: string;
  /** bumps whenever rows change (appended or updated) */
  rowsVersion: number;
  /**
   * Flows from this index on came by live refresh, after the capture was
   * first read whole (Infinity while it is read: those flows are not new).
   */
  liveFrom: number;
  /** the list's columns as a whole (one-value columns, time range), from the worker */
  columnFacts: ColumnFacts | null;
  /** whole flows being read for rows listed from summaries */
  wholeFlows: WholeFlowsState;
  /**
   * The filter has held the worker for seconds (it answers nothing, not even
   * whether it is alive): the user may stop it (`stopFilter`).
   */
  filterStuck: boolean;
  /**
   * Bumps when a stopped filter's worker was replaced: the capture it had
   * read is gone and is read again (a file by the session; a served capture
   * by whoever loaded it, watching this).
   */
  workerRestarts: number;
}

export interface FlowDetails {
  flow: Flow;
  request: DecodedBody;
  response: DecodedBody | null;
}

export class TrafficSession {
  private readonly worker: WorkerChannel;
  private snapshot: TrafficSnapshot = {
    capture: { kind: 'idle' },
    rows: [],
    view: null,
    total: 0,
    loadingMore: false,
    truncated: false,
    warnings: [],
    filterError: null,
    viewFilter: '',
    rowsVersion: 0,
    liveFrom: Number.POSITIVE_INFINITY,
    columnFacts: null,
    wholeFlows: { state: 'idle' },
    filterStuck: false,
    workerRestarts: 0,
    filter: '',
    sort: DEFAULT_SORT,
    selectedId: undefined,
    range: null,
  };
  private rows: FlowRow[] = [];
  private readonly listeners = new Set<() => void>();
  /** the last id looked up and where it was (a selected flow is looked up once per update) */
  private lastLookup: { id: string; index: number } | null = null;
  /** streamed loads waiting for the worker's last message */
  private readonly loadWaiters = new Map<number, (result: { cursor: string | null }) => void>();
  private loadId = 0;
  private seq = 0;
  /** what the worker was last asked to show (a new worker knows nothing) */
  private lastQuery: ViewQuery | null = null;
  /** the queries of the latest `seq`s, whose answers the view cache keeps */
  private readonly seqQueries = new Map<number, ViewQuery>();
  /** the worker's latest answers: a query asked again shows at once */
  private readonly views = new ViewCache();
  /**
   * Bumps when rows are added, changed or dropped (a Live refresh that
   * brought nothing keeps it): the views kept are answers over these rows.
   */
  private rowsChange = 0;
  /** a load that is not a live refresh is being read (its flows are not new) */
  private firstLoad = false;
  /** the competition's flag pattern (valid: see `chooseFlagPattern`) */
  private flagPattern = DEFAULT_FLAG_PATTERN;
  /** the flag pattern is the one the platform's `/settings` sends (its `~flag` means the same) */
  private flagPatternFromPlatform = false;
  /** the platform evaluating a filter for the worker (`need-matches`) */
  private matchesAsk: { askId: number; controller: AbortController } | null = null;
  private remote: CaptureRemote | null = null;
  /** the whole flows being read (stopped when the capture is loaded anew) */
  private wholeLoad: { loadId: number; controller: AbortController } | null = null;
  private wholeLoadId = 0;
  /** whole flows being fetched for opened rows, by id (two panels asking share one fetch) */
  private readonly openingFlows = new Map<string, Promise<unknown>>();
  /** tells a worker held by the filter (`filterStuck`) from a busy one while a query is unanswered */
  private readonly watchdog = new FilterWatchdog({
    ping: () => this.worker.ask({ type: 'ping' }),
    running: () => this.worker.started,
    mayCallHeld: () => this.snapshot.capture.kind === 'ready' && !this.snapshot.loadingMore,
    onHeldChange: (held) => this.update({ filterStuck: held }),
  });
  /** the filter the user stopped (not run again until it changes) */
  private stoppedFilter: string | null = null;
  /** the file read last (read again by a new worker) */
  private lastFile: { file: Blob; name: string } | null = null;

  constructor(initial: Partial<ViewState> = {}, makeWorker: () => Worker = createTrafficWorker) {
    this.snapshot = { ...this.snapshot, ...initial };
    this.worker = new WorkerChannel(makeWorker, {
      onMessage: (message) => this.receive(message),
      onCrash: (message) =>
        this.update({
          capture: { kind: 'error', message: `The capture reader crashed: ${message}` },
        }),
      onStart: () => {
        // a new worker knows nothing: it learns what to show before any capture
        this.lastQuery = null;
        this.views.clear();
        if (this.flagPattern !== DEFAULT_FLAG_PATTERN)
          this.send({ type: 'flag-pattern', pattern: this.flagPattern });
        this.sendQuery();
      },
    });
  }

  /** Where whole flows come from for rows listed from summaries (null: nowhere). */
  setRemote(remote: CaptureRemote | null) {
    this.remote = remote;
  }

  /** Starts the worker now, so its script loads while the capture is fetched. */
  warmUp() {
    this.worker.start();
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
    this.worker.send(message, transfer);
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
    if (!merge) this.startFirstLoad();
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

  /** The worker reads the file itself (a Blob is sent, not its bytes): a dump in slices. */
  loadFile(file: Blob, name: string) {
    this.lastFile = { file, name };
    const loadId = ++this.loadId;
    this.startFirstLoad({ warnings: [] });
    this.send({ type: 'load-file', loadId, file, name });
  }

  /** Shows "loading" while the bytes are on their way (older loads are ignored). */
  markLoading() {
    this.lastFile = null;
    ++this.loadId;
    this.startFirstLoad();
  }

  private startFirstLoad(patch: Partial<TrafficSnapshot> = {}) {
    this.firstLoad = true;
    this.views.clear();
    this.stopWholeFlows();
    this.update({ capture: { kind: 'loading' }, liveFrom: Number.POSITIVE_INFINITY, ...patch });
  }

  failLoad(message: string) {
    ++this.loadId;
    this.update({ capture: { kind: 'error', message } });
  }

  /** The filter as typed: the worker is asked at once (the URL follows later). */
  setFilter(filter: string) {
    if (filter === this.snapshot.filter) return;
    this.update({ filter });
    this.sendQuery();
  }

  setSort(sort: SortSpec) {
    const now = this.snapshot.sort;
    if (now.key === sort.key && now.descending === sort.descending) return;
    this.update({ sort });
    this.sendQuery();
  }

  /** The timeline's brush: only flows started in `range` (null: all). */
  setRange(wanted: TimeRange | null) {
    // to the millisecond, as the URL keeps it
    const ms = (t: number) => Math.round(t * 1000) / 1000;
    const range = wanted && { from: ms(wanted.from), to: ms(wanted.to) };
    if (sameRange(range, this.snapshot.range)) return;
    this.update({ range });
    this.sendQuery();
  }

  select(selectedId: string | undefined) {
    if (selectedId === this.snapshot.selectedId) return;
    this.update({ selectedId });
  }

  /** The whole view state at once (a URL the user went back or forward to). */
  setViewState(state: ViewState) {
    const now = this.snapshot;
    if (
      now.filter === state.filter &&
      now.sort.key === state.sort.key &&
      now.sort.descending === state.sort.descending &&
      now.selectedId === state.selectedId &&
      sameRange(now.range, state.range)
    )
      return;
    this.update({
      filter: state.filter,
      sort: state.sort,
      selectedId: state.selectedId,
      range: state.range,
    });
    this.sendQuery();
  }

  /**
   * The competition's flag pattern (already checked): `~flag` and the Flags
   * panel use it; a filter with `~flag` is asked again. `fromPlatform`: it
   * is the one the platform's `/settings` sends, which the platform uses
   * when it evaluates `~flag` itself (else such a filter reads whole flows).
   */
  setFlagPattern(pattern: string, fromPlatform = false) {
    if (pattern === this.flagPattern && fromPlatform === this.flagPatternFromPlatform) return;
    this.flagPatternFromPlatform = fromPlatform;
    this.flagPattern = pattern;
    this.views.clear(); // `~flag` means something else now
    if (!this.worker.started) return; // sent when the worker starts
    this.send({ type: 'flag-pattern', pattern });
    this.lastQuery = null;
    this.sendQuery();
  }

  /** Each distinct flag in the capture, with the flows it appears in (found by the worker). */
  flags(): Promise<{ flags: FlagMatch[]; truncated: boolean; pattern: string }> {
    return this.worker.ask({ type: 'flags' }).then((msg) => {
      if (msg.type === 'flags')
        return { flags: msg.flags, truncated: msg.truncated, pattern: msg.pattern };
      if (msg.type === 'flags-error') throw new Error(msg.message);
      throw new Error('The capture reader did not answer with flags');
    });
  }

  /** The site map: hosts and path segments with counts and status mixes (built by the worker). */
  siteMap(): Promise<SiteNode[]> {
    return this.worker.ask({ type: 'site-map' }).then((msg) => {
      if (msg.type === 'site-map') return msg.hosts;
      throw new Error('The capture reader did not answer with a site map');
    });
  }

  /** Requests over time in about `bins` bins, by status class (binned by the worker). */
  timeline(bins: number): Promise<Timeline | null> {
    return this.worker.ask({ type: 'timeline', bins }).then((msg) => {
      if (msg.type === 'timeline') return msg.timeline;
      throw new Error('The capture reader did not answer with a timeline');
    });
  }

  /** Asks the worker for the view of the current filter and sort, unless it was the last asked. */
  private sendQuery() {
    if (!this.worker.started) return; // asked when the worker starts
    const { sort, range } = this.snapshot;
    // a filter the user stopped is not run again: the list shows every flow meanwhile
    const filter = this.snapshot.filter === this.stoppedFilter ? '' : this.snapshot.filter;
    const last = this.lastQuery;
    if (
      last &&
      last.filter === filter &&
      last.sort.key === sort.key &&
      last.sort.descending === sort.descending &&
      sameRange(last.range, range)
    )
      return;
    this.lastQuery = { filter, sort, range };
    const seq = ++this.seq;
    this.seqQueries.set(seq, this.lastQuery);
    this.seqQueries.delete(seq - SEQ_QUERIES_KEPT);
    clearMark(`traffic-query-${seq - 1}`); // a query not answered yet is stale now
    mark(`traffic-query-${seq}`);
    this.send({ type: 'query', seq, filter, sort, range });
    this.watchdog.start();
    // answered lately over these very rows: shown now, the worker's answer replaces it
    const known = this.views.get(this.lastQuery, this.rowsChange);
    if (known)
      this.update({
        view: known.view,
        total: known.total,
        filterError: this.stoppedError(),
        viewFilter: filter,
      });
  }

  /** The filter error to show with an answer: the stopped filter's, else none. */
  private stoppedError(): FilterError | null {
    return this.stoppedFilter !== null && this.snapshot.filter === this.stoppedFilter
      ? { message: STOPPED_FILTER_MESSAGE, position: 0 }
      : null;
  }

  /**
   * Stops a filter that holds the worker (`filterStuck`): the worker is
   * replaced, the filter stays in the box with an error and is not run
   * again until it changes, and the capture is read again (a file here; a
   * served capture by its loader, which watches `workerRestarts`).
   */
  stopFilter() {
    if (!this.snapshot.filterStuck) return;
    this.stoppedFilter = this.snapshot.filter;
    this.stopWholeFlows();
    this.cancelMatches();
    this.worker.terminate();
    for (const waiter of this.loadWaiters.values()) waiter({ cursor: null });
    this.loadWaiters.clear();
    this.watchdog.stop();
    this.rows = [];
    this.update({
      filterError: this.stoppedError(),
      rows: this.rows,
      view: null,
      total: 0,
      workerRestarts: this.snapshot.workerRestarts + 1,
    });
    const file = this.lastFile;
    if (file) this.loadFile(file.file, file.name);
    else this.markLoading();
  }

  /**
   * The flow at `index`, decoded (null: no longer in the capture). A row
   * listed from a summary has its whole flow fetched (the worker keeps the
   * ones opened lately); rejects when that fails.
   */
  async details(index: number): Promise<FlowDetails | null> {
    let msg = await this.worker.ask({ type: 'details', index });
    if (msg.type === 'details-needs-flow') {
      const flow = await this.fetchOpenedFlow(msg.id);
      msg = await this.worker.ask({ type: 'details', index, flow });
    }
    if (msg.type === 'details-error') throw new Error(msg.message);
    return msg.type === 'details'
      ? { flow: msg.flow, request: msg.request, response: msg.response }
      : null;
  }

  private fetchOpenedFlow(id: string): Promise<unknown> {
    const remote = this.remote;
    if (!remote) return Promise.reject(new Error('This flow can only be read from the platform.'));
    let pending = this.openingFlows.get(id);
    if (!pending) {
      pending = remote.fetchFlow(id).finally(() => this.openingFlows.delete(id));
      this.openingFlows.set(id, pending);
    }
    return pending;
  }

  /**
   * Reads the whole flows the worker asked for (`need-whole`): a few one by
   * one, else the whole document, streamed to the worker with the progress
   * in `wholeFlows`.
   */
  private async readWholeFlows(ids: string[] | null) {
    this.stopWholeFlows();
    const loadId = ++this.wholeLoadId;
    const controller = new AbortController();
    const { signal } = controller;
    this.wholeLoad = { loadId, controller };
    const remote = this.remote;
    const current = () => this.wholeLoad?.loadId === loadId;
    this.send({ type: 'whole-start', loadId });
    let failure: string | null = null;
    try {
      if (!remote) throw new Error('The bodies can only be read from the platform.');
      if (ids) {
        const total = ids.length;
        let done = 0;
        this.update({ wholeFlows: { state: 'loading', flows: { done, total }, bytes: 0 } });
        for (let from = 0; from < total && !signal.aborted; from += FLOW_FETCHES_AT_ONCE) {
          const batch = ids.slice(from, from + FLOW_FETCHES_AT_ONCE);
          const flows = await Promise.all(batch.map((id) => remote.fetchFlow(id, signal)));
          if (!current()) return;
          this.send({ type: 'whole-flows', loadId, flows });
          done += flows.length;
          this.update({ wholeFlows: { state: 'loading', flows: { done, total }, bytes: 0 } });
        }
      } else {
        let bytes = 0;
        let toldAt = 0;
        this.update({ wholeFlows: { state: 'loading', flows: null, bytes } });
        await remote.readWhole((chunk) => {
          if (!current()) return;
          bytes += chunk.byteLength;
          const own =
            chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength
              ? chunk
              : chunk.slice();
          this.send({ type: 'whole-chunk', loadId, bytes: own.buffer as ArrayBuffer }, [
            own.buffer as ArrayBuffer,
          ]);
          const now = Date.now();
          if (now - toldAt >= PROGRESS_EVERY_MS) {
            toldAt = now;
            this.update({ wholeFlows: { state: 'loading', flows: null, bytes } });
          }
        }, signal);
      }
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
    }
    if (!current()) return;
    this.wholeLoad = null;
    this.send({ type: 'whole-end', loadId, failure });
    this.update({
      wholeFlows: failure === null ? { state: 'idle' } : { state: 'error', message: failure },
    });
  }

  /**
   * Asks the platform which flows a filter matches (`need-matches`) and
   * hands its answer to the worker as it arrives; an older ask stops.
   */
  private async askMatches({
    askId,
    filter,
    usesFlag,
  }: Extract<FromWorker, { type: 'need-matches' }>) {
    this.cancelMatches();
    const remote = this.remote;
    const end = (outcome: MatchesOutcome) => this.send({ type: 'matches-end', askId, outcome });
    if (
      !remote ||
      filter.length > MAX_FILTER_LENGTH ||
      (usesFlag && !this.flagPatternFromPlatform)
    ) {
      end({ kind: 'not-asked' });
      return;
    }
    const controller = new AbortController();
    this.matchesAsk = { askId, controller };
    const current = () => this.matchesAsk?.askId === askId;
    let outcome: MatchesOutcome;
    try {
      await remote.fetchMatches(filter, controller.signal, (batch) => {
        if (current()) this.send({ type: 'matches-line', askId, ...batch });
      });
      outcome = { kind: 'done' };
    } catch (e) {
      const status = e instanceof ApiError ? e.status : undefined;
      if (status === 404) outcome = { kind: 'unsupported' };
      else if (status === 422) outcome = { kind: 'invalid', message: errorMessage(e) };
      else outcome = { kind: 'failed', message: errorMessage(e) };
    }
    if (!current()) return; // the worker moved on
    this.matchesAsk = null;
    end(outcome);
  }

  private cancelMatches(askId?: number) {
    const ask = this.matchesAsk;
    if (!ask || (askId !== undefined && ask.askId !== askId)) return;
    this.matchesAsk = null;
    ask.controller.abort();
  }

  private stopWholeFlows() {
    const load = this.wholeLoad;
    if (!load) return;
    this.wholeLoad = null;
    load.controller.abort();
    this.send({ type: 'whole-end', loadId: load.loadId, failure: 'The capture was loaded again.' });
    if (this.snapshot.wholeFlows.state !== 'idle') this.update({ wholeFlows: { state: 'idle' } });
  }

  /** After a failure to read whole flows: the current filter is asked for again. */
  retryWholeFlows = () => {
    this.update({ wholeFlows: { state: 'idle' } });
    this.lastQuery = null;
    this.sendQuery();
  };

  exportHar(indices: Int32Array | null): Promise<{ blob: Blob; count: number }> {
    return this.worker
      .ask({ type: 'export-har', indices: indices ? indices.slice() : null })
      .then((msg) => {
        if (msg.type === 'har') return { blob: msg.blob, count: msg.count };
        throw new Error(msg.type === 'har-error' ? msg.message : 'HAR export failed');
      });
  }

  private receive(msg: Exclude<FromWorker, { requestId: number }>) {
    switch (msg.type) {
      case 'need-whole':
        void this.readWholeFlows(msg.ids);
        return;
      case 'need-matches':
        void this.askMatches(msg);
        return;
      case 'cancel-matches':
        this.cancelMatches(msg.askId);
        return;
      case 'whole-read':
        this.update({ wholeFlows: msg.state });
        return;
      case 'empty':
        this.settleLoad(msg.loadId, null);
        if (msg.loadId !== this.loadId) return;
        this.rowsChange++;
        this.rows = [];
        this.update({
          capture: { kind: 'empty' },
          rows: this.rows,
          view: new Int32Array(0),
          total: 0,
          rowsVersion: this.snapshot.rowsVersion + 1,
          columnFacts: null,
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
        if (msg.reset || msg.added.length > 0 || msg.updated.length > 0) this.rowsChange++;
        const rows = this.rows;
        for (const row of msg.added) rows[row.index] = row;
        for (const row of msg.updated) rows[row.index] = row;
        if (msg.reset) mark('traffic: first rows');
        if (msg.done && this.snapshot.loadingMore) mark('traffic: all rows');
        const firstLoadDone = msg.done && this.firstLoad;
        if (firstLoadDone) this.firstLoad = false;
        this.update({
          ...(firstLoadDone ? { liveFrom: rows.length } : {}),
          capture: { kind: 'ready' },
          rows: this.rows,
          loadingMore: !msg.done,
          truncated: msg.truncated,
          warnings: msg.warnings,
          rowsVersion: this.snapshot.rowsVersion + 1,
          columnFacts: msg.columns ?? this.snapshot.columnFacts,
        });
        return;
      }
      case 'view': {
        // any whole answer is kept: over the rows the page has now (the worker
        // posts rows before a view that counts them); after a syntax error it
        // answers the last valid filter, not this query
        const query = this.seqQueries.get(msg.seq);
        if (msg.indices && !msg.error && !msg.partial && query?.filter === msg.filter)
          this.views.put(query, this.rowsChange, msg.indices, msg.total);
        if (msg.seq !== this.seq) return; // a stale filter run
        if (!msg.partial) this.watchdog.answered();
        measureSince('traffic: query → view', `traffic-query-${msg.seq}`, {
          workerMs: msg.workerMs,
        });
        if (msg.error) this.update({ filterError: msg.error });
        else if (msg.indices)
          this.update({
            view: msg.indices,
            total: msg.total,
            filterError: this.stoppedError(),
            viewFilter: msg.filter,
          });
        return;
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
    this.watchdog.stop();
    this.stopWholeFlows();
    this.cancelMatches();
    this.worker.terminate();
    this.lastQuery = null;
    for (const waiter of this.loadWaiters.values()) waiter({ cursor: null });
    this.loadWaiters.clear();
  }
}
