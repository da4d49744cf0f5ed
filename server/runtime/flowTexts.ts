/**
 * Summaries kept as UTF-8 JSON outside the JS heap, compressed by blocks
 * (`FlowTexts`), and flows turned into an answer's chunks (`flowChunk`).
 */
import { deflateRawSync, inflateRawSync, constants as zlibConstants } from 'node:zlib';

/** flows per compressed block (an answer's batch inflates one or two) */
const BLOCK_FLOWS = 512;
/** first size of the open block's buffer; it doubles as needed */
const OPEN_FIRST = 64 << 10;
/** inflated blocks kept for the next look-ups (answers read blocks in order) */
const CACHED_BLOCKS = 4;

/**
 * Texts (a flow's summary as JSON), each with a leading comma, packed one
 * after another outside the JS heap. Every `BLOCK_FLOWS` texts make a block
 * compressed with raw deflate (summaries repeat their field names, hosts
 * and types: a block is about a tenth of its text), so 1,000,000 summaries
 * hold tens of MB, not hundreds; the block being filled stays as it is. A
 * run of texts is one view of an (inflated) block: an answer writes them
 * without joining or encoding.
 */
export class FlowTexts {
  /** full blocks, compressed (null for one that could not be: it is in `unpacked`) */
  private readonly blocks: (Buffer | null)[] = [];
  /** full blocks whose compression failed, as they are (bigger, still right) */
  private readonly unpacked = new Map<number, Buffer>();
  private unpackedBytes = 0;
  /** inflated size of each full block */
  private readonly blockSizes: number[] = [];
  private compressedBytes = 0;
  /** the block being filled, as it is */
  private open: Buffer = Buffer.alloc(0);
  private used = 0;
  /** per text: where it starts in its block (inflated) */
  private starts = new Uint32Array(1024);
  private count = 0;
  private readonly cache: { block: number; bytes: Buffer }[] = [];

  /** `lineEnds`: each text also ends with a newline (summary rows: a reader finds row ends by them) */
  constructor(private readonly lineEnds = false) {}

  get length(): number {
    return this.count;
  }

  /** bytes held (compressed blocks, the open block, the offsets) */
  get bytes(): number {
    return this.compressedBytes + this.unpackedBytes + this.open.length + this.starts.byteLength;
  }

  add(json: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit
    const start = this.reserve(json.length * 3);
    this.used = start + 1 + this.open.write(json, start + 1, 'utf8');
    this.added(start);
  }

  /** `add` of a text given as its UTF-8 bytes. */
  addBytes(utf8: Uint8Array): void {
    const start = this.reserve(utf8.length);
    this.open.set(utf8, start + 1);
    this.used = start + 1 + utf8.length;
    this.added(start);
  }

  /** Makes room for a text of at most `bound` bytes; writes its comma and gives where it starts. */
  private reserve(bound: number): number {
    const needed = this.used + bound + 2;
    if (needed > this.open.length) {
      let size = Math.max(OPEN_FIRST, this.open.length * 2);
      while (size < needed) size *= 2;
      const grown = Buffer.allocUnsafe(size);
      this.open.copy(grown, 0, 0, this.used);
      this.open = grown;
    }
    if (this.count === this.starts.length) {
      const grown = new Uint32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    const start = this.used;
    this.open[start] = 0x2c; // ,
    return start;
  }

  /** Ends the text written from `start` (`used` is after it). */
  private added(start: number): void {
    if (this.lineEnds) this.open[this.used++] = 0x0a; // \n
    this.starts[this.count++] = start;
    if (this.count % BLOCK_FLOWS === 0) this.close();
  }

  /**
   * Compresses the open block (full) and starts a new one. On the event
   * loop (about 0.2 ms a block of 512 summaries): on libuv's threads the
   * same work took twice the CPU (a stream and a thread hop per block),
   * which a 2-core machine pays while a cold capture is indexed.
   */
  private close(): void {
    const block = this.blocks.length;
    const raw = this.open.subarray(0, this.used);
    this.blockSizes.push(this.used);
    try {
      const packed = deflateRawSync(raw, { level: zlibConstants.Z_BEST_SPEED });
      this.blocks.push(packed);
      this.compressedBytes += packed.length;
      // as if just inflated: an answer streaming a cold capture reads it next
      this.remember(block, Buffer.from(raw));
    } catch {
      this.blocks.push(null);
      this.unpacked.set(block, Buffer.from(raw));
      this.unpackedBytes += raw.length;
    }
    this.used = 0;
    // a small buffer again: the open block's bytes are only a block's worth
    if (this.open.length > 4 * OPEN_FIRST) this.open = Buffer.alloc(0);
  }

  /** The inflated bytes of block `block` (the open one as it is). */
  private block(block: number): Buffer {
    if (block === this.blocks.length) return this.open.subarray(0, this.used);
    const raw = this.unpacked.get(block);
    if (raw) return raw;
    const hit = this.cache.find((c) => c.block === block);
    if (hit) return hit.bytes;
    const bytes = inflateRawSync(this.blocks[block]!);
    this.remember(block, bytes);
    return bytes;
  }

  /** Keeps a block's inflated bytes for the next look-ups. */
  private remember(block: number, bytes: Buffer): void {
    this.cache.push({ block, bytes });
    if (this.cache.length > CACHED_BLOCKS) this.cache.shift();
  }

  /** Where text `index` ends in its block. */
  private endOf(index: number): number {
    const next = index + 1;
    if (next < this.count && next % BLOCK_FLOWS !== 0) return this.starts[next]!;
    const block = Math.floor(index / BLOCK_FLOWS);
    return block === this.blocks.length ? this.used : this.blockSizes[block]!;
  }

  /** Text `index` (with its leading comma); a copy only when it lies in the open block. */
  at(index: number): Buffer {
    const block = Math.floor(index / BLOCK_FLOWS);
    const view = this.block(block).subarray(this.starts[index], this.endOf(index));
    // the open block's buffer is written on by later adds
    return block === this.blocks.length ? Buffer.from(view) : view;
  }

  /** Texts [from, to) as one view per block they lie in. */
  runs(from: number, to: number): Buffer[] {
    const views: Buffer[] = [];
    let i = from;
    while (i < to) {
      const block = Math.floor(i / BLOCK_FLOWS);
      const last = Math.min(to, (block + 1) * BLOCK_FLOWS) - 1;
      const view = this.block(block).subarray(this.starts[i], this.endOf(last));
      views.push(block === this.blocks.length ? Buffer.from(view) : view);
      i = last + 1;
    }
    return views;
  }
}

/** Flows as an answer's chunks: UTF-8 JSON, each with a leading comma (and `lineEnds`: a newline after it). */
export function flowChunk(flows: readonly unknown[], lineEnds = false): Buffer {
  const end = lineEnds ? '\n' : '';
  return Buffer.from(flows.map((flow) => ',' + JSON.stringify(flow) + end).join(''), 'utf8');
}
