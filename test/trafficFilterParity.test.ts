/**
 * One filter language, two places it runs: the platform's extension
 * (`GET /instances/{id}/traffic/matches?filter=`, evaluated over the capture
 * file on the server) and the viewer's worker reading the same dump as a
 * local file (`streamDump` slices into the worker's `TrafficStore`). Both
 * must match the same flows for every kind of expression. Lives in test/
 * because it runs the SPA's worker code beside the real server.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTnetstring, readTnetstrings, type TnetDict } from '../shared/capture/tnetstring';
import { TrafficMatchLineSchema, type TrafficMatchLine } from '../shared/schemas/trafficFilter';
import { MITM_FIXTURE } from '../server/test/captureFiles';
import { serverWithCapture } from '../server/test/captureServer';
import type { TestServer } from '../server/test/harness';
import { streamDump } from '../src/features/traffic/worker/fileStream';
import { TrafficStore } from '../src/features/traffic/worker/store';

const enc = new TextEncoder();
const RECORDS = readTnetstrings(new Uint8Array(readFileSync(MITM_FIXTURE))) as TnetDict[];

/**
 * The fixture's real mitmdump flows (gzip, deflate and brotli bodies,
 * cookies, a form POST, a 404, a WebSocket) cycled to 60, plus two made
 * here: a flag in a gzipped response body and a secret request header to another host.
 */
function capture(): Buffer {
  const records: TnetDict[] = [];
  for (let i = 0; i < 60; i++)
    records.push({ ...RECORDS[i % RECORDS.length]!, id: `p-${i}`, timestamp_created: 1e9 + i });
  const base = RECORDS[0]!;
  const request = base.request as TnetDict;
  const response = base.response as TnetDict;
  records.push({
    ...base,
    id: 'p-flag',
    timestamp_created: 1e9 + 60,
    response: {
      ...response,
      headers: [
        [enc.encode('content-type'), enc.encode('text/plain')],
        [enc.encode('content-encoding'), enc.encode('gzip')],
      ],
      content: gzipSync(enc.encode('well done: ctfy{s3rver_s1de_f1lter}')),
    },
  });
  records.push({
    ...base,
    id: 'p-header',
    timestamp_created: 1e9 + 61,
    request: {
      ...request,
      host: enc.encode('admin.test'),
      path: enc.encode('/admin'),
      headers: [
        ...(request.headers as Uint8Array[][]),
        [enc.encode('x-api-key'), enc.encode('hunter2')],
      ],
    },
  });
  return Buffer.concat(records.map((r) => encodeTnetstring(r)));
}

async function platformWithCapture(env: Record<string, string>, bytes: Buffer) {
  const { t, id, get } = await serverWithCapture(env, bytes);
  const matches = (filter: string) => get(`/traffic/matches?filter=${encodeURIComponent(filter)}`);
  return { t, id, matches };
}

/** The server's answer read as the viewer reads it: every line checked, ids merged. */
function serverIds(text: string): { ids: string[]; end: TrafficMatchLine } {
  const lines = text
    .trimEnd()
    .split('\n')
    .map((line) => TrafficMatchLineSchema.parse(JSON.parse(line)));
  const ids = new Set<string>();
  for (const line of lines) {
    if ('done' in line) continue;
    for (const id of line.ids) ids.add(id);
    for (const id of line.dropped ?? []) ids.delete(id);
  }
  return { ids: [...ids].sort(), end: lines[lines.length - 1]! };
}

/** The worker's answer for the same bytes opened as a local file. */
async function workerIds(bytes: Buffer, filter: string, flagPattern: string): Promise<string[]> {
  const store = new TrafficStore();
  expect(store.setFlagPattern(flagPattern)).toBe(true);
  // small slices: the flows arrive over several reads, as from a big file
  const flows = streamDump(new Blob([new Uint8Array(bytes)]), { first: 4096, next: 8192 });
  for (let step = await flows.next(); !step.done; step = await flows.next())
    store.ingest(step.value, 0, step.value.length);
  expect(store.problems).toEqual([]);
  store.setFilter(filter);
  return Array.from(store.view().indices, (i) => store.flows[i]!.id).sort();
}

const EXPRESSIONS = [
  '~h x-dup',
  '~hq "x-api-key: hunter2"',
  '~hs set-cookie',
  '~hs gzip',
  '~b flag',
  '~bq password',
  // gzip, deflate and brotli bodies, content-decoded on both sides
  '~bs "<h1>brotli"',
  '~bs deflated',
  '~bs "compressed.:.gzip"',
  '~bs items',
  '~bs ctfy',
  '~u gzip',
  'login',
  '~m post',
  '~c 404',
  '~d 127\\.0\\.0\\.1',
  '!~c 200',
  '~m get & ~bs ctfy',
  '~c 404 | ~bq alice',
  '!(~h gzip | ~h deflate) & ~bs .',
  '~flag',
  '~flag | ~websocket',
  '~q | ~e',
];

let on: Awaited<ReturnType<typeof platformWithCapture>>;
let off: TestServer;
let bytes: Buffer;

beforeAll(async () => {
  bytes = capture();
  on = await platformWithCapture({}, bytes);
  off = (await platformWithCapture({ CTFY_EXTENSIONS: 'off' }, bytes)).t;
});
afterAll(async () => {
  await on?.t.stop();
  await off?.stop();
});

describe('traffic filter: the platform and the worker match the same flows', () => {
  it.each(EXPRESSIONS)('%s', async (filter) => {
    const res = await on.matches(filter);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const server = serverIds(res.text);
    expect(server.end).toEqual({ done: true, scanned: 62, truncated: false });
    const worker = await workerIds(bytes, filter, on.t.config.flagPattern);
    expect(server.ids).toEqual(worker);
  });

  it('the expressions tell flows apart (each matches some flows, none all)', async () => {
    const counts = new Map<string, number>();
    for (const filter of EXPRESSIONS)
      counts.set(filter, serverIds((await on.matches(filter)).text).ids.length);
    for (const [filter, count] of counts) {
      expect(count, filter).toBeGreaterThan(0);
      expect(count, filter).toBeLessThan(62);
    }
    // the flag is in a gzipped body: found only once it is content-decoded
    expect(serverIds((await on.matches('~flag')).text).ids).toEqual(['p-flag']);
    expect(serverIds((await on.matches('~hq hunter2')).text).ids).toEqual(['p-header']);
  });

  it('a malformed expression is 422 with the parse error and where it is', async () => {
    const res = await on.matches('~c 404 & (~m get');
    expect(res.status).toBe(422);
    expect(res.json.detail).toMatch(/Missing "\)".*character 17/);
    const regex = await on.matches('~b "(unclosed"');
    expect(regex.status).toBe(422);
    expect(regex.json.detail).toMatch(/Invalid regular expression/);
  });

  it('an empty expression matches every flow', async () => {
    const { ids } = serverIds((await on.matches('')).text);
    expect(ids).toHaveLength(62);
  });
});

describe('traffic filter with CTFY_EXTENSIONS=off', () => {
  it('has no such route: 404, and the viewer filters the whole document itself', async () => {
    const token = await off.login('e2e01a');
    const list = await off.call('GET', '/api/instances', { token });
    const id = (list.json.items as { id: string }[])[0]!.id;
    const res = await off.call('GET', `/api/instances/${id}/traffic/matches?filter=~c+404`, {
      token,
    });
    expect(res.status).toBe(404);
    // the whole document is still served
    const doc = await off.call('GET', `/api/instances/${id}/traffic`, { token });
    expect(doc.json.flows).toHaveLength(62);
  });
});
