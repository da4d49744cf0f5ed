/**
 * Bodies and headers for rows listed from summaries (`?view=summary`): the
 * one place that decides how what needs them gets them. A body or header
 * filter, the Flags panel and the HAR export wait here; the page is asked
 * (`need-whole`) for the few flows missing one by one, or for the whole
 * document once, and streams them back, which replace their summaries in
 * the store. Which filters need them: `needsWholeFlows` (shared filter
 * language). A dump opened as a local file is its own source
 * (`LocalDumpFlows`), read by the worker itself, telling the page how far
 * it is (`whole-read`): HAR reads the records of the flows it needs into
 * the store (one read at a time, shared); a body, header or flag filter is
 * evaluated over the records a slice at a time (`localMatches`,
 * `matchBatch`) and so is the Flags panel (`localFlags`): only their
 * answers are kept, the bodies stay in the file, and a newer filter stops
 * such a scan. Over a served capture, a body, header or flag filter is
 * first asked of the platform (`traffic/matches`,
 * `worker/serverMatches.ts`); it waits here only where the platform has no
 * such route, or for the few flows added since the platform answered.
 */
import { TrafficDocumentStream } from './documentStream';
import { matchBatch, prepareFilter } from '@shared/capture/filter/batch';
import type { RecordPrefilter } from '@shared/capture/filter/prefilter';
import { FlowColumnStore } from '@shared/capture/filter/columnStore';
import type { Flow } from '@shared/schemas';
import { FlagCollector, type FlagMatch } from '../flags/collect';
import type { FilterNode } from '@shared/capture/filter/parse';
import { FileChangedError } from './fileChanged';
import type { LocalDumpFlows } from './fileStream';
import { messageOf, type Post } from './loads';
import type { FromWorker } from './protocol';
import { validateFlow, type TrafficStore } from './store';

/** Up to this many missing flows are fetched one by one; more: the whole document. */
export const WHOLE_BY_ID_LIMIT = 100;
/** rounds of asking (flows that change while they are read are asked for again) */
const ROUNDS = 3;

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
}

/** A read of whole flows from the opened file, shared by all who wait for it. */
interface LocalRead {
  done: Promise<void>;
  controller: AbortController;
  /** waiters still waiting; a read nobody waits for any more stops */
  waiting: number;
}

export class WholeFlows {
  private waiters: Waiter[] = [];
  /** a `need-whole` is out and not answered yet */
  private asked = false;
  private load: { loadId: number; reader: TrafficDocumentStream | null } | null = null;
  /** the dump opened as a local file (null: flows come from the page) */
  private local: LocalDumpFlows | null = null;
  private localRead: LocalRead | null = null;
  /** the matches of the last filter evaluated over the local dump's records, for the first `count` flows */
  private matchCache: { key: string; version: number; count: number; matches: Uint8Array } | null =
    null;
  /** the Flags panel's answer over the local dump's records, for the first `count` flows */
  private flagCache: {
    key: string;
    version: number;
    count: number;
    collector: FlagCollector;
  } | null = null;
  /** bumps with each scan of the records (an older one stopping says nothing) */
  private scans = 0;

  constructor(
    private readonly store: TrafficStore,
    private readonly post: Post,
  ) {}

  /** Whole flows come from this opened dump from now on (until `reset`). */
  useLocal(local: LocalDumpFlows) {
    this.reset();
    this.local = local;
  }

  /**
   * The whole flow `id` when it can be read here (a local dump), else
   * undefined: the page fetches it.
   */
  async opened(id: string): Promise<unknown> {
    const local = this.local;
    if (!local?.has(id)) return undefined;
    return await local.read(id);
  }

  /** Whether flows are read from an opened dump here. */
  get isLocal(): boolean {
    return this.local !== null;
  }

  /**
   * The flows (1 per store index) a filter that needs whole flows matches,
   * evaluated over the local dump's records a slice at a time: nothing read
   * is kept but the answer (cached for `key`: the filter and flag pattern;
   * flows added since are read on the next call). Null when there is no
   * local dump. Rejects with the signal's reason when it is aborted.
   * `partial` is handed the matches so far after each slice (the flows not
   * read yet are 0 in them), so the rows found can be shown while the rest
   * of the file is read.
   */
  async localMatches(
    node: FilterNode,
    key: string,
    signal?: AbortSignal,
    partial?: (matches: () => Uint8Array) => void,
  ): Promise<Uint8Array | null> {
    const local = this.local;
    if (!local) return null;
    const count = this.store.rows.length;
    let cache = this.matchCache;
    if (!cache || cache.key !== key || cache.version !== local.version)
      cache = { key, version: local.version, count: 0, matches: new Uint8Array(0) };
    if (cache.count >= count) return cache.matches;
    const matches = new Uint8Array(count);
    matches.set(cache.matches);
    // the records' bytes are looked at first: only those the prefilter cannot decide are parsed
    await prepareFilter(node);
    await this.scanLocal(
      local,
      cache.count,
      count,
      signal,
      (flows, indices, proven) => {
        const hits = matchBatch(node, flows);
        for (let i = 0; i < flows.length; i++) matches[indices[i]!] = hits[i]!;
        for (const index of proven) matches[index] = 1;
        partial?.(() => matches);
      },
      (await import('./localFile')).RecordPrefilter.for(node),
    );
    if (this.local === local) this.matchCache = { key, version: local.version, count, matches };
    return matches;
  }

  /**
   * The Flags panel's answer over the local dump's records, a slice at a
   * time (nothing read is kept but the flags; flows added since are read
   * on the next call). Null when there is no local dump.
   */
  async localFlags(pattern: RegExp): Promise<{ flags: FlagMatch[]; truncated: boolean } | null> {
    const local = this.local;
    if (!local) return null;
    const count = this.store.rows.length;
    const key = pattern.source;
    let cache = this.flagCache;
    if (!cache || cache.key !== key || cache.version !== local.version)
      cache = { key, version: local.version, count: 0, collector: new FlagCollector(pattern) };
    if (cache.count < count) {
      const { collector } = cache;
      // records with no flag need not be parsed; every one with a flag is (for its text)
      const anyFlag: FilterNode = {
        kind: 'match',
        field: 'anyText',
        pattern: new RegExp(pattern.source, pattern.flags.replace('g', '')),
        source: pattern.source,
      };
      await prepareFilter(anyFlag);
      await this.scanLocal(
        local,
        cache.count,
        count,
        undefined,
        (flows, indices) => {
          const columns = new FlowColumnStore((i) => flows[i]!);
          for (let i = 0; i < flows.length; i++) {
            columns.set(i, flows[i]!);
            collector.add(columns, i, indices[i]);
          }
        },
        (await import('./localFile')).RecordPrefilter.for(anyFlag, { proveMatches: false }),
      );
      cache = { ...cache, count };
      if (this.local === local) this.flagCache = cache;
    }
    return cache.collector.result();
  }

  /**
   * Reads the records of the store's flows `[from, to)` in file order, a
   * slice at a time, and hands each slice's valid flows on with their store
   * indices; with a `prefilter`, only the records it cannot decide are
   * parsed, and those it proves to match come as store indices (`proven`).
   * Tells the page how far it is (a newer scan takes over telling).
   */
  private async scanLocal(
    local: LocalDumpFlows,
    from: number,
    to: number,
    signal: AbortSignal | undefined,
    take: (flows: Flow[], indices: number[], proven: number[]) => void,
    prefilter: RecordPrefilter | null = null,
  ): Promise<void> {
    const ids: string[] = [];
    for (let i = from; i < to; i++) ids.push(this.store.flows[i]!.id);
    await this.scanLocalIds(local, ids, (index) => index < to, signal, take, prefilter);
  }

  /**
   * The local dump's flows at store `indices` (null: every flow), read from
   * their records a slice at a time in file order and handed to `take` with
   * their store index; nothing read is kept (a HAR export of a big file).
   * False when there is no local dump.
   */
  async eachLocal(
    indices: Int32Array | null,
    take: (flow: Flow, index: number) => void,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const local = this.local;
    if (!local) return false;
    const count = this.store.rows.length;
    const wanted = new Uint8Array(count);
    const ids: string[] = [];
    for (const index of indices ?? Array.from({ length: count }, (_, i) => i)) {
      if (index < 0 || index >= count || wanted[index]) continue;
      wanted[index] = 1;
      ids.push(this.store.flows[index]!.id);
    }
    await this.scanLocalIds(
      local,
      ids,
      (index) => wanted[index] === 1,
      signal,
      (flows, found) => {
        for (let i = 0; i < flows.length; i++) take(flows[i]!, found[i]!);
      },
    );
    return true;
  }

  /** `scanLocal` over the records of `ids`, keeping the flows whose store index is `within`. */
  private async scanLocalIds(
    local: LocalDumpFlows,
    ids: string[],
    within: (index: number) => boolean,
    signal: AbortSignal | undefined,
    take: (flows: Flow[], indices: number[], proven: number[]) => void,
    prefilter: RecordPrefilter | null = null,
  ): Promise<void> {
    const read = ++this.scans;
    const total = ids.length;
    const tell = (state: Extract<FromWorker, { type: 'whole-read' }>['state']) => {
      if (read === this.scans) this.post({ type: 'whole-read', state });
    };
    tell({ state: 'loading', flows: { done: 0, total }, bytes: 0 });
    try {
      await local.scanMany(
        ids,
        prefilter,
        (flows, yes, done) => {
          const valid: Flow[] = [];
          const indices: number[] = [];
          for (const flow of flows) {
            const index = local.indexOf(flow.id);
            // checked as the store checks what it keeps
            if (index === undefined || !within(index) || 'problem' in validateFlow(flow, index))
              continue;
            valid.push(flow);
            indices.push(index);
          }
          take(valid, indices, yes.filter(within));
          tell({ state: 'loading', flows: { done, total }, bytes: 0 });
        },
        signal,
      );
    } catch (e) {
      tell(signal?.aborted ? { state: 'idle' } : { state: 'error', message: messageOf(e) });
      throw e;
    }
    tell({ state: 'idle' });
  }

  /**
   * Resolves once the flows at `indices` (null: all) are whole in the store;
   * rejects when they could not be read, or with the signal's reason when
   * it is aborted first (a local read nobody else waits for then stops).
   */
  async ensure(indices: Int32Array | null, signal?: AbortSignal): Promise<void> {
    if (this.local) return this.ensureLocal(this.local, indices, signal);
    for (let round = 0; round < ROUNDS; round++) {
      const ids = this.store.summaryIds(indices, WHOLE_BY_ID_LIMIT);
      if (ids.length === 0) return;
      await this.ask(ids.length <= WHOLE_BY_ID_LIMIT ? ids : null);
    }
    if (this.store.summaryIds(indices, 0).length > 0)
      throw new Error('Some flows changed while their bodies were read: try again.');
  }

  private async ensureLocal(
    local: LocalDumpFlows,
    indices: Int32Array | null,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    let reads = 0;
    for (;;) {
      signal?.throwIfAborted();
      if (!this.localRead) {
        const ids = this.store.summaryIds(indices, Infinity);
        if (ids.length === 0) return;
        // read back, they should have replaced their summaries: the file is not what it was
        if (reads++ >= ROUNDS) throw new FileChangedError();
        this.localRead = this.readLocal(local, ids);
      }
      const read = this.localRead;
      read.waiting++;
      let stopWaiting = () => {};
      try {
        await new Promise<void>((resolve, reject) => {
          const abort = () => reject(signal!.reason as Error);
          signal?.addEventListener('abort', abort, { once: true });
          stopWaiting = () => signal?.removeEventListener('abort', abort);
          read.done.then(resolve, reject);
        });
      } catch (e) {
        // a read stopped because the others waiting for it moved on: read again
        if (!signal?.aborted && read.controller.signal.aborted && this.local === local) continue;
        throw e;
      } finally {
        stopWaiting();
        if (--read.waiting === 0) read.controller.abort();
      }
      // a read others started may have covered only some of these flows: look again
    }
  }

  /** Reads `ids` whole from the file into the store, telling the page how far it is. */
  private readLocal(local: LocalDumpFlows, ids: string[]): LocalRead {
    const controller = new AbortController();
    const { signal } = controller;
    const total = ids.length;
    const progress = (done: number) =>
      this.post({
        type: 'whole-read',
        state: { state: 'loading', flows: { done, total }, bytes: 0 },
      });
    const run = async () => {
      progress(0);
      await local.readMany(
        ids,
        (flows, done) => {
          this.store.hydrate(flows);
          progress(done);
        },
        signal,
      );
    };
    const read: LocalRead = {
      controller,
      waiting: 0,
      done: run().then(
        () => {
          if (this.localRead === read) this.localRead = null;
          this.post({ type: 'whole-read', state: { state: 'idle' } });
        },
        (e: unknown) => {
          if (this.localRead === read) this.localRead = null;
          const stopped = signal.aborted;
          this.post({
            type: 'whole-read',
            state: stopped ? { state: 'idle' } : { state: 'error', message: messageOf(e) },
          });
          throw e;
        },
      ),
    };
    // nobody may be waiting when it fails (all moved on): not an unhandled rejection
    read.done.catch(() => undefined);
    return read;
  }

  private ask(ids: string[] | null): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (this.asked) return;
      this.asked = true;
      this.post({ type: 'need-whole', ids });
    });
  }

  private settle(failure: string | null) {
    const waiters = this.waiters;
    this.waiters = [];
    this.asked = false;
    this.load = null;
    for (const w of waiters) {
      if (failure === null) w.resolve();
      else w.reject(new Error(failure));
    }
  }

  /** The capture was loaded anew: whatever waited is answered with a failure. */
  reset() {
    if (this.waiters.length > 0 || this.asked) this.settle('The capture was loaded again.');
    this.local = null;
    this.matchCache = null;
    this.flagCache = null;
    const read = this.localRead;
    this.localRead = null;
    read?.controller.abort(new Error('The capture was loaded again.'));
  }

  start(loadId: number) {
    this.load = { loadId, reader: null };
  }

  chunk(loadId: number, bytes: Uint8Array) {
    const load = this.load;
    if (!load || load.loadId !== loadId) return;
    load.reader ??= new TrafficDocumentStream();
    try {
      this.store.hydrate(load.reader.push(bytes));
    } catch (e) {
      load.reader = null;
      this.load = null;
      this.settle(e instanceof Error ? e.message : String(e));
    }
  }

  flows(loadId: number, flows: unknown[]) {
    if (this.load?.loadId !== loadId) return;
    this.store.hydrate(flows);
  }

  end(loadId: number, failure: string | null) {
    const load = this.load;
    if (!load || load.loadId !== loadId) return;
    if (failure === null && load.reader) {
      try {
        const last = load.reader.end();
        this.store.hydrate(last.flows);
        if (last.end.kind === 'flows') this.store.hydrate(last.end.late);
      } catch (e) {
        failure = e instanceof Error ? e.message : String(e);
      }
    }
    this.settle(failure);
  }
}
