/**
 * Reading a download to the end, with progress, before anything is saved:
 * a body cut short (fewer bytes than `Content-Length`) or a stream that
 * fails is an error, and nothing half-written ever reaches the disk.
 */
import { formatCount, formatNumber } from '@shared/format';

export interface Progress {
  received: number;
  /** Bytes expected, when the server said (`Content-Length`, no content-encoding). */
  total: number | undefined;
}

export class DownloadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DownloadError';
  }
}

export function expectedLength(res: Response): number | undefined {
  const encoding = res.headers.get('Content-Encoding');
  // With a content-encoding the header counts encoded bytes, not what we read.
  if (encoding && encoding.toLowerCase() !== 'identity') return undefined;
  const raw = res.headers.get('Content-Length');
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw);
}

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

/** Reads the whole body into a Blob, calling `onProgress` as bytes arrive. */
export async function readBody(
  res: Response,
  onProgress: (p: Progress) => void = () => {},
  signal?: AbortSignal,
): Promise<Blob> {
  const total = expectedLength(res);
  const type = res.headers.get('Content-Type') ?? 'application/octet-stream';
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  onProgress({ received, total });
  if (res.body) {
    const reader = res.body.getReader();
    try {
      for (;;) {
        if (signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        onProgress({ received, total });
      }
    } catch (e) {
      void reader.cancel().catch(() => {});
      if (isAbort(e) || signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
      throw new DownloadError(
        `The download was interrupted after ${total !== undefined ? `${formatNumber(received)} of ${formatCount(total, 'byte')}` : formatCount(received, 'byte')}. Nothing was saved.`,
        { cause: e },
      );
    }
  }
  if (total !== undefined && received !== total) {
    throw new DownloadError(
      `The download was cut short: ${formatNumber(received)} of ${formatCount(total, 'byte')} arrived. Nothing was saved.`,
    );
  }
  return new Blob(chunks, { type });
}
