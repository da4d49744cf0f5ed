import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeTnetstring, readTnetstrings, type TnetDict } from '@shared/capture/tnetstring';
import { parseMitmFile } from '@shared/capture/mitm';
import { CaptureFormatError } from '@shared/capture/captureJson';
import {
  FileChangedError,
  isStreamableDump,
  LocalDumpFlows,
  streamDump,
  streamDumpSummaries,
} from './fileStream';
import { flowSummary } from '@shared/capture/summary';
import { gzipSync } from 'node:zlib';
import { matchBatch } from '@shared/capture/filter/batch';
import { parseFilter } from '@shared/capture/filter/parse';
import { RecordPrefilter } from '@shared/capture/filter/prefilter';
import { flowMarks } from '@shared/capture/recordMarks';

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

/** A dump's summaries and where its flows are, as the worker keeps them for an opened file. */
async function indexOf(blob: Blob, slices?: { first: number; next: number }) {
  const local = new LocalDumpFlows(blob);
  const summaries: unknown[] = [];
  const stream = streamDumpSummaries(blob, slices);
  for (let step = await stream.next(); !step.done; step = await stream.next()) {
    const rows = step.value.flows.map((_, i) => ({ index: summaries.length + i }));
    summaries.push(...step.value.flows);
    local.keep(step.value, rows, (index) => summaries[index]);
  }
  return { local, summaries };
}

describe('a dump kept as summaries and record ranges', () => {
  it('gives the summaries of the whole flows, and reads each flow back whole from its record', async () => {
    const bytes = dump(60);
    const whole = parseMitmFile(bytes).flows;
    const { local, summaries } = await indexOf(new Blob([bytes]), { first: 1000, next: 4096 });
    expect(summaries).toEqual(whole.map((f) => flowSummary(f)));
    expect(local.size).toBe(60);
    expect(local.indexOf('f-17')).toBe(17);
    for (const flow of whole) expect(await local.read(flow.id)).toEqual(flow);
    expect(await local.read('nope')).toBeNull();
  });

  it('reads many flows in file order with few slices, skipping what is not asked for', async () => {
    const bytes = dump(300);
    const whole = parseMitmFile(bytes).flows;
    const { blob, read } = countingBlob(bytes);
    const { local } = await indexOf(blob);
    read.bytes = 0;
    const wanted = ['f-250', 'f-3', 'f-4', 'f-5', 'f-120', 'nope'];
    const got: string[] = [];
    const progress: string[] = [];
    let slices = 0;
    const slice = blob.slice;
    blob.slice = (start?: number, end?: number) => {
      slices++;
      return slice(start, end);
    };
    await local.readMany(
      wanted,
      (flows, done, total) => {
        got.push(...flows.map((f) => f.id));
        progress.push(`${done}/${total}`);
        for (const f of flows) expect(f).toEqual(whole.find((w) => w.id === f.id));
      },
      undefined,
      16 * 1024,
    );
    expect(got).toEqual(['f-3', 'f-4', 'f-5', 'f-120', 'f-250']);
    expect(progress.at(-1)).toBe('5/5');
    // f-3…f-5 are neighbours: one slice; far apart ones: their own
    expect(slices).toBe(3);
    expect(read.bytes).toBeLessThan(bytes.length / 10);
  });

  it('says so when the file no longer holds the flow at its range, and stops when aborted', async () => {
    const bytes = dump(10);
    const { local } = await indexOf(new Blob([bytes]));
    const shifted = new LocalDumpFlows(new Blob([new Uint8Array(7), bytes]));
    shifted.set('f-2', 2, 0, 100);
    await expect(shifted.read('f-2')).rejects.toBeInstanceOf(FileChangedError);
    const controller = new AbortController();
    controller.abort(new Error('a newer filter'));
    await expect(local.readMany(['f-1'], () => {}, controller.signal)).rejects.toThrow(
      'a newer filter',
    );
  });

  it('scans records with the marks it kept (each flow’s flowMarks): the answers are the evaluator’s', async () => {
    const enc = new TextEncoder();
    const utf16 = (text: string) => new Uint8Array([...text].flatMap((c) => [c.charCodeAt(0), 0]));
    const records = Array.from({ length: 40 }, (_, i) => {
      const record = RECORDS[i % RECORDS.length]!;
      if (record.response === null || i % 3 === 2) return { ...record, id: `m-${i}` };
      const response = {
        ...(record.response as TnetDict),
        ...(i % 3 === 0
          ? {
              headers: [[enc.encode('Content-Encoding'), enc.encode('gzip')]],
              content: gzipSync(enc.encode(`gzipped secret ${i}`)),
            }
          : {
              headers: [[enc.encode('content-type'), enc.encode('text/plain; charset=utf-16le')]],
              content: utf16(`wide secret ${i}`),
            }),
      };
      return { ...record, id: `m-${i}`, response };
    });
    const bytes = new Uint8Array(Buffer.concat(records.map((r) => encodeTnetstring(r))));
    const whole = parseMitmFile(bytes).flows;
    const { local } = await indexOf(new Blob([bytes]), { first: 1000, next: 4096 });
    for (const filter of ['~b secret', '!~bs wide', '~b gzipped | ~c 404']) {
      const node = parseFilter(filter);
      const prefilter = RecordPrefilter.for(node)!;
      const given: number[] = [];
      const scan = prefilter.scan.bind(prefilter);
      prefilter.scan = (b, starts, ends, marks) => {
        given.push(...Array.from(marks ?? []));
        return scan(b, starts, ends, marks);
      };
      const matched = new Set<number>();
      const maybe: typeof whole = [];
      await local.scanMany(
        whole.map((f) => f.id),
        prefilter,
        (flows, yes) => {
          for (const index of yes) matched.add(index);
          maybe.push(...flows);
        },
        undefined,
        8 * 1024,
      );
      const evaluated = matchBatch(node, maybe);
      maybe.forEach((f, i) => evaluated[i] && matched.add(local.indexOf(f.id)!));
      const expected = matchBatch(node, whole);
      expect([...matched].sort((a, b) => a - b)).toEqual(
        whole.flatMap((_, i) => (expected[i] ? [i] : [])),
      );
      expect(given).toEqual(whole.map(flowMarks));
      // (the marks matter: the encoded and UTF-16 flows are not proven NO from their bytes)
      expect(given.filter((m) => m !== 0).length).toBeGreaterThan(20);
    }
  });
});
