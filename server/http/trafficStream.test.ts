/**
 * A traffic answer written while its capture is still being indexed: the
 * index holds the event loop in slices, and the gzip writer must move the
 * rows out as the index hands them out, not when it ends.
 */
import { writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { mitmFlows } from '../test/captureFiles';
import { tempCaptureStore } from '../test/tempCaptureStore';
import { trafficGzip, writeDocument } from './traffic';

const silent = { error: () => undefined } as unknown as FastifyBaseLogger;

describe('a gzip answer while the capture is indexed', () => {
  const { store, remove } = tempCaptureStore('ctfy-gzip-stream-');
  afterAll(remove);

  it('sends the rows as the index hands them out, not when it ends', async () => {
    const FLOWS = 40_000;
    writeFileSync(store.mitmPath('cold'), mitmFlows('cold', FLOWS));
    const answer = (await store.answer('cold', undefined, [], 'summary-rows'))!;
    const gzip = trafficGzip();
    const compressed: Buffer[] = [];
    let outWhileIndexing = 0;
    gzip.on('data', (chunk: Buffer) => {
      compressed.push(chunk);
      if (store.reading('cold')) outWhileIndexing += chunk.length;
    });
    const ended = new Promise((resolve) => gzip.on('end', resolve));
    await writeDocument(gzip, 'i1', answer, () => gzip.flush(), silent);
    await ended;
    const out = Buffer.concat(compressed);
    const text = gunzipSync(out).toString('utf8');
    expect(text.split('\n')).toHaveLength(FLOWS + 1);
    expect(text).toContain(`"cold-${FLOWS - 1}"`);
    // zlib's 16 KB steps, one a turn of the event loop (the index yields
    // a turn every 12 ms), had sent about a third when the index ended; the
    // rest came at once
    expect(outWhileIndexing / out.length).toBeGreaterThan(0.75);
  });
});
