/**
 * Serializes a capture (up to 100,000+ flows) without building one giant
 * string: flows are stringified in batches into a stream, gzipped when the
 * client accepts it.
 */
import { Readable } from 'node:stream';
import { createGzip, constants as zlibConstants } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Flow } from '../../src/api/schemas';

const BATCH = 500;

export function* trafficChunks(instanceId: string, flows: Flow[]): Generator<string> {
  yield `{"format":"ctfy-traffic/1","instance_id":${JSON.stringify(instanceId)},"flows":[`;
  for (let i = 0; i < flows.length; i += BATCH) {
    const parts: string[] = [];
    const end = Math.min(flows.length, i + BATCH);
    for (let j = i; j < end; j++) parts.push(JSON.stringify(flows[j]));
    yield (i === 0 ? '' : ',') + parts.join(',');
  }
  yield ']}';
}

export function acceptsGzip(req: FastifyRequest): boolean {
  const header = req.headers['accept-encoding'];
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .some((p) => p === 'gzip' || (p.startsWith('gzip;') && !/q=0(\.0*)?$/.test(p)));
}

export function sendTraffic(
  req: FastifyRequest,
  reply: FastifyReply,
  instanceId: string,
  flows: Flow[],
): FastifyReply {
  reply
    .header('Content-Type', 'application/json; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .header('Vary', 'Accept-Encoding');
  const source = Readable.from(trafficChunks(instanceId, flows), { objectMode: false });
  if (!acceptsGzip(req)) return reply.send(source);
  const gzip = createGzip({ level: zlibConstants.Z_BEST_SPEED });
  source.on('error', (err) => gzip.destroy(err));
  return reply.header('Content-Encoding', 'gzip').send(source.pipe(gzip));
}
