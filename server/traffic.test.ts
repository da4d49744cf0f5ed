/**
 * GET /instances/{id}/traffic over HTTP with the real capture store (the
 * runtime's processes are the fake ones): a cold capture streams while it is
 * parsed, concurrent requests share the parse, `?since=` deltas, gzip, `{}`,
 * damaged files, team isolation.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrafficCaptureSchema, type TrafficCapture } from '../shared/schemas';
import { CaptureStore } from './runtime/captures';
import type { CreateRuntime } from './runtime/types';
import { mitmFlows } from './test/captureFiles';
import { createFakeRuntime } from './test/fakeRuntime';
import { startTestServer, type TestServer } from './test/harness';

let t: TestServer;
let store: CaptureStore;
let owner: string;
let mate: string;
let outsider: string;

const withCaptures: CreateRuntime = (options) => {
  const fake = createFakeRuntime(options);
  store = new CaptureStore(options.dataDir);
  return { ...fake, traffic: (id, since) => store.answer(id, since) };
};

beforeAll(async () => {
  t = await startTestServer({ MAX_INSTANCES_PER_TEAM: '10' }, withCaptures);
  owner = await t.login('e2e01a');
  mate = await t.login('e2e01b');
  outsider = await t.login('e2e02a');
});
afterAll(() => t.stop());

/** each test its own instance (one per challenge: a team runs a challenge once) */
const challenges = ['T-CHAIN', 'T-OPEN', 'T-VPN', 'T-SLOW', 'T-FAIL'];

async function startInstance(): Promise<string> {
  const res = await t.call('POST', '/api/instances', {
    token: owner,
    body: { challenge_id: challenges.shift() },
  });
  if (res.status !== 201) throw new Error(`start: ${res.status} ${res.text}`);
  return res.json.id as string;
}

/** A raw GET that reports the moment the response headers arrive. */
function get(
  path: string,
  token: string,
  opts: { gzip?: boolean; onHeaders?: () => void } = {},
): Promise<{
  status: number;
  encoding: string | undefined;
  cache: string | undefined;
  body: Buffer;
}> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        headers: {
          Authorization: `Bearer ${token}`,
          'Accept-Encoding': opts.gzip ? 'gzip' : 'identity',
        },
      },
      (res) => {
        opts.onHeaders?.();
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            encoding: res.headers['content-encoding'],
            cache: res.headers['cache-control'],
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function document(res: { encoding: string | undefined; body: Buffer }): TrafficCapture {
  const text = (res.encoding === 'gzip' ? gunzipSync(res.body) : res.body).toString('utf8');
  return TrafficCaptureSchema.parse(JSON.parse(text));
}

describe('GET /instances/{id}/traffic from capture files', () => {
  it('serves {} while the instance has no capture file', async () => {
    const id = await startInstance();
    const res = await t.call('GET', `/api/instances/${id}/traffic`, { token: owner });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({});
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('streams a cold capture while parsing it, keeps serving others, and parses it once', async () => {
    const id = await startInstance();
    writeFileSync(store.mitmPath(id), mitmFlows('cold', 20_000));
    let readingAtHeaders: boolean | undefined;
    let healthDuringParse: { status: number; reading: boolean } | undefined;
    let second: ReturnType<typeof get> | undefined;
    const generations = store.generationCount;
    const first = get(`/api/instances/${id}/traffic`, owner, {
      gzip: true,
      onHeaders: () => {
        // the answer has started: the parse of the 20,000 flows has not finished
        readingAtHeaders = store.reading(id);
        second = get(`/api/competitions/ctf-spring/instances/${id}/traffic`, mate);
        void (async () => {
          const health = await fetch(`${t.url}/api/health`);
          healthDuringParse = { status: health.status, reading: store.reading(id) };
        })();
      },
    });
    const gz = await first;
    expect(readingAtHeaders).toBe(true);
    expect(healthDuringParse).toEqual({ status: 200, reading: true });
    expect(gz.status).toBe(200);
    expect(gz.encoding).toBe('gzip');
    expect(gz.cache).toBe('no-store');
    const doc = document(gz);
    expect(doc.instance_id).toBe(id);
    expect(doc.flows).toHaveLength(20_000);
    expect(doc.flows[19_999]!.id).toBe('cold-19999');
    expect(doc.since ?? null).toBeNull();
    expect(doc.truncated ?? false).toBe(false);
    expect(doc.cursor).toMatch(/^v1\./);
    const plain = await second!;
    expect(plain.encoding).toBeUndefined();
    expect(document(plain)).toEqual(doc);
    expect(store.generationCount - generations).toBe(1);
  });

  it('answers ?since= with what two growing files gained, on both routes', async () => {
    const id = await startInstance();
    writeFileSync(store.mitmPath(id), mitmFlows('a', 3));
    writeFileSync(store.mitmPath(id, 1), mitmFlows('b', 2));
    const whole = document(await get(`/api/instances/${id}/traffic`, owner));
    expect(whole.flows.map((f) => f.id).sort()).toEqual(['a-0', 'a-1', 'a-2', 'b-0', 'b-1']);
    appendFileSync(store.mitmPath(id, 1), mitmFlows('b', 2, 2));
    appendFileSync(store.mitmPath(id), mitmFlows('a', 1, 3));
    const since = encodeURIComponent(whole.cursor!);
    for (const path of [
      `/api/instances/${id}/traffic?since=${since}`,
      `/api/competitions/ctf-spring/instances/${id}/traffic?since=${since}`,
    ]) {
      const delta = document(await get(path, owner, { gzip: true }));
      expect(delta.since, path).toBe(whole.cursor);
      expect(delta.flows.map((f) => f.id).sort(), path).toEqual(['a-3', 'b-2', 'b-3']);
      expect(delta.cursor).not.toBe(whole.cursor);
    }
    const bogus = document(await get(`/api/instances/${id}/traffic?since=nonsense`, owner));
    expect(bogus.since ?? null).toBeNull();
    expect(bogus.flows).toHaveLength(8);
    // another team learns nothing, with or without a cursor
    const res = await t.call('GET', `/api/instances/${id}/traffic?since=${since}`, {
      token: outsider,
    });
    expect(res.status).toBe(404);
    expect(res.json.detail).toBe(`Instance ${id} not found.`);
  });

  it('lets a client leave half-way without harm to the next answer', async () => {
    const id = await startInstance();
    writeFileSync(store.mitmPath(id), mitmFlows('gone', 6_000));
    const url = new URL(t.url);
    await new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: `/api/instances/${id}/traffic`,
          headers: { Authorization: `Bearer ${owner}` },
        },
        (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', () => {});
      req.on('close', () => resolve());
      setTimeout(() => reject(new Error('no data')), 20_000);
      req.end();
    });
    const doc = document(await get(`/api/instances/${id}/traffic`, owner, { gzip: true }));
    expect(doc.flows).toHaveLength(6_000);
    expect(doc.truncated ?? false).toBe(false);
  });

  it('ends the document of a damaged capture validly, with the flows before the damage', async () => {
    const id = await startInstance();
    const bytes = mitmFlows('x', 4);
    writeFileSync(store.mitmPath(id), bytes.subarray(0, bytes.length - 10));
    for (const gzip of [false, true]) {
      const doc = document(await get(`/api/instances/${id}/traffic`, owner, { gzip }));
      expect(doc.flows.map((f) => f.id)).toEqual(['x-0', 'x-1', 'x-2']);
      expect(doc.truncated).toBe(true);
    }
  });
});
