/**
 * Live: a capture file written while the store reads and indexes it (the
 * recorder or mitmdump still running). Bytes arrive in pieces cut anywhere
 * (mid-record, mid-length-prefix, mid-line); answers follow with `?since=`
 * cursors, whole and as summaries. Whatever the cuts, every flow is served
 * exactly once, whole and equal to the flow written, and a record not yet
 * complete is never served.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/schemas';
import { parseMitmFile } from '../../shared/capture/mitm';
import { flowSummary } from '../../shared/capture/summary';
import { SUMMARY_ROW_FIELDS, SummaryRowReader } from '../../shared/capture/summaryRows';
import { mitmFlows } from '../test/captureFiles';
import { idHash } from '../../shared/capture/idHash';
import { CaptureStore, flowsOf } from './captures';
import { testRuntime } from './testkit';
import type { TrafficAnswer } from './types';

/** A small seeded generator: the same cuts on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Summary rows as the viewer's reader turns them back into summaries; each
 * must be a row (these flows all fit one), not a summary object sent instead.
 */
function fromRows(rows: unknown[]): unknown[] {
  const reader = new SummaryRowReader(SUMMARY_ROW_FIELDS);
  expect(rows.every((row) => Array.isArray(row))).toBe(true);
  return rows.map((row, i) => reader.decode(row, i));
}

/** What a summary says, as JSON carries it. */
const summaryJson = (flow: Flow) => JSON.parse(JSON.stringify(flowSummary(flow))) as unknown;

/** Flows of an answer, with its cursor and truncated flag. */
async function drain(answer: TrafficAnswer | null) {
  expect(answer).not.toBeNull();
  const flows = (await flowsOf(answer))!;
  return { flows, ...answer!.end() };
}

/** Byte offsets where each record of `bytes` ends (one flow per record, as written). */
function recordEnds(records: Buffer[]): number[] {
  const ends: number[] = [];
  let at = 0;
  for (const record of records) ends.push((at += record.length));
  return ends;
}

interface Follower {
  cursor: string | undefined;
  ids: string[];
  flows: Flow[];
}

/**
 * Writes `file` in random pieces; after each, a whole and a summary client
 * each ask for what is new since their cursor. Checks, every time, that
 * each has exactly the flows whose records are complete (no loss, no
 * duplicate, none cut), and that an answer ending mid-record says truncated.
 */
async function followWrites(
  store: CaptureStore,
  id: string,
  path: string,
  records: Buffer[],
  expected: Flow[],
  random: () => number,
) {
  const bytes = Buffer.concat(records);
  const ends = recordEnds(records);
  const whole: Follower = { cursor: undefined, ids: [], flows: [] };
  const sums: Follower = { cursor: undefined, ids: [], flows: [] };
  const rows: Follower = { cursor: undefined, ids: [], flows: [] };
  writeFileSync(path, '');
  let written = 0;
  let cutAnswers = 0;
  while (written < bytes.length) {
    // pieces of 1 byte to ~1.5 records: cuts fall inside prefixes, payloads and type bytes
    const piece = 1 + Math.floor(random() * random() * records[0]!.length * 1.5);
    const next = Math.min(bytes.length, written + piece);
    appendFileSync(path, bytes.subarray(written, next));
    written = next;
    const complete = ends.filter((end) => end <= written).length;
    for (const [client, view] of [
      [whole, 'full'],
      [sums, 'summary'],
      [rows, 'summary-rows'],
    ] as const) {
      const answer = await drain(await store.answer(id, client.cursor, [], view));
      client.cursor = answer.cursor!;
      expect(client.cursor).toBeTruthy();
      if (view === 'summary-rows') answer.flows = fromRows(answer.flows) as Flow[];
      client.flows.push(...answer.flows);
      client.ids.push(...answer.flows.map((f) => f.id));
      // exactly the complete records, once each, in order
      expect(client.ids).toEqual(expected.slice(0, complete).map((f) => f.id));
      const midRecord = !ends.includes(written);
      expect(answer.truncated).toBe(midRecord);
      if (midRecord) cutAnswers++;
    }
    const pending = expected[complete];
    if (pending) expect(await store.flow(id, pending.id)).toBeNull();
  }
  expect(cutAnswers).toBeGreaterThan(5); // the cuts did fall inside records
  // whole flows equal the flows written; summaries are their summaries
  expect(whole.flows).toEqual(expected);
  expect(sums.flows).toEqual(expected.map(summaryJson));
  // summary rows follow the same cursors and give back the very summaries
  expect(rows.flows).toEqual(sums.flows);
  return { whole, sums };
}

describe('Live: a capture written while it is read', () => {
  const t = testRuntime();
  afterAll(() => t.cleanup());

  it('.mitm appended in pieces cut anywhere: every flow once, whole, never a cut record', async () => {
    const store = new CaptureStore(t.dataDir);
    const records = Array.from({ length: 40 }, (_, i) => mitmFlows('live', 1, i));
    const expected = parseMitmFile(Buffer.concat(records)).flows;
    expect(expected).toHaveLength(40);
    await followWrites(store, 'livemitm', store.mitmPath('livemitm'), records, expected, seeded(7));
    expect(store.generationCount).toBe(1); // read on, never from the start again
  });

  it('.jsonl appended in pieces cut mid-line: every flow once, whole, never a cut line', async () => {
    const store = new CaptureStore(t.dataDir);
    const expected = parseMitmFile(mitmFlows('line', 40)).flows;
    const records = expected.map((flow) => Buffer.from(JSON.stringify(flow) + '\n'));
    await followWrites(
      store,
      'livejsonl',
      store.jsonlPath('livejsonl'),
      records,
      expected,
      seeded(11),
    );
    expect(store.generationCount).toBe(1);
  });

  it('an answer streaming a cold parse while the file grows: then the cursor gives the rest exactly', async () => {
    const store = new CaptureStore(t.dataDir);
    const path = store.mitmPath('livecold');
    const first = mitmFlows('cold', 3_000);
    const rest = mitmFlows('cold', 1_000, 3_000);
    const expected = parseMitmFile(Buffer.concat([first, rest])).flows;
    writeFileSync(path, first);
    const answer = (await store.answer('livecold', undefined, [], 'summary'))!;
    const seen: string[] = [];
    let grown = false;
    for await (const batch of answer.batches) {
      const text = Buffer.concat(batch).toString('utf8');
      if (text) seen.push(...(JSON.parse(`[${text.slice(1)}]`) as Flow[]).map((f) => f.id));
      if (!grown && seen.length > 0) {
        // the rest arrives, cut mid-record, while the first answer is still streaming
        appendFileSync(path, rest.subarray(0, 777));
        appendFileSync(path, rest.subarray(777));
        grown = true;
      }
    }
    expect(grown).toBe(true);
    const end = answer.end();
    expect(end.cursor).toBeTruthy();
    // what the first answer sent is a prefix of the capture, each flow once
    expect(seen.length).toBeGreaterThanOrEqual(3_000);
    expect(seen).toEqual(expected.slice(0, seen.length).map((f) => f.id));
    const after = await drain(await store.answer('livecold', end.cursor!));
    expect([...seen, ...after.flows.map((f) => f.id)]).toEqual(expected.map((f) => f.id));
    expect(after.flows).toEqual(expected.slice(seen.length));
    expect(after.truncated).toBe(false);
    expect(await store.flow('livecold', 'cold-3999')).toEqual(expected[3_999]);
  });
});

describe('the index at size', () => {
  const t = testRuntime();
  afterAll(() => t.cleanup());

  it('finds a flow by id when another id has the same hash, and never answers the wrong one', async () => {
    // two ids with the same 32-bit hash (found by the birthday paradox in ~100k tries)
    const seen = new Map<number, string>();
    let pair: [string, string] | null = null;
    for (let i = 0; !pair; i++) {
      const id = `id-${i}`;
      const other = seen.get(idHash(id));
      if (other !== undefined) pair = [other, id];
      else seen.set(idHash(id), id);
    }
    const store = new CaptureStore(t.dataDir);
    const flows = parseMitmFile(mitmFlows('h', 3)).flows;
    const lines = [
      { ...flows[0]!, id: pair[0] },
      { ...flows[1]!, id: pair[1] },
      { ...flows[2]!, id: 'plain' },
    ];
    writeFileSync(store.jsonlPath('hashes'), lines.map((f) => JSON.stringify(f)).join('\n') + '\n');
    expect(await store.flow('hashes', pair[0])).toEqual(lines[0]);
    expect(await store.flow('hashes', pair[1])).toEqual(lines[1]);
    expect(await store.flow('hashes', 'plain')).toEqual(lines[2]);
    expect(await store.flow('hashes', 'nope')).toBeNull();
  });

  it('indexes a .mitm from body sizes alone: the summaries equal those of the whole flows', async () => {
    const store = new CaptureStore(t.dataDir, 100);
    const bytes = mitmFlows('sz', 30);
    writeFileSync(store.mitmPath('sizes'), bytes);
    const whole = parseMitmFile(bytes, { maxBodyBytes: 100 }).flows;
    // some bodies are cut by the 100-byte limit: the summary says so too
    expect(whole.some((f) => f.response?.content?.truncated)).toBe(true);
    const sums = await drain(await store.answer('sizes', undefined, [], 'summary'));
    expect(sums.flows).toEqual(whole.map(summaryJson));
    const rows = await drain(await store.answer('sizes', undefined, [], 'summary-rows'));
    expect(fromRows(rows.flows)).toEqual(sums.flows);
  });
});
