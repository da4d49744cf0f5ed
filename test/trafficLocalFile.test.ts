/**
 * A mitmproxy dump opened as a local file, through the viewer's real path
 * (session → worker core → store, `File` → `Blob.slice`): the worker keeps
 * each flow's summary and record range, and reads flows again from the
 * file when they are opened or their bodies are needed. Everything must be
 * what the whole flows give (the worker held them all before: `streamDump`
 * into a `TrafficStore`), and no body or header may be held before it is
 * asked for. Lives in test/ (Node) because a `Blob` crosses to the worker
 * by structured clone, which jsdom's Blob cannot.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { flowsToHar } from '../shared/capture';
import { contentDecode, loadBrotli } from '../shared/capture/contentDecode';
import { FILTER_EXPRESSIONS, filterCapture } from '../server/test/captureFiles';
import { DEFAULT_SORT, TrafficSession } from '../src/features/traffic/session';
import { filtered, InThreadWorker, until } from '../src/features/traffic/testSession';
import { TrafficWorkerCore } from '../src/features/traffic/worker/core';
import { streamDump } from '../src/features/traffic/worker/fileStream';
import type { FromWorker } from '../src/features/traffic/worker/protocol';
import { TrafficStore } from '../src/features/traffic/worker/store';

let bytes: Buffer;
const FLOWS = 62;

/** What the worker held before: every flow whole, read by `streamDump`. */
async function wholeStore(): Promise<TrafficStore> {
  const store = new TrafficStore();
  const flows = streamDump(new Blob([new Uint8Array(bytes)]));
  for (let step = await flows.next(); !step.done; step = await flows.next())
    store.ingest(step.value, 0, step.value.length);
  return store;
}

/** The ids of the flows a store's view shows for `filter`. */
function storeIds(store: TrafficStore, filter: string): string[] {
  store.setFilter(filter);
  return Array.from(store.view().indices, (i) => store.flows[i]!.id);
}

/** Counts the bytes read from any Blob (the worker's copy of the file too). */
function countReads() {
  const read = { bytes: 0 };
  const slice = Blob.prototype.slice;
  vi.spyOn(Blob.prototype, 'slice').mockImplementation(function (this: Blob, start, end, type) {
    const part = slice.call(this, start, end, type);
    read.bytes += part.size;
    return part;
  });
  return read;
}

/** The file opened as the page opens it (`/traffic/open`), read to its end. */
async function openLocal() {
  let worker: InThreadWorker | null = null;
  const session = new TrafficSession({}, () => {
    worker = new InThreadWorker();
    return worker as unknown as Worker;
  });
  const states: string[] = [];
  session.subscribe(() => {
    const w = session.getSnapshot().wholeFlows;
    const said = w.state === 'loading' ? `loading ${w.flows?.total}` : w.state;
    if (states.at(-1) !== said) states.push(said);
  });
  session.loadFile(new Blob([new Uint8Array(bytes)]), 'capture.mitm');
  await until(session, () => {
    const s = session.getSnapshot();
    return s.capture.kind === 'ready' && !s.loadingMore && s.view?.length === FLOWS;
  });
  return { session, store: worker!.core.store, states };
}

beforeAll(async () => {
  bytes = filterCapture();
  await loadBrotli();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('a dump opened as a local file', () => {
  it('lists the same rows while holding no body or header, and reads an opened flow back from its record', async () => {
    const whole = await wholeStore();
    const read = countReads();
    const { session, store } = await openLocal();
    expect(session.getSnapshot().rows).toEqual(whole.rows);
    expect(session.getSnapshot().warnings).toEqual([]);
    // the file was read once; every flow is held as a summary
    expect(read.bytes).toBeLessThan(bytes.length * 1.01);
    expect(store.summaryCount).toBe(FLOWS);
    const held = JSON.stringify(store.flows);
    for (const secret of ['hunter2', 'x-dup', 'set-cookie', 'alice'])
      expect(held).not.toContain(secret);
    for (const flow of store.flows) {
      expect(flow.request.content?.data ?? '').toBe('');
      expect(flow.response?.content?.data ?? '').toBe('');
    }

    // opening a flow reads its record only, and gives what the whole flow gives
    read.bytes = 0;
    const header = whole.rows.findIndex((r) => r.id === 'p-header');
    expect(await session.details(header)).toEqual(whole.details(header));
    expect(read.bytes).toBeGreaterThan(0);
    expect(read.bytes).toBeLessThan(bytes.length / 20);
    expect(store.summaryCount).toBe(FLOWS); // kept among the opened ones, not in the list
    for (let i = 0; i < FLOWS; i++) expect(await session.details(i)).toEqual(whole.details(i));
    session.dispose();
  });

  it('filters over bodies, headers and flags, the Flags panel and HAR give what the whole flows give', async () => {
    const whole = await wholeStore();
    const { session, store, states } = await openLocal();

    // HAR of three selected flows, in the view's order (not the file's), reads
    // those records and keeps none of them: the flows are still summaries
    const wholeHar = (flows: typeof whole.flows) =>
      JSON.stringify(flowsToHar(flows, { decodeContent: contentDecode }), null, 2);
    for (const picked of [Int32Array.of(1, 7, 60), Int32Array.of(60, 1, 7)]) {
      const har = await session.exportHar(picked);
      expect(har.count).toBe(3);
      expect(har.blob.type).toBe('application/json');
      expect(await har.blob.text()).toBe(wholeHar(whole.flowsAt(picked)));
    }
    expect(store.summaryCount).toBe(FLOWS);

    for (const filter of FILTER_EXPRESSIONS)
      expect(await filtered(session, filter), filter).toEqual(storeIds(whole, filter));
    // a body filter reads every record, telling the page how far it is, and keeps
    // only its answer: the flows are still summaries
    expect(states).toContain('loading 3');
    expect(states).toContain(`loading ${FLOWS}`);
    expect(store.summaryCount).toBe(FLOWS);
    expect(states.at(-1)).toBe('idle');
    expect(await filtered(session, '~flag')).toContain('p-flag');

    const flags = await session.flags();
    expect(flags.flags).toEqual(whole.flags().flags);
    expect(flags.flags.length).toBeGreaterThan(0);
    expect(flags.flags.some((f) => f.value === 'ctfy{s3rver_s1de_f1lter}')).toBe(true);
    // the Flags panel kept its answer, not the bodies
    expect(store.summaryCount).toBe(FLOWS);
    const all = await session.exportHar(null);
    expect(all.count).toBe(FLOWS);
    expect(await all.blob.text()).toBe(wholeHar(whole.flows));
    // nor did the export of every flow
    expect(store.summaryCount).toBe(FLOWS);
    session.dispose();
  });
});

/** A file whose reads wait at a gate the test opens, or fail. */
function gatedFile(data: Uint8Array<ArrayBuffer>) {
  const real = new Blob([data]);
  const gate = { closed: false, fail: false, waiting: 0, reads: 0, open: () => {} };
  let opened = Promise.resolve();
  const file = {
    size: real.size,
    slice(start?: number, end?: number) {
      const part = real.slice(start, end);
      return {
        size: part.size,
        arrayBuffer: async () => {
          gate.reads++;
          if (gate.closed) {
            gate.waiting++;
            await opened;
          }
          if (gate.fail) throw new Error('NotReadableError: the file could not be read');
          return part.arrayBuffer();
        },
      };
    },
  } as unknown as Blob;
  const close = () => {
    gate.closed = true;
    opened = new Promise((resolve) => {
      gate.open = () => {
        gate.closed = false;
        resolve();
      };
    });
  };
  return { file, gate, close };
}

/** The worker core alone, with what it posts and a way to wait for a message. */
function workerCore() {
  const posted: FromWorker[] = [];
  const waiters: { test: (m: FromWorker) => boolean; resolve: (m: FromWorker) => void }[] = [];
  const core = new TrafficWorkerCore((message) => {
    posted.push(message);
    for (const w of [...waiters])
      if (w.test(message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
  });
  const next = (test: (m: FromWorker) => boolean) =>
    new Promise<FromWorker>((resolve) => {
      const seen = posted.find(test);
      if (seen) resolve(seen);
      else waiters.push({ test, resolve });
    });
  const seq = { value: 0 };
  const query = (filter: string) => {
    const at = ++seq.value;
    core.handle({ type: 'query', seq: at, filter, sort: DEFAULT_SORT, range: null });
    return at;
  };
  return { core, posted, next, query, seq };
}

const isView = (seq: number) => (m: FromWorker) => m.type === 'view' && m.seq === seq;

describe('reading the bodies of a local dump for a filter', () => {
  it('stops when the filter changes to one that needs no body, and reads again when one does', async () => {
    const whole = await wholeStore();
    const { file, gate, close } = gatedFile(new Uint8Array(bytes));
    const { core, next, posted, query, seq } = workerCore();
    query('');
    core.handle({ type: 'load-file', loadId: 1, file, name: 'big.mitm' });
    await next((m) => m.type === 'rows' && m.done);

    close();
    const bodySeq = query('~b flag');
    await vi.waitFor(() => expect(gate.waiting).toBe(1));
    const plainSeq = query('~c 404');
    const plain = await next(isView(plainSeq));
    gate.open();
    await next((m) => m.type === 'whole-read' && m.state.state === 'idle');
    // nothing was read into the store, and the old filter got no answer
    expect(core.store.summaryCount).toBe(FLOWS);
    expect(posted.some(isView(bodySeq))).toBe(false);
    expect(
      plain.type === 'view' && Array.from(plain.indices ?? [], (i) => core.store.flows[i]!.id),
    ).toEqual(storeIds(whole, '~c 404'));

    const again = query('~b flag');
    const view = await next(isView(again));
    expect(
      view.type === 'view' && Array.from(view.indices ?? [], (i) => core.store.flows[i]!.id),
    ).toEqual(storeIds(whole, '~b flag'));
    // the answer was found a slice of records at a time: no body was kept
    expect(core.store.summaryCount).toBe(FLOWS);
    // and it is kept: another sort of the same filter reads nothing
    const reads = gate.reads;
    const sorted = ++seq.value;
    core.handle({
      type: 'query',
      seq: sorted,
      filter: '~b flag',
      sort: { key: 'time', descending: true },
      range: null,
    });
    const resorted = await next(isView(sorted));
    expect(resorted.type === 'view' && resorted.indices?.length).toBe(
      storeIds(whole, '~b flag').length,
    );
    expect(gate.reads).toBe(reads);
  });

  it('tells a failed read as the filter error and the status, and a second try reads the file again', async () => {
    const whole = await wholeStore();
    const { file, gate } = gatedFile(new Uint8Array(bytes));
    const { core, next, query } = workerCore();
    query('');
    core.handle({ type: 'load-file', loadId: 1, file, name: 'gone.mitm' });
    await next((m) => m.type === 'rows' && m.done);

    gate.fail = true;
    const failing = query('~hq hunter2');
    const view = await next(isView(failing));
    expect(view.type === 'view' && view.error?.message).toMatch(
      /The bodies could not be read: NotReadableError/,
    );
    const status = await next((m) => m.type === 'whole-read' && m.state.state === 'error');
    expect(status.type === 'whole-read' && status.state).toEqual({
      state: 'error',
      message: 'NotReadableError: the file could not be read',
    });
    // opening a flow fails the same way, as text
    const opened = next((m) => m.type === 'details-error');
    core.handle({ type: 'details', requestId: 9, index: 0 });
    const failed = await opened;
    expect(failed.type === 'details-error' && failed.message).toMatch(
      /could not be read from the file: NotReadableError/,
    );

    gate.fail = false;
    const retried = query('~hq hunter2');
    const ok = await next(isView(retried));
    expect(
      ok.type === 'view' && Array.from(ok.indices ?? [], (i) => core.store.flows[i]!.id),
    ).toEqual(storeIds(whole, '~hq hunter2'));
  });
});
