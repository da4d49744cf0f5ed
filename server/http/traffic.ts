/**
 * Streams a capture as one ctfy-traffic/1 document while the runtime is
 * still producing it: the head goes out at once, then the flows batch by
 * batch as they are parsed (cached UTF-8 views, written as they are, never
 * one giant string), then the tail with `truncated` and the `cursor`, which are known
 * only at the end. Compressed when the client accepts it (brotli at quality 1,
 * else gzip at its fastest level), with
 * a flush after the head, after the first flows and whenever the stream
 * has caught up with the parse, so nothing waits in the compressor.
 */
import { PassThrough, type Writable } from 'node:stream';
import {
  createBrotliCompress,
  createGzip,
  constants as zlibConstants,
  type BrotliCompress,
  type Gzip,
} from 'node:zlib';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { TrafficAnswer, TrafficEnd, TrafficView } from '../runtime/types';
import { SUMMARY_ROW_FIELDS } from '../../shared/capture/summaryRows';

/** at most one flush per this many ms while waiting for the parse */
const FLUSH_EVERY_MS = 100;
/**
 * zlib's output buffer per step: each step is a round trip to libuv's
 * threads, answered on a turn of the event loop, and while a cold capture
 * is indexed a turn comes every ~12 ms (the index's slice). With 16 KB
 * steps (the default, ~80 KB of rows each) only 13 of 35 MB of rows had
 * gone out when the index ended (100k flows); the rest came at once.
 */
const COMPRESS_STEP_BYTES = 256 << 10;

/** Whether the request's Accept-Encoding takes `coding` (named, and not with q=0). */
export function acceptsEncoding(req: FastifyRequest, coding: 'gzip' | 'br'): boolean {
  const header = req.headers['accept-encoding'];
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .some((p) => p === coding || (p.startsWith(`${coding};`) && !/q=0(\.0*)?$/.test(p)));
}

export function documentHead(
  instanceId: string,
  since: string | null,
  view: TrafficView = 'full',
): string {
  const sinceField = since === null ? '' : `"since":${JSON.stringify(since)},`;
  // before the flows: a reader knows what they are while it streams them
  const viewField =
    view === 'summary'
      ? `"view":"summary",`
      : view === 'summary-rows'
        ? `"view":"summary","layout":"rows","fields":${JSON.stringify(SUMMARY_ROW_FIELDS)},`
        : '';
  return `{"format":"ctfy-traffic/1","instance_id":${JSON.stringify(instanceId)},${sinceField}${viewField}"flows":[`;
}

export function documentTail(end: TrafficEnd): string {
  const truncated = end.truncated ? ',"truncated":true' : '';
  const cursor = end.cursor === null ? '' : `,"cursor":${JSON.stringify(end.cursor)}`;
  return `]${truncated}${cursor}}`;
}

export function sendTraffic(
  req: FastifyRequest,
  reply: FastifyReply,
  instanceId: string,
  answer: TrafficAnswer,
): FastifyReply {
  reply
    .header('Content-Type', 'application/json; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .header('Vary', 'Accept-Encoding');
  if (acceptsEncoding(req, 'br')) {
    const brotli = trafficBrotli();
    void writeDocument(brotli, instanceId, answer, () => brotli.flush(), reply.log);
    return reply.header('Content-Encoding', 'br').send(brotli satisfies BrotliCompress);
  }
  if (acceptsEncoding(req, 'gzip')) {
    const gzip = trafficGzip();
    void writeDocument(gzip, instanceId, answer, () => gzip.flush(), reply.log);
    return reply.header('Content-Encoding', 'gzip').send(gzip satisfies Gzip);
  }
  const plain = new PassThrough();
  void writeDocument(plain, instanceId, answer, () => {}, reply.log);
  return reply.send(plain);
}

/** The gzip compressor of a traffic answer: fastest level, big steps (`COMPRESS_STEP_BYTES`). */
export function trafficGzip(): Gzip {
  return createGzip({ level: zlibConstants.Z_BEST_SPEED, chunkSize: COMPRESS_STEP_BYTES });
}

/**
 * The brotli compressor of a traffic answer, for a client that takes br
 * (Chromium does, on https and on localhost). Quality 1: over the 35 MB of
 * rows of 100,000 flows it took half the CPU of gzip's fastest level
 * (61 vs 110–127 ms) for 2.1 MB instead of 5.4, decoded as fast.
 */
export function trafficBrotli(): BrotliCompress {
  return createBrotliCompress({
    chunkSize: COMPRESS_STEP_BYTES,
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: 1,
      [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
    },
  });
}

/** Resolves when `out` can take more, or is gone. */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}

export async function writeDocument(
  out: Writable,
  instanceId: string,
  answer: TrafficAnswer,
  flush: () => void,
  log: FastifyBaseLogger,
): Promise<void> {
  const write = async (chunk: string | Uint8Array) => {
    if (!out.write(chunk)) await drained(out);
  };
  try {
    await write(documentHead(instanceId, answer.since, answer.view));
    flush();
    let first = true;
    let flushedAt = Date.now();
    let end: TrafficEnd | null = null;
    try {
      for await (const batch of answer.batches) {
        if (out.destroyed) return; // the client went away: stop (ends the parse's follower)
        if (batch.length === 0) {
          if (Date.now() - flushedAt >= FLUSH_EVERY_MS) {
            flush();
            flushedAt = Date.now();
          }
          continue;
        }
        // one write per batch: zlib takes one write per step (see COMPRESS_STEP_BYTES)
        const chunk = batch.length === 1 ? batch[0]! : Buffer.concat(batch);
        if (chunk.length === 0) continue;
        // every flow comes with a leading comma: the first one goes without
        await write(first ? chunk.subarray(1) : chunk);
        if (first) {
          flush();
          flushedAt = Date.now();
          first = false;
        }
      }
      end = answer.end();
    } catch (err) {
      // a failure half-way still ends the document validly, as cut short
      log.error({ err }, `the capture of ${instanceId} could not be read to its end`);
      end = { cursor: null, truncated: true };
    }
    if (out.destroyed) return;
    out.end(documentTail(end));
  } catch (err) {
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  }
}
