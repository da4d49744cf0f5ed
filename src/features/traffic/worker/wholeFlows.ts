/**
 * Bodies and headers for rows listed from summaries (`?view=summary`): the
 * one place that decides how what needs them gets them. A body or header
 * filter, the Flags panel and the HAR export wait here; the page is asked
 * (`need-whole`) for the few flows missing one by one, or for the whole
 * document once, and streams them back, which replace their summaries in
 * the store. Which filters need them: `needsWholeFlows` (shared filter
 * language). The platform can now evaluate such filters itself
 * (`traffic/matches`, `worker/serverMatches.ts`): this is where a filter
 * would ask it instead of reading the bodies.
 */
import { TrafficDocumentStream } from './documentStream';
import type { Post } from './loads';
import type { TrafficStore } from './store';

/** Up to this many missing flows are fetched one by one; more: the whole document. */
export const WHOLE_BY_ID_LIMIT = 100;
/** rounds of asking (flows that change while they are read are asked for again) */
const ROUNDS = 3;

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
}

export class WholeFlows {
  private waiters: Waiter[] = [];
  /** a `need-whole` is out and not answered yet */
  private asked = false;
  private load: { loadId: number; reader: TrafficDocumentStream | null } | null = null;

  constructor(
    private readonly store: TrafficStore,
    private readonly post: Post,
  ) {}

  /**
   * Resolves once the flows at `indices` (null: all) are whole in the store;
   * rejects when they could not be read.
   */
  async ensure(indices: Int32Array | null): Promise<void> {
    for (let round = 0; round < ROUNDS; round++) {
      const ids = this.store.summaryIds(indices, WHOLE_BY_ID_LIMIT);
      if (ids.length === 0) return;
      await this.ask(ids.length <= WHOLE_BY_ID_LIMIT ? ids : null);
    }
    if (this.store.summaryIds(indices, 0).length > 0)
      throw new Error('Some flows changed while their bodies were read: try again.');
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
