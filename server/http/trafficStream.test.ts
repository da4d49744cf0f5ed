/**
 * A traffic answer written while its capture is still being indexed: the
 * index holds the event loop in slices, and the gzip writer must move the
 * rows out as the index hands them out, not when it ends.
 */
import { writeFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { mitmFlows } from '../test/captureFiles';
import { tempCaptureStore } from '../test/tempCaptureStore';
import { trafficBrotli, trafficGzip, writeDocument } from './traffic';

const silent = { error: () => undefined } as unknown as FastifyBaseLogger;

describe('a compressed answer while the capture is indexed', () => {
  const { store, remove } = tempCaptureStore('ctfy-gzip-stream-');
  afterAll(remove);

  it.each([
    { coding: 'gzip', compressor: trafficGzip, decode: gunzipSync },
    { coding: 'br', compressor: trafficBrotli, decode: brotliDecompressSync },
  ])('sends the rows ($coding) as the index hands them out, not when it ends', async (c) => {
    const FLOWS = 40_000;
    const key = `cold-${c.coding}`;
    writeFileSync(store.mitmPath(key), mitmFlows('cold', FLOWS));
    const answer = (await store.answer(key, undefined, [], 'summary-rows'))!;
    const gzip = c.compressor();
    const compressed: Buffer[] = [];
    let outWhileIndexing = 0;
    gzip.on('data', (chunk: Buffer) => {
      compressed.push(chunk);
      if (store.reading(key)) outWhileIndexing += chunk.length;
    });
    const ended = new Promise((resolve) => gzip.on('end', resolve));
    await writeDocument(gzip, 'i1', answer, () => gzip.flush(), silent);
    await ended;
    const out = Buffer.concat(compressed);
    const text = c.decode(out).toString('utf8');
    expect(text.split('\n')).toHaveLength(FLOWS + 1);
    expect(text).toContain(`"cold-${FLOWS - 1}"`);
    // zlib's 16 KB steps, one a turn of the event loop (the index yields
    // a turn every 12 ms), had sent about a third when the index ended; the
    // rest came at once
    expect(outWhileIndexing / out.length).toBeGreaterThan(0.75);
  });
});
