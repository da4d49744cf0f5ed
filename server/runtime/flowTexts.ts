/**
 * Parsed flows kept as their UTF-8 JSON text in slabs outside the JS heap
 * (`FlowTexts`), and flows turned into an answer's chunks (`flowChunk`).
 */
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
