import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeTnetstring, readTnetstrings, type TnetDict } from '@shared/capture/tnetstring';
import { parseMitmFile } from '@shared/capture/mitm';
import { CaptureFormatError } from '@shared/capture/captureJson';
import { isStreamableDump, streamDump } from './fileStream';

const FIXTURE = readFileSync('e2e/fixtures/mitmproxy-8.1.1.mitm');
const RECORDS = readTnetstrings(new Uint8Array(FIXTURE)) as TnetDict[];

/** `count` fixture records, renamed, as a dump */
function dump(count: number): Uint8Array<ArrayBuffer> {
  const parts = Array.from({ length: count }, (_, i) =>
    encodeTnetstring({ ...RECORDS[i % RECORDS.length]!, id: `f-${i}` }),
  );
  return new Uint8Array(Buffer.concat(parts));
}

/** A Blob that counts the bytes read through it. */
function countingBlob(bytes: Uint8Array<ArrayBuffer>) {
  const blob = new Blob([bytes]);
  const read = { bytes: 0 };
  const slice = blob.slice.bind(blob);
  blob.slice = (start?: number, end?: number) => {
    const part = slice(start, end);
    read.bytes += part.size;
    return part;
  };
  return { blob, read };
}

async function all(blob: Blob, slices?: { first: number; next: number }) {
  const stream = streamDump(blob, slices);
  const flows: unknown[] = [];
  for (;;) {
    const step = await stream.next();
    if (step.done) return { flows, end: step.value };
    flows.push(...step.value);
  }
}

describe('a dump read as a stream', () => {
  it('gives the flows and warnings of parseMitmFile on the whole file, whatever the slices', async () => {
    const bytes = dump(200);
    const whole = parseMitmFile(bytes);
    for (const slices of [
      { first: 100, next: 777 }, // records cut everywhere, longer than a slice
      { first: 4096, next: 65_536 },
      { first: 1 << 20, next: 1 << 20 },
    ]) {
      const read = await all(new Blob([bytes]), slices);
      expect(read.flows).toEqual(whole.flows);
      expect(read.end.warnings).toEqual(whole.warnings);
      expect(read.end.truncated).toBe(false);
    }
  });

  it('hands out the first flows after the first slice, long before the file is read', async () => {
    const bytes = dump(3_000);
    const { blob, read } = countingBlob(bytes);
    const stream = streamDump(blob, { first: 64 * 1024, next: 256 * 1024 });
    const first = await stream.next();
    expect(first.done).toBe(false);
    expect((first.value as unknown[]).length).toBeGreaterThan(0);
    expect(read.bytes).toBeLessThan(bytes.length / 10);
  });

  it('keeps the flows before damaged bytes and says so; a file that is no dump is refused', async () => {
    const good = dump(5);
    const damaged = new Uint8Array([...good, ...new TextEncoder().encode('12:garbage')]);
    const read = await all(new Blob([damaged]), { first: 1000, next: 1000 });
    expect(read.flows).toHaveLength(5);
    expect(read.end.truncated).toBe(true);
    await expect(all(new Blob(['9:not a flow,']))).rejects.toBeInstanceOf(CaptureFormatError);
    await expect(all(new Blob([]))).rejects.toThrow(/empty/);
    expect(await isStreamableDump(new Blob([good]))).toBe(true);
    expect(await isStreamableDump(new Blob(['{"format":"ctfy-traffic/1"}']))).toBe(false);
  });
});
