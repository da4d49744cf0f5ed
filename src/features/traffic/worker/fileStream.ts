/**
 * A mitmproxy dump the user opened, read as a stream: the file is read in
 * slices (`Blob.slice`, never whole), each slice's complete records are
 * mapped to flows and handed out at once, so the first rows can show after
 * the first slice of a 500 MB file. A record cut by a slice's end is read
 * again from its start with the next slice (no copy of the slice to join
 * it). `streamDump` gives exactly the flows and warnings of `parseMitmFile`
 * on the whole file; `streamDumpSummaries` gives their summaries (bodies as
 * sizes, `flowSummary`) and where each flow's record lies in the file, and
 * `LocalDumpFlows` reads whole flows back from those byte ranges when they
 * are opened or a filter needs their bodies: the worker keeps no body of a
 * local dump it was not asked for. Other files (ctfy JSON, HAR) are read
 * whole by `parseCaptureFile`.
 */
import { MitmFlowReader, type MitmParseOptions } from '@shared/capture/mitm';
import { CaptureFormatError } from '@shared/capture/captureJson';
import { flowSummary } from '@shared/capture/summary';
import type { Flow } from '@shared/schemas';
import { NO, YES, type RecordPrefilter } from '@shared/capture/filter/prefilter';
import { flowMarks, MARK_ALL } from '@shared/capture/recordMarks';
import { FileChangedError } from './fileChanged';

export { FileChangedError };

/** the first slice is small: a few flows are enough for the first rows */
export const FIRST_SLICE_BYTES = 256 * 1024;
export const SLICE_BYTES = 8 * 1024 * 1024;

/** Whether a file is read as a stream here: a dump, by its first byte (a tnetstring length). */
export async function isStreamableDump(blob: Blob): Promise<boolean> {
  const head = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
  let i = 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return i < head.length && head[i]! >= 0x30 && head[i]! <= 0x39;
}

export interface DumpEnd {
  warnings: string[];
  /** reading stopped at damaged bytes (the flows before them were handed out) */
  truncated: boolean;
}

export interface DumpSlice {
  /** the slice's flows, or their summaries (raw, not validated) */
  flows: unknown[];
  /** where each flow's record lies in the file: `[starts[i], ends[i])` */
  starts: number[];
  ends: number[];
  /** each flow's `flowMarks`, for the raw-record prefilter */
  marks: number[];
}

type Slices = { first: number; next: number };

async function* readDump(
  blob: Blob,
  slices: Slices,
  options: MitmParseOptions,
  map: (flow: Flow) => unknown,
): AsyncGenerator<DumpSlice, DumpEnd> {
  if (blob.size === 0) throw new CaptureFormatError('The file is empty.');
  const reader = new MitmFlowReader(options);
  let position = 0;
  let size = slices.first;
  let handedOut = 0;
  for (;;) {
    const end = Math.min(blob.size, position + size);
    const bytes = new Uint8Array(await blob.slice(position, end).arrayBuffer());
    reader.push(bytes);
    if (end === blob.size) reader.finish();
    const slice: DumpSlice = { flows: [], starts: [], ends: [], marks: [] };
    for (let flow = reader.next(); flow; flow = reader.next()) {
      slice.flows.push(map(flow));
      slice.starts.push(reader.recordStart);
      slice.ends.push(reader.recordEnd);
      slice.marks.push(flowMarks(flow));
    }
    handedOut += slice.flows.length;
    if (slice.flows.length > 0) yield slice;
    if (reader.done || end === blob.size) break;
    const next = reader.offset;
    // a record longer than the slice: read a bigger one from its start
    size = next === position ? size * 2 : slices.next;
    position = next;
    reader.dropPending();
  }
  const warnings = reader.warnings();
  if (handedOut === 0 && warnings.length > 0)
    throw new CaptureFormatError(
      `Not a mitmproxy capture, HAR or ctfy JSON file: ${warnings.join('; ')}`,
    );
  return { warnings, truncated: reader.damaged };
}

/**
 * The flows of a dump, slice by slice (raw, not validated); returns what
 * the reading said. Throws `CaptureFormatError` when the file holds no flow
 * and is not a dump.
 */
export async function* streamDump(
  blob: Blob,
  slices: Slices = { first: FIRST_SLICE_BYTES, next: SLICE_BYTES },
): AsyncGenerator<unknown[], DumpEnd> {
  const dump = readDump(blob, slices, {}, (flow) => flow);
  for (;;) {
    const step = await dump.next();
    if (step.done) return step.value;
    yield step.value.flows;
  }
}

/**
 * The summaries of a dump's flows (bodies parsed as sizes only, the shape
 * the platform's `?view=summary` sends) with each flow's record range, slice
 * by slice; the same warnings and failures as `streamDump`.
 */
export function streamDumpSummaries(
  blob: Blob,
  slices: Slices = { first: FIRST_SLICE_BYTES, next: SLICE_BYTES },
): AsyncGenerator<DumpSlice, DumpEnd> {
  return readDump(blob, slices, { bodySizesOnly: true }, (flow) => flowSummary(flow));
}

/** Needed records further apart than this are read with separate slices. */
const GAP_BYTES = 256 * 1024;

function grow<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** The file no longer holds what it held when it was opened. */

/**
 * Where the flows of an opened dump are in its file (by id), and reading
 * them back whole from there. Holds two numbers per flow, not its bodies.
 */
export class LocalDumpFlows {
  private readonly slots = new Map<string, number>();
  private starts = new Float64Array(1024);
  private ends = new Float64Array(1024);
  /** where each flow is in the store */
  private indices = new Int32Array(1024);
  /** each flow's `flowMarks` (`recordMarks.ts`), so the prefilter need not search for them */
  private marks = new Uint8Array(1024);
  /** bumps when a flow's record is replaced by a later one of the same id */
  version = 0;

  constructor(readonly blob: Blob) {}

  get size(): number {
    return this.slots.size;
  }

  /**
   * The flow `id`, at `index` in the store, is the record `[start, end)` of
   * the file (a later one of the same id replaces it), with its `flowMarks`
   * (every mark when not known).
   */
  set(id: string, index: number, start: number, end: number, marks = MARK_ALL) {
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = this.slots.size;
      if (slot === this.starts.length) {
        this.starts = grow(this.starts, new Float64Array(slot * 2));
        this.ends = grow(this.ends, new Float64Array(slot * 2));
        this.indices = grow(this.indices, new Int32Array(slot * 2));
        this.marks = grow(this.marks, new Uint8Array(slot * 2));
      }
      this.slots.set(id, slot);
    } else this.version++;
    this.starts[slot] = start;
    this.ends[slot] = end;
    this.indices[slot] = index;
    this.marks[slot] = marks;
  }

  /**
   * Notes the ranges of the flows a store kept from a slice: `rows` it
   * added or updated, `flowAt` the object it holds for one (a store keeps
   * the object it was given, so each is found among the slice's flows).
   */
  keep(slice: DumpSlice, rows: readonly { index: number }[], flowAt: (index: number) => unknown) {
    const at = new Map<unknown, number>();
    slice.flows.forEach((flow, i) => at.set(flow, i));
    for (const row of rows) {
      const flow = flowAt(row.index);
      const i = at.get(flow);
      if (i === undefined) continue;
      const id = (flow as { id: string }).id;
      this.set(id, row.index, slice.starts[i]!, slice.ends[i]!, slice.marks[i]);
    }
  }

  /** Where the flow `id` is in the store (undefined: not a flow of this file). */
  indexOf(id: string): number | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.indices[slot];
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  /** The whole flow `id` read again from its record (null: not a flow of this file). */
  async read(id: string, signal?: AbortSignal): Promise<Flow | null> {
    if (!this.has(id)) return null;
    let found: Flow | null = null;
    await this.readMany(
      [id],
      (flows) => {
        found = flows[0] ?? null;
      },
      signal,
    );
    return found;
  }

  /**
   * Reads the flows `ids` whole from their records, in file order: records
   * close together are read with one slice of at most `sliceBytes`. Hands
   * each slice's flows on with how many of `total` are read; stops with the
   * signal's reason when it is aborted. Ids not in the file are skipped.
   */
  async readMany(
    ids: readonly string[],
    onFlows: (flows: Flow[], done: number, total: number) => void,
    signal?: AbortSignal,
    sliceBytes = SLICE_BYTES,
  ): Promise<void> {
    await this.scanMany(
      ids,
      null,
      (flows, _yes, done, total) => onFlows(flows, done, total),
      signal,
      sliceBytes,
    );
  }

  /**
   * `readMany` with a look at each slice's raw records first: what
   * `prefilter` proves is not parsed. `onRecords` gets the slice's parsed
   * flows (the MAYBE ones; every one without a prefilter) and the store
   * indices of the records proven to match (YES); records proven not to
   * match are only counted in `done`.
   */
  async scanMany(
    ids: readonly string[],
    prefilter: RecordPrefilter | null,
    onRecords: (flows: Flow[], yes: number[], done: number, total: number) => void,
    signal?: AbortSignal,
    sliceBytes = SLICE_BYTES,
  ): Promise<void> {
    const slots: number[] = [];
    for (const id of ids) {
      const slot = this.slots.get(id);
      if (slot !== undefined) slots.push(slot);
    }
    const { starts, ends } = this;
    slots.sort((a, b) => starts[a]! - starts[b]!);
    const total = slots.length;
    let done = 0;
    for (let first = 0; first < total;) {
      signal?.throwIfAborted();
      const from = starts[slots[first]!]!;
      let last = first + 1;
      let to = ends[slots[first]!]!;
      while (last < total) {
        const next = slots[last]!;
        if (starts[next]! - to > GAP_BYTES || ends[next]! - from > sliceBytes) break;
        to = Math.max(to, ends[next]!);
        last++;
      }
      const bytes = new Uint8Array(await this.blob.slice(from, to).arrayBuffer());
      signal?.throwIfAborted();
      if (bytes.length !== to - from) throw new FileChangedError();
      let verdicts: Uint8Array | null = null;
      let provenIds: (string | null)[] = [];
      if (prefilter) {
        const count = last - first;
        const runStarts = new Float64Array(count);
        const runEnds = new Float64Array(count);
        const runMarks = new Uint8Array(count);
        for (let k = first; k < last; k++) {
          runStarts[k - first] = starts[slots[k]!]! - from;
          runEnds[k - first] = ends[slots[k]!]! - from;
          runMarks[k - first] = this.marks[slots[k]!]!;
        }
        ({ verdicts, ids: provenIds } = prefilter.scan(bytes, runStarts, runEnds, runMarks));
      }
      const flows: Flow[] = [];
      const yes: number[] = [];
      for (let k = first; k < last; k++) {
        const slot = slots[k]!;
        const verdict = verdicts?.[k - first];
        if (verdict === NO) continue;
        if (verdict === YES) {
          if (this.slots.get(provenIds[k - first]!) !== slot) throw new FileChangedError();
          yes.push(this.indices[slot]!);
          continue;
        }
        const reader = new MitmFlowReader();
        reader.push(bytes.subarray(starts[slot]! - from, ends[slot]! - from));
        reader.finish();
        const flow = reader.next();
        if (!flow || this.slots.get(flow.id) !== slot) throw new FileChangedError();
        flows.push(flow);
      }
      done += last - first;
      onRecords(flows, yes, done, total);
      first = last;
    }
  }
}
