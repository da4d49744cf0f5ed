import { describe, expect, it } from 'vitest';
import { flowsToHar } from '@shared/capture';
import { contentDecode } from '@shared/capture/contentDecode';
import { FlowSchema } from '@shared/schemas';
import { bytesBody, makeFlow, textBody } from '@shared/capture/testFlows';
import { CaptureFormatError } from '@shared/capture/captureJson';
import { decodeCaptureBytes } from './document';
import { parseCaptureFile } from './localDocument';
import { flowSummary } from '@shared/capture/summary';
import { OPENED_FLOWS_KEPT, TrafficStore, validateFlow } from './store';

const enc = new TextEncoder();
const doc = (flows: unknown[]) =>
  enc.encode(JSON.stringify({ format: 'ctfy-traffic/1', instance_id: 'i1', flows }));

describe('capture documents', () => {
  it('{} means no capture', () => {
    expect(decodeCaptureBytes(enc.encode('{}'))).toEqual({ kind: 'empty' });
  });
  it.each([
    ['not json', /not valid JSON/],
    ['[1,2]', /an array, not a JSON object/],
    ['{"format":"other/9","flows":[]}', /format "other\/9"; expected "ctfy-traffic\/1"/],
    ['{"format":"ctfy-traffic/1","flows":{}}', /"flows" is an object, not a list/],
  ])('rejects %s with a clear message', (text, message) => {
    expect(() => decodeCaptureBytes(enc.encode(text))).toThrow(CaptureFormatError);
    expect(() => decodeCaptureBytes(enc.encode(text))).toThrow(message);
  });
  it('skips a malformed flow and names what is wrong', () => {
    const parsed = decodeCaptureBytes(doc([makeFlow({}), { id: 'x', request: { method: 5 } }]));
    if (parsed.kind !== 'flows') throw new Error('expected flows');
    const store = new TrafficStore();
    store.ingest(parsed.raw, 0, parsed.raw.length);
    expect(store.rows).toHaveLength(1);
    expect(store.problems[0]).toMatch(/^flows\[1\]\./);
  });
  it('opens a HAR file made by flowsToHar with the same flows', () => {
    const flows = [makeFlow({ path: '/a' }), makeFlow({ path: '/b', status: 404 })];
    const har = enc.encode(JSON.stringify(flowsToHar(flows, { decodeContent: contentDecode })));
    const parsed = parseCaptureFile(har, 'export.har');
    if (parsed.kind !== 'flows') throw new Error('expected flows');
    const store = new TrafficStore();
    store.ingest(parsed.raw, 0, parsed.raw.length);
    expect(store.rows.map((r) => [r.path, r.status])).toEqual([
      ['/a', 200],
      ['/b', 404],
    ]);
  });
  it('says what a file is not', () => {
    expect(() => parseCaptureFile(enc.encode('garbage!'), 'x.mitm')).toThrow(
      /not a capture file: it looks like plain text, beginning “garbage!”/,
    );
  });
});

describe('validation', () => {
  it('keeps the raw flow, which is what the schema outputs (it must stay transform-free)', () => {
    const flows = [
      makeFlow({ reqBody: textBody('a=1'), resBody: bytesBody(new Uint8Array([0, 255])) }),
      makeFlow({ status: null, error: 'upstream down' }),
      makeFlow({
        websocket: {
          messages: [{ from_client: true, type: 'text', content: textBody('hi'), timestamp: 1 }],
          close_code: 1000,
          close_reason: null,
        },
      }),
      { ...makeFlow({}), client_conn: { peername: ['127.0.0.1', 5] }, server_conn: null },
    ];
    for (const flow of flows) {
      const raw: unknown = JSON.parse(JSON.stringify(flow));
      const result = validateFlow(raw, 0);
      expect(result).toEqual({ flow: raw });
      expect(FlowSchema.parse(raw)).toEqual(raw);
    }
  });
});

describe('live refresh', () => {
  it('appends new flows and updates ones that got their response', () => {
    const pending = makeFlow({ id: 'p', status: null });
    const done = makeFlow({ id: 'd' });
    const store = new TrafficStore();
    const first = store.ingest([pending, done], 0, 2);
    expect(first.added.map((r) => r.id)).toEqual(['p', 'd']);
    expect(store.rows[0]!.error).toBe('No response');

    const answered = { ...pending, response: makeFlow({}).response };
    const fresh = makeFlow({ id: 'n' });
    const next = store.ingest([answered, done, fresh], 0, 3);
    expect(next.added.map((r) => r.id)).toEqual(['n']);
    expect(next.updated.map((r) => r.id)).toEqual(['p']);
    expect(store.rows[0]!.error).toBeNull();
    expect(store.rows.map((r) => r.index)).toEqual([0, 1, 2]);
  });
});

describe('sorting', () => {
  it('sorts by a column both ways, nulls last, ties in capture order', () => {
    const store = new TrafficStore();
    const flows = [
      makeFlow({ path: '/b', status: 404 }),
      makeFlow({ path: '/a', status: null, error: 'boom' }),
      makeFlow({ path: '/c', status: 200 }),
      makeFlow({ path: '/d', status: 200 }),
    ];
    store.ingest(flows, 0, flows.length);
    const paths = () => Array.from(store.view().indices).map((i) => store.rows[i]!.path);
    store.setSort({ key: 'status', descending: false });
    expect(paths()).toEqual(['/c', '/d', '/b', '/a']);
    store.setSort({ key: 'status', descending: true });
    expect(paths()).toEqual(['/b', '/c', '/d', '/a']);
    store.setSort({ key: 'path', descending: false });
    expect(paths()).toEqual(['/a', '/b', '/c', '/d']);
    store.setSort({ key: 'time', descending: true });
    expect(paths()).toEqual(['/d', '/c', '/a', '/b']);
  });
});

describe('rows listed from summaries', () => {
  const whole = Array.from({ length: OPENED_FLOWS_KEPT + 2 }, (_, i) =>
    makeFlow({ id: `s-${i}`, resBody: textBody(`body ${i}`) }),
  );
  const summaries = () => whole.map((f) => flowSummary(f));

  it('keeps only the last opened whole flows, and a flow that changed is asked for again', () => {
    const store = new TrafficStore();
    store.ingest(summaries(), 0, whole.length, 0, true);
    expect(store.summaryCount).toBe(whole.length);
    expect(store.details(0)).toEqual({ needs: 's-0' });
    for (let i = 0; i <= OPENED_FLOWS_KEPT; i++) expect(store.putOpened(i, whole[i])).toBeNull();
    // the first one opened fell out; the last ones are kept
    expect(store.details(0)).toEqual({ needs: 's-0' });
    expect(store.details(OPENED_FLOWS_KEPT)).toMatchObject({ flow: whole[OPENED_FLOWS_KEPT] });
    expect(store.putOpened(1, whole[2])).toMatch(/another flow/);
    // the response changed: the kept whole flow is out of date
    const changed = { ...whole[OPENED_FLOWS_KEPT]!, response: null };
    store.ingest([flowSummary(changed)], 0, 1, 0, true);
    expect(store.details(OPENED_FLOWS_KEPT)).toEqual({ needs: `s-${OPENED_FLOWS_KEPT}` });
  });

  it('hydrates summaries with whole flows of the same state only; a later equal summary keeps them', () => {
    const store = new TrafficStore();
    store.ingest(summaries(), 0, whole.length, 0, true);
    const rows = store.rows.slice();
    const stale = { ...whole[1]!, response: null };
    expect(store.hydrate([whole[0], stale, ...whole.slice(2)])).toBe(whole.length - 1);
    expect(store.summaryIds(null, 10)).toEqual(['s-1']);
    expect(store.rows).toEqual(rows);
    store.ingest(summaries(), 0, whole.length, 0, true);
    expect(store.summaryIds(null, 10)).toEqual(['s-1']);
    expect(store.details(0)).toMatchObject({ flow: whole[0] });
  });
});
