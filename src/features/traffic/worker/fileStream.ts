/**
 * A mitmproxy dump the user opened, read as a stream: the file is read in
 * slices (`Blob.slice`, never whole), each slice's complete records are
 * mapped to flows and handed out at once, so the first rows can show after
 * the first slice of a 500 MB file. A record cut by a slice's end is read
 * again from its start with the next slice (no copy of the slice to join
 * it). Gives exactly the flows and warnings of `parseMitmFile` on the whole
 * file. Other files (ctfy JSON, HAR) are read whole by `parseCaptureFile`.
 */
import { MitmFlowReader } from '@shared/capture/mitm';
import { CaptureFormatError } from '@shared/capture/captureJson';

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

/**
 * The flows of a dump, slice by slice (raw, not validated); returns what
 * the reading said. Throws `CaptureFormatError` when the file holds no flow
 * and is not a dump.
 */
export async function* streamDump(
  blob: Blob,
  slices = { first: FIRST_SLICE_BYTES, next: SLICE_BYTES },
): AsyncGenerator<unknown[], DumpEnd> {
  if (blob.size === 0) throw new CaptureFormatError('The file is empty.');
  const reader = new MitmFlowReader();
  let position = 0;
  let size = slices.first;
  let handedOut = 0;
  for (;;) {
    const end = Math.min(blob.size, position + size);
    const bytes = new Uint8Array(await blob.slice(position, end).arrayBuffer());
    reader.push(bytes);
    if (end === blob.size) reader.finish();
    const flows: unknown[] = [];
    for (let flow = reader.next(); flow; flow = reader.next()) flows.push(flow);
    handedOut += flows.length;
    if (flows.length > 0) yield flows;
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
