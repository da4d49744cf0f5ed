/**
 * A HAR export as a Blob, written an entry at a time (`HarTextWriter`): the
 * entries' bytes are moved into Blobs as they are made, so neither one
 * string of the whole document (which V8 caps at about 512 MB) nor every
 * flow's entry stays in the worker's heap. Entries may come in any order
 * (a local file's records are read in file order); each has its slot, its
 * place in the document, and the document is put together in slot order
 * from slices of the written Blob.
 */
import { HAR_ENTRY_SEPARATOR, HarTextWriter, type HarExportOptions } from '@shared/capture/har';
import type { Flow } from '@shared/schemas';

/** Written entries are moved into the Blob when this many bytes are waiting. */
const FLUSH_BYTES = 8 * 1024 * 1024;

export class HarBlobBuilder {
  private readonly writer: HarTextWriter;
  private readonly encoder = new TextEncoder();
  /** the entries written so far, in the order they came */
  private written = new Blob([]);
  private waiting: Uint8Array<ArrayBuffer>[] = [];
  private waitingBytes = 0;
  private size = 0;
  /** each slot's entry in `written`: [start, end), -1 while not written */
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private added = 0;

  constructor(
    options: HarExportOptions,
    /** the number of places for entries in the document */
    slots: number,
  ) {
    this.writer = new HarTextWriter(options);
    this.starts = new Float64Array(slots).fill(-1);
    this.ends = new Float64Array(slots);
  }

  /** The entries written. */
  get count(): number {
    return this.added;
  }

  /** Writes `flow`'s entry for `slot` (a slot written twice keeps the first). */
  add(slot: number, flow: Flow): void {
    if (this.starts[slot] !== -1) return;
    // each entry is written after a separator: entries written in slot order are one run of bytes
    const bytes = this.encoder.encode(HAR_ENTRY_SEPARATOR + this.writer.entry(flow));
    this.starts[slot] = this.size;
    this.size += bytes.length;
    this.ends[slot] = this.size;
    this.added++;
    this.waiting.push(bytes);
    this.waitingBytes += bytes.length;
    if (this.waitingBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.waiting.length === 0) return;
    this.written = new Blob([this.written, ...this.waiting]);
    this.waiting = [];
    this.waitingBytes = 0;
  }

  /** The document: its entries in slot order (slots never written are left out). */
  blob(): Blob {
    this.flush();
    const parts: BlobPart[] = [this.writer.head(this.added)];
    // runs of entries that follow each other in the written bytes are one slice
    let from = -1;
    let to = -1;
    for (let slot = 0; slot < this.starts.length; slot++) {
      const start = this.starts[slot]!;
      if (start < 0) continue;
      if (from < 0) {
        // the first entry goes without its separator
        from = start + HAR_ENTRY_SEPARATOR.length;
      } else if (start !== to) {
        parts.push(this.written.slice(from, to));
        from = start;
      }
      to = this.ends[slot]!;
    }
    if (from >= 0) parts.push(this.written.slice(from, to));
    parts.push(this.writer.tail(this.added));
    return new Blob(parts, { type: 'application/json' });
  }
}
