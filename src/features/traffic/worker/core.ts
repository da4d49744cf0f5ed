/**
 * What the traffic worker does, without the worker globals (so it is
 * unit-tested directly): takes the page's messages, hands loads to
 * `CaptureLoads`, and answers filter/sort queries, single flows and HAR
 * exports from the store.
 */
import { contentDecode, loadBrotli } from '@shared/capture/contentDecode';
import { FilterSyntaxError, needsWholeFlows, usesBodies } from '@shared/capture/filter/parse';
import { DisplayFacts } from '../listColumns/displayFacts';
import { CaptureLoads, messageOf, type Post } from './loads';
import type { FromWorker, ToWorker } from './protocol';
import { TrafficStore } from './store';
import { PlatformFilterError, ServerMatches } from './serverMatches';
import { WholeFlows } from './wholeFlows';

/** While the platform or a local file's records are searched, the rows matched so far are shown at most this often. */
const PARTIAL_VIEW_MS = 200;

export type { Post };
export { ROWS_INTERVAL_MS, rowsInterval } from './loads';

export class TrafficWorkerCore {
  readonly store = new TrafficStore();
  private readonly loads: CaptureLoads;
  /** bodies and headers for rows listed from summaries */
  private readonly whole: WholeFlows;
  /** header, body and flag filters the platform evaluates (rows listed from summaries) */
  private readonly platform: ServerMatches;
  /** when the last view of a search's matches so far was posted */
  private partialAt = Number.NEGATIVE_INFINITY;
  private brotliLoaded = false;
  private brotliLoading: Promise<void> | null = null;
  private latestSeq = 0;
  private latestQuery: Extract<ToWorker, { type: 'query' }> | null = null;
  private queryScheduled = false;
  /** aborted when a newer query runs: a read of bodies only an older filter waited for stops */
  private queryAbort = new AbortController();
  /** the list's columns as a whole (one-value columns, time range), as rows pass */
  private display = new DisplayFacts();

  constructor(
    private readonly post: Post,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.whole = new WholeFlows(this.store, post);
    this.platform = new ServerMatches(this.store, post, this.whole);
    this.loads = new CaptureLoads(
      this.store,
      (message, transfer) => post(this.withColumnFacts(message), transfer),
      now,
      () => this.postViewWhenReady(),
      () => void this.brotli(),
    );
  }

  /**
   * Rows go to the page with what their columns hold as a whole, noted here
   * as each row passes (a few comparisons a row, in the worker).
   */
  private withColumnFacts(message: FromWorker): FromWorker {
    if (message.type !== 'rows') return message;
    // a fresh load (not a refresh merging into the rows shown) starts over
    if (message.reset) this.display = new DisplayFacts();
    const display = this.display;
    for (const row of message.added) display.note(row, true);
    for (const row of message.updated) display.note(row, false);
    return { ...message, columns: display.facts() };
  }

  private resetWhole() {
    this.whole.reset();
    this.platform.reset();
  }

  /**
   * The brotli decoder is big: it is loaded after the first capture has been
   * read (or at once when a body is needed), not while the first rows wait.
   */
  private brotli(): Promise<void> {
    this.brotliLoading ??= loadBrotli().then(
      () => {
        this.brotliLoaded = true;
      },
      () => undefined,
    );
    return this.brotliLoading;
  }

  handle(msg: ToWorker): void {
    switch (msg.type) {
      case 'stream-start':
        if (!msg.refresh) this.resetWhole();
        this.loads.startStream(msg.loadId, msg.refresh);
        break;
      case 'stream-chunk':
        this.loads.streamChunk(msg.loadId, new Uint8Array(msg.bytes));
        break;
      case 'stream-end':
        this.loads.endStream(msg.loadId, null);
        break;
      case 'stream-fail':
        this.loads.endStream(msg.loadId, msg.message);
        break;
      case 'stream-cancel':
        this.loads.cancelStream(msg.loadId);
        break;
      case 'load-file':
        this.resetWhole();
        void this.loads.loadFile(msg.loadId, msg.file, msg.name, (local) =>
          this.whole.useLocal(local),
        );
        break;
      case 'whole-start':
        this.whole.start(msg.loadId);
        break;
      case 'whole-chunk':
        this.whole.chunk(msg.loadId, new Uint8Array(msg.bytes));
        break;
      case 'whole-flows':
        this.whole.flows(msg.loadId, msg.flows);
        break;
      case 'whole-end':
        this.whole.end(msg.loadId, msg.failure);
        break;
      case 'matches-line':
        this.platform.line(msg);
        break;
      case 'matches-end':
        this.platform.end(msg);
        break;
      case 'query':
        this.latestSeq = msg.seq;
        this.latestQuery = msg;
        // coalesce keystrokes: only the newest query still waiting runs
        if (!this.queryScheduled) {
          this.queryScheduled = true;
          setTimeout(() => this.runQuery(), 0);
        }
        break;
      case 'details':
        void this.brotli().then(() => this.postDetails(msg.requestId, msg.index, msg.flow));
        break;
      case 'ping':
        this.post({ type: 'pong', requestId: msg.requestId });
        break;
      case 'flag-pattern':
        this.store.setFlagPattern(msg.pattern);
        // whether the page asks the platform about `~flag` may have changed with it
        this.platform.flagPatternChanged();
        break;
      case 'flags':
        // flags hide in bodies: brotli ones need the decoder loaded
        void this.flags().then(
          ({ flags, truncated }) =>
            this.post({
              type: 'flags',
              requestId: msg.requestId,
              flags,
              truncated,
              pattern: this.store.flagPattern.source,
            }),
          (e: unknown) =>
            this.post({ type: 'flags-error', requestId: msg.requestId, message: messageOf(e) }),
        );
        break;
      case 'site-map':
        this.post({ type: 'site-map', requestId: msg.requestId, hosts: this.store.siteTree() });
        break;
      case 'timeline':
        this.post({
          type: 'timeline',
          requestId: msg.requestId,
          timeline: this.store.timeline(msg.bins),
        });
        break;
      case 'export-har':
        // HAR stores decoded bodies: brotli ones need the decoder loaded
        void this.brotli().then(() => this.exportHar(msg.requestId, msg.indices));
        break;
    }
  }

  /**
   * The Flags panel's answer: over a local dump's records a slice at a
   * time, else over whole flows in the store (rows listed from summaries
   * wait for them). Flags hide in bodies: brotli ones need the decoder.
   */
  private async flags() {
    await this.brotli();
    if (this.store.summaryCount > 0) {
      const local = await this.whole.localFlags(this.store.flagPattern);
      if (local) return local;
      await this.whole.ensure(null);
    }
    return this.store.flags();
  }

  private async postDetails(requestId: number, index: number, flow: unknown) {
    if (flow !== undefined) {
      const problem = this.store.putOpened(index, flow);
      if (problem !== null) {
        this.post({ type: 'details-error', requestId, message: problem });
        return;
      }
    }
    let details = this.store.details(index);
    if (details && 'needs' in details && flow === undefined) {
      // a row of a local dump: its flow is read again from the file here
      let read: unknown;
      try {
        read = await this.whole.opened(details.needs);
      } catch (e) {
        this.post({
          type: 'details-error',
          requestId,
          message: `The flow could not be read from the file: ${messageOf(e)}`,
        });
        return;
      }
      if (read !== undefined) {
        const problem = this.store.putOpened(index, read);
        if (problem !== null) {
          this.post({ type: 'details-error', requestId, message: problem });
          return;
        }
        details = this.store.details(index);
      }
    }
    if (!details) this.post({ type: 'details-missing', requestId });
    else if ('needs' in details)
      this.post({ type: 'details-needs-flow', requestId, id: details.needs });
    else this.post({ type: 'details', requestId, ...details });
  }

  /** `partial`: the filter's answer is still coming (shown, not kept by the page) */
  private postView(filtered?: Uint8Array, partial = false) {
    const started = this.now();
    const { indices, total } = this.store.view(filtered);
    const workerMs = Math.round((this.now() - started) * 10) / 10;
    const filter = this.store.filter;
    this.post(
      {
        type: 'view',
        seq: this.latestSeq,
        indices,
        total,
        error: null,
        filter,
        workerMs,
        ...(partial ? { partial } : {}),
      },
      [indices.buffer],
    );
  }

  /**
   * Body filters decode bodies: the brotli decoder must be loaded first.
   * Over rows listed from summaries, body, header and flag filters are
   * answered by the platform (`traffic/matches`, the rows shown as they
   * come), or, without it, wait for the whole flows; over a local dump for
   * their matches read from its records. A failure is told as the filter's
   * error.
   */
  private async postViewWhenReady() {
    if (usesBodies(this.store.filterNode) && !this.brotliLoaded) await this.brotli();
    const node = this.store.filterNode;
    let filtered: Uint8Array | undefined;
    if (node && needsWholeFlows(node) && this.store.summaryCount > 0) {
      const seq = this.latestSeq;
      const signal = this.queryAbort.signal;
      const key = `${this.store.filter}\u0000${this.store.flagPattern.source}`;
      // the rows matched so far, shown while the platform or the file's records are searched
      const partial = (matches: () => Uint8Array) => {
        const now = this.now();
        if (seq !== this.latestSeq || now - this.partialAt < PARTIAL_VIEW_MS) return;
        this.partialAt = now;
        this.postView(matches(), true);
      };
      try {
        if (this.whole.isLocal)
          filtered = (await this.whole.localMatches(node, key, signal, partial)) ?? undefined;
        else {
          filtered =
            (await this.platform.matches(node, this.store.filter, key, signal, partial)) ??
            undefined;
          if (!filtered) await this.whole.ensure(null, signal);
        }
      } catch (e) {
        if (seq !== this.latestSeq) return;
        const error =
          e instanceof PlatformFilterError
            ? { message: e.message, position: e.position }
            : { message: `The bodies could not be read: ${messageOf(e)}`, position: 0 };
        this.post({
          type: 'view',
          seq,
          indices: null,
          total: this.store.rows.length,
          error,
          filter: this.store.filter,
          workerMs: 0,
        });
        return;
      }
      if (seq !== this.latestSeq) {
        this.platform.idle();
        return; // a newer query posts its own view
      }
    }
    this.postView(filtered);
    // the platform's search is over once its view is shown
    this.platform.idle();
  }

  private runQuery() {
    this.queryScheduled = false;
    const query = this.latestQuery;
    if (!query || query.seq !== this.latestSeq) return;
    this.queryAbort.abort(new Error('A newer filter was asked for.'));
    this.queryAbort = new AbortController();
    this.store.setRange(query.range);
    try {
      this.store.setFilter(query.filter);
    } catch (e) {
      if (e instanceof FilterSyntaxError) {
        this.post({
          type: 'view',
          seq: query.seq,
          indices: null,
          total: this.store.rows.length,
          error: { message: e.message, position: e.position },
          filter: this.store.filter,
          workerMs: 0,
        });
        return;
      }
      throw e;
    }
    this.store.setSort(query.sort);
    void this.postViewWhenReady();
  }

  /**
   * The flows at `indices` (null: all, in the store's order) as a HAR file,
   * written an entry at a time into a Blob. A local dump's flows are read
   * from its records a slice at a time and not kept; other flows are made
   * whole in the store first.
   */
  private async exportHar(requestId: number, indices: Int32Array | null) {
    try {
      // the HAR writer loads with the first export
      const { HarBlobBuilder } = await import('./harExport');
      const slots = indices ?? Int32Array.from(this.store.flows, (_, i) => i);
      const har = new HarBlobBuilder({ decodeContent: contentDecode }, slots.length);
      if (this.whole.isLocal) {
        const slotOf = new Int32Array(this.store.rows.length).fill(-1);
        slots.forEach((index, slot) => {
          if (index >= 0 && index < slotOf.length && slotOf[index] === -1) slotOf[index] = slot;
        });
        await this.whole.eachLocal(slots, (flow, index) => har.add(slotOf[index]!, flow));
      } else {
        await this.whole.ensure(indices);
        slots.forEach((index, slot) => {
          const flow = this.store.flows[index];
          if (flow) har.add(slot, flow);
        });
      }
      this.post({ type: 'har', requestId, blob: har.blob(), count: har.count });
    } catch (e) {
      this.post({ type: 'har-error', requestId, message: messageOf(e) });
    }
  }
}
