/**
 * The views kept on the page: a query asked again shows its rows at once,
 * only over the very rows it was answered for. The session tests run the
 * real worker core in this thread (`InThreadWorker`): messages cross
 * asynchronously, so a view present right after `setFilter` did not come
 * from the worker.
 */
import { describe, expect, it } from 'vitest';
import { makeFlow } from '@shared/capture/testFlows';
import { TrafficSession } from './session';
import { InThreadWorker, until } from './testSession';
import { ViewCache, VIEW_INDICES_KEPT, VIEWS_KEPT } from './viewCache';
import type { SortSpec } from './worker/rows';

const BY_TIME: SortSpec = { key: 'time', descending: false };
const view = (...indices: number[]) => Int32Array.from(indices);

describe('ViewCache', () => {
  it('gives back a view for the same query over the same rows only', () => {
    const cache = new ViewCache();
    cache.put({ filter: '~m POST', sort: BY_TIME, range: null }, 3, view(2, 0), 5);
    expect(cache.get({ filter: '~m POST', sort: BY_TIME, range: null }, 3)).toEqual({
      view: view(2, 0),
      total: 5,
    });
    // another filter, sort or range is another view
    expect(cache.get({ filter: '~m GET', sort: BY_TIME, range: null }, 3)).toBeUndefined();
    expect(
      cache.get({ filter: '~m POST', sort: { key: 'time', descending: true }, range: null }, 3),
    ).toBeUndefined();
    expect(
      cache.get({ filter: '~m POST', sort: BY_TIME, range: { from: 0, to: 1 } }, 3),
    ).toBeUndefined();
    // rows changed since (a live flow, a response): stale, and dropped
    expect(cache.get({ filter: '~m POST', sort: BY_TIME, range: null }, 4)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps the latest views within its bounds, and none of older rows', () => {
    const cache = new ViewCache();
    const q = (filter: string) => ({ filter, sort: BY_TIME, range: null });
    for (let i = 0; i <= VIEWS_KEPT; i++) cache.put(q(`f${i}`), 1, view(i), 10);
    expect(cache.size).toBe(VIEWS_KEPT);
    expect(cache.get(q('f0'), 1)).toBeUndefined(); // the least recently used went
    expect(cache.get(q(`f${VIEWS_KEPT}`), 1)?.view).toEqual(view(VIEWS_KEPT));
    // a view too big to keep is not kept, and the others stay
    cache.put(q('huge'), 1, new Int32Array(VIEW_INDICES_KEPT + 1), VIEW_INDICES_KEPT + 1);
    expect(cache.get(q('huge'), 1)).toBeUndefined();
    expect(cache.size).toBe(VIEWS_KEPT);
    // a view of newer rows: the views of older rows go
    cache.put(q('new'), 2, view(1), 10);
    expect(cache.size).toBe(1);
    cache.clear();
    expect(cache.get(q('new'), 2)).toBeUndefined();
  });
});

const documentBytes = (flows: ReturnType<typeof makeFlow>[], cursor: string) =>
  new TextEncoder().encode(
    JSON.stringify({ format: 'ctfy-traffic/1', instance_id: 'i1', flows, cursor }),
  );

const capture = (from: number, count: number) =>
  Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return makeFlow({
      id: `f-${i}`,
      time: 1_800_000_000 + i,
      method: i % 3 === 0 ? 'POST' : 'GET',
      path: i % 5 === 0 ? `/flag-${i}` : `/p/${i}`,
    });
  });

const ids = (session: TrafficSession) => {
  const { view, rows } = session.getSnapshot();
  return Array.from(view ?? [], (i) => rows[i]!.id);
};

async function loaded(flows: ReturnType<typeof makeFlow>[]) {
  const session = new TrafficSession({}, () => new InThreadWorker() as unknown as Worker);
  session.warmUp();
  await session.loadStream(async (onChunk) => onChunk(documentBytes(flows, 'k1')), false);
  await until(session, () => session.getSnapshot().view?.length === flows.length);
  return session;
}

describe('TrafficSession: a query asked again', () => {
  it('shows its rows in the same task (the filter cleared, a letter taken back, a sort)', async () => {
    const session = await loaded(capture(0, 30));
    const all = ids(session);
    expect(all).toHaveLength(30);

    session.setFilter('~m POST');
    // the worker answers later: the list still shows every flow
    expect(session.getSnapshot().viewFilter).toBe('');
    await until(session, () => session.getSnapshot().viewFilter === '~m POST');
    const posts = ids(session);
    expect(posts).toHaveLength(10);

    // cleared: every flow at once, in the same order, before the worker answered
    session.setFilter('');
    expect(session.getSnapshot().viewFilter).toBe('');
    expect(ids(session)).toEqual(all);
    // and again: the filter typed back
    session.setFilter('~m POST');
    expect(session.getSnapshot().viewFilter).toBe('~m POST');
    expect(ids(session)).toEqual(posts);

    // a sort seen before, too (the newest first, then back)
    session.setSort({ key: 'time', descending: true });
    await until(session, () => ids(session)[0] === 'f-27');
    session.setSort(BY_TIME);
    expect(ids(session)).toEqual(posts);
    session.dispose();
  });

  it('keeps no view shown while its answer is still coming (partial)', async () => {
    const worker = new InThreadWorker();
    const session = new TrafficSession({}, () => worker as unknown as Worker);
    session.warmUp();
    await session.loadStream(
      async (onChunk) => onChunk(documentBytes(capture(0, 30), 'k1')),
      false,
    );
    await until(session, () => session.getSnapshot().view?.length === 30);
    session.setFilter('~m PUT');
    // the worker stops answering; a first part of the answer is shown
    worker.terminate();
    const seq = (session as unknown as { seq: number }).seq;
    worker.onmessage?.({
      data: {
        type: 'view',
        seq,
        indices: Int32Array.of(1),
        total: 30,
        error: null,
        filter: '~m PUT',
        workerMs: 0,
        partial: true,
      },
    } as MessageEvent);
    expect(ids(session)).toEqual(['f-1']);
    session.setFilter('');
    expect(ids(session)).toHaveLength(30);
    // asked again: the part is not shown as the answer (the list waits for the worker)
    session.setFilter('~m PUT');
    expect(ids(session)).toHaveLength(30);
    expect(session.getSnapshot().viewFilter).toBe('');
    session.dispose();
  });

  it('a Live refresh that brings nothing keeps them', async () => {
    const session = await loaded(capture(0, 30));
    session.setFilter('~m POST');
    await until(session, () => session.getSnapshot().viewFilter === '~m POST');
    const version = session.getSnapshot().rowsVersion;
    // the same flows again, unchanged (what a Live poll of a quiet capture reads)
    await session.loadStream(async (onChunk) => onChunk(documentBytes(capture(25, 5), 'k2')), true);
    await until(session, () => session.getSnapshot().rowsVersion > version);
    session.setFilter('');
    expect(session.getSnapshot().viewFilter).toBe('');
    expect(ids(session)).toHaveLength(30);
    session.dispose();
  });

  it('a live flow arriving, or a new flag pattern, makes the kept views stale', async () => {
    const session = await loaded(capture(0, 30));
    session.setFilter('~m POST');
    await until(session, () => session.getSnapshot().viewFilter === '~m POST');

    // a live refresh brings two flows (f-30 is a POST)
    await session.loadStream(async (onChunk) => onChunk(documentBytes(capture(30, 2), 'k2')), true);
    await until(session, () => ids(session).length === 11);

    // the view of '' kept from before lacks the new flows: not shown, the worker's answer is
    session.setFilter('');
    expect(session.getSnapshot().viewFilter).toBe('~m POST');
    await until(session, () => session.getSnapshot().viewFilter === '');
    expect(ids(session)).toHaveLength(32);
    expect(ids(session).slice(-2)).toEqual(['f-30', 'f-31']);

    // `~flag` answered under one pattern is not shown under another
    session.setFilter('~flag');
    await until(session, () => session.getSnapshot().viewFilter === '~flag');
    session.setFilter('');
    await until(session, () => session.getSnapshot().viewFilter === '');
    session.setFlagPattern('p/1\\d');
    session.setFilter('~flag');
    expect(session.getSnapshot().viewFilter).toBe('');
    session.dispose();
  });
});
