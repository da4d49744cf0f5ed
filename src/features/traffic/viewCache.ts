/**
 * The views the worker answered lately, on the page: a filter typed again
 * (the filter cleared, a letter taken back, a sort or time range chosen
 * again) shows its rows in the same task as the keystroke, without waiting
 * for the worker (which is still asked, and whose answer replaces it).
 *
 * A view holds only for the rows it was answered over: each entry keeps the
 * session's count of row changes at that moment, and any change of the rows
 * (a live flow, a response arriving, a new capture; not a Live refresh that
 * brought nothing) makes every entry stale. The
 * flag pattern changes what `~flag` matches: `clear()` then.
 */
import type { SortSpec, TimeRange } from './worker/rows';

export interface ViewQuery {
  filter: string;
  sort: SortSpec;
  range: TimeRange | null;
}

export interface CachedView {
  view: Int32Array;
  total: number;
}

/** at most this many views are kept… */
export const VIEWS_KEPT = 6;
/** …holding at most this many flow indices in all (4 bytes each: 10 MB) */
export const VIEW_INDICES_KEPT = 2_500_000;

const keyOf = ({ filter, sort, range }: ViewQuery) =>
  `${sort.key}\u0000${sort.descending ? 1 : 0}\u0000${range ? `${range.from}\u0000${range.to}` : ''}\u0000${filter}`;

export class ViewCache {
  /** least recently used first */
  private readonly entries = new Map<string, CachedView & { rowsVersion: number }>();
  private indices = 0;

  /** The view answered for `query` over the rows of `rowsVersion`, if it is kept. */
  get(query: ViewQuery, rowsVersion: number): CachedView | undefined {
    const key = keyOf(query);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.rowsVersion !== rowsVersion) {
      this.drop(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { view: entry.view, total: entry.total };
  }

  /** Keeps the worker's answer for `query`, over the rows of `rowsVersion`. */
  put(query: ViewQuery, rowsVersion: number, view: Int32Array, total: number): void {
    const key = keyOf(query);
    this.drop(key);
    if (view.length > VIEW_INDICES_KEPT) return;
    // views of older rows are stale: they can only be dropped
    for (const [k, entry] of this.entries) if (entry.rowsVersion !== rowsVersion) this.drop(k);
    this.entries.set(key, { view, total, rowsVersion });
    this.indices += view.length;
    while (this.entries.size > VIEWS_KEPT || this.indices > VIEW_INDICES_KEPT) {
      const oldest = this.entries.keys().next().value as string;
      this.drop(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
    this.indices = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.indices -= entry.view.length;
  }
}
