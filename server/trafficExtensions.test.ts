/**
 * The traffic extensions of the local platform over HTTP, against the real
 * capture store: summaries (`?view=summary`) and one flow by id; and the
 * same capture from a server without them (CTFY_EXTENSIONS=off), whose whole
 * document the viewer reads instead. Both paths must give the same list
 * fields and the same flows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FlowSchema,
  TrafficCaptureSchema,
  TrafficSummaryRowsSchema,
  type Flow,
} from '../shared/schemas';
import { flowSummary } from '../shared/capture/summary';
import { SUMMARY_ROW_FIELDS, SummaryRowReader } from '../shared/capture/summaryRows';
import { mitmFlows } from './test/captureFiles';
import { serverWithCapture } from './test/captureServer';

/** A platform whose one instance's capture is real mitmdump flows (varied methods, statuses, headers, bodies), replicated. */
const serverWithCaptures = (env: Record<string, string>) =>
  serverWithCapture(env, mitmFlows('x', 60));

let on: Awaited<ReturnType<typeof serverWithCaptures>>;
let off: Awaited<ReturnType<typeof serverWithCaptures>>;
let whole: Flow[];

beforeAll(async () => {
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

describe('traffic extensions: the same list fields and flows as the whole document', () => {
  it('lists the summaries of the whole flows (what the list shows), and opens each flow whole', async () => {
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
      // the summary of the flow the whole document has, as the schema reads both
      expect(summary).toEqual(FlowSchema.parse(flowSummary(whole[i]!)));
      expect(summary.request.path).toBe(whole[i]!.request.path);
      expect(summary.response?.status_code).toBe(whole[i]!.response?.status_code);
      expect(summary.response?.content?.size).toBe(whole[i]!.response?.content?.size);
      const detail = await on.get(`/traffic/flows/${encodeURIComponent(summary.id)}`);
      expect(detail.status).toBe(200);
      expect(FlowSchema.parse(detail.json)).toEqual(whole[i]);
    }
  });

  it('lists the same summaries as rows (layout=rows): one array a line, named by the head, far smaller', async () => {
    const objects = await on.get('/traffic?view=summary');
    const res = await on.get('/traffic?view=summary&layout=rows');
    expect(res.status).toBe(200);
    // the head says what the rows are before the first of them
    expect(res.text.indexOf('"layout":"rows"')).toBeLessThan(res.text.indexOf('"flows":['));
    const doc = TrafficSummaryRowsSchema.parse(res.json);
    expect(doc.fields).toEqual([...SUMMARY_ROW_FIELDS]);
    expect(doc.cursor).toMatch(/^v1\./);
    expect(doc.flows.every((row) => Array.isArray(row))).toBe(true);
    // each row on its own line: a reader finds complete rows by the newlines
    expect(res.text.split('\n')).toHaveLength(whole.length + 1);
    const reader = new SummaryRowReader(doc.fields);
    const summaries = doc.flows.map((row, i) => reader.decode(row, i));
    expect(summaries).toEqual((objects.json as { flows: unknown[] }).flows);
    expect(res.text.length).toBeLessThan(objects.text.length * 0.6);
  });

  it('says which flow is unknown (404)', async () => {
    const unknown = await on.get('/traffic/flows/no-such-flow');
    expect(unknown.status).toBe(404);
    expect(unknown.json.detail).toMatch(/Flow no-such-flow not found/);
  });

  it('a server without extensions sends whole flows to ?view=summary and has no flow route', async () => {
    const res = await off.get('/traffic?view=summary');
    const doc = TrafficCaptureSchema.parse(res.json);
    expect(doc.view ?? null).toBeNull();
    expect(doc.flows).toEqual(whole);
    expect((await off.get(`/traffic/flows/${whole[0]!.id}`)).status).toBe(404);
    const rows = TrafficCaptureSchema.parse(
      (await off.get('/traffic?view=summary&layout=rows')).json,
    );
    expect(rows.flows).toEqual(whole);
  });
});
