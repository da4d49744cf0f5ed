/**
 * One capture file (`<id>.jsonl` from the recorder or a mitmdump `.mitm`) read
 * incrementally: new bytes are read in chunks and parsed in slices of a few
 * milliseconds, each flow kept as its JSON text; a file that shrank, changed
 * identity or was rewritten in place is noticed so the store reads it again.
 */
import { open } from 'node:fs/promises';
import { MitmFlowReader } from '../../shared/capture/mitm';
import { FlowTexts } from './flowTexts';

/** parse for this long, then let the event loop serve others */
const SLICE_MS = 12;
/** bytes read from the file at a time */
const CHUNK_BYTES = 8 << 20;
/** bytes before the read position compared on the next read, to notice a rewritten file */
const FINGERPRINT_BYTES = 64;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export type Kind = 'mitm' | 'jsonl';

export interface FileIdentity {
  ino: number;
  dev: number;
  size: number;
  mtimeMs: number;
}

/** One capture file as read so far (one generation of it). */
export class CaptureFile {
  /** each flow's JSON, in the order the file has them */
  readonly texts = new FlowTexts();
  /** `timestamp_created` of each flow */
  private readonly times: number[] = [];
  /** file offset just after each flow's record or line */
  private readonly ends: number[] = [];
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
    this.seen = { ...identity, size: 0 };
    this.reader = kind === 'mitm' ? new MitmFlowReader({ maxBodyBytes, maxFlows }) : null;
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
        const wanted = Math.max(CHUNK_BYTES, this.scanned - this.readPos + CHUNK_BYTES);
        const length = back + Math.min(wanted, st.size - this.readPos);
        const buffer = Buffer.allocUnsafe(length);
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

  private add(text: string, time: number, end: number): void {
    const count = this.texts.length;
    if (count > 0 && time < this.times[count - 1]!) this.inOrder = false;
    this.texts.add(text);
    this.times.push(time);
    this.ends.push(end);
  }

  private async parseMitm(chunk: Uint8Array): Promise<void> {
    const reader = this.reader!;
    reader.push(chunk);
    let deadline = performance.now() + SLICE_MS;
    for (let flow = reader.next(); flow; flow = reader.next()) {
      this.add(JSON.stringify(flow), flow.timestamp_created, reader.offset);
      if ((this.texts.length & 15) === 0 && performance.now() >= deadline) {
        this.consumed = reader.offset;
        this.wake();
        await nextTurn();
        if (this.stale) return;
        deadline = performance.now() + SLICE_MS;
      }
    }
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
    let deadline = performance.now() + SLICE_MS;
    for (let newline = data.indexOf(0x0a); newline >= 0; newline = data.indexOf(0x0a, start)) {
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
      if (this.texts.length >= this.maxFlows) {
        this.truncated = true;
        continue;
      }
      const created = (value as { timestamp_created?: unknown }).timestamp_created;
      this.add(line, typeof created === 'number' ? created : 0, origin + start);
      if ((this.texts.length & 15) === 0 && performance.now() >= deadline) {
        this.consumed = origin + start;
        this.wake();
        await nextTurn();
        if (this.stale) return;
        deadline = performance.now() + SLICE_MS;
      }
    }
    this.consumed = origin + start;
    this.lineRest = start < data.length ? Buffer.from(data.subarray(start)) : null;
    this.incomplete = this.lineRest !== null;
  }

  /** Index of the first flow that ends after byte `offset` (the flows written after it). */
  indexAfter(offset: number): number {
    let low = 0;
    let high = this.ends.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.ends[mid]! <= offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The first `count` flows in the order they began, or null when written in that order. */
  startOrder(count: number): Int32Array | null {
    if (this.inOrder) return null;
    if (this.timeOrder?.length === count) return this.timeOrder;
    const times = this.times;
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort((a, b) => times[a]! - times[b]! || a - b);
    this.timeOrder = order;
    return order;
  }
}
