import { describe, expect, it, vi } from 'vitest';
import { DownloadError, expectedLength, readBody } from './transfer';

function streamOf(chunks: Uint8Array[], failAfter?: number) {
  let n = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && n === failAfter) {
        controller.error(new TypeError('network error'));
        return;
      }
      const chunk = chunks[n++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);

describe('readBody', () => {
  it('reads every byte, reporting progress against Content-Length', async () => {
    const onProgress = vi.fn();
    const res = new Response(streamOf([bytes(3), bytes(5)]), {
      headers: { 'Content-Length': '8', 'Content-Type': 'text/plain' },
    });
    const blob = await readBody(res, onProgress);
    expect(blob.size).toBe(8);
    expect(blob.type).toBe('text/plain');
    expect(onProgress).toHaveBeenLastCalledWith({ received: 8, total: 8 });
    expect(onProgress).toHaveBeenCalledWith({ received: 3, total: 8 });
  });

  it('refuses a body shorter than Content-Length', async () => {
    const res = new Response(streamOf([bytes(10)]), { headers: { 'Content-Length': '4096' } });
    await expect(readBody(res)).rejects.toThrow(
      'The download was cut short: 10 of 4,096 bytes arrived. Nothing was saved.',
    );
  });

  it('turns a stream failure into a DownloadError', async () => {
    const res = new Response(streamOf([bytes(10), bytes(10)], 1));
    await expect(readBody(res)).rejects.toBeInstanceOf(DownloadError);
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    const res = new Response(streamOf([bytes(10)]));
    await expect(readBody(res, undefined, ac.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('ignores Content-Length when the body is content-encoded', () => {
    expect(
      expectedLength(
        new Response('x', { headers: { 'Content-Length': '5', 'Content-Encoding': 'gzip' } }),
      ),
    ).toBeUndefined();
    expect(expectedLength(new Response('x', { headers: { 'Content-Length': '5' } }))).toBe(5);
    expect(
      expectedLength(new Response('x', { headers: { 'Content-Length': 'x' } })),
    ).toBeUndefined();
  });
});
