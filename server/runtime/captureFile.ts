/**
 * One capture file (`<id>.jsonl` from the recorder or a mitmdump `.mitm`) read
 * incrementally: new bytes are read in chunks and parsed in slices of a few
 * milliseconds, and each flow is indexed, not kept: where its record lies in
 * the file and when it began (typed arrays), a hash of its id, and its summary
 * (`flowSummary`: the list's fields, kept as a row of `summaryRows.ts`, about
 * 350 bytes of UTF-8 outside the heap, compressed by blocks). A dump's
 * summary row is written as UTF-8 straight from its bytes (`MitmFlowReader.nextRow`:
 * bodies as their sizes, no flow object or string made). A flow itself
 * is read back from the file when an answer needs it. A file that shrank,
 * changed identity or was rewritten in place is noticed so the store reads
 * it again.
 */
import { open } from 'node:fs/promises';
import type { Flow } from '../../shared/schemas';
import { MitmFlowReader } from '../../shared/capture/mitm';
import { idHash } from '../../shared/capture/idHash';
import { MARK_ALL } from '../../shared/capture/recordMarks';
import { summaryRowOrObject } from '../../shared/capture/summaryRows';
import { FlowTexts } from './flowTexts';

/** parse for this long, then let the event loop serve others */
const SLICE_MS = 12;
/**
 * bytes read from the file at a time: a chunk the size of a core's L2 cache
 * is parsed while its bytes are still there (8 MB chunks cost ~5% more CPU
 * to index, each frame a cache miss)
 */
const CHUNK_BYTES = 1 << 20;
/** room beyond a chunk in the read buffer, for a record cut by the last chunk and read again */
const CHUNK_SLACK = 1 << 20;
/** bytes before the read position compared on the next read, to notice a rewritten file */
const FINGERPRINT_BYTES = 64;

const COMMA = Buffer.from(',');

/** A growing typed array (a number per flow: 8, 4 or 1 bytes, outside the JS heap's objects). */
class Column<T extends Float64Array | Uint32Array | Uint8Array> {
  private data: T;
  length = 0;

  constructor(private readonly Type: { new (length: number): T }) {
    this.data = new Type(1024);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new this.Type(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  at(index: number): number {
    return this.data[index]!;
  }

  /** the values so far (a view: valid until the next push) */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }

  get bytes(): number {
    return this.data.byteLength;
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export type Kind = 'mitm' | 'jsonl';

export interface FileIdentity {
  ino: number;
  dev: number;
  size: number;
  mtimeMs: number;
}

/** The file at `path` no longer holds what was indexed (rewritten while read). */
export class CaptureChangedError extends Error {
  constructor(path: string) {
    super(`the capture ${path} changed while it was read`);
  }
}

/**
 * A run of a dump's records as raw bytes (for `traffic/matches`, which
 * looks at the bytes before parsing): record `i` of the run is
 * `bytes[starts[i], ends[i])`, the file's flow `first + i`.
 */
export interface RecordRun {
  bytes: Uint8Array;
  starts: Float64Array;
  ends: Float64Array;
  first: number;
  /** `idHash` of each record's flow id */
  idHashes: Uint32Array;
  /**
   * each record's `flowMarks` (`shared/capture/recordMarks.ts`), for the
   * prefilter (`RecordPrefilter.scan`), which otherwise searches the bytes for them
   */
  marks?: Uint8Array;
}

/** One capture file as read so far (one generation of it). */
export class CaptureFile {
  /**
   * each flow's summary as a row (`shared/capture/summaryRows.ts`), one a
   * line, in the order the file has them (compressed by blocks); the object
   * view is made from them
   */
  readonly summaryRows = new FlowTexts(true);
  /** `timestamp_created` of each flow */
  private readonly times = new Column(Float64Array);
  /** file offset where each flow's record or line starts */
  private readonly starts = new Column(Float64Array);
  /** file offset just after each flow's record or line */
  private readonly ends = new Column(Float64Array);
  /** a hash of each flow's id (a flow is found by id by its hash, then checked) */
  private readonly idHashes = new Column(Uint32Array);
  /**
   * each flow's `flowMarks` (what in its headers makes a body's text differ
   * from its bytes: `shared/capture/recordMarks.ts`), for the prefilter
   */
  private readonly marks = new Column(Uint8Array);
  private readonly maxBodyBytes: number;
  /** file offset after the last whole record read */
  consumed = 0;
  /** flows left out: over the cap, or the reading stopped at malformed bytes */
  truncated = false;
  /** bytes after `consumed` that are no whole record (yet) */
  incomplete = false;
  /** rewritten under us: answers stop following it; the store reads it anew */
  stale = false;
  /** where the next read starts (for a dump: after its last whole record) */
  private readPos = 0;
  /** how far the file was read at all */
  private scanned = 0;
  private fingerprint: Buffer = Buffer.alloc(0);
  private inOrder = true;
  private timeOrder: Int32Array | null = null;
  private running: Promise<void> | null = null;
  private waiters: (() => void)[] = [];
  private readonly reader: MitmFlowReader | null;
  private lineRest: Buffer | null = null;
  /** when the parse's current slice ends (`SLICE_MS`) */
  private sliceDeadline = 0;
  seen: FileIdentity;
  /** when an answer last asked for this file */
  usedAt = 0;

  constructor(
    readonly path: string,
    readonly kind: Kind,
    readonly generation: number,
    identity: FileIdentity,
    maxBodyBytes: number,
    private readonly maxFlows: number,
  ) {
    this.maxBodyBytes = maxBodyBytes;
    this.seen = { ...identity, size: 0 };
    // the index needs each body's size, never its bytes: not decoding them halves the parse
    this.reader =
      kind === 'mitm' ? new MitmFlowReader({ maxBodyBytes, maxFlows, bodySizesOnly: true }) : null;
  }

  get updating(): boolean {
    return this.running !== null;
  }

  /** Whether `identity` (a fresh stat) shows this generation is no longer the file. */
  replacedBy(identity: FileIdentity): boolean {
    if (this.stale) return true;
    if (identity.ino !== this.seen.ino || identity.dev !== this.seen.dev) return true;
    if (identity.size < this.scanned) return true;
    // touched without growing: rewritten with the same size
    return identity.size === this.seen.size && identity.mtimeMs !== this.seen.mtimeMs;
  }

  /** Whether the bytes just before the read position are still those read there. */
  async unchanged(): Promise<boolean> {
    const back = this.fingerprint.length;
    if (back === 0) return true;
    try {
      const fh = await open(this.path, 'r');
      try {
        const bytes = Buffer.alloc(back);
        const { bytesRead } = await fh.read(bytes, 0, back, this.readPos - back);
        return bytesRead === back && bytes.equals(this.fingerprint);
      } finally {
        await fh.close();
      }
    } catch {
      return false;
    }
  }

  /** Reads what the file gained since the last read; concurrent callers share one read. */
  refresh(): Promise<void> {
    this.running ??= this.readNew()
      .catch((err: unknown) => {
        console.error(`[runtime] could not read the capture ${this.path}:`, err);
        this.truncated = true;
      })
      .finally(() => {
        this.running = null;
        this.wake();
      });
    return this.running;
  }

  /** Resolves when flows were added or the read ended. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private async readNew(): Promise<void> {
    const fh = await open(this.path, 'r');
    this.sliceDeadline = performance.now() + SLICE_MS;
    let buffer: Buffer | null = null;
    try {
      for (;;) {
        const st = await fh.stat();
        this.seen = { ino: st.ino, dev: st.dev, size: st.size, mtimeMs: st.mtimeMs };
        if (st.size < this.scanned) {
          this.stale = true;
          return;
        }
        if (st.size === this.scanned || this.reader?.done) return;
        const back = this.fingerprint.length;
        // past what was scanned: a record cut at the end of the last read is read again whole
        // (twice as far each time it is still cut, so a huge record takes few reads)
        const wanted = Math.max(CHUNK_BYTES, 2 * (this.scanned - this.readPos));
        const length = back + Math.min(wanted, st.size - this.readPos);
        // one buffer for every chunk of this read (its bytes are copied out
        // or dropped before the next chunk): not one 8 MB allocation per chunk,
        // whose garbage made the heap collect again and again and kept the RSS up
        if (!buffer || buffer.length < length)
          buffer = Buffer.allocUnsafe(length >= CHUNK_BYTES ? length + CHUNK_SLACK : length);
        const { bytesRead } = await fh.read(buffer, 0, length, this.readPos - back);
        if (bytesRead < back || !buffer.subarray(0, back).equals(this.fingerprint)) {
          this.stale = true;
          return;
        }
        if (bytesRead === back) return;
        const chunk = buffer.subarray(back, bytesRead);
        const base = this.readPos;
        this.scanned = Math.max(this.scanned, base + chunk.length);
        if (this.reader) {
          await this.parseMitm(chunk);
          // the cut record at the end is dropped here and read again with the next bytes
          // (no copy of a big chunk to join it)
          this.readPos = this.reader.offset;
          this.reader.dropPending();
        } else {
          await this.parseJsonl(chunk, base);
          this.readPos = base + chunk.length;
        }
        const upTo = back + (this.readPos - base);
        this.fingerprint = Buffer.from(
          buffer.subarray(Math.max(0, upTo - FINGERPRINT_BYTES), upTo),
        );
      }
    } finally {
      await fh.close();
    }
  }

  /** flows indexed so far */
  get length(): number {
    return this.starts.length;
  }

  /** bytes held for this file (summaries and index) */
  get bytes(): number {
    return (
      this.summaryRows.bytes +
      this.times.bytes +
      this.starts.bytes +
      this.ends.bytes +
      this.idHashes.bytes +
      this.marks.bytes
    );
  }

  private add(flow: Record<string, unknown>, start: number, end: number): void {
    const created = flow.timestamp_created;
    this.summaryRows.add(JSON.stringify(summaryRowOrObject(flow)));
    this.addIndex(
      typeof flow.id === 'string' ? idHash(flow.id) : 0,
      typeof created === 'number' ? created : 0,
      start,
      end,
      // a recorder's line is never scanned as a raw record: its marks are never read
      MARK_ALL,
    );
  }

  /** Indexes a flow (its summary row just added) by its id's hash, start, record range and marks. */
  private addIndex(hash: number, time: number, start: number, end: number, marks: number) {
    const count = this.starts.length;
    if (count > 0 && time < this.times.at(count - 1)) this.inOrder = false;
    this.times.push(time);
    this.starts.push(start);
    this.ends.push(end);
    this.idHashes.push(hash);
    this.marks.push(marks);
  }

  private async parseMitm(chunk: Uint8Array): Promise<void> {
    const reader = this.reader!;
    reader.push(chunk);
    // the slice goes on across chunks (a chunk is parsed in a few ms): readers
    // waiting for rows are woken every slice, not only when the read ends
    let deadline = this.sliceDeadline;
    let start = reader.offset;
    for (let row = reader.nextRow(); row; row = reader.nextRow()) {
      if (row.utf8) this.summaryRows.addBytes(row.utf8);
      else this.summaryRows.add(row.json);
      this.addIndex(row.idHash, row.created, start, reader.offset, row.marks);
      start = reader.offset;
      if ((this.length & 15) === 0 && performance.now() >= deadline) {
        this.consumed = reader.offset;
        this.wake();
        await nextTurn();
        if (this.stale) return;
        deadline = performance.now() + SLICE_MS;
      }
    }
    this.sliceDeadline = deadline;
    this.consumed = reader.offset;
    this.incomplete = reader.pending > 0;
    if (reader.done) this.truncated = reader.damaged || reader.flowCount >= this.maxFlows;
    const warnings = reader.warnings();
    if (reader.done && warnings.length > 0)
      console.warn(`[runtime] capture ${this.path}: ${warnings.join('; ')}`);
  }

  private async parseJsonl(chunk: Buffer, base: number): Promise<void> {
    const rest = this.lineRest;
    const data = rest ? Buffer.concat([rest, chunk]) : chunk;
    const origin = base - (rest?.length ?? 0);
    let start = 0;
    let deadline = this.sliceDeadline;
    for (let newline = data.indexOf(0x0a); newline >= 0; newline = data.indexOf(0x0a, start)) {
      const lineStart = start;
      const line = data.toString('utf8', start, newline).trim();
      start = newline + 1;
      if (!line) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue; // a line cut by a crash mid-write: skip it
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      if (this.length >= this.maxFlows) {
        this.truncated = true;
        continue;
      }
      this.add(value as Record<string, unknown>, origin + lineStart, origin + start);
      if ((this.length & 15) === 0 && performance.now() >= deadline) {
        this.consumed = origin + start;
        this.wake();
        await nextTurn();
        if (this.stale) return;
        deadline = performance.now() + SLICE_MS;
      }
    }
    this.sliceDeadline = deadline;
    this.consumed = origin + start;
    this.lineRest = start < data.length ? Buffer.from(data.subarray(start)) : null;
    this.incomplete = this.lineRest !== null;
  }

  /**
   * The last flow of this file with this id, read back from the file, or
   * null. Candidates are the flows whose id hash matches (from the end);
   * each is read and its id compared, so a hash collision costs a read.
   */
  async flowById(id: string): Promise<Flow | null> {
    const hash = idHash(id);
    const hashes = this.idHashes.view();
    for (let i = hashes.length - 1; i >= 0; i--) {
      if (hashes[i] !== hash) continue;
      const flow = await this.flow(i);
      if (flow.id === id) return flow;
    }
    return null;
  }

  /**
   * The flows at `indices` (indexed flows), read back from the file: each
   * as UTF-8 JSON with a leading comma, one buffer per run of consecutive
   * flows (one read each). Throws `CaptureChangedError` when the file no
   * longer holds them.
   */
  async texts(indices: ArrayLike<number>): Promise<Buffer[]> {
    const out: Buffer[] = [];
    await this.readRuns(indices, (bytes, base, from, to) => {
      const parts: Buffer[] = [];
      if (this.reader) {
        for (const flow of this.flowsIn(bytes, from, to))
          parts.push(Buffer.from(',' + JSON.stringify(flow), 'utf8'));
      } else {
        for (let i = from; i < to; i++) {
          // the line without its newline: JSON text as the recorder wrote it
          const line = bytes.subarray(this.starts.at(i) - base, this.ends.at(i) - base - 1);
          parts.push(COMMA, line);
        }
      }
      out.push(Buffer.concat(parts));
    });
    return out;
  }

  /** the reader's body limit (bodies longer are cut when parsed) */
  get bodyLimit(): number {
    return this.maxBodyBytes;
  }

  /**
   * The records of a dump's flows at `indices` as raw bytes, one run per
   * run of consecutive flows (one read each). Throws `CaptureChangedError`
   * when the file is no longer the one indexed.
   */
  async recordRuns(indices: ArrayLike<number>): Promise<RecordRun[]> {
    const runs: RecordRun[] = [];
    const hashes = this.idHashes.view();
    const marks = this.marks.view();
    await this.readRuns(indices, (bytes, base, from, to) => {
      const starts = new Float64Array(to - from);
      const ends = new Float64Array(to - from);
      for (let i = from; i < to; i++) {
        starts[i - from] = this.starts.at(i) - base;
        ends[i - from] = this.ends.at(i) - base;
      }
      runs.push({
        // a plain view: a Buffer's subarray() makes Buffers (slow)
        bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
        starts,
        ends,
        first: from,
        idHashes: hashes.slice(from, to),
        marks: marks.slice(from, to),
      });
    });
    return runs;
  }

  /**
   * Where a batch of records from flow `from` ends: at most `maxFlows` flows
   * and, past the first (which may be larger alone), at most `maxBytes` of
   * the file, so a few huge bodies make small batches, not a read (and a
   * string of it) of gigabytes.
   */
  batchEnd(from: number, maxFlows: number, maxBytes: number): number {
    const last = Math.min(this.length, from + maxFlows);
    const limit = this.starts.at(from) + maxBytes;
    let end = Math.min(last, from + 1);
    while (end < last && this.ends.at(end) <= limit) end++;
    return end;
  }

  /** Flow `index`, read back from the file and parsed. */
  async flow(index: number): Promise<Flow> {
    return (await this.flows([index]))[0]!;
  }

  /**
   * The flows at `indices`, read back from the file and parsed (a line of
   * the recorder's file as it is: an object, not checked against the schema).
   */
  async flows(indices: ArrayLike<number>): Promise<Flow[]> {
    const out: Flow[] = [];
    await this.readRuns(indices, (bytes, base, from, to) => {
      if (this.reader) {
        for (const flow of this.flowsIn(bytes, from, to)) out.push(flow);
        return;
      }
      for (let i = from; i < to; i++)
        out.push(
          JSON.parse(
            bytes.toString('utf8', this.starts.at(i) - base, this.ends.at(i) - base),
          ) as Flow,
        );
    });
    return out;
  }

  /** A dump's flows [from, to), re-read from their records' bytes. */
  private flowsIn(bytes: Uint8Array, from: number, to: number): Flow[] {
    const reader = new MitmFlowReader({ maxBodyBytes: this.maxBodyBytes });
    reader.push(bytes);
    reader.finish();
    const flows: Flow[] = [];
    for (let i = from; i < to; i++) {
      const flow = reader.next();
      if (!flow || flow.timestamp_created !== this.times.at(i))
        throw new CaptureChangedError(this.path);
      flows.push(flow);
    }
    return flows;
  }

  /** Reads each run of consecutive `indices` with one read and hands its bytes on. */
  private async readRuns(
    indices: ArrayLike<number>,
    take: (bytes: Buffer, base: number, from: number, to: number) => void,
  ): Promise<void> {
    if (indices.length === 0) return;
    const fh = await open(this.path, 'r');
    try {
      const st = await fh.stat();
      if (st.ino !== this.seen.ino || st.dev !== this.seen.dev)
        throw new CaptureChangedError(this.path);
      let k = 0;
      while (k < indices.length) {
        const from = indices[k]!;
        let to = from + 1;
        k++;
        while (k < indices.length && indices[k] === to) {
          to++;
          k++;
        }
        const base = this.starts.at(from);
        const length = this.ends.at(to - 1) - base;
        const bytes = Buffer.allocUnsafe(length);
        const { bytesRead } = await fh.read(bytes, 0, length, base);
        if (bytesRead < length) throw new CaptureChangedError(this.path);
        take(bytes, base, from, to);
      }
    } finally {
      await fh.close();
    }
  }

  /** Index of the first flow that ends after byte `offset` (the flows written after it). */
  indexAfter(offset: number): number {
    let low = 0;
    let high = this.ends.length;
    const ends = this.ends.view();
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (ends[mid]! <= offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The first `count` flows in the order they began, or null when written in that order. */
  startOrder(count: number): Int32Array | null {
    if (this.inOrder) return null;
    if (this.timeOrder?.length === count) return this.timeOrder;
    const times = this.times.view();
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort((a, b) => times[a]! - times[b]! || a - b);
    this.timeOrder = order;
    return order;
  }
}
