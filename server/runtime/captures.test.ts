import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/schemas';
import { parseMitmFile } from '../../shared/capture/mitm';
import { flowSummary } from '../../shared/capture/summary';
import { encodeTnetstring, readTnetstrings, type TnetDict } from '../../shared/capture/tnetstring';
import {
  SUMMARY_ROW_FIELDS,
  SummaryRowReader,
  summaryRowOrObject,
} from '../../shared/capture/summaryRows';
import { MITM_FIXTURE, mitmFlows } from '../test/captureFiles';
import { CaptureStore, FlowTexts, flowsOf } from './captures';
import { MITMDUMP_PATH } from './index';
import { attachmentContext, testRuntime, waitGroupGone } from './testkit';
import type { TrafficAnswer } from './types';

const FIXTURE = MITM_FIXTURE;

async function collect(answer: TrafficAnswer | null) {
  if (!answer) return null;
  const flows = (await flowsOf(answer))!;
  return { flows, ids: flows.map((f) => f.id), since: answer.since, ...answer.end() };
}

describe('captures on disk', () => {
  const t = testRuntime();
  afterAll(() => t.cleanup());

  it('returns null when there is no capture', async () => {
    expect(await t.runtime.traffic('nothing-here')).toBeNull();
  });

  it('reads a dropped .mitm file as mitmproxy flows, once per version', async () => {
    const store = new CaptureStore(t.dataDir);
    copyFileSync(FIXTURE, store.mitmPath('dropped'));
    const first = (await collect(await store.answer('dropped', undefined)))!;
    expect(first.flows).toEqual(parseMitmFile(readFileSync(FIXTURE)).flows);
    expect(first.truncated).toBe(false);
    expect(first.since).toBeNull();
    expect(first.cursor).toMatch(/^v1\.[a-z0-9]+\.m-1-\d+$/);
    // unchanged: the cached texts, not a new parse
    expect((await store.read('dropped'))!.length).toBe(10);
    expect(store.generationCount).toBe(1);
    // replaced by a smaller file: read again from the start
    writeFileSync(store.mitmPath('dropped'), Buffer.alloc(0));
    expect(await store.read('dropped')).toEqual([]);
    expect(store.generationCount).toBe(2);
  });

  it('serves a .mitm through the runtime in preference to the jsonl', async () => {
    const dir = join(t.dataDir, 'captures');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'both.jsonl'), '{"id":"x"}\n');
    copyFileSync(FIXTURE, join(dir, 'both.mitm'));
    expect((await flowsOf(await t.runtime.traffic('both')))!.length).toBe(10);
  });

  it('skips a jsonl line cut by a crash', async () => {
    const dir = join(t.dataDir, 'captures');
    writeFileSync(join(dir, 'cut.jsonl'), '{"id":"a","type":"http"}\n{"id":"b","ty');
    const answer = await collect(await t.runtime.traffic('cut'));
    expect(answer!.ids).toEqual(['a']);
    expect(answer!.truncated).toBe(true);
  });

  it('ends a cut .mitm with the flows before the cut and truncated, then follows its growth', async () => {
    const store = new CaptureStore(t.dataDir);
    const whole = mitmFlows('cut', 5);
    const path = store.mitmPath('cutmitm');
    writeFileSync(path, whole.subarray(0, whole.length - 50));
    const cut = (await collect(await store.answer('cutmitm', undefined)))!;
    expect(cut.ids).toEqual(['cut-0', 'cut-1', 'cut-2', 'cut-3']);
    expect(cut.truncated).toBe(true);
    // the rest of the record arrives (a dump still being written)
    appendFileSync(path, whole.subarray(whole.length - 50));
    const delta = (await collect(await store.answer('cutmitm', cut.cursor!)))!;
    expect(delta.since).toBe(cut.cursor);
    expect(delta.ids).toEqual(['cut-4']);
    expect(delta.truncated).toBe(false);
    expect(store.generationCount).toBe(1);
  });

  it('keeps the flows before damaged bytes and says the capture is truncated', async () => {
    const store = new CaptureStore(t.dataDir);
    writeFileSync(store.mitmPath('damaged'), Buffer.concat([mitmFlows('d', 3), Buffer.from('x:')]));
    const answer = (await collect(await store.answer('damaged', undefined)))!;
    expect(answer.ids).toEqual(['d-0', 'd-1', 'd-2']);
    expect(answer.truncated).toBe(true);
    expect(answer.cursor).not.toBeNull();
  });

  it('keeps at most maxFlows flows per file and says so', async () => {
    const store = new CaptureStore(t.dataDir, Infinity, 3);
    writeFileSync(store.mitmPath('capped'), mitmFlows('c', 5));
    const mitm = (await collect(await store.answer('capped', undefined)))!;
    expect(mitm.ids).toEqual(['c-0', 'c-1', 'c-2']);
    expect(mitm.truncated).toBe(true);
    store.create('capjsonl');
    for (let i = 0; i < 5; i++) store.append('capjsonl', { id: `j${i}` } as Flow);
    store.flush('capjsonl');
    expect(readFileSync(store.jsonlPath('capjsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
    const jsonl = (await collect(await store.answer('capjsonl', undefined)))!;
    expect(jsonl.ids).toEqual(['j0', 'j1', 'j2']);
    expect(jsonl.truncated).toBe(true);
  });
});

describe('streaming a cold capture', () => {
  const t = testRuntime();
  afterAll(() => t.cleanup());
  const big = mitmFlows('big', 12_000);

  it('hands out the first flows while the parse is still running, and parses once for two readers', async () => {
    const store = new CaptureStore(t.dataDir);
    writeFileSync(store.mitmPath('big'), big);
    const first = (await store.answer('big', undefined))!;
    const second = (await store.answer('big', undefined))!;
    const iterator = first.batches[Symbol.asyncIterator]();
    let batch = await iterator.next();
    while (!batch.done && batch.value.length === 0) batch = await iterator.next();
    expect(batch.value!.length).toBeGreaterThan(0);
    expect(Buffer.from(batch.value![0]).toString('utf8')).toMatch(/^,\{.*"id":"big-0"/);
    // the first flows are out; most of the file is not parsed yet
    expect(store.reading('big')).toBe(true);
    const chunks: Uint8Array[] = [...batch.value!];
    for (batch = await iterator.next(); !batch.done; batch = await iterator.next())
      chunks.push(...batch.value);
    const text = Buffer.concat(chunks).toString('utf8');
    const ids = (JSON.parse(`[${text.slice(1)}]`) as Flow[]).map((f) => f.id);
    expect(ids).toHaveLength(12_000);
    expect(new Set(ids).size).toBe(12_000);
    expect(ids[11_999]).toBe('big-11999');
    const other = (await collect(second))!;
    expect(other.ids).toEqual(ids);
    expect(other.cursor).toBe(first.end().cursor);
    expect(store.reading('big')).toBe(false);
    expect(store.generationCount).toBe(1);
  });

  it('streams summary rows of a cold .mitm while it is indexed, each the row its whole flow gives', async () => {
    const store = new CaptureStore(t.dataDir);
    const bytes = mitmFlows('rows', 12_000);
    writeFileSync(store.mitmPath('rows'), bytes);
    const answer = (await store.answer('rows', undefined, [], 'summary-rows'))!;
    const chunks: Uint8Array[] = [];
    let sentWhileIndexing = 0;
    for await (const batch of answer.batches) {
      for (const chunk of batch) {
        chunks.push(chunk);
        if (store.reading('rows')) sentWhileIndexing += chunk.length;
      }
    }
    const text = Buffer.concat(chunks).toString('utf8');
    // rows went out as the index grew, not after it
    expect(sentWhileIndexing).toBeGreaterThan(0);
    expect(sentWhileIndexing).toBeLessThan(text.length);
    const expected = parseMitmFile(bytes, { bodySizesOnly: true }).flows.map(
      (flow) => ',' + JSON.stringify(summaryRowOrObject(flow)) + '\n',
    );
    expect(expected).toHaveLength(12_000);
    expect(text).toBe(expected.join(''));
  });
});

describe('records larger than a read', () => {
  const t = testRuntime();
  afterAll(() => t.cleanup());

  it('indexes flows of megabytes between small ones, each the row its whole flow gives', async () => {
    const store = new CaptureStore(t.dataDir);
    const huge = (id: string, size: number) => {
      const state = readTnetstrings(mitmFlows(id, 1))[0] as TnetDict;
      const request = state.request as TnetDict;
      request.content = new Uint8Array(size).fill(0x61);
      state.id = id;
      return encodeTnetstring(state);
    };
    // 1 MB reads: a record of 5 MB is read again twice as far each time it is still cut
    const bytes = Buffer.concat([
      mitmFlows('a', 300),
      huge('huge-1', 5 << 20),
      mitmFlows('b', 300),
      huge('huge-2', (1 << 20) - 100),
      huge('huge-3', 3 << 20),
      mitmFlows('c', 10),
    ]);
    writeFileSync(store.mitmPath('huge'), bytes);
    const answer = (await store.answer('huge', undefined, [], 'summary-rows'))!;
    const chunks: Uint8Array[] = [];
    for await (const batch of answer.batches) chunks.push(...batch);
    const expected = parseMitmFile(bytes, { bodySizesOnly: true }).flows.map(
      (flow) => ',' + JSON.stringify(summaryRowOrObject(flow)) + '\n',
    );
    expect(expected).toHaveLength(613);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(expected.join(''));
    expect(answer.end().truncated).toBe(false);
  });
});

describe('live deltas (?since=)', () => {
  const t = testRuntime();
  afterAll(() => t.cleanup());
  const line = (id: string, ts: number) =>
    JSON.stringify({ id, type: 'http', timestamp_created: ts }) + '\n';

  it('jsonl: answers only the flows written after the cursor, whole answers in start order', async () => {
    const store = new CaptureStore(t.dataDir);
    store.create('inc');
    const empty = (await collect(await store.answer('inc', undefined)))!;
    expect(empty.ids).toEqual([]);
    appendFileSync(store.jsonlPath('inc'), line('a', 10) + line('c', 30));
    const one = (await collect(await store.answer('inc', empty.cursor!)))!;
    expect(one.since).toBe(empty.cursor);
    expect(one.ids).toEqual(['a', 'c']);
    // a flow that began earlier but ended later, and half of the next line
    appendFileSync(store.jsonlPath('inc'), line('b', 20) + '{"id":"d","type":"ht');
    const two = (await collect(await store.answer('inc', one.cursor!)))!;
    expect(two.ids).toEqual(['b']);
    expect(two.truncated).toBe(true);
    appendFileSync(store.jsonlPath('inc'), 'tp","timestamp_created":40}\n');
    const three = (await collect(await store.answer('inc', two.cursor!)))!;
    expect(three.ids).toEqual(['d']);
    const none = (await collect(await store.answer('inc', three.cursor!)))!;
    expect(none).toMatchObject({ ids: [], since: three.cursor, cursor: three.cursor });
    // the whole capture is in the order the flows began; a restarted server agrees
    expect((await collect(await store.answer('inc', undefined)))!.ids).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    const restarted = new CaptureStore(t.dataDir);
    const fresh = (await collect(await restarted.answer('inc', three.cursor!)))!;
    expect(fresh.since).toBeNull(); // another run's cursor: everything
    expect(fresh.ids.sort()).toEqual(['a', 'b', 'c', 'd']); // streamed as written
    expect((await collect(await restarted.answer('inc', undefined)))!.ids).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('two .mitm files growing at once: each file from its own position', async () => {
    const store = new CaptureStore(t.dataDir);
    const first = store.mitmPath('multi');
    const second = store.mitmPath('multi', 1);
    writeFileSync(first, mitmFlows('a', 2));
    writeFileSync(second, mitmFlows('b', 1));
    const start = (await collect(await store.answer('multi', undefined)))!;
    expect(start.ids.sort()).toEqual(['a-0', 'a-1', 'b-0']);
    expect(start.cursor).toMatch(/\.m-\d+-\d+\.m1-\d+-\d+$/);
    appendFileSync(second, mitmFlows('b', 2, 1));
    appendFileSync(first, mitmFlows('a', 1, 2));
    const delta = (await collect(await store.answer('multi', start.cursor!)))!;
    expect(delta.since).toBe(start.cursor);
    expect(delta.ids.sort()).toEqual(['a-2', 'b-1', 'b-2']);
    // a third file appears: all of it is new
    writeFileSync(store.mitmPath('multi', 2), mitmFlows('c', 1));
    appendFileSync(first, mitmFlows('a', 1, 3));
    const third = (await collect(await store.answer('multi', delta.cursor!)))!;
    expect(third.ids.sort()).toEqual(['a-3', 'c-0']);
    const all = (await collect(await store.answer('multi', undefined)))!;
    expect(all.ids).toHaveLength(8);
    expect(all.since).toBeNull();
  });

  it('answers the whole capture, without since, to an unknown, malformed or stale cursor', async () => {
    const store = new CaptureStore(t.dataDir);
    const path = store.mitmPath('stale');
    writeFileSync(path, mitmFlows('s', 3));
    const start = (await collect(await store.answer('stale', undefined)))!;
    for (const bogus of [
      '',
      'garbage',
      'v1.zzzz.m-1-5',
      `${start.cursor}.j-9-1`,
      start.cursor!.replace(/-\d+$/, '-999999999'),
    ]) {
      const whole = (await collect(await store.answer('stale', bogus)))!;
      expect(whole.since, bogus).toBeNull();
      expect(whole.ids, bogus).toEqual(['s-0', 's-1', 's-2']);
    }
    // replaced by another file (a new mitmdump run): the cursor is stale
    writeFileSync(`${path}.new`, mitmFlows('r', 4));
    renameSync(`${path}.new`, path);
    const replaced = (await collect(await store.answer('stale', start.cursor!)))!;
    expect(replaced.since).toBeNull();
    expect(replaced.ids).toEqual(['r-0', 'r-1', 'r-2', 'r-3']);
    // rewritten in place, longer than before: noticed by its bytes
    writeFileSync(path, mitmFlows('w', 6));
    const rewritten = (await collect(await store.answer('stale', replaced.cursor!)))!;
    expect(rewritten.since).toBeNull();
    expect(rewritten.ids).toHaveLength(6);
    expect(rewritten.ids[0]).toBe('w-0');
  });

  it('sends open flows in every answer, before the stored ones', async () => {
    const store = new CaptureStore(t.dataDir);
    store.create('open');
    appendFileSync(store.jsonlPath('open'), line('done', 1));
    const open = { id: 'ws', type: 'websocket', timestamp_created: 0 } as Flow;
    const whole = (await collect(await store.answer('open', undefined, [open])))!;
    expect(whole.ids).toEqual(['ws', 'done']);
    const delta = (await collect(await store.answer('open', whole.cursor!, [open])))!;
    expect(delta.ids).toEqual(['ws']);
    expect(await store.answer('no-file', undefined, [open])).not.toBeNull();
  });

  it('sends open flows as summary rows too, one a line, before the stored ones', async () => {
    const store = new CaptureStore(t.dataDir);
    const [stored, pending] = parseMitmFile(mitmFlows('row', 2)).flows as [Flow, Flow];
    writeFileSync(store.jsonlPath('openrows'), JSON.stringify(stored) + '\n');
    // the recorder's flow waiting for its response, and one of a shape no row fits
    const open = { ...pending, response: null };
    const odd = { id: 'ws', type: 'websocket', timestamp_created: 0 } as Flow;
    const answer = (await store.answer('openrows', undefined, [open, odd], 'summary-rows'))!;
    const chunks: Buffer[] = [];
    for await (const batch of answer.batches) for (const c of batch) chunks.push(Buffer.from(c));
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.split('\n')).toHaveLength(4); // three flows, each ending its line
    const sent = JSON.parse(`[${text.slice(1)}]`) as unknown[];
    expect(sent.map((f) => Array.isArray(f))).toEqual([true, false, true]);
    const reader = new SummaryRowReader(SUMMARY_ROW_FIELDS);
    const asJson = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
    expect(sent.map((f, i) => reader.decode(f, i))).toEqual(
      [open, odd, stored].map((f) => asJson(flowSummary(f))),
    );
  });

  it('never reads outside the captures folder', async () => {
    writeFileSync(join(t.dataDir, 'secret.jsonl'), line('x', 1));
    expect(await t.runtime.traffic('../secret')).toBeNull();
  });
});

describe.skipIf(!existsSync(MITMDUMP_PATH))('mitmdump mode', () => {
  const t = testRuntime({ captureMode: 'mitmdump' });
  afterAll(() => t.cleanup());

  it('fronts the service with mitmdump in the instance group and serves its capture', async () => {
    const { runtime } = t;
    runtime.start({
      instanceId: 'mm',
      challenge: runtime.catalog.get('DEMO-001')!,
      attachmentContext: attachmentContext(),
    });
    const ready = await t.settled('mm', 30_000);
    if (ready.kind !== 'ready') throw new Error(JSON.stringify(ready));
    const url = ready.surface[0]!.url!;
    expect((await fetch(`${url}binary`)).status).toBe(200);
    const read = async () => (await collect(await runtime.traffic('mm')))!;
    let answer = await read();
    const deadline = Date.now() + 10_000;
    while (answer.flows.length < 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      answer = await read();
    }
    expect((await fetch(`${url}missing`)).status).toBe(404);
    let delta = (await collect(await runtime.traffic('mm', answer.cursor!)))!;
    while (delta.flows.length < 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      delta = (await collect(await runtime.traffic('mm', answer.cursor!)))!;
    }
    expect(delta.since).toBe(answer.cursor);
    expect(delta.flows.map((f) => [f.request.path, f.response?.status_code])).toEqual([
      ['/missing', 404],
    ]);
    const flows = (await read()).flows;
    expect(flows.map((f) => [f.request.path, f.response?.status_code])).toEqual([
      ['/binary', 200],
      ['/missing', 404],
    ]);
    expect(flows[0]!.response!.content!.encoding).toBe('base64');
    const pgid = runtime.processGroupOf('mm')!;
    await runtime.stop('mm');
    // mitmdump ran as a grandchild: once its parent is gone, init reaps it
    expect(await waitGroupGone(pgid)).toBe(true);
  });
});

describe('FlowTexts', () => {
  it('packs texts with a leading comma in compressed blocks, and hands out runs and single texts whole', () => {
    const texts = new FlowTexts();
    const flows = Array.from({ length: 1_300 }, (_, i) =>
      JSON.stringify({ id: `f${i}`, note: 'é€😀'.repeat(i % 40), pad: 'x'.repeat((i % 97) * 50) }),
    );
    flows.push(JSON.stringify({ id: 'huge', data: 'y'.repeat(200_000) }));
    // as text or as its UTF-8 bytes: the same
    for (const [i, json] of flows.slice(0, 1_024).entries())
      if (i % 2 === 0) texts.add(json);
      else texts.addBytes(Buffer.from(json, 'utf8'));
    expect(texts.at(7).toString('utf8')).toBe(`,${flows[7]}`);
    // two full blocks, compressed: far less than their text
    const blocksText = flows
      .slice(0, 1_024)
      .map((f) => `,${f}`)
      .join('');
    expect(texts.bytes).toBeLessThan(Buffer.byteLength(blocksText) / 5);
    for (const json of flows.slice(1_024)) texts.add(json);
    expect(texts.length).toBe(1_301);
    const all = flows.map((f) => `,${f}`).join('');
    for (const i of [0, 7, 511, 512, 1023, 1024, 1299, 1300])
      expect(texts.at(i).toString('utf8')).toBe(`,${flows[i]}`);
    const runs = texts.runs(0, 1_301);
    expect(runs).toHaveLength(3); // one view per block: 512 + 512 + the open one
    expect(Buffer.concat(runs).toString('utf8')).toBe(all);
    expect(Buffer.concat(texts.runs(510, 515)).toString('utf8')).toBe(
      flows
        .slice(510, 515)
        .map((f) => `,${f}`)
        .join(''),
    );
    // a view of the open block does not change when more texts are added
    const open = texts.at(1300);
    for (let i = 0; i < 600; i++) texts.add(JSON.stringify({ id: `more${i}` }));
    expect(open.toString('utf8')).toBe(`,${flows[1300]}`);
    expect(texts.at(1300).toString('utf8')).toBe(`,${flows[1300]}`);
    expect(texts.at(1900).toString('utf8')).toBe(`,${JSON.stringify({ id: 'more599' })}`);
  });
});

describe('the cache budget', () => {
  const t = testRuntime();
  afterAll(() => t.cleanup());

  it('forgets the least recently used capture past the budget, and reads it again when asked', async () => {
    const store = new CaptureStore(t.dataDir, Infinity, Infinity, 1);
    writeFileSync(store.mitmPath('lru1'), mitmFlows('one', 3));
    writeFileSync(store.mitmPath('lru2'), mitmFlows('two', 3));
    const one = (await collect(await store.answer('lru1', undefined)))!;
    expect((await collect(await store.answer('lru1', one.cursor!)))!.since).toBe(one.cursor);
    expect(store.generationCount).toBe(1);
    await collect(await store.answer('lru2', undefined)); // lru1 is forgotten
    expect(store.generationCount).toBe(2);
    const again = (await collect(await store.answer('lru1', one.cursor!)))!;
    expect(again.since).toBeNull(); // read anew: the whole capture
    expect(again.ids).toEqual(['one-0', 'one-1', 'one-2']);
    expect(store.generationCount).toBe(3);
  });
});

describe('the index: flows stay in the file', () => {
  const t = testRuntime();
  afterAll(() => t.cleanup());

  /** `count` recorder flows with text bodies of 1–4 KB */
  function bigFlows(prefix: string, count: number): Flow[] {
    const [template] = parseMitmFile(readFileSync(FIXTURE)).flows;
    return Array.from({ length: count }, (_, i) => ({
      ...template!,
      id: `${prefix}-${i}`,
      timestamp_created: 1_800_000_000 + i,
      request: { ...template!.request, path: `/r/${i}` },
      response: {
        ...template!.response!,
        headers: [['Content-Type', 'text/html; charset=utf-8']],
        content: { encoding: 'utf-8', data: `<p>${i}</p>`.padEnd(1024 + (i % 3072), 'x'), size: 0 },
      },
    }));
  }

  it('keeps a summary and offsets per flow, not the flow, and reads flows back whole', async () => {
    const store = new CaptureStore(t.dataDir);
    const flows = bigFlows('held', 2_000);
    writeFileSync(store.jsonlPath('held'), flows.map((f) => JSON.stringify(f)).join('\n') + '\n');
    const whole = (await collect(await store.answer('held', undefined)))!;
    expect(whole.flows).toEqual(flows);
    const fileBytes = readFileSync(store.jsonlPath('held')).length;
    expect(fileBytes).toBeGreaterThan(2_000 * 1_024);
    // the index holds a small part of the file (the old cache held all of it)
    expect(store.heldBytes).toBeLessThan(fileBytes / 2);
    expect(await store.flow('held', 'held-1234')).toEqual(flows[1234]);
    expect(await store.flow('held', 'nope')).toBeNull();
  });

  it('answers summaries: the flow without bodies, headers cut to Content-Type', async () => {
    const store = new CaptureStore(t.dataDir);
    copyFileSync(FIXTURE, store.mitmPath('sums'));
    const full = (await collect(await store.answer('sums', undefined)))!;
    const answer = (await store.answer('sums', undefined, [], 'summary'))!;
    expect(answer.view).toBe('summary');
    const sums = (await collect(answer))!;
    expect(sums.ids).toEqual(full.ids);
    expect(sums.cursor).toBe(full.cursor);
    for (const [i, sum] of sums.flows.entries()) {
      const flow = full.flows[i]!;
      expect(sum.request.path).toBe(flow.request.path);
      expect(sum.response?.status_code).toBe(flow.response?.status_code);
      expect(sum.request.content?.data ?? '').toBe('');
      expect(sum.response?.content?.size).toBe(flow.response?.content?.size);
      expect(sum.response?.headers.map(([name]) => name.toLowerCase())).toEqual(
        flow.response?.headers
          .filter(([name]) => name.toLowerCase() === 'content-type')
          .map(([name]) => name.toLowerCase()),
      );
    }
    expect(await store.flow('sums', full.ids[3]!)).toEqual(full.flows[3]);
  });

  it('a recorder file growing while read: summaries and whole flows follow it alike, by cursor', async () => {
    const store = new CaptureStore(t.dataDir);
    store.create('grow');
    const flows = bigFlows('grow', 30);
    for (const flow of flows.slice(0, 10)) store.append('grow', flow);
    store.flush('grow');
    const whole = (await collect(await store.answer('grow', undefined)))!;
    const sums = (await collect(await store.answer('grow', undefined, [], 'summary')))!;
    expect(sums.ids).toEqual(whole.ids);
    expect(sums.cursor).toBe(whole.cursor);
    for (const flow of flows.slice(10)) store.append('grow', flow);
    store.flush('grow');
    const wholeDelta = (await collect(await store.answer('grow', whole.cursor!)))!;
    const sumDelta = (await collect(await store.answer('grow', sums.cursor!, [], 'summary')))!;
    expect(wholeDelta.since).toBe(whole.cursor);
    expect(wholeDelta.flows).toEqual(flows.slice(10));
    expect(sumDelta.ids).toEqual(wholeDelta.ids);
    expect(sumDelta.cursor).toBe(wholeDelta.cursor);
    expect(await store.flow('grow', 'grow-29')).toEqual(flows[29]);
  });

  it('indexes recorded flows as they are written, before any answer asks', async () => {
    const store = new CaptureStore(t.dataDir);
    store.create('rec');
    const flows = bigFlows('rec', 5);
    store.append('rec', flows[0]!);
    store.flush('rec');
    expect(await store.read('rec')).toEqual([flows[0]]);
    const generations = store.generationCount;
    for (const flow of flows.slice(1)) store.append('rec', flow);
    store.flush('rec');
    // no answer asks: the flush itself reads on (wait for that state, up to 10 s)
    for (const end = Date.now() + 10_000; Date.now() < end;) {
      if (store.heldFlows === 5 && !store.reading('rec')) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(store.heldFlows).toBe(5);
    expect(store.generationCount).toBe(generations);
    expect(await store.read('rec')).toEqual(flows);
  });

  it('a file rewritten under the index ends the answer as truncated, never with wrong flows', async () => {
    const store = new CaptureStore(t.dataDir);
    const path = store.mitmPath('swap');
    writeFileSync(path, mitmFlows('swap', 6));
    expect((await store.read('swap'))!).toHaveLength(6);
    const answer = (await store.answer('swap', undefined))!;
    renameSync(path, `${path}.old`);
    writeFileSync(path, mitmFlows('other', 6));
    await expect(flowsOf(answer)).rejects.toThrow(/changed while it was read/);
  });
});
