/**
 * The raw-record batches `traffic/matches` reads: at most 1,000 records and,
 * beyond one record, at most `RECORD_BATCH_BYTES` of the file, so a capture
 * with huge bodies is read in small batches (not one read, and one string
 * of it in the prefilter, of gigabytes).
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTnetstring, readTnetstrings, type TnetDict } from '../../shared/capture/tnetstring';
import { tempCaptureStore, type TempCaptureStore } from '../test/tempCaptureStore';
import { RECORD_BATCH_BYTES } from './trafficAnswer';
import { mitmFlows } from '../test/captureFiles';
import type { RecordBatch } from './types';

/** `count` flows of the fixture, each with a response body of `bytes`. */
function bigFlows(count: number, bytes: number): Buffer {
  const records = readTnetstrings(new Uint8Array(mitmFlows('big', count))) as TnetDict[];
  const body = new Uint8Array(bytes).fill(0x61);
  return Buffer.concat(
    records.map((record) =>
      encodeTnetstring({
        ...record,
        response: { ...(record.response as TnetDict), content: body },
      }),
    ),
  );
}

function shape(batch: RecordBatch): { flows: number; bytes: number } {
  if ('json' in batch) return { flows: batch.json.length, bytes: 0 };
  return {
    flows: batch.runs.reduce((sum, run) => sum + run.starts.length, 0),
    bytes: batch.runs.reduce((sum, run) => sum + run.bytes.length, 0),
  };
}

describe('raw-record batches', () => {
  let temp: TempCaptureStore;
  beforeAll(() => {
    temp = tempCaptureStore('ctfy-batches-');
  });
  afterAll(() => temp.remove());

  async function batches(key: string, file: Buffer) {
    writeFileSync(temp.store.mitmPath(key), file);
    const read = async () => {
      const answer = (await temp.store.answer(key, undefined, [], 'full'))!;
      const out: { flows: number; bytes: number }[] = [];
      for await (const batch of answer.records!) {
        const s = shape(batch);
        if (s.flows > 0) out.push(s);
      }
      return out;
    };
    // the first answer follows the index as it is built (batches cut where the parse is);
    // the second reads the file indexed whole
    await read();
    return read();
  }

  it('small records (~2 KB): 1,000 a batch at most, each batch as full as the byte cap lets it be', async () => {
    const got = await batches('small', mitmFlows('s', 2500));
    expect(got.reduce((sum, b) => sum + b.flows, 0)).toBe(2500);
    for (const b of got) {
      expect(b.flows).toBeLessThanOrEqual(1000);
      expect(b.bytes).toBeLessThanOrEqual(RECORD_BATCH_BYTES);
    }
    // not cut short: the next record (~2 KB) would have passed one of the limits
    for (const b of got.slice(0, -1))
      expect(b.flows === 1000 || b.bytes > RECORD_BATCH_BYTES - 4096).toBe(true);
  });

  it('huge bodies: batches of at most RECORD_BATCH_BYTES, a record larger alone in its own, none lost', async () => {
    const five = Math.floor(RECORD_BATCH_BYTES / 3); // three of them pass the cap
    const file = Buffer.concat([bigFlows(7, five), bigFlows(1, RECORD_BATCH_BYTES + 1000)]);
    const got = await batches('big', file);
    expect(got.reduce((sum, b) => sum + b.flows, 0)).toBe(8);
    for (const b of got) if (b.flows > 1) expect(b.bytes).toBeLessThanOrEqual(RECORD_BATCH_BYTES);
    expect(got.map((b) => b.flows)).toEqual([2, 2, 2, 1, 1]);
  });
});
