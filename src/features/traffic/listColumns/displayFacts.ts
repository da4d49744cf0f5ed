/**
 * What the flow list needs to know about its columns as a whole, kept by the
 * worker as rows are read (never by scanning every row on the page): which
 * columns hold one value for every flow so far (they collapse by default),
 * and the capture's time range (the waterfall's scale). Each row is compared
 * once, to the first row, and only in the columns not yet seen to vary: a
 * few comparisons per flow, then none.
 */

/** What a row of the list holds that these facts read (the worker's `FlowRow` has it). */
export interface ListedFlow {
  /** the flow's index in the capture */
  index: number;
  /** start, seconds since the epoch */
  time: number;
  method: string;
  host: string;
  status: number | null;
  type: string;
  size: number;
  /** milliseconds, null while unknown */
  duration: number | null;
}

/** A time range in seconds since the epoch. */
export interface TimeSpan {
  from: number;
  to: number;
}

/** Columns whose one value is worth telling instead of repeating (never the path: a flow's name). */
export const TRACKED_KEYS = [
  'time',
  'method',
  'host',
  'status',
  'type',
  'size',
  'duration',
] as const satisfies readonly Exclude<keyof ListedFlow, 'index'>[];
export type TrackedKey = (typeof TRACKED_KEYS)[number];

/** A column's one value for every flow. */
export interface SoleValue {
  key: TrackedKey;
  value: ListedFlow[TrackedKey];
}

/** Sent with every batch of rows: small, whatever the capture's size. */
export interface ColumnFacts {
  /** flows seen */
  count: number;
  /** the tracked columns with one value for every flow (none before two flows) */
  sole: SoleValue[];
  /** from the first start to the last end, in seconds since the epoch (null: no flows) */
  span: TimeSpan | null;
}

/** Bits of `DisplayFacts.varied`, one per tracked column. */
const BIT: Record<TrackedKey, number> = {
  time: 1,
  method: 2,
  host: 4,
  status: 8,
  type: 16,
  size: 32,
  duration: 64,
};
const ALL_VARIED = 127;

/** The tracked columns in which `row` differs from `first`, as bits (plain property reads: fast). */
function differences(row: ListedFlow, first: ListedFlow): number {
  return (
    (row.time !== first.time ? BIT.time : 0) |
    (row.method !== first.method ? BIT.method : 0) |
    (row.host !== first.host ? BIT.host : 0) |
    (row.status !== first.status ? BIT.status : 0) |
    (row.type !== first.type ? BIT.type : 0) |
    (row.size !== first.size ? BIT.size : 0) |
    (row.duration !== first.duration ? BIT.duration : 0)
  );
}

export class DisplayFacts {
  private count = 0;
  private first: ListedFlow | null = null;
  /** tracked columns seen to hold a second value (BIT) */
  private varied = 0;
  private from = Infinity;
  private to = -Infinity;

  /** A row read for the first time, or read again after its flow changed. */
  note(row: ListedFlow, isNew: boolean): void {
    if (isNew) this.count++;
    const first = this.first;
    if (!first) {
      this.first = row;
    } else {
      // a column seen to vary stays varied, even if the flow that made it
      // vary changes again (rare; showing a column is the safe side)
      if (this.varied !== ALL_VARIED) this.varied |= differences(row, first);
      // the first flow changed (its response came): later rows compare with it as it is now
      if (row.index === first.index) this.first = row;
    }
    const end = row.time + (row.duration ?? 0) / 1000;
    if (row.time < this.from) this.from = row.time;
    if (end > this.to) this.to = end;
  }

  facts(): ColumnFacts {
    const first = this.first;
    return {
      count: this.count,
      sole:
        first && this.count >= 2
          ? TRACKED_KEYS.filter((key) => (this.varied & BIT[key]) === 0).map((key) => ({
              key,
              value: first[key],
            }))
          : [],
      span: this.count > 0 ? { from: this.from, to: this.to } : null,
    };
  }
}
