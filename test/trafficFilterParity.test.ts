/**
 * One filter language, two places it runs: the platform's extension
 * (`GET /instances/{id}/traffic/matches?filter=`, evaluated over the capture
 * file on the server) and the viewer's worker reading the same dump as a
 * local file (`streamDump` slices into the worker's `TrafficStore`). Both
 * must match the same flows for every kind of expression. Lives in test/
 * because it runs the SPA's worker code beside the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrafficMatchLineSchema, type TrafficMatchLine } from '../shared/schemas/trafficFilter';
import {
  FILTER_EXPRESSIONS as EXPRESSIONS,
  filterCapture as capture,
} from '../server/test/captureFiles';
import { serverWithCapture } from '../server/test/captureServer';
import type { TestServer } from '../server/test/harness';
import { streamDump } from '../src/features/traffic/worker/fileStream';
import { TrafficStore } from '../src/features/traffic/worker/store';
import { loadBrotli } from '../shared/capture/contentDecode';

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
  // as the viewer's worker does before a body filter (the platform's filter runs in its own thread now)
  await loadBrotli();
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
