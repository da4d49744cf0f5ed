/**
 * The traffic extensions of the local platform over HTTP, against the real
 * capture store: summaries (`?view=summary`), one flow by id, a filter run
 * on the server; and the same capture from a server without them
 * (CTFY_EXTENSIONS=off), whose whole document the viewer reads instead.
 * Both paths must give the same rows, details and filter results.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FlowSchema,
  TrafficCaptureSchema,
  TrafficMatchesSchema,
  type Flow,
} from '../src/api/schemas';
import { summarizeFlow } from '../src/features/traffic/worker/rows';
import { TrafficStore } from '../src/features/traffic/worker/store';
import { loadBrotli } from '../src/features/traffic/body/contentDecode';
import { CaptureStore } from './runtime/captures';
import { matchingFlows } from './runtime/trafficFilter';
import type { CreateRuntime } from './runtime/types';
import { mitmFlows } from './test/captureFiles';
import { createFakeRuntime } from './test/fakeRuntime';
import { startTestServer } from './test/harness';

/** A server whose runtime serves captures from its data folder (processes are fake). */
async function serverWithCaptures(env: Record<string, string>) {
  let store!: CaptureStore;
  const withCaptures: CreateRuntime = (options) => {
    const fake = createFakeRuntime(options);
    store = new CaptureStore(options.dataDir);
    return {
      ...fake,
      traffic: (id, since, view) => store.answer(id, since, [], view),
      trafficFlow: (id, flowId) => store.flow(id, flowId),
      trafficMatches: async (id, filter) => {
        const scan = await store.scan(id);
        return scan && matchingFlows(scan, filter);
      },
    };
  };
  const t = await startTestServer(env, withCaptures);
  const token = await t.login('e2e01a');
  const res = await t.call('POST', '/api/instances', { token, body: { challenge_id: 'T-OPEN' } });
  if (res.status !== 201) throw new Error(`start: ${res.status} ${res.text}`);
  const id = res.json.id as string;
  // real mitmdump flows (varied methods, statuses, headers, bodies), replicated
  writeFileSync(store.mitmPath(id), mitmFlows('x', 60));
  return {
    t,
    token,
    id,
    get: (path: string) => t.call('GET', `/api/instances/${id}${path}`, { token }),
  };
}

/** The flows a filter keeps, by the viewer's worker store over whole flows. */
function workerMatches(flows: Flow[], filter: string): string[] {
  const store = new TrafficStore();
  store.ingest(flows, 0, flows.length);
  store.setFilter(filter);
  return [...store.view().indices].map((i) => store.flows[i]!.id).sort();
}

const FILTERS = [
  '~b flag',
  '~bs "\\"items\\""',
  '~bq .',
  '~h json',
  '~hq user-agent',
  '~hs "set-cookie"',
  '~t json & !~b flag',
  '~m POST | ~c 404',
  'items',
];

let on: Awaited<ReturnType<typeof serverWithCaptures>>;
let off: Awaited<ReturnType<typeof serverWithCaptures>>;
let whole: Flow[];

beforeAll(async () => {
  await loadBrotli();
  on = await serverWithCaptures({});
  off = await serverWithCaptures({ CTFY_EXTENSIONS: 'off' });
  const res = await off.get('/traffic');
  expect(res.status).toBe(200);
  whole = TrafficCaptureSchema.parse(res.json).flows;
  expect(whole).toHaveLength(60);
});
afterAll(async () => {
  await on?.t.stop();
  await off?.t.stop();
});

describe('traffic extensions: the same rows, details and filter results as the whole document', () => {
  it('lists summaries whose rows are the rows of the whole flows, and opens each flow whole', async () => {
    const res = await on.get('/traffic?view=summary');
    expect(res.status).toBe(200);
    const doc = TrafficCaptureSchema.parse(res.json);
    expect(doc.view).toBe('summary');
    expect(doc.cursor).toMatch(/^v1\./);
    expect(doc.flows.map((f) => f.id)).toEqual(whole.map((f) => f.id));
    const fullText = JSON.stringify(whole).length;
    // no body travels in the list
    expect(JSON.stringify(doc.flows).length).toBeLessThan(fullText * 0.8);
    expect(doc.flows.every((f) => !f.request.content?.data && !f.response?.content?.data)).toBe(
      true,
    );
    for (const [i, summary] of doc.flows.entries()) {
      expect(summarizeFlow(summary, i)).toEqual(summarizeFlow(whole[i]!, i));
      const detail = await on.get(`/traffic/flows/${encodeURIComponent(summary.id)}`);
      expect(detail.status).toBe(200);
      expect(FlowSchema.parse(detail.json)).toEqual(whole[i]);
    }
  });

  it.each(FILTERS)('filter %s: the server matches what the worker matches', async (filter) => {
    const res = await on.get(`/traffic/matches?filter=${encodeURIComponent(filter)}`);
    expect(res.status).toBe(200);
    const answer = TrafficMatchesSchema.parse(res.json);
    expect(answer.total).toBe(60);
    expect([...answer.ids].sort()).toEqual(workerMatches(whole, filter));
  });

  it('the filters tell flows apart (each keeps some flows and drops others)', () => {
    for (const filter of FILTERS) {
      const kept = workerMatches(whole, filter).length;
      expect(kept, filter).toBeGreaterThan(0);
      expect(kept, filter).toBeLessThan(60);
    }
  });

  it('says what is wrong with a filter (422) and with an unknown flow (404)', async () => {
    const bad = await on.get(`/traffic/matches?filter=${encodeURIComponent('~b (')}`);
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.json)).toMatch(/filter/);
    const unknown = await on.get('/traffic/flows/no-such-flow');
    expect(unknown.status).toBe(404);
    expect(unknown.json.detail).toMatch(/Flow no-such-flow not found/);
  });

  it('a server without extensions sends whole flows to ?view=summary and has no flow or filter routes', async () => {
    const res = await off.get('/traffic?view=summary');
    const doc = TrafficCaptureSchema.parse(res.json);
    expect(doc.view ?? null).toBeNull();
    expect(doc.flows).toEqual(whole);
    expect((await off.get(`/traffic/flows/${whole[0]!.id}`)).status).toBe(404);
    expect((await off.get('/traffic/matches?filter=flag')).status).toBe(404);
  });
});
