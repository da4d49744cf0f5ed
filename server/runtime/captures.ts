/**
 * Captures on disk: `DATA_DIR/captures/<id>.jsonl` (one Flow per line, from
 * the built-in recorder) or `<id>.mitm`, `<id>.1.mitm`, … (mitmdump's flow
 * files, one per HTTP entrypoint, or one a benchmark dropped there).
 *
 * Each file is read incrementally and only once: its bytes are read in
 * chunks, parsed in slices of a few milliseconds (the event loop keeps
 * serving between them), and every flow is kept as its JSON in UTF-8
 * (`FlowTexts`), so an answer is mostly cached bytes written into a stream. A file that grows
 * (a recorder or mitmdump still writing) is read from where the last read
 * stopped; one that shrank, changed identity or whose last bytes read
 * changed (rewritten in place) is read again from the start, as a new
 * "generation".
 *
 * Answers stream while a parse runs: the flows parsed so far are sent at
 * once, then the request follows the parse until it ends. Concurrent
 * requests share the one parse. Every answer ends with a cursor (per file:
 * generation and bytes read, in write order); `?since=<cursor>` answers
 * only the flows written after it, plus the recorder's open flows.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Flow } from '../../src/api/schemas';
import { MitmFlowReader } from '../../src/lib/capture/mitm';
import type { TrafficAnswer, TrafficEnd } from './types';

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** parse for this long, then let the event loop serve others */
const SLICE_MS = 12;
/** bytes read from the file at a time */
const CHUNK_BYTES = 8 << 20;
/** flows per batch handed to a writer */
const BATCH = 500;
/** bytes before the read position compared on the next read, to notice a rewritten file */
const FINGERPRINT_BYTES = 64;
export const DEFAULT_MAX_CAPTURED_FLOWS = 200_000;
/**
 * Parsed captures kept in memory; past this, the files used least recently
 * (and not being read) are forgotten and parsed again when asked for
 * (their cursors then answer the whole capture).
 */
export const DEFAULT_CACHE_BYTES = 768 << 20;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** first slab of a file; each next one twice as big, up to the last size */
const SLAB_FIRST = 64 << 10;
const SLAB_MAX = 8 << 20;

/**
 * Flows as UTF-8 JSON, each with a leading comma, packed one after another
 * in slabs outside the JS heap: a run of flows is one view of a slab, so an
 * answer writes them without joining, encoding or copying, and 100,000
 * cached flows are no work for the garbage collector.
 */
export class FlowTexts {
  private readonly slabs: Buffer[] = [];
  private slab: Buffer = Buffer.alloc(0);
  private used = 0;
  private nextSize = SLAB_FIRST;
  /** per flow: slab index, and start and end within it */
  private readonly slabOf: number[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  get length(): number {
    return this.starts.length;
  }

  /** bytes held (slabs, used or not) */
  get bytes(): number {
    let total = 0;
    for (const slab of this.slabs) total += slab.length;
    return total;
  }

  add(json: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit
    const bound = json.length * 3 + 1;
    if (this.used + bound > this.slab.length) {
      while (this.nextSize < bound && this.nextSize < SLAB_MAX) this.nextSize *= 2;
      this.slab = Buffer.allocUnsafe(Math.max(this.nextSize, bound));
      this.nextSize = Math.min(SLAB_MAX, this.nextSize * 2);
      this.slabs.push(this.slab);
      this.used = 0;
    }
    const start = this.used;
    this.slab[start] = 0x2c; // ,
    const end = start + 1 + this.slab.write(json, start + 1, 'utf8');
    this.used = end;
    this.slabOf.push(this.slabs.length - 1);
    this.starts.push(start);
    this.ends.push(end);
  }

  /** Flow `index` (with its leading comma). */
  at(index: number): Buffer {
    return this.slabs[this.slabOf[index]!]!.subarray(this.starts[index], this.ends[index]);
  }

  /** Flows [from, to) as few views as their slabs allow. */
  runs(from: number, to: number): Buffer[] {
    const views: Buffer[] = [];
    let i = from;
    while (i < to) {
      const slab = this.slabOf[i]!;
      let j = i + 1;
      while (j < to && this.slabOf[j] === slab) j++;
      views.push(this.slabs[slab]!.subarray(this.starts[i], this.ends[j - 1]));
      i = j;
    }
    return views;
  }
}

/** Flows as an answer's chunks: UTF-8 JSON, each with a leading comma. */
export function flowChunk(flows: readonly unknown[]): Buffer {
  return Buffer.from(flows.map((flow) => ',' + JSON.stringify(flow)).join(''), 'utf8');
}

type Kind = 'mitm' | 'jsonl';

interface FileIdentity {
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

/** One file of an answer: where it starts and, once sent, where it ended. */
interface Part {
  key: string;
  file: CaptureFile;
  /** first flow to send */
  from: number;
}

const CURSOR = /^v1\.([a-z0-9]+)((?:\.(?:m\d*|j)-\d{1,9}-\d{1,15})*)$/;

function fileKey(id: string, name: string): string {
  if (name === `${id}.jsonl`) return 'j';
  if (name === `${id}.mitm`) return 'm';
  return `m${name.slice(id.length + 1, -'.mitm'.length)}`;
}

export class CaptureStore {
  readonly dir: string;
  /** changes with every store (server start): cursors of an earlier run are unknown */
  private readonly epoch = randomBytes(5).toString('hex');
  private generations = 0;
  private readonly files = new Map<string, CaptureFile>();
  private uses = 0;
  private readonly pending = new Map<string, string[]>();
  private readonly appended = new Map<string, number>();

  constructor(
    dataDir: string,
    private readonly maxBodyBytes = Infinity,
    private readonly maxFlows = DEFAULT_MAX_CAPTURED_FLOWS,
    private readonly cacheBytes = DEFAULT_CACHE_BYTES,
  ) {
    this.dir = join(dataDir, 'captures');
    mkdirSync(this.dir, { recursive: true });
  }

  jsonlPath(id: string): string {
    return join(this.dir, `${id}.jsonl`);
  }

  mitmPath(id: string, extra?: number): string {
    return join(this.dir, extra ? `${id}.${extra}.mitm` : `${id}.mitm`);
  }

  /** an empty capture: the API then serves `{flows: []}`, not `{}` */
  create(id: string): void {
    writeFileSync(this.jsonlPath(id), '', { flag: 'a' });
    this.appended.set(id, 0);
  }

  /**
   * Queues a flow; a burst is written with one append on the next turn.
   * Past the cap, flows are dropped (the answer then says `truncated`).
   */
  append(id: string, flow: Flow): void {
    const count = (this.appended.get(id) ?? 0) + 1;
    this.appended.set(id, count);
    if (count > this.maxFlows) return;
    const queued = this.pending.get(id);
    if (queued) {
      queued.push(JSON.stringify(flow));
      return;
    }
    this.pending.set(id, [JSON.stringify(flow)]);
    setImmediate(() => this.flush(id));
  }

  /** Writes the queued flows of `id` now (reads and stops call it first). */
  flush(id: string): void {
    const queued = this.pending.get(id);
    if (!queued) return;
    this.pending.delete(id);
    try {
      appendFileSync(this.jsonlPath(id), queued.join('\n') + '\n');
    } catch (err) {
      console.error(`[runtime] could not write the capture of ${id}:`, err);
    }
  }

  /** Forgets the least recently used files (never `keep`, never one being read) past the budget. */
  private evict(keep: CaptureFile): void {
    let total = 0;
    for (const file of this.files.values()) total += file.texts.bytes;
    if (total <= this.cacheBytes) return;
    const idle = [...this.files.entries()]
      .filter(([, file]) => file !== keep && !file.updating)
      .sort(([, a], [, b]) => a.usedAt - b.usedAt);
    for (const [path, file] of idle) {
      if (total <= this.cacheBytes) break;
      this.files.delete(path);
      total -= file.texts.bytes;
    }
  }

  /** Whether a file of `id` is being read now (a parse in progress). */
  reading(id: string): boolean {
    for (const file of this.files.values())
      if (file.updating && file.path.startsWith(join(this.dir, `${id}.`))) return true;
    return false;
  }

  /** How many file generations were read from the start (one per file, plus one per rewrite). */
  get generationCount(): number {
    return this.generations;
  }

  /** The capture files of `id`: its `.mitm` files if any, else its `.jsonl`. */
  private async names(id: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const mitm = names
      .filter(
        (n) =>
          n === `${id}.mitm` ||
          (n.startsWith(`${id}.`) && /^[1-9]\d{0,5}\.mitm$/.test(n.slice(id.length + 1))),
      )
      .sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    return mitm.length > 0 ? mitm : names.filter((n) => n === `${id}.jsonl`);
  }

  /** The current generation of a capture file, its reading started; null when it is gone. */
  private async current(name: string): Promise<CaptureFile | null> {
    const path = join(this.dir, name);
    let st;
    try {
      st = await stat(path);
    } catch {
      return null;
    }
    if (!st.isFile()) return null;
    const identity = { ino: st.ino, dev: st.dev, size: st.size, mtimeMs: st.mtimeMs };
    const known = this.files.get(path);
    // grown: appended to, or rewritten longer (then the bytes read last differ)
    if (known && !known.updating && identity.size > known.seen.size && !(await known.unchanged()))
      known.stale = true;
    // no await between this look-up and the set: concurrent requests share one file
    let file = this.files.get(path);
    if (file && !file.updating && file.replacedBy(identity)) file = undefined;
    if (!file) {
      file = new CaptureFile(
        path,
        name.endsWith('.mitm') ? 'mitm' : 'jsonl',
        ++this.generations,
        identity,
        this.maxBodyBytes,
        this.maxFlows,
      );
      this.files.set(path, file);
    }
    file.usedAt = ++this.uses;
    this.evict(file);
    if (identity.size !== file.seen.size || file.seen.size === 0) void file.refresh();
    return file;
  }

  /**
   * The capture of `id` as an answer to stream, or null when there is no
   * capture file and no open flow. `live` (the recorder's open flows, read
   * in the same turn as the queued flows were flushed) is sent first, so a
   * flow that ends meanwhile is sent again, finished, after its open state.
   */
  async answer(
    id: string,
    since: string | undefined,
    live: Flow[] = [],
  ): Promise<TrafficAnswer | null> {
    if (!SAFE_ID.test(id)) return null;
    const names = await this.names(id);
    const found = await Promise.all(
      names.map(async (name) => ({ key: fileKey(id, name), file: await this.current(name) })),
    );
    const files = found.filter((f): f is { key: string; file: CaptureFile } => f.file !== null);
    if (files.length === 0 && live.length === 0) return null;
    const starts = since === undefined ? null : this.deltaStarts(since, files);
    const parts: Part[] = files.map(({ key, file }) => {
      const offset = starts?.get(key);
      return { key, file, from: offset === undefined ? 0 : file.indexAfter(offset) };
    });
    return new StreamedAnswer(
      starts ? since! : null,
      `v1.${this.epoch}`,
      live.length > 0 ? flowChunk(live) : null,
      parts,
      (this.appended.get(id) ?? 0) > this.maxFlows,
    );
  }

  /**
   * Per file key, the byte offset a cursor reached; null when the cursor
   * is not one of this store's or no longer matches the files (one is gone,
   * was rewritten, or is shorter than the cursor says).
   */
  private deltaStarts(
    since: string,
    files: { key: string; file: CaptureFile }[],
  ): Map<string, number> | null {
    const match = CURSOR.exec(since);
    if (!match || match[1] !== this.epoch) return null;
    const starts = new Map<string, number>();
    for (const entry of match[2]!.split('.').slice(1)) {
      const [key, generation, offset] = entry.split('-') as [string, string, string];
      const file = files.find((f) => f.key === key)?.file;
      if (!file || file.generation !== Number(generation) || Number(offset) > file.consumed)
        return null;
      starts.set(key, Number(offset));
    }
    return starts;
  }

  /** Every flow of the instance, or null when there is no capture file (tests, tools). */
  async read(id: string): Promise<Flow[] | null> {
    return flowsOf(await this.answer(id, undefined));
  }
}

/** An answer's flows, parsed back (tests, tools); null for no answer. */
export async function flowsOf(answer: TrafficAnswer | null): Promise<Flow[] | null> {
  if (!answer) return null;
  const chunks: Buffer[] = [];
  for await (const batch of answer.batches)
    for (const chunk of batch) chunks.push(Buffer.from(chunk));
  const text = Buffer.concat(chunks).toString('utf8');
  return JSON.parse(`[${text.slice(1)}]`) as Flow[];
}

class StreamedAnswer implements TrafficAnswer {
  private readonly covered: string[] = [];
  private truncated: boolean;
  private finished = false;

  constructor(
    readonly since: string | null,
    private readonly cursorHead: string,
    private readonly live: Buffer | null,
    private readonly parts: Part[],
    overflow: boolean,
  ) {
    this.truncated = overflow;
  }

  get batches(): AsyncIterable<Uint8Array[]> {
    return this.generate();
  }

  private async *generate(): AsyncGenerator<Uint8Array[]> {
    if (this.live) yield [this.live];
    for (const part of this.parts) {
      const { file } = part;
      const texts = file.texts;
      let next = part.from;
      // a whole file that is read and was not written in start order: send it in start order
      if (this.since === null && !file.updating) {
        const order = file.startOrder(texts.length);
        if (order) {
          for (let i = 0; i < order.length; i += BATCH) {
            const views: Buffer[] = [];
            for (let j = i; j < Math.min(order.length, i + BATCH); j++)
              views.push(texts.at(order[j]!));
            yield [Buffer.concat(views)];
          }
          next = order.length;
        }
      }
      for (;;) {
        if (next < texts.length) {
          const end = Math.min(texts.length, next + BATCH);
          yield texts.runs(next, end);
          next = end;
          continue;
        }
        if (!file.updating || file.stale) break;
        const changed = file.changed();
        yield []; // caught up with the parse: a writer may flush here
        await changed;
      }
      if (file.stale || file.incomplete || file.truncated) this.truncated = true;
      this.covered.push(`${part.key}-${file.generation}-${file.consumed}`);
    }
    this.finished = true;
  }

  end(): TrafficEnd {
    return {
      cursor: this.finished ? [this.cursorHead, ...this.covered].join('.') : null,
      truncated: this.truncated,
    };
  }
}

/** An answer made of flows already in memory (a runtime without files, tests). */
export function answerFromFlows(flows: Flow[], cursor: string | null = null): TrafficAnswer {
  return {
    since: null,
    batches: (async function* () {
      for (let i = 0; i < flows.length; i += BATCH) yield [flowChunk(flows.slice(i, i + BATCH))];
    })(),
    end: () => ({ cursor, truncated: false }),
  };
}
